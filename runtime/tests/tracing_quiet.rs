//! The `tracing` feature while nobody listens: a URL template is built only when a
//! subscriber listens at `INFO` as a target is started, so a call made from a target started
//! earlier is traced as `{unknown}`, and one started while listening has its template.
//!
//! Its own test binary with one test: whether anybody listens is process-wide in `tracing`,
//! so no other test may install a subscriber first.
#![cfg(feature = "tracing")]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use bytes::Bytes;
use graphgen_runtime::{BoxFuture, Client, RequestTarget, Transport, TransportError, decode};
use tracing::Subscriber;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};

/// Answers every request `200 {}` at once.
#[derive(Debug)]
struct Ok200;

impl Transport for Ok200 {
    fn send(
        &self,
        _request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async { Ok(http::Response::new(Bytes::from_static(b"{}"))) })
    }
}

/// The `url.template` of every `graph.request` span, in the order they opened.
#[derive(Clone, Debug, Default)]
struct Templates(Arc<Mutex<Vec<String>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: Subscriber> Layer<S> for Templates {
    fn on_new_span(&self, attrs: &Attributes<'_>, _id: &Id, _ctx: Context<'_, S>) {
        if attrs.metadata().name() != "graph.request" {
            return;
        }
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let template = fields.remove("url.template").unwrap_or_default();
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(template);
    }
}

#[tokio::test]
async fn templates_are_built_only_for_targets_started_while_a_subscriber_listens() {
    let client = Client::builder("https://graph.test/v1.0")
        .transport(Ok200)
        .build()
        .expect("a client");
    let get = |t: &RequestTarget| t.call::<decode::Json<serde_json::Value>>(http::Method::GET);
    // Started before anybody listens.
    let quiet = RequestTarget::root(&client).segment("groups").key("g-1");

    let templates = Templates::default();
    let _listening =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(templates.clone()));
    let heard = RequestTarget::root(&client).segment("groups").key("g-1");
    get(&quiet).await.expect("the quiet call");
    get(&heard).await.expect("the heard call");

    let seen = templates
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert_eq!(seen, ["{unknown}", "/groups/{key}"]);
}
