//! Cargo features per top-level path root: which roots need each emitted item (its
//! [`Gate`], which the emitter writes as `#[cfg(any(feature = …))]`).
//!
//! With root features on, each entity set or singleton of the profile is a Cargo feature
//! named like its `Client` method (`users`, `identity_governance`). An item (model type,
//! builder, builder method, `…Kind` variant, parameter struct) is compiled when any root that
//! needs it is on: `#[cfg(any(feature = "users", feature = "groups"))]`. What a root needs
//! is its [`RootSelection`], whose closure guarantees that everything an item refers to is
//! needed by every root that needs the item. An item every root needs (and everything with
//! root features off) has no attribute; so has the rest of the profile (its `Client`, the
//! module tree), which the profile's own feature already gates.

use std::collections::{BTreeMap, BTreeSet};

use super::Gate;
use super::builders::{closure, used_operations};
use super::names::Names;
use crate::ir::select::{Edge, RootSelection};
use crate::ir::{Model, OpId, TypeId};
use crate::naming;

/// A method of a request builder that may need fewer roots than its builder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Member {
    /// An item's `get`/`get_request`.
    Get,
    /// An item's `patch`.
    Patch,
    /// An item's `put`.
    Put,
    /// An item's `delete`.
    Delete,
    /// An item's navigation method (declaring type, index).
    Nav(TypeId, usize),
    /// A bound operation.
    Op(OpId),
    /// An item's media resource (`None`: `$value`; else the stream property), read
    /// (`false`) or replaced (`true`).
    Media(Option<(TypeId, usize)>, bool),
    /// A type-cast method (`as_<type>`) to this derived type.
    Cast(TypeId),
    /// The builder of a composable function's result (`<function>_builder`).
    Composed(OpId),
    /// A collection's `list`.
    List,
    /// A collection's `post`.
    Create,
    /// A collection's `count`.
    Count,
    /// A collection's `refs`.
    Refs,
    /// A collection's key lookups (`by_id`, alternate keys).
    ByKey,
}

/// The roots that need either of two items (what a module holding both needs): `None`
/// (always) when either always is.
pub(crate) fn either(a: &Option<Gate>, b: &Option<Gate>) -> Option<Gate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.union(b).copied().collect()),
        _ => None,
    }
}

/// Which roots need each item of a profile; empty when root features are off.
#[derive(Debug, Clone, Default)]
pub(crate) struct Gates {
    /// Feature names, one per root selection, in the selections' order.
    features: Vec<String>,
    /// The feature of each root (by index into `Model::roots`).
    roots: BTreeMap<usize, usize>,
    types: BTreeMap<TypeId, Gate>,
    items: BTreeMap<TypeId, Gate>,
    item_members: BTreeMap<(TypeId, Member), Gate>,
    collections: BTreeMap<Edge, Gate>,
    collection_members: BTreeMap<(Edge, Member), Gate>,
    params: BTreeMap<OpId, Gate>,
}

/// The Cargo feature of root `root` (an index into `Model::roots`): the name of its
/// `Client` method, without `r#`.
fn feature_name(names: &Names, root: usize) -> String {
    naming::unraw(names.root(root)).to_owned()
}

/// The members a builder has: those of `flags` that are on, and its operations.
fn members<const N: usize>(
    flags: [(bool, Member); N],
    operations: &BTreeSet<OpId>,
) -> impl Iterator<Item = Member> + '_ {
    let on = flags.into_iter().filter(|(on, _)| *on).map(|(_, m)| m);
    on.chain(operations.iter().map(|&op| Member::Op(op)))
}

impl Gates {
    /// Inverts the root selections: for each item, the roots whose selection holds it.
    pub(crate) fn compute(model: &Model, names: &Names, roots: &[RootSelection]) -> Gates {
        let mut g = Gates::default();
        for (f, r) in roots.iter().enumerate() {
            g.features.push(feature_name(names, r.root));
            g.roots.insert(r.root, f);
            let sel = &r.selection;
            for &t in &sel.types {
                g.types.entry(t).or_default().insert(f);
            }
            let (items, collections) = closure(model, sel);
            for (&ty, b) in &items {
                g.items.entry(ty).or_default().insert(f);
                let flags = [
                    (b.get, Member::Get),
                    (b.patch, Member::Patch),
                    (b.put, Member::Put),
                    (b.delete, Member::Delete),
                ];
                let navs = b.navs.union(&b.nav_refs).map(|&(o, i)| Member::Nav(o, i));
                let media = (b.media_get.iter().map(|&s| Member::Media(s, false)))
                    .chain(b.media_put.iter().map(|&s| Member::Media(s, true)));
                let casts = b.casts.iter().map(|&d| Member::Cast(d));
                let composed = b.composed.iter().map(|&op| Member::Composed(op));
                for m in members(flags, &b.operations)
                    .chain(navs)
                    .chain(media)
                    .chain(casts)
                    .chain(composed)
                {
                    g.item_members.entry((ty, m)).or_default().insert(f);
                }
            }
            for (&edge, b) in &collections {
                g.collections.entry(edge).or_default().insert(f);
                let flags = [
                    (b.list, Member::List),
                    (b.create, Member::Create),
                    (b.count, Member::Count),
                    (b.refs, Member::Refs),
                    (b.by_key, Member::ByKey),
                ];
                let casts = b.casts.iter().map(|&d| Member::Cast(d));
                let composed = b.composed.iter().map(|&op| Member::Composed(op));
                for m in members(flags, &b.operations).chain(casts).chain(composed) {
                    g.collection_members.entry((edge, m)).or_default().insert(f);
                }
            }
            for op in used_operations(sel, &items, &collections) {
                g.params.entry(op).or_default().insert(f);
            }
        }
        g
    }

    /// The feature names, one per root selection; [`Gate`]s index into them.
    pub(crate) fn features(&self) -> &[String] {
        &self.features
    }

    /// The gate an item compiles with: `gate`, unless root features are off, every root
    /// needs it, or it needs exactly the roots of the item it belongs to (`within`).
    fn own(&self, gate: Option<&Gate>, within: Option<&Gate>) -> Option<Gate> {
        let gate = gate?;
        if gate.len() == self.features.len() || within.is_some_and(|w| w == gate) {
            return None;
        }
        Some(gate.clone())
    }

    /// The gate of the model items of type `id` (struct, enum, alias, `…Field`, `…Kind`).
    pub(crate) fn ty(&self, id: TypeId) -> Option<Gate> {
        self.own(self.types.get(&id), None)
    }

    /// The gate of the `…Kind` variant for the derived type `id` of `base`, when it needs
    /// fewer roots than the enum.
    pub(crate) fn variant(&self, base: TypeId, id: TypeId) -> Option<Gate> {
        self.own(self.types.get(&id), self.types.get(&base))
    }

    /// The gate of the item builder of `ty` (and its extra `impl` blocks).
    pub(crate) fn item(&self, ty: TypeId) -> Option<Gate> {
        self.own(self.items.get(&ty), None)
    }

    /// The gate of a method of the item builder of `ty`, beyond the builder's.
    pub(crate) fn item_member(&self, ty: TypeId, m: Member) -> Option<Gate> {
        self.own(self.item_members.get(&(ty, m)), self.items.get(&ty))
    }

    /// The gate of the collection builder of `edge`.
    pub(crate) fn collection(&self, edge: Edge) -> Option<Gate> {
        self.own(self.collections.get(&edge), None)
    }

    /// The gate of a method of the collection builder of `edge`, beyond the builder's.
    pub(crate) fn collection_member(&self, edge: Edge, m: Member) -> Option<Gate> {
        self.own(
            self.collection_members.get(&(edge, m)),
            self.collections.get(&edge),
        )
    }

    /// The gate of the parameter struct of `op`.
    pub(crate) fn params(&self, op: OpId) -> Option<Gate> {
        self.own(self.params.get(&op), None)
    }

    /// The gate of the `Client` method of root `root`: its own feature.
    pub(crate) fn root(&self, root: usize) -> Option<Gate> {
        let gate: Option<Gate> = self.roots.get(&root).map(|&f| [f].into());
        self.own(gate.as_ref(), None)
    }
}
