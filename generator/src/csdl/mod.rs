//! The CSDL front-end: XML text in, [`syntax::Document`] out.

mod expr;
pub mod parser;
pub mod syntax;

pub use parser::{parse_file, parse_str};
