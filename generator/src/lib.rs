//! graphgen: generates idiomatic Rust for Microsoft Graph (or any OData v4 service) from
//! OData CSDL metadata.
//!
//! The CLI and build scripts share one entry point, [`Config`]: profiles (one per API version,
//! each a metadata file and a selection of its URL space), the layout and where the output
//! goes. It checks itself ([`Config::validate`]) before any metadata is read, then
//! [`Config::generate`] builds everything in memory, [`Config::write`] writes only what
//! changed (nothing at all when generation fails), [`Config::write_unless_fresh`] skips an
//! unchanged re-run, and [`Config::check`] reports how a checked-in tree differs
//! ([`drift_summary`]).
//!
//! ```no_run
//! // build.rs
//! let mut config = graphgen::Config::new();
//! config.profile(graphgen::Profile::new("v1_0", "graph.xml"));
//! config.write().unwrap(); // $OUT_DIR/v1_0.rs, then `include!` it
//! ```
//!
//! Errors ([`Error`]) name the file, line, column and CSDL element at fault; problems that
//! did not stop generation are [`Diagnostic`]s in [`Generated::warnings`]. [`plan`] is the
//! read-only view of what a profile's module will hold ([`Config::plans`]), every item with
//! its name, type, URL and feature, with a stable text dump ([`plan::Plan::dump`]) that two
//! generations are compared by.
//!
//! Inside, the pipeline is: CSDL parsed into a syntax tree that keeps source positions, lowered
//! into a resolved model with a selection of its URL space, planned, emitted as tokens with
//! `quote!`, formatted by prettyplease, and written (`ARCHITECTURE.md` in the repository
//! draws the rooms).
#![deny(missing_docs)]

mod config;
mod crate_files;
#[doc(hidden)]
pub mod csdl;
pub mod diff;
mod emit;
mod error;
mod features;
#[cfg(feature = "fetch")]
mod fetch;
mod generate;
mod input;
mod ir;
mod lock;
mod marker;
mod naming;
mod openapi;
pub mod plan;
mod stamp;
#[cfg(test)]
mod test_support;
mod tokens;
#[cfg(feature = "fetch")]
mod update;
mod write;

pub use config::{
    Config, Conventions, Decided, KeyStyle, Layout, Profile, Qualification, RuntimeDep,
    UrlConventions,
};
pub use crate_files::{ExampleCall, ProfileInfo};
pub use error::{Category, Diagnostic, Error, MAX_SHOWN_ERRORS, Pos, Result, shown_warnings};
#[cfg(feature = "fetch")]
pub use fetch::{FetchOptions, FetchOutcome, Fetched};
pub use generate::{Generated, Timings, UpToDate, WriteOutcome};
pub use input::Coverage;
pub use lock::LockProblem;
pub use marker::{CHANGELOG_FILE, GENERATED_MARKER, LOCK_FILE, STAMP_FILE};
#[cfg(feature = "fetch")]
pub use update::{UpdateOptions, Updated, update};
pub use write::{Drift, DriftKind, Expected, Output, WriteReport, check_ownership, drift_summary};
