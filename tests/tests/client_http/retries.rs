//! Retries of `429`, `503` and `504` over real HTTP: the same request again, with the same
//! `client-request-id` and body, a `Retry-Attempt` header, after what `Retry-After` says.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use graph_access_packages::v1_0;
use graphgen_runtime::{Error, RetryPolicy};
use graphgen_tests::server::{GraphServer, RecordedRequest, RetryAfter};

use crate::support::{TOKEN, assert_service, header, server, v1, v1_packages};

/// A create body.
fn package(name: &str) -> v1_0::models::AccessPackage {
    v1_0::models::AccessPackage {
        display_name: Some(name.to_owned()),
        description: Some("retried".to_owned()),
        ..Default::default()
    }
}

/// Asserts that `requests` are attempts of one request: same method, target, body and
/// `client-request-id`, the token on each, `Retry-Attempt` 1, 2, … after the first.
fn assert_attempts_of_one_request(requests: &[RecordedRequest]) {
    let first = &requests[0];
    let id = header(first, "client-request-id").expect("client-request-id");
    let bearer = format!("Bearer {TOKEN}");
    for (n, request) in requests.iter().enumerate() {
        assert_eq!(request.method, first.method);
        assert_eq!(request.path_and_query, first.path_and_query);
        assert_eq!(request.body, first.body);
        assert_eq!(header(request, "client-request-id"), Some(id));
        assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
        let attempt = (n > 0).then(|| n.to_string());
        assert_eq!(header(request, "retry-attempt"), attempt.as_deref(), "{n}");
    }
}

#[tokio::test]
async fn a_throttled_post_is_sent_again_and_succeeds() {
    let server = server().await;
    let client = v1(&server);
    server.faults().throttle_next(2, RetryAfter::Seconds(0));
    let created = v1_packages(&client)
        .post(&package("Throttled"))
        .await
        .expect("created on the third attempt");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_attempts_of_one_request(&requests);
    assert!(!requests[0].body.is_empty());
    assert_eq!(server.store().access_packages().len(), 1, "created once");
    assert_eq!(
        server.store().access_packages()[0]["id"].as_str(),
        created.id.as_deref()
    );
}

#[tokio::test]
async fn past_the_last_attempt_the_error_says_429_and_carries_both_ids() {
    let server = server().await;
    let client: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .build()
        .expect("client with the default retry policy");
    assert_eq!(client.runtime().retry_policy().attempts(), 3);
    server.faults().throttle_next(5, RetryAfter::Seconds(0));
    let err = v1_packages(&client)
        .post(&package("Never"))
        .await
        .expect_err("throttled every time");
    let message = assert_service(&err, 429, "TooManyRequests");
    assert!(message.contains("3 attempts"), "{message}");
    let Error::Service(service) = &err else {
        unreachable!()
    };
    assert_eq!(service.retry_after.as_deref(), Some("0"));
    assert_eq!(service.exchange.attempts, 3);
    // The request-id is the last response's: header and error body agree.
    let inner = service.error.as_ref().and_then(|e| e.inner_error.as_ref());
    assert_eq!(
        service.request_id_header.as_deref(),
        inner.and_then(|i| i.request_id.as_deref())
    );
    assert_eq!(err.request_id(), service.request_id_header.as_deref());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_attempts_of_one_request(&requests);
    assert_eq!(
        err.client_request_id(),
        header(&requests[0], "client-request-id")
    );
    assert_eq!(server.faults().pending(), 2);
    assert!(server.store().access_packages().is_empty());
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = server().await;
    let client = v1(&server);
    // A whole second (HTTP dates have no fraction) between 0.95 and 1.95 s from now.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    let target = (now + Duration::from_millis(950)).as_secs() + 1;
    let when = UNIX_EPOCH + Duration::from_secs(target);
    server.faults().throttle_next(1, RetryAfter::HttpDate(when));
    let started = Instant::now();
    let page = v1_packages(&client).list().await.expect("a page");
    let elapsed = started.elapsed();
    assert!(page.items.is_empty());
    assert!(elapsed >= Duration::from_millis(900), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_attempts_of_one_request(&requests);
}

/// A fault once, then success: the second attempt, after a backoff of milliseconds.
async fn once_then_success(server: &GraphServer, client: &v1_0::Client) {
    server.clear_requests();
    let id = crate::support::create_v1(client, "after an outage").await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_attempts_of_one_request(&requests);
    assert!(server.store().access_package(&id).is_some());
}

#[tokio::test]
async fn unavailable_and_gateway_timeout_once_then_success() {
    let server = server().await;
    let client = v1(&server);
    server.faults().unavailable_next(1);
    once_then_success(&server, &client).await;
    server.faults().gateway_timeout_next(1);
    once_then_success(&server, &client).await;

    // Without retries, the first 503 is the answer.
    let once: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .retry(RetryPolicy::none())
        .build()
        .expect("client");
    server.faults().unavailable_next(1);
    let err = v1_packages(&once).list().await.expect_err("503");
    assert_service(&err, 503, "ServiceUnavailable");
    assert_eq!(err.exchange().map(|e| e.attempts), Some(1));
}
