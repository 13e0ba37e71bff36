//! graphgen: generates idiomatic Rust for Microsoft Graph from OData CSDL metadata.
//!
//! The pipeline is three layers: [`csdl`] parses XML into a syntax tree that keeps source
//! positions; [`ir`] lowers it into a resolved, language-neutral model and selects the part
//! of the URL space to generate; [`emit`] turns that into Rust with `quote!`, formatted by
//! prettyplease. [`mod@write`] puts the in-memory result on disk, rewriting only what changed;
//! [`stamp`] lets an unchanged re-run (`graphgen generate`) skip all of it.
//!
//! The CLI and build scripts share one entry point, [`Config`], which checks itself
//! ([`Config::validate`]) before any metadata is read:
//!
//! ```no_run
//! // build.rs
//! let mut config = graphgen::Config::new();
//! config.profile(graphgen::Profile::new("v1_0", "graph.xml"));
//! config.write().unwrap(); // $OUT_DIR/v1_0.rs, then `include!` it
//! ```
#![deny(missing_docs)]

pub mod config;
pub mod crate_files;
pub mod csdl;
pub mod emit;
pub mod error;
pub mod features;
pub mod generate;
pub mod ir;
pub mod marker;
pub mod naming;
pub mod plan;
pub mod stamp;
pub mod write;

pub use config::{Config, Layout, Profile, RuntimeDep};
pub use error::{Diagnostic, Error, Result};
pub use generate::{Generated, Timings, UpToDate, WriteOutcome};
