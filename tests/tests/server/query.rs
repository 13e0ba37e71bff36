//! Paging and the query options `$select`, `$filter`, `$orderby`, `$search` and `$expand`.

use graphgen_tests::server::GraphServer;
use http::{Method, StatusCode};
use serde_json::json;

use crate::support::{PACKAGES, call, get, ids};

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
