//! What the examples share: a client for the service named by the environment.
//!
//! - `GRAPH_BASE_URL`: the service root (default: the profile's, such as
//!   `https://graph.microsoft.com/v1.0`); the local test server prints its own.
//! - `GRAPH_TOKEN`: a bearer token for Microsoft Graph (for example from
//!   `az account get-access-token --resource https://graph.microsoft.com`), or the token the
//!   local server was started with.

use std::error::Error;

/// A client (of a profile module: `v1_0::Client`, `beta::Client`) for `GRAPH_BASE_URL`, else
/// `default_base_url`, sending `GRAPH_TOKEN`.
///
/// # Errors
///
/// When `GRAPH_TOKEN` is not set, or the base URL is not valid.
pub fn client<C: From<graphgen_runtime::Client>>(
    default_base_url: &str,
) -> Result<C, Box<dyn Error>> {
    let (base_url, token) = settings(default_base_url)?;
    let client = graphgen_runtime::Client::builder(&base_url)
        .bearer_token(token)
        .build()?;
    Ok(C::from(client))
}

/// The service root and token from the environment.
fn settings(default_base_url: &str) -> Result<(String, String), Box<dyn Error>> {
    let base_url = std::env::var("GRAPH_BASE_URL").unwrap_or_else(|_| default_base_url.to_owned());
    let token = std::env::var("GRAPH_TOKEN")
        .map_err(|_| "set GRAPH_TOKEN to a Microsoft Graph access token")?;
    Ok((base_url, token))
}

/// The environment variable `name`, else `default`.
pub fn var_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}
