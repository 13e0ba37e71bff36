//! Delta queries on `/groups/delta` against the local server: a first round over several
//! pages ending with a delta link, changes, a round from the saved link that gets exactly
//! those changes, and an expired link that says to start again.

use std::collections::BTreeSet;

use graph_access_packages::v1_0::models::Group;
use graphgen_runtime::{Client, Delta, DeltaStream, Error, RequestTarget, decode};
use graphgen_tests::server::{GraphServer, ServerOptions};
use http::Method;
use serde_json::json;

use crate::support::{TOKEN, assert_no_token, runtime_client};

/// A server with pages of two and five groups.
async fn seeded() -> GraphServer {
    let server = GraphServer::start_with(ServerOptions {
        token: Some(TOKEN.to_owned()),
        page_size: 2,
        ..ServerOptions::default()
    })
    .await;
    for n in 1..=5 {
        server
            .store()
            .add_group(&format!("g{n}"), &format!("group {n}"));
    }
    server
}

/// `GET /groups/delta()` as a call of the collection of groups.
fn groups_delta(client: &Client) -> DeltaStream<Group> {
    RequestTarget::root(client)
        .segment("groups")
        .function_call("delta", &[])
        .call::<decode::List<Group>>(Method::GET)
        .delta_stream()
}

/// What a round says, in a comparable form: `changed id name` and `removed id reason`.
fn summary(changes: &[Delta<Group>]) -> BTreeSet<String> {
    changes
        .iter()
        .map(|change| match change {
            Delta::Changed(group) => format!(
                "changed {} {}",
                group.id.as_deref().unwrap_or("?"),
                group.display_name.as_deref().unwrap_or("?")
            ),
            Delta::Removed { id, reason } => format!("removed {id} {reason}"),
        })
        .collect()
}

#[tokio::test]
async fn a_second_round_from_the_saved_link_gets_exactly_the_changes() {
    let server = seeded().await;
    let client = runtime_client(&server, "v1.0");

    // The first round: every group, over three pages, then the delta link.
    let mut round = groups_delta(&client);
    assert!(round.delta_link().is_none());
    let mut first = Vec::new();
    while let Some(change) = round.try_next().await.expect("a page") {
        first.push(change);
    }
    let saved = round
        .delta_link()
        .expect("the round ends with a delta link");
    assert_eq!(first.len(), 5);
    assert!(first.iter().all(|c| c.changed().is_some()));
    let wire = server.requests();
    assert_eq!(wire.len(), 3);
    assert_eq!(wire[0].path_and_query, "/v1.0/groups/delta()");
    assert!(
        wire[1].path_and_query.contains("$skiptoken="),
        "{:?}",
        wire[1]
    );
    assert!(saved.starts_with(&server.base_url("v1.0")), "{saved}");
    assert!(saved.contains("$deltatoken="), "{saved}");

    // Changes through the API and in the store.
    let groups = RequestTarget::root(&client).segment("groups");
    let rename = groups
        .key("g1")
        .json_request(Method::PATCH, &json!({"displayName": "renamed"}))
        .expect("a PATCH");
    client.send(rename).await.expect("renamed");
    let delete = groups.key("g2").request(Method::DELETE).expect("a DELETE");
    client.send(delete).await.expect("deleted");
    let create = groups
        .json_request(Method::POST, &json!({"displayName": "new"}))
        .expect("a POST");
    let created: serde_json::Value =
        serde_json::from_slice(client.send(create).await.expect("created").body()).expect("JSON");
    let new_id = created["id"].as_str().expect("an id").to_owned();
    server.store().remove_group("g5");

    // The second round, from the saved link: exactly those changes, and a new link.
    server.clear_requests();
    let second = DeltaStream::<Group>::resume(&client, &saved)
        .round()
        .await
        .expect("the changes");
    let expected: BTreeSet<String> = [
        "changed g1 renamed".to_owned(),
        format!("changed {new_id} new"),
        "removed g2 deleted".to_owned(),
        "removed g5 deleted".to_owned(),
    ]
    .into();
    assert_eq!(summary(&second.changes), expected);
    assert_eq!(second.changes.len(), 4);
    assert_eq!(second.changes[2].removed_id(), Some("g2"));
    assert_eq!(server.requests().len(), 2, "four changes in pages of two");
    let next = second.delta_link.expect("a new delta link");
    assert_ne!(next, saved);

    // Nothing changed since: an empty round, still with a link.
    let third = DeltaStream::<Group>::resume(&client, &next)
        .round()
        .await
        .expect("no changes");
    assert!(third.changes.is_empty(), "{:?}", third.changes);
    assert!(third.delta_link.is_some());
}

#[tokio::test]
async fn an_expired_link_says_to_start_again() {
    let server = seeded().await;
    let client = runtime_client(&server, "v1.0");
    let first = groups_delta(&client).round().await.expect("a round");
    let saved = first.delta_link.expect("a delta link");
    server.store().expire_delta_links();

    let err = DeltaStream::<Group>::resume(&client, &saved)
        .round()
        .await
        .expect_err("410");
    assert_no_token(&err);
    assert!(matches!(err, Error::DeltaLinkExpired(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(410));
    assert_eq!(
        err.graph_error().map(|g| g.code.as_str()),
        Some("syncStateNotFound")
    );
    let message = err.to_string();
    assert!(
        message.contains("start again with a full delta round"),
        "{message}"
    );
    assert!(message.contains("$deltatoken="), "{message}");
    assert!(
        format!("{err:?}").starts_with("DeltaLinkExpired {"),
        "{err:?}"
    );

    // Starting again works: every group, and a link that works.
    let again = groups_delta(&client).round().await.expect("a full round");
    assert_eq!(again.changes.len(), 5);
    let link = again.delta_link.expect("a link");
    let none = DeltaStream::<Group>::resume(&client, &link).round().await;
    assert!(none.expect("no changes").changes.is_empty());
}

#[tokio::test]
async fn a_saved_link_to_another_host_is_not_followed() {
    let server = seeded().await;
    let client = runtime_client(&server, "v1.0");
    let foreign = "https://elsewhere.test/v1.0/groups/delta()?$deltatoken=graphgen-delta-0";
    let err = DeltaStream::<Group>::resume(&client, foreign)
        .round()
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::ForeignNextLink { .. }), "{err:?}");
    assert!(server.requests().is_empty(), "nothing was sent");
}
