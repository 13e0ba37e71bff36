//! Assembly of `http::Request` values: the one place that sets headers.

use http::header::{ACCEPT, CONTENT_TYPE, HeaderName};
use http::{Method, Request};

use crate::Error;

/// The media type of OData JSON payloads.
pub(crate) const APPLICATION_JSON: &str = "application/json";

/// The media type of `$count` and other raw-value responses.
pub(crate) const TEXT_PLAIN: &str = "text/plain";

/// `ConsistencyLevel`, which Microsoft Graph requires for `$count` on
/// directory objects.
pub(crate) const CONSISTENCY_LEVEL: HeaderName = HeaderName::from_static("consistencylevel");

/// A header name and value from text, for the builders' `header` methods.
pub(crate) fn header_pair(
    name: String,
    value: String,
) -> Result<(HeaderName, http::HeaderValue), Error> {
    let name = HeaderName::try_from(name).map_err(http::Error::from)?;
    let value = http::HeaderValue::try_from(value).map_err(http::Error::from)?;
    Ok((name, value))
}

/// A request body and its media type.
pub(crate) struct Body<'a> {
    /// The `Content-Type` header value.
    pub(crate) content_type: &'a str,
    /// The encoded body.
    pub(crate) bytes: Vec<u8>,
}

/// Builds a request for `url` with an `Accept` header, any extra headers, and
/// an optional body (an empty body and no `Content-Type` when `None`).
pub(crate) fn build(
    method: Method,
    url: &str,
    accept: &str,
    extra_headers: &[(HeaderName, &str)],
    body: Option<Body<'_>>,
) -> Result<Request<Vec<u8>>, Error> {
    let mut builder = Request::builder()
        .method(method)
        .uri(url)
        .header(ACCEPT, accept);
    for (name, value) in extra_headers {
        builder = builder.header(name, *value);
    }
    let bytes = match body {
        Some(Body {
            content_type,
            bytes,
        }) => {
            builder = builder.header(CONTENT_TYPE, content_type);
            bytes
        }
        None => Vec::new(),
    };
    Ok(builder.body(bytes)?)
}

/// Serializes a JSON body compactly.
pub(crate) fn json_body<B: serde::Serialize + ?Sized>(body: &B) -> Result<Body<'static>, Error> {
    Ok(Body {
        content_type: APPLICATION_JSON,
        bytes: serde_json::to_vec(body).map_err(Error::Serialize)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_without_body_sets_only_accept() {
        let req = build(Method::GET, "https://x.test/a", TEXT_PLAIN, &[], None).unwrap();
        assert_eq!(req.method(), Method::GET);
        assert_eq!(req.uri(), "https://x.test/a");
        assert_eq!(req.headers().len(), 1);
        assert_eq!(req.headers()[ACCEPT], TEXT_PLAIN);
        assert!(req.body().is_empty());
    }

    #[test]
    fn build_with_body_and_extra_header() {
        let body = json_body(&serde_json::json!({"a": 1})).unwrap();
        let req = build(
            Method::POST,
            "https://x.test/a",
            APPLICATION_JSON,
            &[(CONSISTENCY_LEVEL, "eventual")],
            Some(body),
        )
        .unwrap();
        assert_eq!(req.headers()[CONTENT_TYPE], APPLICATION_JSON);
        assert_eq!(req.headers()["ConsistencyLevel"], "eventual");
        assert_eq!(req.body(), br#"{"a":1}"#);
    }

    #[test]
    fn invalid_parts_are_errors_not_panics() {
        let err = build(
            Method::GET,
            "https://x.test/a b",
            APPLICATION_JSON,
            &[],
            None,
        );
        assert!(matches!(err, Err(Error::InvalidRequest(_))));
        let err = build(Method::GET, "https://x.test/", "bad\nvalue", &[], None);
        assert!(matches!(err, Err(Error::InvalidRequest(_))));
    }

    #[test]
    fn unserializable_body_is_an_error() {
        use std::collections::BTreeMap;
        let mut map = BTreeMap::new();
        map.insert(vec![1_u8], 1);
        assert!(matches!(json_body(&map), Err(Error::Serialize(_))));
    }
}
