//! Authentication and the fault switches: throttling, outages, odd error bodies, dropped
//! connections and delays.

use std::time::{Duration, SystemTime};

use graphgen_tests::server::{GraphServer, RetryAfter, ServerOptions};
use http::{Method, StatusCode};
use http_body_util::BodyExt;

use crate::support::{PACKAGES, call, exchange, get};

#[tokio::test]
async fn auth_rejects_missing_and_wrong_tokens_without_echoing_them() {
    let secret = "s3cr3t-token";
    let server = GraphServer::start_with(ServerOptions {
        token: Some(secret.into()),
        ..ServerOptions::default()
    })
    .await;
    let presented = "wrong-token-value";
    for headers in [vec![], vec![("authorization", "Bearer wrong-token-value")]] {
        let reply = call(&server, Method::GET, PACKAGES, &headers, "").await;
        reply.assert_error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
        let everything = format!(
            "{:?}{}",
            reply.headers,
            String::from_utf8_lossy(&reply.body)
        );
        assert!(
            !everything.contains(presented) && !everything.contains(secret),
            "{everything}"
        );
    }
    let ok = call(
        &server,
        Method::GET,
        PACKAGES,
        &[("authorization", "Bearer s3cr3t-token")],
        "",
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(!format!("{server:?}").contains(secret));
}

#[tokio::test]
async fn throttling_outages_and_error_bodies() {
    let server = GraphServer::start().await;
    let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    server.faults().throttle_next(2, RetryAfter::Seconds(3));
    server.faults().throttle_next(1, RetryAfter::HttpDate(date));
    server.faults().throttle_next(1, RetryAfter::None);
    server.faults().unavailable_next(1);
    server.faults().gateway_timeout_next(1);
    server.faults().html_error_next();
    server.faults().empty_error_next(StatusCode::BAD_GATEWAY);
    assert_eq!(server.faults().pending(), 8);
    let mut replies = Vec::new();
    for _ in 0..9 {
        replies.push(get(&server, PACKAGES).await);
    }
    for reply in &replies[..4] {
        reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
    }
    assert_eq!(replies[0].header("retry-after"), Some("3"));
    assert_eq!(replies[1].header("retry-after"), Some("3"));
    let http_date = replies[2].header("retry-after").expect("date");
    assert_eq!(httpdate::parse_http_date(http_date).unwrap(), date);
    assert!(http_date.ends_with(" GMT"), "{http_date}");
    assert_eq!(replies[3].header("retry-after"), None);
    replies[4].assert_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable");
    assert_eq!(replies[4].header("retry-after"), None);
    replies[5].assert_error(StatusCode::GATEWAY_TIMEOUT, "GatewayTimeout");
    assert_eq!(replies[6].status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        replies[6]
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(replies[6].body.starts_with(b"<!DOCTYPE html>"));
    assert_eq!(
        (replies[7].status, replies[7].body.len()),
        (StatusCode::BAD_GATEWAY, 0)
    );
    assert!(replies[7].header("request-id").is_some());
    assert_eq!(replies[8].status, StatusCode::OK);
    assert_eq!(server.requests().len(), 9);
}

#[tokio::test]
async fn dropped_connection_truncates_the_body() {
    let server = GraphServer::start().await;
    server.faults().drop_connection_next();
    let (parts, mut body) = exchange(server.addr(), Method::GET, PACKAGES, &[], "").await;
    assert_eq!(parts.status, StatusCode::OK);
    assert_eq!(parts.headers["content-length"], "4096");
    let mut received = Vec::new();
    let error = loop {
        match body.frame().await {
            Some(Ok(frame)) => received.extend_from_slice(frame.data_ref().expect("data")),
            Some(Err(error)) => break error,
            None => panic!("the body ended cleanly after {} bytes", received.len()),
        }
    };
    assert!(received.starts_with(b"{\"@odata.context\""), "{received:?}");
    assert!(received.len() < 4096);
    // hyper reports a body that ended before its Content-Length: UnexpectedEof.
    let source = std::error::Error::source(&error).expect("cause");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("an I/O cause");
    assert_eq!(io.kind(), std::io::ErrorKind::UnexpectedEof, "{error:?}");
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
}

#[tokio::test]
async fn delay_lets_a_client_time_out() {
    let server = GraphServer::start().await;
    server.faults().delay_next(Duration::from_millis(400));
    let slow = tokio::time::timeout(Duration::from_millis(50), get(&server, PACKAGES)).await;
    assert!(
        slow.is_err(),
        "the delayed request must not answer within 50 ms"
    );
    let started = std::time::Instant::now();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(300));
    server.faults().delay_next(Duration::from_millis(60));
    let started = std::time::Instant::now();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(60));
}
