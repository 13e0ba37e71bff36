//! The runtime's error type.

/// Everything that can go wrong while building a request or parsing a value.
///
/// The enum is `#[non_exhaustive]`: sending requests (a later layer) adds
/// variants for transport and service errors.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The base URL given to [`Client::new`](crate::Client::new) is not an
    /// absolute `http`/`https` URL.
    #[error("invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The URL as it was given.
        url: String,
        /// Why it was rejected.
        reason: String,
    },
    /// The request body could not be serialized to JSON.
    #[error("failed to serialize the request body to JSON: {0}")]
    Serialize(#[source] serde_json::Error),
    /// The HTTP request could not be assembled (an invalid URI or header value).
    #[error("failed to build the HTTP request: {0}")]
    InvalidRequest(#[from] http::Error),
    /// A text is not a valid ISO 8601 / `Edm.Duration` value.
    #[error("invalid duration `{value}`: {reason}")]
    InvalidDuration {
        /// The text as it was given.
        value: String,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// A text is not valid base64 (standard or URL-safe, padded or not).
    #[error("invalid base64 text: {reason}")]
    InvalidBase64 {
        /// What the decoder reported.
        reason: String,
    },
}

#[cfg(test)]
mod tests {
    use super::Error;

    #[test]
    fn messages_name_the_input_and_the_reason() {
        let e = Error::InvalidBaseUrl {
            url: "ftp://x".into(),
            reason: "the scheme must be http or https".into(),
        };
        assert_eq!(
            e.to_string(),
            "invalid base URL `ftp://x`: the scheme must be http or https"
        );
        let e = Error::InvalidDuration {
            value: "P".into(),
            reason: "no component",
        };
        assert_eq!(e.to_string(), "invalid duration `P`: no component");
    }

    #[test]
    fn serialize_error_keeps_its_source() {
        use std::error::Error as _;
        let json_err = serde_json::from_str::<u8>("x").unwrap_err();
        let e = Error::Serialize(json_err);
        assert!(e.source().is_some());
        assert!(e.to_string().starts_with("failed to serialize"));
    }

    #[test]
    fn error_is_send_sync_static() {
        fn assert_bounds<T: std::error::Error + Send + Sync + 'static>() {}
        assert_bounds::<Error>();
        let e = Error::InvalidBase64 {
            reason: "Invalid padding".into(),
        };
        assert_eq!(e.to_string(), "invalid base64 text: Invalid padding");
    }

    #[test]
    fn http_error_converts() {
        let http_err = http::Request::builder()
            .uri("http://a b")
            .body(())
            .unwrap_err();
        let e = Error::from(http_err);
        assert!(matches!(e, Error::InvalidRequest(_)));
        assert!(
            e.to_string()
                .starts_with("failed to build the HTTP request: ")
        );
    }
}
