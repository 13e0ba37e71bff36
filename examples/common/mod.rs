//! What the examples share: a client for the service named by the environment.
//!
//! - `GRAPH_BASE_URL`: the service root (default: the profile's, such as
//!   `https://graph.microsoft.com/v1.0`); the local test server prints its own.
//! - `GRAPH_TOKEN`: a bearer token for Microsoft Graph (for example from
//!   `az account get-access-token --resource https://graph.microsoft.com`), or the token the
//!   local server was started with.

use std::error::Error;

use graph_access_packages::runtime::{self, ClientBuilder};

/// The client that `builder` (a profile's `Client::builder()`, such as
/// `v1_0::Client::builder()`) makes for `GRAPH_BASE_URL` (else the profile's own base URL),
/// sending `GRAPH_TOKEN`.
///
/// # Errors
///
/// When `GRAPH_TOKEN` is not set, or the base URL is not valid.
pub fn client<C: From<runtime::Client>>(builder: ClientBuilder<C>) -> Result<C, Box<dyn Error>> {
    let token = std::env::var("GRAPH_TOKEN")
        .map_err(|_| "set GRAPH_TOKEN to a Microsoft Graph access token")?;
    let builder = match std::env::var("GRAPH_BASE_URL") {
        Ok(base_url) => builder.base_url(base_url),
        Err(_) => builder,
    };
    Ok(builder.bearer_token(token).build()?)
}

/// The environment variable `name`, else `default`.
pub fn var_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}
