//! Reading one metadata file with the front-end its content needs: CSDL XML (`csdl`), or an
//! OpenAPI 3.0/3.1 description in YAML or JSON (`openapi`), told apart by what the file
//! holds, never by its name. Both give the CSDL syntax tree that `ir::lower` takes, so nothing
//! after this point knows which front-end read a file.

use std::path::Path;

use crate::csdl::{self, syntax::Document};
use crate::error::{Diagnostic, Error, Result, utf8_text};
use crate::openapi::{self, Format};

/// One metadata file, read.
#[derive(Debug)]
pub(crate) struct Input {
    /// The CSDL syntax tree (for OpenAPI, the one it was converted from, as far as OpenAPI
    /// carries it; positions point into the file that was read).
    pub(crate) document: Document,
    /// What the front-end had to work around, located in the file: for OpenAPI, what it
    /// cannot carry and the paths no builder reaches.
    pub(crate) warnings: Vec<Diagnostic>,
    /// For OpenAPI: how many of the document's (path, method) pairs the generated builders
    /// reach, of how many.
    pub(crate) coverage: Option<Coverage>,
}

/// How many of an OpenAPI description's operations (its (path, method) pairs) graphgen
/// generates a request for, before any selection; each of the others is listed in a warning
/// that says why (a media stream, say).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Coverage {
    /// (path, method) pairs a generated builder method sends.
    pub covered: usize,
    /// (path, method) pairs in the document.
    pub total: usize,
}

impl Coverage {
    /// Both counts of `self` and `other` together (a profile with several documents).
    pub(crate) fn add(self, other: Coverage) -> Coverage {
        Coverage {
            covered: self.covered + other.covered,
            total: self.total + other.total,
        }
    }
}

/// Reads the metadata file at `path`: CSDL when it starts with `<`, otherwise OpenAPI (whose
/// parser says what is wrong with a file that is neither, with its line and column).
pub(crate) fn read(path: &Path) -> Result<Input> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let text = utf8_text(path, &bytes)?;
    if openapi::detect(&bytes) == Some(Format::Csdl) {
        return Ok(Input {
            document: csdl::parse_str(path, text)?,
            warnings: Vec::new(),
            coverage: None,
        });
    }
    let doc = openapi::parse_str(path, text)?;
    let lowered = openapi::to_csdl(&doc)?;
    Ok(Input {
        document: lowered.document,
        warnings: lowered.warnings,
        coverage: Some(Coverage {
            covered: lowered.covered,
            total: lowered.total,
        }),
    })
}
