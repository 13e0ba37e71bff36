//! Lowering: syntax trees in, a resolved [`Model`] out.
//!
//! Resolves qualified and aliased names, base types (rejecting cycles), property and
//! navigation types, keys, operation bindings, entity container members, and the
//! annotations that drive output (inline and out-of-line). Every Rust name is chosen here,
//! through [`crate::naming`], and kept beside its wire name.

use std::collections::{BTreeMap, BTreeSet};

use crate::csdl::syntax::{Annotation, Document, Pos, StructuredType};
use crate::error::{Diagnostic, Error, Result};

use super::capabilities::{self as caps, Applied};

mod imports;
mod members;
mod reach;
mod structs;
#[cfg(test)]
mod tests;
use super::{
    AlternateKey, AlternateKeyPart, Binding, Descent, EnumDef, EnumMember, Field, KeyProperty,
    Model, Namespace, Navigation, OpId, Operation, Param, Primitive, ReturnType, Root, RootKind,
    StructDef, TypeDef, TypeId, TypeKind, TypeRef,
};

/// An alternate key as read from `Core.AlternateKeys`: `(alias, property)` pairs.
type AltKeySpec = Vec<(String, String)>;

/// Where a syntax node is: which document and position, with its element path.
#[derive(Debug, Clone)]
struct Loc {
    doc: usize,
    pos: Pos,
    element: String,
}

struct Lowerer<'d> {
    docs: &'d [Document],
    options: LowerOptions,
    /// Alias or namespace -> namespace.
    aliases: BTreeMap<String, String>,
    /// Out-of-line annotations by normalized target, with their document index.
    out_of_line: BTreeMap<String, Vec<(usize, &'d Annotation)>>,
    /// Source location of each type, by id.
    type_locs: Vec<Loc>,
    /// Alternate keys read from annotations, resolved once all fields are known.
    pending_alt: Vec<(TypeId, Loc, Vec<AltKeySpec>)>,
    /// `Key` elements as written, by type.
    syntax_keys: BTreeMap<TypeId, &'d [crate::csdl::syntax::PropertyRef]>,
    /// Namespaces that an `edmx:Reference` includes but no loaded document defines: the
    /// reference's `Uri` and where it is, by namespace.
    referenced: BTreeMap<String, (String, Loc)>,
    /// Structural properties left out because of an error or an unresolved type, by
    /// declaring type and name, with their type when it resolved: a key naming one is not
    /// reported again as naming no property.
    left_out: BTreeMap<(TypeId, String), Option<TypeRef>>,
    /// Every error found so far, with the index of its document: lowering goes on past
    /// one (leaving out what it is about), so a run reports them all.
    errors: Vec<(usize, Diagnostic)>,
    /// Where each operation of the model is declared, for warnings after lowering.
    op_locs: Vec<(OpId, Loc)>,
    model: Model,
}

/// Options for [`lower_with`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LowerOptions {
    /// Leave out (with a warning) properties, navigation properties, operations, entity
    /// sets and singletons whose types do not exist, instead of failing. For metadata known
    /// to be incomplete or defective, such as a snapshot that names a schema it does not
    /// contain. Base types must still resolve, and `Edm.*` types exist. A structural
    /// property of an entity type, which CSDL does not allow (Graph's 2020 beta snapshot
    /// has some), is kept as a value of that type, with a warning.
    pub skip_unresolved: bool,
}

/// Lowers parsed documents (merged, in order) into a [`Model`]. Every type reference must
/// resolve.
#[cfg(test)]
pub fn lower(docs: &[Document]) -> Result<Model> {
    lower_with(docs, LowerOptions::default())
}

/// Lowers parsed documents (merged, in order) into a [`Model`], with options.
///
/// # Errors
/// Every semantic error of the documents (an unknown type, a duplicate, a cyclic base type,
/// a key property that does not exist or is not primitive, ...): lowering leaves out what
/// an error is about and goes on, so all of them are found in one run. One error is
/// [`Error::Csdl`]; more are [`Error::Many`], in document order.
pub fn lower_with(docs: &[Document], options: LowerOptions) -> Result<Model> {
    let mut l = Lowerer {
        options,
        docs,
        aliases: BTreeMap::new(),
        out_of_line: BTreeMap::new(),
        type_locs: Vec::new(),
        pending_alt: Vec::new(),
        syntax_keys: BTreeMap::new(),
        referenced: BTreeMap::new(),
        left_out: BTreeMap::new(),
        errors: Vec::new(),
        op_locs: Vec::new(),
        model: Model::default(),
    };
    l.namespaces();
    l.register_types();
    l.collect_out_of_line();
    // Enum types and type definitions first: a key property may have one.
    l.enums_and_definitions();
    l.structs();
    l.operations();
    l.roots();
    l.imports();
    l.warn_unused_targets();
    let op_locs = std::mem::take(&mut l.op_locs);
    l.warn_unreachable_operations(&op_locs);
    if l.errors.is_empty() {
        return Ok(l.model);
    }
    // Document order: by document, then by place in it (stable for one place).
    l.errors.sort_by_key(|(doc, d)| (*doc, d.pos.offset));
    Err(Error::from_diagnostics(
        l.errors.into_iter().map(|(_, d)| d).collect(),
    ))
}

/// The element type of `Collection(T)`, or `written` itself.
fn element_type(written: &str) -> &str {
    let written = written.trim();
    written
        .strip_prefix("Collection(")
        .and_then(|r| r.strip_suffix(')'))
        .map_or(written, str::trim)
}

/// Whether `written` (or its element type) is in the `Edm` namespace.
fn is_edm(written: &str) -> bool {
    element_type(written).starts_with("Edm.")
}

fn schema_path(ns: &str) -> String {
    format!("Schema({ns})")
}

impl<'d> Lowerer<'d> {
    /// Records an error at `loc`; the caller leaves out what it is about and goes on.
    fn fail(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = &self.docs[loc.doc];
        let diag = Diagnostic::new(&d.path, &d.source, loc.pos, loc.element.clone(), message);
        self.errors.push((loc.doc, diag));
    }

    fn warn(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = &self.docs[loc.doc];
        let diag = Diagnostic::new(&d.path, &d.source, loc.pos, loc.element.clone(), message);
        self.model.warnings.push(diag);
    }

    /// Records, at `loc`, a [`Category::Unsupported`](crate::error::Category::Unsupported)
    /// warning: something valid the generated crate leaves out.
    fn unsupported(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = &self.docs[loc.doc];
        let mut diag = Diagnostic::new(&d.path, &d.source, loc.pos, loc.element.clone(), message);
        diag.category = crate::error::Category::Unsupported;
        self.model.warnings.push(diag);
    }

    fn namespaces(&mut self) {
        for (ns, alias) in caps::KNOWN_VOCABULARIES {
            self.aliases.insert((*ns).to_string(), (*ns).to_string());
            self.aliases.insert((*alias).to_string(), (*ns).to_string());
        }
        for (di, doc) in self.docs.iter().enumerate() {
            for r in &doc.references {
                for inc in &r.includes {
                    self.aliases
                        .insert(inc.namespace.clone(), inc.namespace.clone());
                    if let Some(a) = &inc.alias {
                        self.aliases.insert(a.clone(), inc.namespace.clone());
                    }
                    let loc = Loc {
                        doc: di,
                        pos: r.pos,
                        element: format!("Reference({})", r.uri),
                    };
                    self.referenced
                        .entry(inc.namespace.clone())
                        .or_insert_with(|| (r.uri.clone(), loc));
                }
            }
        }
        for s in self.docs.iter().flat_map(|d| &d.schemas) {
            self.referenced.remove(&s.namespace);
        }
        let main = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .find(|s| !s.containers.is_empty())
            .or_else(|| self.docs.iter().flat_map(|d| &d.schemas).next())
            .map(|s| s.namespace.clone())
            .unwrap_or_default();
        self.model.main_namespace.clone_from(&main);
        for doc in self.docs {
            for s in &doc.schemas {
                self.aliases
                    .insert(s.namespace.clone(), s.namespace.clone());
                if let Some(a) = &s.alias {
                    self.aliases.insert(a.clone(), s.namespace.clone());
                }
                let module = if s.namespace == main {
                    Vec::new()
                } else {
                    let rest = s
                        .namespace
                        .strip_prefix(&format!("{main}."))
                        .unwrap_or(&s.namespace);
                    rest.split('.').map(str::to_owned).collect()
                };
                self.model
                    .namespaces
                    .entry(s.namespace.clone())
                    .or_insert_with(|| Namespace {
                        name: s.namespace.clone(),
                        alias: s.alias.clone(),
                        path: module,
                    });
            }
        }
    }

    /// `graph.accessPackage` or `microsoft.graph.accessPackage` -> `microsoft.graph.accessPackage`.
    fn qualify(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((ns, local)) => match self.aliases.get(ns) {
                Some(full) => format!("{full}.{local}"),
                None => name.to_string(),
            },
            None => name.to_string(),
        }
    }

    fn resolve_type(&self, written: &str) -> std::result::Result<TypeRef, String> {
        let written = written.trim();
        if let Some(inner) = written
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            let inner = self.resolve_type(inner)?;
            if matches!(inner, TypeRef::Collection(_)) {
                return Err(format!("nested collection type `{written}`"));
            }
            return Ok(TypeRef::Collection(Box::new(inner)));
        }
        if let Some(p) = written.strip_prefix("Edm.") {
            return Primitive::from_edm(p)
                .map(TypeRef::Primitive)
                .ok_or_else(|| format!("unknown primitive type `{written}`"));
        }
        let q = self.qualify(written);
        self.model
            .type_index
            .get(&q)
            .map(|&id| TypeRef::Named(id))
            .ok_or_else(|| format!("unknown type `{written}`"))
    }

    /// Resolves the type of a member (property, navigation property, parameter, return
    /// type, entity set or singleton). A type that does not resolve is an error (recorded;
    /// `None`), unless the input was declared to have dangling references
    /// ([`LowerOptions::skip_unresolved`]): then it is a warning and `None`, and the caller
    /// leaves the member out. An unknown `Edm.*` type is an error either way: no document
    /// can define it.
    fn member_type(&mut self, loc: &Loc, written: &str) -> Option<TypeRef> {
        match self.resolve_type(written) {
            Ok(t) => Some(t),
            Err(e) if self.options.skip_unresolved && !is_edm(written) => {
                self.warn(loc, format!("{e}; left out (skip_unresolved)"));
                None
            }
            Err(e) => {
                let message = self.unresolved_message(written, e);
                self.fail(loc, message);
                None
            }
        }
    }

    /// `message` about a type that does not resolve, with what to do when its namespace is
    /// one an `edmx:Reference` includes but no loaded document defines.
    fn unresolved_message(&self, written: &str, message: String) -> String {
        let inner = element_type(written);
        let qualified = self.qualify(inner);
        let Some((ns, _)) = qualified.rsplit_once('.') else {
            return message;
        };
        let Some((uri, loc)) = self.referenced.get(ns) else {
            return message;
        };
        let d = &self.docs[loc.doc];
        format!(
            "{message}: its namespace `{ns}` is included by the `edmx:Reference` to `{uri}` \
             ({}:{}:{}), which is not loaded; add that document to the profile's metadata, or \
             pass --skip-unresolved (`skip_unresolved = true`) to leave out what uses it",
            d.path.display(),
            loc.pos.line,
            loc.pos.col
        )
    }

    fn resolved<'a>(&self, a: &'a Annotation) -> (String, &'a Annotation) {
        (self.qualify(&a.term), a)
    }

    /// Inline annotations only (for elements out-of-line annotations cannot target here).
    fn inline(&self, inline: &'d [Annotation]) -> Applied<'d> {
        Applied(inline.iter().map(|a| self.resolved(a)).collect())
    }

    /// Inline annotations plus out-of-line ones for `target` (consumed).
    fn annotations_for(&mut self, inline: &'d [Annotation], target: &str) -> Applied<'d> {
        let mut out = self.inline(inline);
        if let Some(extra) = self.out_of_line.remove(target) {
            out.0
                .extend(extra.into_iter().map(|(_, a)| self.resolved(a)));
        }
        out
    }

    fn register_types(&mut self) {
        let mut first_seen: BTreeMap<String, Loc> = BTreeMap::new();
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                let entries = s
                    .entity_types
                    .iter()
                    .map(|t| ("EntityType", &t.name, t.pos))
                    .chain(
                        s.complex_types
                            .iter()
                            .map(|t| ("ComplexType", &t.name, t.pos)),
                    )
                    .chain(s.enum_types.iter().map(|t| ("EnumType", &t.name, t.pos)))
                    .chain(
                        s.type_definitions
                            .iter()
                            .map(|t| ("TypeDefinition", &t.name, t.pos)),
                    );
                for (kind, name, pos) in entries {
                    let loc = Loc {
                        doc: di,
                        pos,
                        element: format!("{}/{kind}({name})", schema_path(&s.namespace)),
                    };
                    let qualified = format!("{}.{name}", s.namespace);
                    if let Some(first) = first_seen.get(&qualified) {
                        let fd = &self.docs[first.doc];
                        let message = format!(
                            "duplicate type name `{qualified}` (first defined at {}:{}:{})",
                            fd.path.display(),
                            first.pos.line,
                            first.pos.col
                        );
                        self.fail(&loc, message);
                        continue;
                    }
                    first_seen.insert(qualified.clone(), loc.clone());
                    let id = TypeId(self.model.types.len() as u32);
                    self.model.type_index.insert(qualified.clone(), id);
                    self.model.types.push(TypeDef {
                        id,
                        namespace: s.namespace.clone(),
                        name: name.clone(),
                        qualified,
                        doc: None,
                        kind: TypeKind::Definition(Primitive::Untyped),
                    });
                    self.type_locs.push(loc);
                }
            }
        }
    }

    fn collect_out_of_line(&mut self) {
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for block in &s.annotations {
                    let target = self.normalize_target(&block.target);
                    let entry = self.out_of_line.entry(target).or_default();
                    entry.extend(block.annotations.iter().map(|a| (di, a)));
                }
            }
        }
    }

    fn normalize_target(&self, target: &str) -> String {
        let (head, rest) = match target.find('/') {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        let (head, sig) = match head.find('(') {
            Some(i) => (&head[..i], &head[i..]),
            None => (head, ""),
        };
        format!("{}{sig}{rest}", self.qualify(head))
    }

    fn struct_types(&self) -> Vec<(usize, &'d str, &'d StructuredType, bool)> {
        let mut out = Vec::new();
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for t in &s.entity_types {
                    out.push((di, s.namespace.as_str(), t, true));
                }
                for t in &s.complex_types {
                    out.push((di, s.namespace.as_str(), t, false));
                }
            }
        }
        out
    }

    /// Out-of-line annotations left over target something graphgen does not read (a
    /// parameter, a deeper container path) or something that does not exist; the latter
    /// get a warning (Graph has such targets, so they are not errors).
    fn warn_unused_targets(&mut self) {
        let left = std::mem::take(&mut self.out_of_line);
        let containers: Vec<String> = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .flat_map(|s| {
                s.containers
                    .iter()
                    .map(move |c| format!("{}.{}", s.namespace, c.name))
            })
            .collect();
        let terms: Vec<String> = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .flat_map(|s| {
                s.terms
                    .iter()
                    .map(move |t| format!("{}.{}", s.namespace, t.name))
            })
            .collect();
        for (target, anns) in left {
            let head = target.split(['/', '(']).next().unwrap_or("");
            // A schema, by namespace or alias (`Target="n"`): annotations of the schema
            // itself, which graphgen does not read.
            let schema = self.aliases.contains_key(&target);
            let exists = schema
                || self.model.type_index.contains_key(head) && self.member_exists(&target)
                || containers.iter().any(|c| c == head)
                || terms.iter().any(|t| t == head)
                || self
                    .model
                    .operations
                    .iter()
                    .any(|o| format!("{}.{}", o.namespace, o.name) == head);
            if exists {
                continue;
            }
            if let Some((di, a)) = anns.first() {
                let loc = Loc {
                    doc: *di,
                    pos: a.pos,
                    element: format!("Annotations({target})"),
                };
                self.warn(
                    &loc,
                    format!(
                        "annotation target `{target}` does not exist; its annotations are ignored"
                    ),
                );
            }
        }
    }

    fn member_exists(&self, target: &str) -> bool {
        let mut parts = target.split('/');
        let head = parts.next().unwrap_or("");
        let Some(member) = parts.next() else {
            return true;
        };
        let Some(&id) = self.model.type_index.get(head) else {
            return false;
        };
        match &self.model.ty(id).kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                self.model.all_fields(id).iter().any(|f| f.name == member)
                    || self
                        .model
                        .all_navigations(id)
                        .iter()
                        .any(|(_, _, n)| n.name == member)
            }
            TypeKind::Enum(e) => e.members.iter().any(|m| m.name == member),
            TypeKind::Definition(_) => false,
        }
    }
}
