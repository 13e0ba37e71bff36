//! `$ref` links: adding, listing, removing, reverse links and bad targets.

use graphgen_tests::server::GraphServer;
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{EM, PACKAGES, call, create, get, ids, package_url, post};

#[tokio::test]
async fn refs_add_list_remove_and_reverse_links() {
    let server = GraphServer::start().await;
    let (a, b, c) = (
        create(&server, "A").await,
        create(&server, "B").await,
        create(&server, "C").await,
    );
    server.store().add_group("g 1", "Group");
    server.store().add_catalog("cat", "Catalog");
    let refs = format!("{PACKAGES}/{a}/incompatibleAccessPackages/$ref");
    for _ in 0..2 {
        let reply = post(
            &server,
            &refs,
            &json!({"@odata.id": package_url(&server, &b)}),
        )
        .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }
    let catalog_url = format!(
        "{}/identityGovernance/entitlementManagement/accessPackageCatalogs/cat/accessPackages/{c}",
        server.base_url("beta")
    );
    let reply = post(
        &server,
        &refs.replace("$ref", "%24ref"),
        &json!({"@odata.id": catalog_url}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.store().incompatible_access_packages(&a),
        [b.clone(), c.clone()]
    );

    let listed = get(&server, &refs).await.json();
    assert_eq!(
        listed["@odata.context"],
        format!("{}/$metadata#Collection($ref)", server.base_url("v1.0"))
    );
    assert_eq!(
        listed["value"],
        json!([{"@odata.id": package_url(&server, &b)}, {"@odata.id": package_url(&server, &c)}])
    );
    let objects = get(
        &server,
        &format!("{PACKAGES}/{a}/incompatibleAccessPackages?$select=displayName"),
    )
    .await
    .json();
    assert_eq!(objects["value"][1], json!({"id": c, "displayName": "C"}));

    let groups = format!("{PACKAGES}/{a}/incompatibleGroups/$ref");
    let group_url = format!("{}/groups/g%201", server.base_url("v1.0"));
    assert_eq!(
        post(&server, &groups, &json!({"@odata.id": group_url}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let listed = get(&server, &groups).await.json();
    assert_eq!(listed["value"], json!([{"@odata.id": group_url}]));

    // Reverse links: b is incompatible with a; adding c's reverse link to b links c -> b.
    let reverse = get(
        &server,
        &format!("{PACKAGES}/{b}/accessPackagesIncompatibleWith"),
    )
    .await
    .json();
    assert_eq!(ids(&reverse), [a.as_str()]);
    let reverse_refs = format!("{PACKAGES}/{b}/accessPackagesIncompatibleWith/$ref");
    assert_eq!(
        post(
            &server,
            &reverse_refs,
            &json!({"@odata.id": package_url(&server, &c)})
        )
        .await
        .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.store().incompatible_access_packages(&c),
        [b.as_str()]
    );
    post(&server, &reverse_refs, &json!({}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "Request_BadRequest");

    // Catalog-scoped routes share the package; an unknown catalog is 404.
    let scoped =
        format!("/v1.0/{EM}/accessPackageCatalogs/cat/accessPackages/{a}/incompatibleGroups/$ref");
    assert_eq!(
        get(&server, &scoped).await.json()["value"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    get(&server, &scoped.replace("/cat/", "/nope/"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");

    let remove = call(
        &server,
        Method::DELETE,
        &format!("{PACKAGES}/{a}/incompatibleGroups/g%201/$ref"),
        &[],
        "",
    )
    .await;
    assert_eq!(remove.status, StatusCode::NO_CONTENT);
    let again = call(
        &server,
        Method::DELETE,
        &format!("{PACKAGES}/{a}/incompatibleGroups/g%201/$ref"),
        &[],
        "",
    )
    .await;
    again.assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    let by_id = format!("{refs}?$id={}", package_url(&server, &b));
    assert_eq!(
        call(&server, Method::DELETE, &by_id, &[], "").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        server.store().incompatible_access_packages(&a),
        [c.as_str()]
    );

    // Deleting a package removes every link to it.
    assert_eq!(
        call(&server, Method::DELETE, &format!("{PACKAGES}/{c}"), &[], "")
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert!(server.store().incompatible_access_packages(&a).is_empty());
}

#[tokio::test]
async fn ref_posts_reject_bad_targets() {
    let server = GraphServer::start().await;
    let (a, b) = (create(&server, "A").await, create(&server, "B").await);
    server.store().add_group("g1", "Group");
    let other_port = server.addr().port().wrapping_add(1);
    let v1 = server.base_url("v1.0");
    let refs = format!("{PACKAGES}/{a}/incompatibleAccessPackages/$ref");
    let bad_package_targets = [
        json!({}),
        json!({"@odata.id": 5}),
        json!({"@odata.id": format!("/v1.0/{EM}/accessPackages/{b}")}),
        json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/{EM}/accessPackages/{b}")}),
        json!({"@odata.id": format!("http://127.0.0.1:{other_port}/v1.0/{EM}/accessPackages/{b}")}),
        json!({"@odata.id": format!("{v1}/groups/g1")}),
        json!({"@odata.id": format!("{v1}/{EM}/accessPackages/missing")}),
        json!({"@odata.id": format!("{v1}/{EM}/accessPackages/{b}?x=1")}),
    ];
    for target in bad_package_targets {
        let reply = post(&server, &refs, &target).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "Request_BadRequest");
    }
    let groups = format!("{PACKAGES}/{a}/incompatibleGroups/$ref");
    for target in [package_url(&server, &b), format!("{v1}/groups/missing")] {
        let reply = post(&server, &groups, &json!({"@odata.id": target})).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "Request_BadRequest");
    }
    let reply = post(
        &server,
        &groups,
        &json!({"@odata.id": format!("{v1}/directoryObjects/g1")}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let unknown_owner = format!("{PACKAGES}/missing/incompatibleAccessPackages/$ref");
    let reply = post(
        &server,
        &unknown_owner,
        &json!({"@odata.id": package_url(&server, &b)}),
    )
    .await;
    reply.assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    assert!(server.store().incompatible_access_packages(&a).is_empty());
}
