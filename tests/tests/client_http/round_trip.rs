//! Properties the crate does not know and enum members added after it was generated survive
//! a typed round trip: GET, then PATCH or POST the value back.

use graph_access_packages::v1_0::models::{
    AccessPackage, AccessPackageCatalogState, AccessPackageCatalogType,
};
use serde_json::{Value, json};

use crate::support::{body_json, server, v1, v1_packages};

/// What the future service sends: a property and an enum member this crate does not know,
/// inside a known nested type too.
fn from_the_future() -> Value {
    json!({
        "displayName": "From the future",
        "someNewProperty": {"nested": [1, "two", {"three": null}], "flag": true},
        "catalog": {
            "id": "cat-f",
            "displayName": "Future catalog",
            "state": "aValueFromTheFuture",
            "catalogType": "userManaged",
            "catalogNewProperty": 5
        }
    })
}

#[tokio::test]
async fn unknown_properties_and_enum_values_survive_get_patch_and_post() {
    let server = server().await;
    let client = v1(&server);
    let planted = from_the_future();
    let id = server.store().insert_access_package_raw(planted.clone());

    let mut typed: AccessPackage = v1_packages(&client)
        .by_id(&id)
        .get()
        .await
        .expect("typed read");
    assert_eq!(
        typed.additional_data.get("someNewProperty"),
        Some(&planted["someNewProperty"])
    );
    let catalog = typed.catalog.as_ref().expect("catalog");
    assert_eq!(
        catalog.state,
        Some(AccessPackageCatalogState::Unrecognized(
            "aValueFromTheFuture".to_owned()
        ))
    );
    assert_eq!(
        catalog.catalog_type,
        Some(AccessPackageCatalogType::UserManaged)
    );
    assert_eq!(
        catalog.additional_data.get("catalogNewProperty"),
        Some(&json!(5))
    );

    // Serialized, the typed value is the JSON it was read from.
    let stored = server.store().access_package(&id).expect("stored");
    let serialized = serde_json::to_value(&typed).expect("serializes");
    for (name, value) in stored.as_object().expect("object") {
        assert_eq!(&serialized[name], value, "{name}");
    }

    // PATCH it back with one change: the server keeps the unknown parts as they were.
    typed.display_name = Some("Renamed".to_owned());
    typed.additional_data.remove("@odata.context");
    server.clear_requests();
    v1_packages(&client)
        .by_id(&id)
        .patch(&typed)
        .await
        .expect("patched");
    let sent = body_json(&server.requests()[0]);
    assert_eq!(sent["someNewProperty"], planted["someNewProperty"]);
    assert_eq!(sent["catalog"], planted["catalog"]);
    let after = server.store().access_package(&id).expect("stored");
    assert_eq!(after["displayName"], "Renamed");
    assert_eq!(after["someNewProperty"], planted["someNewProperty"]);
    assert_eq!(after["catalog"], planted["catalog"]);

    // POST a copy: the created package carries them too, typed the same way.
    let copy = AccessPackage {
        id: None,
        created_date_time: None,
        modified_date_time: None,
        ..typed.clone()
    };
    let created = v1_packages(&client).post(&copy).await.expect("created");
    assert_ne!(created.id, typed.id);
    assert_eq!(
        created.additional_data.get("someNewProperty"),
        Some(&planted["someNewProperty"])
    );
    assert_eq!(created.catalog, typed.catalog);
    let new_id = created.id.expect("id");
    let stored_copy = server.store().access_package(&new_id).expect("stored");
    assert_eq!(stored_copy["catalog"]["state"], "aValueFromTheFuture");
}

#[tokio::test]
async fn unknown_values_in_a_list_do_not_fail_the_page() {
    let server = server().await;
    let client = v1(&server);
    server
        .store()
        .insert_access_package_raw(json!({"displayName": "known"}));
    server.store().insert_access_package_raw(from_the_future());
    let all = v1_packages(&client).list().all().await.expect("a page");
    assert_eq!(all.len(), 2);
    let future = all
        .iter()
        .find(|p| p.additional_data.contains_key("someNewProperty"))
        .expect("the future package");
    let state = future.catalog.as_ref().and_then(|c| c.state.as_ref());
    assert_eq!(
        state.map(ToString::to_string).as_deref(),
        Some("aValueFromTheFuture")
    );
}
