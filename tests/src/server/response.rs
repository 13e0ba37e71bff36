//! The request context, Graph's error bodies and the JSON responses every handler builds.

use std::time::SystemTime;

use axum::body::Body;
use axum::response::Response;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use http::header::{ALLOW, CONTENT_TYPE, LOCATION, WWW_AUTHENTICATE};
use http::{HeaderMap, Method, StatusCode};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Shared;

/// The content type Graph gives its JSON responses.
pub(crate) const JSON_CONTENT_TYPE: &str = "application/json;odata.metadata=minimal;\
                                            odata.streaming=true;IEEE754Compatible=false;\
                                            charset=utf-8";

/// Characters left as they are in a path segment the server writes: RFC 3986 unreserved.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// What handlers know about the request besides its body.
#[derive(Debug)]
pub(crate) struct Ctx {
    /// `http://127.0.0.1:PORT`.
    pub(crate) origin: String,
    /// `127.0.0.1:PORT`.
    pub(crate) authority: String,
    /// `v1.0` or `beta` (empty when the path has neither).
    pub(crate) version: String,
    pub(crate) method: Method,
    /// The path as received, still percent-encoded.
    pub(crate) raw_path: String,
    /// The query as received, still percent-encoded.
    pub(crate) raw_query: Option<String>,
    pub(crate) headers: HeaderMap,
    /// The `request-id` of the response (a fresh UUID).
    pub(crate) request_id: String,
    /// The request's `client-request-id`, echoed back.
    pub(crate) client_request_id: Option<String>,
    pub(crate) page_size: usize,
}

impl Ctx {
    pub(crate) fn new(shared: &Shared, parts: &http::request::Parts) -> Ctx {
        let raw_path = parts.uri.path().to_owned();
        let version = raw_path
            .trim_start_matches('/')
            .split('/')
            .next()
            .filter(|first| matches!(*first, "v1.0" | "beta"))
            .unwrap_or_default()
            .to_owned();
        Ctx {
            authority: shared.origin.trim_start_matches("http://").to_owned(),
            origin: shared.origin.clone(),
            version,
            method: parts.method.clone(),
            raw_path,
            raw_query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            request_id: Uuid::new_v4().to_string(),
            client_request_id: parts
                .headers
                .get("client-request-id")
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned),
            page_size: shared.page_size,
        }
    }

    /// The service root of the request's version: `http://127.0.0.1:PORT/v1.0`.
    pub(crate) fn root(&self) -> String {
        format!("{}/{}", self.origin, self.version)
    }

    /// An `@odata.context` URL: `{root}/$metadata#{fragment}`.
    pub(crate) fn context(&self, fragment: &str) -> String {
        format!("{}/$metadata#{fragment}", self.root())
    }

    /// The canonical URL of an access package.
    pub(crate) fn package_url(&self, id: &str) -> String {
        format!(
            "{}/identityGovernance/entitlementManagement/accessPackages/{}",
            self.root(),
            encode_segment(id)
        )
    }

    /// The canonical URL of a group.
    pub(crate) fn group_url(&self, id: &str) -> String {
        format!("{}/groups/{}", self.root(), encode_segment(id))
    }
}

/// A failed request: becomes Graph's error body with the request's ids.
#[derive(Debug)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    allow: Option<&'static str>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            allow: None,
        }
    }

    /// `400 BadRequest`: a body or option Graph cannot read.
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "BadRequest", message)
    }

    /// `400 Request_BadRequest`: a well-formed request Graph refuses (bad `$ref` targets).
    pub(crate) fn request_bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
    }

    /// `400 Request_UnsupportedQuery`.
    pub(crate) fn unsupported_query(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message)
    }

    /// `404 Request_ResourceNotFound` with Graph's message for a missing object.
    pub(crate) fn resource_not_found(id: &str) -> Self {
        Self::not_found(format!(
            "Resource '{id}' does not exist or one of its queried reference-property objects \
             are not present."
        ))
    }

    /// `404 Request_ResourceNotFound` with a message of its own.
    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "Request_ResourceNotFound", message)
    }

    /// `401 InvalidAuthenticationToken` (the message never quotes the presented token).
    pub(crate) fn unauthorized(message: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    /// `405` for a known path, with its `Allow` header.
    pub(crate) fn method_not_allowed(allow: &'static str) -> Self {
        ApiError {
            allow: Some(allow),
            ..Self::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.",
            )
        }
    }

    pub(crate) fn into_response(self, ctx: &Ctx) -> Response {
        let mut response = error_response(ctx, self.status, self.code, &self.message);
        let headers = response.headers_mut();
        if let Some(allow) = self.allow {
            headers.insert(ALLOW, http::HeaderValue::from_static(allow));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            headers.insert(
                WWW_AUTHENTICATE,
                http::HeaderValue::from_static("Bearer realm=\"\", error=\"invalid_token\""),
            );
        }
        response
    }
}

/// What handlers return.
pub(crate) type ApiResult = Result<Response, ApiError>;

/// Graph's error body: `{"error":{"code","message","innerError":{...}}}`.
pub(crate) fn error_body(ctx: &Ctx, code: &str, message: &str) -> Value {
    let mut inner = Map::new();
    inner.insert("date".into(), inner_error_date(SystemTime::now()).into());
    inner.insert("request-id".into(), ctx.request_id.clone().into());
    if let Some(client_request_id) = &ctx.client_request_id {
        inner.insert("client-request-id".into(), client_request_id.clone().into());
    }
    json!({"error": {"code": code, "message": message, "innerError": inner}})
}

/// A Graph error response.
pub(crate) fn error_response(ctx: &Ctx, status: StatusCode, code: &str, message: &str) -> Response {
    json_response(status, &error_body(ctx, code, message))
}

/// A JSON response with Graph's content type.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> Response {
    let bytes = Bytes::from(serde_json::to_vec(value).unwrap_or_default());
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        http::HeaderValue::from_static(JSON_CONTENT_TYPE),
    );
    response
}

/// `201 Created` with the object and its `Location`.
pub(crate) fn created(value: &Value, location: &str) -> Response {
    let mut response = json_response(StatusCode::CREATED, value);
    if let Ok(location) = http::HeaderValue::from_str(location) {
        response.headers_mut().insert(LOCATION, location);
    }
    response
}

/// `204 No Content`.
pub(crate) fn no_content() -> Response {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// A timestamp as Graph writes them: RFC 3339, UTC, seven fraction digits.
pub(crate) fn graph_timestamp(time: SystemTime) -> String {
    let time = DateTime::<Utc>::from(time);
    let ticks = (time.timestamp_subsec_nanos() / 100).min(9_999_999);
    format!("{}.{ticks:07}Z", time.format("%Y-%m-%dT%H:%M:%S"))
}

/// The `innerError.date` of Graph's error bodies: seconds, no zone designator.
pub(crate) fn inner_error_date(time: SystemTime) -> String {
    DateTime::<Utc>::from(time)
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

/// Percent-encodes a key for a path segment.
pub(crate) fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, SEGMENT).to_string()
}

/// Reads a JSON object request body, as Graph does: the content type must be JSON.
pub(crate) fn json_object(ctx: &Ctx, body: &Bytes) -> Result<Map<String, Value>, ApiError> {
    const UNREADABLE: &str = "Unable to read JSON request payload. Please ensure Content-Type \
                              header is set and payload is of valid JSON format.";
    let is_json = ctx
        .headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| {
            value
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(ApiError::bad_request(UNREADABLE));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(ApiError::bad_request(
            "The request body must be a JSON object.",
        )),
        Err(_) => Err(ApiError::bad_request(UNREADABLE)),
    }
}
