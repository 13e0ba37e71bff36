//! The CSDL front-end: XML text in, [`syntax::Document`] out.
//!
//! Hidden, and not part of the API: it is public only because the workspace test that holds
//! the hand-written `metadata/` against the real Graph schema reads CSDL with it.

mod expr;
mod parser;
pub mod syntax;

pub use parser::{parse_file, parse_str};
