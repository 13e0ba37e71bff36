//! Bugs these tests found in the runtime, fixed; each test keeps it fixed.

use graph_access_packages::v1_0;
use serde_json::json;

use crate::support::{TOKEN, create_v1, server, v1, v1_packages};

/// A base URL whose scheme or host is not lowercase (`HTTP://127.0.0.1:…`,
/// `https://Graph.Microsoft.com/v1.0`) used to make the second page fail with
/// `Error::ForeignNextLink`, since services write links in lowercase: scheme and host are
/// case-insensitive, so the base URL is lowercased when built and links are compared so.
#[tokio::test]

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
        .expect("client");
    let all = v1_packages(&client).list().all().await.expect("both pages");
    assert_eq!(all.len(), 150);
}

/// The keys `.` and `..` used to be written `%2E` and `%2E%2E`, but the WHATWG URL rules
/// that `reqwest` (through `url`) applies treat those as dot segments too: `by_id("..")
/// .delete()` on a package went out as `DELETE …/entitlementManagement/`, a request to
/// another resource than the one named. They are now written in the parenthesised key form
/// (`incompatibleGroups('..')`).
#[tokio::test]

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
            sent.ends_with(&format!("/incompatibleGroups('{key}')")),
            "{key:?} was sent as {sent}"
        );
        assert_eq!(read.expect("read by key").id.as_deref(), Some(key));
    }
}
