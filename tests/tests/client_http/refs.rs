//! `$ref` requests the service refuses, and links added twice: each refusal is a service
//! error with Graph's code and a message that says what was wrong.

use serde_json::json;

use crate::support::{assert_service, create_beta, create_v1, server, v1, v1_packages};

#[tokio::test]
async fn a_link_to_a_missing_object_is_a_400_naming_it() {
    let server = server().await;
    let client = v1(&server);
    let package = create_v1(&client, "P").await;
    let item = v1_packages(&client).by_id(&package);

    let err = item
        .incompatible_groups()
        .refs()
        .add("no-such-group")
        .await
        .expect_err("missing group");
    let message = assert_service(&err, 400, "Request_BadRequest");
    assert!(message.contains("/groups/no-such-group"), "{message}");
    assert!(message.contains("does not exist"), "{message}");

    let err = item
        .incompatible_access_packages()
        .refs()
        .add("no-such-package")
        .await
        .expect_err("missing package");
    let message = assert_service(&err, 400, "Request_BadRequest");
    assert!(
        message.contains("accessPackages/no-such-package"),
        "{message}"
    );

    // A URL on another host is refused before any lookup.
    let err = item
        .incompatible_groups()
        .refs()
        .add_url("https://graph.microsoft.com/v1.0/groups/g1")
        .await
        .expect_err("foreign URL");
    let message = assert_service(&err, 400, "Request_BadRequest");
    assert!(message.contains("another server"), "{message}");

    // The links of a package that does not exist.
    server.store().add_group("g1", "G");
    let err = v1_packages(&client)
        .by_id("no-such-owner")
        .incompatible_groups()
        .refs()
        .add("g1")
        .await
        .expect_err("missing owner");
    assert_service(&err, 404, "Request_ResourceNotFound");

    assert!(server.store().incompatible_groups(&package).is_empty());
    assert!(
        server
            .store()
            .incompatible_access_packages(&package)
            .is_empty()
    );
}

/// Seed 000's page documents a whole package as the `$ref` body; sent as it is, the service
/// says what a `$ref` body needs.
#[tokio::test]
async fn a_whole_object_body_as_seed_000_shows_is_refused_clearly() {
    let server = server().await;
    let client = crate::support::beta(&server);
    server.store().add_catalog("cat-0", "General");
    let a = create_beta(&client, "A", "cat-0").await;
    let page_body = json!({
        "@odata.type": "#Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackage",
        "catalogId": "String",
        "displayName": "String",
        "description": "String",
        "isHidden": "Boolean",
        "isRoleScopesVisible": "Boolean",
        "createdBy": "String",
        "modifiedBy": "String"
    });
    let err = client
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id("cat-0")
        .access_packages()
        .by_id(&a)
        .access_packages_incompatible_with()
        .refs()
        .add_raw(&page_body)
        .await
        .expect_err("not a $ref body");
    let message = assert_service(&err, 400, "Request_BadRequest");
    assert!(message.contains("'@odata.id'"), "{message}");
    assert!(
        server
            .store()
            .access_packages_incompatible_with(&a)
            .is_empty()
    );
    // `{"@odata.id": 5}` is refused too, with its own message.
    let err = v1_packages(&v1(&server))
        .by_id(&a)
        .incompatible_access_packages()
        .refs()
        .add_raw(&json!({"@odata.id": 5}))
        .await
        .expect_err("not a string");
    let message = assert_service(&err, 400, "Request_BadRequest");
    assert!(message.contains("must be a string"), "{message}");
}

#[tokio::test]
async fn removing_a_link_that_is_not_there_is_a_404() {
    let server = server().await;
    let client = v1(&server);
    server.store().add_group("g1", "G");
    let package = create_v1(&client, "P").await;
    let groups = v1_packages(&client).by_id(&package).incompatible_groups();

    let err = groups.refs().remove("g1").await.expect_err("no link");
    let message = assert_service(&err, 404, "Request_ResourceNotFound");
    assert!(message.contains("DELETE"), "{message}");
    assert!(message.contains("/incompatibleGroups/g1/$ref"), "{message}");
    let err = groups.by_id("g1").remove_ref().await.expect_err("no link");
    assert_service(&err, 404, "Request_ResourceNotFound");
    let err = v1_packages(&client)
        .by_id("no-such-package")
        .incompatible_groups()
        .refs()
        .remove("g1")
        .await
        .expect_err("no package");
    assert_service(&err, 404, "Request_ResourceNotFound");
}

#[tokio::test]
async fn a_link_added_twice_is_there_once_and_removed_once() {
    let server = server().await;
    let client = v1(&server);
    server.store().add_group("g1", "G");
    let a = create_v1(&client, "A").await;
    let b = create_v1(&client, "B").await;
    let item = v1_packages(&client).by_id(&a);
    for _ in 0..2 {
        item.incompatible_groups()
            .refs()
            .add("g1")
            .await
            .expect("add");
        item.incompatible_access_packages()
            .refs()
            .add(&b)
            .await
            .expect("add");
    }
    assert_eq!(server.store().incompatible_groups(&a), ["g1"]);
    assert_eq!(
        server.store().incompatible_access_packages(&a),
        [b.as_str()]
    );
    let links = item
        .incompatible_groups()
        .refs()
        .list()
        .await
        .expect("links");
    assert_eq!(links.items.len(), 1);
    assert_eq!(
        item.incompatible_access_packages()
            .count()
            .await
            .expect("count"),
        1
    );

    item.incompatible_groups()
        .refs()
        .remove("g1")
        .await
        .expect("removed");
    item.incompatible_access_packages()
        .by_id(&b)
        .remove_ref()
        .await
        .expect("removed");
    assert!(server.store().incompatible_groups(&a).is_empty());
    assert!(server.store().incompatible_access_packages(&a).is_empty());
    let err = item
        .incompatible_groups()
        .refs()
        .remove("g1")
        .await
        .expect_err("already removed");
    assert_service(&err, 404, "Request_ResourceNotFound");
    // Removing links removes no entity.
    assert_eq!(server.store().groups().len(), 1);
    assert_eq!(server.store().access_packages().len(), 2);
}

#[tokio::test]
async fn keys_with_reserved_and_non_ascii_characters_link_and_read_back() {
    let server = server().await;
    let client = v1(&server);
    let package = create_v1(&client, "P").await;
    let groups = v1_packages(&client).by_id(&package).incompatible_groups();
    let keys = ["a b/c", "ü+&'?#%", "...", "x(1)"];
    for key in keys {
        server.store().add_group(key, key);
        groups.refs().add(key).await.expect("linked");
        let group = groups.by_id(key).get().await.expect("read by key");
        assert_eq!(group.id.as_deref(), Some(key));
    }
    assert_eq!(server.store().incompatible_groups(&package), keys);
    for key in keys {
        groups.refs().remove(key).await.expect("unlinked");
    }
    assert!(server.store().incompatible_groups(&package).is_empty());
}
