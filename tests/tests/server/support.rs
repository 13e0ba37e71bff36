//! A bare HTTP/1.1 client for the server tests, and helpers shared by them.

use std::net::SocketAddr;

use bytes::Bytes;
use graphgen_tests::server::GraphServer;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};

pub(crate) const PACKAGES: &str = "/v1.0/identityGovernance/entitlementManagement/accessPackages";
pub(crate) const EM: &str = "identityGovernance/entitlementManagement";
pub(crate) const JSON_TYPE: &str = "application/json;odata.metadata=minimal;odata.streaming=true;\
                         IEEE754Compatible=false;charset=utf-8";

/// A response whose body was read to its end.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

impl Reply {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&self.body)))
    }

    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// Asserts a Graph error body with `code`, and returns it.
    pub(crate) fn assert_error(&self, status: StatusCode, code: &str) -> Value {
        let body = self.json();
        assert_eq!(self.status, status, "{body}");
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(body["error"]["message"].is_string(), "{body}");
        assert_eq!(
            body["error"]["innerError"]["request-id"].as_str(),
            self.header("request-id"),
        );
        body
    }
}

/// Sends one request on a fresh connection and returns the response head and its body
/// stream.
pub(crate) async fn exchange(
    addr: SocketAddr,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (http::response::Parts, Incoming) {
    let stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .expect("handshake");
    tokio::spawn(connection);
    // Absolute URLs (nextLinks, Location) are sent as origin-form targets.
    let target = target
        .strip_prefix(&format!("http://{addr}"))
        .unwrap_or(target);
    let mut request = Request::builder()
        .method(method)
        .uri(target)
        .header("host", addr.to_string());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let request = request
        .body(Full::new(Bytes::copy_from_slice(body.as_bytes())))
        .expect("request");
    let response = sender.send_request(request).await.expect("response head");
    response.into_parts()
}

pub(crate) async fn call(
    server: &GraphServer,
    method: Method,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Reply {
    let (parts, body) = exchange(server.addr(), method, target, headers, body).await;
    let body = body.collect().await.expect("complete body").to_bytes();
    Reply {
        status: parts.status,
        headers: parts.headers,
        body,
    }
}

pub(crate) async fn get(server: &GraphServer, target: &str) -> Reply {
    call(server, Method::GET, target, &[], "").await
}

pub(crate) const CT_JSON: (&str, &str) = ("content-type", "application/json");

pub(crate) async fn post(server: &GraphServer, target: &str, body: &Value) -> Reply {
    call(server, Method::POST, target, &[CT_JSON], &body.to_string()).await
}

pub(crate) async fn create(server: &GraphServer, name: &str) -> String {
    let reply = post(server, PACKAGES, &json!({ "displayName": name })).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.json());
    reply.json()["id"].as_str().expect("id").to_owned()
}

pub(crate) fn ids(body: &Value) -> Vec<String> {
    body["value"]
        .as_array()
        .expect("value")
        .iter()
        .map(|item| item["id"].as_str().expect("id").to_owned())
        .collect()
}

pub(crate) fn package_url(server: &GraphServer, id: &str) -> String {
    format!("{}{}", server.base_url(""), &PACKAGES[1..]).replace("//v1.0", "/v1.0") + "/" + id
}
