//! Media through the runtime's reqwest transport, over real HTTP: a download is read while
//! the server is still sending it, and an upload is sent while it is still being produced,
//! so neither is held whole in memory. A small server of its own, since media is not JSON.
//! (Each direction waits for the other side's progress: a client that buffered a body whole
//! would never finish, and the test's timeout would fail it.)

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::routing::get;
use bytes::Bytes;
use futures_util::StreamExt as _;
use graphgen_runtime::{MediaBody, RequestTarget};
use tokio::sync::Notify;

use super::support::{TOKEN, assert_no_token};

/// One MiB.
const MIB: usize = 1024 * 1024;

/// What the server and the test tell each other.
#[derive(Default)]
struct Signals {
    /// The client got the first half of a download.
    client_has_first_half: Notify,
    /// The server got the first chunk of an upload.
    server_has_first_chunk: Notify,
}

/// `GET /v1.0/media/$value`: 8 MiB, the second half only once the client has the first.
/// `PUT /v1.0/media/$value`: reads the body chunk by chunk and answers its size and a sum.
async fn start(signals: Arc<Signals>) -> String {
    let app = Router::new()
        .route("/v1.0/media/$value", get(download).put(upload))
        .with_state(signals);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1.0", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}

fn chunk(i: usize) -> Bytes {
    Bytes::from(vec![u8::try_from(i % 251).unwrap(); MIB])
}

async fn download(State(s): State<Arc<Signals>>) -> Body {
    let stream = futures_util::stream::iter(0..8).then(move |i| {
        let s = Arc::clone(&s);
        async move {
            if i == 4 {
                s.client_has_first_half.notified().await;
            }
            Ok::<_, std::io::Error>(chunk(i))
        }
    });
    Body::from_stream(stream)
}

async fn upload(State(s): State<Arc<Signals>>, body: Body) -> String {
    let mut stream = body.into_data_stream();
    let (mut size, mut sum) = (0usize, 0u64);
    while let Some(c) = stream.next().await {
        let c = c.unwrap();
        if size < MIB && size + c.len() >= MIB {
            s.server_has_first_chunk.notify_one();
        }
        size += c.len();
        sum += c.iter().map(|&b| u64::from(b)).sum::<u64>();
    }
    format!("{size} {sum}")
}

fn client(url: &str) -> graphgen_runtime::Client {
    graphgen_runtime::Client::builder(url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_download_is_read_while_the_server_still_sends_it() {
    let signals = Arc::new(Signals::default());
    let url = start(Arc::clone(&signals)).await;
    let c = client(&url);
    let target = RequestTarget::root(&c).segment("media").segment("$value");
    let run = async {
        let media = target.download().await.unwrap();
        assert!(media.status().is_success());
        let mut stream = media.into_stream();
        let mut got = 0;
        let mut told = false;
        while let Some(c) = stream.next().await {
            got += c.unwrap().len();
            if got >= 4 * MIB && !told {
                signals.client_has_first_half.notify_one();
                told = true;
            }
        }
        got
    };
    let got = tokio::time::timeout(Duration::from_secs(20), run)
        .await
        .expect(
            "the download streams: the server sends its second half only after the first arrived",
        );
    assert_eq!(got, 8 * MIB);
}

#[tokio::test]
async fn an_upload_of_50_mib_is_sent_while_it_is_produced() {
    let signals = Arc::new(Signals::default());
    let url = start(Arc::clone(&signals)).await;
    let c = client(&url);
    let waits = Arc::clone(&signals);
    // Chunk 1 onward is produced only after the server got chunk 0.
    let body = futures_util::stream::iter(0..50).then(move |i| {
        let s = Arc::clone(&waits);
        async move {
            if i == 1 {
                s.server_has_first_chunk.notified().await;
            }
            Ok::<_, std::io::Error>(chunk(i))
        }
    });
    let expected: u64 = (0..50).map(|i| (i % 251) as u64 * MIB as u64).sum();
    let target = RequestTarget::root(&c).segment("media").segment("$value");
    let sent = target.upload(
        http::Method::PUT,
        "application/octet-stream",
        MediaBody::from_stream(body, Some(50 * MIB as u64)),
    );
    let answer = tokio::time::timeout(Duration::from_secs(60), sent)
        .await
        .expect("the upload streams: its second chunk waits for the server to get the first")
        .unwrap();
    let text = answer.bytes().await.unwrap();
    assert_eq!(text, format!("{} {expected}", 50 * MIB));
}

#[tokio::test]
async fn a_media_error_is_a_service_error_without_the_token() {
    let url = start(Arc::new(Signals::default())).await;
    let c = client(&url);
    let e = RequestTarget::root(&c)
        .segment("nothing")
        .segment("$value")
        .download()
        .await
        .unwrap_err();
    assert!(
        matches!(&e, graphgen_runtime::Error::Service(s) if s.status == 404),
        "{e:?}"
    );
    assert_no_token(&e);
}
