//! The default transport, on `reqwest` with rustls.

use bytes::Bytes;

use super::{BoxFuture, Transport, TransportError};

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

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
            let response = self
                .client
                .execute(request)
                .await
                .map_err(TransportError::new)?;
            let mut builder = http::Response::builder()
                .status(response.status())
                .version(response.version());
            if let Some(headers) = builder.headers_mut() {
                *headers = response.headers().clone();
            }
            let body = response.bytes().await.map_err(TransportError::new)?;
            builder.body(body).map_err(TransportError::new)
        })
    }
}
