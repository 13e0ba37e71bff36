//! Large file uploads through upload sessions on the local server: 50 MB from a generated
//! stream with a connection dropped in the middle of a range, and a session that expires.

use std::sync::{Arc, Mutex};

use graphgen_runtime::{CHUNK_QUANTUM, Error, LargeFileUpload, UploadError, UploadSession};
use graphgen_tests::pattern::Pattern;
use http::Method;

use super::support::{assert_no_token, runtime_client, server};

/// 50 MB, not a multiple of the chunk size.
const SIZE: u64 = 50_000_000;

#[derive(Debug, serde::Deserialize)]
struct DriveItem {
    id: String,
    name: String,
    size: u64,
    file: File,
}

#[derive(Debug, serde::Deserialize)]
struct File {
    hashes: Hashes,
}

#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Hashes {
    sha256_hash: String,
}

async fn open(client: &graphgen_runtime::Client, name: &str) -> UploadSession {
    let path = format!("/me/drive/root:/{name}:/createUploadSession");
    let body = serde_json::json!({ "item": { "@microsoft.graph.conflictBehavior": "replace" } });
    let session = UploadSession::create(client, &path, &body).await.unwrap();
    assert_eq!(session.next_expected_ranges, ["0-"]);
    assert!(session.expiration_date_time.is_some());
    session
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_megabytes_survive_a_dropped_connection() {
    let server = server().await;
    let client = runtime_client(&server, "v1.0");
    let session = open(&client, "backup.bin").await;
    let uploads = server.uploads().clone();
    let progress = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&progress);
    let mut dropped = false;
    let chunk = 16 * CHUNK_QUANTUM; // 5 MiB: 10 ranges
    let item: DriveItem = session
        .upload(&client, SIZE, Pattern::new(SIZE))
        .chunk_size(chunk)
        .unwrap()
        .on_progress(move |p| {
            seen.lock().unwrap().push((p.uploaded, p.total));
            // In the middle: the range after 20 MiB drops after 1 MB and 7 bytes of it.
            if p.uploaded >= 20 * 1024 * 1024 && !dropped {
                dropped = true;
                uploads.drop_connection_after(1_000_007);
            }
        })
        .send()
        .await
        .unwrap();

    let expected = Pattern::sha256(SIZE);
    assert_eq!((item.name.as_str(), item.size), ("backup.bin", SIZE));
    assert_eq!(item.file.hashes.sha256_hash, expected.to_uppercase());
    let done = server.uploads().completed();
    assert_eq!(done.len(), 1);
    assert_eq!(
        (done[0].id.as_str(), done[0].sha256.as_str()),
        (item.id.as_str(), expected.as_str())
    );
    assert_eq!(server.uploads().open(), 0);

    // Progress only grows, ends at the total, and shows the 1,000,007 bytes kept.
    let progress = progress.lock().unwrap();
    assert!(progress.windows(2).all(|w| w[0].0 < w[1].0), "{progress:?}");
    assert_eq!(progress.last(), Some(&(SIZE, SIZE)));
    let resumed = 4 * chunk as u64 + 1_000_007;
    assert!(progress.iter().any(|p| p.0 == resumed), "{progress:?}");

    // The ranges: none with a token, the dropped one resumed from the session's answer.
    let requests = server.requests();
    let to_session: Vec<_> = requests
        .iter()
        .filter(|r| r.path_and_query.starts_with("/upload/"))
        .collect();
    assert!(
        to_session
            .iter()
            .all(|r| !r.headers.contains_key("authorization"))
    );
    let ranges: Vec<&str> = to_session
        .iter()
        .map(|r| {
            r.headers
                .get("content-range")
                .map_or("GET", |v| v.to_str().unwrap())
        })
        .collect();
    assert_eq!(ranges.len(), 12, "{ranges:?}");
    assert_eq!(ranges[4], "bytes 20971520-26214399/50000000");
    assert_eq!(ranges[5], "GET");
    assert_eq!(ranges[6], format!("bytes {resumed}-26214399/50000000"));
    assert_eq!(ranges[11], "bytes 47185920-49999999/50000000");
}

#[tokio::test]
async fn an_expired_session_says_to_create_a_new_one() {
    let server = server().await;
    let client = runtime_client(&server, "v1.0");
    let session = open(&client, "report.pdf").await;
    let uploads = server.uploads().clone();
    let size = 3 * CHUNK_QUANTUM as u64;
    let err = session
        .upload(&client, size, Pattern::new(size))
        .chunk_size(CHUNK_QUANTUM)
        .unwrap()
        .on_progress(move |_| uploads.expire_all())
        .send::<DriveItem>()
        .await
        .unwrap_err();
    let err = assert_no_token(&err);
    let Error::Upload(upload) = err else {
        panic!("{err:?}")
    };
    let UploadError::SessionExpired { error } = &**upload else {
        panic!("{upload:?}")
    };
    assert_eq!(error.status, 404);
    assert_eq!(error.exchange.method, Method::PUT);
    let message = err.to_string();
    assert!(
        message.contains("404 Not Found: itemNotFound")
            && message.contains("create a new upload session and upload the file again"),
        "{message}"
    );
    assert!(!message.contains("tempauth"), "{message}");
    assert!(server.uploads().completed().is_empty());
}

#[tokio::test]
async fn the_upload_url_refuses_a_token_and_a_range_out_of_order() {
    let server = server().await;
    let client = runtime_client(&server, "v1.0");
    let session = open(&client, "a.txt").await;
    // Sent as an ordinary request, the client's token goes along: the session refuses it.
    let put = |range: &str| {
        http::Request::put(&session.upload_url)
            .header("content-range", range)
            .body(vec![7_u8; 10])
            .unwrap()
    };
    let err = client.send(put("bytes 0-9/20")).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::UNAUTHORIZED));
    // Without it, a range that does not start where the session is gets 416.
    let anonymous = graphgen_runtime::Client::new(server.base_url("v1.0")).unwrap();
    let err = anonymous.send(put("bytes 10-19/20")).await.unwrap_err();
    assert_eq!(err.status(), Some(http::StatusCode::RANGE_NOT_SATISFIABLE));
    let item: DriveItem = LargeFileUpload::new(&client, &session.upload_url, 20, &[1_u8; 20][..])
        .send()
        .await
        .unwrap();
    assert_eq!(item.size, 20);
}
