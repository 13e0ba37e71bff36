//! `POST /{version}/$batch`: Graph's JSON batching. Each part goes through the same routing
//! as a request of its own (with the batch's authentication), in order; a part whose
//! `dependsOn` includes a failed part gets `424` without running. More than 20 parts is a
//! `400` for the whole batch.

use std::collections::BTreeMap;

use axum::body::to_bytes;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use futures_util::FutureExt;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};
use uuid::Uuid;

use super::Shared;
use super::response::{ApiError, ApiResult, Ctx, error_response, json_response};
use super::routes;

/// The most parts Graph takes in one batch.
pub(crate) const MAX_PARTS: usize = 20;

/// Whether the request is `…/{version}/$batch` (any method).
pub(crate) fn is_batch(ctx: &Ctx) -> bool {
    !ctx.version.is_empty()
        && percent_decode_str(&ctx.raw_path)
            .decode_utf8()
            .is_ok_and(|path| path == format!("/{}/$batch", ctx.version))
}

/// One part as the batch gave it.
struct Part {
    id: String,
    method: Method,
    /// Below the service root, without the query.
    path: String,
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
    depends_on: Vec<String>,
}

/// `POST …/$batch`: every part answered, in the order given.
pub(crate) fn serve(shared: &Shared, ctx: &Ctx, body: &Bytes) -> ApiResult {
    if ctx.method != Method::POST {
        return Err(ApiError::method_not_allowed("POST"));
    }
    let parts = parse(body)?;
    let mut statuses: BTreeMap<&str, StatusCode> = BTreeMap::new();
    let mut responses = Vec::with_capacity(parts.len());
    for part in &parts {
        let part_ctx = part_ctx(ctx, part);
        let failed = part.depends_on.iter().find(|d| {
            statuses
                .get(d.as_str())
                .is_some_and(|status| !status.is_success())
        });
        let response = match (failed, shared.faults.take_part()) {
            (Some(dependency), _) => error_response(
                &part_ctx,
                StatusCode::FAILED_DEPENDENCY,
                "FailedDependency",
                &format!("The request depends on request '{dependency}', which failed."),
            ),
            (None, Some(fault)) => fault.respond(&part_ctx),
            (None, None) => routes::dispatch(&shared.store, &part_ctx, &part.body)
                .unwrap_or_else(|error| error.into_response(&part_ctx)),
        };
        statuses.insert(&part.id, response.status());
        responses.push(answer(&part.id, &part_ctx, response)?);
    }
    Ok(json_response(
        StatusCode::OK,
        &json!({ "responses": responses }),
    ))
}

/// The parts of a batch body, checked: at most [`MAX_PARTS`], unique ids, `dependsOn` on
/// earlier ids.
fn parse(body: &Bytes) -> Result<Vec<Part>, ApiError> {
    let bad = |message: String| ApiError::bad_request(format!("Invalid batch payload: {message}"));
    let value: Value = serde_json::from_slice(body).map_err(|e| bad(e.to_string()))?;
    let requests = value
        .get("requests")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("the body must be {\"requests\": [...]}.".into()))?;
    if requests.len() > MAX_PARTS {
        return Err(ApiError::bad_request(format!(
            "The batch holds {} requests; the limit is {MAX_PARTS}.",
            requests.len()
        )));
    }
    let mut parts: Vec<Part> = Vec::with_capacity(requests.len());
    for request in requests {
        let text = |name: &str| {
            request
                .get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| bad(format!("a request without a string `{name}`.")))
        };
        let id = text("id")?.to_owned();
        if parts.iter().any(|p| p.id == id) {
            return Err(bad(format!("the id '{id}' is used twice.")));
        }
        let method = Method::from_bytes(text("method")?.to_ascii_uppercase().as_bytes())
            .map_err(|_| bad(format!("request '{id}' has an invalid method.")))?;
        let url = text("url")?;
        if url.contains("://") {
            return Err(bad(format!(
                "request '{id}' has an absolute url; urls are relative to the service root."
            )));
        }
        let url = url.trim_start_matches('/');
        let (path, query) = match url.split_once('?') {
            Some((path, query)) => (path.to_owned(), Some(query.to_owned())),
            None => (url.to_owned(), None),
        };
        let mut headers = HeaderMap::new();
        if let Some(given) = request.get("headers") {
            let given = given
                .as_object()
                .ok_or_else(|| bad(format!("the headers of request '{id}' are not an object.")))?;
            for (name, value) in given {
                let header = value.as_str().and_then(|value| {
                    Some((
                        HeaderName::try_from(name.as_str()).ok()?,
                        HeaderValue::try_from(value).ok()?,
                    ))
                });
                let (name, value) =
                    header.ok_or_else(|| bad(format!("request '{id}' has an invalid header.")))?;
                headers.append(name, value);
            }
        }
        let mut depends_on = Vec::new();
        for dependency in request
            .get("dependsOn")
            .map(|d| d.as_array().cloned().unwrap_or_default())
            .unwrap_or_default()
        {
            let dependency = dependency
                .as_str()
                .filter(|d| parts.iter().any(|p| p.id == *d))
                .ok_or_else(|| {
                    bad(format!(
                        "request '{id}' depends on {dependency}, which is not an earlier request."
                    ))
                })?;
            depends_on.push(dependency.to_owned());
        }
        let body = part_body(request.get("body"), &headers)
            .ok_or_else(|| bad(format!("the body of request '{id}' is not valid.")))?;
        parts.push(Part {
            id,
            method,
            path,
            query,
            headers,
            body,
            depends_on,
        });
    }
    Ok(parts)
}

/// A part's body as bytes: JSON as JSON, a string of another content type base64-decoded.
fn part_body(body: Option<&Value>, headers: &HeaderMap) -> Option<Bytes> {
    match body {
        None | Some(Value::Null) => Some(Bytes::new()),
        Some(Value::String(text)) if !is_json(headers) => {
            STANDARD.decode(text).ok().map(Bytes::from)
        }
        Some(value) => serde_json::to_vec(value).ok().map(Bytes::from),
    }
}

fn is_json(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        })
}

/// The context of a part: the batch's, with the part's method, path, query and headers and
/// a `request-id` of its own.
fn part_ctx(ctx: &Ctx, part: &Part) -> Ctx {
    Ctx {
        origin: ctx.origin.clone(),
        authority: ctx.authority.clone(),
        version: ctx.version.clone(),
        method: part.method.clone(),
        raw_path: format!("/{}/{}", ctx.version, part.path),
        raw_query: part.query.clone(),
        headers: part.headers.clone(),
        request_id: Uuid::new_v4().to_string(),
        client_request_id: ctx.client_request_id.clone(),
        page_size: ctx.page_size,
    }
}

/// A part's answer: `{"id", "status", "headers", "body"}`, the body as JSON when it is,
/// base64 otherwise.
fn answer(id: &str, ctx: &Ctx, response: Response) -> Result<Value, ApiError> {
    let (head, body) = response.into_parts();
    // Handlers answer with bodies already in memory: the first poll has them.
    let body = to_bytes(body, usize::MAX)
        .now_or_never()
        .and_then(Result::ok)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "InternalServerError",
                "A batch part's response body could not be read.",
            )
        })?;
    let mut headers = Map::new();
    headers.insert("request-id".into(), ctx.request_id.clone().into());
    for (name, value) in &head.headers {
        if let Ok(value) = value.to_str() {
            headers.insert(name.as_str().to_owned(), value.into());
        }
    }
    let mut out = Map::new();
    out.insert("id".into(), id.into());
    out.insert("status".into(), head.status.as_u16().into());
    out.insert("headers".into(), Value::Object(headers));
    if !body.is_empty() {
        let value = if is_json(&head.headers) {
            serde_json::from_slice(&body).unwrap_or_else(|_| STANDARD.encode(&body).into())
        } else {
            STANDARD.encode(&body).into()
        };
        out.insert("body".into(), value);
    }
    Ok(Value::Object(out))
}
