//! Request targets: a client plus a URL path, built one segment at a time.

use http::{Method, Request};

use crate::decode::{self, Decode};
use crate::request::{self, APPLICATION_JSON, Body};
use crate::trace::{self, UrlTemplate};
use crate::{Call, Client, Error, KeyValue, Literal, encode};

/// A URL under a [`Client`]'s base URL, built step by step, from which
/// requests are made.
///
/// Every builder method returns a new target and leaves `self` untouched, so
/// a target can be shared and extended in several directions. Each step
/// percent-encodes what it appends; see the methods for the exact rules.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::{Client, RequestTarget};
///
/// let client = Client::new("https://graph.microsoft.com/v1.0")?;
/// let package = RequestTarget::root(&client)
///     .segment("identityGovernance")
///     .segment("entitlementManagement")
///     .segment("accessPackages")
///     .key("73eb2497-3b88-4c0a-8bb3-68ba8162beff");
/// assert_eq!(
///     package.path(),
///     "/identityGovernance/entitlementManagement/accessPackages/73eb2497-3b88-4c0a-8bb3-68ba8162beff",
/// );
///
/// let request = package.request(http::Method::GET)?;
/// assert_eq!(request.uri(), "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/73eb2497-3b88-4c0a-8bb3-68ba8162beff");
/// assert_eq!(request.headers()["accept"], "application/json");
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct RequestTarget {
    client: Client,
    /// Relative to the base URL; empty or starting with `/`; already encoded.
    path: String,
    /// The parameter aliases of function calls in the path, `@p=value`
    /// pairs joined by `&` and already encoded: the URL's query.
    aliases: String,
    /// How [`key`](Self::key) writes a key.
    keys: KeyStyle,
    /// The path of the collection whose key was empty as a segment: every
    /// request from this target fails with [`Error::EmptyKey`].
    empty_key: Option<String>,
    /// The path with placeholders for keys and parameters, for tracing
    /// (empty without the `tracing` feature).
    template: UrlTemplate,
}

/// How [`RequestTarget::key`] addresses a member of a collection by its key.
///
/// A target keeps the style of the target it was made from, so the style
/// set on a root (as a generated `Client` does) holds for the whole path,
/// navigation builders included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyStyle {
    /// `/People/{key}`: the key as a path segment of its own, unquoted and
    /// percent-encoded (OData URL Conventions 4.01 §4.3.6, Key-as-Segment
    /// Convention), as Microsoft Graph addresses entities. An empty key
    /// cannot be a segment (`/People/` is the collection): requests fail with
    /// [`Error::EmptyKey`].
    #[default]
    Segment,
    /// `/People('key')`: the key as a string literal in parentheses, quotes
    /// doubled (§4.3.1, Canonical URL; OData's default). The empty key is
    /// `('')`.
    Parentheses,
}

impl RequestTarget {
    /// The service root itself (an empty path).
    pub fn root(client: &Client) -> Self {
        Self {
            client: client.clone(),
            path: String::new(),
            aliases: String::new(),
            keys: KeyStyle::Segment,
            empty_key: None,
            template: UrlTemplate::default(),
        }
    }

    /// The same target, writing keys in `style` from here on.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, KeyStyle, RequestTarget};
    /// # let client = Client::new("https://host/service")?;
    /// let people = RequestTarget::root(&client)
    ///     .with_key_style(KeyStyle::Parentheses)
    ///     .segment("People");
    /// assert_eq!(people.key("O'Neil").path(), "/People('O''Neil')");
    /// assert_eq!(people.key_style(), KeyStyle::Parentheses);
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn with_key_style(&self, style: KeyStyle) -> Self {
        let mut t = self.clone();
        t.keys = style;
        t
    }

    /// How [`key`](Self::key) writes a key.
    pub fn key_style(&self) -> KeyStyle {
        self.keys
    }

    /// The client the target belongs to.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// The path built so far, relative to the base URL and percent-encoded,
    /// such as `/identityGovernance/entitlementManagement/accessPackages`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The full URL: the client's base URL followed by [`path`](Self::path),
    /// and the values of the parameter aliases of the function calls in it
    /// (`?@p=…`, see [`function_call`](Self::function_call)).
    pub fn url(&self) -> String {
        let mut url = String::with_capacity(
            self.client.base_url().len() + self.path.len() + self.aliases.len() + 1,
        );
        url.push_str(self.client.base_url());
        url.push_str(&self.path);
        if !self.aliases.is_empty() {
            url.push('?');
            url.push_str(&self.aliases);
        }
        url
    }

    /// The canonical URL of the entity with key `key` in the collection at
    /// `collection_path` (relative to the base URL and already encoded, such
    /// as a [`CanonicalPath::COLLECTION_PATH`](crate::CanonicalPath::COLLECTION_PATH)),
    /// with this target's [`KeyStyle`]: the `@odata.id` that `$ref` requests
    /// send. A `/` is inserted if `collection_path` does not start with one.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, KeyStyle, RequestTarget};
    /// # let client = Client::new("https://host/service")?;
    /// let root = RequestTarget::root(&client);
    /// assert_eq!(root.entity_url("/People", "a b")?, "https://host/service/People/a%20b");
    /// let odata = root.with_key_style(KeyStyle::Parentheses);
    /// assert_eq!(odata.entity_url("People", "a b")?, "https://host/service/People('a%20b')");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::EmptyKey`] for an empty key written as a segment.
    pub fn entity_url<K: KeyValue + ?Sized>(
        &self,
        collection_path: &str,
        key: &K,
    ) -> Result<String, Error> {
        let mut collection = Self::root(&self.client).with_key_style(self.keys);
        if !collection_path.starts_with('/') {
            collection.path.push('/');
        }
        collection.path.push_str(collection_path);
        let entity = collection.key_value(key);
        entity.check()?;
        Ok(entity.url())
    }

    /// Appends `/name`. Characters that are not allowed in a path segment
    /// (RFC 3986 `pchar`) are percent-encoded, so identifiers and `$ref`,
    /// `$count`, `$value` are written as they are, while `/`, `?`, `#`, `%`,
    /// spaces and non-ASCII characters are encoded.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, RequestTarget};
    /// # let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let t = RequestTarget::root(&client).segment("groups").segment("$count");
    /// assert_eq!(t.path(), "/groups/$count");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn segment(&self, name: &str) -> Self {
        let mut path = self.path_with_capacity(name.len() + 1);
        path.push('/');
        encode::push_segment(&mut path, name);
        let mut t = self.with_path(path);
        t.template
            .segment_of(&t.path, self.path.len() + 1..t.path.len());
        t
    }

    /// Appends `/text` exactly as given, without any encoding.
    ///
    /// An escape hatch for paths copied from documentation (such as
    /// `{accessPackageId}` placeholders) or already encoded elsewhere. Text
    /// that is not valid in a URL makes the request methods return
    /// [`Error::InvalidRequest`].
    pub fn raw_segment(&self, text: &str) -> Self {
        let mut path = self.path_with_capacity(text.len() + 1);
        path.push('/');
        path.push_str(text);
        let mut t = self.with_path(path);
        t.template.segment("{raw}");
        t
    }

    /// Appends the key `key` in the target's [`KeyStyle`].
    ///
    /// As a segment (the default, Microsoft Graph's form:
    /// `/accessPackages/73eb2497-...`), every byte that is not RFC 3986
    /// `unreserved` (`A-Z a-z 0-9 - . _ ~`) is percent-encoded, including
    /// `/`, `?`, `#`, `%`, `'`, `(`, `)`, spaces and non-ASCII characters.
    /// The keys `.` and `..`, which URL parsers resolve as dot segments even
    /// when percent-encoded, are written in the parenthesised form instead
    /// (`/users('..')`). The empty key cannot be a segment (`/users/` is the
    /// collection): the target is kept, and every request made from it fails
    /// with [`Error::EmptyKey`].
    ///
    /// In parentheses ([`KeyStyle::Parentheses`]), the key is a string literal
    /// as [`key_parens`](Self::key_parens) writes it: `('O''Neil')`, `('')`.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, RequestTarget};
    /// # let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let t = RequestTarget::root(&client).segment("users").key("adele@contoso.com");
    /// assert_eq!(t.path(), "/users/adele%40contoso.com");
    /// let empty = RequestTarget::root(&client).segment("users").key("");
    /// assert!(matches!(
    ///     empty.request(http::Method::DELETE),
    ///     Err(graphgen_runtime::Error::EmptyKey { .. })
    /// ));
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn key(&self, key: &str) -> Self {
        if self.keys == KeyStyle::Parentheses {
            return self.key_parens(&[("", Literal::from(key))]);
        }
        let mut path = self.path_with_capacity(key.len() + 4);
        encode::push_key(&mut path, key);
        let mut t = self.with_path(path);
        t.template.segment("{key}");
        if key.is_empty() && t.empty_key.is_none() {
            t.empty_key = Some(self.path.clone());
        }
        t
    }

    /// Appends a single-part key of any [`KeyValue`] type in this target's
    /// [`KeyStyle`]: its text as a segment, like [`key`](Self::key)
    /// (`/Products/5`), or its literal in parentheses (`/Products(5)`,
    /// `/People('x')`), where the type decides the literal's form.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, KeyStyle, RequestTarget};
    /// # let client = Client::new("https://example.com/odata")?;
    /// let root = RequestTarget::root(&client);
    /// assert_eq!(root.segment("Products").key_value(&5).path(), "/Products/5");
    /// let parens = root.with_key_style(KeyStyle::Parentheses);
    /// assert_eq!(parens.segment("Products").key_value(&5).path(), "/Products(5)");
    /// assert_eq!(parens.segment("People").key_value("x").path(), "/People('x')");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn key_value<K: KeyValue + ?Sized>(&self, key: &K) -> Self {
        if self.keys == KeyStyle::Parentheses {
            return self.key_parens(&[("", key.literal())]);
        }
        self.key(&key.segment())
    }

    /// Appends a parenthesised key to the last segment, without a slash:
    /// `(uniqueName='a''b')` for one part, `(a='x',b=1)` for several.
    ///
    /// A part with an empty name is written as the bare literal, which gives
    /// the single-key form `('abc')`. Literal text is percent-encoded except
    /// for single quotes; see [`Literal`].
    ///
    /// ```
    /// # use graphgen_runtime::{Client, Literal, RequestTarget};
    /// # let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let t = RequestTarget::root(&client)
    ///     .segment("accessPackages")
    ///     .key_parens(&[("uniqueName", Literal::from("O'Neil team"))]);
    /// assert_eq!(t.path(), "/accessPackages(uniqueName='O''Neil%20team')");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn key_parens(&self, parts: &[(&str, Literal)]) -> Self {
        let mut path = self.path_with_capacity(params_len(parts));
        push_params(&mut path, parts);
        let mut t = self.with_path(path);
        t.template.params(parts.iter().map(|(name, _)| *name));
        t
    }

    /// Appends a function call segment: `/name(p1='x',p2=3)`, or `/name()`
    /// when there are no parameters. The name is encoded like
    /// [`segment`](Self::segment) and the literals like
    /// [`key_parens`](Self::key_parens).
    ///
    /// A [`Literal::json`] (a complex or collection value) cannot be written
    /// in the path (OData URL Conventions 4.01 §5.1.1.6.2): it is passed
    /// through a parameter alias, `name(p=@p)`, whose value goes to the query,
    /// `?@p=…` (§5.3 Parameter Aliases, §4.5.2 Addressing Functions). An alias
    /// already used in the path gets a number (`@p2`).
    ///
    /// ```
    /// # use graphgen_runtime::{Client, Literal, RequestTarget};
    /// # let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let t = RequestTarget::root(&client)
    ///     .segment("reports")
    ///     .function_call("getEmailActivityUserDetail", &[("period", Literal::from("D7"))]);
    /// assert_eq!(t.path(), "/reports/getEmailActivityUserDetail(period='D7')");
    ///
    /// let t = RequestTarget::root(&client).function_call(
    ///     "ProductsByColors",
    ///     &[("colors", Literal::json(serde_json::json!(["red", "green"])))],
    /// );
    /// assert_eq!(
    ///     t.url(),
    ///     "https://graph.microsoft.com/v1.0/ProductsByColors(colors=@colors)\
    ///      ?@colors=%5B%22red%22%2C%22green%22%5D",
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn function_call(&self, name: &str, params: &[(&str, Literal)]) -> Self {
        let mut path = self.path_with_capacity(name.len() + 1 + params_len(params));
        path.push('/');
        encode::push_segment(&mut path, name);
        let name_len = path.len() - self.path.len() - 1;
        let mut aliases = self.aliases.clone();
        path.push('(');
        for (i, (param, literal)) in params.iter().enumerate() {
            if i > 0 {
                path.push(',');
            }
            encode::push_name(&mut path, param);
            path.push('=');
            if literal.is_json() {
                let alias = unique_alias(&aliases, param);
                path.push_str(&alias);
                if !aliases.is_empty() {
                    aliases.push('&');
                }
                aliases.push_str(&alias);
                aliases.push('=');
                encode::push_query_value(&mut aliases, literal.as_str());
            } else {
                encode::push_literal(&mut path, literal.as_str());
            }
        }
        path.push(')');
        let mut t = self.with_path(path);
        t.aliases = aliases;
        t.template
            .segment_of(&t.path, self.path.len() + 1..self.path.len() + 1 + name_len);
        t.template.params(params.iter().map(|(name, _)| *name));
        t
    }

    /// `GET <target>/$count` with `Accept: text/plain`: the number of entities in the
    /// collection this target names. It also sends `ConsistencyLevel: eventual`, which
    /// Microsoft Graph requires to count directory objects and ignores elsewhere.
    ///
    /// ```
    /// use graphgen_runtime::{Client, RequestTarget};
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0").unwrap();
    /// let req = RequestTarget::root(&client).segment("groups").count_request().unwrap();
    /// assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/groups/$count");
    /// assert_eq!(req.headers()["consistencylevel"], "eventual");
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn count_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.count_call().request()
    }

    /// A request without a body, with `Accept: application/json`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is not a valid URI (possible only
    /// after [`raw_segment`](Self::raw_segment)).
    pub fn request(&self, method: Method) -> Result<Request<Vec<u8>>, Error> {
        self.request_with_accept(method, APPLICATION_JSON)
    }

    /// A request without a body and with the given `Accept` header, for raw
    /// values (`$value`, `$count`) and media streams.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL or the header value is invalid.
    pub fn request_with_accept(
        &self,
        method: Method,
        accept: &str,
    ) -> Result<Request<Vec<u8>>, Error> {
        self.check()?;
        self.traced(request::build(method, &self.url(), accept, &[], None))
    }

    /// A request whose body is `body` serialized as compact JSON, with
    /// `Content-Type: application/json` and `Accept: application/json`.
    ///
    /// ```
    /// # use graphgen_runtime::{Client, RequestTarget};
    /// # let client = Client::new("https://graph.microsoft.com/beta")?;
    /// let req = RequestTarget::root(&client)
    ///     .segment("groups")
    ///     .json_request(http::Method::POST, &serde_json::json!({"displayName": "x"}))?;
    /// assert_eq!(req.body(), br#"{"displayName":"x"}"#);
    /// assert_eq!(req.headers()["content-type"], "application/json");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] if the body cannot be serialized,
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn json_request<B: serde::Serialize + ?Sized>(
        &self,
        method: Method,
        body: &B,
    ) -> Result<Request<Vec<u8>>, Error> {
        self.check()?;
        let body = request::json_body(body)?;
        self.traced(request::build(
            method,
            &self.url(),
            APPLICATION_JSON,
            &[],
            Some(body),
        ))
    }

    /// A request with an already encoded body of the given media type (for
    /// uploads to `$value` and other non-JSON payloads), with
    /// `Accept: application/json`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL or the content type is invalid.
    pub fn bytes_request(
        &self,
        method: Method,
        content_type: &str,
        body: Vec<u8>,
    ) -> Result<Request<Vec<u8>>, Error> {
        self.check()?;
        let body = Body {
            content_type,
            bytes: body,
        };
        self.traced(request::build(
            method,
            &self.url(),
            APPLICATION_JSON,
            &[],
            Some(body),
        ))
    }

    /// A [`Call`] of `method` on this target without a body: the sending
    /// counterpart of [`request`](Self::request). `D` is the response shape
    /// ([`decode`](crate::decode)).
    pub fn call<D: Decode>(&self, method: Method) -> Call<D> {
        let call = Call::new(&self.client, method, self.url(), self.template.clone());
        match self.check() {
            Ok(()) => call,
            Err(e) => call.with_error(e),
        }
    }

    /// A [`Call`] whose body is `body` as JSON: the sending counterpart of
    /// [`json_request`](Self::json_request). A body that does not serialize
    /// is reported when the call is sent.
    pub fn json_call<D: Decode, B: serde::Serialize + ?Sized>(
        &self,
        method: Method,
        body: &B,
    ) -> Call<D> {
        self.call::<D>(method).json_body(body)
    }

    /// A [`Call`] that fails with `error` when it is sent: for generated
    /// sending methods whose arguments could not be encoded (the error then
    /// surfaces where every other error does, at `.await`).
    pub fn failed_call<D: Decode>(&self, error: Error) -> Call<D> {
        self.call::<D>(Method::GET).with_error(error)
    }

    /// `GET …/$count` as a [`Call`] (`Accept: text/plain`,
    /// `ConsistencyLevel: eventual`): the sending counterpart of
    /// [`count_request`](Self::count_request).
    pub fn count_call(&self) -> Call<decode::Count> {
        self.segment("$count").call(Method::GET)
    }

    /// [`Error::EmptyKey`] when the path holds an empty key as a segment.
    fn check(&self) -> Result<(), Error> {
        match &self.empty_key {
            Some(collection) => Err(Error::EmptyKey {
                collection: collection.clone(),
            }),
            None => Ok(()),
        }
    }

    /// `request` with this target's URL template attached (for
    /// [`Client::send`]'s span; nothing without the `tracing` feature).
    fn traced(&self, request: Result<Request<Vec<u8>>, Error>) -> Result<Request<Vec<u8>>, Error> {
        let mut request = request?;
        trace::attach(&mut request, &self.template);
        Ok(request)
    }

    /// The URL template, for [`Media`](crate::Media) requests.
    pub(crate) fn template(&self) -> &UrlTemplate {
        &self.template
    }

    /// The current path with room for `extra` more bytes.
    fn path_with_capacity(&self, extra: usize) -> String {
        let mut path = String::with_capacity(self.path.len() + extra);
        path.push_str(&self.path);
        path
    }

    fn with_path(&self, path: String) -> Self {
        Self {
            client: self.client.clone(),
            path,
            aliases: self.aliases.clone(),
            keys: self.keys,
            empty_key: self.empty_key.clone(),
            template: self.template.clone(),
        }
    }
}

/// A capacity estimate for `(a=..,b=..)`.
fn params_len(params: &[(&str, Literal)]) -> usize {
    2 + params
        .iter()
        .map(|(name, lit)| name.len() + lit.as_str().len() + 2)
        .sum::<usize>()
}

/// Appends `(name=literal,...)`; a part with an empty name is the bare literal.
fn push_params(out: &mut String, params: &[(&str, Literal)]) {
    out.push('(');
    for (i, (name, literal)) in params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if !name.is_empty() {
            encode::push_name(out, name);
            out.push('=');
        }
        encode::push_literal(out, literal.as_str());
    }
    out.push(')');
}

/// `@name`, or `@name2`, `@name3`… when `aliases` (`@a=…&@b=…`) has it.
fn unique_alias(aliases: &str, name: &str) -> String {
    let mut base = String::with_capacity(name.len() + 1);
    base.push('@');
    encode::push_name(&mut base, name);
    let taken = |alias: &str| {
        aliases
            .split('&')
            .any(|pair| pair.split_once('=').map_or(pair, |(n, _)| n) == alias)
    };
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|alias| !taken(alias))
        .unwrap_or(base)
}

#[cfg(test)]
mod tests;
