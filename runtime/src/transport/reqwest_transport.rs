//! The default transport, on `reqwest` with rustls.

use bytes::Bytes;
use futures_util::TryStreamExt as _;
use http::header::CONTENT_LENGTH;
use http::{HeaderValue, Method};

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
    /// Executes a request of `head` with `body` (`None`: none at all, as for a `GET`): the
    /// response with its head read.
    async fn execute(
        &self,
        head: http::request::Parts,
        body: Option<reqwest::Body>,
    ) -> Result<(http::response::Builder, reqwest::Response), TransportError> {
        let url = reqwest::Url::parse(&uri_text(&head.uri)).map_err(TransportError::new)?;
        let mut request = reqwest::Request::new(head.method, url);
        *request.headers_mut() = head.headers;
        *request.version_mut() = head.version;
        *request.body_mut() = body;
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
            let (mut head, body) = request.into_parts();
            let body = in_memory(&mut head, body);
            let (builder, response) = self.execute(head, body).await?;
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
            let (mut head, body) = request.into_parts();
            let body = match body.as_bytes() {
                Some(b) => in_memory(&mut head, b.clone()),
                None => Some(reqwest::Body::wrap_stream(body.into_stream())),
            };
            let (builder, response) = self.execute(head, body).await?;
            let stream: ByteStream = Box::pin(response.bytes_stream().map_err(Into::into));
            builder.body(stream).map_err(TransportError::new)
        })
    }
}

/// The body of a request held in memory: none at all when it is empty, and then, for a method
/// that gives content a meaning, `Content-Length: 0` (RFC 9110 §8.6: hyper writes no length
/// for an empty body, and a server may answer `411 Length Required`).
fn in_memory(head: &mut http::request::Parts, body: Bytes) -> Option<reqwest::Body> {
    if !body.is_empty() {
        return Some(reqwest::Body::from(body));
    }
    if matches!(head.method, Method::POST | Method::PUT | Method::PATCH) {
        head.headers
            .entry(CONTENT_LENGTH)
            .or_insert(HeaderValue::from_static("0"));
    }
    None
}

/// `uri` as text, written into one allocation of the right size (its `Display` grows a
/// string piece by piece).
fn uri_text(uri: &http::Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or_default();
    let authority = uri.authority().map_or("", |a| a.as_str());
    let rest = uri.path_and_query().map_or("", |p| p.as_str());
    let mut text = String::with_capacity(scheme.len() + 3 + authority.len() + rest.len());
    if !scheme.is_empty() {
        text.push_str(scheme);
        text.push_str("://");
    }
    text.push_str(authority);
    text.push_str(rest);
    text
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

    use super::{ReqwestTransport, uri_text};
    use crate::Transport as _;

    /// The head of the request `method` with an empty body, as a server reads it.
    async fn head_of(method: &str) -> String {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a port");
        let url = format!("http://{}/x", listener.local_addr().expect("an address"));
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("a connection");
            let mut head = Vec::new();
            let mut buf = [0u8; 1024];
            while !head.ends_with(b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.expect("a read");
                assert!(n > 0, "the connection closed before the head ended");
                head.extend_from_slice(&buf[..n]);
            }
            socket
                .write_all(b"HTTP/1.1 204 No Content\r\n\r\n")
                .await
                .expect("a write");
            String::from_utf8(head)
                .expect("an ASCII head")
                .to_ascii_lowercase()
        });
        let request = http::Request::builder()
            .method(method)
            .uri(url)
            .body(Bytes::new())
            .expect("a request");
        let transport = ReqwestTransport::new().expect("a transport");
        transport.send(request).await.expect("a response");
        server.await.expect("the server's task")
    }

    #[tokio::test]
    async fn an_empty_body_has_a_length_only_where_the_method_gives_content_a_meaning() {
        for method in ["POST", "PUT", "PATCH"] {
            let head = head_of(method).await;
            assert!(
                head.contains("\r\ncontent-length: 0\r\n"),
                "{method}: {head}"
            );
        }
        for method in ["GET", "DELETE"] {
            let head = head_of(method).await;
            assert!(!head.contains("content-length"), "{method}: {head}");
            assert!(!head.contains("transfer-encoding"), "{method}: {head}");
        }
    }

    #[test]
    fn uri_text_writes_the_uri_as_it_was_given() {
        for url in [
            "https://graph.microsoft.com/v1.0/users?$top=5&$filter=a%20eq%20'b'",
            "http://[::1]:8080/v1.0/$batch",
            "https://graph.microsoft.com",
        ] {
            let uri: http::Uri = url.parse().expect("a uri");
            assert_eq!(uri_text(&uri), uri.to_string());
            assert!(uri_text(&uri).starts_with(url), "{url}");
        }
    }
}
