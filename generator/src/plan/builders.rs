//! Which request builders exist and what they are called (and the parameter structs of
//! their operations).
//!
//! * `<Type>Item` — one entity of an entity type (`AccessPackageItem`).
//! * `<Owner><Nav>Collection` — a contained collection-valued navigation property
//!   (`EntitlementManagementAccessPackagesCollection`); `<EntitySet>Collection` for an entity
//!   set (`GroupsCollection`).
//! * `<Type>CastCollection` — a collection cast to the derived type (`…/people/n.Manager`),
//!   one per derived type whichever collection it is cast from (`ManagerCastCollection`).
//! * `<Operation>Params` — the parameters of a bound action or function
//!   (`GetApplicablePolicyRequirementsParams`); `<Binding><Operation>Params` when another
//!   operation of the same namespace already took that name. An imported (unbound) operation's
//!   struct is in the requests module of the operation's namespace.
//!
//! Names are claimed through one [`Namer`] per requests namespace module, items first (by
//! type id), then collections (by edge), then parameter structs (by operation id), so they
//! never collide and do not depend on the order of work.

use std::collections::{BTreeMap, BTreeSet};

use super::names::Names;
use crate::ir::select::{CollectionBuilder, Edge, ItemBuilder, Selection};
use crate::ir::{Model, OpId, RootKind, TypeId};
use crate::naming::{self, Namer};

/// The request builders of a profile and their names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Builders {
    /// Item builders to emit: the selection's, plus empty ones for entity types that another
    /// builder leads to (singletons, `by_id`, contained single-valued navigation).
    pub(crate) items: BTreeMap<TypeId, ItemBuilder>,
    /// Collection builders to emit: the selection's, plus empty ones that another builder
    /// leads to (selected entity sets, contained collection-valued navigation).
    pub(crate) collections: BTreeMap<Edge, CollectionBuilder>,
    /// Item builder names.
    pub(crate) item_names: BTreeMap<TypeId, String>,
    /// Collection builder names.
    pub(crate) collection_names: BTreeMap<Edge, String>,
    /// Parameter struct names of the operations that have parameters.
    pub(crate) params_names: BTreeMap<OpId, String>,
}

impl Builders {
    /// Decides the builders and their names.
    pub(crate) fn compute(model: &Model, sel: &Selection, names: &Names) -> Self {
        let (items, collections) = closure(model, sel);
        let mut namers: BTreeMap<Vec<String>, Namer> = BTreeMap::new();

        let mut item_names = BTreeMap::new();
        for &t in items.keys() {
            let name =
                namer(&mut namers, model, names, t).claim(naming::item_builder_name(names.ty(t)));
            item_names.insert(t, name);
        }
        let mut collection_names = BTreeMap::new();
        for (edge, builder) in &collections {
            let candidate = match *edge {
                Edge::Root(i) => {
                    let wire = model.roots.get(i).map(|r| r.name.as_str());
                    naming::collection_builder_name(None, wire.unwrap_or_default())
                }
                Edge::Nav { owner, nav } => {
                    let nav_wire = &model
                        .navigation(owner, nav)
                        .map(|n| n.name.clone())
                        .unwrap_or_default();
                    naming::collection_builder_name(Some(names.ty(owner)), nav_wire)
                }
                Edge::Cast(d) => naming::cast_collection_builder_name(names.ty(d)),
            };
            collection_names.insert(
                *edge,
                namer(&mut namers, model, names, builder.ty).claim(candidate),
            );
        }
        let mut params_names = BTreeMap::new();
        for op_id in used_operations(sel, &items, &collections) {
            let op = model.op(op_id);
            let Some(binding) = op.binding else { continue };
            if op.params.is_empty() {
                continue;
            }
            let plain = naming::params_struct_name(names.op(op_id), None);
            let n = namer(&mut namers, model, names, binding.ty);
            let name = if n.is_taken(&plain) {
                n.claim(naming::params_struct_name(
                    names.op(op_id),
                    Some(names.ty(binding.ty)),
                ))
            } else {
                n.claim(plain)
            };
            params_names.insert(op_id, name);
        }
        // Imported (unbound) operations, in the module of their namespace, named after the
        // `Client` method of their first import (`find_with_name` takes `FindWithNameParams`:
        // an import's overloads are told apart by their parameters).
        let mut imported: BTreeMap<OpId, &str> = BTreeMap::new();
        for &(i, op) in &sel.imports {
            imported.entry(op).or_insert_with(|| names.import(i, op));
        }
        for (op_id, stem) in imported {
            let op = model.op(op_id);
            if op.binding.is_some() || op.params.is_empty() {
                continue;
            }
            let name = namers
                .entry(names.module_of_ns(&op.namespace).to_vec())
                .or_default()
                .claim(naming::params_struct_name(stem, None));
            params_names.insert(op_id, name);
        }
        Builders {
            items,
            collections,
            item_names,
            collection_names,
            params_names,
        }
    }
}

/// The namer of the requests module that builders of `ty` go to.
fn namer<'n>(
    namers: &'n mut BTreeMap<Vec<String>, Namer>,
    model: &Model,
    names: &Names,
    ty: TypeId,
) -> &'n mut Namer {
    namers
        .entry(names.module_of(model.ty(ty)).to_vec())
        .or_default()
}

/// Operations that appear on an emitted builder (and are selected), sorted.
pub(crate) fn used_operations(
    sel: &Selection,
    items: &BTreeMap<TypeId, ItemBuilder>,
    collections: &BTreeMap<Edge, CollectionBuilder>,
) -> BTreeSet<OpId> {
    items
        .values()
        .flat_map(|b| b.operations.union(&b.composed))
        .chain(
            collections
                .values()
                .flat_map(|b| b.operations.union(&b.composed)),
        )
        .filter(|op| sel.operations.contains(op))
        .copied()
        .collect()
}

/// The selection's builders plus the ones they lead to.
pub(crate) fn closure(
    model: &Model,
    sel: &Selection,
) -> (
    BTreeMap<TypeId, ItemBuilder>,
    BTreeMap<Edge, CollectionBuilder>,
) {
    let mut items = sel.items.clone();
    let mut collections = sel.collections.clone();
    for &i in &sel.roots {
        let Some(root) = model.roots.get(i) else {
            continue;
        };
        match root.kind {
            RootKind::Singleton => {
                items.entry(root.ty).or_default();
            }
            RootKind::EntitySet => {
                collections
                    .entry(Edge::Root(i))
                    .or_insert_with(|| CollectionBuilder::new(root.ty));
            }
        }
    }
    let navs: Vec<(TypeId, usize)> = items
        .values()
        .flat_map(|b| b.navs.iter().copied())
        .collect();
    let casts: Vec<TypeId> = items
        .values()
        .flat_map(|b| b.casts.iter().copied())
        .collect();
    for d in casts {
        items.entry(d).or_default();
    }
    let composed: Vec<TypeId> = (items.values().flat_map(|b| b.composed.iter()))
        .chain(collections.values().flat_map(|b| b.composed.iter()))
        .filter_map(|&op| crate::ir::paths::composed_result(model, op))
        .collect();
    for t in composed {
        items.entry(t).or_default();
    }
    let cast_collections: Vec<TypeId> = collections
        .values()
        .flat_map(|b| b.casts.iter().copied())
        .collect();
    for d in cast_collections {
        collections
            .entry(Edge::Cast(d))
            .or_insert_with(|| CollectionBuilder::new(d));
    }
    for (owner, index) in navs {
        let Some(nav) = model.navigation(owner, index) else {
            continue;
        };
        if !nav.contains_target {
            continue;
        }
        if nav.collection {
            collections
                .entry(Edge::Nav { owner, nav: index })
                .or_insert_with(|| CollectionBuilder::new(nav.target));
        } else {
            items.entry(nav.target).or_default();
        }
    }
    let keyed: Vec<TypeId> = collections
        .values()
        .filter(|c| c.by_key)
        .map(|c| c.ty)
        .collect();
    for t in keyed {
        items.entry(t).or_default();
    }
    (items, collections)
}
