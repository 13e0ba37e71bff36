//! graphgen: generates idiomatic Rust for Microsoft Graph from OData CSDL metadata.
#![deny(missing_docs)]

pub mod csdl;
pub mod error;
pub mod naming;

pub use error::{Diagnostic, Error, Result};
