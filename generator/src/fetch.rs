//! `graphgen fetch`: downloads each profile's `source` into its first metadata file.
//!
//! The request is conditional on what `graphgen.lock` learnt last time (`If-None-Match`,
//! `If-Modified-Since`, sent only while the file on disk is still the one fetched); 429 and
//! 5xx answers are retried with exponential backoff, honouring `Retry-After`, all within one
//! timeout per source; a body over 1 MB shows a progress bar when stderr is a terminal.
//! Every body goes to a temporary file beside its target and must read as CSDL or OpenAPI
//! (as `generate` reads it) before anything is replaced: all sources are downloaded and
//! checked first, then renamed over their targets, then the lock is written, so on any
//! failure every metadata file and the lock are as they were.
//!
//! Behind the `fetch` feature (on with `cli`): a build script's graphgen has no HTTP stack.

use std::io::{Read, Write as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use reqwest::blocking::{Client, Response};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use sha2::Digest as _;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::lock::{Lock, lock_path, sha256_hex};

/// Bodies larger than this show a progress bar (on a terminal).
const PROGRESS_OVER: u64 = 1 << 20;

/// How [`Config::fetch`] downloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The most one source may take, retries and waits included.
    pub timeout: Duration,
    /// How many times a 429 or 5xx answer (or a failed connection) is retried.
    pub retries: u32,
    /// The first wait between attempts when the server sends no `Retry-After`; doubled after
    /// each attempt.
    pub backoff: Duration,
    /// Show a progress bar for bodies over 1 MB.
    pub progress: bool,
}

impl Default for FetchOptions {
    /// Five minutes, four retries from one second, a progress bar when stderr is a terminal.
    fn default() -> FetchOptions {
        use std::io::IsTerminal as _;
        FetchOptions {
            timeout: Duration::from_secs(300),
            retries: 4,
            backoff: Duration::from_secs(1),
            progress: std::io::stderr().is_terminal(),
        }
    }
}

/// What one fetch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FetchOutcome {
    /// 304: the file is the one the server has.
    NotModified,
    /// The server sent the bytes the file holds already.
    Unchanged,
    /// The file was replaced.
    Updated,
}

/// One source fetched by [`Config::fetch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The profile's module.
    pub profile: String,
    /// The metadata file, as `graphgen.toml` writes it.
    pub path: String,
    /// The URL requested.
    pub url: String,
    /// What happened.
    pub outcome: FetchOutcome,
    /// The file's size now.
    pub size: u64,
    /// How many requests it took.
    pub attempts: u32,
}

/// A body downloaded and checked, in its temporary file.
struct Body {
    tmp: PathBuf,
    sha256: String,
    size: u64,
    etag: Option<String>,
    last_modified: Option<String>,
}

/// What one download gave.
enum Got {
    NotModified,
    Body(Body),
}

impl Config {
    /// Downloads each profile's `source` into its first metadata file, and records it in the
    /// configuration's lock ([`Config::lock`]): what `graphgen fetch` does. See the module's
    /// docs for how it requests, retries and replaces.
    ///
    /// # Errors
    /// An invalid configuration, no profile with a source, a source that fails (with the URL
    /// and why: the status, the timeout, a truncated body, a body that is no metadata), or a
    /// file that cannot be written. Nothing is replaced then.
    pub fn fetch(&self, options: &FetchOptions) -> Result<Vec<Fetched>> {
        self.validate()?;
        let old = self.read_lock()?;
        let client = Client::builder()
            .user_agent(concat!("graphgen/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::limited(10))
            .build()
            .map_err(|e| Error::Fetch {
                url: String::new(),
                message: format!("cannot build the HTTP client: {e}"),
            })?;
        let mut pending: Vec<(Fetched, PathBuf, Option<Body>)> = Vec::new();
        let result = self.download_all(&client, old.as_ref(), options, &mut pending);
        if let Err(e) = result {
            for (_, _, body) in &pending {
                if let Some(b) = body {
                    let _ = std::fs::remove_file(&b.tmp);
                }
            }
            return Err(e);
        }
        if pending.is_empty() {
            return Err(Error::InvalidConfig {
                scope: "configuration".to_owned(),
                message: "no profile names a `source` to fetch; add `source = \"https://…\"` \
                          to a [[profile]] of graphgen.toml"
                    .to_owned(),
            });
        }
        for (f, disk, body) in &pending {
            if let Some(b) = body {
                if f.outcome == FetchOutcome::Updated {
                    std::fs::rename(&b.tmp, disk).map_err(|source| Error::Io {
                        path: disk.clone(),
                        source,
                    })?;
                } else {
                    let _ = std::fs::remove_file(&b.tmp);
                }
            }
        }
        if let Some(lock) = &self.lock {
            self.record_fetches(lock, old.as_ref(), &pending)?;
        }
        Ok(pending.into_iter().map(|(f, _, _)| f).collect())
    }

    /// Downloads and checks every source into `pending`, replacing nothing.
    fn download_all(
        &self,
        client: &Client,
        old: Option<&Lock>,
        options: &FetchOptions,
        pending: &mut Vec<(Fetched, PathBuf, Option<Body>)>,
    ) -> Result<()> {
        for p in &self.profiles {
            let (Some(url), Some(m)) = (&p.source, p.metadata.first()) else {
                continue;
            };
            let path = lock_path(m);
            let disk = self.base_dir.join(m);
            let current = std::fs::read(&disk).ok().map(|b| sha256_hex(&b));
            // Conditional only while the file is the one the lock says was fetched.
            let known = old
                .and_then(|l| l.entry(&p.module, &path))
                .filter(|e| current.as_deref() == Some(e.sha256.as_str()));
            let etag = known.and_then(|e| e.etag.as_deref());
            let since = known.and_then(|e| e.last_modified.as_deref());
            let (got, attempts) = download(client, url, etag, since, options, &disk)?;
            let (outcome, size, body) = match got {
                Got::NotModified => {
                    let size = std::fs::metadata(&disk).map(|m| m.len()).unwrap_or(0);
                    (FetchOutcome::NotModified, size, None)
                }
                Got::Body(b) => {
                    let outcome = if current.as_deref() == Some(b.sha256.as_str()) {
                        FetchOutcome::Unchanged
                    } else {
                        FetchOutcome::Updated
                    };
                    (outcome, b.size, Some(b))
                }
            };
            let fetched = Fetched {
                profile: p.module.clone(),
                path,
                url: url.clone(),
                outcome,
                size,
                attempts,
            };
            pending.push((fetched, disk, body));
        }
        Ok(())
    }

    /// Writes the lock after the files were replaced: the new hashes, and what each fetch
    /// learnt. `fetched` changes only with the bytes (or on a file's first fetch);
    /// `generated_by` is dropped for bytes nothing has generated from yet.
    fn record_fetches(
        &self,
        path: &Path,
        old: Option<&Lock>,
        pending: &[(Fetched, PathBuf, Option<Body>)],
    ) -> Result<()> {
        let mut lock = self.current_lock(old)?;
        let now = rfc3339(SystemTime::now());
        for e in &mut lock.inputs {
            let before = old.and_then(|l| l.entry(&e.profile, &e.path));
            e.generated_by = before
                .filter(|o| o.sha256 == e.sha256)
                .and_then(|o| o.generated_by.clone());
            let Some((f, _, body)) = pending
                .iter()
                .find(|(f, _, _)| f.profile == e.profile && f.path == e.path)
            else {
                continue;
            };
            if let Some(b) = body {
                e.etag.clone_from(&b.etag);
                e.last_modified.clone_from(&b.last_modified);
            }
            if f.outcome == FetchOutcome::Updated || e.fetched.is_none() {
                e.fetched = Some(now.clone());
            }
        }
        lock.write_if_changed(path)?;
        Ok(())
    }
}

/// One source, retried as [`FetchOptions`] says: what it gave and how many requests it took.
fn download(
    client: &Client,
    url: &str,
    etag: Option<&str>,
    since: Option<&str>,
    options: &FetchOptions,
    target: &Path,
) -> Result<(Got, u32)> {
    let fail = |message: String| Error::Fetch {
        url: url.to_owned(),
        message,
    };
    let start = Instant::now();
    let deadline = start + options.timeout;
    let timed_out = || {
        fail(format!(
            "no complete answer within the timeout of {} s",
            options.timeout.as_secs_f64()
        ))
    };
    let mut attempt = 0;
    loop {
        attempt += 1;
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(timed_out());
        }
        let mut request = client.get(url).timeout(remaining);
        if let Some(e) = etag {
            request = request.header(IF_NONE_MATCH, e);
        }
        if let Some(s) = since {
            request = request.header(IF_MODIFIED_SINCE, s);
        }
        let wait = match request.send() {
            Err(e) if e.is_timeout() => return Err(timed_out()),
            Err(e) if attempt <= options.retries && !e.is_builder() => {
                backoff(options, attempt, None)
            }
            Err(e) => return Err(fail(format!("{e} (after {attempt} attempts)"))),
            Ok(r) if r.status() == reqwest::StatusCode::NOT_MODIFIED => {
                return Ok((Got::NotModified, attempt));
            }
            Ok(r) if r.status().is_success() => {
                let body = save(r, options, target).map_err(|m| {
                    if m.contains("timed out") {
                        timed_out()
                    } else {
                        fail(m)
                    }
                })?;
                return Ok((Got::Body(body), attempt));
            }
            Ok(r) => {
                let status = r.status();
                let retryable = status.as_u16() == 429 || status.is_server_error();
                if !retryable || attempt > options.retries {
                    let tries = if attempt > 1 {
                        format!(" (after {attempt} attempts)")
                    } else {
                        String::new()
                    };
                    return Err(fail(format!("the server answered {status}{tries}")));
                }
                backoff(options, attempt, retry_after(&r))
            }
        };
        if Instant::now() + wait > deadline {
            return Err(fail(format!(
                "the server asks to wait {} s, past the timeout of {} s",
                wait.as_secs_f64(),
                options.timeout.as_secs_f64()
            )));
        }
        std::thread::sleep(wait);
    }
}

/// The wait before attempt `attempt + 1`: the server's `Retry-After`, else the backoff
/// doubled per attempt.
fn backoff(options: &FetchOptions, attempt: u32, retry_after: Option<Duration>) -> Duration {
    retry_after.unwrap_or_else(|| options.backoff * 2u32.saturating_pow(attempt - 1))
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(r: &Response) -> Option<Duration> {
    let v = r
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// Streams a 2xx body into a temporary file beside `target` and checks it: every byte the
/// server announced arrived, it is not an HTML page, and it reads as metadata. The temporary
/// file is removed on any failure.
fn save(
    mut r: Response,
    options: &FetchOptions,
    target: &Path,
) -> std::result::Result<Body, String> {
    let header = |name| {
        r.headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let (etag, last_modified) = (header(ETAG), header(LAST_MODIFIED));
    if let Some(ct) = header(CONTENT_TYPE)
        && ct.to_ascii_lowercase().starts_with("text/html")
    {
        return Err(format!(
            "the server sent an HTML page ({ct}), not metadata: is the URL the document itself?"
        ));
    }
    let expected = r.content_length();
    let tmp = temp_path(target);
    let result = (|| {
        let mut file =
            std::fs::File::create(&tmp).map_err(|e| format!("{}: {e}", tmp.display()))?;
        let bar = match expected {
            Some(n) if options.progress && n > PROGRESS_OVER => {
                let bar = indicatif::ProgressBar::new(n);
                bar.set_message(target.display().to_string());
                Some(bar)
            }
            _ => None,
        };
        let mut hasher = sha2::Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    return Err(format!("the body broke off after {size} bytes: {e}"));
                }
            };
            file.write_all(&buf[..n])
                .map_err(|e| format!("{}: {e}", tmp.display()))?;
            hasher.update(&buf[..n]);
            size += n as u64;
            if let Some(b) = &bar {
                b.inc(n as u64);
            }
        }
        if let Some(b) = bar {
            b.finish_and_clear();
        }
        file.sync_all()
            .map_err(|e| format!("{}: {e}", tmp.display()))?;
        if let Some(n) = expected
            && n != size
        {
            return Err(format!(
                "the body broke off: {size} of the {n} bytes announced arrived"
            ));
        }
        crate::input::read(&tmp)
            .map_err(|e| format!("what the server sent is not CSDL or OpenAPI metadata: {e}"))?;
        Ok(Body {
            tmp: tmp.clone(),
            sha256: crate::lock::hex(&hasher.finalize()),
            size,
            etag: etag.clone(),
            last_modified: last_modified.clone(),
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `t` as RFC 3339 in UTC, to the second: `2026-12-06T11:30:00Z`.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = t
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
pub(crate) mod test_server;
#[cfg(test)]
mod tests;

/// `dir/.name.tmp-<pid>-<n>` for `dir/name`: a name no other writer, in this process or
/// another, uses at the same time: where a download is streamed before it replaces anything.
fn temp_path(path: &Path) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}-{n}", std::process::id()))
}
