//! Sign-in with the Azure SDK's identity crates (feature `azure-identity`): any
//! [`TokenCredential`] as the client's [`TokenProvider`].

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use azure_core::credentials::TokenCredential;
use azure_core::time::OffsetDateTime;
use tokio::sync::Mutex;

use crate::auth::{AccessToken, TokenProvider};
use crate::client::{Client, ClientBuilder};
use crate::error::BoxError;
use crate::transport::BoxFuture;

/// How long before its expiry a cached token is fetched again, unless set with
/// [`AzureCredential::refresh_before`]: five minutes, as the Azure SDK's own
/// credentials do.
pub const DEFAULT_REFRESH_BEFORE: Duration = Duration::from_secs(300);

/// A [`TokenProvider`] backed by an Azure identity credential
/// ([`azure_core::credentials::TokenCredential`], implemented by `azure_identity`'s
/// `ClientSecretCredential`, `ClientCertificateCredential`,
/// `ManagedIdentityCredential`, `AzureCliCredential`, `WorkloadIdentityCredential`,
/// `DeveloperToolsCredential`, …).
///
/// It asks the credential for the client's scopes
/// (`https://graph.microsoft.com/.default` unless
/// [`ClientBuilder::scopes`] says otherwise; a national cloud's Graph, such as
/// `https://graph.microsoft.us/.default`, with its own
/// [`base_url`](ClientBuilder::base_url)) and keeps the token until
/// [`refresh_before`](Self::refresh_before) its expiry (five minutes by default).
/// Concurrent requests that find no valid token wait for one fetch. A credential's
/// error becomes [`Error::Auth`](crate::Error::Auth) with the credential's message, and
/// nothing is sent. Its `Debug` output shows the credential's own `Debug` (which names
/// no secret) and never a token.
///
/// # Examples
///
/// An application with a client secret; [`ClientBuilder::azure_credential`] is
/// `token_provider(AzureCredential::new(…))`:
///
/// ```no_run
/// use azure_identity::ClientSecretCredential;
/// use graphgen_runtime::{AzureCredential, Client, RequestTarget, decode};
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let credential = ClientSecretCredential::new(
///     "contoso.onmicrosoft.com",                     // tenant
///     "00000000-0000-0000-0000-000000000001".into(), // client (application) id
///     std::env::var("AZURE_CLIENT_SECRET")?.into(),
///     None,
/// )?;
/// let client = Client::builder("https://graph.microsoft.com/v1.0")
///     .azure_credential(credential)
///     .build()?;
/// let groups = RequestTarget::root(&client)
///     .segment("groups")
///     .call::<decode::List<serde_json::Value>>(http::Method::GET)
///     .await?;
/// println!("{} groups on the first page", groups.items.len());
///
/// // The same, spelled out, with a refresh ten minutes before expiry and the
/// // US Government cloud's Graph.
/// let credential = azure_identity::ManagedIdentityCredential::new(None)?;
/// let client = Client::builder("https://graph.microsoft.us/v1.0")
///     .scopes(["https://graph.microsoft.us/.default"])
///     .token_provider(
///         AzureCredential::new(credential)
///             .refresh_before(std::time::Duration::from_secs(600)),
///     )
///     .build()?;
/// # drop(client);
/// # Ok(())
/// # }
/// ```
pub struct AzureCredential {
    credential: Arc<dyn TokenCredential>,
    refresh_before: Duration,
    /// The token of each set of scopes asked for.
    cache: Mutex<BTreeMap<Vec<String>, Cached>>,
}

/// A token and when it expires.
struct Cached {
    token: AccessToken,
    expires_on: OffsetDateTime,
}

impl AzureCredential {
    /// A provider of `credential`'s tokens (an `Arc<ClientSecretCredential>` or any
    /// other credential, as `azure_identity`'s constructors return them).
    pub fn new(credential: Arc<dyn TokenCredential>) -> Self {
        Self {
            credential,
            refresh_before: DEFAULT_REFRESH_BEFORE,
            cache: Mutex::new(BTreeMap::new()),
        }
    }

    /// Fetches a new token once a cached one has less than `margin` left
    /// (default [`DEFAULT_REFRESH_BEFORE`]). A token that comes with less than
    /// that is used for the request that fetched it and fetched again for the
    /// next.
    #[must_use]
    pub fn refresh_before(mut self, margin: Duration) -> Self {
        self.refresh_before = margin;
        self
    }

    /// Whether a token expiring at `expires_on` may still be used at `now`.
    fn fresh(&self, expires_on: OffsetDateTime, now: OffsetDateTime) -> bool {
        let margin = azure_core::time::Duration::try_from(self.refresh_before)
            .unwrap_or(azure_core::time::Duration::MAX);
        expires_on.checked_sub(margin).is_some_and(|t| t > now)
    }

    /// The cached token for `scopes`, or a new one from the credential.
    async fn fetch(&self, scopes: &[String]) -> Result<AccessToken, BoxError> {
        let mut cache = self.cache.lock().await;
        if let Some(cached) = cache.get(scopes)
            && self.fresh(cached.expires_on, OffsetDateTime::now_utc())
        {
            return Ok(cached.token.clone());
        }
        let asked: Vec<&str> = scopes.iter().map(String::as_str).collect();
        let fetched = self.credential.get_token(&asked, None).await?;
        let token = AccessToken::new(fetched.token.secret());
        cache.insert(
            scopes.to_vec(),
            Cached {
                token: token.clone(),
                expires_on: fetched.expires_on,
            },
        );
        Ok(token)
    }
}

impl fmt::Debug for AzureCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AzureCredential")
            .field("credential", &self.credential)
            .field("refresh_before", &self.refresh_before)
            .finish_non_exhaustive()
    }
}

impl TokenProvider for AzureCredential {
    fn token<'a>(&'a self, scopes: &'a [String]) -> BoxFuture<'a, Result<AccessToken, BoxError>> {
        Box::pin(self.fetch(scopes))
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// Authenticates every request with tokens from an Azure identity credential:
    /// `token_provider(AzureCredential::new(credential))` ([`AzureCredential`]).
    pub fn azure_credential(self, credential: Arc<dyn TokenCredential>) -> Self {
        self.token_provider(AzureCredential::new(credential))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use azure_core::credentials::{self, TokenRequestOptions};
    use azure_core::time::Duration as TimeDuration;

    use super::*;

    /// Hands out `token-1`, `token-2`, … each living `lifetime` from now.
    #[derive(Debug)]
    struct Counting {
        calls: AtomicUsize,
        lifetime: TimeDuration,
    }

    #[async_trait::async_trait]
    impl TokenCredential for Counting {
        async fn get_token(
            &self,
            scopes: &[&str],
            _options: Option<TokenRequestOptions<'_>>,
        ) -> azure_core::Result<credentials::AccessToken> {
            assert_eq!(scopes, ["https://graph.microsoft.com/.default"]);
            let n = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
            Ok(credentials::AccessToken::new(
                format!("token-{n}"),
                OffsetDateTime::now_utc() + self.lifetime,
            ))
        }
    }

    fn scopes() -> Vec<String> {
        vec![crate::DEFAULT_SCOPE.to_owned()]
    }

    #[tokio::test]
    async fn a_live_token_is_fetched_once() {
        let credential = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime: TimeDuration::hours(1),
        });
        let provider = AzureCredential::new(credential.clone());
        for _ in 0..10 {
            let token = provider.token(&scopes()).await.expect("a token");
            assert_eq!(token.secret(), "token-1");
        }
        assert_eq!(credential.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_expired_or_expiring_token_is_fetched_again() {
        // Expired a minute ago: every request fetches.
        let expired = Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime: TimeDuration::minutes(-1),
        });
        let provider = AzureCredential::new(expired.clone());
        for n in 1..=3 {
            let token = provider.token(&scopes()).await.expect("a token");
            assert_eq!(token.secret(), format!("token-{n}"));
        }
        assert_eq!(expired.calls.load(Ordering::SeqCst), 3);

        // Ten minutes left: fresh with the default margin (five minutes), stale with a
        // fifteen-minute one.
        let ten = || {
            Arc::new(Counting {
                calls: AtomicUsize::new(0),
                lifetime: TimeDuration::minutes(10),
            })
        };
        let lax = ten();
        let provider = AzureCredential::new(lax.clone());
        provider.token(&scopes()).await.expect("a token");
        provider.token(&scopes()).await.expect("a token");
        assert_eq!(lax.calls.load(Ordering::SeqCst), 1);
        let strict = ten();
        let provider =
            AzureCredential::new(strict.clone()).refresh_before(Duration::from_secs(15 * 60));
        provider.token(&scopes()).await.expect("a token");
        provider.token(&scopes()).await.expect("a token");
        assert_eq!(strict.calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn debug_shows_no_token() {
        let provider = AzureCredential::new(Arc::new(Counting {
            calls: AtomicUsize::new(0),
            lifetime: TimeDuration::hours(1),
        }));
        provider.token(&scopes()).await.expect("a token");
        let shown = format!("{provider:?} {provider:#?}");
        assert!(
            shown.starts_with("AzureCredential { credential: Counting"),
            "{shown}"
        );
        assert!(!shown.contains("token-1"), "{shown}");
    }
}
