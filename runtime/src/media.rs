//! Media resources: the `$value` of a media entity (`HasStream`, such as a user's photo) and
//! stream properties (`Edm.Stream`, such as a drive item's `content`).
//!
//! Their bytes are not JSON and may be large, so neither side is held whole in memory: a
//! download ([`RequestTarget::download`]) gives a [`Media`] whose body is a stream of chunks
//! as they arrive, and an upload ([`RequestTarget::upload`]) sends a [`MediaBody`], which may
//! be a stream too. Both go through the client's auth, headers, timeout and retry policy;
//! the timeout covers the response's arrival (its status and headers), not the reading of
//! its body, which takes as long as the caller reads.
//!
//! A body given as bytes is sent again on a retry; a streamed body can be read only once, so
//! its request is sent once, and a `429`/`503` answer to it is an error that says so
//! ([`Error::Service`], with the attempts made).

use std::fmt;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};

use crate::body::{ByteStream, MediaBody, read_all};
use crate::error::Exchange;
use crate::send::Outgoing;
use crate::trace::{CallSpan, UrlTemplate};
use crate::{Client, Error, RequestTarget};

/// The most of an error answer's body a media request reads (to build
/// [`Error::Service`]).
const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// A media response: its status and headers, and its body as a stream of chunks.
///
/// Read it with [`into_stream`](Self::into_stream) (chunk by chunk, in bounded memory) or
/// [`bytes`](Self::bytes) (all of it).
pub struct Media {
    status: StatusCode,
    headers: HeaderMap,
    body: ByteStream,
    exchange: Exchange,
}

impl fmt::Debug for Media {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Media")
            .field("status", &self.status)
            .field("content_type", &self.content_type())
            .field("content_length", &self.content_length())
            .finish_non_exhaustive()
    }
}

impl Media {
    /// The response status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// `Content-Type`, when the service sent one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// `Content-Length`, when the service sent one.
    pub fn content_length(&self) -> Option<u64> {
        self.headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
    }

    /// The request and attempts that got this response.
    pub fn exchange(&self) -> &Exchange {
        &self.exchange
    }

    /// The body, chunk by chunk as it arrives.
    pub fn into_stream(self) -> ByteStream {
        self.body
    }

    /// The whole body.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when reading it failed.
    pub async fn bytes(self) -> Result<Bytes, Error> {
        let Media { body, exchange, .. } = self;
        read_all(body, usize::MAX)
            .await
            .map_err(|source| Error::Transport {
                exchange: Box::new(exchange),
                source: crate::TransportError::new(source),
            })
    }
}

impl RequestTarget {
    /// `GET` of this media resource (a `…/$value` or a stream property): the response, whose
    /// body is read as it arrives.
    ///
    /// # Errors
    ///
    /// As [`Client::send`]: [`Error::Service`] for an error status (after retries),
    /// [`Error::Transport`]/[`Error::Timeout`] when no response arrived, [`Error::Auth`].
    pub async fn download(&self) -> Result<Media, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        self.client()
            .execute_media(
                Method::GET,
                self.url(),
                self.template().clone(),
                headers,
                MediaBody::default(),
            )
            .await
    }

    /// Sends `body` with `method` (`PUT` for a media resource) and `content_type`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] for a content type that is not a header value; otherwise
    /// as [`download`](Self::download).
    pub async fn upload(
        &self,
        method: Method,
        content_type: &str,
        body: MediaBody,
    ) -> Result<Media, Error> {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::try_from(content_type).map_err(http::Error::from)?;
        headers.insert(CONTENT_TYPE, value);
        if let Some(n) = body.len() {
            headers.insert(CONTENT_LENGTH, HeaderValue::from(n));
        }
        self.client()
            .execute_media(method, self.url(), self.template().clone(), headers, body)
            .await
    }
}

impl Client {
    /// Sends a media request as [`Client::execute`] sends others, through
    /// [`crate::Transport::send_streaming`]; a streamed body is sent once.
    async fn execute_media(
        &self,
        method: Method,
        url: String,
        template: UrlTemplate,
        headers: HeaderMap,
        body: MediaBody,
    ) -> Result<Media, Error> {
        let mut outgoing = Outgoing {
            method,
            url,
            headers,
            body: Bytes::new(),
            template,
        };
        let exchange = self.prepare(&mut outgoing)?;
        let span = CallSpan::new(
            &outgoing.method,
            &outgoing.template,
            &exchange.client_request_id,
        );
        span.instrument(self.media_attempts(outgoing, exchange, body, &span))
            .await
    }

    /// The attempts of [`execute_media`](Self::execute_media), in its span.
    async fn media_attempts(
        &self,
        outgoing: Outgoing,
        mut exchange: Exchange,
        body: MediaBody,
        span: &CallSpan,
    ) -> Result<Media, Error> {
        let transport = self.transport()?.clone();
        let policy = self.retry_policy();
        let uri = crate::send::parse_uri(outgoing.url.clone())?;
        let mut body = Some(body);
        loop {
            exchange.attempts += 1;
            span.attempt(exchange.attempts);
            let (parts, ()) = self
                .attempt_request(&outgoing, &uri, exchange.attempts)
                .await?
                .map(drop)
                .into_parts();
            let this = match body.as_ref().and_then(MediaBody::as_bytes) {
                Some(b) => MediaBody::from(b.clone()),
                None => body.take().unwrap_or_default(),
            };
            let sent = transport.send_streaming(Request::from_parts(parts, this));
            let response = self.arrived(&exchange, sent).await?;
            span.response(response.status(), response.headers());
            if response.status().is_success() {
                let (parts, body) = response.into_parts();
                return Ok(Media {
                    status: parts.status,
                    headers: parts.headers,
                    body,
                    exchange,
                });
            }
            let (parts, stream) = response.into_parts();
            let bytes = read_all(stream, ERROR_BODY_LIMIT).await.unwrap_or_default();
            let response = Response::from_parts(parts, bytes);
            let wait = body.as_ref().and_then(|_| {
                policy.delay(
                    exchange.attempts,
                    response.status(),
                    response.headers(),
                    std::time::SystemTime::now(),
                )
            });
            match wait {
                Some(wait) => {
                    span.retry(exchange.attempts, response.status(), wait);
                    tokio::time::sleep(wait).await;
                }
                None => return Err(crate::send::service_error(exchange, &response)),
            }
        }
    }
}

#[cfg(test)]
mod tests;
