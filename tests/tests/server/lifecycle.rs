//! Request recording, concurrent use and shutdown.

use std::time::Duration;

use graphgen_tests::server::GraphServer;
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{CT_JSON, PACKAGES, call, create, get, package_url, post};

#[tokio::test]
async fn requests_are_recorded_as_received() {
    let server = GraphServer::start().await;
    let target = format!("{PACKAGES}?%24select=displayName&$filter=displayName%20eq%20'a+b'");
    get(&server, &target).await;
    call(
        &server,
        Method::POST,
        PACKAGES,
        &[CT_JSON, ("client-request-id", "r1")],
        r#"{"displayName":"x"}"#,
    )
    .await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, Method::GET);
    assert_eq!(requests[0].path_and_query, target);
    assert_eq!(requests[1].headers["client-request-id"], "r1");
    assert_eq!(&requests[1].body[..], br#"{"displayName":"x"}"#);
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_and_links_are_consistent() {
    let server = std::sync::Arc::new(GraphServer::start().await);
    let hub = create(&server, "hub").await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let server = std::sync::Arc::clone(&server);
        let hub = hub.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..10 {
                let id = create(&server, &format!("n{n}")).await;
                let refs = format!("{PACKAGES}/{hub}/incompatibleAccessPackages/$ref");
                let reply = post(
                    &server,
                    &refs,
                    &json!({"@odata.id": package_url(&server, &id)}),
                )
                .await;
                assert_eq!(reply.status, StatusCode::NO_CONTENT);
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(server.store().access_packages().len(), 501);
    let links = server.store().incompatible_access_packages(&hub);
    assert_eq!(links.len(), 500);
    let body = get(
        &server,
        &format!("{PACKAGES}/{hub}/incompatibleAccessPackages/$ref?$count=true"),
    )
    .await
    .json();
    assert_eq!(body["@odata.count"], 500);
}

#[tokio::test]
async fn dropping_or_shutting_down_stops_the_server() {
    let server = GraphServer::start().await;
    let addr = server.addr();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let server = GraphServer::start().await;
    let addr = server.addr();
    drop(server);
    let mut refused = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "the dropped server still accepts connections");
}
