//! The transport: the one place that does I/O. Generated code and the client
//! hand it finished `http::Request`s; it returns `http::Response`s with the
//! whole body read (or, for media, read as it arrives).

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use bytes::Bytes;

use crate::body::{ByteStream, MediaBody};
use crate::error::BoxError;

#[cfg(feature = "reqwest")]
mod reqwest_transport;

#[cfg(feature = "reqwest")]
pub use reqwest_transport::ReqwestTransport;

/// A boxed, `Send` future, as trait objects need.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// The client calls it once per attempt, after adding `Authorization`,
/// `client-request-id` and default headers, and applies its timeout around
/// the call. Implement it to use another HTTP stack, or a test double:
///
/// ```
/// use bytes::Bytes;
/// use graphgen_runtime::{BoxFuture, Client, Transport, TransportError};
///
/// #[derive(Debug)]
/// struct Canned;
/// impl Transport for Canned {
///     fn send(
///         &self,
///         request: http::Request<Bytes>,
///     ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
///         assert!(request.headers().contains_key("client-request-id"));
///         Box::pin(async { Ok(http::Response::new(Bytes::from_static(b"7"))) })
///     }
/// }
///
/// let client = Client::builder("https://graph.microsoft.com/v1.0")
///     .transport(Canned)
///     .build()?;
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
pub trait Transport: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and returns the response with its body, or why that
    /// failed.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;

    /// Sends a media request ([`crate::RequestTarget::download`],
    /// [`crate::RequestTarget::upload`]) whose body may be a stream, and
    /// returns the response as soon as its head arrives, its body a stream.
    ///
    /// The default reads the request body into memory, calls
    /// [`send`](Self::send) and gives its body as one chunk: right for a test
    /// double, but a transport for large media should stream both ways, as
    /// [`ReqwestTransport`](crate::ReqwestTransport) does.
    fn send_streaming(
        &self,
        request: http::Request<MediaBody>,
    ) -> BoxFuture<'_, Result<http::Response<ByteStream>, TransportError>> {
        Box::pin(async move {
            let (parts, body) = request.into_parts();
            let body = body.collect().await.map_err(TransportError::new)?;
            let response = self.send(http::Request::from_parts(parts, body)).await?;
            Ok(response.map(|b| MediaBody::from(b).into_stream()))
        })
    }
}

/// Why a transport could not deliver a request or read its response.
///
/// Its message is the whole chain of causes (`error sending request: …:
/// connection reset by peer`), since the first link alone rarely says what
/// happened.
#[derive(Debug)]
pub struct TransportError {
    source: BoxError,
}

impl TransportError {
    /// Wraps the underlying error.
    pub fn new(source: impl Into<BoxError>) -> Self {
        Self {
            source: source.into(),
        }
    }

    /// The underlying error.
    pub fn inner(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.source
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.source)?;
        let mut cause = self.source.source();
        while let Some(c) = cause {
            write!(f, ": {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);
    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("error sending request")
        }
    }
    impl std::error::Error for Outer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn message_is_the_whole_chain() {
        let e = TransportError::new(Outer(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "connection reset by peer",
        )));
        assert_eq!(
            e.to_string(),
            "error sending request: connection reset by peer"
        );
    }
}
