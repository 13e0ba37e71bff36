//! Fault switches: throttling, outages, non-JSON and empty errors, dropped connections,
//! delays and answers given verbatim, each taken by the next request in arrival order; and
//! throttling of `$batch` parts, taken by the next parts.

use std::collections::VecDeque;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream;
use http::header::{CONTENT_LENGTH, CONTENT_TYPE, RETRY_AFTER};
use http::{HeaderValue, StatusCode};

use super::lock;
use super::response::{Ctx, JSON_CONTENT_TYPE, error_response};

/// The `Retry-After` header of a throttled response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Seconds(u64),
    /// `Retry-After: <IMF-fixdate>` (for example `Sun, 06 Nov 1994 08:49:37 GMT`).
    HttpDate(SystemTime),
    /// No `Retry-After` header.
    None,
}

/// One queued fault.
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    Throttle(RetryAfter),
    Unavailable,
    GatewayTimeout,
    Html,
    Empty(StatusCode),
    DropConnection,
    Delay(Duration),
    /// A response as given: status, content type, body.
    Raw(StatusCode, &'static str, Bytes),
}

/// The fault switches of a [`GraphServer`](super::GraphServer).
///
/// Switches queue up: each queued fault is taken by exactly one request, in arrival order,
/// before authentication and routing. A faulted request is recorded but never reaches the
/// store, except a delayed one, which is served normally after its delay.
#[derive(Clone, Debug, Default)]
pub struct Faults {
    queue: Arc<Mutex<VecDeque<Fault>>>,
    /// Faults for the parts of `$batch` requests, taken by parts in the order they run.
    parts: Arc<Mutex<VecDeque<Fault>>>,
}

impl Faults {
    /// The next `n` requests get `429 TooManyRequests` with `retry_after`.
    pub fn throttle_next(&self, n: u32, retry_after: RetryAfter) {
        self.push(n, Fault::Throttle(retry_after));
    }

    /// The next `n` requests get `503 ServiceUnavailable` without `Retry-After`.
    pub fn unavailable_next(&self, n: u32) {
        self.push(n, Fault::Unavailable);
    }

    /// The next `n` requests get `504 GatewayTimeout`.
    pub fn gateway_timeout_next(&self, n: u32) {
        self.push(n, Fault::GatewayTimeout);
    }

    /// The next request gets `500` with `Content-Type: text/html` and an HTML page.
    pub fn html_error_next(&self) {
        self.push(1, Fault::Html);
    }

    /// The next request gets `status` with an empty body and no content type.
    pub fn empty_error_next(&self, status: StatusCode) {
        self.push(1, Fault::Empty(status));
    }

    /// The next request gets a `200` whose headers promise more body (`Content-Length`) than
    /// is sent: part of a JSON body goes out, then the connection is closed.
    pub fn drop_connection_next(&self) {
        self.push(1, Fault::DropConnection);
    }

    /// The next request is served normally, after waiting `delay`.
    pub fn delay_next(&self, delay: Duration) {
        self.push(1, Fault::Delay(delay));
    }

    /// The next request gets `status` with `content_type` and `body` as given (a malformed
    /// answer, say a `200` to `$batch` that is not a batch response).
    pub fn respond_next(&self, status: StatusCode, content_type: &'static str, body: &'static str) {
        self.push(
            1,
            Fault::Raw(status, content_type, Bytes::from_static(body.as_bytes())),
        );
    }

    /// The next `n` parts of `$batch` requests (in the order the server runs them, across
    /// batches) get `429 TooManyRequests` with `retry_after` in the part's headers; the
    /// `$batch` request itself succeeds.
    pub fn throttle_next_parts(&self, n: u32, retry_after: RetryAfter) {
        let mut parts = lock(&self.parts);
        for _ in 0..n {
            parts.push_back(Fault::Throttle(retry_after));
        }
    }

    /// How many queued part faults are still waiting for a `$batch` part.
    pub fn pending_parts(&self) -> usize {
        lock(&self.parts).len()
    }

    /// How many queued faults are still waiting for a request.
    pub fn pending(&self) -> usize {
        lock(&self.queue).len()
    }

    /// Drops every queued fault.
    pub fn clear(&self) {
        lock(&self.queue).clear();
        lock(&self.parts).clear();
    }

    fn push(&self, n: u32, fault: Fault) {
        let mut queue = lock(&self.queue);
        for _ in 0..n {
            queue.push_back(fault.clone());
        }
    }

    /// Takes the fault for the request that just arrived.
    pub(crate) fn take(&self) -> Option<Fault> {
        lock(&self.queue).pop_front()
    }

    /// Takes the fault for the `$batch` part about to run.
    pub(crate) fn take_part(&self) -> Option<Fault> {
        lock(&self.parts).pop_front()
    }
}

/// The body promised by a dropped connection, of which only [`DROPPED_PREFIX`] is sent.
const DROPPED_LENGTH: usize = 4096;
const DROPPED_PREFIX: &[u8] = concat!(
    r#"{"@odata.context":"$metadata#identityGovernance/entitlementManagement/"#,
    r#"accessPackages","value":[{"id":""#
)
.as_bytes();

const HTML_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>500 - Internal server error.\
                         </title></head>\n<body><h1>Server Error</h1><h2>500 - Internal \
                         server error.</h2><p>There is a problem with the resource you are \
                         looking for, and it cannot be displayed.</p></body></html>\n";

impl Fault {
    /// The response of a fault other than [`Fault::Delay`].
    pub(crate) fn respond(self, ctx: &Ctx) -> Response {
        match self {
            Fault::Throttle(retry_after) => {
                let mut response = error_response(
                    ctx,
                    StatusCode::TOO_MANY_REQUESTS,
                    "TooManyRequests",
                    "Too many requests.",
                );
                let value = match retry_after {
                    RetryAfter::Seconds(seconds) => Some(seconds.to_string()),
                    RetryAfter::HttpDate(time) => Some(httpdate::fmt_http_date(time)),
                    RetryAfter::None => None,
                };
                if let Some(value) = value.and_then(|value| HeaderValue::from_str(&value).ok()) {
                    response.headers_mut().insert(RETRY_AFTER, value);
                }
                response
            }
            Fault::Unavailable => error_response(
                ctx,
                StatusCode::SERVICE_UNAVAILABLE,
                "ServiceUnavailable",
                "The service is temporarily unavailable. Please try again later.",
            ),
            Fault::GatewayTimeout => error_response(
                ctx,
                StatusCode::GATEWAY_TIMEOUT,
                "GatewayTimeout",
                "The gateway did not receive a response in time.",
            ),
            Fault::Html => {
                let mut response = Response::new(Body::from(HTML_PAGE));
                *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
                response.headers_mut().insert(
                    CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=utf-8"),
                );
                response
            }
            Fault::Empty(status) => {
                let mut response = Response::new(Body::empty());
                *response.status_mut() = status;
                response
            }
            Fault::DropConnection => dropped_connection(),
            Fault::Raw(status, content_type, body) => {
                let mut response = Response::new(Body::from(body));
                *response.status_mut() = status;
                response
                    .headers_mut()
                    .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
                response
            }
            Fault::Delay(_) => error_response(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "A delay fault cannot produce a response.",
            ),
        }
    }
}

/// Headers and part of the body, then a body error: hyper closes the connection without
/// completing the message, so the client sees a truncated body.
pub(crate) fn dropped_connection() -> Response {
    let first = stream::iter([Ok::<_, io::Error>(Bytes::from_static(DROPPED_PREFIX))]);
    // Pending for a moment first, so hyper flushes the headers and the prefix.
    let failure = stream::once(async {
        tokio::time::sleep(Duration::from_millis(20)).await;
        Err(io::Error::new(
            io::ErrorKind::ConnectionReset,
            "fault: connection dropped",
        ))
    });
    let mut response = Response::new(Body::from_stream(first.chain(failure)));
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(JSON_CONTENT_TYPE));
    headers.insert(CONTENT_LENGTH, HeaderValue::from(DROPPED_LENGTH));
    response
}
