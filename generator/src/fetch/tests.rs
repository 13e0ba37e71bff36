//! Against a local server only (`test_server`).

use std::path::Path;

use super::test_server::{reply, serve};
use super::*;
use crate::marker::LOCK_FILE;

fn slice() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/v1.0/access-packages.xml"),
    )
    .unwrap()
}

/// A repository whose one profile reads `m/v1.xml` (holding `old`) from `url/$metadata`.
fn repo(url: &str, old: &[u8]) -> (tempfile::TempDir, Config) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("m")).unwrap();
    std::fs::write(tmp.path().join("m/v1.xml"), old).unwrap();
    let text = format!(
        "[crate]\nname = \"g\"\n[[profile]]\nmodule = \"v1_0\"\nmetadata = [\"m/v1.xml\"]\n\
         source = \"{url}/$metadata\"\n"
    );
    let c = Config::from_toml_str(&text, &tmp.path().join("graphgen.toml"), tmp.path()).unwrap();
    (tmp, c)
}

fn quick() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(10),
        retries: 3,
        backoff: Duration::from_millis(10),
        progress: false,
    }
}

fn lock_text(dir: &Path) -> String {
    std::fs::read_to_string(dir.join(LOCK_FILE)).unwrap_or_default()
}

/// The metadata file and the lock are as they were, and no temporary file is left.
fn untouched(dir: &Path, old: &[u8]) {
    assert_eq!(std::fs::read(dir.join("m/v1.xml")).unwrap(), old);
    assert_eq!(lock_text(dir), "");
    let names: Vec<String> = std::fs::read_dir(dir.join("m"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["v1.xml"]);
}

#[test]
fn a_200_replaces_the_file_and_the_lock_records_it_then_a_304_changes_nothing() {
    let body = slice();
    let (url, seen) = serve(vec![
        reply(
            "200 OK",
            &[
                "Content-Type: application/xml",
                "ETag: \"v1\"",
                "Last-Modified: Tue, 01 Dec 2026 10:00:00 GMT",
            ],
            &body,
        ),
        reply("304 Not Modified", &["ETag: \"v1\""], b""),
    ]);
    let (tmp, c) = repo(&url, b"<old/>");
    let got = c.fetch(&quick()).unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].outcome, FetchOutcome::Updated);
    assert_eq!(got[0].size, body.len() as u64);
    assert_eq!(got[0].path, "m/v1.xml");
    assert_eq!(std::fs::read(tmp.path().join("m/v1.xml")).unwrap(), body);
    let lock = lock_text(tmp.path());
    for needle in [
        format!("source = \"{url}/$metadata\""),
        format!("sha256 = \"{}\"", sha256_hex(&body)),
        format!("size = {}", body.len()),
        "etag = '\"v1\"'".to_owned(),
        "last_modified = \"Tue, 01 Dec 2026 10:00:00 GMT\"".to_owned(),
        "fetched = \"20".to_owned(),
    ] {
        assert!(lock.contains(&needle), "{needle} in\n{lock}");
    }
    assert!(
        !lock.contains("generated_by"),
        "nothing generated yet:\n{lock}"
    );
    assert_eq!(c.check_lock().unwrap(), []);

    let got = c.fetch(&quick()).unwrap();
    assert_eq!(got[0].outcome, FetchOutcome::NotModified);
    assert_eq!(
        lock_text(tmp.path()),
        lock,
        "a 304 leaves the lock byte-identical"
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen[0].starts_with("GET /$metadata HTTP/1.1"),
        "{}",
        seen[0]
    );
    let second = seen[1].to_ascii_lowercase();
    assert!(second.contains("if-none-match: \"v1\""), "{second}");
    assert!(
        second.contains("if-modified-since: tue, 01 dec 2026 10:00:00 gmt"),
        "{second}"
    );
}

#[test]
fn a_429_is_retried_after_its_retry_after_then_a_200_is_taken() {
    let body = slice();
    let (url, seen) = serve(vec![
        reply("429 Too Many Requests", &["Retry-After: 1"], b"slow down"),
        reply("503 Service Unavailable", &[], b""),
        reply("200 OK", &[], &body),
    ]);
    let (tmp, c) = repo(&url, b"<old/>");
    let t = Instant::now();
    let got = c.fetch(&quick()).unwrap();
    assert!(
        t.elapsed() >= Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert_eq!(
        (got[0].outcome, got[0].attempts),
        (FetchOutcome::Updated, 3)
    );
    assert_eq!(std::fs::read(tmp.path().join("m/v1.xml")).unwrap(), body);
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn a_status_that_stays_an_error_fails_naming_it_and_replaces_nothing() {
    let (url, _) = serve(vec![
        reply("500 Internal Server Error", &[], b""),
        reply("500 Internal Server Error", &[], b""),
    ]);
    let (tmp, c) = repo(&url, b"<old/>");
    let mut o = quick();
    o.retries = 1;
    let e = c.fetch(&o).unwrap_err().to_string();
    assert_eq!(
        e,
        format!(
            "fetching {url}/$metadata: the server answered 500 Internal Server Error (after 2 \
             attempts)"
        )
    );
    untouched(tmp.path(), b"<old/>");
    let (url, _) = serve(vec![reply("404 Not Found", &[], b"")]);
    let (tmp, c) = repo(&url, b"<old/>");
    let e = c.fetch(&quick()).unwrap_err().to_string();
    assert!(e.ends_with("the server answered 404 Not Found"), "{e}");
    untouched(tmp.path(), b"<old/>");
}

#[test]
fn a_truncated_body_fails_and_replaces_nothing() {
    let body = slice();
    let (url, _) = serve(vec![reply(
        "200 OK",
        &[&format!("Content-Length: {}", body.len() + 1000)],
        &body,
    )]);
    let (tmp, c) = repo(&url, b"<old/>");
    let e = c.fetch(&quick()).unwrap_err().to_string();
    assert!(e.contains("the body broke off"), "{e}");
    untouched(tmp.path(), b"<old/>");
}

#[test]
fn an_html_body_fails_whatever_its_content_type_says() {
    let page = b"<html><head><title>Sign in</title></head><body>nope</body></html>";
    for content_type in ["text/html; charset=utf-8", "application/xml"] {
        let (url, _) = serve(vec![reply(
            "200 OK",
            &[&format!("Content-Type: {content_type}")],
            page,
        )]);
        let (tmp, c) = repo(&url, b"<old/>");
        let e = c.fetch(&quick()).unwrap_err().to_string();
        let expected = if content_type.starts_with("text/html") {
            "the server sent an HTML page (text/html; charset=utf-8), not metadata"
        } else {
            "what the server sent is not CSDL or OpenAPI metadata: "
        };
        assert!(e.contains(expected), "{content_type}: {e}");
        untouched(tmp.path(), b"<old/>");
    }
}

#[test]
fn a_slow_server_fails_at_the_timeout() {
    let mut slow = reply("200 OK", &[], &slice());
    slow.delay = Duration::from_secs(5);
    let (url, _) = serve(vec![slow]);
    let (tmp, c) = repo(&url, b"<old/>");
    let mut o = quick();
    o.timeout = Duration::from_millis(700);
    let t = Instant::now();
    let e = c.fetch(&o).unwrap_err().to_string();
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());
    assert!(
        e.ends_with("no complete answer within the timeout of 0.7 s"),
        "{e}"
    );
    untouched(tmp.path(), b"<old/>");
}

#[test]
fn a_redirect_is_followed() {
    let body = slice();
    let (url, seen) = serve(vec![
        reply("302 Found", &["Location: /real/metadata.xml"], b""),
        reply("200 OK", &[], &body),
    ]);
    let (tmp, c) = repo(&url, b"<old/>");
    let got = c.fetch(&quick()).unwrap();
    assert_eq!(got[0].outcome, FetchOutcome::Updated);
    assert_eq!(std::fs::read(tmp.path().join("m/v1.xml")).unwrap(), body);
    assert!(seen.lock().unwrap()[1].starts_with("GET /real/metadata.xml "));
}

#[test]
fn the_same_bytes_again_keep_the_fetch_time() {
    let body = slice();
    let (url, _) = serve(vec![
        reply("200 OK", &[], &body),
        reply("200 OK", &[], &body),
    ]);
    let (tmp, c) = repo(&url, b"<old/>");
    c.fetch(&quick()).unwrap();
    let lock = lock_text(tmp.path());
    std::thread::sleep(Duration::from_millis(1100));
    let got = c.fetch(&quick()).unwrap();
    assert_eq!(got[0].outcome, FetchOutcome::Unchanged);
    assert_eq!(lock_text(tmp.path()), lock);
}

#[test]
fn no_source_is_a_configuration_error() {
    let (tmp, mut c) = repo("http://127.0.0.1:1", b"<old/>");
    c.profiles[0].source = None;
    let e = c.fetch(&quick()).unwrap_err().to_string();
    assert!(e.contains("no profile names a `source`"), "{e}");
    untouched(tmp.path(), b"<old/>");
}

#[test]
fn rfc3339_in_utc() {
    let at = |s| SystemTime::UNIX_EPOCH + Duration::from_secs(s);
    assert_eq!(rfc3339(at(0)), "1970-01-01T00:00:00Z");
    assert_eq!(rfc3339(at(951_782_400)), "2000-02-29T00:00:00Z");
    assert_eq!(rfc3339(at(1_796_556_645)), "2026-12-06T11:30:45Z");
}
