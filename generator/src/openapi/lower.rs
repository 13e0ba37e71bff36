//! Reverses an OpenAPI description made by Graph's converter into the CSDL syntax tree it was
//! converted from, as far as OpenAPI carries it: schemas become types ([`types`]), paths
//! become the entity container, containment, capabilities and bound operations ([`paths`]).
//!
//! Every synthesized element's `pos` is the position of the OpenAPI node it came from, and
//! the CSDL document keeps the OpenAPI document's path and source, so that errors found later
//! by `ir::lower` show an OpenAPI excerpt. What OpenAPI cannot carry (key names, Abstract,
//! OpenType, enum values, composability) is filled in by documented fallbacks, each reported
//! once with the number of elements it applied to.

use std::collections::BTreeMap;

use crate::csdl::syntax as csdl;
use crate::error::{Diagnostic, Error, Pos, Result};

use super::syntax::{self, Node, pointer_segment};

mod paths;
mod synth;
#[cfg(test)]
mod tests;
mod types;

/// Term of `Core.Description`.
const DESCRIPTION: &str = "Org.OData.Core.V1.Description";

/// What [`to_csdl`] makes of an OpenAPI document.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    /// The CSDL syntax tree (path and source are the OpenAPI document's).
    pub(crate) document: csdl::Document,
    /// Located warnings: fallbacks for what OpenAPI does not carry, and the paths that map
    /// to nothing graphgen generates.
    pub(crate) warnings: Vec<Diagnostic>,
    /// How many (path, method) pairs map to something graphgen generates.
    pub(crate) covered: usize,
    /// How many (path, method) pairs the document has.
    pub(crate) total: usize,
}

/// Reverses an OpenAPI description into the CSDL syntax tree it was converted from, as far
/// as OpenAPI carries it (see the module docs).
pub(crate) fn to_csdl(doc: &syntax::Document) -> Result<Lowered> {
    let mut cx = Cx {
        doc,
        warnings: Vec::new(),
        schemas: BTreeMap::new(),
    };
    let mut types = types::lower_schemas(&mut cx)?;
    synth::root_types(&mut cx, &mut types)?;
    let paths = paths::lower_paths(&mut cx, &types)?;
    let (covered, total) = (paths.covered, paths.total);
    let keyless: Vec<&String> = types
        .keyless
        .iter()
        .filter(|t| !paths.keys.contains_key(*t))
        .collect();
    if let Some(first) = keyless.first() {
        let pos = cx
            .schemas
            .get(first.as_str())
            .map_or(Pos::default(), |n| n.pos);
        let message = format!(
            "{} root entity type(s) have no `id` property, and no path's key segment names a property (like `({{UserName}})`): OpenAPI does not carry key names, so they have no key (e.g. `{first}`)",
            keyless.len()
        );
        cx.warn(pos, &schema_pointer(first), message);
    }
    let mut schemas = types.schemas;
    paths.apply(&mut schemas);
    let document = csdl::Document {
        path: doc.path.clone(),
        source: doc.source.clone(),
        version: "4.0".to_string(),
        references: Vec::new(),
        schemas: schemas.into_values().collect(),
    };
    Ok(Lowered {
        document,
        warnings: cx.warnings,
        covered,
        total,
    })
}

/// The lowering's context: the document, the warnings so far, and the component schemas by
/// name.
struct Cx<'d> {
    doc: &'d syntax::Document,
    warnings: Vec<Diagnostic>,
    /// `#/components/schemas` entries by name (filled by [`types::lower_schemas`]).
    schemas: BTreeMap<&'d str, &'d Node>,
}

impl<'d> Cx<'d> {
    /// A located warning; `pointer` is the JSON pointer of the node (`#/paths/~1users`).
    fn warn(&mut self, pos: Pos, pointer: &str, message: impl Into<String>) {
        let d = Diagnostic::new(&self.doc.path, &self.doc.source, pos, pointer, message);
        self.warnings.push(d);
    }

    /// A located error.
    fn error(&self, pos: Pos, pointer: &str, message: impl Into<String>) -> Error {
        Diagnostic::new(&self.doc.path, &self.doc.source, pos, pointer, message).into()
    }

    /// The node at a local JSON pointer (`#/components/schemas/x`), if any.
    fn lookup(&self, pointer: &str) -> Option<&'d Node> {
        let rest = pointer.strip_prefix('#')?;
        let mut node = &self.doc.root;
        for seg in rest.split('/').skip(1) {
            let seg = seg.replace("~1", "/").replace("~0", "~");
            node = match node.as_seq() {
                Some(items) => items.get(seg.parse::<usize>().ok()?)?,
                None => node.get(&seg)?,
            };
        }
        Some(node)
    }

    /// The `$ref` of `node`, checked to be local: an external reference (another file or a
    /// URL) is an error, never followed.
    fn local_ref(&self, node: &'d Node, pointer: &str) -> Result<Option<&'d str>> {
        let Some(r) = node.get("$ref") else {
            return Ok(None);
        };
        let Some(text) = r.as_str() else {
            return Err(self.error(
                r.pos,
                pointer,
                format!("`$ref` is a {}, not a string", r.kind_name()),
            ));
        };
        if !text.starts_with("#/") {
            return Err(self.error(
                r.pos,
                pointer,
                format!("external reference `{text}` is not supported: graphgen reads one self-contained document and never fetches files or URLs"),
            ));
        }
        Ok(Some(text))
    }

    /// Follows `$ref`s from `node` (at `pointer`) to the node they end at; a chain longer
    /// than the document could hold, or one that loops, is an error.
    fn deref(&self, node: &'d Node, pointer: &str) -> Result<&'d Node> {
        let mut node = node;
        for _ in 0..64 {
            let Some(target) = self.local_ref(node, pointer)? else {
                return Ok(node);
            };
            node = self.lookup(target).ok_or_else(|| {
                self.error(
                    node.pos,
                    pointer,
                    format!("`$ref` target `{target}` does not exist"),
                )
            })?;
        }
        Err(self.error(node.pos, pointer, "`$ref` chain loops"))
    }
}

/// `#/components/schemas/<name>`, escaped.
fn schema_pointer(name: &str) -> String {
    format!("#/components/schemas/{}", pointer_segment(name))
}

/// A `Core.Description` annotation at `pos`, when `text` is not blank.
fn description(text: Option<&str>, pos: Pos) -> Option<csdl::Annotation> {
    let text = text?.trim();
    (!text.is_empty()).then(|| csdl::Annotation {
        term: DESCRIPTION.to_string(),
        qualifier: None,
        pos,
        value: Some(csdl::Expr::String(text.to_string())),
    })
}

/// Splits `microsoft.graph.user` into (`microsoft.graph`, `user`).
fn split_qualified(name: &str) -> Option<(&str, &str)> {
    name.rsplit_once('.')
        .filter(|(ns, n)| !ns.is_empty() && !n.is_empty())
}
