//! Upload sessions as Graph runs them for drive items, for large file uploads.
//!
//! - `POST /{version}/me/drive/root:/{name}:/createUploadSession` (any path ending in
//!   `:/{name}:/createUploadSession`; authenticated like every route) opens a session and
//!   answers `{uploadUrl, expirationDateTime, nextExpectedRanges: ["0-"]}`. The path is not
//!   in the server's metadata: it is the test endpoint that gives upload URLs.
//! - The `uploadUrl` is `{origin}/upload/{id}?tempauth={secret}`, pre-authenticated: a
//!   request to it with `Authorization`, or without the right `tempauth`, gets `401`.
//!   - `PUT` with `Content-Range: bytes {a}-{b}/{total}` and `Content-Length` `b - a + 1`
//!     (at most 60 MiB), starting at the next byte the session expects (else `416`): `202`
//!     with `nextExpectedRanges`, and for the last range `201` with the driveItem `{id, name,
//!     size, file: {hashes: {sha256Hash}}}`, after which the session is gone.
//!   - `GET`: `200` with `nextExpectedRanges` and `expirationDateTime`.
//!   - `DELETE`: cancels the session (`204`).
//!   - A session that expired or was cancelled answers `404 itemNotFound`.
//!
//! A session never keeps the bytes: it counts them and hashes them as they arrive (sha256),
//! so a 50 MB upload costs the server one body frame at a time. Requests to an upload URL
//! are recorded without their bodies. [`UploadSessions`] is the handle for the faults
//! (a connection dropped in the middle of a range, sessions expiring) and the finished
//! files.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::response::Response;
use futures_util::StreamExt as _;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_RANGE};
use http::{HeaderValue, Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::response::{ApiError, Ctx, graph_timestamp, json_response, no_content};
use super::{Shared, authenticate, faults, lock};

/// The path prefix of upload URLs.
const UPLOAD_PREFIX: &str = "/upload/";

/// The path suffix that opens a session.
const CREATE_SUFFIX: &str = ":/createUploadSession";

/// The largest range Graph accepts in one request: 60 MiB.
const MAX_RANGE: u64 = 60 * 1024 * 1024;

/// How long a new session lasts (what its `expirationDateTime` says; expiry itself is
/// [`UploadSessions::expire_all`]).
const LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A file an upload session finished.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UploadedFile {
    /// The driveItem id it got.
    pub id: String,
    /// Its name, from the `createUploadSession` path.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
    /// The sha256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// The upload sessions of a [`GraphServer`](super::GraphServer): faults to inject, and what
/// they received. Clones share the sessions (so a test can expire them from a progress
/// callback).
#[derive(Clone, Debug, Default)]
pub struct UploadSessions {
    state: Arc<Mutex<State>>,
}

#[derive(Debug, Default)]
struct State {
    sessions: BTreeMap<String, Session>,
    /// The next range's connection drops after this many of its bytes.
    drop_after: Option<u64>,
    completed: Vec<UploadedFile>,
}

#[derive(Debug)]
struct Session {
    name: String,
    secret: String,
    expires: SystemTime,
    /// From the first range's `Content-Range`.
    total: Option<u64>,
    /// Bytes received (and hashed).
    received: u64,
    /// The running hash; `None` while a range is being received.
    hasher: Option<Sha256>,
}

impl UploadSessions {
    /// The next range `PUT` keeps its first `bytes` bytes (the session counts them as
    /// received), then the server drops the connection without a complete answer.
    pub fn drop_connection_after(&self, bytes: u64) {
        lock(&self.state).drop_after = Some(bytes);
    }

    /// Every open session expires: requests to its upload URL get `404` from now on.
    pub fn expire_all(&self) {
        lock(&self.state).sessions.clear();
    }

    /// How many sessions are open.
    pub fn open(&self) -> usize {
        lock(&self.state).sessions.len()
    }

    /// The files finished so far, in order.
    pub fn completed(&self) -> Vec<UploadedFile> {
        lock(&self.state).completed.clone()
    }
}

/// Whether `path` is an upload URL's or opens a session (handled here, not by the routes).
pub(crate) fn handles(path: &str) -> bool {
    path.starts_with(UPLOAD_PREFIX) || path.ends_with(CREATE_SUFFIX)
}

/// Serves a request for which [`handles`] is true: records it (without its body), applies a
/// queued fault, then opens a session or serves its upload URL.
pub(crate) async fn handle(shared: &Shared, request: Request) -> Response {
    let fault = shared.faults.take();
    let (parts, body) = request.into_parts();
    shared.record(&parts, bytes::Bytes::new());
    let ctx = Ctx::new(shared, &parts);
    if let Some(fault) = fault {
        if let faults::Fault::Delay(delay) = fault {
            tokio::time::sleep(delay).await;
        } else {
            return with_request_id(&ctx, fault.respond(&ctx));
        }
    }
    let uploads = &shared.uploads;
    let result = match ctx.raw_path.strip_prefix(UPLOAD_PREFIX) {
        Some(id) => serve_session(uploads, &ctx, id, body).await,
        None => match authenticate(shared, &ctx) {
            Ok(()) => create(uploads, &ctx, body).await,
            Err(e) => Err(e),
        },
    };
    let response = result.unwrap_or_else(|error| error.into_response(&ctx));
    with_request_id(&ctx, response)
}

fn with_request_id(ctx: &Ctx, mut response: Response) -> Response {
    if let Ok(value) = HeaderValue::from_str(&ctx.request_id) {
        response.headers_mut().insert("request-id", value);
    }
    response
}

/// `POST …:/{name}:/createUploadSession`.
async fn create(uploads: &UploadSessions, ctx: &Ctx, body: Body) -> Result<Response, ApiError> {
    if ctx.method != Method::POST {
        return Err(ApiError::method_not_allowed("POST"));
    }
    // The body (`{"item": {...}}`) is optional and not used; it must still be JSON.
    let body = to_bytes(body, 64 * 1024)
        .await
        .map_err(|_| ApiError::bad_request("The request body could not be read."))?;
    if !body.is_empty() && serde_json::from_slice::<Value>(&body).is_err() {
        return Err(ApiError::bad_request("The request body is not JSON."));
    }
    let path = ctx.raw_path.trim_end_matches(CREATE_SUFFIX);
    let name = path.rsplit(":/").next().unwrap_or_default();
    if name.is_empty() || !path.contains(":/") {
        return Err(ApiError::bad_request(
            "Expected …:/{file name}:/createUploadSession.",
        ));
    }
    let id = Uuid::new_v4().simple().to_string();
    let secret = Uuid::new_v4().simple().to_string();
    let expires = SystemTime::now() + LIFETIME;
    lock(&uploads.state).sessions.insert(
        id.clone(),
        Session {
            name: percent_encoding::percent_decode_str(name)
                .decode_utf8_lossy()
                .into_owned(),
            secret: secret.clone(),
            expires,
            total: None,
            received: 0,
            hasher: Some(Sha256::new()),
        },
    );
    let body = json!({
        "@odata.context": format!("{}/$metadata#microsoft.graph.uploadSession", ctx.root()),
        "uploadUrl": format!("{}{UPLOAD_PREFIX}{id}?tempauth={secret}", ctx.origin),
        "expirationDateTime": graph_timestamp(expires),
        "nextExpectedRanges": ["0-"],
    });
    Ok(json_response(StatusCode::OK, &body))
}

/// A request to an upload URL.
async fn serve_session(
    uploads: &UploadSessions,
    ctx: &Ctx,
    id: &str,
    body: Body,
) -> Result<Response, ApiError> {
    if ctx.headers.contains_key(AUTHORIZATION) {
        return Err(ApiError::unauthorized(
            "An upload URL is pre-authenticated: the request must not have an Authorization \
             header.",
        ));
    }
    {
        let state = lock(&uploads.state);
        let session = state.sessions.get(id).ok_or_else(gone)?;
        let tempauth = ctx
            .raw_query
            .as_deref()
            .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("tempauth=")));
        if tempauth != Some(session.secret.as_str()) {
            return Err(ApiError::unauthorized(
                "The tempauth token is missing or invalid.",
            ));
        }
    }
    match ctx.method {
        Method::GET => {
            let state = lock(&uploads.state);
            let session = state.sessions.get(id).ok_or_else(gone)?;
            Ok(json_response(StatusCode::OK, &status(session)))
        }
        Method::DELETE => {
            lock(&uploads.state).sessions.remove(id);
            Ok(no_content())
        }
        Method::PUT => put(uploads, ctx, id, body).await,
        _ => Err(ApiError::method_not_allowed("GET, PUT, DELETE")),
    }
}

/// `404 itemNotFound`: the session expired or was cancelled.
fn gone() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        "The upload session was not found: it expired or was cancelled.",
    )
}

/// The session's status: what a `202` and a `GET` answer.
fn status(session: &Session) -> Value {
    let range = match session.total {
        Some(total) => format!("{}-{}", session.received, total - 1),
        None => format!("{}-", session.received),
    };
    json!({
        "expirationDateTime": graph_timestamp(session.expires),
        "nextExpectedRanges": [range],
    })
}

/// `Content-Range: bytes {start}-{end}/{total}` with `start <= end < total`.
fn content_range(ctx: &Ctx) -> Result<(u64, u64, u64), ApiError> {
    let invalid = || ApiError::bad_request("Content-Range must be `bytes {first}-{last}/{total}`.");
    let text = ctx
        .headers
        .get(CONTENT_RANGE)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(invalid)?;
    let (range, total) = text
        .strip_prefix("bytes ")
        .and_then(|r| r.split_once('/'))
        .ok_or_else(invalid)?;
    let (start, end) = range.split_once('-').ok_or_else(invalid)?;
    let number = |s: &str| s.trim().parse::<u64>().map_err(|_| invalid());
    let (start, end, total) = (number(start)?, number(end)?, number(total)?);
    if start > end || end >= total {
        return Err(invalid());
    }
    Ok((start, end, total))
}

/// `PUT` of one range: hashed frame by frame as it arrives.
async fn put(
    uploads: &UploadSessions,
    ctx: &Ctx,
    id: &str,
    body: Body,
) -> Result<Response, ApiError> {
    let (start, end, total) = content_range(ctx)?;
    let len = end - start + 1;
    let declared = ctx
        .headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared != Some(len) {
        return Err(ApiError::bad_request(format!(
            "Content-Length must be {len}, the length of the Content-Range."
        )));
    }
    if len > MAX_RANGE {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "invalidRange",
            "A range may have at most 60 MiB.",
        ));
    }
    let (mut hasher, drop_after) = {
        let mut state = lock(&uploads.state);
        let drop_after = state.drop_after;
        let session = state.sessions.get_mut(id).ok_or_else(gone)?;
        if session.total.is_some_and(|t| t != total) {
            return Err(ApiError::bad_request(
                "The total size differs from the earlier ranges'.",
            ));
        }
        if start != session.received {
            return Err(ApiError::new(
                StatusCode::RANGE_NOT_SATISFIABLE,
                "invalidRange",
                format!(
                    "The session expects byte {} next: ask the upload URL for \
                     nextExpectedRanges.",
                    session.received
                ),
            ));
        }
        let Some(hasher) = session.hasher.take() else {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "resourceModified",
                "Another range of this session is being uploaded.",
            ));
        };
        session.total = Some(total);
        state.drop_after = None;
        (hasher, drop_after)
    };
    let keep = drop_after.map_or(len, |n| n.min(len));
    let mut got = 0_u64;
    let mut frames = body.into_data_stream();
    let mut failed = false;
    while got < keep {
        match frames.next().await {
            Some(Ok(frame)) => {
                let take = (keep - got).min(frame.len() as u64);
                hasher.update(&frame[..take as usize]);
                got += take;
            }
            Some(Err(_)) | None => {
                failed = true;
                break;
            }
        }
    }
    if !failed && drop_after.is_none() {
        // The end of the body: until hyper has seen it, it does not keep the connection for
        // the next range (it would close it, and the client open a new one per range).
        failed = !matches!(frames.next().await, None | Some(Ok(_)));
    }
    let mut state = lock(&uploads.state);
    let State {
        sessions,
        completed,
        ..
    } = &mut *state;
    // Expired while the range came in: what arrived is lost with the session.
    let session = sessions.get_mut(id).ok_or_else(gone)?;
    session.received += got;
    if drop_after.is_some() {
        session.hasher = Some(hasher);
        return Ok(faults::dropped_connection());
    }
    if failed {
        session.hasher = Some(hasher);
        return Err(ApiError::bad_request(format!(
            "The range ended after {got} of its {len} bytes."
        )));
    }
    if session.received < total {
        session.hasher = Some(hasher);
        return Ok(json_response(StatusCode::ACCEPTED, &status(session)));
    }
    let sha256: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let file = UploadedFile {
        id: format!("01{}", Uuid::new_v4().simple()).to_uppercase(),
        name: session.name.clone(),
        size: total,
        sha256,
    };
    sessions.remove(id);
    let item = json!({
        "@odata.context": format!("{}/v1.0/$metadata#drives('b!local')/items/$entity", ctx.origin),
        "id": file.id,
        "name": file.name,
        "size": file.size,
        "createdDateTime": graph_timestamp(SystemTime::now()),
        "file": {
            "mimeType": "application/octet-stream",
            "hashes": { "sha256Hash": file.sha256.to_uppercase() },
        },
    });
    completed.push(file);
    Ok(json_response(StatusCode::CREATED, &item))
}
