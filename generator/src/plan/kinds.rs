//! The companion enums of model types, and their names: a `…Kind` enum for each polymorphic
//! base type (a field typed `B` may hold any type derived from `B`, so when derived types of
//! `B` are emitted too, such fields use `BKind`, told apart by `@odata.type`), and a
//! `…Field` enum for each entity type (its structural properties, for a typed `$select`).
//!
//! Their names are claimed per namespace after every type name of the namespace (`…Kind`
//! first, then `…Field`), in type id order, so they never collide with a type.

use std::collections::{BTreeMap, BTreeSet};

use super::builders::{Builders, used_operations};
use super::names::Names;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Namer};

/// The `…Kind` enum of a polymorphic base type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Kind {
    /// The enum's name, unique among the types of the base type's namespace.
    pub(crate) name: String,
    /// Variants: the base type first, then the emitted derived types by id.
    pub(crate) variants: Vec<(TypeId, String)>,
}

/// Finds the polymorphic base types of `sel` and names their enums (callers keep the
/// [`referenced`] ones).
pub(crate) fn compute(model: &Model, sel: &Selection, names: &Names) -> BTreeMap<TypeId, Kind> {
    let mut namers = type_namers(model, names);
    let mut out = BTreeMap::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() || model.struct_def(id).is_none() {
            continue;
        }
        let derived: Vec<TypeId> = model
            .all_derived(id)
            .into_iter()
            .filter(|d| sel.types.contains(d) && model.struct_def(*d).is_some())
            .collect();
        if derived.is_empty() {
            continue;
        }
        let base = model.ty(id);
        let name = namers
            .entry(base.namespace.as_str())
            .or_default()
            .claim(naming::kind_enum_name(names.ty(id)));
        let mut variant_names = Namer::new();
        let variants = std::iter::once(id)
            .chain(derived)
            .map(|t| (t, variant_names.claim(names.ty(t).to_owned())))
            .collect();
        out.insert(id, Kind { name, variants });
    }
    out
}

/// One [`Namer`] per namespace holding every type name of the namespace.
fn type_namers<'m>(model: &'m Model, names: &Names) -> BTreeMap<&'m str, Namer> {
    let mut namers: BTreeMap<&str, Namer> = BTreeMap::new();
    for ty in &model.types {
        namers
            .entry(ty.namespace.as_str())
            .or_default()
            .claim(names.ty(ty.id).to_owned());
    }
    namers
}

/// The types that some emitted field, navigation property, request body or operation
/// parameter holds: only those of them that are polymorphic need a `…Kind` enum.
pub(crate) fn referenced(model: &Model, sel: &Selection, builders: &Builders) -> BTreeSet<TypeId> {
    fn named(tr: &TypeRef) -> Option<TypeId> {
        match tr {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Collection(inner) => named(inner),
            TypeRef::Primitive(_) => None,
        }
    }
    let mut out = BTreeSet::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() || model.struct_def(id).is_none() {
            continue;
        }
        out.extend(model.all_fields(id).iter().filter_map(|f| named(&f.ty)));
        out.extend(
            model
                .all_navigations(id)
                .iter()
                .map(|(_, _, n)| n.target)
                .filter(|t| sel.types.contains(t)),
        );
    }
    out.extend(
        builders
            .items
            .iter()
            .filter(|(_, b)| b.patch || b.put)
            .map(|(t, _)| *t),
    );
    out.extend(
        builders
            .collections
            .values()
            .filter(|b| b.create)
            .map(|b| b.ty),
    );
    for op in used_operations(sel, &builders.items, &builders.collections) {
        out.extend(model.op(op).params.iter().filter_map(|p| named(&p.ty)));
    }
    out
}

/// The name of each emitted entity type's `…Field` enum, unique in its namespace: claimed
/// after every type name and every `…Kind` name of the namespace, in type id order.
pub(crate) fn field_enums(
    model: &Model,
    sel: &Selection,
    names: &Names,
    kinds: &BTreeMap<TypeId, Kind>,
) -> BTreeMap<TypeId, String> {
    let mut namers = type_namers(model, names);
    for (&base, k) in kinds {
        namers
            .entry(model.ty(base).namespace.as_str())
            .or_default()
            .claim(k.name.clone());
    }
    let mut out = BTreeMap::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() {
            continue;
        }
        let ty = model.ty(id);
        if !matches!(ty.kind, TypeKind::Entity(_)) {
            continue;
        }
        let name = namers
            .entry(ty.namespace.as_str())
            .or_default()
            .claim(naming::field_enum_name(names.ty(id)));
        out.insert(id, name);
    }
    out
}
