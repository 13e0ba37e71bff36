//! Microsoft Graph's error body: `{"error": {"code", "message", "innerError"}}`.

use serde::{Deserialize, Serialize};

use crate::AdditionalData;

/// The `error` object of a Graph error response.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::GraphError;
///
/// let body = br#"{"error":{"code":"Request_ResourceNotFound","message":"Not there.",
///   "innerError":{"date":"2026-11-23T15:00:00","request-id":"r1","client-request-id":"c1"}}}"#;
/// let e = GraphError::from_body(body).unwrap();
/// assert_eq!(e.code, "Request_ResourceNotFound");
/// assert_eq!(e.inner_error.unwrap().request_id.as_deref(), Some("r1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct GraphError {
    /// A machine-readable code, such as `Request_ResourceNotFound`.
    #[serde(default)]
    pub code: String,
    /// A human-readable message.
    #[serde(default)]
    pub message: String,
    /// Service details: request ids and the time of the failure.
    #[serde(
        rename = "innerError",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<InnerError>,
    /// Other members (`details`, `target`, …), kept as JSON.
    #[serde(flatten)]
    pub additional: AdditionalData,
}

/// The `innerError` object of a Graph error: what a support case needs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct InnerError {
    /// The service's id of the failed request.
    #[serde(
        rename = "request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The `client-request-id` the client sent.
    #[serde(
        rename = "client-request-id",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// When the error happened, as the service wrote it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Other members, kept as JSON.
    #[serde(flatten)]
    pub additional: AdditionalData,
}

impl GraphError {
    /// Parses a response body of the form `{"error": {...}}`; `None` when the
    /// body is not one (empty, HTML, other JSON).
    pub fn from_body(body: &[u8]) -> Option<Self> {
        #[derive(Deserialize)]
        struct Envelope {
            error: GraphError,
        }
        serde_json::from_slice::<Envelope>(body)
            .ok()
            .map(|e| e.error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_error_bodies_are_none() {
        for body in [
            &b""[..],
            b"<html><body>Bad gateway</body></html>",
            b"{}",
            b"[1]",
            br#"{"value":[]}"#,
        ] {
            assert_eq!(GraphError::from_body(body), None);
        }
    }

    #[test]
    fn extra_members_are_kept() {
        let e = GraphError::from_body(
            br#"{"error":{"code":"c","message":"m","details":[{"code":"x"}],"innerError":{"request-id":"r","other":1}}}"#,
        )
        .unwrap();
        assert!(e.additional.contains_key("details"));
        let inner = e.inner_error.unwrap();
        assert_eq!(inner.request_id.as_deref(), Some("r"));
        assert!(inner.additional.contains_key("other"));
    }
}
