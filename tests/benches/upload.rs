//! The memory of a 50 MB upload through an upload session (`LargeFileUpload`, from a
//! generated stream, never a 50 MB buffer), printed (run with
//! `cargo bench -p graphgen-tests --bench upload`): for three chunk sizes, the peak of the
//! bytes allocated above what was allocated before (client and the in-process server
//! together), counted by a global allocator that tracks it, with the time and throughput.

use std::time::Instant;

use graphgen_runtime::{CHUNK_QUANTUM, UploadSession};
use graphgen_tests::pattern::Pattern;
use graphgen_tests::server::{GraphServer, ServerOptions};
use peak_alloc::PeakAlloc;

/// Counts the bytes allocated and their peak.
#[global_allocator]
static ALLOCATOR: PeakAlloc = PeakAlloc;

const TOKEN: &str = "bench-token";

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    rt.block_on(async {
        let server = GraphServer::start_with(ServerOptions {
            token: Some(TOKEN.to_owned()),
            ..ServerOptions::default()
        })
        .await;
        upload_memory(&server).await;
    });
}

/// Uploads 50 MB from a generated stream and prints the peak memory above the start.
async fn upload_memory(server: &GraphServer) {
    const SIZE: u64 = 50_000_000;
    let client = graphgen_runtime::Client::builder(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .build()
        .expect("a client");
    println!("a 50 MB upload (client and in-process server, peak allocated above the start):");
    for chunk in [10 * 1024 * 1024, 16 * CHUNK_QUANTUM, 4 * CHUNK_QUANTUM] {
        let session = UploadSession::create(
            &client,
            "/me/drive/root:/bench.bin:/createUploadSession",
            &serde_json::json!({}),
        )
        .await
        .expect("a session");
        let before = ALLOCATOR.current_usage();
        ALLOCATOR.reset_peak_usage();
        let start = Instant::now();
        let item: serde_json::Value = session
            .upload(&client, SIZE, Pattern::new(SIZE))
            .chunk_size(chunk)
            .expect("a valid chunk size")
            .send()
            .await
            .expect("the item");
        let elapsed = start.elapsed();
        let peak = ALLOCATOR.peak_usage().saturating_sub(before);
        assert_eq!(item["size"], SIZE);
        println!(
            "  chunks of {:>5.2} MiB: peak {:>6.2} MiB ({:.2} chunks), {:>6.0} ms, {:>5.0} MB/s",
            chunk as f64 / 1048576.0,
            peak as f64 / 1048576.0,
            peak as f64 / chunk as f64,
            elapsed.as_secs_f64() * 1e3,
            SIZE as f64 / 1e6 / elapsed.as_secs_f64()
        );
    }
}
