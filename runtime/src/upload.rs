//! Large file uploads through an upload session: Graph's `createUploadSession` gives an
//! `uploadUrl`, to which the file is sent in ranges (`PUT` with `Content-Range`), each a
//! multiple of 320 KiB, the last one answered with the created item.
//!
//! [`LargeFileUpload`] reads the file from any [`AsyncRead`] one chunk at a time and keeps
//! only that chunk in memory until the session has acknowledged it. A range that fails
//! (a dropped connection, a timeout, a `5xx` or `416` answer) is resumed where the session
//! says (`GET` on the `uploadUrl`, `nextExpectedRanges`), from the chunk still held. A source
//! is read once and never rewound, so a session that asks for bytes before the held chunk
//! (which it had acknowledged) cannot be resumed: that is [`UploadError::CannotResume`].
//!
//! The `uploadUrl` is pre-authenticated: its ranges and status queries go through the
//! client's transport, retry policy and timeout, but without `Authorization` (Graph may
//! refuse a request to it that has one), and errors name it without its query, which holds
//! its credential.

use std::fmt;

use bytes::Bytes;
use http::header::{ACCEPT, CONTENT_RANGE, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Response, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::io::{AsyncRead, AsyncReadExt as _};

use crate::decode::{Decode as _, Json};
use crate::error::{Exchange, ServiceError};
use crate::request::APPLICATION_JSON;
use crate::send::Outgoing;
use crate::trace::UrlTemplate;
use crate::{Client, Error};

/// What every chunk size must be a multiple of: 320 KiB (327,680 bytes), as Graph requires.
pub const CHUNK_QUANTUM: usize = 320 * 1024;

/// The largest chunk Graph accepts in one request: 60 MiB (192 × 320 KiB).
const MAX_CHUNK: usize = 192 * CHUNK_QUANTUM;

/// The default chunk: 10 MiB (32 × 320 KiB), the top of the 5–10 MiB Graph recommends.
const DEFAULT_CHUNK: usize = 32 * CHUNK_QUANTUM;

/// Failed ranges in a row resumed before the upload gives up.
const DEFAULT_MAX_RESUMES: u32 = 3;

/// The answer to `createUploadSession`, or to a `GET` on its `uploadUrl`.
///
/// Its `Debug` leaves out the `uploadUrl`'s query, which is the URL's credential.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UploadSession {
    /// Where the ranges are sent: an absolute, pre-authenticated URL.
    pub upload_url: String,
    /// When the session expires, as the service wrote it.
    #[serde(default)]
    pub expiration_date_time: Option<String>,
    /// The ranges the session still needs (`"0-"`, `"26214400-"`, `"0-1048575"`).
    #[serde(default)]
    pub next_expected_ranges: Vec<String>,
}

impl fmt::Debug for UploadSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UploadSession")
            .field("upload_url", &without_query(&self.upload_url))
            .field("expiration_date_time", &self.expiration_date_time)
            .field("next_expected_ranges", &self.next_expected_ranges)
            .finish()
    }
}

impl UploadSession {
    /// `POST`s `body` (JSON, such as `{"item": {"@microsoft.graph.conflictBehavior":
    /// "replace"}}`) to `path`, a `…/createUploadSession` path under the client's base URL
    /// (`/me/drive/root:/backup.tar:/createUploadSession`; a `/` is inserted if it does not
    /// start with one), with the client's token.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`], and what [`Client::send`] returns.
    pub async fn create(
        client: &Client,
        path: &str,
        body: &impl serde::Serialize,
    ) -> Result<UploadSession, Error> {
        let slash = if path.starts_with('/') { "" } else { "/" };
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(APPLICATION_JSON));
        let body = serde_json::to_vec(body).map_err(Error::Serialize)?;
        let outgoing = Outgoing {
            method: Method::POST,
            url: format!("{}{slash}{path}", client.base_url()),
            headers,
            body: Bytes::from(body),
            // The path is the caller's, with ids in it.
            template: labelled("{createUploadSession}"),
        };
        let (response, exchange) = client.execute(outgoing).await?;
        Json::<UploadSession>::decode(response, &exchange)
    }

    /// An upload of `total_size` bytes read from `source` to this session.
    pub fn upload<R>(&self, client: &Client, total_size: u64, source: R) -> LargeFileUpload<R> {
        LargeFileUpload::new(client, self.upload_url.clone(), total_size, source)
    }
}

/// How far an upload is: bytes the session has acknowledged, of the total.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UploadProgress {
    /// Bytes the session has acknowledged.
    pub uploaded: u64,
    /// Bytes in all.
    pub total: u64,
}

/// Why a large file upload could not go on ([`Error::Upload`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UploadError {
    /// A chunk size that is not a multiple of 320 KiB between 320 KiB and 60 MiB.
    #[error(
        "the chunk size {size} is not a multiple of 320 KiB (327,680 bytes) from 320 KiB to \
         60 MiB, as upload sessions require"
    )]
    InvalidChunkSize {
        /// The size given.
        size: usize,
    },
    /// A total size of zero: an upload session needs at least one byte.
    #[error("an upload session needs at least one byte to upload")]
    EmptySource,
    /// The source ended before the total size declared.
    #[error("the source ended after {read} bytes, before the {declared} bytes the upload declared")]
    SourceTooShort {
        /// The total size declared.
        declared: u64,
        /// The bytes the source had.
        read: u64,
    },
    /// The source had more bytes than the total size declared (the last range is not sent).
    #[error("the source has more than the {declared} bytes the upload declared")]
    SourceTooLong {
        /// The total size declared.
        declared: u64,
    },
    /// Reading the source failed.
    #[error("reading the source failed after {read} bytes: {source}")]
    Read {
        /// The bytes read before the failure.
        read: u64,
        /// What the reader reported.
        #[source]
        source: std::io::Error,
    },
    /// The session answered `404 Not Found`: it expired or was cancelled.
    #[error(
        "{error}: the upload session has expired or was cancelled; create a new upload \
         session and upload the file again from the start"
    )]
    SessionExpired {
        /// The `404` answer.
        error: Box<ServiceError>,
    },
    /// The answer to the last range was lost, and the session is gone since: the file was
    /// probably created (a finished session no longer exists).
    #[error(
        "{error}: the answer to the last range was lost and the upload session is gone: the \
         file was probably created; check it before uploading it again in a new session"
    )]
    LastRangeUnconfirmed {
        /// The `404` answer to the status query.
        error: Box<ServiceError>,
    },
    /// The session wants bytes outside the chunk held: the source cannot be rewound.
    #[error(
        "{exchange}: the upload session expects byte {expected} next, but only bytes \
         {held_start}..{held_end} are held (the source is read once): upload the file again \
         in a new session"
    )]
    CannotResume {
        /// The answer that said so.
        exchange: Exchange,
        /// The offset the session expects.
        expected: u64,
        /// The first byte held.
        held_start: u64,
        /// The end (exclusive) of the bytes held.
        held_end: u64,
    },
    /// The session's answer contradicts the upload (no expected range, the item before the
    /// last byte).
    #[error("{exchange}: the upload session's answer makes no sense: {detail}")]
    Protocol {
        /// The answer's exchange.
        exchange: Exchange,
        /// What was wrong.
        detail: String,
    },
}

impl UploadError {
    /// The exchange of a failure the service reported.
    pub fn exchange(&self) -> Option<&Exchange> {
        match self {
            UploadError::SessionExpired { error } | UploadError::LastRangeUnconfirmed { error } => {
                Some(&error.exchange)
            }
            UploadError::CannotResume { exchange, .. } | UploadError::Protocol { exchange, .. } => {
                Some(exchange)
            }
            _ => None,
        }
    }
}

impl From<UploadError> for Error {
    fn from(e: UploadError) -> Self {
        Error::Upload(Box::new(e))
    }
}

/// Uploads a file of known size from an [`AsyncRead`] to an upload session, chunk by chunk,
/// in memory bounded by the chunk size (default 10 MiB).
///
/// Made by [`UploadSession::upload`] or [`LargeFileUpload::new`]; [`send`](Self::send) does
/// the upload and returns the created item (the last range's `200`/`201` body) as any
/// `T: DeserializeOwned`.
///
/// Each chunk stays in memory until the session acknowledges it. A range that fails (a
/// dropped connection, a timeout, a `5xx` or `416` answer) is resumed where the session says
/// (`GET` on the `uploadUrl`, `nextExpectedRanges`), from the chunk still held, up to
/// [`max_resumes`](Self::max_resumes) failures in a row. The source is read once and never
/// rewound, so a session that asks for bytes before the held chunk ends the upload
/// ([`UploadError::CannotResume`]), as an expired one does ([`UploadError::SessionExpired`]).
/// The `uploadUrl` carries its own credential: ranges and status queries go through the
/// client's transport, retry policy and timeout, but without `Authorization`.
///
/// ```no_run
/// use graphgen_runtime::{CHUNK_QUANTUM, Client, Error, UploadSession};
///
/// #[derive(serde::Deserialize)]
/// struct DriveItem {
///     id: String,
///     size: u64,
/// }
///
/// async fn backup(
///     client: &Client,
///     file: impl tokio::io::AsyncRead + Unpin + Send,
///     size: u64,
/// ) -> Result<DriveItem, Error> {
///     let session = UploadSession::create(
///         client,
///         "/me/drive/root:/backup.tar:/createUploadSession",
///         &serde_json::json!({ "item": { "@microsoft.graph.conflictBehavior": "replace" } }),
///     )
///     .await?;
///     let item: DriveItem = session
///         .upload(client, size, file)
///         .chunk_size(16 * CHUNK_QUANTUM)? // 5 MiB
///         .on_progress(|p| eprintln!("{} of {} bytes", p.uploaded, p.total))
///         .send()
///         .await?;
///     println!("uploaded {} ({} bytes)", item.id, item.size);
///     Ok(item)
/// }
/// ```
pub struct LargeFileUpload<R> {
    client: Client,
    upload_url: String,
    total: u64,
    chunk_size: usize,
    max_resumes: u32,
    source: R,
    progress: Option<Box<dyn FnMut(UploadProgress) + Send>>,
}

impl<R> fmt::Debug for LargeFileUpload<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LargeFileUpload")
            .field("upload_url", &without_query(&self.upload_url))
            .field("total", &self.total)
            .field("chunk_size", &self.chunk_size)
            .field("max_resumes", &self.max_resumes)
            .finish_non_exhaustive()
    }
}

/// The session's answer to a range.
enum Answer {
    /// `202 Accepted`: the offset it expects next.
    Next(u64, Exchange),
    /// `200`/`201`: the created item.
    Done(Response<Bytes>, Exchange),
}

impl<R> LargeFileUpload<R> {
    /// An upload of `total_size` bytes read from `source` to the session at `upload_url`
    /// (its `uploadUrl`), sent through `client`'s transport, retry policy and timeout.
    pub fn new(client: &Client, upload_url: impl Into<String>, total_size: u64, source: R) -> Self {
        LargeFileUpload {
            client: client.clone(),
            upload_url: upload_url.into(),
            total: total_size,
            chunk_size: DEFAULT_CHUNK,
            max_resumes: DEFAULT_MAX_RESUMES,
            source,
            progress: None,
        }
    }

    /// Sends the file in ranges of `bytes` (default 10 MiB), the most held in memory.
    ///
    /// # Errors
    ///
    /// [`UploadError::InvalidChunkSize`] unless `bytes` is a multiple of [`CHUNK_QUANTUM`]
    /// from 320 KiB to 60 MiB.
    pub fn chunk_size(mut self, bytes: usize) -> Result<Self, Error> {
        if bytes == 0 || !bytes.is_multiple_of(CHUNK_QUANTUM) || bytes > MAX_CHUNK {
            return Err(UploadError::InvalidChunkSize { size: bytes }.into());
        }
        self.chunk_size = bytes;
        Ok(self)
    }

    /// How many failed ranges in a row are resumed before the upload gives up with the last
    /// failure (default 3).
    pub fn max_resumes(mut self, resumes: u32) -> Self {
        self.max_resumes = resumes;
        self
    }

    /// Calls `progress` each time the session acknowledges bytes, the last time with all of
    /// them.
    pub fn on_progress(mut self, progress: impl FnMut(UploadProgress) + Send + 'static) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }
}

impl<R: AsyncRead + Unpin + Send> LargeFileUpload<R> {
    /// Uploads the file and returns the item the session created.
    ///
    /// # Errors
    ///
    /// [`Error::Upload`] (see [`UploadError`]): an expired session, a source shorter or
    /// longer than declared or failing, a session that wants bytes no longer held; the last
    /// failure once [`max_resumes`](Self::max_resumes) ranges in a row failed; any other
    /// error status as [`Error::Service`]; [`Error::Deserialize`] when the item is not a `T`.
    pub async fn send<T: DeserializeOwned + Send + 'static>(mut self) -> Result<T, Error> {
        if self.total == 0 {
            return Err(UploadError::EmptySource.into());
        }
        let mut read = 0_u64;
        let mut failures = 0_u32;
        loop {
            let start = read;
            // At most the chunk size, which is at most 60 MiB.
            let len = (self.total - start).min(self.chunk_size as u64) as usize;
            let chunk = self.read_chunk(start, len).await?;
            read += len as u64;
            let last = read == self.total;
            if last {
                self.expect_end().await?;
            }
            let mut from = start;
            while from < read {
                let part = chunk.slice((from - start) as usize..);
                let (next, exchange) = match self.put_range(from, part).await {
                    Ok(Answer::Done(response, exchange)) if last => {
                        self.report(self.total);
                        return Json::<T>::decode(response, &exchange);
                    }
                    Ok(Answer::Done(_, exchange)) => {
                        let detail =
                            format!("it returned the item after byte {read} of {}", self.total);
                        return Err(UploadError::Protocol { exchange, detail }.into());
                    }
                    Ok(Answer::Next(next, exchange)) => {
                        if next > from {
                            failures = 0;
                        } else if failures < self.max_resumes {
                            failures += 1;
                        } else {
                            let detail = format!(
                                "it took none of the range from byte {from}, {} times in a row",
                                failures + 1
                            );
                            return Err(UploadError::Protocol { exchange, detail }.into());
                        }
                        (next, exchange)
                    }
                    Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => {
                        return Err(expired(e, false));
                    }
                    Err(e) if resumable(&e) && failures < self.max_resumes => {
                        failures += 1;
                        self.session_offset(last).await?
                    }
                    Err(e) => return Err(e),
                };
                if next < start || next > read || (next == read && last) {
                    return Err(if next == read {
                        let detail = format!(
                            "it acknowledged all {} bytes without returning the item",
                            self.total
                        );
                        UploadError::Protocol { exchange, detail }
                    } else {
                        UploadError::CannotResume {
                            exchange,
                            expected: next,
                            held_start: start,
                            held_end: read,
                        }
                    }
                    .into());
                }
                self.report(next);
                from = next;
            }
        }
    }

    /// Reads the `len` bytes from offset `start`.
    async fn read_chunk(&mut self, start: u64, len: usize) -> Result<Bytes, Error> {
        let mut buffer = vec![0_u8; len];
        let mut filled = 0;
        while filled < len {
            let n = self
                .source
                .read(&mut buffer[filled..])
                .await
                .map_err(|source| UploadError::Read {
                    read: start + filled as u64,
                    source,
                })?;
            if n == 0 {
                return Err(UploadError::SourceTooShort {
                    declared: self.total,
                    read: start + filled as u64,
                }
                .into());
            }
            filled += n;
        }
        Ok(Bytes::from(buffer))
    }

    /// Checks that the source ends at the total size.
    async fn expect_end(&mut self) -> Result<(), Error> {
        let mut one = [0_u8; 1];
        let n = self
            .source
            .read(&mut one)
            .await
            .map_err(|source| UploadError::Read {
                read: self.total,
                source,
            })?;
        if n > 0 {
            return Err(UploadError::SourceTooLong {
                declared: self.total,
            }
            .into());
        }
        Ok(())
    }
}

impl<R> LargeFileUpload<R> {
    /// `PUT`s `bytes` as the range from `start`.
    async fn put_range(&self, start: u64, bytes: Bytes) -> Result<Answer, Error> {
        let end = start + bytes.len() as u64 - 1;
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        let range = format!("bytes {start}-{end}/{}", self.total);
        let range = HeaderValue::try_from(range).map_err(http::Error::from)?;
        headers.insert(CONTENT_RANGE, range);
        let outgoing = Outgoing {
            method: Method::PUT,
            url: self.upload_url.clone(),
            headers,
            body: bytes,
            template: labelled("{uploadUrl}"),
        };
        let (response, exchange) = self.client.execute_preauthenticated(outgoing).await?;
        if matches!(response.status(), StatusCode::OK | StatusCode::CREATED) {
            return Ok(Answer::Done(response, exchange));
        }
        let status = Json::<Status>::decode(response, &exchange)?;
        let next = next_offset(&status.next_expected_ranges, &exchange)?;
        Ok(Answer::Next(next, exchange))
    }

    /// Asks the session where to resume, after a failed range (`last`: the last one).
    async fn session_offset(&self, last: bool) -> Result<(u64, Exchange), Error> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(APPLICATION_JSON));
        let outgoing = Outgoing {
            method: Method::GET,
            url: self.upload_url.clone(),
            headers,
            body: Bytes::new(),
            template: labelled("{uploadUrl}"),
        };
        let (response, exchange) = match self.client.execute_preauthenticated(outgoing).await {
            Ok(answer) => answer,
            Err(e) if e.status() == Some(StatusCode::NOT_FOUND) => return Err(expired(e, last)),
            Err(e) => return Err(e),
        };
        let status = Json::<Status>::decode(response, &exchange)?;
        let next = next_offset(&status.next_expected_ranges, &exchange)?;
        Ok((next, exchange))
    }

    fn report(&mut self, uploaded: u64) {
        if let Some(progress) = &mut self.progress {
            progress(UploadProgress {
                uploaded,
                total: self.total,
            });
        }
    }
}

/// What a `202` or a status query says.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Status {
    #[serde(default)]
    next_expected_ranges: Vec<String>,
}

/// The first offset of `ranges` (`"12345-"`, `"12345-55231"`).
fn next_offset(ranges: &[String], exchange: &Exchange) -> Result<u64, Error> {
    let starts: Option<Vec<u64>> = ranges
        .iter()
        .map(|r| r.split('-').next()?.trim().parse().ok())
        .collect();
    match starts.and_then(|s| s.into_iter().min()) {
        Some(start) => Ok(start),
        None => Err(UploadError::Protocol {
            exchange: exchange.clone(),
            detail: format!("no readable nextExpectedRanges in {ranges:?}"),
        }
        .into()),
    }
}

/// Whether a failed range is resumed: no answer, or a `5xx`/`416` one.
fn resumable(e: &Error) -> bool {
    match e {
        Error::Transport { .. } | Error::Timeout { .. } => true,
        Error::Service(s) => {
            s.status.is_server_error() || s.status == StatusCode::RANGE_NOT_SATISFIABLE
        }
        _ => false,
    }
}

/// The error for a `404` from the session.
fn expired(e: Error, after_last_range: bool) -> Error {
    match e {
        Error::Service(error) if after_last_range => {
            UploadError::LastRangeUnconfirmed { error }.into()
        }
        Error::Service(error) => UploadError::SessionExpired { error }.into(),
        other => other,
    }
}

/// `url` without its query.
fn without_query(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}

/// A tracing template that names what a URL is rather than spelling it: an upload URL carries
/// a credential, and a session's path is the caller's, with ids.
fn labelled(label: &str) -> UrlTemplate {
    let mut template = UrlTemplate::default();
    template.segment(label);
    template
}

#[cfg(test)]
mod tests;
