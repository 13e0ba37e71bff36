//! An in-memory HTTP/1.1 server that behaves like Microsoft Graph's accessPackage API.
//!
//! [`GraphServer::start`](crate::server::GraphServer::start) binds `127.0.0.1:0` and
//! serves, on the current tokio runtime, the entitlement-management routes that the generated
//! crate calls (access packages, their `$ref` navigation properties, catalogs, groups) under
//! both `/v1.0` and `/beta`, over one store. Responses carry Graph's headers (`request-id`,
//! echoed `client-request-id`, OData JSON content type) and Graph's error bodies.
//! [`Faults`] injects throttling, outages, HTML and empty error
//! bodies, dropped connections and delays;
//! [`GraphServer::requests`](crate::server::GraphServer::requests) returns every request as
//! it arrived on the wire. [`Store::seed`](crate::server::Store::seed) adds the fixed groups,
//! catalog and packages of [`seed`] (what the `graph_local_server` binary starts with).
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use graphgen_tests::server::GraphServer;
//!
//! let server = GraphServer::start().await;
//! assert!(server.base_url("v1.0").starts_with("http://127.0.0.1:"));
//! server.store().add_group("g1", "Sales");
//! assert_eq!(server.store().groups().len(), 1);
//! # }
//! ```
//!
//! Routes (each also under `/beta`; `{pkg}` is `…/entitlementManagement/accessPackages/{id}`
//! or `…/entitlementManagement/accessPackageCatalogs/{cid}/accessPackages/{id}`, `{nav}` is
//! `incompatibleAccessPackages`, `incompatibleGroups` or `accessPackagesIncompatibleWith`):
//!
//! | path | methods |
//! | --- | --- |
//! | `/v1.0/identityGovernance/entitlementManagement/accessPackages` | GET, POST |
//! | `{pkg}` | GET, PATCH, DELETE |
//! | `{pkg}/{nav}` | GET |
//! | `{collection}/$count` (packages, `{nav}`, groups, catalogs) | GET (`text/plain`) |
//! | `{pkg}/{nav}/{key}` | GET |
//! | `{pkg}/{nav}/$ref` | GET, POST, DELETE (with `$id`) |
//! | `{pkg}/{nav}/{key}/$ref` | DELETE |
//! | `…/entitlementManagement/accessPackageCatalogs` | GET, POST |
//! | `…/entitlementManagement/accessPackageCatalogs/{cid}` | GET |
//! | `…/entitlementManagement/accessPackageCatalogs/{cid}/accessPackages` | GET |
//! | `/v1.0/groups` | GET, POST |
//! | `/v1.0/groups/{id}` | GET, PATCH, DELETE |
//! | `/v1.0/groups/delta`, `/v1.0/groups/delta()` | GET (`$deltatoken`; `410` once expired) |
//! | `/v1.0/directoryObjects/{id}` | GET |
//! | `/v1.0/$batch` | POST (JSON batching: up to 20 of the requests above, `dependsOn`) |
//! | `…:/{name}:/createUploadSession` (test endpoint: an upload session) | POST |
//! | `/upload/{session}?tempauth=…` (an upload URL, no `Authorization`) | GET, PUT, DELETE |

mod access_packages;
mod batch;
mod delta;
mod directory;
mod faults;
mod odata;
mod query;
mod refs;
mod response;
mod routes;
pub mod seed;
mod store;
mod upload;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex, PoisonError};

use axum::Router;
use axum::body::to_bytes;
use axum::extract::{Request, State};
use axum::response::Response;
use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Faults, RetryAfter};
pub use store::Store;
pub use upload::{UploadSessions, UploadedFile};

use response::{ApiError, Ctx};

/// The largest request body the server reads (larger ones get `413`).
const MAX_BODY: usize = 16 * 1024 * 1024;

/// How a [`GraphServer`] is set up.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// The bearer token every request must present (`Authorization: Bearer <token>`);
    /// `None` turns the check off.
    pub token: Option<String>,
    /// The largest page a collection returns; `$top` can only make pages smaller.
    pub page_size: usize,
    /// The port to bind on `127.0.0.1`; `0` lets the system choose.
    pub port: u16,
    /// Whether every request is kept for [`GraphServer::requests`] (the default). A benchmark
    /// turns it off: tens of thousands of kept requests, each with its headers and body, are
    /// work and memory that grow with the run and with each request's headers.
    pub record_requests: bool,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            token: None,
            page_size: 100,
            port: 0,
            record_requests: true,
        }
    }
}

/// One request as the server received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// The request method.
    pub method: Method,
    /// The request target as received, still percent-encoded (`/v1.0/...?%24top=5`).
    pub path_and_query: String,
    /// The request headers.
    pub headers: HeaderMap,
    /// The request body (empty when there was none).
    pub body: Bytes,
}

/// What the request handler shares with the [`GraphServer`] handle.
pub(crate) struct Shared {
    /// `http://127.0.0.1:PORT`.
    origin: String,
    token: Option<String>,
    page_size: usize,
    store: Store,
    faults: Faults,
    requests: Mutex<Vec<RecordedRequest>>,
    /// [`ServerOptions::record_requests`].
    record_requests: bool,
    uploads: UploadSessions,
}

/// A running in-memory Graph server; dropping it shuts the server down.
pub struct GraphServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for GraphServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphServer")
            .field("addr", &self.addr)
            .field("auth", &self.shared.token.is_some())
            .field("page_size", &self.shared.page_size)
            .finish_non_exhaustive()
    }
}

impl GraphServer {
    /// Starts a server without authentication and with pages of 100 on `127.0.0.1:0`.
    ///
    /// # Panics
    ///
    /// When the port cannot be bound or there is no current tokio runtime.
    pub async fn start() -> GraphServer {
        Self::start_with(ServerOptions::default()).await
    }

    /// Starts a server with `options` on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When the port cannot be bound (see [`GraphServer::try_start_with`]) or there is no
    /// current tokio runtime.
    pub async fn start_with(options: ServerOptions) -> GraphServer {
        match Self::try_start_with(options).await {
            Ok(server) => server,
            Err(error) => panic!("cannot start the local Graph server: {error}"),
        }
    }

    /// Starts a server with `options`, returning the error when the port cannot be bound.
    pub async fn try_start_with(options: ServerOptions) -> std::io::Result<GraphServer> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, options.port)).await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared {
            origin: format!("http://{addr}"),
            token: options.token,
            page_size: options.page_size,
            store: Store::default(),
            faults: Faults::default(),
            requests: Mutex::new(Vec::new()),
            record_requests: options.record_requests,
            uploads: UploadSessions::default(),
        });
        let app = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        let (shutdown, signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async move {
                // Either an explicit signal or the sender being dropped.
                let _ = signal.await;
            });
            if let Err(error) = serve.await {
                eprintln!("local Graph server stopped: {error}");
            }
        });
        Ok(GraphServer {
            addr,
            shared,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The service root for `version` (`"v1.0"` or `"beta"`): `http://127.0.0.1:PORT/v1.0`.
    pub fn base_url(&self, version: &str) -> String {
        format!("{}/{version}", self.shared.origin)
    }

    /// The fault switches; each switch applies to the next requests in arrival order.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// The upload sessions (see `upload`'s docs): their faults and finished files.
    pub fn uploads(&self) -> &UploadSessions {
        &self.shared.uploads
    }

    /// The in-memory state, to seed and inspect.
    pub fn store(&self) -> &Store {
        &self.shared.store
    }

    /// Every request received so far, in arrival order (faulted ones included).
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// Forgets the requests recorded so far.
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Stops accepting connections, lets requests in flight finish and waits for the server
    /// task to end.
    pub async fn shutdown(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for GraphServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

impl Shared {
    /// Keeps a request for [`GraphServer::requests`], unless recording is off.
    pub(crate) fn record(&self, parts: &http::request::Parts, body: Bytes) {
        if !self.record_requests {
            return;
        }
        let path_and_query = parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), |pq| pq.as_str().to_owned());
        lock(&self.requests).push(RecordedRequest {
            method: parts.method.clone(),
            path_and_query,
            headers: parts.headers.clone(),
            body,
        });
    }
}

/// Locks a mutex, ignoring poisoning (a panicking test must not hide later failures).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The one axum handler: record, apply faults, authenticate, route.
async fn handle(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    if upload::handles(request.uri().path()) {
        return upload::handle(&shared, request).await;
    }
    // Faults go to requests in arrival order, so the fault is taken before the body is read.
    let fault = shared.faults.take();
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, MAX_BODY).await;
    shared.record(&parts, body.as_ref().cloned().unwrap_or_default());
    let ctx = Ctx::new(&shared, &parts);
    let mut response = match fault {
        Some(faults::Fault::Delay(delay)) => {
            tokio::time::sleep(delay).await;
            serve(&shared, &ctx, body)
        }
        Some(fault) => fault.respond(&ctx),
        None => serve(&shared, &ctx, body),
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&ctx.request_id) {
        headers.insert("request-id", value);
    }
    if let Some(client_request_id) = &ctx.client_request_id
        && let Ok(value) = HeaderValue::from_str(client_request_id)
    {
        headers.insert("client-request-id", value);
    }
    response
}

/// Authenticates and routes a request that no fault took.
fn serve(shared: &Shared, ctx: &Ctx, body: Result<Bytes, axum::Error>) -> Response {
    let result = authenticate(shared, ctx).and_then(|()| match body {
        Ok(body) if batch::is_batch(ctx) => batch::serve(shared, ctx, &body),
        Ok(body) => routes::dispatch(&shared.store, ctx, &body),
        Err(_) => Err(ApiError::new(
            http::StatusCode::PAYLOAD_TOO_LARGE,
            "Request_EntityTooLarge",
            "The request body could not be read or is too large.",
        )),
    });
    result.unwrap_or_else(|error| error.into_response(ctx))
}

/// Checks `Authorization: Bearer <token>` when the server requires a token.
fn authenticate(shared: &Shared, ctx: &Ctx) -> Result<(), ApiError> {
    let Some(expected) = &shared.token else {
        return Ok(());
    };
    let presented = ctx
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    match presented {
        Some(token) if token == expected => Ok(()),
        Some(_) => Err(ApiError::unauthorized(
            "Access token validation failure. Invalid audience or signature.",
        )),
        None => Err(ApiError::unauthorized("Access token is empty.")),
    }
}
