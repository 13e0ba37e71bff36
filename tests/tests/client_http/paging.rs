//! Paging through `@odata.nextLink` and the query options, checked on the requests as the
//! server received them.

use std::collections::BTreeSet;

use futures_util::TryStreamExt;
use graph_access_packages::v1_0;
use graph_access_packages::v1_0::models::AccessPackageField;
use graphgen_runtime::Error;
use graphgen_tests::server::GraphServer;
use http::Method;
use serde_json::json;

use crate::support::{TOKEN, assert_no_token, assert_service, header, server, v1, v1_packages};

/// A server holding 250 packages named `pkg 000` … `pkg 249`, and a v1.0 client.
async fn seeded() -> (GraphServer, v1_0::Client) {
    let server = server().await;
    for n in 0..250 {
        server
            .store()
            .insert_access_package_raw(json!({"displayName": format!("pkg {n:03}")}));
    }
    let client = v1(&server);
    (server, client)
}

#[tokio::test]
async fn stream_yields_every_item_once_over_three_pages_with_the_request_headers() {
    let (server, client) = seeded().await;
    let ids: Vec<String> = v1_packages(&client)
        .list()
        .top(100)
        .consistency_level_eventual()
        .header("x-test-run", "paging")
        .stream()
        .map_ok(|package| package.id.expect("id"))
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(ids.len(), 250);
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 250);
    let stored: BTreeSet<String> = server
        .store()
        .access_packages()
        .iter()
        .map(|p| p["id"].as_str().expect("id").to_owned())
        .collect();
    assert_eq!(distinct, stored.iter().collect());

    let requests = server.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    let mut client_request_ids = BTreeSet::new();
    for (n, request) in requests.iter().enumerate() {
        assert_eq!(request.method, Method::GET);
        assert!(request.path_and_query.contains("$top=100"), "{n}");
        assert_eq!(
            request.path_and_query.contains("$skiptoken="),
            n > 0,
            "{}",
            request.path_and_query
        );
        let bearer = format!("Bearer {TOKEN}");
        assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
        assert_eq!(header(request, "consistencylevel"), Some("eventual"));
        assert_eq!(header(request, "x-test-run"), Some("paging"));
        assert_eq!(header(request, "accept"), Some("application/json"));
        let id = header(request, "client-request-id").expect("client-request-id");
        uuid::Uuid::parse_str(id).expect("a UUID");
        client_request_ids.insert(id.to_owned());
    }
    assert_eq!(client_request_ids.len(), 3, "one id per request");

    // The same as pages.
    let sizes: Vec<usize> = v1_packages(&client)
        .list()
        .pages()
        .map_ok(|page| page.items.len())
        .try_collect()
        .await
        .expect("pages");
    assert_eq!(sizes, [100, 100, 50]);
}

/// Streams are `Unpin`, `Send` and `'static`: read with `try_next(&mut …)` and no `pin!`,
/// kept in a struct, moved to another task.
#[tokio::test]
async fn streams_are_unpin_and_read_with_try_next_in_a_loop() {
    fn unpin_send_static<S: Unpin + Send + 'static>(s: S) -> S {
        s
    }
    /// A reader that keeps its stream between calls, as an application would.
    struct Reader {
        items: graphgen_runtime::ItemStream<v1_0::models::AccessPackage>,
    }
    let (_server, client) = seeded().await;
    let mut reader = Reader {
        items: unpin_send_static(v1_packages(&client).list().top(100).stream()),
    };
    let mut names = Vec::new();
    // The README's loop, once with the inherent method and once through `futures`' trait.
    while let Some(package) = reader.items.try_next().await.expect("a page") {
        names.push(package.display_name.expect("displayName"));
    }
    assert_eq!(names.len(), 250);
    let mut pages = unpin_send_static(v1_packages(&client).list().top(100).pages());
    let mut sizes = Vec::new();
    while let Some(page) = TryStreamExt::try_next(&mut pages).await.expect("a page") {
        sizes.push(page.items.len());
    }
    assert_eq!(sizes, [100, 100, 50]);
    // Moved to another task.
    let stream = v1_packages(&client).list().top(100).stream();
    let count = tokio::spawn(async move { stream.try_collect::<Vec<_>>().await.map(|v| v.len()) })
        .await
        .expect("the task")
        .expect("every page");
    assert_eq!(count, 250);
}

#[tokio::test]
async fn count_and_max_pages() {
    let (server, client) = seeded().await;
    let first = v1_packages(&client)
        .list()
        .count(true)
        .await
        .expect("first page");
    assert_eq!(first.count, Some(250));
    assert_eq!(first.items.len(), 100);
    assert!(first.next_link.is_some());
    assert_eq!(v1_packages(&client).count().await.expect("$count"), 250);

    server.clear_requests();
    let capped = v1_packages(&client)
        .list()
        .max_pages(2)
        .all()
        .await
        .expect("two pages");
    assert_eq!(capped.len(), 200);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn select_returns_partial_objects_that_deserialize() {
    let server = server().await;
    let client = v1(&server);
    let id = server.store().insert_access_package_raw(json!({
        "displayName": "Partial", "description": "left out", "isHidden": true,
        "createdDateTime": "2024-05-06T07:08:09.1234567Z",
    }));
    let page = v1_packages(&client)
        .list()
        .select([AccessPackageField::Id, AccessPackageField::DisplayName])
        .await
        .expect("a page");
    let item = &page.items[0];
    assert_eq!(item.id.as_deref(), Some(id.as_str()));
    assert_eq!(item.display_name.as_deref(), Some("Partial"));
    assert_eq!(
        (
            item.description.as_ref(),
            item.is_hidden,
            item.created_date_time
        ),
        (None, None, None)
    );
    let one = v1_packages(&client)
        .by_id(&id)
        .get()
        .select([AccessPackageField::IsHidden])
        .await
        .expect("one");
    assert_eq!((one.is_hidden, one.display_name), (Some(true), None));
    let requests = server.requests();
    assert!(
        requests[0]
            .path_and_query
            .ends_with("?$select=id,displayName"),
        "{}",
        requests[0].path_and_query
    );
    assert!(requests[1].path_and_query.ends_with("?$select=isHidden"));
}

#[tokio::test]
async fn filter_values_with_quotes_and_ampersands_round_trip() {
    let server = server().await;
    let client = v1(&server);
    let name = "R&D O'Brien + 50% #1 = ?";
    let wanted = server
        .store()
        .insert_access_package_raw(json!({ "displayName": name }));
    for other in ["R", "R&D O", "R&D O'Brien", "R&D O'Brien   50% #1 = ?"] {
        server
            .store()
            .insert_access_package_raw(json!({ "displayName": other }));
    }
    let filter = format!("displayName eq '{}'", name.replace('\'', "''"));
    let found = v1_packages(&client)
        .list()
        .filter(&filter)
        .all()
        .await
        .expect("filtered");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].id.as_deref(), Some(wanted.as_str()));
    assert_eq!(found[0].display_name.as_deref(), Some(name));
    // `&`, `+`, `%`, `#`, `=` and `?` are escaped; the quotes may be sent as `%27`.
    let sent = server.requests()[0].path_and_query.replace("%27", "'");
    assert!(
        sent.ends_with(
            "?$filter=displayName%20eq%20'R%26D%20O''Brien%20%2B%2050%25%20%231%20%3D%20%3F'"
        ),
        "{sent}"
    );
}

#[tokio::test]
async fn orderby_desc_and_search_with_consistency_level() {
    let server = server().await;
    let client = v1(&server);
    for name in ["Beta tools", "alpha access", "Gamma", "Alpha admins"] {
        server
            .store()
            .insert_access_package_raw(json!({ "displayName": name }));
    }
    let ordered = v1_packages(&client)
        .list()
        .orderby("displayName desc")
        .all()
        .await
        .expect("ordered");
    let names: Vec<_> = ordered
        .iter()
        .map(|p| p.display_name.as_deref().expect("name"))
        .collect();
    assert_eq!(
        names,
        ["Gamma", "Beta tools", "Alpha admins", "alpha access"]
    );
    assert!(
        server.requests()[0]
            .path_and_query
            .ends_with("?$orderby=displayName%20desc")
    );

    let search = "\"displayName:alpha\"";
    let err = v1_packages(&client)
        .list()
        .search(search)
        .await
        .expect_err("needs ConsistencyLevel");
    let message = assert_service(&err, 400, "BadRequest");
    assert!(message.contains("ConsistencyLevel"), "{message}");
    let found = v1_packages(&client)
        .list()
        .search(search)
        .consistency_level_eventual()
        .all()
        .await
        .expect("found");
    let mut names: Vec<_> = found
        .iter()
        .map(|p| p.display_name.clone().expect("name"))
        .collect();
    names.sort();
    assert_eq!(names, ["Alpha admins", "alpha access"]);
    assert!(
        server.requests()[2]
            .path_and_query
            .ends_with("?$search=%22displayName:alpha%22")
    );
}

/// A nextLink under another origin than the client's base URL is not followed: the client
/// here says `localhost`, the server writes `127.0.0.1`.
#[tokio::test]
async fn a_next_link_under_another_origin_is_not_followed() {
    let (server, _) = seeded().await;
    let base = server.base_url("v1.0").replace("127.0.0.1", "localhost");
    let client: v1_0::Client = v1_0::Client::builder()
        .base_url(&base)
        .bearer_token(TOKEN)
        .build()
        .expect("client");
    let err = v1_packages(&client)
        .list()
        .all()
        .await
        .expect_err("foreign next link");
    assert_no_token(&err);
    let Error::ForeignNextLink { link, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(link.starts_with("http://127.0.0.1:"), "{link}");
    assert_eq!(server.requests().len(), 1);
}
