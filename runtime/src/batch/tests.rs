//! The batch's split, wire format, part retries and answer checks, against a
//! transport that answers from a closure and keeps every request body.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde_json::json;

use super::*;
use crate::transport::{BoxFuture, Transport, TransportError};
use crate::{RequestTarget, RetryPolicy};

type Answerer = dyn Fn(usize, &Value) -> Value + Send + Sync;

/// Answers the n-th `$batch` request (0-based) with `answer(n, body)` as JSON.
struct Fake {
    answer: Box<Answerer>,
    bodies: Arc<Mutex<Vec<Value>>>,
}

impl fmt::Debug for Fake {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fake")
    }
}

impl Transport for Fake {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let body: Value = serde_json::from_slice(request.body()).expect("a JSON batch");
        let n = {
            let mut bodies = self.bodies.lock().unwrap();
            bodies.push(body.clone());
            bodies.len() - 1
        };
        assert_eq!(request.uri(), "https://x.test/v1.0/$batch");
        let answer = serde_json::to_vec(&(self.answer)(n, &body)).unwrap();
        Box::pin(async move { Ok(http::Response::new(Bytes::from(answer))) })
    }
}

fn client(
    answer: impl Fn(usize, &Value) -> Value + Send + Sync + 'static,
) -> (Client, Arc<Mutex<Vec<Value>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let client = Client::builder("https://x.test/v1.0")
        .transport(Fake {
            answer: Box::new(answer),
            bodies: Arc::clone(&bodies),
        })
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    (client, bodies)
}

/// Every request answered `200` with `{"n": id}`, unless `status(n, id)` says otherwise.
fn answer_all(
    status: impl Fn(usize, &str) -> u16 + Send + Sync + 'static,
) -> impl Fn(usize, &Value) -> Value {
    move |n, body| {
        let responses: Vec<Value> = body["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let id = r["id"].as_str().unwrap();
                let status = status(n, id);
                json!({"id": id, "status": status, "headers": {"Retry-After": "0",
                    "Content-Type": "application/json"}, "body": {"n": id}})
            })
            .collect();
        json!({ "responses": responses })
    }
}

fn get(client: &Client, key: &str) -> http::Request<Vec<u8>> {
    RequestTarget::root(client)
        .segment("groups")
        .key(key)
        .request(Method::GET)
        .unwrap()
}

#[test]
fn the_wire_format_is_graphs() {
    let (plain, _) = client(|_, _| json!({}));
    let client = Client::builder(plain.base_url())
        .default_header("ConsistencyLevel", "eventual")
        .build()
        .unwrap();
    let mut batch = client.batch();
    let target = RequestTarget::root(&client).segment("groups");
    let first = batch
        .add(
            target
                .json_request(Method::POST, &json!({"displayName": "A"}))
                .unwrap(),
        )
        .unwrap();
    batch
        .add_after(
            target
                .key("a b")
                .bytes_request(Method::PUT, "text/plain", b"hi".to_vec())
                .unwrap(),
            &[&first],
        )
        .unwrap();
    let part = &batch.parts[1];
    assert_eq!(part.url, "/groups/a%20b");
    assert_eq!(part.body, Some(Value::String("aGk=".into())));
    assert_eq!(part.depends_on, ["1"]);
    assert_eq!(batch.parts[0].body, Some(json!({"displayName": "A"})));
    assert_eq!(batch.parts[0].headers["content-type"], "application/json");
    assert_eq!(batch.parts[1].headers["consistencylevel"], "eventual");

    let foreign = http::Request::get("https://elsewhere.test/v1.0/groups")
        .body(Vec::new())
        .unwrap();
    let err = batch.add(foreign).unwrap_err();
    assert!(
        err.to_string()
            .contains("not under the client's service root"),
        "{err}"
    );
    let err = batch.add_after(get(&client, "x"), &["9"]).unwrap_err();
    assert!(
        err.to_string().contains("`9`, which is not in the batch"),
        "{err}"
    );
}

#[test]
fn over_twenty_split_and_dependencies_stay_together() {
    let (client, _) = client(|_, _| json!({}));
    let mut batch = client.batch();
    for n in 0..20 {
        batch.add(get(&client, &n.to_string())).unwrap();
    }
    // 21 ties to 1: it goes where 1 goes, and 20 moves to the next batch.
    batch.add_after(get(&client, "x"), &["1"]).unwrap();
    let plan = batch.plan().unwrap();
    let mut first: Vec<String> = (1..20).map(|n| n.to_string()).collect();
    first.push("21".into());
    assert_eq!(plan, [first, vec!["20".to_owned()]]);

    let mut chain = client.batch();
    let mut last = chain.add(get(&client, "0")).unwrap();
    for n in 1..21 {
        last = chain
            .add_after(get(&client, &n.to_string()), &[&last])
            .unwrap();
    }
    let err = chain.plan().unwrap_err();
    assert!(
        err.to_string().contains("ties 21 requests together"),
        "{err}"
    );
}

#[tokio::test]
async fn only_throttled_parts_and_their_blocked_dependents_are_sent_again() {
    // Round 0: `2` is throttled, `3` (after `2`) fails its dependency; round 1: all fine.
    let (client, bodies) = client(answer_all(|n, id| match (n, id) {
        (0, "2") => 429,
        (0, "3") => 424,
        _ => 200,
    }));
    let mut batch = client.batch();
    batch.add(get(&client, "a")).unwrap();
    let two = batch.add(get(&client, "b")).unwrap();
    batch.add_after(get(&client, "c"), &[&two]).unwrap();
    let answers = batch.send().await.unwrap();
    assert_eq!(answers.round_trips(), 2);
    let bodies = bodies.lock().unwrap();
    let ids = |n: usize| -> Vec<&str> {
        bodies[n]["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect()
    };
    assert_eq!(ids(0), ["1", "2", "3"]);
    assert_eq!(ids(1), ["2", "3"]);
    assert_eq!(bodies[1]["requests"][1]["dependsOn"], json!(["2"]));
    assert_eq!(answers.ids().collect::<Vec<_>>(), ["1", "2", "3"]);
    for id in ["1", "2", "3"] {
        assert_eq!(answers.get::<Value>(id).unwrap(), json!({"n": id}));
    }
    let err = answers.get::<Value>("4").unwrap_err();
    assert!(matches!(err, Error::InvalidBatch { .. }), "{err:?}");
}

#[tokio::test]
async fn a_part_throttled_past_the_policy_keeps_its_429() {
    let (client, bodies) = client(answer_all(|_, id| if id == "1" { 429 } else { 200 }));
    let mut batch = client.batch();
    batch.add(get(&client, "a")).unwrap();
    batch.add(get(&client, "b")).unwrap();
    let answers = batch.send().await.unwrap();
    assert_eq!(
        bodies.lock().unwrap().len(),
        3,
        "the default policy: 3 attempts"
    );
    let err = answers.get::<Value>("1").unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.exchange().map(|e| e.attempts), Some(3));
    assert!(
        err.to_string().contains("GET https://x.test/v1.0/groups/a"),
        "{err}"
    );
    assert_eq!(answers.get::<Value>("2").unwrap(), json!({"n": "2"}));
    assert_eq!(
        answers.response("2").unwrap().headers()["content-type"],
        "application/json"
    );
}

#[tokio::test]
async fn malformed_answers_are_errors() {
    let cases: [(Value, &str); 5] = [
        (json!({"value": []}), "is not {\"responses\""),
        (
            json!({"responses": [{"id": "1", "status": 200}]}),
            "no answer for id `2`",
        ),
        (
            json!({"responses": [{"id": "1", "status": 200}, {"id": "1", "status": 200}, {"id": "2", "status": 200}]}),
            "two answers for id `1`",
        ),
        (
            json!({"responses": [{"id": "1", "status": 200}, {"id": "2", "status": 200}, {"id": "7", "status": 200}]}),
            "id `7`, which was not sent",
        ),
        (
            json!({"responses": [{"id": "1", "status": 1000}, {"id": "2", "status": 200}]}),
            "status 1000 is not an HTTP status",
        ),
    ];
    for (answer, expected) in cases {
        let (client, _) = client(move |_, _| answer.clone());
        let mut batch = client.batch();
        batch.add(get(&client, "a")).unwrap();
        batch.add(get(&client, "b")).unwrap();
        let err = batch.send().await.unwrap_err();
        assert!(
            matches!(err, Error::MalformedBatchResponse { .. }),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected), "{expected}: {err}");
        assert!(
            err.to_string().contains("POST https://x.test/v1.0/$batch"),
            "{err}"
        );
    }
}

#[tokio::test]
async fn a_text_body_is_base64_and_a_count_decodes() {
    let (client, _) = client(|_, _| {
        json!({"responses": [{"id": "1", "status": 200,
            "headers": {"Content-Type": "text/plain"}, "body": "NDI="}]})
    });
    let mut batch = client.batch();
    batch
        .add(
            RequestTarget::root(&client)
                .segment("groups")
                .count_request()
                .unwrap(),
        )
        .unwrap();
    let answers = batch.send().await.unwrap();
    assert_eq!(answers.decode::<crate::decode::Count>("1").unwrap(), 42);
}
