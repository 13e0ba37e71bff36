//! JSON batching against the local server: 45 mixed requests made by the generated
//! `…_request` methods, batched and one by one, to the same final state; a throttled part
//! sent again alone; a failed dependency; the 20-request limit; malformed answers.

use graph_access_packages::v1_0;
use graph_access_packages::v1_0::models::AccessPackage;
use graphgen_runtime::{Error, MAX_BATCH_SIZE, RequestTarget, decode};
use graphgen_tests::server::{GraphServer, RetryAfter};
use http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::{
    TOKEN, assert_no_token, assert_service, body_json, header, server, v1, v1_packages,
};

/// Ten groups and ten packages with fixed ids, the same on every server.
fn seed(server: &GraphServer) {
    for n in 0..10 {
        server
            .store()
            .add_group(&format!("g{n}"), &format!("group {n}"));
        server.store().insert_access_package_raw(json!({
            "id": format!("p{n}"),
            "displayName": format!("package {n}"),
            "description": "seeded",
        }));
    }
}

/// 45 requests of eight kinds, each with the indices of the requests it must follow.
fn operations(client: &v1_0::Client) -> Vec<(http::Request<Vec<u8>>, Vec<usize>)> {
    let packages = v1_packages(client);
    let groups = RequestTarget::root(client.runtime()).segment("groups");
    let described = |text: String| AccessPackage {
        description: Some(text),
        ..Default::default()
    };
    let mut ops = Vec::new();
    for n in 0..10 {
        let patch = packages
            .by_id(&format!("p{n}"))
            .patch_request(&described(format!("batched {n}")));
        ops.push((patch.expect("a PATCH"), vec![]));
    }
    for n in 0..10 {
        let link = packages
            .by_id(&format!("p{n}"))
            .incompatible_groups()
            .refs()
            .add_request(format!("g{n}"));
        ops.push((link.expect("a $ref POST"), vec![]));
    }
    for n in 0..5 {
        let link = packages
            .by_id(&format!("p{n}"))
            .incompatible_access_packages()
            .refs()
            .add_request(format!("p{}", n + 5));
        ops.push((link.expect("a $ref POST"), vec![]));
    }
    // Reads of what the first five PATCHes wrote: after them.
    for n in 0..5 {
        let get = packages.by_id(&format!("p{n}")).get_request();
        ops.push((get.expect("a GET"), vec![n]));
    }
    // Packages 7 to 9 go, after their PATCH, their group link and the link to them. (As on
    // Graph, requests without `dependsOn` have no order; across `$batch` requests neither:
    // a request goes with the ones it depends on.)
    for n in 7..10 {
        let delete = packages.by_id(&format!("p{n}")).delete_request();
        ops.push((delete.expect("a DELETE"), vec![n, 10 + n, 15 + n]));
    }
    for n in 0..5 {
        let rename = groups.key(&format!("g{n}")).json_request(
            Method::PATCH,
            &json!({"displayName": format!("renamed {n}")}),
        );
        ops.push((rename.expect("a group PATCH"), vec![]));
    }
    // Groups 8 and 9 go after their links are made (the links go with them).
    for n in 8..10 {
        let delete = groups.key(&format!("g{n}")).request(Method::DELETE);
        ops.push((delete.expect("a group DELETE"), vec![10 + n]));
    }
    for n in 0..5 {
        let create = packages.post_request(&AccessPackage {
            display_name: Some(format!("created {n}")),
            ..Default::default()
        });
        ops.push((create.expect("a POST"), vec![]));
    }
    assert_eq!(ops.len(), 45);
    ops
}

/// The store without what differs between two servers: server-assigned ids and times.
fn final_state(server: &GraphServer) -> Value {
    let store = server.store();
    let mut packages: Vec<Value> = store
        .access_packages()
        .into_iter()
        .map(|mut package| {
            let id = package["id"].as_str().expect("id").to_owned();
            let object = package.as_object_mut().expect("an object");
            for volatile in ["createdDateTime", "modifiedDateTime"] {
                object.remove(volatile);
            }
            if !id.starts_with('p') {
                object.remove("id");
            }
            object.insert(
                "incompatibleGroups".into(),
                json!(store.incompatible_groups(&id)),
            );
            let others = store.incompatible_access_packages(&id);
            object.insert("incompatibleAccessPackages".into(), json!(others));
            package
        })
        .collect();
    packages.sort_by_key(|p| p["displayName"].as_str().map(str::to_owned));
    json!({"packages": packages, "groups": store.groups()})
}

#[tokio::test]
async fn forty_five_operations_batched_end_as_one_by_one_in_three_round_trips() {
    let batched = server().await;
    seed(&batched);
    let client = v1(&batched);
    let mut batch = client.runtime().batch();
    let mut ids: Vec<String> = Vec::new();
    for (request, after) in operations(&client) {
        let after: Vec<&str> = after.iter().map(|&i| ids[i].as_str()).collect();
        ids.push(
            batch
                .add_after(request, &after)
                .expect("a batchable request"),
        );
    }
    let plan = batch.plan().expect("no group over 20");
    let answers = batch.send().await.expect("every batch answered");

    let single = server().await;
    seed(&single);
    let one_by_one = v1(&single);
    for (n, (request, _)) in operations(&one_by_one).into_iter().enumerate() {
        let answer = one_by_one.runtime().send(request).await;
        let answer = answer.unwrap_or_else(|e| panic!("operation {n}: {e}"));
        assert_eq!(
            Some(answer.status()),
            answers.status(&ids[n]),
            "operation {n}"
        );
    }
    assert_eq!(final_state(&batched), final_state(&single));
    // The deletes took effect, and so did the rest.
    assert_eq!(batched.store().access_packages().len(), 10 - 3 + 5);
    assert_eq!(batched.store().groups().len(), 8);
    assert_eq!(batched.store().incompatible_groups("p3"), ["g3"]);

    // 45 requests: three `$batch` requests on the wire, none over 20, 45 parts in all.
    let wire = batched.requests();
    assert_eq!(single.requests().len(), 45);
    assert_eq!(wire.len(), 3, "{plan:?}");
    assert_eq!(answers.round_trips(), 3);
    let sizes: Vec<usize> = wire
        .iter()
        .map(|r| body_json(r)["requests"].as_array().expect("requests").len())
        .collect();
    assert_eq!(sizes, plan.iter().map(Vec::len).collect::<Vec<_>>());
    assert_eq!(sizes, [20, 20, 5]);
    assert_eq!(sizes.iter().sum::<usize>(), 45);
    assert!(sizes.iter().all(|&n| n <= MAX_BATCH_SIZE), "{sizes:?}");
    for request in &wire {
        assert_eq!(request.method, Method::POST);
        assert_eq!(request.path_and_query, "/v1.0/$batch");
        let bearer = format!("Bearer {TOKEN}");
        assert_eq!(header(request, "authorization"), Some(bearer.as_str()));
        let body = String::from_utf8_lossy(&request.body);
        assert!(!body.contains(TOKEN), "the token stays out of the parts");
    }

    // Typed answers: the reads see their PATCH, the creates their new package.
    for n in 0..5 {
        let read: AccessPackage = answers.get(&ids[25 + n]).expect("a package");
        assert_eq!(
            read.description.as_deref(),
            Some(format!("batched {n}").as_str())
        );
    }
    let created: AccessPackage = answers.get(&ids[44]).expect("the created package");
    assert_eq!(created.display_name.as_deref(), Some("created 4"));
    answers.decode::<decode::Empty>(&ids[30]).expect("a 204");
    assert_eq!(answers.status(&ids[0]), Some(StatusCode::NO_CONTENT));
}

#[tokio::test]
async fn a_throttled_part_alone_is_sent_again() {
    let server = server().await;
    seed(&server);
    let client = v1(&server);
    let packages = v1_packages(&client);
    let mut batch = client.runtime().batch();
    for n in 0..3 {
        let get = packages
            .by_id(&format!("p{n}"))
            .get_request()
            .expect("a GET");
        batch.add(get).expect("added");
    }
    server
        .faults()
        .throttle_next_parts(1, RetryAfter::Seconds(0));
    let answers = batch.send().await.expect("answered");
    assert_eq!(server.faults().pending_parts(), 0);
    for (n, id) in ["1", "2", "3"].into_iter().enumerate() {
        let package: AccessPackage = answers.get(id).expect("a package");
        assert_eq!(package.id, Some(format!("p{n}")));
    }
    let wire = server.requests();
    assert_eq!(wire.len(), 2);
    assert_eq!(answers.round_trips(), 2);
    let parts = |n: usize| -> Vec<String> {
        body_json(&wire[n])["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|r| r["id"].as_str().expect("id").to_owned())
            .collect()
    };
    assert_eq!(parts(0), ["1", "2", "3"]);
    assert_eq!(parts(1), ["1"], "only the throttled part goes again");

    // A Retry-After longer than the policy waits for is the part's answer.
    let patient = graphgen_runtime::Client::builder(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .retry(crate::support::fast_retry().max_retry_after(std::time::Duration::from_secs(1)))
        .build()
        .expect("a client");
    let mut batch = patient.batch();
    let get = packages.by_id("p0").get_request().expect("a GET");
    let id = batch.add(get).expect("added");
    server
        .faults()
        .throttle_next_parts(1, RetryAfter::Seconds(30));
    server.clear_requests();
    let answers = batch.send().await.expect("answered");
    assert_eq!(server.requests().len(), 1);
    let err = answers.get::<AccessPackage>(&id).expect_err("throttled");
    assert_service(&err, 429, "TooManyRequests");
    let Error::Service(service) = &err else {
        unreachable!()
    };
    assert_eq!(service.retry_after.as_deref(), Some("30"));
    assert!(err.to_string().contains("/accessPackages/p0"), "{err}");
}

#[tokio::test]
async fn the_dependents_of_a_failed_request_get_424() {
    let server = server().await;
    seed(&server);
    let client = v1(&server);
    let packages = v1_packages(&client);
    let mut batch = client.runtime().batch();
    let missing = packages
        .by_id("nope")
        .patch_request(&AccessPackage::default())
        .expect("a PATCH");
    let first = batch.add(missing).expect("added");
    let read = packages.by_id("p1").get_request().expect("a GET");
    let second = batch.add_after(read, &[&first]).expect("added");
    let delete = packages.by_id("p1").delete_request().expect("a DELETE");
    let third = batch.add_after(delete, &[&second]).expect("added");
    let alone = packages.by_id("p2").get_request().expect("a GET");
    let fourth = batch.add(alone).expect("added");
    let answers = batch.send().await.expect("answered");

    let err = answers.decode::<decode::Empty>(&first).expect_err("404");
    assert_service(&err, 404, "Request_ResourceNotFound");
    for dependent in [&second, &third] {
        let err = answers.get::<AccessPackage>(dependent).expect_err("424");
        assert_service(&err, 424, "FailedDependency");
    }
    let alone: AccessPackage = answers.get(&fourth).expect("unaffected");
    assert_eq!(alone.id.as_deref(), Some("p2"));
    assert!(
        server.store().access_package("p1").is_some(),
        "the DELETE never ran"
    );
    assert_eq!(server.requests().len(), 1);
}

/// A `$batch` body of `n` GETs, by hand.
fn raw_batch(client: &graphgen_runtime::Client, n: usize) -> http::Request<Vec<u8>> {
    let requests: Vec<Value> = (0..n)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/groups/g0"}))
        .collect();
    RequestTarget::root(client)
        .segment("$batch")
        .json_request(Method::POST, &json!({ "requests": requests }))
        .expect("a request")
}

#[tokio::test]
async fn the_server_refuses_21_and_the_client_never_sends_them() {
    let server = server().await;
    seed(&server);
    let client = v1(&server);
    let err = client
        .runtime()
        .send(raw_batch(client.runtime(), 21))
        .await
        .expect_err("over the limit");
    assert_service(&err, 400, "BadRequest");
    assert!(err.to_string().contains("the limit is 20"), "{err}");
    let twenty = client
        .runtime()
        .send(raw_batch(client.runtime(), 20))
        .await
        .expect("20 is fine");
    let body: Value = serde_json::from_slice(twenty.body()).expect("JSON");
    assert_eq!(body["responses"].as_array().map(Vec::len), Some(20));

    server.clear_requests();
    let mut batch = client.runtime().batch();
    for n in 0..21 {
        let get = RequestTarget::root(client.runtime())
            .segment("groups")
            .key(&format!("g{}", n % 10))
            .request(Method::GET)
            .expect("a GET");
        batch.add(get).expect("added");
    }
    let answers = batch.send().await.expect("two batches");
    assert_eq!(answers.len(), 21);
    let sizes: Vec<usize> = server
        .requests()
        .iter()
        .map(|r| body_json(r)["requests"].as_array().expect("requests").len())
        .collect();
    assert_eq!(sizes, [20, 1]);
    let group: Value = answers.get("21").expect("a group");
    assert_eq!(group["id"], "g0");
}

#[tokio::test]
async fn a_malformed_answer_is_an_error_that_names_it() {
    let server = server().await;
    seed(&server);
    let client = v1(&server);
    let cases = [
        (
            r#"{"responses":[{"id":"1","status":200,"body":{}}]}"#,
            "application/json",
            "no answer for id `2`",
        ),
        (
            "<html>Bad gateway</html>",
            "text/html",
            "is not {\"responses\"",
        ),
    ];
    for (body, content_type, expected) in cases {
        let mut batch = client.runtime().batch();
        for key in ["g1", "g2"] {
            let get = RequestTarget::root(client.runtime())
                .segment("groups")
                .key(key)
                .request(Method::GET)
                .expect("a GET");
            batch.add(get).expect("added");
        }
        server
            .faults()
            .respond_next(StatusCode::OK, content_type, body);
        let err = batch.send().await.expect_err("malformed");
        assert_no_token(&err);
        assert!(
            matches!(err, Error::MalformedBatchResponse { .. }),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(message.contains(expected), "{message}");
        assert!(message.contains("POST http://127.0.0.1:"), "{message}");
        assert!(err.client_request_id().is_some());
    }
}

#[tokio::test]
async fn a_count_and_a_page_decode_as_single_calls_do() {
    let server = server().await;
    seed(&server);
    let client = v1(&server);
    let packages = v1_packages(&client);
    let mut batch = client.runtime().batch();
    let count = batch
        .add(packages.count_request().expect("a $count"))
        .expect("added");
    let page = batch
        .add(packages.list_request().expect("a list"))
        .expect("added");
    let answers = batch.send().await.expect("answered");
    // The text/plain count travels base64-encoded, as Graph sends bodies that are not JSON.
    let wire = body_json(&server.requests()[0]);
    assert_eq!(
        wire["requests"][0]["headers"]["consistencylevel"],
        "eventual"
    );
    assert_eq!(
        answers.decode::<decode::Count>(&count).expect("a count"),
        10
    );
    let single = packages.count().await.expect("a count");
    assert_eq!(single, 10);
    let page = answers
        .decode::<decode::List<AccessPackage>>(&page)
        .expect("a page");
    assert_eq!(page.items.len(), 10);
    assert!(page.next_link.is_none());
}
