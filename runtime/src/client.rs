//! The client: the service root that every request URL starts from, and how
//! requests are sent (transport, auth, default headers, retries, timeout).

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use http::{HeaderMap, HeaderValue};

use crate::Error;
use crate::auth::{StaticToken, TokenProvider};
use crate::encode;
use crate::retry::RetryPolicy;
use crate::transport::Transport;

/// The scope asked of the token provider unless the builder says otherwise.
pub const DEFAULT_SCOPE: &str = "https://graph.microsoft.com/.default";

/// The per-attempt timeout unless the builder says otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(100);

/// A handle on one OData service root, such as
/// `https://graph.microsoft.com/v1.0`, with what it takes to send requests
/// there: a [`Transport`], a [`TokenProvider`], default headers, a
/// [`RetryPolicy`] and a timeout.
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
///
/// let client = Client::builder("https://graph.microsoft.com/beta")
///     .bearer_token("eyJ0eXAi…")
///     .timeout(std::time::Duration::from_secs(30))
///     .build()?;
/// assert!(!format!("{client:?}").contains("eyJ0eXAi"));
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Client {
    inner: Arc<ClientInner>,
}

/// The shared state behind a [`Client`].
struct ClientInner {
    /// Absolute `http`/`https` URL without a trailing `/`.
    base_url: String,
    /// The transport; the default one is made on first use.
    transport: OnceLock<Arc<dyn Transport>>,
    settings: Settings,
}

impl fmt::Debug for ClientInner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Client");
        d.field("base_url", &self.base_url)
            .field("transport", &self.transport.get());
        self.settings.debug_fields(&mut d);
        d.finish()
    }
}

/// How every request is sent: set on a [`ClientBuilder`], kept by the [`Client`].
struct Settings {
    auth: Option<Arc<dyn TokenProvider>>,
    /// The `Authorization` value of a [`bearer_token`](ClientBuilder::bearer_token), made
    /// once: a token that never changes needs no provider call and no formatting per request.
    /// `None` for other providers, and for a token that is not a valid header value (whose
    /// error the provider path then reports on each request).
    bearer: Option<HeaderValue>,
    scopes: Vec<String>,
    default_headers: HeaderMap,
    retry: RetryPolicy,
    timeout: Duration,
    /// Whether a request without a `client-request-id` gets a fresh one.
    request_ids: bool,
}

impl Settings {
    /// Adds the settings to the `Debug` output of a client or builder: the token provider's
    /// own (redacted) `Debug`, and default headers by name only.
    fn debug_fields(&self, d: &mut fmt::DebugStruct<'_, '_>) {
        d.field("auth", &self.auth)
            .field("scopes", &self.scopes)
            .field(
                "default_headers",
                &self.default_headers.keys().collect::<Vec<_>>(),
            )
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("request_ids", &self.request_ids);
    }
}

impl Client {
    /// Creates a client for the service root `base_url`, with the default
    /// transport, no authentication, the default retry policy and timeout.
    ///
    /// The URL must be absolute, use `http` or `https`, name a host, and carry
    /// no user info, query or fragment. Trailing slashes are removed, and the
    /// scheme and host are lowercased (they are case-insensitive, and links the
    /// service returns are compared with the base URL).
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
    pub fn new(base_url: impl Into<String>) -> Result<Self, Error> {
        Self::builder(base_url).build()
    }

    /// A builder for a client of the service root `base_url`.
    ///
    /// A generated profile module's `Client::builder()` returns a
    /// `ClientBuilder<Client>` of its own `Client` type instead, which
    /// [`build`](ClientBuilder::build) returns directly.
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url)
    }

    /// The service root, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.settings.retry
    }

    /// Whether requests get a `client-request-id` of their own
    /// ([`ClientBuilder::client_request_ids`]).
    pub fn client_request_ids(&self) -> bool {
        self.inner.settings.request_ids
    }

    /// The per-attempt timeout.
    pub fn timeout(&self) -> Duration {
        self.inner.settings.timeout
    }

    pub(crate) fn default_headers(&self) -> &HeaderMap {
        &self.inner.settings.default_headers
    }

    /// The `Authorization` value of a static bearer token, made once.
    pub(crate) fn bearer(&self) -> Option<&HeaderValue> {
        self.inner.settings.bearer.as_ref()
    }

    pub(crate) fn auth(&self) -> Option<(&dyn TokenProvider, &[String])> {
        self.inner
            .settings
            .auth
            .as_deref()
            .map(|a| (a, self.inner.settings.scopes.as_slice()))
    }

    /// The transport, making the default one on first use.
    pub(crate) fn transport(&self) -> Result<&Arc<dyn Transport>, Error> {
        if let Some(t) = self.inner.transport.get() {
            return Ok(t);
        }
        let made = default_transport()?;
        Ok(self.inner.transport.get_or_init(|| made))
    }

    /// The canonical URL of one entity: the base URL, then `collection_path`
    /// (such as `/groups`, typically a
    /// [`CanonicalPath::COLLECTION_PATH`](crate::CanonicalPath::COLLECTION_PATH)),
    /// then the key as [`RequestTarget::key`](crate::RequestTarget::key) writes
    /// it (`/` and the percent-encoded key).
    ///
    /// A `/` is inserted if `collection_path` does not start with one. This
    /// is the `@odata.id` that `$ref` requests send to Microsoft Graph, which
    /// addresses keys as segments; an empty key gives the collection's own
    /// URL here. [`RequestTarget::entity_url`](crate::RequestTarget::entity_url)
    /// writes the key in a target's [`KeyStyle`](crate::KeyStyle) and refuses
    /// an empty segment key.
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
        encode::push_key(&mut url, key);
        url
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    let t = crate::transport::ReqwestTransport::new().map_err(Error::TransportSetup)?;
    Ok(Arc::new(t))
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::NoTransport)
}

/// Configures a [`Client`]; made by [`Client::builder`], or by a generated
/// profile module's `Client::builder()`.
///
/// `C` is what [`build`](Self::build) returns: the runtime's [`Client`], or a
/// generated `Client` that wraps one (any `C: From<Client>`), so a generated
/// client is built with no conversion and no type annotation.
///
/// Text arguments are `impl Into<String>`: a `&str`, a `String` or a
/// `&String` is taken as it is. An invalid value (a bad header) is reported
/// by [`build`](Self::build).
#[must_use]
pub struct ClientBuilder<C = Client> {
    base_url: String,
    transport: Option<Arc<dyn Transport>>,
    settings: Settings,
    /// The first invalid default header, reported by `build`.
    error: Option<Error>,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("ClientBuilder");
        d.field("base_url", &self.base_url)
            .field("transport", &self.transport);
        self.settings.debug_fields(&mut d);
        d.finish_non_exhaustive()
    }
}

impl<C: From<Client>> ClientBuilder<C> {
    /// A builder for a client of the service root `base_url` that
    /// [`build`](Self::build)s a `C`.
    ///
    /// ```
    /// use graphgen_runtime::{Client, ClientBuilder};
    ///
    /// /// A client type of one's own, as a generated profile module has.
    /// struct MyClient(Client);
    /// impl From<Client> for MyClient {
    ///     fn from(c: Client) -> Self {
    ///         MyClient(c)
    ///     }
    /// }
    ///
    /// let mine = ClientBuilder::<MyClient>::new("https://graph.microsoft.com/v1.0")
    ///     .bearer_token(String::from("eyJ0eXAi…"))
    ///     .build()?;
    /// assert_eq!(mine.0.base_url(), "https://graph.microsoft.com/v1.0");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn new(base_url: impl Into<String>) -> Self {
        ClientBuilder {
            base_url: base_url.into(),
            transport: None,
            settings: Settings {
                auth: None,
                bearer: None,
                scopes: vec![DEFAULT_SCOPE.to_owned()],
                default_headers: HeaderMap::new(),
                retry: RetryPolicy::default(),
                timeout: DEFAULT_TIMEOUT,
                request_ids: true,
            },
            error: None,
            _client: PhantomData,
        }
    }

    /// Replaces the service root (a national cloud, a test server).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = base_url.into();
        self
    }

    /// Sends requests with `transport` instead of the default (`reqwest`).
    pub fn transport(self, transport: impl Transport) -> Self {
        self.shared_transport(Arc::new(transport))
    }

    /// Sends requests with a transport shared with other clients.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Authenticates every request with a token from `provider`.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.settings.auth = Some(Arc::new(provider));
        self.settings.bearer = None;
        self
    }

    /// Authenticates every request with the bearer token `token`
    /// ([`StaticToken`]).
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        let token = token.into();
        let bearer = bearer_value(&token);
        let mut builder = self.token_provider(StaticToken::new(token));
        builder.settings.bearer = bearer;
        builder
    }

    /// The scopes asked of the token provider (default: [`DEFAULT_SCOPE`]).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.settings.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// A header sent with every request unless the request sets it itself.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        match crate::request::header_pair(name.into(), value.into()) {
            Ok((n, v)) => {
                self.settings.default_headers.insert(n, v);
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// How throttled and unavailable requests are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.settings.retry = policy;
        self
    }

    /// Whether each request gets a fresh `client-request-id` (a UUID, the
    /// same on every attempt; on by default, as Microsoft's SDKs do): Graph
    /// echoes it, its support asks for it, and errors and traces name it.
    /// Off, requests carry one only when the caller sets the header, and
    /// [`Exchange::client_request_id`](crate::Exchange::client_request_id) is
    /// then empty.
    pub fn client_request_ids(mut self, on: bool) -> Self {
        self.settings.request_ids = on;
        self
    }

    /// How long one attempt may take, from sending to the end of the
    /// response body (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.settings.timeout = timeout;
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBaseUrl`] for a bad base URL,
    /// [`Error::InvalidRequest`] for an invalid default header.
    pub fn build(self) -> Result<C, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let base_url = validate_base_url(&self.base_url)?;
        let transport = OnceLock::new();
        if let Some(t) = self.transport {
            let _ = transport.set(t);
        }
        Ok(C::from(Client {
            inner: Arc::new(ClientInner {
                base_url,
                transport,
                settings: self.settings,
            }),
        }))
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
    Ok(lowercase_origin(url.trim_end_matches('/')))
}

impl Client {
    /// What follows the service root in `url` (`/groups/1?$select=id`, `""`
    /// for the root itself); `None` when `url` is not under the service root.
    /// The scheme and host are compared case-insensitively.
    pub(crate) fn path_under_base<'a>(&self, url: &'a str) -> Option<&'a str> {
        let normalized = lowercase_origin(url);
        let rest = normalized.strip_prefix(self.base_url())?;
        if rest.is_empty() || rest.starts_with(['/', '?']) {
            // Lowercasing keeps lengths (ASCII only), so `rest` starts at the same offset.
            Some(&url[url.len() - rest.len()..])
        } else {
            None
        }
    }
}

/// `url` with its scheme and authority (`HTTPS://Graph.Microsoft.com`)
/// lowercased and the rest (path, query) as it is.
pub(crate) fn lowercase_origin(url: &str) -> String {
    let origin_end = url.find("://").map_or(0, |i| {
        url[i + 3..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |j| i + 3 + j)
    });
    let mut out = url[..origin_end].to_ascii_lowercase();
    out.push_str(&url[origin_end..]);
    out
}

/// `Bearer {token}` as a sensitive header value, `None` when it is not a valid one.
pub(crate) fn bearer_value(token: &str) -> Option<HeaderValue> {
    let mut value = HeaderValue::try_from(format!("Bearer {token}")).ok()?;
    value.set_sensitive(true);
    Some(value)
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
                "HTTPS://Graph.Microsoft.com/Beta",
                "https://graph.microsoft.com/Beta",
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
