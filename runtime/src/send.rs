//! Sending: one logical request becomes one or more attempts through the
//! transport, each with auth, ids and default headers, under the timeout and
//! the retry policy.

use std::future::Future;
use std::time::SystemTime;

use bytes::Bytes;
use futures_util::FutureExt as _;
use futures_util::future::Either;
use http::header::{AUTHORIZATION, CONTENT_TYPE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, Uri};

use crate::error::{Exchange, ServiceError};
use crate::graph_error::GraphError;
use crate::trace::{self, CallSpan, UrlTemplate};
use crate::transport::{BoxFuture, TransportError};
use crate::{Client, Error};

/// The `client-request-id` header: a UUID the client picks, echoed by Graph
/// and quoted in support cases.
pub(crate) const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");

/// The `Retry-Attempt` header on retries (as Microsoft's SDKs send it).
const RETRY_ATTEMPT: HeaderName = HeaderName::from_static("retry-attempt");

/// The `request-id` response header.
const REQUEST_ID: HeaderName = HeaderName::from_static("request-id");

/// The most of a non-JSON error body kept in [`ServiceError::body`].
const BODY_EXCERPT: usize = 1024;

/// Whose credential a request carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Credentials {
    /// The client's token, in `Authorization`.
    Client,
    /// The URL's own (a pre-authenticated upload URL): no `Authorization`.
    InUrl,
}

/// A request ready to send, possibly several times.
#[derive(Clone, Debug)]
pub(crate) struct Outgoing {
    pub(crate) method: Method,
    pub(crate) url: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
    /// The URL template, for tracing (nothing without the `tracing` feature).
    pub(crate) template: UrlTemplate,
}

impl Client {
    /// Sends a request made by a `*_request` method (or by hand) with this
    /// client's auth, headers, retries and timeout, and returns the response
    /// if its status is a success.
    ///
    /// # Errors
    ///
    /// [`Error::Service`] for an error status (after retries),
    /// [`Error::Transport`]/[`Error::Timeout`] when no response arrived,
    /// [`Error::Auth`] when the token provider failed.
    pub fn send(
        &self,
        request: Request<Vec<u8>>,
    ) -> impl Future<Output = Result<Response<Bytes>, Error>> + Send + '_ {
        let (parts, body) = request.into_parts();
        let outgoing = Outgoing {
            method: parts.method,
            url: parts.uri.to_string(),
            headers: parts.headers,
            body: Bytes::from(body),
            template: trace::attached(&parts.extensions),
        };
        self.execute(outgoing)
            .map(|sent| sent.map(|(response, _)| response))
    }

    /// Sends `outgoing`, retrying as the policy says; returns a success
    /// response and the exchange that got it.
    pub(crate) fn execute(
        &self,
        outgoing: Outgoing,
    ) -> impl Future<Output = Result<(Response<Bytes>, Exchange), Error>> + Send + '_ {
        self.execute_as(outgoing, Credentials::Client)
    }

    /// Sends `outgoing` as [`execute`](Self::execute) does, to a pre-authenticated URL (an
    /// upload session's): without `Authorization`, which such a URL refuses, and with the
    /// exchange naming the URL without its query, which carries the URL's own credential.
    pub(crate) fn execute_preauthenticated(
        &self,
        outgoing: Outgoing,
    ) -> impl Future<Output = Result<(Response<Bytes>, Exchange), Error>> + Send + '_ {
        self.execute_as(outgoing, Credentials::InUrl)
    }

    /// Prepares `outgoing` at once and returns its attempts in their span, the future holding
    /// the request once (every `async` layer above would keep its own copy).
    fn execute_as(
        &self,
        mut outgoing: Outgoing,
        credentials: Credentials,
    ) -> impl Future<Output = Result<(Response<Bytes>, Exchange), Error>> + Send + '_ {
        let mut exchange = match self.prepare(&mut outgoing) {
            Ok(exchange) => exchange,
            Err(e) => return Either::Left(std::future::ready(Err(e))),
        };
        if credentials == Credentials::InUrl {
            outgoing.headers.remove(AUTHORIZATION);
            exchange
                .url
                .truncate(exchange.url.find('?').unwrap_or(exchange.url.len()));
        }
        let span = CallSpan::new(
            &outgoing.method,
            &outgoing.template,
            &exchange.client_request_id,
        );
        let outer = span.clone();
        Either::Right(outer.instrument(self.attempts(outgoing, exchange, credentials, span)))
    }

    /// The attempts of [`execute`](Self::execute), in its span.
    async fn attempts(
        &self,
        mut outgoing: Outgoing,
        mut exchange: Exchange,
        credentials: Credentials,
        span: CallSpan,
    ) -> Result<(Response<Bytes>, Exchange), Error> {
        let transport = self.transport()?.clone();
        let policy = self.retry_policy();
        let uri = parse_uri(std::mem::take(&mut outgoing.url))?;
        loop {
            exchange.attempts += 1;
            span.attempt(exchange.attempts);
            let request = self
                .request_for_attempt(&outgoing, &uri, exchange.attempts, credentials)
                .await?;
            let response = self.arrived(&exchange, transport.send(request)).await?;
            let status = response.status();
            span.response(status, response.headers());
            if status.is_success() {
                return Ok((response, exchange));
            }
            match policy.delay(
                exchange.attempts,
                status,
                response.headers(),
                SystemTime::now(),
            ) {
                Some(wait) => {
                    span.retry(exchange.attempts, status, wait);
                    tokio::time::sleep(wait).await;
                }
                None => return Err(service_error(exchange, &response)),
            }
        }
    }

    /// Gives `outgoing` its `client-request-id` (unless the caller set one)
    /// and the client's default headers; the exchange its attempts will count
    /// in.
    pub(crate) fn prepare(&self, outgoing: &mut Outgoing) -> Result<Exchange, Error> {
        let client_request_id = match outgoing.headers.get(CLIENT_REQUEST_ID) {
            Some(v) => v.to_str().unwrap_or_default().to_owned(),
            None if !self.client_request_ids() => String::new(),
            None => {
                let mut text = [0; uuid::fmt::Hyphenated::LENGTH];
                let id = uuid::Uuid::new_v4().hyphenated().encode_lower(&mut text);
                let value = HeaderValue::from_str(id).map_err(http::Error::from)?;
                outgoing.headers.insert(CLIENT_REQUEST_ID, value);
                id.to_owned()
            }
        };
        for (name, value) in self.default_headers() {
            if !outgoing.headers.contains_key(name) {
                outgoing.headers.insert(name.clone(), value.clone());
            }
        }
        Ok(Exchange {
            method: outgoing.method.clone(),
            url: outgoing.url.clone(),
            client_request_id,
            attempts: 0,
        })
    }

    /// The response of one attempt, under the client's timeout.
    pub(crate) async fn arrived<R>(
        &self,
        exchange: &Exchange,
        sent: BoxFuture<'_, Result<Response<R>, TransportError>>,
    ) -> Result<Response<R>, Error> {
        match tokio::time::timeout(self.timeout(), sent).await {
            Err(_) => Err(Error::Timeout {
                exchange: Box::new(exchange.clone()),
                after: self.timeout(),
            }),
            Ok(Err(source)) => Err(Error::Transport {
                exchange: Box::new(exchange.clone()),
                source,
            }),
            Ok(Ok(response)) => Ok(response),
        }
    }

    /// One attempt's request: the outgoing one plus `Authorization` and, on
    /// retries, `Retry-Attempt`.
    pub(crate) async fn attempt_request(
        &self,
        outgoing: &Outgoing,
        uri: &Uri,
        attempt: u32,
    ) -> Result<Request<Bytes>, Error> {
        self.request_for_attempt(outgoing, uri, attempt, Credentials::Client)
            .await
    }

    /// One attempt's request to `uri` (`outgoing`'s URL, parsed once for all attempts), with
    /// the client's token or, for a URL that carries its own credential, without one.
    async fn request_for_attempt(
        &self,
        outgoing: &Outgoing,
        uri: &Uri,
        attempt: u32,
        credentials: Credentials,
    ) -> Result<Request<Bytes>, Error> {
        let mut request = Request::new(outgoing.body.clone());
        *request.method_mut() = outgoing.method.clone();
        *request.uri_mut() = uri.clone();
        let headers = request.headers_mut();
        headers.clone_from(&outgoing.headers);
        if credentials == Credentials::Client {
            if let Some(value) = self.bearer() {
                headers.insert(AUTHORIZATION, value.clone());
            } else if let Some((provider, scopes)) = self.auth() {
                let token = provider.token(scopes).await.map_err(Error::Auth)?;
                let value = crate::client::bearer_value(token.secret()).ok_or_else(|| {
                    Error::Auth("the access token is not a valid header value".into())
                })?;
                headers.insert(AUTHORIZATION, value);
            }
        }
        if attempt > 1 {
            headers.insert(RETRY_ATTEMPT, HeaderValue::from(attempt - 1));
        }
        Ok(request)
    }
}

/// `url` as a `Uri`, parsed once for all of a call's attempts; the text is moved in, not
/// copied.
pub(crate) fn parse_uri(url: String) -> Result<Uri, Error> {
    Uri::from_maybe_shared(Bytes::from(url)).map_err(|e| Error::InvalidRequest(e.into()))
}

/// The error for a final error response.
pub(crate) fn service_error(exchange: Exchange, response: &Response<Bytes>) -> Error {
    let header = |name: &HeaderName| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let error = GraphError::from_body(response.body());
    let body = if error.is_some() {
        String::new()
    } else {
        let end = response.body().len().min(BODY_EXCERPT);
        String::from_utf8_lossy(&response.body()[..end]).into_owned()
    };
    Error::Service(Box::new(ServiceError {
        exchange,
        status: response.status(),
        request_id_header: header(&REQUEST_ID),
        retry_after: header(&http::header::RETRY_AFTER),
        error,
        body,
        content_type: header(&CONTENT_TYPE),
    }))
}
