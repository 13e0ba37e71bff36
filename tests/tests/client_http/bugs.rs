//! Bugs found by these tests, outside the files this suite owns, each kept as a failing
//! test that is ignored until it is fixed: `cargo test -p graphgen-tests --test client_http
//! -- --ignored` runs them.

use graph_access_packages::v1_0;
use serde_json::json;

use crate::support::{TOKEN, create_v1, server, v1, v1_packages};

/// The runtime accepts a base URL whose scheme or host is not lowercase (its own unit test
/// keeps `HTTPS://graph.microsoft.com/beta`), but `Call::pages` (`runtime/src/call/paging.rs`,
/// `follow`) compares a nextLink with the base URL byte for byte. Services write links in
/// lowercase, so with `HTTP://127.0.0.1:…` (or `https://Graph.Microsoft.com/v1.0` against
/// Graph) the second page fails with `Error::ForeignNextLink`. Scheme and host should
/// compare case-insensitively (and the base URL could be normalised when built).
#[tokio::test]
#[ignore = "BUG (runtime): nextLink origin compared case-sensitively; see the doc comment"]
async fn a_next_link_differing_in_the_case_of_scheme_or_host_is_followed() {
    let server = server().await;
    for n in 0..150 {
        server
            .store()
            .insert_access_package_raw(json!({ "displayName": format!("p{n}") }));
    }
    let base = server.base_url("v1.0").replace("http://", "HTTP://");
    let client: v1_0::Client = v1_0::Client::builder()
        .base_url(&base)
        .bearer_token(TOKEN)
        .build()
        .expect("client")
        .into();
    let all = v1_packages(&client).list().all().await.expect("both pages");
    assert_eq!(all.len(), 150);
}

/// `runtime/src/encode.rs` writes the keys `.` and `..` as `%2E` and `%2E%2E` so that they
/// are not dot segments, but the WHATWG URL rules that `reqwest` (through `url`) applies
/// treat `%2e` and `%2e%2e` (any case) as dot segments too: converting the request in
/// `ReqwestTransport::send` resolves them. `…/incompatibleGroups/%2E%2E` goes out as
/// `GET …/accessPackages/{id}/`, and `by_id("..").delete()` on a package would go out as
/// `DELETE …/entitlementManagement/`: a request to another resource than the one named.
/// Keys that are dot segments need another form (`accessPackages('..')`) or an error.
#[tokio::test]
#[ignore = "BUG (runtime): keys `.` and `..` are resolved as dot segments by reqwest"]
async fn keys_that_are_dot_segments_reach_the_resource_they_name() {
    let server = server().await;
    let client = v1(&server);
    let package = create_v1(&client, "P").await;
    let groups = v1_packages(&client).by_id(&package).incompatible_groups();
    for key in [".", ".."] {
        server.store().add_group(key, "dots");
        groups
            .refs()
            .add(key)
            .await
            .expect("linked (the key is in the body)");
        server.clear_requests();
        let read = groups.by_id(key).get().await;
        let sent = &server.requests()[0].path_and_query;
        assert!(
            sent.ends_with("/incompatibleGroups/%2E")
                || sent.ends_with("/incompatibleGroups/%2E%2E"),
            "{key:?} was sent as {sent}"
        );
        assert_eq!(read.expect("read by key").id.as_deref(), Some(key));
    }
}
