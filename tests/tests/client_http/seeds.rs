//! The scenario of each seed page, end to end through the generated crate: create packages,
//! add each kind of `$ref` link, read the links back every way the client can, and check
//! that the server's store agrees.

use chrono::Utc;
use graph_access_packages::{beta, v1_0};
use graphgen_runtime::{CanonicalPath, ODataRef};
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{
    beta_packages, body_json, create_beta, create_v1, header, server, v1, v1_packages,
};

/// Seed 003 (beta): `POST …/accessPackages` answers `201` with the stored package.
#[tokio::test]
async fn seed_003_create_returns_the_package_with_server_fields() {
    let server = server().await;
    let client = crate::support::beta(&server);
    let body = beta::models::AccessPackage {
        catalog_id: Some("cat-3".to_owned()),
        display_name: Some("sales reps".to_owned()),
        description: Some("outside sales representatives".to_owned()),
        ..Default::default()
    };
    let created = beta_packages(&client).post(&body).await.expect("created");
    let id = created.id.clone().expect("id");
    uuid::Uuid::parse_str(&id).expect("the server's id is a UUID");
    let at = created
        .created_date_time
        .expect("createdDateTime is parsed");
    let now = chrono::DateTime::<Utc>::from(std::time::SystemTime::now());
    let age = now.signed_duration_since(at.with_timezone(&Utc));
    assert!(age.num_seconds().abs() < 60, "{at}");
    assert_eq!(created.modified_date_time, created.created_date_time);
    assert_eq!(created.display_name, body.display_name);
    assert_eq!(created.description, body.description);
    assert_eq!(created.catalog_id, body.catalog_id);
    assert!(created.additional_data.contains_key("@odata.context"));

    // Only the properties that were set went out, under their wire names.
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, Method::POST);
    assert_eq!(
        requests[0].path_and_query,
        "/beta/identityGovernance/entitlementManagement/accessPackages"
    );
    assert_eq!(
        header(&requests[0], "content-type"),
        Some("application/json")
    );
    assert_eq!(
        body_json(&requests[0]),
        json!({"catalogId": "cat-3", "displayName": "sales reps",
               "description": "outside sales representatives"})
    );

    let stored = server.store().access_package(&id).expect("stored");
    assert_eq!(stored["displayName"], "sales reps");
    assert_eq!(stored["catalogId"], "cat-3");
    let read = beta_packages(&client).by_id(&id).get().await.expect("read");
    assert_eq!(read.created_date_time, created.created_date_time);
    assert_eq!(read.description, body.description);

    // The same request sent by hand shows the status and the Location header.
    let request = beta_packages(&client).post_request(&body).expect("request");
    let response = client.runtime().send(request).await.expect("sent");
    assert_eq!(response.status(), StatusCode::CREATED);
    let raw: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
    let location = response.headers()["location"].to_str().expect("text");
    assert_eq!(
        location,
        client.runtime().entity_url(
            beta::models::AccessPackage::COLLECTION_PATH,
            raw["id"].as_str().expect("id")
        )
    );
    assert_eq!(server.store().access_packages().len(), 2);
}

/// Seed 002 (beta): a create that names its type and sets every writable property.
#[tokio::test]
async fn seed_002_create_with_odata_type_keeps_every_property() {
    let server = server().await;
    let client = crate::support::beta(&server);
    let body = beta::models::AccessPackage {
        odata_type: Some("#microsoft.graph.accessPackage".to_owned()),
        catalog_id: Some("cat-2".to_owned()),
        display_name: Some("Display Name value".to_owned()),
        description: Some("Description value".to_owned()),
        is_hidden: Some(true),
        is_role_scopes_visible: Some(true),
        created_by: Some("Created By value".to_owned()),
        modified_by: Some("Modified By value".to_owned()),
        ..Default::default()
    };
    let created = beta_packages(&client).post(&body).await.expect("created");
    let id = created.id.clone().expect("id");
    assert!(created.created_date_time.is_some());
    let expected = beta::models::AccessPackage {
        id: created.id.clone(),
        created_date_time: created.created_date_time,
        modified_date_time: created.modified_date_time,
        additional_data: created.additional_data.clone(),
        ..body
    };
    assert_eq!(created, expected);
    let stored = server.store().access_package(&id).expect("stored");
    assert_eq!(stored["@odata.type"], "#microsoft.graph.accessPackage");
    assert_eq!(stored["isRoleScopesVisible"], true);
    assert_eq!(stored["createdBy"], "Created By value");
    assert_eq!(stored["modifiedBy"], "Modified By value");
}

/// Seed 001 (beta): `incompatibleAccessPackages/$ref`, read back as links, as entities, one
/// by key, counted, expanded, and from the other side.
#[tokio::test]
async fn seed_001_incompatible_access_packages_link_and_read_back() {
    let server = server().await;
    let client = crate::support::beta(&server);
    let a = create_beta(&client, "A", "cat-1").await;
    let b = create_beta(&client, "B", "cat-1").await;
    let nav = beta_packages(&client)
        .by_id(&a)
        .incompatible_access_packages();
    server.clear_requests();
    nav.refs().add(&b).await.expect("linked");
    let url = client
        .runtime()
        .entity_url(beta::models::AccessPackage::COLLECTION_PATH, &b);
    let requests = server.requests();
    assert_eq!(
        requests[0].path_and_query,
        format!(
            "/beta/identityGovernance/entitlementManagement/accessPackages/{a}/\
             incompatibleAccessPackages/$ref"
        )
    );
    assert_eq!(body_json(&requests[0]), json!({ "@odata.id": url }));

    let links = nav.refs().list().await.expect("links");
    assert_eq!(links.items, [ODataRef::new(url)]);
    let linked = nav.list().all().await.expect("linked packages");
    assert_eq!(linked.len(), 1);
    assert_eq!(linked[0].id.as_deref(), Some(b.as_str()));
    assert_eq!(linked[0].display_name.as_deref(), Some("B"));
    let one = nav.by_id(&b).get().await.expect("one linked package");
    assert_eq!(one.catalog_id.as_deref(), Some("cat-1"));
    assert_eq!(nav.count().await.expect("count"), 1);
    let expanded = beta_packages(&client)
        .by_id(&a)
        .get()
        .expand("incompatibleAccessPackages")
        .await
        .expect("expanded");
    let inline = expanded.incompatible_access_packages.expect("expanded nav");
    assert_eq!(inline.len(), 1);
    assert_eq!(inline[0].id.as_deref(), Some(b.as_str()));
    let reverse = beta_packages(&client)
        .by_id(&b)
        .access_packages_incompatible_with()
        .list()
        .all()
        .await
        .expect("reverse");
    assert_eq!(reverse.len(), 1);
    assert_eq!(reverse[0].id.as_deref(), Some(a.as_str()));

    assert_eq!(
        server.store().incompatible_access_packages(&a),
        [b.as_str()]
    );
    assert_eq!(server.store().access_packages_incompatible_with(&b), [a]);
    assert!(server.store().incompatible_access_packages(&b).is_empty());
}

/// Seed 004 (v1.0): `incompatibleGroups/$ref` to a group's `/groups/{id}` URL.
#[tokio::test]
async fn seed_004_incompatible_groups_link_and_read_back() {
    let server = server().await;
    let client = v1(&server);
    let group = "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2";
    server.store().add_group(group, "Sales reps group");
    let package = create_v1(&client, "Sales").await;
    let nav = v1_packages(&client).by_id(&package).incompatible_groups();
    server.clear_requests();
    nav.refs().add(group).await.expect("linked");
    let url = format!("{}/groups/{group}", server.base_url("v1.0"));
    assert_eq!(
        client
            .runtime()
            .entity_url(v1_0::models::Group::COLLECTION_PATH, group),
        url
    );
    assert_eq!(
        body_json(&server.requests()[0]),
        json!({ "@odata.id": url })
    );

    let links = nav.refs().list().await.expect("links");
    assert_eq!(links.items, [ODataRef::new(url)]);
    let groups = nav.list().all().await.expect("groups");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].id.as_deref(), Some(group));
    assert_eq!(groups[0].display_name.as_deref(), Some("Sales reps group"));
    let one = nav.by_id(group).get().await.expect("one group");
    assert_eq!(one.display_name.as_deref(), Some("Sales reps group"));
    assert_eq!(nav.count().await.expect("count"), 1);
    let expanded = v1_packages(&client)
        .by_id(&package)
        .get()
        .expand("incompatibleGroups")
        .await
        .expect("expanded");
    let inline = expanded.incompatible_groups.expect("expanded nav");
    assert_eq!(inline[0].id.as_deref(), Some(group));
    assert_eq!(server.store().incompatible_groups(&package), [group]);
}

/// Seed 000 (beta): `accessPackagesIncompatibleWith/$ref` through the catalog path.
#[tokio::test]
async fn seed_000_incompatible_with_through_the_catalog_path() {
    let server = server().await;
    let client = crate::support::beta(&server);
    server.store().add_catalog("cat-0", "General");
    let a = create_beta(&client, "A", "cat-0").await;
    let b = create_beta(&client, "B", "cat-0").await;
    let nav = client
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id("cat-0")
        .access_packages()
        .by_id(&a)
        .access_packages_incompatible_with();
    server.clear_requests();
    nav.refs().add(&b).await.expect("linked");
    let request = &server.requests()[0];
    assert_eq!(
        request.path_and_query,
        format!(
            "/beta/identityGovernance/entitlementManagement/accessPackageCatalogs/cat-0/\
             accessPackages/{a}/accessPackagesIncompatibleWith/$ref"
        )
    );
    let url = client
        .runtime()
        .entity_url(beta::models::AccessPackage::COLLECTION_PATH, &b);
    assert_eq!(body_json(request), json!({ "@odata.id": url }));

    let with = nav.list().all().await.expect("incompatible with");
    assert_eq!(with.len(), 1);
    assert_eq!(with[0].id.as_deref(), Some(b.as_str()));
    assert_eq!(with[0].catalog_id.as_deref(), Some("cat-0"));
    let links = nav.refs().list().await.expect("links");
    assert_eq!(links.items, [ODataRef::new(url)]);
    // The reverse link is `b`'s incompatibleAccessPackages.
    let forward = beta_packages(&client)
        .by_id(&b)
        .incompatible_access_packages()
        .list()
        .all()
        .await
        .expect("forward");
    assert_eq!(forward[0].id.as_deref(), Some(a.as_str()));
    assert_eq!(
        server.store().access_packages_incompatible_with(&a),
        [b.as_str()]
    );
    assert_eq!(server.store().incompatible_access_packages(&b), [a]);

    // A catalog that does not exist is a 404 on the same path.
    let err = client
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id("no-such-catalog")
        .access_packages()
        .by_id(&b)
        .access_packages_incompatible_with()
        .list()
        .await
        .expect_err("no catalog");
    crate::support::assert_service(&err, 404, "Request_ResourceNotFound");
}
