//! [`Call`]: a request ready to send, with per-request headers and query
//! options, that gives a typed value when awaited.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;

use bytes::Bytes;
use futures_util::FutureExt as _;
use http::header::{ACCEPT, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Request};

use crate::decode::{self, Decode};
use crate::error::Exchange;
use crate::query::{Field, QueryOptions, Select};
use crate::request::CONSISTENCY_LEVEL;
use crate::send::Outgoing;
use crate::trace::{self, UrlTemplate};
use crate::transport::BoxFuture;
use crate::{Client, Error};

mod paging;

pub use paging::{ItemStream, PageStream};

/// One request, ready to send: `.await` it (or call [`send`](Self::send)) to
/// get the typed result `D::Output`, or call [`request`](Self::request) to
/// get the `http::Request` without sending it.
///
/// Generated sending methods return a `Call`; `D` is the response shape:
/// [`decode::Json`] for an entity, [`decode::List`] for a collection page,
/// [`decode::Empty`] for `204 No Content`, [`decode::Count`] for `$count`.
///
/// Text arguments are `impl Into<String>`: a `&str`, a `String` or a
/// `&String` is taken as it is.
///
/// Per-request headers ([`header`](Self::header),
/// [`consistency_level_eventual`](Self::consistency_level_eventual),
/// [`prefer`](Self::prefer)) apply to every call; query options to the GETs
/// that take them: [`select`](Call::select) and [`expand`](Call::expand) on
/// entity reads, and also `$filter`, `$orderby`, `$top`, `$skip`, `$count`,
/// `$search` and paging on collections.
///
/// ```
/// use graphgen_runtime::{Client, RequestTarget, decode};
///
/// let client = Client::new("https://graph.microsoft.com/v1.0")?;
/// let call = RequestTarget::root(&client)
///     .segment("groups")
///     .call::<decode::List<serde_json::Value>>(http::Method::GET)
///     .filter("displayName eq 'R&D'")
///     .top(5)
///     .consistency_level_eventual();
/// let request = call.request()?;
/// assert_eq!(
///     request.uri(),
///     "https://graph.microsoft.com/v1.0/groups?$filter=displayName%20eq%20'R%26D'&$top=5",
/// );
/// assert_eq!(request.headers()["consistencylevel"], "eventual");
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[must_use = "a Call sends nothing until it is awaited"]
pub struct Call<D> {
    client: Client,
    method: Method,
    /// The URL without query options.
    url: String,
    headers: HeaderMap,
    body: Bytes,
    query: QueryOptions,
    /// The most pages a collection stream fetches.
    max_pages: Option<usize>,
    /// The first error met while building (a body that did not serialize, a
    /// bad header), reported when the call is sent or built.
    error: Option<Error>,
    /// The target's URL template, for tracing.
    template: UrlTemplate,
    _decode: PhantomData<fn() -> D>,
}

impl<D> fmt::Debug for Call<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("query", &self.query)
            .field("body_len", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl<D: Decode> Call<D> {
    /// A call of `method` on `url` (a full URL) with no body; `template` is
    /// the target's URL template.
    pub(crate) fn new(client: &Client, method: Method, url: String, template: UrlTemplate) -> Self {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(D::ACCEPT));
        if D::CONSISTENCY_LEVEL_EVENTUAL {
            headers.insert(CONSISTENCY_LEVEL, HeaderValue::from_static("eventual"));
        }
        Self {
            client: client.clone(),
            method,
            url,
            headers,
            body: Bytes::new(),
            query: QueryOptions::default(),
            max_pages: None,
            error: None,
            template,
            _decode: PhantomData,
        }
    }

    /// Sets the body to `body` as JSON, with `Content-Type: application/json`.
    pub(crate) fn json_body<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => {
                self.body = Bytes::from(bytes);
                self.headers.insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static(crate::request::APPLICATION_JSON),
                );
            }
            Err(e) => {
                self.error.get_or_insert(Error::Serialize(e));
            }
        }
        self
    }

    /// Makes the call fail with `error` when sent (unless it already fails).
    pub(crate) fn with_error(mut self, error: Error) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// Adds a request header (replacing one of the same name). An invalid
    /// name or value is reported when the call is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        match crate::request::header_pair(name.into(), value.into()) {
            Ok((n, v)) => {
                self.headers.insert(n, v);
            }
            Err(e) => {
                self.error.get_or_insert(e);
            }
        }
        self
    }

    /// `ConsistencyLevel: eventual`, which Graph requires for `$count`,
    /// `$search` and advanced `$filter` on directory objects.
    pub fn consistency_level_eventual(self) -> Self {
        self.header("ConsistencyLevel", "eventual")
    }

    /// `Prefer: value`, such as `return=representation` or
    /// `odata.maxpagesize=50`.
    pub fn prefer(self, value: impl Into<String>) -> Self {
        self.header("Prefer", value)
    }

    /// The full URL, with query options.
    pub fn url(&self) -> String {
        let mut url = self.url.clone();
        self.query.append_to(&mut url);
        url
    }

    /// The request this call sends, without `Authorization` and
    /// `client-request-id` (the client adds them per attempt).
    ///
    /// # Errors
    ///
    /// The first error met while building the call: [`Error::Serialize`] or
    /// [`Error::InvalidRequest`].
    pub fn request(self) -> Result<Request<Vec<u8>>, Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut builder = Request::builder()
            .method(self.method.clone())
            .uri(self.url());
        if let Some(headers) = builder.headers_mut() {
            *headers = self.headers;
        }
        let mut request = builder.body(self.body.to_vec())?;
        trace::attach(&mut request, &self.template);
        Ok(request)
    }

    /// Sends the call and decodes the response.
    ///
    /// # Errors
    ///
    /// Any [`Error`]: building, auth, transport, timeout, service (after
    /// retries) or deserialization.
    pub fn send(self) -> impl Future<Output = Result<D::Output, Error>> {
        // A map of the inner future, not an `async` layer that would keep the call twice.
        self.send_for_exchange()
            .map(|sent| sent.map(|(output, _)| output))
    }

    /// Sends the call; the decoded value and the exchange that got it.
    pub(crate) async fn send_for_exchange(self) -> Result<(D::Output, Exchange), Error> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut url = self.url;
        self.query.append_to(&mut url);
        let outgoing = Outgoing {
            method: self.method,
            url,
            headers: self.headers,
            body: self.body,
            template: self.template,
        };
        let (response, exchange) = self.client.execute(outgoing).await?;
        let output = D::decode(response, &exchange)?;
        Ok((output, exchange))
    }

    /// The same request read as another response shape `E` (a delta round
    /// reads a collection call's pages with their `@removed` entries).
    pub(crate) fn retype<E: Decode>(self) -> Call<E> {
        Call {
            client: self.client,
            method: self.method,
            url: self.url,
            headers: self.headers,
            body: self.body,
            query: self.query,
            max_pages: self.max_pages,
            error: self.error,
            template: self.template,
            _decode: PhantomData,
        }
    }

    /// The client the call is sent with.
    pub(crate) fn client(&self) -> &Client {
        &self.client
    }

    /// The per-request headers (next pages carry them too).
    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A `GET` of `url` (a full URL, query included) with `headers`: a next
    /// page, or a saved link.
    pub(crate) fn link(client: &Client, url: String, headers: HeaderMap) -> Self {
        // A link's path is the service's (a `$skiptoken` or delta token in it): no template.
        let mut call = Self::new(client, Method::GET, url, UrlTemplate::default());
        call.headers = headers;
        call
    }

    /// Changes the query options.
    fn with_query(mut self, change: impl FnOnce(&mut QueryOptions)) -> Self {
        change(&mut self.query);
        self
    }
}

impl<D: Decode> IntoFuture for Call<D> {
    type Output = Result<D::Output, Error>;
    type IntoFuture = BoxFuture<'static, Result<D::Output, Error>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// Query options of entity and collection reads.
impl<D: decode::Reads> Call<D> {
    /// `$select`: only these properties are returned (the others stay
    /// `None`).
    pub fn select(self, fields: impl IntoIterator<Item = <D::Entity as Select>::Field>) -> Self
    where
        D::Entity: Select,
    {
        self.with_query(|q| q.select.extend(fields.into_iter().map(Field::name)))
    }

    /// `$expand`: related entities to include inline, such as
    /// `incompatibleGroups` or `members($select=id)`.
    pub fn expand(self, expand: impl Into<String>) -> Self {
        let expand = expand.into();
        self.with_query(|q| q.expand.push(expand))
    }
}

/// Query options of a collection read.
impl<T> Call<decode::List<T>>
where
    decode::List<T>: Decode,
{
    /// `$filter`: an OData expression, such as `displayName eq 'Sales'`
    /// (string literals in single quotes, a quote doubled inside one).
    pub fn filter(self, expression: impl Into<String>) -> Self {
        let expression = expression.into();
        self.with_query(|q| q.filter = Some(expression))
    }

    /// `$orderby`: a property with an optional ` asc`/` desc`; repeated calls
    /// add further sort keys.
    pub fn orderby(self, key: impl Into<String>) -> Self {
        let key = key.into();
        self.with_query(|q| q.orderby.push(key))
    }

    /// `$top`: at most this many items (Graph: per page).
    pub fn top(self, n: u64) -> Self {
        self.with_query(|q| q.top = Some(n))
    }

    /// `$skip`: skip this many items.
    pub fn skip(self, n: u64) -> Self {
        self.with_query(|q| q.skip = Some(n))
    }

    /// `$count=true`: the page carries the total in
    /// [`Page::count`](crate::Page::count).
    pub fn count(self, include: bool) -> Self {
        self.with_query(|q| q.count = Some(include))
    }

    /// `$search`: a search expression, such as `"displayName:sales"`; Graph
    /// wants it in double quotes, and directory objects also need
    /// [`consistency_level_eventual`](Self::consistency_level_eventual).
    pub fn search(self, expression: impl Into<String>) -> Self {
        let expression = expression.into();
        self.with_query(|q| q.search = Some(expression))
    }

    /// The most pages [`pages`](Self::pages) and [`stream`](Self::stream)
    /// fetch (default: all).
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.max_pages = Some(pages);
        self
    }
}
