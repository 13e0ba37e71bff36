//! Media requests through a test transport: the default `send_streaming`, retries of a bytes
//! body, a streamed body sent once, and error answers.

use std::sync::{Arc, Mutex};

use super::*;
use crate::transport::{BoxFuture, Transport, TransportError};

/// Answers each request with the next status (200 with the request's body echoed, for a
/// success), recording what it got.
#[derive(Debug, Default)]
struct Scripted {
    statuses: Mutex<Vec<u16>>,
    seen: Mutex<Vec<(String, String, Vec<u8>)>>,
}

#[derive(Debug)]
struct Shared(Arc<Scripted>);

impl Transport for Shared {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let status = self.0.statuses.lock().unwrap().remove(0);
        let ct = request
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        self.0.seen.lock().unwrap().push((
            format!("{} {}", request.method(), request.uri()),
            ct,
            request.body().to_vec(),
        ));
        let body = if status == 200 {
            request.body().clone()
        } else {
            Bytes::from_static(br#"{"error":{"code":"TooMany","message":"slow down"}}"#)
        };
        Box::pin(async move {
            Ok(http::Response::builder()
                .status(status)
                .header("retry-after", "0")
                .body(body)
                .unwrap())
        })
    }
}

fn client(statuses: &[u16]) -> (Client, Arc<Scripted>) {
    let t = Arc::new(Scripted {
        statuses: Mutex::new(statuses.to_vec()),
        ..Scripted::default()
    });
    let c = Client::builder("https://example.com/v1")
        .transport(Shared(Arc::clone(&t)))
        .build()
        .unwrap();
    (c, t)
}

fn chunks(parts: &[&'static str]) -> MediaBody {
    let items: Vec<Result<Bytes, std::io::Error>> = parts
        .iter()
        .map(|p| Ok(Bytes::from_static(p.as_bytes())))
        .collect();
    MediaBody::from_stream(futures_util::stream::iter(items), None)
}

#[tokio::test]
async fn an_upload_sends_its_content_type_and_body_and_a_download_reads_it_back() {
    let (c, t) = client(&[200, 200]);
    let target = RequestTarget::root(&c).segment("photo").segment("$value");
    let up = target
        .upload(Method::PUT, "image/png", chunks(&["ab", "cd"]))
        .await
        .unwrap();
    assert_eq!(up.status(), StatusCode::OK);
    assert_eq!(up.bytes().await.unwrap(), "abcd");
    let down = target.download().await.unwrap();
    assert_eq!(down.exchange().attempts, 1);
    let seen = t.seen.lock().unwrap().clone();
    assert_eq!(
        seen[0],
        (
            "PUT https://example.com/v1/photo/$value".to_owned(),
            "image/png".to_owned(),
            b"abcd".to_vec()
        )
    );
    assert_eq!(seen[1].0, "GET https://example.com/v1/photo/$value");
}

#[tokio::test]
async fn a_bytes_body_is_sent_again_after_a_429_and_a_stream_is_sent_once() {
    let (c, t) = client(&[429, 200]);
    let target = RequestTarget::root(&c).segment("content");
    let up = target
        .upload(
            Method::PUT,
            "text/plain",
            MediaBody::from("again".to_owned()),
        )
        .await
        .unwrap();
    assert_eq!(up.exchange().attempts, 2);
    assert_eq!(t.seen.lock().unwrap()[1].2, b"again");

    let (c, t) = client(&[429, 200]);
    let target = RequestTarget::root(&c).segment("content");
    let e = target
        .upload(Method::PUT, "text/plain", chunks(&["once"]))
        .await
        .unwrap_err();
    let Error::Service(s) = e else {
        panic!("{e:?}")
    };
    assert_eq!(s.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(s.exchange.attempts, 1);
    assert_eq!(s.error.as_ref().map(|g| g.code.as_str()), Some("TooMany"));
    assert_eq!(t.seen.lock().unwrap().len(), 1);
}

#[tokio::test]
async fn a_content_type_that_is_no_header_value_is_an_invalid_request() {
    let (c, t) = client(&[]);
    let e = RequestTarget::root(&c)
        .segment("content")
        .upload(Method::PUT, "text/plain\n", MediaBody::default())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::InvalidRequest(_)), "{e:?}");
    assert!(t.seen.lock().unwrap().is_empty());
}
