//! The client: the service root that every request URL starts from.

use std::sync::Arc;

use crate::Error;
use crate::encode;

/// A handle on one OData service root, such as
/// `https://graph.microsoft.com/v1.0`.
///
/// Cloning is cheap (the state is shared behind an [`Arc`]), and a `Client` is
/// `Send + Sync`, so one client can serve many tasks. Requests are built with
/// [`RequestTarget`](crate::RequestTarget)s that start at
/// [`RequestTarget::root`](crate::RequestTarget::root).
///
/// # Examples
///
/// ```
/// use graphgen_runtime::Client;
///
/// let client = Client::new("https://graph.microsoft.com/v1.0/")?;
/// assert_eq!(client.base_url(), "https://graph.microsoft.com/v1.0");
/// assert_eq!(
///     client.entity_url("/groups", "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"),
///     "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2",
/// );
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<ClientInner>,
}

/// The shared state behind a [`Client`].
#[derive(Debug)]
struct ClientInner {
    /// Absolute `http`/`https` URL without a trailing `/`.
    base_url: String,
}

impl Client {
    /// Creates a client for the service root `base_url`.
    ///
    /// The URL must be absolute, use `http` or `https`, name a host, and carry
    /// no user info, query or fragment. Trailing slashes are removed.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBaseUrl`] when the URL breaks one of those rules.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::Client;
    ///
    /// assert!(Client::new("https://graph.microsoft.com/beta").is_ok());
    /// assert!(Client::new("graph.microsoft.com/beta").is_err());
    /// assert!(Client::new("ftp://graph.microsoft.com").is_err());
    /// ```
    pub fn new(base_url: &str) -> Result<Self, Error> {
        let base_url = validate_base_url(base_url)?;
        Ok(Self {
            inner: Arc::new(ClientInner { base_url }),
        })
    }

    /// The service root, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The canonical URL of one entity: the base URL, then `collection_path`
    /// (such as `/groups`, typically a
    /// [`CanonicalPath::COLLECTION_PATH`](crate::CanonicalPath::COLLECTION_PATH)),
    /// then `/` and the key, percent-encoded as a key segment (like
    /// [`RequestTarget::key`](crate::RequestTarget::key)).
    ///
    /// A `/` is inserted if `collection_path` does not start with one. This
    /// is the `@odata.id` that `$ref` requests send.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::Client;
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// assert_eq!(
    ///     client.entity_url("/users", "adele@contoso.com"),
    ///     "https://graph.microsoft.com/v1.0/users/adele%40contoso.com",
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn entity_url(&self, collection_path: &str, key: &str) -> String {
        let mut url =
            String::with_capacity(self.base_url().len() + collection_path.len() + key.len() + 2);
        url.push_str(self.base_url());
        if !collection_path.starts_with('/') {
            url.push('/');
        }
        url.push_str(collection_path);
        url.push('/');
        encode::push_key(&mut url, key);
        url
    }
}

/// Checks a base URL and returns it without trailing slashes.
fn validate_base_url(url: &str) -> Result<String, Error> {
    let reject = |reason: &str| Error::InvalidBaseUrl {
        url: url.to_owned(),
        reason: reason.to_owned(),
    };
    if !url.contains("://") {
        return Err(reject("it must be absolute (start with https://)"));
    }
    if url.contains('?') || url.contains('#') {
        return Err(reject("it must not have a query or fragment"));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e: http::uri::InvalidUri| reject(&format!("it is not a valid URI ({e})")))?;
    match uri.scheme_str() {
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => {}
        Some(_) => return Err(reject("the scheme must be http or https")),
        None => return Err(reject("it must be absolute (start with https://)")),
    }
    let Some(authority) = uri.authority() else {
        return Err(reject("it must name a host"));
    };
    if authority.as_str().contains('@') {
        return Err(reject("it must not contain user info"));
    }
    if authority.host().is_empty() {
        return Err(reject("it must name a host"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_slashes_are_removed() {
        let table = [
            (
                "https://graph.microsoft.com/v1.0",
                "https://graph.microsoft.com/v1.0",
            ),
            (
                "https://graph.microsoft.com/v1.0/",
                "https://graph.microsoft.com/v1.0",
            ),
            (
                "https://graph.microsoft.com//",
                "https://graph.microsoft.com",
            ),
            ("http://localhost:8080", "http://localhost:8080"),
            (
                "HTTPS://graph.microsoft.com/beta",
                "HTTPS://graph.microsoft.com/beta",
            ),
        ];
        for (input, expected) in table {
            assert_eq!(Client::new(input).unwrap().base_url(), expected, "{input}");
        }
    }

    #[test]
    fn invalid_base_urls_are_rejected_with_a_reason() {
        let table = [
            (
                "",
                "invalid base URL ``: it must be absolute (start with https://)",
            ),
            ("/v1.0", "it must be absolute"),
            ("graph.microsoft.com/v1.0", "it must be absolute"),
            (
                "ftp://graph.microsoft.com",
                "the scheme must be http or https",
            ),
            ("https://graph.microsoft.com/v1.0?x=1", "query or fragment"),
            ("https://graph.microsoft.com/v1.0#top", "query or fragment"),
            ("https://user:pw@graph.microsoft.com", "user info"),
            ("https://graph microsoft.com", "it is not a valid URI"),
            ("https://", "it is not a valid URI"),
        ];
        for (input, fragment) in table {
            let err = Client::new(input).unwrap_err();
            assert!(matches!(err, Error::InvalidBaseUrl { .. }), "{input}");
            let msg = err.to_string();
            assert!(msg.contains(fragment), "{input}: {msg}");
        }
    }

    #[test]
    fn entity_url_encodes_the_key() {
        let client = Client::new("https://graph.microsoft.com/v1.0").unwrap();
        assert_eq!(
            client.entity_url("/groups", "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"),
            "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"
        );
        assert_eq!(
            client.entity_url("groups", "a/b c"),
            "https://graph.microsoft.com/v1.0/groups/a%2Fb%20c"
        );
    }

    #[test]
    fn clones_share_state_and_cross_threads() {
        fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
        assert_send_sync::<Client>();
        let a = Client::new("https://graph.microsoft.com/v1.0").unwrap();
        let b = a.clone();
        assert!(Arc::ptr_eq(&a.inner, &b.inner));
        assert!(format!("{a:?}").contains("graph.microsoft.com"));
    }
}
