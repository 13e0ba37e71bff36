//! Uploads through a test transport that plays an upload session: ranges, resumes, the
//! errors, and that the session's URL gets no token.

use std::sync::{Arc, Mutex};

use super::*;
use crate::transport::{BoxFuture, Transport, TransportError};

const URL: &str = "https://up.example.com/session/1?tempauth=SECRET";

/// What the session does to the next `PUT`.
#[derive(Clone, Copy, Debug)]
enum Trick {
    /// Takes the range as usual.
    Accept,
    /// Keeps the first `n` bytes of the range, then the connection drops.
    Drop(u64),
    /// Answers that it expects byte `offset` next (having lost what came after it).
    Expect(u64),
    /// `404`: the session expired.
    Expire,
}

/// An upload session in memory: the bytes it got, the tricks to play, what it saw.
#[derive(Debug, Default)]
struct Session {
    total: u64,
    received: Vec<u8>,
    tricks: Vec<Trick>,
    requests: Vec<String>,
    authorized: bool,
}

#[derive(Debug)]
struct Fake(Arc<Mutex<Session>>);

fn answer(status: u16, body: String) -> Result<http::Response<Bytes>, TransportError> {
    Ok(http::Response::builder()
        .status(status)
        .body(Bytes::from(body))
        .unwrap())
}

impl Transport for Fake {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let mut s = self.0.lock().unwrap();
        s.authorized |= request.headers().contains_key(http::header::AUTHORIZATION);
        let range = request
            .headers()
            .get(CONTENT_RANGE)
            .map(|v| v.to_str().unwrap().to_owned());
        s.requests.push(format!(
            "{} {}",
            request.method(),
            range.clone().unwrap_or_default()
        ));
        let expect = |at: u64| format!(r#"{{"nextExpectedRanges":["{at}-"]}}"#);
        let result = match (request.method().as_str(), range) {
            ("GET", _) => answer(200, expect(s.received.len() as u64)),
            ("PUT", Some(range)) => {
                let start: u64 = range[6..range.find('-').unwrap()].parse().unwrap();
                assert_eq!(start, s.received.len() as u64, "{range}");
                let trick = (!s.tricks.is_empty()).then(|| s.tricks.remove(0));
                match trick {
                    Some(Trick::Drop(n)) => {
                        s.received.extend_from_slice(&request.body()[..n as usize]);
                        Err(TransportError::new("connection reset by peer"))
                    }
                    Some(Trick::Expect(at)) => {
                        s.received.extend_from_slice(request.body());
                        s.received.truncate(at as usize);
                        answer(202, expect(at))
                    }
                    Some(Trick::Expire) => answer(
                        404,
                        r#"{"error":{"code":"itemNotFound","message":"gone"}}"#.into(),
                    ),
                    None | Some(Trick::Accept) => {
                        s.received.extend_from_slice(request.body());
                        if s.received.len() as u64 == s.total {
                            answer(201, format!(r#"{{"id":"f1","size":{}}}"#, s.total))
                        } else {
                            answer(202, expect(s.received.len() as u64))
                        }
                    }
                }
            }
            _ => answer(400, String::new()),
        };
        Box::pin(async move { result })
    }
}

fn session(total: u64, tricks: &[Trick]) -> (Client, Arc<Mutex<Session>>) {
    let s = Arc::new(Mutex::new(Session {
        total,
        tricks: tricks.to_vec(),
        ..Session::default()
    }));
    let client = Client::builder("https://graph.example.com/v1.0")
        .bearer_token("TOKEN")
        .transport(Fake(Arc::clone(&s)))
        .build()
        .unwrap();
    (client, s)
}

fn data(n: usize) -> Vec<u8> {
    (0..n).map(|i| (i * 7 % 251) as u8).collect()
}

#[derive(Debug, Deserialize, PartialEq)]
struct Item {
    id: String,
    size: u64,
}

#[test]
fn chunk_sizes_are_multiples_of_320_kib_up_to_60_mib() {
    let (client, _) = session(1, &[]);
    let upload = || LargeFileUpload::new(&client, URL, 1, &b"x"[..]);
    for ok in [CHUNK_QUANTUM, 3 * CHUNK_QUANTUM, 60 * 1024 * 1024] {
        assert!(upload().chunk_size(ok).is_ok(), "{ok}");
    }
    for bad in [0, 1, 1024 * 1024, CHUNK_QUANTUM + 1, 61 * 1024 * 1024] {
        let err = upload().chunk_size(bad).unwrap_err();
        assert!(
            err.to_string().contains("multiple of 320 KiB"),
            "{bad}: {err}"
        );
    }
}

#[test]
fn next_expected_ranges_give_the_lowest_start() {
    let ex = Exchange {
        method: Method::GET,
        url: "u".into(),
        client_request_id: "c".into(),
        attempts: 1,
    };
    let r = |v: &[&str]| next_offset(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>(), &ex);
    assert_eq!(r(&["0-"]).unwrap(), 0);
    assert_eq!(r(&["655360-1048575", "327680-"]).unwrap(), 327_680);
    assert!(r(&[]).is_err());
    assert!(r(&["x-"]).is_err());
}

#[tokio::test]
async fn ranges_are_sent_in_chunks_without_the_token_and_give_the_item() {
    let bytes = data(2 * CHUNK_QUANTUM + 100);
    let (client, s) = session(bytes.len() as u64, &[]);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let item: Item = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .chunk_size(CHUNK_QUANTUM)
        .unwrap()
        .on_progress(move |p| log.lock().unwrap().push(p.uploaded))
        .send()
        .await
        .unwrap();
    assert_eq!(item.size, bytes.len() as u64);
    let s = s.lock().unwrap();
    assert_eq!(s.received, bytes);
    assert!(!s.authorized, "the upload URL got an Authorization header");
    assert_eq!(
        s.requests,
        [
            "PUT bytes 0-327679/655460",
            "PUT bytes 327680-655359/655460",
            "PUT bytes 655360-655459/655460"
        ]
    );
    assert_eq!(*seen.lock().unwrap(), [327_680, 655_360, 655_460]);
}

#[tokio::test]
async fn a_dropped_range_resumes_where_the_session_says() {
    let bytes = data(3 * CHUNK_QUANTUM);
    let (client, s) = session(bytes.len() as u64, &[Trick::Drop(1000), Trick::Drop(0)]);
    let item: Item = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .chunk_size(2 * CHUNK_QUANTUM)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert_eq!(item.id, "f1");
    let s = s.lock().unwrap();
    assert_eq!(s.received, bytes);
    assert_eq!(
        s.requests,
        [
            "PUT bytes 0-655359/983040",
            "GET ",
            "PUT bytes 1000-655359/983040",
            "GET ",
            "PUT bytes 1000-655359/983040",
            "PUT bytes 655360-983039/983040"
        ]
    );
}

#[tokio::test]
async fn failures_in_a_row_stop_after_max_resumes() {
    let bytes = data(CHUNK_QUANTUM);
    let (client, _) = session(bytes.len() as u64, &[Trick::Drop(0); 3]);
    let err = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .max_resumes(2)
        .send::<Item>()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!err.to_string().contains("SECRET"), "{err}");
}

#[tokio::test]
async fn bytes_before_the_held_chunk_cannot_be_sent_again() {
    let bytes = data(2 * CHUNK_QUANTUM);
    let tricks = [Trick::Expect(5), Trick::Accept, Trick::Expect(10)];
    let (client, s) = session(bytes.len() as u64, &tricks);
    let upload = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .chunk_size(CHUNK_QUANTUM)
        .unwrap();
    // Byte 5 is in the first chunk, held still; byte 10 is not in the second.
    let err = upload.send::<Item>().await.unwrap_err();
    assert_eq!(
        s.lock().unwrap().requests,
        [
            "PUT bytes 0-327679/655360",
            "PUT bytes 5-327679/655360",
            "PUT bytes 327680-655359/655360"
        ]
    );
    let Error::Upload(e) = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(
            **e,
            UploadError::CannotResume {
                expected: 10,
                held_start: 327_680,
                held_end: 655_360,
                ..
            }
        ),
        "{e:?}"
    );
}

#[tokio::test]
async fn an_expired_session_says_to_start_a_new_one() {
    let bytes = data(2 * CHUNK_QUANTUM);
    let (client, _) = session(bytes.len() as u64, &[Trick::Accept, Trick::Expire]);
    let err = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .chunk_size(CHUNK_QUANTUM)
        .unwrap()
        .send::<Item>()
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("create a new upload session"), "{msg}");
    assert!(msg.contains("https://up.example.com/session/1 "), "{msg}");
    assert!(!msg.contains("SECRET") && !format!("{err:?}").contains("SECRET"));
    assert_eq!(err.status(), None);
    assert_eq!(err.exchange().unwrap().method, Method::PUT);
}

#[tokio::test]
async fn a_source_of_another_size_is_an_error_before_the_last_range() {
    let bytes = data(CHUNK_QUANTUM + 10);
    let (client, s) = session(bytes.len() as u64 + 1, &[]);
    let err = LargeFileUpload::new(&client, URL, bytes.len() as u64 + 1, &bytes[..])
        .chunk_size(CHUNK_QUANTUM)
        .unwrap()
        .send::<Item>()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("ended after 327690 bytes"),
        "{err}"
    );
    assert_eq!(s.lock().unwrap().requests.len(), 1);

    let (client, s) = session(bytes.len() as u64 - 1, &[]);
    let err = LargeFileUpload::new(&client, URL, bytes.len() as u64 - 1, &bytes[..])
        .chunk_size(CHUNK_QUANTUM)
        .unwrap()
        .send::<Item>()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("more than the 327689 bytes"),
        "{err}"
    );
    assert_eq!(s.lock().unwrap().requests.len(), 1);

    let (client, _) = session(0, &[]);
    let err = LargeFileUpload::new(&client, URL, 0, &b""[..])
        .send::<Item>()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("at least one byte"), "{err}");
}

#[test]
fn debug_leaves_out_the_url_credential() {
    let (client, _) = session(1, &[]);
    let upload = LargeFileUpload::new(&client, URL, 1, &b"x"[..]);
    let session: UploadSession = serde_json::from_str(&format!(
        r#"{{"uploadUrl":"{URL}","nextExpectedRanges":["0-"]}}"#
    ))
    .unwrap();
    for debug in [format!("{upload:?}"), format!("{session:?}")] {
        assert!(debug.contains("up.example.com/session/1"), "{debug}");
        assert!(!debug.contains("SECRET"), "{debug}");
    }
}

#[tokio::test]
async fn a_session_that_takes_nothing_is_not_asked_forever() {
    let bytes = data(CHUNK_QUANTUM);
    let (client, s) = session(bytes.len() as u64, &[Trick::Expect(0); 10]);
    let err = LargeFileUpload::new(&client, URL, bytes.len() as u64, &bytes[..])
        .send::<Item>()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("took none of the range from byte 0, 4 times"),
        "{err}"
    );
    assert_eq!(s.lock().unwrap().requests.len(), 4);
}
