//! Sign-in with `azure_identity` (the runtime's `azure-identity` feature): a
//! `ClientSecretCredential` whose authority host is a local token endpoint, served over TLS
//! with a certificate made here (the credential refuses an `http` authority) and trusted by
//! the credential's own reqwest client. The endpoint checks the client id and secret, the
//! grant and the scope as Entra ID does, and answers with a token or Entra's error body;
//! the Graph server records which bearer token each request carried.

use std::collections::{BTreeMap, VecDeque};
use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::http::{ClientOptions, Transport};
use azure_identity::{ClientSecretCredential, ClientSecretCredentialOptions};
use bytes::Bytes;
use futures_util::future::join_all;
use graphgen_runtime::Error;
use graphgen_tests::server::GraphServer;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

use crate::support::{fast_retry, v1_packages};

/// The tenant in the token endpoint's path.
const TENANT: &str = "contoso-test-tenant";
/// The application (client) id the endpoint accepts.
const CLIENT_ID: &str = "5a1c0a0e-7e57-4c1d-9d3a-000000000014";
/// The secret the endpoint accepts: distinctive, so that a leak is found by substring.
const CLIENT_SECRET: &str = "cs~Azure-S3CR3T-9f1b2c.value";
/// A secret the endpoint refuses.
const WRONG_SECRET: &str = "cs~Wrong-S3CR3T-77aa01.value";
/// What a client asks for unless told otherwise.
const GRAPH_SCOPE: &str = "https://graph.microsoft.com/.default";
/// Entra's message for a wrong client secret.
const INVALID_SECRET: &str = "AADSTS7000215: Invalid client secret provided.";

/// One request to the token endpoint: its path and decoded form.
#[derive(Clone, Debug)]
struct TokenRequest {
    path: String,
    form: BTreeMap<String, String>,
}

/// What the endpoint's handler shares with the test.
#[derive(Debug, Default)]
struct EndpointState {
    requests: Mutex<Vec<TokenRequest>>,
    /// The `expires_in` of the next tokens, in seconds; an hour once empty.
    lifetimes: Mutex<VecDeque<i64>>,
}

/// A TLS token endpoint on `127.0.0.1` (`/{tenant}/oauth2/v2.0/token`).
struct TokenEndpoint {
    addr: SocketAddr,
    ca: CertificateDer<'static>,
    state: Arc<EndpointState>,
    task: JoinHandle<()>,
}

impl Drop for TokenEndpoint {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TokenEndpoint {
    /// Makes a CA and a certificate for `127.0.0.1` signed by it, and serves.
    async fn start() -> Self {
        let ca_key = KeyPair::generate().expect("CA key");
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "graphgen test CA");
        let ca = CertifiedIssuer::self_signed(ca_params, ca_key).expect("CA certificate");
        let key = KeyPair::generate().expect("server key");
        let params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).expect("params");
        let cert = params.signed_by(&key, &ca).expect("server certificate");

        let config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(
                vec![cert.der().clone()],
                PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
            )
            .expect("TLS config");
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let state = Arc::new(EndpointState::default());
        let shared = Arc::clone(&state);
        let task = tokio::spawn(async move {
            while let Ok((tcp, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                let state = Arc::clone(&shared);
                tokio::spawn(async move {
                    let Ok(tls) = acceptor.accept(tcp).await else {
                        return;
                    };
                    let service = service_fn(move |req| answer(Arc::clone(&state), req));
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                });
            }
        });
        TokenEndpoint {
            addr,
            ca: ca.der().clone(),
            state,
            task,
        }
    }

    /// The authority host to give the credential.
    fn authority(&self) -> String {
        format!("https://{}", self.addr)
    }

    /// Every request so far.
    fn requests(&self) -> Vec<TokenRequest> {
        lock(&self.state.requests).clone()
    }

    /// The next tokens live `seconds` each, in turn.
    fn next_lifetimes(&self, seconds: &[i64]) {
        lock(&self.state.lifetimes).extend(seconds);
    }

    /// A `ClientSecretCredential` for this endpoint with `secret`, whose HTTP client trusts
    /// only the endpoint's CA.
    fn credential(&self, secret: &str) -> Arc<ClientSecretCredential> {
        let ca = reqwest::Certificate::from_der(&self.ca).expect("CA");
        let http = reqwest::Client::builder()
            .tls_certs_only([ca])
            .build()
            .expect("reqwest client");
        let mut cloud = CustomConfiguration::default();
        cloud.authority_host = self.authority();
        let client_options = ClientOptions {
            transport: Some(Transport::new(Arc::new(http))),
            cloud: Some(Arc::new(CloudConfiguration::Custom(cloud))),
            ..ClientOptions::default()
        };
        ClientSecretCredential::new(
            TENANT,
            CLIENT_ID.to_owned(),
            secret.to_owned().into(),
            Some(ClientSecretCredentialOptions { client_options }),
        )
        .expect("credential")
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The endpoint's answer: a token when the tenant, client, secret, grant and scope are
/// right, Entra's `400` error body otherwise.
async fn answer(
    state: Arc<EndpointState>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let path = req.uri().path().to_owned();
    let body = req
        .into_body()
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let form = parse_form(&body);
    let (n, lifetime) = {
        let mut requests = lock(&state.requests);
        requests.push(TokenRequest {
            path: path.clone(),
            form: form.clone(),
        });
        let lifetime = lock(&state.lifetimes).pop_front().unwrap_or(3600);
        (requests.len(), lifetime)
    };
    let field = |name: &str| form.get(name).map(String::as_str);
    let refusal = if path != format!("/{TENANT}/oauth2/v2.0/token") {
        Some(("invalid_tenant", "AADSTS90002: Tenant not found.", 90002))
    } else if field("grant_type") != Some("client_credentials") {
        Some((
            "unsupported_grant_type",
            "AADSTS70003: The grant type is not supported.",
            70003,
        ))
    } else if field("client_id") != Some(CLIENT_ID) {
        Some((
            "unauthorized_client",
            "AADSTS700016: Application not found in the directory.",
            700016,
        ))
    } else if field("client_secret") != Some(CLIENT_SECRET) {
        Some(("invalid_client", INVALID_SECRET, 7000215))
    } else if field("scope").is_none_or(|s| !s.ends_with("/.default")) {
        Some((
            "invalid_scope",
            "AADSTS1002012: The scope is not valid.",
            1002012,
        ))
    } else {
        None
    };
    let (status, json) = match refusal {
        Some((error, description, code)) => (
            StatusCode::BAD_REQUEST,
            serde_json::json!({
                "error": error,
                "error_description": description,
                "error_codes": [code],
                "trace_id": "0b5d7a60-0000-4000-8000-00000000aa01",
                "correlation_id": "0b5d7a60-0000-4000-8000-00000000aa02",
            }),
        ),
        None => (
            StatusCode::OK,
            serde_json::json!({
                "token_type": "Bearer",
                "expires_in": lifetime,
                "ext_expires_in": lifetime,
                "access_token": format!("graph-token-{n}"),
            }),
        ),
    };
    let response = Response::builder()
        .status(status)
        .header("content-type", "application/json; charset=utf-8")
        .body(Full::new(Bytes::from(json.to_string())))
        .expect("response");
    Ok(response)
}

/// `application/x-www-form-urlencoded` pairs.
fn parse_form(body: &[u8]) -> BTreeMap<String, String> {
    let decode = |s: &str| {
        let spaced = s.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8_lossy()
            .into_owned()
    };
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name), decode(value))
        })
        .collect()
}

/// The bearer token of each request the Graph server received, in order.
fn bearer_tokens(server: &GraphServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| {
            let value = r
                .headers
                .get("authorization")
                .expect("an Authorization header");
            let value = value.to_str().expect("ASCII");
            value
                .strip_prefix("Bearer ")
                .expect("a bearer token")
                .to_owned()
        })
        .collect()
}

/// The generated v1.0 client of `server`, signing in with `credential`.
fn v1(
    server: &GraphServer,
    credential: Arc<ClientSecretCredential>,
) -> graph_access_packages::v1_0::Client {
    graph_access_packages::v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .azure_credential(credential)
        .retry(fast_retry())
        .build()
        .expect("client")
}

#[tokio::test]
async fn one_token_request_serves_many_calls() {
    let endpoint = TokenEndpoint::start().await;
    let server = GraphServer::start().await;
    let client = v1(&server, endpoint.credential(CLIENT_SECRET));
    let packages = v1_packages(&client);

    for _ in 0..10 {
        packages.list().await.expect("a page");
    }
    let concurrent = join_all((0..10).map(|_| packages.list().into_future())).await;
    assert!(concurrent.iter().all(Result::is_ok), "{concurrent:?}");

    let requests = endpoint.requests();
    assert_eq!(
        requests.len(),
        1,
        "20 calls, one token request: {requests:?}"
    );
    assert_eq!(requests[0].path, format!("/{TENANT}/oauth2/v2.0/token"));
    let form = &requests[0].form;
    assert_eq!(form["grant_type"], "client_credentials");
    assert_eq!(form["client_id"], CLIENT_ID);
    assert_eq!(form["scope"], GRAPH_SCOPE);
    let tokens = bearer_tokens(&server);
    assert_eq!(tokens.len(), 20);
    assert!(tokens.iter().all(|t| t == "graph-token-1"), "{tokens:?}");

    let shown = format!("{client:?} {client:#?}");
    for secret in [CLIENT_SECRET, "graph-token-1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn a_token_close_to_expiry_is_fetched_again() {
    let endpoint = TokenEndpoint::start().await;
    let server = GraphServer::start().await;
    // The first token lives a minute (within the five minutes before expiry in which the
    // adapter and the credential both fetch anew), the second an hour.
    endpoint.next_lifetimes(&[60, 3600]);
    let client = v1(&server, endpoint.credential(CLIENT_SECRET));
    let packages = v1_packages(&client);
    for _ in 0..6 {
        packages.list().await.expect("a page");
    }
    assert_eq!(endpoint.requests().len(), 2);
    assert_eq!(
        bearer_tokens(&server),
        [
            "graph-token-1",
            "graph-token-2",
            "graph-token-2",
            "graph-token-2",
            "graph-token-2",
            "graph-token-2"
        ]
    );
}

#[tokio::test]
async fn a_national_cloud_scope_is_what_the_credential_asks_for() {
    let endpoint = TokenEndpoint::start().await;
    let server = GraphServer::start().await;
    let client = graphgen_runtime::Client::builder(server.base_url("v1.0"))
        .scopes(["https://graph.microsoft.us/.default"])
        .azure_credential(endpoint.credential(CLIENT_SECRET))
        .build()
        .expect("client");
    let request = graphgen_runtime::RequestTarget::root(&client)
        .segment("groups")
        .request(http::Method::GET)
        .expect("request");
    client.send(request).await.expect("groups");
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].form["scope"],
        "https://graph.microsoft.us/.default"
    );
    assert_eq!(bearer_tokens(&server), ["graph-token-1"]);
}

#[tokio::test]
async fn a_refused_secret_is_an_auth_error_that_does_not_show_it() {
    let endpoint = TokenEndpoint::start().await;
    let server = GraphServer::start().await;
    let client = v1(&server, endpoint.credential(WRONG_SECRET));
    let error = v1_packages(&client)
        .list()
        .await
        .expect_err("the token endpoint refuses the secret");
    assert!(matches!(error, Error::Auth(_)), "{error:?}");

    // The secret went to the endpoint (so its absence below means something), and nothing
    // went to Graph.
    let requests = endpoint.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].form["client_secret"], WRONG_SECRET);
    assert!(server.requests().is_empty());

    let display = error.to_string();
    let debug = format!("{error:?} {error:#?}");
    assert!(
        display.starts_with("the token provider failed: "),
        "{display}"
    );
    for shown in [&display, &debug] {
        assert!(shown.contains(INVALID_SECRET), "{shown}");
        assert!(!shown.contains(WRONG_SECRET), "{shown}");
        assert!(!shown.contains(CLIENT_SECRET), "{shown}");
    }
    crate::support::assert_no_token(&error);
}
