//! The type side of a selection: type roots named by the configuration, and the closure
//! that makes the emitted type set complete.

use std::collections::BTreeSet;

use super::Selection;
use super::pattern::Glob;
use crate::error::{Error, Result};
use crate::ir::{Model, TypeId, TypeKind, TypeRef};

/// Resolves type roots: qualified names (`microsoft.graph.accessPackage`) or globs over
/// them (`microsoft.graph.security.*`, see [`Glob::dotted`]).
///
/// # Errors
/// Names the model does not define and globs that match no type, all in one message.
pub fn type_roots(model: &Model, names: &[String]) -> Result<BTreeSet<TypeId>> {
    let mut out = BTreeSet::new();
    let mut unknown = Vec::new();
    for name in names {
        let name = name.trim();
        if name.contains('*') {
            let glob = Glob::dotted(name)?;
            let matched: Vec<TypeId> = model
                .type_index
                .iter()
                .filter(|(q, _)| glob.matches_dotted(q))
                .map(|(_, &t)| t)
                .collect();
            if matched.is_empty() {
                unknown.push(format!("`{name}` (matches no type)"));
            }
            out.extend(matched);
        } else if let Some(&t) = model.type_index.get(name) {
            out.insert(t);
        } else {
            let hint = model
                .type_index
                .keys()
                .find(|q| q.eq_ignore_ascii_case(name))
                .map(|q| format!(" (did you mean `{q}`?)"))
                .unwrap_or_default();
            unknown.push(format!("`{name}`{hint}"));
        }
    }
    if unknown.is_empty() {
        Ok(out)
    } else {
        Err(Error::Selection(format!(
            "unknown type{} in the selection's types: {} (write qualified names such as `microsoft.graph.user`, or globs such as `microsoft.graph.security.*`)",
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        )))
    }
}

/// Closes the type set over operation parameters and returns, base types, structural
/// property types, and the derived types of abstract complex types; and also over the
/// navigation property targets that are in `navigation_targets`, if given (see
/// [`super::roots`]).
pub fn close_types(
    model: &Model,
    sel: &mut Selection,
    navigation_targets: Option<&BTreeSet<TypeId>>,
) {
    let mut work: Vec<TypeId> = sel.types.iter().copied().collect();
    for &op in &sel.operations {
        let o = model.op(op);
        let refs = o
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(o.returns.iter().map(|r| &r.ty));
        work.extend(refs.filter_map(named));
    }
    let mut done: BTreeSet<TypeId> = BTreeSet::new();
    while let Some(t) = work.pop() {
        if !done.insert(t) {
            continue;
        }
        sel.types.insert(t);
        let Some(def) = model.struct_def(t) else {
            continue;
        };
        work.extend(def.base);
        work.extend(def.fields.iter().filter_map(|f| named(&f.ty)));
        if let Some(within) = navigation_targets {
            work.extend(
                def.navigations
                    .iter()
                    .map(|n| n.target)
                    .filter(|t| within.contains(t)),
            );
        }
        if matches!(model.ty(t).kind, TypeKind::Complex(_)) && def.is_abstract {
            work.extend(model.all_derived(t));
        }
    }
}

fn named(r: &TypeRef) -> Option<TypeId> {
    match r {
        TypeRef::Named(t) => Some(*t),
        TypeRef::Collection(inner) => named(inner),
        TypeRef::Primitive(_) => None,
    }
}
