//! The generated client (`graph_access_packages`) against the in-memory Graph server
//! (`graphgen_tests::server`) over real HTTP, offline: the seed pages end to end and the
//! generated examples, `$ref` errors, paging and query options, unknown properties and enum
//! values, retries, faults, concurrency, JSON batching, delta queries, that the bearer token
//! never shows, and the `graph_local_server` binary with every example run on what it prints.
//!
//! Every server wants `support::TOKEN` and every client sends it; every error a test meets
//! goes through `support::assert_no_token`.

mod api_shape;
mod azure_identity;
mod batch;
mod concurrency;
mod delta;
mod examples;
mod faults;
mod local_server;
mod media;
mod paging;
mod refs;
mod regressions;
mod retries;
mod round_trip;
mod secrets;
mod seeds;
mod support;
mod tracing;
mod upload;
