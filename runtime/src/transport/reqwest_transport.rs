//! The default transport, on `reqwest` with rustls.

use bytes::Bytes;
use futures_util::TryStreamExt as _;

use super::{BoxFuture, Transport, TransportError};
use crate::body::{ByteStream, MediaBody};

/// A [`Transport`] on a `reqwest::Client` (HTTP/1.1 and HTTP/2, rustls with
/// the platform's trust store). Redirects are not followed: Graph answers
/// `302` only for downloads, which callers read themselves.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with reqwest's defaults, except redirects.
    ///
    /// # Errors
    ///
    /// What `reqwest` reports when TLS cannot be set up.
    pub fn new() -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(TransportError::new)?;
        Ok(Self { client })
    }

    /// A transport on a `reqwest::Client` configured by the caller (proxy,
    /// pool, TLS roots).
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client }
    }
}

impl ReqwestTransport {
    /// Executes `request`: the response with its head read.
    async fn execute<B: Into<reqwest::Body>>(
        &self,
        request: http::Request<B>,
    ) -> Result<(http::response::Builder, reqwest::Response), TransportError> {
        let request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
        let mut response = self
            .client
            .execute(request)
            .await
            .map_err(TransportError::new)?;
        let mut builder = http::Response::builder()
            .status(response.status())
            .version(response.version());
        if let Some(headers) = builder.headers_mut() {
            // Taken, not cloned: reading the body needs none of them.
            *headers = std::mem::take(response.headers_mut());
        }
        Ok((builder, response))
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let (builder, response) = self.execute(request).await?;
            let body = response.bytes().await.map_err(TransportError::new)?;
            builder.body(body).map_err(TransportError::new)
        })
    }

    /// Streams both ways: the request body is read as it is sent, and the
    /// response is returned when its head arrives.
    fn send_streaming(
        &self,
        request: http::Request<MediaBody>,
    ) -> BoxFuture<'_, Result<http::Response<ByteStream>, TransportError>> {
        Box::pin(async move {
            let request = request.map(|body| match body.as_bytes() {
                Some(b) => reqwest::Body::from(b.clone()),
                None => reqwest::Body::wrap_stream(body.into_stream()),
            });
            let (builder, response) = self.execute(request).await?;
            let stream: ByteStream = Box::pin(response.bytes_stream().map_err(Into::into));
            builder.body(stream).map_err(TransportError::new)
        })
    }
}
