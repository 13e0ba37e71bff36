//! Every fault the server can inject, and the ordinary failures (404, 401), give a clear
//! error: never a panic, never a hang.

use std::time::{Duration, Instant};

use graph_access_packages::v1_0;
use graphgen_runtime::Error;
use http::StatusCode;
use serde_json::json;

use crate::support::{TOKEN, assert_no_token, assert_service, server, v1, v1_packages};

#[tokio::test]
async fn an_html_error_page_is_a_500_that_says_so() {
    let server = server().await;
    let client = v1(&server);
    server.faults().html_error_next();
    let err = v1_packages(&client).list().await.expect_err("500");
    assert_no_token(&err);
    assert_eq!(err.status(), Some(StatusCode::INTERNAL_SERVER_ERROR));
    assert!(err.graph_error().is_none());
    let message = err.to_string();
    assert!(
        message.contains(": 500 Internal Server Error: non-JSON error body (text/html"),
        "{message}"
    );
    assert!(
        message.contains("500 - Internal server error."),
        "{message}"
    );
    assert!(err.request_id().is_some(), "the request-id header is kept");
    assert_eq!(server.requests().len(), 1, "a 500 is not retried");
}

#[tokio::test]
async fn an_empty_error_body_says_empty_response_body() {
    let server = server().await;
    let client = v1(&server);
    server.faults().empty_error_next(StatusCode::BAD_GATEWAY);
    let err = v1_packages(&client)
        .by_id("x")
        .delete()
        .await
        .expect_err("502");
    assert_no_token(&err);
    assert_eq!(err.status(), Some(StatusCode::BAD_GATEWAY));
    let message = err.to_string();
    assert!(message.starts_with("DELETE http://"), "{message}");
    assert!(
        message.contains("502 Bad Gateway: empty response body"),
        "{message}"
    );
}

#[tokio::test]
async fn a_dropped_connection_is_a_transport_error() {
    let server = server().await;
    let client = v1(&server);
    server.faults().drop_connection_next();
    let err = v1_packages(&client).list().await.expect_err("dropped");
    assert_no_token(&err);
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("transport error"), "{err}");
    assert!(err.client_request_id().is_some());
    // The next request gets through on a fresh connection.
    v1_packages(&client).list().await.expect("recovered");
}

#[tokio::test]
async fn a_slow_response_times_out_quickly() {
    let server = server().await;
    let client: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client");
    server.faults().delay_next(Duration::from_secs(2));
    let started = Instant::now();
    let err = v1_packages(&client).list().await.expect_err("timeout");
    let elapsed = started.elapsed();
    assert_no_token(&err);
    let Error::Timeout { after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*after, Duration::from_millis(300));
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert!(
        err.to_string().contains("no response within 300ms"),
        "{err}"
    );
}

#[tokio::test]
async fn an_unknown_id_is_request_resource_not_found() {
    let server = server().await;
    let client = v1(&server);
    let err = v1_packages(&client)
        .by_id("no-such-package")
        .get()
        .await
        .expect_err("404");
    let message = assert_service(&err, 404, "Request_ResourceNotFound");
    assert!(message.contains("no-such-package"), "{message}");
    let err = v1_packages(&client)
        .by_id("no-such-package")
        .patch(&Default::default())
        .await
        .expect_err("404");
    assert_service(&err, 404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn a_missing_or_wrong_token_is_a_401() {
    let server = server().await;
    let anonymous: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .build()
        .expect("client");
    let err = v1_packages(&anonymous).list().await.expect_err("401");
    let message = assert_service(&err, 401, "InvalidAuthenticationToken");
    assert!(message.contains("Access token is empty"), "{message}");
    assert!(server.requests()[0].headers.get("authorization").is_none());

    let wrong = "wrong-token-value-0123";
    let impostor: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(wrong)
        .build()
        .expect("client");
    let err = v1_packages(&impostor)
        .post(&Default::default())
        .await
        .expect_err("401");
    assert_service(&err, 401, "InvalidAuthenticationToken");
    let shown = format!("{err} {err:?} {impostor:?}");
    assert!(!shown.contains(wrong), "{shown}");
    assert!(server.store().access_packages().is_empty());
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_the_json_path() {
    let server = server().await;
    let client = v1(&server);
    let id = server.store().insert_access_package_raw(
        json!({"displayName": "Broken", "createdDateTime": "yesterday"}),
    );
    let err = v1_packages(&client)
        .by_id(&id)
        .get()
        .await
        .expect_err("not a date");
    assert_no_token(&err);
    let Error::Deserialize { path, status, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "createdDateTime");
    assert_eq!(*status, StatusCode::OK);
    let err = v1_packages(&client).list().await.expect_err("not a date");
    let Error::Deserialize { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "value[0].createdDateTime");
}
