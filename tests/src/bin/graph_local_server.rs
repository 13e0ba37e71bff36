//! Runs the in-memory Graph server on `127.0.0.1` until Ctrl-C.
//!
//! ```text
//! cargo run -p graphgen-tests --bin graph_local_server -- [PORT]
//! ```
//!
//! Prints `GRAPH_BASE_URL=http://127.0.0.1:PORT/v1.0` (the same store also answers under
//! `/beta`) and `GRAPH_TOKEN=...`, the bearer token every request must present.

use graphgen_tests::server::{GraphServer, ServerOptions};

/// The static bearer token the local server requires.
const TOKEN: &str = "graphgen-local-token";

#[tokio::main]
async fn main() {
    let port = match std::env::args().nth(1) {
        None => 0,
        Some(port) => match port.parse::<u16>() {
            Ok(port) => port,
            Err(_) => {
                eprintln!("usage: graph_local_server [PORT]   (PORT is a number, 0 for any)");
                std::process::exit(2);
            }
        },
    };
    let options = ServerOptions {
        token: Some(TOKEN.to_owned()),
        port,
        ..ServerOptions::default()
    };
    let server = match GraphServer::try_start_with(options).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {error}");
            std::process::exit(1);
        }
    };
    println!("GRAPH_BASE_URL={}", server.base_url("v1.0"));
    println!("GRAPH_TOKEN={TOKEN}");
    println!("# send `Authorization: Bearer {TOKEN}`; /beta serves the same store; Ctrl-C stops");
    if let Err(error) = tokio::signal::ctrl_c().await {
        eprintln!("cannot wait for Ctrl-C: {error}");
    }
    server.shutdown().await;
}
