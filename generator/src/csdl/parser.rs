//! Placeholder: being written.
use std::path::Path;

use super::syntax::Document;
use crate::error::Result;

/// Parses CSDL text.
pub fn parse_str(_path: &Path, _text: &str) -> Result<Document> {
    Err(crate::error::Error::Selection("parser not written yet".into()))
}

/// Reads and parses a CSDL file.
pub fn parse_file(path: &Path) -> Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| crate::error::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_str(path, &text)
}
