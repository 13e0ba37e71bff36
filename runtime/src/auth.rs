//! Authentication: a token provider gives the bearer token for each request.

use std::fmt;

use crate::error::BoxError;
use crate::transport::BoxFuture;

/// An OAuth access token. Its `Debug` output is redacted and it has no
/// `Display`, so it cannot end up in a log line or an error message by
/// accident; [`secret`](Self::secret) is the only way to read it.
///
/// ```
/// use graphgen_runtime::AccessToken;
///
/// let token = AccessToken::new("eyJ0eXAi.secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert_eq!(token.secret(), "eyJ0eXAi.secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wraps a token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    /// The token itself, for the `Authorization` header.
    pub fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

/// Gives the access token for a set of scopes (for Graph,
/// `https://graph.microsoft.com/.default`).
///
/// The client asks once per attempt, so a provider that caches and refreshes
/// tokens (MSAL-style) only needs to answer quickly from its cache. Errors
/// become [`Error::Auth`](crate::Error::Auth); nothing is sent then.
///
/// ```
/// use graphgen_runtime::{AccessToken, BoxError, BoxFuture, TokenProvider};
///
/// #[derive(Debug)]
/// struct FromEnv;
/// impl TokenProvider for FromEnv {
///     fn token<'a>(
///         &'a self,
///         _scopes: &'a [String],
///     ) -> BoxFuture<'a, Result<AccessToken, BoxError>> {
///         Box::pin(async {
///             let token = std::env::var("GRAPH_TOKEN")?;
///             Ok(AccessToken::new(token))
///         })
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync + fmt::Debug + 'static {
    /// The token to send for `scopes`.
    fn token<'a>(&'a self, scopes: &'a [String]) -> BoxFuture<'a, Result<AccessToken, BoxError>>;
}

/// A [`TokenProvider`] that always gives the same token, whatever the scopes
/// (a token obtained elsewhere, or a test server's).
#[derive(Clone, Debug)]
pub struct StaticToken {
    token: AccessToken,
}

impl StaticToken {
    /// A provider of `token`.
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: AccessToken::new(token),
        }
    }
}

impl TokenProvider for StaticToken {
    fn token<'a>(&'a self, _scopes: &'a [String]) -> BoxFuture<'a, Result<AccessToken, BoxError>> {
        let token = self.token.clone();
        Box::pin(async move { Ok(token) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_token_debug_is_redacted() {
        let p = StaticToken::new("s3cr3t-value");
        let shown = format!("{p:?} {p:#?}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
    }
}
