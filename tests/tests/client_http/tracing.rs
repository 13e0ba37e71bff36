//! The runtime's `tracing` feature: a capturing layer records every span and event while
//! the generated client and hand-made requests run against the local server, and the test
//! reads the `graph.request` spans' fields (method, URL template, status, attempt, request
//! id) and the `graph.retry` events of a throttled call, and looks for the bearer token, a
//! `$filter` value, an id and a body value in everything recorded.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use ::tracing::field::{Field, Visit};
use ::tracing::span::{Attributes, Id, Record};
use ::tracing::{Event, Subscriber};
use graphgen_runtime::RequestTarget;
use graphgen_tests::server::RetryAfter;
use serde_json::json;
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

use crate::support::{TOKEN, assert_no_token, runtime_client, server, v1, v1_packages};

/// A span as recorded: its name and fields (those recorded later included).
#[derive(Clone, Debug)]
struct SpanRecord {
    name: String,
    fields: BTreeMap<String, String>,
}

/// An event as recorded: its name, fields, and the index of its span.
#[derive(Clone, Debug)]
struct EventRecord {
    name: String,
    span: Option<usize>,
    fields: BTreeMap<String, String>,
}

/// What the layer saw.
#[derive(Debug, Default)]
struct Captured {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
}

/// A layer that keeps every span and event; spans are numbered in the order they open
/// (the registry reuses ids).
#[derive(Clone, Debug, Default)]
struct Capture(Arc<Mutex<Captured>>);

/// A span's number in [`Captured::spans`], kept in the span's extensions.
struct Index(usize);

/// Field values as text.
struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Capture {
    fn lock(&self) -> std::sync::MutexGuard<'_, Captured> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The `graph.request` spans, in the order they opened.
    fn calls(&self) -> Vec<SpanRecord> {
        let captured = self.lock();
        let calls = captured.spans.iter().filter(|s| s.name == "graph.request");
        calls.cloned().collect()
    }

    /// Everything recorded, as one text to search.
    fn everything(&self) -> String {
        format!("{:?}", self.lock())
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut captured = self.lock();
        captured.spans.push(SpanRecord {
            name: attrs.metadata().name().to_owned(),
            fields,
        });
        if let Some(span) = ctx.span(id) {
            span.extensions_mut()
                .insert(Index(captured.spans.len() - 1));
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(id) else { return };
        let Some(Index(i)) = span.extensions().get::<Index>().map(|i| Index(i.0)) else {
            return;
        };
        values.record(&mut Fields(&mut self.lock().spans[i].fields));
    }

    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        let span = ctx
            .event_span(event)
            .and_then(|s| s.extensions().get::<Index>().map(|i| i.0));
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.lock().events.push(EventRecord {
            name: event.metadata().name().to_owned(),
            span,
            fields,
        });
    }
}

/// The field `name` of `span`, which must be there.
fn field<'a>(span: &'a SpanRecord, name: &str) -> &'a str {
    match span.fields.get(name) {
        Some(value) => value,
        None => panic!("no `{name}` in {span:?}"),
    }
}

const PACKAGES: &str = "/identityGovernance/entitlementManagement/accessPackages";

#[tokio::test]
async fn every_call_is_a_span_with_its_template_status_attempt_and_request_id() {
    let capture = Capture::default();
    let _default =
        ::tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    let server = server().await;
    let id = server
        .store()
        .insert_access_package_raw(json!({"displayName": "Project Heron body value"}));
    let client = v1(&server);
    let packages = v1_packages(&client);

    // 1: a read by key.
    packages.by_id(&id).get().await.expect("the package");
    // 2: a filtered list, throttled once (Retry-After: 0), then served.
    server.faults().throttle_next(1, RetryAfter::Seconds(0));
    packages
        .list()
        .filter("displayName eq 'Falcon-filter-value'")
        .await
        .expect("a page");
    // 3: a 404 by key: the error and the span name the same request id.
    let missing = packages
        .by_id("missing-id-5c2e")
        .get()
        .await
        .expect_err("404");
    assert_no_token(&missing);
    // 4: a request made by a runtime builder and sent by hand keeps its template; 5: one
    // made with http's builder has none.
    server.store().add_group("group-id-81f0", "Sales");
    let runtime = runtime_client(&server, "v1.0");
    let request = RequestTarget::root(&runtime)
        .segment("groups")
        .key("group-id-81f0")
        .request(http::Method::GET)
        .expect("request");
    runtime.send(request).await.expect("the group");
    let by_hand = http::Request::get(format!("{}/groups", server.base_url("v1.0")))
        .body(Vec::new())
        .expect("request");
    runtime.send(by_hand).await.expect("the groups");

    let calls = capture.calls();
    assert_eq!(calls.len(), 5, "{calls:#?}");
    let templates: Vec<&str> = calls.iter().map(|c| field(c, "url.template")).collect();
    assert_eq!(
        templates,
        [
            format!("{PACKAGES}/{{key}}").as_str(),
            PACKAGES,
            &format!("{PACKAGES}/{{key}}"),
            "/groups/{key}",
            "{unknown}",
        ]
    );
    let summary: Vec<(&str, &str, &str)> = calls
        .iter()
        .map(|c| {
            (
                field(c, "http.request.method"),
                field(c, "http.response.status_code"),
                field(c, "attempt"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("GET", "200", "1"),
            ("GET", "200", "2"),
            ("GET", "404", "1"),
            ("GET", "200", "1"),
            ("GET", "200", "1"),
        ]
    );
    assert_eq!(Some(field(&calls[2], "request_id")), missing.request_id());
    assert_eq!(
        Some(field(&calls[2], "client_request_id")),
        missing.client_request_id()
    );
    for call in &calls {
        let request_id = field(call, "request_id");
        assert!(uuid::Uuid::parse_str(request_id).is_ok(), "{request_id}");
    }
    let request_ids: std::collections::BTreeSet<&str> =
        calls.iter().map(|c| field(c, "request_id")).collect();
    assert_eq!(request_ids.len(), calls.len(), "one request id per call");

    // The throttled call's wait is one event in its span.
    let captured = capture.lock();
    let list_span = captured
        .spans
        .iter()
        .position(|s| {
            s.name == "graph.request" && s.fields.get("attempt").is_some_and(|a| a == "2")
        })
        .expect("the list's span");
    let retries: Vec<&EventRecord> = captured
        .events
        .iter()
        .filter(|e| e.name == "graph.retry")
        .collect();
    assert_eq!(retries.len(), 1, "{retries:#?}");
    let retry = retries[0];
    assert_eq!(retry.span, Some(list_span));
    assert_eq!(retry.fields["attempt"], "1");
    assert_eq!(retry.fields["http.response.status_code"], "429");
    assert_eq!(retry.fields["throttled"], "true");
    assert_eq!(retry.fields["wait_ms"], "0");
    drop(captured);

    // No token, query value, id or body shows anywhere.
    let everything = capture.everything();
    for secret in [
        TOKEN,
        "Falcon-filter-value",
        "Falcon",
        "$filter",
        id.as_str(),
        "missing-id-5c2e",
        "group-id-81f0",
        "Project Heron",
        "Sales",
    ] {
        assert!(!everything.contains(secret), "`{secret}` in {everything}");
    }
}
