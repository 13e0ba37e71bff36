//! Tests of the CSDL reader on small inline documents and on the real Graph files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::*;

mod constructs;
mod errors;
mod real_files;
use crate::csdl::syntax::Expr;

pub(super) const HEAD: &str = concat!(
    "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
    "<edmx:DataServices>\n",
    "<Schema Namespace=\"ns\" Alias=\"n\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
);
pub(super) const TAIL: &str = "\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n";

/// A document whose schema body starts on line 4, column 1.
pub(super) fn wrap(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

pub(super) fn parse(text: &str) -> Result<Document> {
    parse_str(Path::new("t.xml"), text)
}

pub(super) fn schema(body: &str) -> Schema {
    match parse(&wrap(body)) {
        Ok(mut doc) => doc.schemas.remove(0),
        Err(err) => panic!("{err}"),
    }
}

pub(super) fn error(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("parsed, but an error was expected:\n{text}"),
        Err(err) => err.to_string(),
    }
}

/// Asserts that `text` fails at `line_col` inside `path` with a message containing `msg`.
pub(super) fn assert_error(text: &str, line_col: &str, path: &str, msg: &str) {
    let err = error(text);
    let head = if path.is_empty() {
        format!("t.xml:{line_col}: ")
    } else {
        format!("t.xml:{line_col}: {path}: ")
    };
    assert!(
        err.starts_with(&head),
        "expected `{head}...{msg}`, got:\n{err}"
    );
    assert!(err.contains(msg), "expected `{msg}` in:\n{err}");
}

/// The shared metadata file `rel` (under `../shared/metadata`), or `None` when absent and
/// not required.
pub(super) fn shared_file(rel: &str) -> Option<PathBuf> {
    crate::test_support::shared_file(&format!("metadata/{rel}"))
}
