//! The in-memory Graph server, exercised over real HTTP/1.1 with a bare hyper client (not
//! through the generated crate or the runtime).

use std::net::SocketAddr;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use graphgen_tests::server::{GraphServer, RetryAfter, ServerOptions};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

const PACKAGES: &str = "/v1.0/identityGovernance/entitlementManagement/accessPackages";
const EM: &str = "identityGovernance/entitlementManagement";
const JSON_TYPE: &str = "application/json;odata.metadata=minimal;odata.streaming=true;\
                         IEEE754Compatible=false;charset=utf-8";

/// A response whose body was read to its end.
#[derive(Debug)]
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts a Graph error body with `code`, and returns it.
    fn assert_error(&self, status: StatusCode, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
        assert_eq!(
            body["error"]["innerError"]["request-id"].as_str(),
            self.header("request-id"),
        );
        body
    }
}

/// Sends one request on a fresh connection and returns the response head and its body
/// stream.
async fn exchange(
    addr: SocketAddr,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (http::response::Parts, Incoming) {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    // Absolute URLs (nextLinks, Location) are sent as origin-form targets.
    let target = target
        .strip_prefix(&format!("http://{addr}"))
        .unwrap_or(target);
    let mut request = Request::builder()
        .method(method)
        .uri(target)
        .header("host", addr.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
        .expect("request");
    let response = sender.send_request(request).await.expect("response head");
    response.into_parts()
}

async fn call(
    server: &GraphServer,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let (parts, body) = exchange(server.addr(), method, target, headers, body).await;
    let body = body.collect().await.expect("complete body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

async fn get(server: &GraphServer, target: &str) -> Reply {
    call(server, Method::GET, target, &[], "").await
}

const CT_JSON: (&str, &str) = ("content-type", "application/json");

async fn post(server: &GraphServer, target: &str, body: &Value) -> Reply {
    call(server, Method::POST, target, &[CT_JSON], &body.to_string()).await
}

async fn create(server: &GraphServer, name: &str) -> String {
    let reply = post(server, PACKAGES, &json!({ "displayName": name })).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.json()["id"].as_str().expect("id").to_owned()
}

fn ids(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

fn package_url(server: &GraphServer, id: &str) -> String {
    format!("{}{}", server.base_url(""), &PACKAGES[1..]).replace("//v1.0", "/v1.0") + "/" + id
}

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
async fn paging_follows_next_links_verbatim() {
    let server = GraphServer::start().await;
    for n in 0..250 {
        server
            .store()
            .insert_access_package_raw(json!({ "displayName": format!("p{n:03}") }));
    }
    let mut next = Some(format!("{PACKAGES}?$count=true"));
    let (mut seen, mut pages) = (Vec::new(), Vec::new());
    while let Some(link) = next {
        let page = get(&server, &link).await;
        assert_eq!(page.status, StatusCode::OK);
        let body = page.json();
        assert_eq!(body["@odata.count"], 250);
        pages.push(ids(&body).len());
        seen.extend(ids(&body));
        next = body["@odata.nextLink"].as_str().map(str::to_owned);
        if let Some(link) = &next {
            assert!(link.starts_with(&format!("{}/identity", server.base_url("v1.0"))));
            assert!(link.contains("$count=true") && link.contains("$skiptoken="));
        }
    }
    assert_eq!(pages, [100, 100, 50]);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 250);

    // $top sets the page size; $skip offsets the first page.
    let page = get(&server, &format!("{PACKAGES}?%24top=7&$skip=240"))
        .await
        .json();
    assert_eq!(ids(&page).len(), 7);
    let rest = get(&server, page["@odata.nextLink"].as_str().expect("next"))
        .await
        .json();
    assert_eq!(ids(&rest).len(), 3);
    assert!(rest.get("@odata.nextLink").is_none());
    let bad = get(&server, &format!("{PACKAGES}?$skiptoken=nope")).await;
    bad.assert_error(StatusCode::BAD_REQUEST, "BadRequest");
}

#[tokio::test]
async fn select_filter_orderby_search_and_expand() {
    let server = GraphServer::start().await;
    let a = server.store().insert_access_package_raw(
        json!({"displayName": "O'Brien", "description": "Team A", "isHidden": true, "x": 1}),
    );
    let b = server.store().insert_access_package_raw(json!({
        "@odata.type": "#microsoft.graph.accessPackage",
        "displayName": "Alpha",
        "isHidden": false,
    }));
    server.store().add_group("g1", "Group one");
    assert!(server.store().link_incompatible_access_package(&a, &b));
    assert!(server.store().link_incompatible_group(&a, "g1"));

    let body = get(&server, &format!("{PACKAGES}?$select=displayName,isHidden"))
        .await
        .json();
    assert!(
        body["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("accessPackages(displayName,isHidden)")
    );
    assert_eq!(
        body["value"][0],
        json!({"id": a, "displayName": "O'Brien", "isHidden": true})
    );
    assert_eq!(
        body["value"][1]["@odata.type"],
        "#microsoft.graph.accessPackage"
    );
    assert!(body["value"][1].get("createdDateTime").is_none());

    let filtered = get(
        &server,
        &format!("{PACKAGES}?$filter=displayName%20eq%20'O''Brien'"),
    )
    .await;
    assert_eq!(ids(&filtered.json()), [a.as_str()]);
    let filtered = get(&server, &format!("{PACKAGES}?%24filter=isHidden+eq+false")).await;
    filtered.assert_error(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
    let filtered = get(
        &server,
        &format!("{PACKAGES}?%24filter=isHidden%20eq%20false"),
    )
    .await;
    assert_eq!(ids(&filtered.json()), [b.as_str()]);
    for bad in [
        "startswith(displayName,'A')",
        "displayName%20eq%20'A'%20and%20isHidden%20eq%20true",
        "displayName%20ne%20'A'",
        "displayName%20eq%20'unterminated",
    ] {
        let reply = get(&server, &format!("{PACKAGES}?$filter={bad}")).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery");
    }
    for bad in [
        "$select=nope",
        "$orderby=nope",
        "$format=json",
        "$top=x",
        "$top=1&$top=2",
    ] {
        let reply = get(&server, &format!("{PACKAGES}?{bad}")).await;
        reply.assert_error(StatusCode::BAD_REQUEST, "BadRequest");
    }

    let ordered = get(&server, &format!("{PACKAGES}?$orderby=displayName%20desc")).await;
    assert_eq!(ids(&ordered.json()), [a.clone(), b.clone()]);
    let ordered = get(&server, &format!("{PACKAGES}?$orderby=displayName")).await;
    assert_eq!(ids(&ordered.json()), [b.clone(), a.clone()]);

    let search = format!("{PACKAGES}?$search=%22team%20a%22");
    get(&server, &search)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "BadRequest");
    let found = call(
        &server,
        Method::GET,
        &search,
        &[("ConsistencyLevel", "eventual")],
        "",
    )
    .await;
    assert_eq!(ids(&found.json()), [a.as_str()]);

    let options = "$expand=incompatibleAccessPackages,incompatibleGroups&$select=displayName";
    let expanded = get(&server, &format!("{PACKAGES}/{a}?{options}"))
        .await
        .json();
    assert_eq!(
        ids(&json!({"value": expanded["incompatibleAccessPackages"]})),
        [b.as_str()]
    );
    assert_eq!(
        expanded["incompatibleGroups"][0]["displayName"],
        "Group one"
    );
    assert!(expanded.get("x").is_none());
    let reply = get(&server, &format!("{PACKAGES}?$expand=catalog")).await;
    reply.assert_error(StatusCode::BAD_REQUEST, "BadRequest");
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
async fn auth_rejects_missing_and_wrong_tokens_without_echoing_them() {
    let secret = "s3cr3t-token";
    let server = GraphServer::start_with(ServerOptions {
        token: Some(secret.into()),
        ..ServerOptions::default()
    })
    .await;
    let presented = "wrong-token-value";
    for headers in [vec![], vec![("authorization", "Bearer wrong-token-value")]] {
        let reply = call(&server, Method::GET, PACKAGES, &headers, "").await;
        reply.assert_error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken");
        let everything = format!(
            "{:?}{}",
            reply.headers,
            String::from_utf8_lossy(&reply.body)
        );
        assert!(
            !everything.contains(presented) && !everything.contains(secret),
            "{everything}"
        );
    }
    let ok = call(
        &server,
        Method::GET,
        PACKAGES,
        &[("authorization", "Bearer s3cr3t-token")],
        "",
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    assert!(!format!("{server:?}").contains(secret));
}

#[tokio::test]
async fn throttling_outages_and_error_bodies() {
    let server = GraphServer::start().await;
    let date = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    server.faults().throttle_next(2, RetryAfter::Seconds(3));
    server.faults().throttle_next(1, RetryAfter::HttpDate(date));
    server.faults().throttle_next(1, RetryAfter::None);
    server.faults().unavailable_next(1);
    server.faults().gateway_timeout_next(1);
    server.faults().html_error_next();
    server.faults().empty_error_next(StatusCode::BAD_GATEWAY);
    assert_eq!(server.faults().pending(), 8);
    let mut replies = Vec::new();
    for _ in 0..9 {
        replies.push(get(&server, PACKAGES).await);
    }
    for reply in &replies[..4] {
        reply.assert_error(StatusCode::TOO_MANY_REQUESTS, "TooManyRequests");
    }
    assert_eq!(replies[0].header("retry-after"), Some("3"));
    assert_eq!(replies[1].header("retry-after"), Some("3"));
    let http_date = replies[2].header("retry-after").expect("date");
    assert_eq!(httpdate::parse_http_date(http_date).unwrap(), date);
    assert!(http_date.ends_with(" GMT"), "{http_date}");
    assert_eq!(replies[3].header("retry-after"), None);
    replies[4].assert_error(StatusCode::SERVICE_UNAVAILABLE, "ServiceUnavailable");
    assert_eq!(replies[4].header("retry-after"), None);
    replies[5].assert_error(StatusCode::GATEWAY_TIMEOUT, "GatewayTimeout");
    assert_eq!(replies[6].status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(
        replies[6]
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );
    assert!(replies[6].body.starts_with(b"<!DOCTYPE html>"));
    assert_eq!(
        (replies[7].status, replies[7].body.len()),
        (StatusCode::BAD_GATEWAY, 0)
    );
    assert!(replies[7].header("request-id").is_some());
    assert_eq!(replies[8].status, StatusCode::OK);
    assert_eq!(server.requests().len(), 9);
}

#[tokio::test]
async fn dropped_connection_truncates_the_body() {
    let server = GraphServer::start().await;
    server.faults().drop_connection_next();
    let (parts, mut body) = exchange(server.addr(), Method::GET, PACKAGES, &[], "").await;
    assert_eq!(parts.status, StatusCode::OK);
    assert_eq!(parts.headers["content-length"], "4096");
    let mut received = Vec::new();
    let error = loop {
        match body.frame().await {
            Some(Ok(frame)) => received.extend_from_slice(frame.data_ref().expect("data")),
            Some(Err(error)) => break error,
            None => panic!("the body ended cleanly after {} bytes", received.len()),
        }
    };
    assert!(received.starts_with(b"{\"@odata.context\""), "{received:?}");
    assert!(received.len() < 4096);
    // hyper reports a body that ended before its Content-Length: UnexpectedEof.
    let source = std::error::Error::source(&error).expect("cause");
    let io = source
        .downcast_ref::<std::io::Error>()
        .expect("an I/O cause");
    assert_eq!(io.kind(), std::io::ErrorKind::UnexpectedEof, "{error:?}");
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
}

#[tokio::test]
async fn delay_lets_a_client_time_out() {
    let server = GraphServer::start().await;
    server.faults().delay_next(Duration::from_millis(400));
    let slow = tokio::time::timeout(Duration::from_millis(50), get(&server, PACKAGES)).await;
    assert!(
        slow.is_err(),
        "the delayed request must not answer within 50 ms"
    );
    let started = std::time::Instant::now();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    assert!(started.elapsed() < Duration::from_millis(300));
    server.faults().delay_next(Duration::from_millis(60));
    let started = std::time::Instant::now();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(60));
}

#[tokio::test]
async fn requests_are_recorded_as_received() {
    let server = GraphServer::start().await;
    let target = format!("{PACKAGES}?%24select=displayName&$filter=displayName%20eq%20'a+b'");
    get(&server, &target).await;
    call(
        &server,
        Method::POST,
        PACKAGES,
        &[CT_JSON, ("client-request-id", "r1")],
        r#"{"displayName":"x"}"#,
    )
    .await;
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, Method::GET);
    assert_eq!(requests[0].path_and_query, target);
    assert_eq!(requests[1].headers["client-request-id"], "r1");
    assert_eq!(&requests[1].body[..], br#"{"displayName":"x"}"#);
    server.clear_requests();
    assert!(server.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_creates_and_links_are_consistent() {
    let server = std::sync::Arc::new(GraphServer::start().await);
    let hub = create(&server, "hub").await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let server = std::sync::Arc::clone(&server);
        let hub = hub.clone();
        tasks.push(tokio::spawn(async move {
            for n in 0..10 {
                let id = create(&server, &format!("n{n}")).await;
                let refs = format!("{PACKAGES}/{hub}/incompatibleAccessPackages/$ref");
                let reply = post(
                    &server,
                    &refs,
                    &json!({"@odata.id": package_url(&server, &id)}),
                )
                .await;
                assert_eq!(reply.status, StatusCode::NO_CONTENT);
            }
        }));
    }
    for task in tasks {
        task.await.expect("task");
    }
    assert_eq!(server.store().access_packages().len(), 501);
    let links = server.store().incompatible_access_packages(&hub);
    assert_eq!(links.len(), 500);
    let body = get(
        &server,
        &format!("{PACKAGES}/{hub}/incompatibleAccessPackages/$ref?$count=true"),
    )
    .await
    .json();
    assert_eq!(body["@odata.count"], 500);
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
async fn dropping_or_shutting_down_stops_the_server() {
    let server = GraphServer::start().await;
    let addr = server.addr();
    assert_eq!(get(&server, PACKAGES).await.status, StatusCode::OK);
    server.shutdown().await;
    assert!(tokio::net::TcpStream::connect(addr).await.is_err());

    let server = GraphServer::start().await;
    let addr = server.addr();
    drop(server);
    let mut refused = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(5)).await;
        if tokio::net::TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
    }
    assert!(refused, "the dropped server still accepts connections");
}
