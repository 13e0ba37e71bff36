//! Tracing (feature `tracing`): every call is a span, every retry an event.
//!
//! A call's span is `graph.request` at `INFO`, with these fields:
//!
//! | field | value |
//! | --- | --- |
//! | `http.request.method` | `GET`, `POST`, … |
//! | `url.template` | the path relative to the base URL with keys and function parameters as placeholders and no query: `/identityGovernance/entitlementManagement/accessPackages/{key}` |
//! | `client_request_id` | the `client-request-id` the client sent |
//! | `attempt` | the number of the latest attempt (1 for the first) |
//! | `http.response.status_code` | the status of the last response |
//! | `request_id` | the `request-id` header Graph returned |
//!
//! Each wait before a retry is a `WARN` event `graph.retry` in the span with `attempt` (the
//! attempt that failed), `http.response.status_code`, `wait_ms`, and `throttled` (`true` for
//! `429`, whose wait is Graph's throttling). Token fetches happen inside the span, so a token
//! provider's own events (`azure_identity`'s) belong to the call.
//!
//! Neither the expanded URL (with ids and `$filter` values), headers (the bearer token) nor
//! bodies are ever recorded. Requests made by hand (`http::Request` given to
//! [`Client::send`](crate::Client::send)) carry their template when a runtime builder made
//! them; otherwise the template is `{unknown}`.
//!
//! Without the feature, [`UrlTemplate`] and [`CallSpan`] are empty types whose methods do
//! nothing, so the runtime neither depends on `tracing` nor builds templates.

use std::future::Future;

use http::{HeaderMap, Method, StatusCode};

/// The `url.template` of a target: its path with placeholders for the values a caller
/// chose. Carried from [`RequestTarget`](crate::RequestTarget) to the [`Call`](crate::Call)
/// and to `http::Request` extensions.
///
/// It is built only when a subscriber listens at `INFO` as the target is started (otherwise
/// one atomic load, so the feature costs next to nothing while nobody listens); a call made
/// from a target started before a subscriber listened has the template `{unknown}`.
#[cfg(feature = "tracing")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UrlTemplate(Option<String>);

/// Without the `tracing` feature: nothing.
#[cfg(not(feature = "tracing"))]
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct UrlTemplate(());

#[cfg(feature = "tracing")]
impl Default for UrlTemplate {
    /// The service root's template (`/`), or none while no subscriber listens at `INFO`.
    fn default() -> Self {
        let listening = tracing::level_filters::LevelFilter::current() >= tracing::Level::INFO;
        Self(listening.then(String::new))
    }
}

#[cfg(feature = "tracing")]
impl UrlTemplate {
    /// `/name`, as the path writes it (names are part of the API, not data).
    pub(crate) fn segment(&mut self, encoded: &str) {
        if let Some(t) = &mut self.0 {
            t.push('/');
            t.push_str(encoded);
        }
    }

    /// `/` and the part `range` of `path` (a segment as the path wrote it).
    pub(crate) fn segment_of(&mut self, path: &str, range: std::ops::Range<usize>) {
        self.segment(&path[range]);
    }

    /// A parameter list, `(name={name},…)`, a part with an empty name as `{key}`.
    pub(crate) fn params<'a>(&mut self, names: impl Iterator<Item = &'a str>) {
        let Some(t) = &mut self.0 else { return };
        t.push('(');
        for (i, name) in names.enumerate() {
            if i > 0 {
                t.push(',');
            }
            if name.is_empty() {
                t.push_str("{key}");
            } else {
                crate::encode::push_name(t, name);
                t.push_str("={");
                crate::encode::push_name(t, name);
                t.push('}');
            }
        }
        t.push(')');
    }

    /// The template, `/` for the service root, `{unknown}` when none was built.
    pub(crate) fn as_str(&self) -> &str {
        match self.0.as_deref() {
            None => "{unknown}",
            Some("") => "/",
            Some(t) => t,
        }
    }
}

#[cfg(not(feature = "tracing"))]
impl UrlTemplate {
    /// Nothing: templates are only built for tracing.
    #[inline(always)]
    pub(crate) fn segment(&mut self, _encoded: &str) {}

    /// Nothing.
    #[inline(always)]
    pub(crate) fn segment_of(&mut self, _path: &str, _range: std::ops::Range<usize>) {}

    /// Nothing.
    #[inline(always)]
    pub(crate) fn params<'a>(&mut self, _names: impl Iterator<Item = &'a str>) {}
}

/// Attaches `template` to a request made by a builder, for [`Client::send`](crate::Client::send).
#[inline(always)]
pub(crate) fn attach<B>(request: &mut http::Request<B>, template: &UrlTemplate) {
    #[cfg(feature = "tracing")]
    request.extensions_mut().insert(template.clone());
    #[cfg(not(feature = "tracing"))]
    let _ = (request, template);
}

/// The template attached to a request by [`attach`], if any.
#[inline(always)]
pub(crate) fn attached(extensions: &http::Extensions) -> UrlTemplate {
    #[cfg(feature = "tracing")]
    {
        extensions
            .get::<UrlTemplate>()
            .cloned()
            .unwrap_or(UrlTemplate(None))
    }
    #[cfg(not(feature = "tracing"))]
    {
        let _ = extensions;
        UrlTemplate(())
    }
}

/// The span of one call.
#[cfg(feature = "tracing")]
#[derive(Clone, Debug)]
pub(crate) struct CallSpan(tracing::Span);

/// Without the `tracing` feature: nothing.
#[cfg(not(feature = "tracing"))]
#[derive(Clone, Debug)]
pub(crate) struct CallSpan(());

/// The `request-id` response header.
#[cfg(feature = "tracing")]
const REQUEST_ID: http::HeaderName = http::HeaderName::from_static("request-id");

#[cfg(feature = "tracing")]
impl CallSpan {
    /// Opens the span of a call (recorded fields come later).
    pub(crate) fn new(method: &Method, template: &UrlTemplate, client_request_id: &str) -> Self {
        use tracing::field::Empty;
        Self(tracing::info_span!(
            "graph.request",
            http.request.method = %method,
            url.template = template.as_str(),
            client_request_id,
            attempt = Empty,
            http.response.status_code = Empty,
            request_id = Empty,
        ))
    }

    /// Runs `future` inside the span.
    pub(crate) fn instrument<F: Future>(
        &self,
        future: F,
    ) -> impl Future<Output = F::Output> + use<F> {
        tracing::Instrument::instrument(future, self.0.clone())
    }

    /// Attempt `n` starts.
    pub(crate) fn attempt(&self, n: u32) {
        if !self.0.is_disabled() {
            self.0.record("attempt", n);
        }
    }

    /// A response arrived: its status and Graph's `request-id`.
    pub(crate) fn response(&self, status: StatusCode, headers: &HeaderMap) {
        if self.0.is_disabled() {
            return;
        }
        self.0.record("http.response.status_code", status.as_u16());
        if let Some(id) = headers.get(REQUEST_ID).and_then(|v| v.to_str().ok()) {
            self.0.record("request_id", id);
        }
    }

    /// The client waits `wait` before retrying after attempt `attempt` got `status`.
    pub(crate) fn retry(&self, attempt: u32, status: StatusCode, wait: std::time::Duration) {
        let wait_ms = u64::try_from(wait.as_millis()).unwrap_or(u64::MAX);
        tracing::event!(
            name: "graph.retry",
            parent: &self.0,
            tracing::Level::WARN,
            attempt,
            http.response.status_code = status.as_u16(),
            wait_ms,
            throttled = status == StatusCode::TOO_MANY_REQUESTS,
            "waiting before retrying",
        );
    }
}

#[cfg(not(feature = "tracing"))]
impl CallSpan {
    /// Nothing.
    #[inline(always)]
    pub(crate) fn new(_method: &Method, _template: &UrlTemplate, _client_request_id: &str) -> Self {
        Self(())
    }

    /// `future` itself.
    #[inline(always)]
    pub(crate) fn instrument<F: Future>(&self, future: F) -> F {
        future
    }

    /// Nothing.
    #[inline(always)]
    pub(crate) fn attempt(&self, _n: u32) {}

    /// Nothing.
    #[inline(always)]
    pub(crate) fn response(&self, _status: StatusCode, _headers: &HeaderMap) {}

    /// Nothing.
    #[inline(always)]
    pub(crate) fn retry(&self, _attempt: u32, _status: StatusCode, _wait: std::time::Duration) {}
}

#[cfg(all(test, feature = "tracing"))]
mod tests {
    use crate::{Client, KeyStyle, Literal, RequestTarget};

    fn template(t: &RequestTarget) -> &str {
        t.template().as_str()
    }

    /// Runs `f` while a subscriber listens (templates are built only then).
    fn listening(f: impl FnOnce()) {
        tracing::subscriber::with_default(tracing_subscriber::registry(), f);
    }

    #[test]
    fn templates_keep_names_and_hide_keys_and_parameters() {
        listening(templates_keep_names_and_hide_keys_and_parameters_while_listening);
    }

    fn templates_keep_names_and_hide_keys_and_parameters_while_listening() {
        let client = Client::new("https://graph.microsoft.com/v1.0").expect("client");
        let root = RequestTarget::root(&client);
        assert_eq!(template(&root), "/");
        let package = root
            .segment("identityGovernance")
            .segment("entitlementManagement")
            .segment("accessPackages")
            .key("73eb2497-3b88-4c0a-8bb3-68ba8162beff");
        assert_eq!(
            template(&package),
            "/identityGovernance/entitlementManagement/accessPackages/{key}"
        );
        let by_name = root
            .segment("accessPackages")
            .key_parens(&[("uniqueName", Literal::from("O'Neil team"))]);
        assert_eq!(
            template(&by_name),
            "/accessPackages(uniqueName={uniqueName})"
        );
        let people = root.with_key_style(KeyStyle::Parentheses).segment("People");
        assert_eq!(template(&people.key("russell")), "/People({key})");
        let report = root.segment("reports").function_call(
            "getEmailActivityUserDetail",
            &[
                ("period", Literal::from("D7")),
                ("colors", Literal::json(serde_json::json!(["red"]))),
            ],
        );
        assert_eq!(
            template(&report),
            "/reports/getEmailActivityUserDetail(period={period},colors={colors})"
        );
        assert_eq!(template(&root.function_call("delta", &[])), "/delta()");
        assert_eq!(
            template(&root.segment("users").raw_segment("{id}/photo")),
            "/users/{raw}"
        );
        assert_eq!(
            template(&root.segment("a b").segment("$count")),
            "/a%20b/$count"
        );
    }

    #[test]
    fn requests_carry_the_template_and_calls_keep_it_for_the_next_page() {
        listening(requests_carry_the_template_while_listening);
    }

    fn requests_carry_the_template_while_listening() {
        let client = Client::new("https://graph.microsoft.com/v1.0").expect("client");
        let groups = RequestTarget::root(&client).segment("groups").key("g-1");
        let request = groups.request(http::Method::GET).expect("request");
        assert_eq!(
            super::attached(request.extensions()).as_str(),
            "/groups/{key}"
        );
        let call = groups.call::<crate::decode::Json<serde_json::Value>>(http::Method::GET);
        let request = call.request().expect("request");
        assert_eq!(
            super::attached(request.extensions()).as_str(),
            "/groups/{key}"
        );
        let by_hand = http::Request::new(());
        assert_eq!(super::attached(by_hand.extensions()).as_str(), "{unknown}");
    }
}
