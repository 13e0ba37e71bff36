//! Doc lines the planners share: a description from the metadata, or a sentence of the
//! generator's own with one after it, the docs of a sending method, an `# Errors` section.

use crate::naming;

/// Doc lines for a description from the metadata (see [`naming::description_markdown`]), or
/// for `fallback` (Markdown) when there is none.
pub(super) fn doc_or(doc: Option<&str>, fallback: &str) -> Vec<String> {
    match doc.map(naming::description_lines) {
        Some(lines) if !lines.is_empty() => lines,
        _ => naming::doc_lines(fallback),
    }
}

/// Doc lines for `text` (Markdown) followed by an optional description from the metadata as
/// a second paragraph.
pub(super) fn doc_then(text: &str, doc: Option<&str>) -> Vec<String> {
    let mut lines = naming::doc_lines(text);
    if let Some(more) = doc.map(naming::description_lines).filter(|l| !l.is_empty()) {
        lines.push(String::new());
        lines.extend(more);
    }
    lines
}

/// The doc of a sending method: what awaiting it gives, and its `*_request` twin.
pub(super) fn sends_doc(request_method: &str, gives: &str) -> Vec<String> {
    naming::doc_lines(&format!(
        "Sends [`{request_method}`](Self::{request_method}); awaiting the call gives {gives}."
    ))
}

/// An `# Errors` section after other docs: a blank line, the heading, a blank line, `lines`.
pub(super) fn errors_docs(lines: &[&str]) -> Vec<String> {
    let mut out = vec![String::new(), " # Errors".to_owned(), String::new()];
    out.extend(lines.iter().map(|l| format!(" {l}")));
    out
}
