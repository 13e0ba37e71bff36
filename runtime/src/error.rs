//! The runtime's error type, and the details of failed HTTP exchanges.

use std::fmt;

use crate::graph_error::GraphError;

/// A boxed error from a transport or token provider.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Everything that can go wrong while building a request, sending it, or
/// reading its response.
///
/// Messages name the method, the URL and the `client-request-id` of a failed
/// exchange, never a header value: the bearer token cannot appear in an error.
///
/// `{}` (`Display`) is the whole story on one line: the request, the status,
/// the service's code and message, the request id, and every cause.
/// `{:?}` (`Debug`, which `main` prints when it returns an error) is short:
/// the variant with the fields that identify the failure, such as
/// `Service { status: 429, code: "TooManyRequests", message: "…",
/// request_id: "…", client_request_id: "…", request: "GET https://…" }`, not
/// the whole exchange and error body.
#[derive(thiserror::Error)]
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
    /// A key is empty where the URL writes it as a path segment of its own
    /// (`…/accessPackages/{id}`): the request would address the collection
    /// itself, so nothing is sent. A service that addresses keys in
    /// parentheses writes an empty string key as `('')` instead.
    #[error(
        "the key after `{collection}` is empty: as a path segment it would address the collection itself"
    )]
    EmptyKey {
        /// The path of the collection the key was for, relative to the base
        /// URL.
        collection: String,
    },
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
    /// The token provider could not give a token; nothing was sent.
    #[error("the token provider failed: {0}")]
    Auth(#[source] BoxError),
    /// No transport is configured (the `reqwest` feature is off and none was
    /// given to [`ClientBuilder::transport`](crate::ClientBuilder::transport)).
    #[error("no HTTP transport: enable the `reqwest` feature or give the client a transport")]
    NoTransport,
    /// The default transport could not be set up (TLS initialisation).
    #[error("the default HTTP transport could not be set up: {0}")]
    TransportSetup(#[source] crate::TransportError),
    /// The request could not be sent or its response not read: connection
    /// refused or dropped, TLS failure, a body cut short.
    #[error("{exchange}: transport error: {source}")]
    Transport {
        /// What was sent.
        exchange: Box<Exchange>,
        /// What the transport reported.
        #[source]
        source: crate::TransportError,
    },
    /// No complete response arrived within the client's timeout.
    #[error("{exchange}: no response within {after:?}")]
    Timeout {
        /// What was sent.
        exchange: Box<Exchange>,
        /// The timeout that expired (per attempt).
        after: std::time::Duration,
    },
    /// The service answered with an error status (after any retries).
    #[error("{0}")]
    Service(Box<ServiceError>),
    /// The response body does not match the expected type.
    #[error(
        "{exchange}: the {status} response does not match the expected type at `{path}`: {source}"
    )]
    Deserialize {
        /// What was sent.
        exchange: Box<Exchange>,
        /// The response status.
        status: http::StatusCode,
        /// The JSON path of the value that failed (`value[3].createdDateTime`),
        /// `.` for the whole document.
        path: String,
        /// What serde reported.
        #[source]
        source: serde_json::Error,
    },
    /// An `@odata.nextLink` points away from the client's service root; it is
    /// not followed, so the token is never sent to another host.
    #[error(
        "{exchange}: refusing to follow @odata.nextLink `{link}`: it is not under the base URL"
    )]
    ForeignNextLink {
        /// The request whose page carried the link.
        exchange: Box<Exchange>,
        /// The link.
        link: String,
    },
    /// A [`Batch`](crate::Batch) could not be made or read: a request outside
    /// the client's service root, a JSON body that is not JSON, a `dependsOn`
    /// on an unknown id or tying more requests together than one `$batch`
    /// holds, or an id asked of a [`BatchResponse`](crate::BatchResponse)
    /// that had no request.
    #[error("invalid batch: {reason}")]
    InvalidBatch {
        /// What is wrong.
        reason: String,
    },
    /// The answer to a `POST /$batch` is not a batch response: not JSON, no
    /// `responses`, an answer missing or twice for an id, or an id that was
    /// not asked.
    #[error("{exchange}: malformed $batch response: {reason}")]
    MalformedBatchResponse {
        /// The `$batch` request.
        exchange: Box<Exchange>,
        /// What is wrong with the answer.
        reason: String,
    },
    /// A delta query's saved link is no longer valid (`410 Gone`: Graph has
    /// dropped the sync state, `syncStateNotFound`/`resyncRequired`). Nothing
    /// can be resumed: start a new round without the link (a full sync) and
    /// save the delta link it ends with.
    #[error(
        "{0}; the delta link has expired: start again with a full delta round (not from the saved link) and save its new delta link"
    )]
    DeltaLinkExpired(Box<ServiceError>),
    /// A large file upload ([`LargeFileUpload`](crate::LargeFileUpload)) could not go on:
    /// its session expired, its source was shorter or longer than declared, or the service
    /// asked for bytes the upload no longer holds.
    #[error("{0}")]
    Upload(Box<crate::UploadError>),
}

impl Error {
    /// The HTTP status of a service or deserialization error.
    pub fn status(&self) -> Option<http::StatusCode> {
        match self {
            Error::Service(e) | Error::DeltaLinkExpired(e) => Some(e.status),
            Error::Deserialize { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The exchange of an error that happened while sending or reading.
    pub fn exchange(&self) -> Option<&Exchange> {
        match self {
            Error::Transport { exchange, .. }
            | Error::Timeout { exchange, .. }
            | Error::Deserialize { exchange, .. }
            | Error::ForeignNextLink { exchange, .. }
            | Error::MalformedBatchResponse { exchange, .. } => Some(exchange),
            Error::Service(e) | Error::DeltaLinkExpired(e) => Some(&e.exchange),
            Error::Upload(e) => e.exchange(),
            _ => None,
        }
    }

    /// The `client-request-id` the client sent: the id to quote in a support
    /// case, with [`request_id`](Self::request_id).
    pub fn client_request_id(&self) -> Option<&str> {
        self.exchange()
            .map(|e| e.client_request_id.as_str())
            .filter(|id| !id.is_empty())
    }

    /// The `request-id` the service gave (response header, or the error
    /// body's `innerError`).
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) | Error::DeltaLinkExpired(e) => e.request_id(),
            _ => None,
        }
    }

    /// Graph's error body of a service error, when there was one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        match self {
            Error::Service(e) | Error::DeltaLinkExpired(e) => e.error.as_ref(),
            _ => None,
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// `GET https://…`: the request of an exchange, in one field.
        struct Request<'a>(&'a Exchange);
        impl fmt::Debug for Request<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "\"{} {}\"", self.0.method, self.0.url)
            }
        }
        /// A cause by its message, as one quoted string.
        struct Message<'a>(&'a dyn fmt::Display);
        impl fmt::Debug for Message<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&self.0.to_string(), f)
            }
        }
        match self {
            Error::Service(e) | Error::DeltaLinkExpired(e) => {
                let name = match self {
                    Error::DeltaLinkExpired(_) => "DeltaLinkExpired",
                    _ => "Service",
                };
                let mut d = f.debug_struct(name);
                d.field("status", &e.status.as_u16());
                match &e.error {
                    Some(g) => {
                        d.field("code", &g.code).field("message", &g.message);
                    }
                    None if e.body.is_empty() => {
                        d.field("body", &"");
                    }
                    None => {
                        let excerpt: String = e.body.chars().take(100).collect();
                        if let Some(kind) = &e.content_type {
                            d.field("content_type", kind);
                        }
                        d.field("body", &excerpt);
                    }
                }
                if let Some(id) = e.request_id() {
                    d.field("request_id", &id);
                }
                d.field("client_request_id", &e.exchange.client_request_id)
                    .field("request", &Request(&e.exchange))
                    .finish()
            }
            Error::Transport { exchange, source } => f
                .debug_struct("Transport")
                .field("source", &Message(source))
                .field("client_request_id", &exchange.client_request_id)
                .field("request", &Request(exchange))
                .finish(),
            Error::Timeout { exchange, after } => f
                .debug_struct("Timeout")
                .field("after", after)
                .field("client_request_id", &exchange.client_request_id)
                .field("request", &Request(exchange))
                .finish(),
            Error::Deserialize {
                exchange,
                status,
                path,
                source,
            } => f
                .debug_struct("Deserialize")
                .field("status", &status.as_u16())
                .field("path", path)
                .field("source", &Message(source))
                .field("request", &Request(exchange))
                .finish(),
            Error::ForeignNextLink { exchange, link } => f
                .debug_struct("ForeignNextLink")
                .field("link", link)
                .field("request", &Request(exchange))
                .finish(),
            Error::InvalidBaseUrl { url, reason } => f
                .debug_struct("InvalidBaseUrl")
                .field("url", url)
                .field("reason", reason)
                .finish(),
            Error::Serialize(e) => f.debug_tuple("Serialize").field(&Message(e)).finish(),
            Error::InvalidRequest(e) => f.debug_tuple("InvalidRequest").field(&Message(e)).finish(),
            Error::EmptyKey { collection } => f
                .debug_struct("EmptyKey")
                .field("collection", collection)
                .finish(),
            Error::InvalidDuration { value, reason } => f
                .debug_struct("InvalidDuration")
                .field("value", value)
                .field("reason", reason)
                .finish(),
            Error::InvalidBase64 { reason } => f
                .debug_struct("InvalidBase64")
                .field("reason", reason)
                .finish(),
            Error::Auth(e) => f.debug_tuple("Auth").field(&Message(e)).finish(),
            Error::InvalidBatch { reason } => f
                .debug_struct("InvalidBatch")
                .field("reason", reason)
                .finish(),
            Error::MalformedBatchResponse { exchange, reason } => f
                .debug_struct("MalformedBatchResponse")
                .field("reason", reason)
                .field("client_request_id", &exchange.client_request_id)
                .field("request", &Request(exchange))
                .finish(),
            Error::NoTransport => f.write_str("NoTransport"),
            Error::TransportSetup(e) => f.debug_tuple("TransportSetup").field(&Message(e)).finish(),
            Error::Upload(e) => f.debug_tuple("Upload").field(e).finish(),
        }
    }
}

/// One HTTP exchange as errors report it: method, URL, the
/// `client-request-id` sent, and how many attempts were made. Headers are
/// never kept (the `Authorization` header holds a secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exchange {
    /// The request method.
    pub method: http::Method,
    /// The full request URL.
    pub url: String,
    /// The `client-request-id` header sent with every attempt (empty when
    /// none was: [`ClientBuilder::client_request_ids`](crate::ClientBuilder::client_request_ids)
    /// off and none set by the caller).
    pub client_request_id: String,
    /// Attempts made, counting the first.
    pub attempts: u32,
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.url)?;
        match (self.client_request_id.as_str(), self.attempts) {
            ("", 0 | 1) => Ok(()),
            ("", n) => write!(f, " ({n} attempts)"),
            (id, 0 | 1) => write!(f, " (client-request-id {id})"),
            (id, n) => write!(f, " (client-request-id {id}, {n} attempts)"),
        }
    }
}

/// An error status from the service, with Graph's error body when it sent
/// one.
#[derive(Clone, Debug)]
pub struct ServiceError {
    /// What was sent.
    pub exchange: Exchange,
    /// The response status.
    pub status: http::StatusCode,
    /// The `request-id` response header.
    pub request_id_header: Option<String>,
    /// The `Retry-After` response header, as sent.
    pub retry_after: Option<String>,
    /// The parsed `{"error": {...}}` body, when the body was one.
    pub error: Option<GraphError>,
    /// The body as text (at most 1 KiB, lossily decoded) when it was not a
    /// Graph error body; empty for an empty body.
    pub body: String,
    /// The response `Content-Type`, if any.
    pub content_type: Option<String>,
}

impl ServiceError {
    /// The service's `request-id`: the response header, else the error
    /// body's `innerError.request-id`.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id_header.as_deref().or_else(|| {
            self.error
                .as_ref()
                .and_then(|e| e.inner_error.as_ref())
                .and_then(|i| i.request_id.as_deref())
        })
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.exchange, self.status)?;
        match &self.error {
            Some(e) => write!(f, ": {}: {}", e.code, e.message)?,
            None if self.body.is_empty() => f.write_str(": empty response body")?,
            None => {
                let kind = self.content_type.as_deref().unwrap_or("no Content-Type");
                let mut excerpt: String = self.body.chars().take(200).collect();
                excerpt = excerpt.split_whitespace().collect::<Vec<_>>().join(" ");
                write!(f, ": non-JSON error body ({kind}): {excerpt}")?;
            }
        }
        if let Some(id) = self.request_id() {
            write!(f, " [request-id {id}]")?;
        }
        Ok(())
    }
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

    fn exchange() -> super::Exchange {
        super::Exchange {
            method: http::Method::GET,
            url: "https://graph.microsoft.com/v1.0/groups/1".into(),
            client_request_id: "6f0c6d2e-0000-4000-8000-000000000001".into(),
            attempts: 3,
        }
    }

    #[test]
    fn debug_is_short_and_keeps_status_request_id_and_message() {
        let body = br#"{"error":{"code":"TooManyRequests","message":"Too many requests.",
            "innerError":{"date":"2026-11-23T15:00:00","request-id":"1d2b-req",
            "client-request-id":"6f0c"},"details":[{"code":"a","message":"long detail"}],
            "target":"groups"}}"#;
        let e = Error::Service(Box::new(super::ServiceError {
            exchange: exchange(),
            status: http::StatusCode::TOO_MANY_REQUESTS,
            request_id_header: None,
            retry_after: Some("7".into()),
            error: crate::GraphError::from_body(body),
            body: String::new(),
            content_type: Some("application/json".into()),
        }));
        let debug = format!("{e:?}");
        assert_eq!(
            debug,
            "Service { status: 429, code: \"TooManyRequests\", message: \"Too many requests.\", \
             request_id: \"1d2b-req\", client_request_id: \"6f0c6d2e-0000-4000-8000-000000000001\", \
             request: \"GET https://graph.microsoft.com/v1.0/groups/1\" }"
        );
        // What `main` printed before: the exchange, the error body with its details and
        // inner error, all of it.
        assert!(
            !debug.contains("long detail") && !debug.contains("attempts"),
            "{debug}"
        );
        // The pretty form is the same fields, one per line.
        assert_eq!(format!("{e:#?}").lines().count(), 8);
    }

    #[test]
    fn debug_of_a_transport_error_names_its_cause() {
        let e = Error::Transport {
            exchange: Box::new(exchange()),
            source: crate::TransportError::new("connection refused"),
        };
        assert_eq!(
            format!("{e:?}"),
            "Transport { source: \"connection refused\", client_request_id: \
             \"6f0c6d2e-0000-4000-8000-000000000001\", request: \
             \"GET https://graph.microsoft.com/v1.0/groups/1\" }"
        );
        let e = Error::InvalidBaseUrl {
            url: "ftp://x".into(),
            reason: "the scheme must be http or https".into(),
        };
        assert_eq!(
            format!("{e:?}"),
            "InvalidBaseUrl { url: \"ftp://x\", reason: \"the scheme must be http or https\" }"
        );
    }
}
