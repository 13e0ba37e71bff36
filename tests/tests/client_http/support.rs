//! What the tests share: a server that wants a token, clients of both profiles that send it
//! with a fast retry policy, and the checks that nothing shows the token.

use std::fmt::Debug;
use std::time::Duration;

use graph_access_packages::{beta, v1_0};
use graphgen_runtime::{Error, RetryPolicy};
use graphgen_tests::server::{GraphServer, RecordedRequest, ServerOptions};

/// The bearer token every server wants and every client sends: distinctive, so that a leak
/// into any message or `Debug` output is found by a plain substring search.
pub(crate) const TOKEN: &str = "eyJ0eXAi.client-http-S3CR3T-7f3c9a.sig";

/// The longest any single attempt may take in these tests (none comes close).
const TIMEOUT: Duration = Duration::from_secs(10);

/// A server that checks `Authorization: Bearer TOKEN`.
pub(crate) async fn server() -> GraphServer {
    GraphServer::start_with(ServerOptions {
        token: Some(TOKEN.to_owned()),
        ..ServerOptions::default()
    })
    .await
}

/// The default policy (3 attempts) with backoffs of milliseconds instead of seconds.
pub(crate) fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(40))
}

/// A runtime client of `server`'s `version` root that sends [`TOKEN`].
pub(crate) fn runtime_client(server: &GraphServer, version: &str) -> graphgen_runtime::Client {
    graphgen_runtime::Client::builder(server.base_url(version))
        .bearer_token(TOKEN)
        .retry(fast_retry())
        .timeout(TIMEOUT)
        .build()
        .expect("a valid client")
}

/// The generated v1.0 client of `server`, built from the generated builder.
pub(crate) fn v1(server: &GraphServer) -> v1_0::Client {
    v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .retry(fast_retry())
        .timeout(TIMEOUT)
        .build()
        .expect("a valid client")
}

/// The generated beta client of `server`.
pub(crate) fn beta(server: &GraphServer) -> beta::Client {
    beta::Client::builder()
        .base_url(server.base_url("beta"))
        .bearer_token(TOKEN)
        .retry(fast_retry())
        .timeout(TIMEOUT)
        .build()
        .expect("a valid client")
}

/// `/identityGovernance/entitlementManagement/accessPackages` of the v1.0 profile.
pub(crate) fn v1_packages(
    client: &v1_0::Client,
) -> v1_0::requests::EntitlementManagementAccessPackagesCollection {
    client
        .identity_governance()
        .entitlement_management()
        .access_packages()
}

/// `/identityGovernance/entitlementManagement/accessPackages` of the beta profile.
pub(crate) fn beta_packages(
    client: &beta::Client,
) -> beta::requests::EntitlementManagementAccessPackagesCollection {
    client
        .identity_governance()
        .entitlement_management()
        .access_packages()
}

/// Creates a v1.0 package named `name` through the client; its id.
pub(crate) async fn create_v1(client: &v1_0::Client, name: &str) -> String {
    let body = v1_0::models::AccessPackage {
        display_name: Some(name.to_owned()),
        ..Default::default()
    };
    let created = v1_packages(client).post(&body).await.expect("created");
    created.id.expect("the server assigns an id")
}

/// Creates a beta package named `name` in catalog `catalog`; its id.
pub(crate) async fn create_beta(client: &beta::Client, name: &str, catalog: &str) -> String {
    let body = beta::models::AccessPackage {
        display_name: Some(name.to_owned()),
        catalog_id: Some(catalog.to_owned()),
        ..Default::default()
    };
    let created = beta_packages(client).post(&body).await.expect("created");
    created.id.expect("the server assigns an id")
}

/// Header `name` of a recorded request, as text.
pub(crate) fn header<'a>(request: &'a RecordedRequest, name: &str) -> Option<&'a str> {
    request
        .headers
        .get(name)
        .and_then(|value| value.to_str().ok())
}

/// The recorded body as JSON.
pub(crate) fn body_json(request: &RecordedRequest) -> serde_json::Value {
    serde_json::from_slice(&request.body).expect("a JSON request body")
}

/// Asserts that neither `{:?}` nor `{:#?}` of `value` shows [`TOKEN`].
pub(crate) fn assert_hidden(value: &(impl Debug + ?Sized)) {
    for shown in [format!("{value:?}"), format!("{value:#?}")] {
        assert!(!shown.contains(TOKEN), "the token shows in {shown}");
    }
}

/// Asserts that no rendering of `err` (message, `Debug`, `{:#?}`, every source in the
/// chain) shows [`TOKEN`] or the word `Bearer`; returns `err` for further checks.
pub(crate) fn assert_no_token(err: &Error) -> &Error {
    assert_hidden(err);
    let mut shown = vec![err.to_string()];
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        shown.push(cause.to_string());
        shown.push(format!("{cause:?}"));
        source = cause.source();
    }
    for text in shown {
        assert!(
            !text.contains(TOKEN) && !text.contains("Bearer"),
            "the token shows in {text}"
        );
    }
    err
}

/// Asserts a service error with `status` and Graph error `code`, free of the token; its
/// message.
pub(crate) fn assert_service(err: &Error, status: u16, code: &str) -> String {
    assert_no_token(err);
    assert!(matches!(err, Error::Service(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err}");
    let graph = err.graph_error().expect("a Graph error body");
    assert_eq!(graph.code, code, "{err}");
    let message = err.to_string();
    assert!(message.contains(&status.to_string()), "{message}");
    assert!(message.contains(code), "{message}");
    assert!(message.contains(&graph.message), "{message}");
    let inner = graph.inner_error.as_ref().expect("innerError");
    assert!(err.request_id().is_some(), "{err:?}");
    assert_eq!(err.request_id(), inner.request_id.as_deref());
    assert_eq!(err.client_request_id(), inner.client_request_id.as_deref());
    message
}
