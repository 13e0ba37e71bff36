//! The bearer token never shows: not in any error the client can produce over HTTP (service
//! 400/401/404/429, timeout, transport, deserialization, a refused nextLink), nor in the
//! `Debug` output of clients, builders, calls and errors. The other modules check each
//! error they meet as well (`support::assert_no_token`); this one makes every kind in one
//! place.

use std::time::Duration;

use graph_access_packages::{beta, v1_0};
use graphgen_runtime::{Error, RetryPolicy};
use graphgen_tests::server::{GraphServer, RetryAfter, ServerOptions};
use serde_json::json;

use crate::support::{TOKEN, assert_hidden, assert_no_token, runtime_client, server, v1_packages};

/// A v1.0 client sending [`TOKEN`] to `base` with a short timeout and quick retries.
fn client_for(base: &str) -> v1_0::Client {
    v1_0::Client::builder()
        .base_url(base)
        .bearer_token(TOKEN)
        .retry(crate::support::fast_retry())
        .timeout(Duration::from_millis(300))
        .build()
        .expect("client")
}

/// One error of each kind, each made with [`TOKEN`] on the wire.
async fn every_kind_of_error(server: &GraphServer) -> Vec<Error> {
    let client = client_for(&server.base_url("v1.0"));
    let packages = v1_packages(&client);
    let mut errors = Vec::new();
    let mut push = |result: Result<(), Error>| errors.push(result.expect_err("fails"));

    push(packages.by_id("missing").get().await.map(drop)); // 404
    push(packages.list().search("\"x\"").await.map(drop)); // 400
    server.faults().throttle_next(3, RetryAfter::Seconds(0));
    push(packages.list().await.map(drop)); // 429 after 3 attempts
    server.faults().html_error_next();
    push(packages.list().await.map(drop)); // 500, HTML
    server
        .faults()
        .empty_error_next(http::StatusCode::BAD_GATEWAY);
    push(packages.list().await.map(drop)); // 502, empty
    server.faults().drop_connection_next();
    push(packages.list().await.map(drop)); // transport
    server.faults().delay_next(Duration::from_secs(1));
    push(packages.list().await.map(drop)); // timeout
    let id = server
        .store()
        .insert_access_package_raw(json!({"displayName": 7}));
    push(packages.by_id(&id).get().await.map(drop)); // deserialize
    packages.by_id(&id).delete().await.expect("deleted");

    // A server that wants another token: 401 for ours.
    let other = GraphServer::start_with(ServerOptions {
        token: Some("another-token".to_owned()),
        ..ServerOptions::default()
    })
    .await;
    let refused = client_for(&other.base_url("v1.0"));
    push(v1_packages(&refused).list().await.map(drop)); // 401

    // A nextLink under another origin (the server writes 127.0.0.1, the client says localhost).
    for n in 0..101 {
        server
            .store()
            .insert_access_package_raw(json!({ "displayName": format!("p{n}") }));
    }
    let local = client_for(&server.base_url("v1.0").replace("127.0.0.1", "localhost"));
    push(v1_packages(&local).list().all().await.map(drop)); // foreign next link
    errors
}

#[tokio::test]
async fn no_error_and_no_debug_output_shows_the_token() {
    let server = server().await;
    let errors = every_kind_of_error(&server).await;
    let statuses: Vec<Option<u16>> = errors
        .iter()
        .map(|e| e.status().map(|s| s.as_u16()))
        .collect();
    assert_eq!(
        statuses,
        [
            Some(404),
            Some(400),
            Some(429),
            Some(500),
            Some(502),
            None,
            None,
            Some(200),
            Some(401),
            None
        ]
    );
    assert!(
        matches!(errors[5], Error::Transport { .. }),
        "{:?}",
        errors[5]
    );
    assert!(
        matches!(errors[6], Error::Timeout { .. }),
        "{:?}",
        errors[6]
    );
    assert!(
        matches!(errors[7], Error::Deserialize { .. }),
        "{:?}",
        errors[7]
    );
    assert!(
        matches!(errors[9], Error::ForeignNextLink { .. }),
        "{:?}",
        errors[9]
    );
    for err in &errors {
        assert_no_token(err);
        assert_hidden(&err.exchange());
        assert_hidden(&err.graph_error());
    }
    // Every request did carry the token, so the absence above means something.
    assert!(server.requests().iter().all(|r| {
        r.headers
            .get("authorization")
            .is_some_and(|v| v.as_bytes().ends_with(TOKEN.as_bytes()))
    }));
}

#[tokio::test]
async fn debug_output_of_clients_builders_and_calls_hides_the_token() {
    let server = server().await;
    let builder = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .default_header("x-default", "1")
        .retry(RetryPolicy::none());
    assert_hidden(&builder);
    let client: v1_0::Client = builder.build().expect("client");
    assert_hidden(&client);
    assert_hidden(client.runtime());
    let runtime = runtime_client(&server, "beta");
    assert_hidden(&runtime);
    let beta_client = beta::Client::from(runtime.clone());
    assert_hidden(&beta_client);

    let packages = v1_packages(&client);
    assert_hidden(&packages);
    let nav = packages.by_id("p").incompatible_groups();
    assert_hidden(&nav);
    assert_hidden(&nav.refs());
    let call = packages.list().top(1).consistency_level_eventual();
    assert_hidden(&call);
    assert_hidden(&call.request().expect("request"));

    // A token given as a per-request header by a client without a provider: sent, accepted,
    // and hidden from the call's Debug and from errors.
    let bare: v1_0::Client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .build()
        .expect("client");
    let bearer = format!("Bearer {TOKEN}");
    let call = v1_packages(&bare).list().header("Authorization", &bearer);
    assert_hidden(&call);
    call.await.expect("accepted");
    let err = v1_packages(&bare)
        .by_id("missing")
        .get()
        .header("Authorization", &bearer)
        .await
        .expect_err("404");
    assert_no_token(&err);
}
