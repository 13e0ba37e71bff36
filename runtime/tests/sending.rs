//! The sending layer against a scripted transport: auth and ids on every attempt, retries
//! with `Retry-After` and backoff (in tokio's paused clock, so nothing really sleeps),
//! timeouts, error shapes, paging, and that the token never shows.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use futures_util::TryStreamExt;
use graphgen_runtime::{
    AccessToken, BoxError, BoxFuture, Client, Error, RequestTarget, RetryPolicy, TokenProvider,
    Transport, TransportError, decode,
};
use http::{Method, Request, Response, StatusCode};

const TOKEN: &str = "tok-3f9a1c-SECRET";
const BASE: &str = "https://graph.test/v1.0";

type Reply = Box<dyn FnOnce() -> Result<Response<Bytes>, TransportError> + Send>;

/// A transport that answers from a script and records what it was sent.
#[derive(Clone, Default)]
struct Scripted {
    replies: Arc<Mutex<VecDeque<Option<Reply>>>>,
    sent: Arc<Mutex<Vec<Request<Bytes>>>>,
}

impl std::fmt::Debug for Scripted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scripted")
    }
}

impl Scripted {
    fn reply(&self, status: u16, headers: &[(&str, &str)], body: &str) -> &Self {
        let mut builder = Response::builder().status(status);
        for (n, v) in headers {
            builder = builder.header(*n, *v);
        }
        let response = builder.body(Bytes::from(body.to_owned())).unwrap();
        self.replies
            .lock()
            .unwrap()
            .push_back(Some(Box::new(move || Ok(response))));
        self
    }

    fn fail(&self, message: &'static str) -> &Self {
        self.replies
            .lock()
            .unwrap()
            .push_back(Some(Box::new(move || {
                Err(TransportError::new(std::io::Error::new(
                    std::io::ErrorKind::ConnectionReset,
                    message,
                )))
            })));
        self
    }

    /// The next request never gets an answer.
    fn hang(&self) -> &Self {
        self.replies.lock().unwrap().push_back(None);
        self
    }

    fn sent(&self) -> Vec<Request<Bytes>> {
        self.sent.lock().unwrap().clone()
    }
}

impl Transport for Scripted {
    fn send(
        &self,
        request: Request<Bytes>,
    ) -> BoxFuture<'_, Result<Response<Bytes>, TransportError>> {
        self.sent.lock().unwrap().push(request);
        let next = self
            .replies
            .lock()
            .unwrap()
            .pop_front()
            .expect("the script ran out of replies");
        Box::pin(async move {
            match next {
                Some(reply) => reply(),
                None => std::future::pending().await,
            }
        })
    }
}

fn client(t: &Scripted) -> Client {
    Client::builder(BASE)
        .transport(t.clone())
        .bearer_token(TOKEN)
        .default_header("Prefer", "outlook.timezone=\"UTC\"")
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(100)))
        .build()
        .unwrap()
}

fn groups(c: &Client) -> RequestTarget {
    RequestTarget::root(c).segment("groups")
}

fn header<'a>(r: &'a Request<Bytes>, name: &str) -> &'a str {
    r.headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name}"))
        .to_str()
        .unwrap()
}

/// Asserts that no rendering of `err` shows the token.
fn no_token(err: &Error) {
    let shown = format!("{err} {err:?} {err:#?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn every_request_carries_auth_id_accept_and_default_headers() {
    let t = Scripted::default();
    t.reply(201, &[], r#"{"id":"g1","displayName":"Sales"}"#);
    let c = client(&t);
    let created: serde_json::Value = groups(&c)
        .json_call::<decode::Json<serde_json::Value>, _>(
            Method::POST,
            &serde_json::json!({"displayName": "Sales"}),
        )
        .header("Prefer", "return=representation")
        .await
        .unwrap();
    assert_eq!(created["id"], "g1");

    let sent = t.sent();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!(r.method(), Method::POST);
    assert_eq!(r.uri(), "https://graph.test/v1.0/groups");
    assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
    assert!(r.headers()["authorization"].is_sensitive());
    assert_eq!(header(r, "accept"), "application/json");
    assert_eq!(header(r, "content-type"), "application/json");
    // The request's own header wins over the client's default.
    assert_eq!(header(r, "prefer"), "return=representation");
    let id = header(r, "client-request-id");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "{id}");
    assert!(!r.headers().contains_key("retry-attempt"));
    assert_eq!(r.body(), &Bytes::from_static(br#"{"displayName":"Sales"}"#));
}

#[tokio::test(start_paused = true)]
async fn with_client_request_ids_off_only_a_caller_s_own_id_is_sent() {
    let t = Scripted::default();
    t.reply(204, &[], "")
        .reply(204, &[], "")
        .reply(503, &[("Retry-After", "1")], "")
        .reply(404, &[], "");
    let c = Client::builder(BASE)
        .transport(t.clone())
        .client_request_ids(false)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(100)))
        .build()
        .unwrap();
    assert!(!c.client_request_ids());
    let delete = || groups(&c).key("g1").call::<decode::Empty>(Method::DELETE);
    delete().await.unwrap();
    delete()
        .header("client-request-id", "mine-1")
        .await
        .unwrap();
    let err = delete().await.unwrap_err();

    let sent = t.sent();
    assert_eq!(sent.len(), 4);
    assert!(!sent[0].headers().contains_key("client-request-id"));
    assert_eq!(header(&sent[1], "client-request-id"), "mine-1");
    assert!(!sent[2].headers().contains_key("client-request-id"));
    assert!(!sent[3].headers().contains_key("client-request-id"));
    assert_eq!(err.client_request_id(), None);
    assert!(
        err.to_string().starts_with(&format!(
            "DELETE {BASE}/groups/g1 (2 attempts): 404 Not Found"
        )),
        "{err}"
    );
}

#[tokio::test(start_paused = true)]
async fn throttled_requests_are_retried_after_retry_after_with_the_same_body_and_id() {
    let t = Scripted::default();
    t.reply(429, &[("Retry-After", "2")], "")
        .reply(503, &[("Retry-After", "3")], "")
        .reply(204, &[], "");
    let c = client(&t);
    let started = tokio::time::Instant::now();
    groups(&c)
        .key("g1")
        .json_call::<decode::Empty, _>(Method::PATCH, &serde_json::json!({"a": 1}))
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );

    let sent = t.sent();
    assert_eq!(sent.len(), 3);
    let first_id = header(&sent[0], "client-request-id");
    for (i, r) in sent.iter().enumerate() {
        assert_eq!(header(r, "client-request-id"), first_id);
        assert_eq!(r.body(), &Bytes::from_static(br#"{"a":1}"#));
        assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
        if i > 0 {
            assert_eq!(header(r, "retry-attempt"), i.to_string());
        }
    }
}

#[tokio::test(start_paused = true)]
async fn retry_after_as_an_http_date_and_backoff_without_it() {
    let t = Scripted::default();
    let later = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    t.reply(429, &[("Retry-After", &later)], "")
        .reply(504, &[], "")
        .reply(200, &[], "{}");
    let c = Client::builder(BASE)
        .transport(t.clone())
        .retry(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_secs(8)),
        )
        .build()
        .unwrap();
    let started = tokio::time::Instant::now();
    let _: serde_json::Value = groups(&c)
        .call::<decode::Json<serde_json::Value>>(Method::GET)
        .await
        .unwrap();
    let waited = started.elapsed();
    // About 29-30 s for the date (whole seconds), then the second attempt's backoff:
    // 8 s × 2, jittered to 8-16 s.
    assert!(
        waited >= Duration::from_secs(37) && waited <= Duration::from_secs(46),
        "{waited:?}"
    );
    assert_eq!(t.sent().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn past_the_bound_the_error_says_429_and_carries_the_ids() {
    let t = Scripted::default();
    let body = r#"{"error":{"code":"TooManyRequests","message":"Slow down.","innerError":{"request-id":"r-body","date":"2026-11-23T15:00:00"}}}"#;
    for _ in 0..3 {
        t.reply(
            429,
            &[
                ("Retry-After", "1"),
                ("request-id", "r-header"),
                ("content-type", "application/json"),
            ],
            body,
        );
    }
    let c = client(&t);
    let err = groups(&c)
        .call::<decode::Json<serde_json::Value>>(Method::GET)
        .await
        .unwrap_err();
    assert_eq!(t.sent().len(), 3);
    assert_eq!(err.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(err.request_id(), Some("r-header"));
    let sent_id = header(&t.sent()[0], "client-request-id").to_owned();
    assert_eq!(err.client_request_id(), Some(sent_id.as_str()));
    let Error::Service(service) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(service.exchange.attempts, 3);
    assert_eq!(service.retry_after.as_deref(), Some("1"));
    let graph = err.graph_error().unwrap();
    assert_eq!(graph.code, "TooManyRequests");
    assert_eq!(
        graph.inner_error.as_ref().unwrap().request_id.as_deref(),
        Some("r-body")
    );
    let msg = err.to_string();
    for part in [
        "GET https://graph.test/v1.0/groups",
        "429 Too Many Requests",
        "TooManyRequests: Slow down.",
        "request-id r-header",
        &format!("client-request-id {sent_id}"),
        "3 attempts",
    ] {
        assert!(msg.contains(part), "{part} not in {msg}");
    }
    no_token(&err);
}

#[tokio::test]
async fn errors_that_are_not_retried() {
    let t = Scripted::default();
    t.reply(
        404,
        &[],
        r#"{"error":{"code":"Request_ResourceNotFound","message":"No such package."}}"#,
    )
    .reply(
        502,
        &[("content-type", "text/html")],
        "<html>\n<body><h1>502 Bad Gateway</h1></body>\n</html>",
    )
    .reply(500, &[], "");
    let c = client(&t);
    let get = || {
        groups(&c)
            .key("x")
            .call::<decode::Json<serde_json::Value>>(Method::GET)
    };

    let err = get().await.unwrap_err();
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert!(
        err.to_string()
            .contains("404 Not Found: Request_ResourceNotFound: No such package.")
    );

    let err = get().await.unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("502 Bad Gateway: non-JSON error body (text/html): <html> <body><h1>502 Bad Gateway</h1></body> </html>"),
        "{msg}"
    );
    assert!(err.graph_error().is_none());

    let err = get().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("500 Internal Server Error: empty response body"),
        "{err}"
    );
    assert_eq!(t.sent().len(), 3, "none of them is retried");
}

#[tokio::test(start_paused = true)]
async fn a_response_that_never_comes_times_out() {
    let t = Scripted::default();
    t.hang();
    let c = Client::builder(BASE)
        .transport(t.clone())
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    let err = groups(&c)
        .call::<decode::Empty>(Method::DELETE)
        .await
        .unwrap_err();
    let Error::Timeout { after, exchange } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*after, Duration::from_secs(2));
    assert_eq!(exchange.method, Method::DELETE);
    assert!(err.to_string().contains("no response within 2s"), "{err}");
    no_token(&err);
}

#[tokio::test]
async fn transport_failures_name_the_cause() {
    let t = Scripted::default();
    t.fail("connection reset by peer");
    let c = client(&t);
    let err = groups(&c)
        .call::<decode::Empty>(Method::GET)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }));
    assert!(
        err.to_string()
            .contains("transport error: connection reset by peer"),
        "{err}"
    );
    no_token(&err);
}

#[tokio::test]
async fn a_failing_token_provider_sends_nothing() {
    #[derive(Debug)]
    struct Broken;
    impl TokenProvider for Broken {
        fn token<'a>(&'a self, _: &'a [String]) -> BoxFuture<'a, Result<AccessToken, BoxError>> {
            Box::pin(async { Err("the refresh token expired".into()) })
        }
    }
    let t = Scripted::default();
    let c = Client::builder(BASE)
        .transport(t.clone())
        .token_provider(Broken)
        .build()
        .unwrap();
    let err = groups(&c)
        .call::<decode::Empty>(Method::GET)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)));
    assert!(err.to_string().contains("the refresh token expired"));
    assert!(t.sent().is_empty());
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_names_the_json_path() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Group {
        id: String,
        #[serde(rename = "isHidden")]
        is_hidden: Option<bool>,
    }
    let t = Scripted::default();
    t.reply(
        200,
        &[],
        r#"{"value":[{"id":"1"},{"id":"2","isHidden":"yes"}]}"#,
    );
    let c = client(&t);
    let err = groups(&c)
        .call::<decode::List<Group>>(Method::GET)
        .await
        .unwrap_err();
    let Error::Deserialize { path, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "value[1].isHidden");
    no_token(&err);
}

#[tokio::test]
async fn paging_follows_next_links_with_the_request_headers_and_a_cap() {
    let t = Scripted::default();
    let page = |ids: &[u32], next: Option<&str>| {
        let items: Vec<_> = ids
            .iter()
            .map(|i| serde_json::json!({"id": i.to_string()}))
            .collect();
        let mut v = serde_json::json!({"value": items, "@odata.count": 5});
        if let Some(n) = next {
            v["@odata.nextLink"] = n.into();
        }
        v.to_string()
    };
    t.reply(
        200,
        &[],
        &page(
            &[1, 2],
            Some("https://graph.test/v1.0/groups?$count=true&$top=2&$skiptoken=a"),
        ),
    )
    .reply(
        200,
        &[],
        &page(
            &[3, 4],
            Some("https://graph.test/v1.0/groups?$count=true&$top=2&$skiptoken=b"),
        ),
    )
    .reply(200, &[], &page(&[5], None));
    let c = client(&t);
    let call = groups(&c)
        .call::<decode::List<serde_json::Value>>(Method::GET)
        .count(true)
        .top(2)
        .consistency_level_eventual();
    let items = call.all().await.unwrap();
    let ids: Vec<_> = items
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["1", "2", "3", "4", "5"]);
    let sent = t.sent();
    assert_eq!(
        sent[0].uri(),
        "https://graph.test/v1.0/groups?$count=true&$top=2"
    );
    assert_eq!(
        sent[1].uri(),
        "https://graph.test/v1.0/groups?$count=true&$top=2&$skiptoken=a"
    );
    assert_eq!(
        sent[2].uri(),
        "https://graph.test/v1.0/groups?$count=true&$top=2&$skiptoken=b"
    );
    for r in &sent {
        assert_eq!(header(r, "consistencylevel"), "eventual");
        assert_eq!(header(r, "authorization"), format!("Bearer {TOKEN}"));
    }

    // A cap of two pages stops before the third request.
    t.reply(
        200,
        &[],
        &page(&[1, 2], Some("https://graph.test/v1.0/groups?$skiptoken=a")),
    )
    .reply(
        200,
        &[],
        &page(&[3, 4], Some("https://graph.test/v1.0/groups?$skiptoken=b")),
    );
    let pages: Vec<_> = groups(&c)
        .call::<decode::List<serde_json::Value>>(Method::GET)
        .max_pages(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].count, Some(5));
    assert_eq!(t.sent().len(), 5);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let t = Scripted::default();
    t.reply(
        200,
        &[],
        r#"{"value":[{"id":"1"}],"@odata.nextLink":"https://evil.test/v1.0/groups?$skiptoken=a"}"#,
    );
    let c = client(&t);
    let err = groups(&c)
        .call::<decode::List<serde_json::Value>>(Method::GET)
        .all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ForeignNextLink { .. }), "{err:?}");
    assert_eq!(t.sent().len(), 1);
    // A base URL that is only a prefix of the host does not count either.
    t.reply(
        200,
        &[],
        r#"{"value":[],"@odata.nextLink":"https://graph.test/v1.0evil/groups"}"#,
    );
    let err = groups(&c)
        .call::<decode::List<serde_json::Value>>(Method::GET)
        .all()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::ForeignNextLink { .. }), "{err:?}");
}

#[tokio::test]
async fn build_errors_surface_when_sent_and_debug_output_hides_the_token() {
    let t = Scripted::default();
    let c = client(&t);
    let err = groups(&c)
        .call::<decode::Empty>(Method::GET)
        .header("bad header", "x")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert!(t.sent().is_empty());

    let call = groups(&c).call::<decode::Empty>(Method::GET);
    let shown = format!("{c:?} {c:#?} {call:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}
