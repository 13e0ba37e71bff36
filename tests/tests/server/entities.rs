//! Creating, reading, updating and deleting access packages; groups, catalogs and `$count`.

use graphgen_tests::server::GraphServer;
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{CT_JSON, JSON_TYPE, PACKAGES, call, create, get, ids, package_url, post};

#[tokio::test]
async fn create_returns_201_with_server_fields_and_keeps_unknown_properties() {
    let server = GraphServer::start().await;
    let body = json!({
        "@odata.type": "#microsoft.graph.accessPackage",
        "id": "ignored",
        "displayName": "Sales",
        "isHidden": false,
        "catalogId": "c1",
        "futureProperty": {"nested": [1, 2]},
    });
    let reply = call(
        &server,
        Method::POST,
        PACKAGES,
        &[CT_JSON, ("client-request-id", "my-id-1")],
        &body.to_string(),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("content-type"), Some(JSON_TYPE));
    assert_eq!(reply.header("client-request-id"), Some("my-id-1"));
    let request_id = reply.header("request-id").expect("request-id");
    uuid::Uuid::parse_str(request_id).expect("request-id is a UUID");
    let created = reply.json();
    let id = created["id"].as_str().expect("id");
    assert_ne!(id, "ignored");
    uuid::Uuid::parse_str(id).expect("id is a UUID");
    assert_eq!(
        reply.header("location"),
        Some(package_url(&server, id).as_str())
    );
    assert_eq!(
        created["@odata.context"],
        format!(
            "{}/$metadata#identityGovernance/entitlementManagement/accessPackages/$entity",
            server.base_url("v1.0")
        )
    );
    assert_eq!(created["futureProperty"], json!({"nested": [1, 2]}));
    assert_eq!(created["catalogId"], "c1");
    let stamp = created["createdDateTime"]
        .as_str()
        .expect("createdDateTime");
    let fraction = stamp.split_once('.').expect("fraction").1;
    assert_eq!(fraction.len(), 8, "{stamp}: seven digits and Z");
    assert!(fraction.ends_with('Z'), "{stamp}");
    chrono::DateTime::parse_from_rfc3339(stamp).expect("RFC 3339");
    assert_eq!(created["modifiedDateTime"], created["createdDateTime"]);
    let stored = server.store().access_package(id).expect("stored");
    assert_eq!(stored["futureProperty"], created["futureProperty"]);
    assert!(stored.get("@odata.context").is_none());
}

#[tokio::test]
async fn create_rejects_invalid_bodies_with_400() {
    let server = GraphServer::start().await;
    let cases = [
        ("not json", vec![CT_JSON]),
        ("[1]", vec![CT_JSON]),
        (
            r##"{"displayName":"x","@odata.type":"#microsoft.graph.group"}"##,
            vec![CT_JSON],
        ),
        (r#"{"displayName":5}"#, vec![CT_JSON]),
        (r#"{"description":"no name"}"#, vec![CT_JSON]),
        (r#"{"displayName":"x","isHidden":"yes"}"#, vec![CT_JSON]),
        (r#"{"displayName":"x","catalogId":7}"#, vec![CT_JSON]),
        (r#"{"displayName":"x"}"#, vec![]),
    ];
    for (body, headers) in cases {
        let reply = call(&server, Method::POST, PACKAGES, &headers, body).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "BadRequest");
    }
    assert!(server.store().access_packages().is_empty());
}

#[tokio::test]
async fn get_patch_delete_and_not_found() {
    let server = GraphServer::start().await;
    let id = create(&server, "Before").await;
    let reply = call(
        &server,
        Method::PATCH,
        &format!("{PACKAGES}/{id}"),
        &[CT_JSON],
        r#"{"displayName":"After","newProp":1}"#,
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    assert!(reply.body.is_empty());
    let body = get(
        &server,
        &format!("/beta/identityGovernance/entitlementManagement/%61ccessPackages/{id}"),
    )
    .await
    .json();
    assert_eq!(
        (body["displayName"].clone(), body["newProp"].clone()),
        (json!("After"), json!(1))
    );
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .contains("/beta/$metadata#")
    );
    let reply = call(
        &server,
        Method::PATCH,
        &format!("{PACKAGES}/{id}"),
        &[CT_JSON],
        r#"{"id":"other"}"#,
    )
    .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "BadRequest");

    let reply = call(
        &server,
        Method::DELETE,
        &format!("{PACKAGES}/{id}"),
        &[],
        "",
    )
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    for method in [Method::GET, Method::DELETE] {
        let reply = call(
            &server,
            method,
            &format!("{PACKAGES}/{id}"),
            &[("client-request-id", "c-1")],
            "",
        )
        .await;
        let body = reply.assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
        assert_eq!(reply.header("client-request-id"), Some("c-1"));
        let inner = &body["error"]["innerError"];
        assert_eq!(inner["client-request-id"], "c-1");
        assert_eq!(inner["date"].as_str().map(str::len), Some(19), "{inner}");
    }
    get(&server, "/v1.0/nowhere")
        .await
        .assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    get(&server, "/v2/groups")
        .await
        .assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    let reply = call(&server, Method::PUT, PACKAGES, &[], "").await;
    reply.assert_error(StatusCode::METHOD_NOT_ALLOWED, "Request_BadRequest");
    assert_eq!(reply.header("allow"), Some("GET, POST"));
}

#[tokio::test]
async fn groups_and_catalogs() {
    let server = GraphServer::start().await;
    let reply = post(
        &server,
        "/v1.0/groups",
        &json!({"displayName": "G", "mailEnabled": false}),
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&server, &format!("/v1.0/groups/{id}")).await.json()["displayName"],
        "G"
    );
    let object = get(&server, &format!("/v1.0/directoryObjects/{id}"))
        .await
        .json();
    assert_eq!(object["@odata.type"], "#microsoft.graph.group");
    assert_eq!(ids(&get(&server, "/beta/groups").await.json()), [id]);
    post(&server, "/v1.0/groups", &json!({}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "BadRequest");

    let catalogs = "/v1.0/identityGovernance/entitlementManagement/accessPackageCatalogs";
    let catalog = post(&server, catalogs, &json!({"displayName": "Cat"}))
        .await
        .json();
    let cid = catalog["id"].as_str().unwrap();
    server
        .store()
        .insert_access_package_raw(json!({"displayName": "in", "catalogId": cid}));
    server
        .store()
        .insert_access_package_raw(json!({"displayName": "out"}));
    let scoped = get(&server, &format!("{catalogs}/{cid}/accessPackages"))
        .await
        .json();
    assert_eq!(scoped["value"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        get(&server, &format!("{catalogs}/{cid}")).await.json()["displayName"],
        "Cat"
    );
}

#[tokio::test]
async fn count_segments_answer_text_plain() {
    let server = GraphServer::start().await;
    let a = server
        .store()
        .insert_access_package_raw(json!({"displayName": "A", "isHidden": true}));
    let b = server
        .store()
        .insert_access_package_raw(json!({"displayName": "B", "isHidden": false}));
    server.store().link_incompatible_access_package(&a, &b);
    server.store().add_group("g1", "G");
    let reply = get(&server, &format!("{PACKAGES}/%24count")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .header("content-type")
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(&reply.body[..], b"2");
    let filtered = get(
        &server,
        &format!("{PACKAGES}/$count?$filter=isHidden%20eq%20true"),
    )
    .await;
    assert_eq!(&filtered.body[..], b"1");
    let nav = get(
        &server,
        &format!("{PACKAGES}/{a}/incompatibleAccessPackages/$count"),
    )
    .await;
    assert_eq!(&nav.body[..], b"1");
    get(&server, "/v1.0/groups/$count")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "Request_BadRequest");
    let groups = call(
        &server,
        Method::GET,
        "/v1.0/groups/$count",
        &[("ConsistencyLevel", "eventual")],
        "",
    )
    .await;
    assert_eq!(&groups.body[..], b"1");
    get(&server, &format!("{PACKAGES}/{a}/$count"))
        .await
        .assert_error(StatusCode::NOT_FOUND, "Request_ResourceNotFound");
    get(&server, &format!("{PACKAGES}/$count?$top=1"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
}

#[tokio::test]
async fn create_defaults_is_hidden_to_false_as_graph_does() {
    let server = GraphServer::start().await;
    let beta_packages = PACKAGES.replacen("/v1.0/", "/beta/", 1);
    // The seed page "Create accessPackage" sends no isHidden and gets back
    // "isHidden": false, "isRoleScopesVisible": false (a beta property).
    let cases = [
        (PACKAGES, json!({"displayName": "v1"}), json!(false), None),
        (
            beta_packages.as_str(),
            json!({"displayName": "beta"}),
            json!(false),
            Some(json!(false)),
        ),
        (
            beta_packages.as_str(),
            json!({"displayName": "given", "isHidden": true, "isRoleScopesVisible": true}),
            json!(true),
            Some(json!(true)),
        ),
    ];
    for (collection, body, hidden, role_scopes) in cases {
        let reply = post(&server, collection, &body).await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
        let created = reply.json();
        let id = created["id"].as_str().expect("id");
        let read = get(&server, &format!("{collection}/{id}")).await.json();
        for object in [&created, &read] {
            assert_eq!(object["isHidden"], hidden, "{object}");
            assert_eq!(object.get("isRoleScopesVisible"), role_scopes.as_ref());
        }
    }
    let visible = get(
        &server,
        &format!("{PACKAGES}?$filter=isHidden%20eq%20false"),
    )
    .await
    .json();
    assert_eq!(visible["value"].as_array().map(Vec::len), Some(2));
    let reply = post(
        &server,
        PACKAGES,
        &json!({"displayName": "x", "isRoleScopesVisible": "yes"}),
    )
    .await;
    reply.assert_error(StatusCode::BAD_REQUEST, "BadRequest");
}
