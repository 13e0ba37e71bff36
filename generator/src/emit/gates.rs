//! Cargo features per top-level path root: which roots need each emitted item, and the
//! `#[cfg(…)]` attribute that says so.
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

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{closure, used_operations};
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

/// The roots (indexes into the features) that need an item.
type Gate = BTreeSet<usize>;

/// The roots that need an item, or `None` when it is always compiled (root features are
/// off, or every root needs it).
pub(crate) type Need = Option<Gate>;

/// The roots that need either of two items (what a module holding both needs).
pub(crate) fn either(a: &Need, b: &Need) -> Need {
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

/// The Cargo feature of root `root` (an index into [`Model::roots`]): the name of its
/// `Client` method, without `r#`.
pub fn feature_name(model: &Model, root: usize) -> String {
    model
        .roots
        .get(root)
        .map(|r| naming::unraw(&r.name.rust).to_owned())
        .unwrap_or_default()
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
    pub(crate) fn compute(model: &Model, roots: &[RootSelection]) -> Gates {
        let mut g = Gates::default();
        for (f, r) in roots.iter().enumerate() {
            g.features.push(feature_name(model, r.root));
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
                for m in members(flags, &b.operations).chain(navs) {
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
                for m in members(flags, &b.operations) {
                    g.collection_members.entry((edge, m)).or_default().insert(f);
                }
            }
            for op in used_operations(sel, &items, &collections) {
                g.params.entry(op).or_default().insert(f);
            }
        }
        g
    }

    /// `#[cfg(any(feature = "a", …))]` for `gate`, or nothing when the item needs no gate
    /// of its own: root features are off, every root needs it, or it needs exactly the roots
    /// of the item it belongs to (`within`).
    fn attr(&self, gate: Option<&Gate>, within: Option<&Gate>) -> TokenStream {
        match self.meta(gate, within) {
            Some(meta) => quote!(#[cfg(#meta)]),
            None => TokenStream::new(),
        }
    }

    /// `need` as a [`Need`]: `None` for an item every root needs.
    fn need(&self, gate: Option<&Gate>) -> Need {
        gate.filter(|g| g.len() != self.features.len()).cloned()
    }

    /// The `#[cfg(…)]` of something `need` says is needed (a module, say).
    pub(crate) fn cfg(&self, need: &Need) -> TokenStream {
        self.attr(need.as_ref(), None)
    }

    /// What needs the model items of type `id`.
    pub(crate) fn ty_need(&self, id: TypeId) -> Need {
        self.need(self.types.get(&id))
    }

    /// What needs the item builder of `ty`.
    pub(crate) fn item_need(&self, ty: TypeId) -> Need {
        self.need(self.items.get(&ty))
    }

    /// What needs the collection builder of `edge`.
    pub(crate) fn collection_need(&self, edge: Edge) -> Need {
        self.need(self.collections.get(&edge))
    }

    /// What needs the parameter struct of `op`.
    pub(crate) fn params_need(&self, op: OpId) -> Need {
        self.need(self.params.get(&op))
    }

    /// The `any(feature = "a", …)` of [`Gates::attr`].
    fn meta(&self, gate: Option<&Gate>, within: Option<&Gate>) -> Option<TokenStream> {
        let gate = gate?;
        if gate.len() == self.features.len() || within.is_some_and(|w| w == gate) {
            return None;
        }
        let names = gate.iter().map(|&f| self.features[f].as_str());
        Some(quote!(any(#(feature = #names),*)))
    }

    /// The attribute of the model items of type `id` (struct, enum, alias, `…Field`,
    /// `…Kind`).
    pub(crate) fn ty(&self, id: TypeId) -> TokenStream {
        self.attr(self.types.get(&id), None)
    }

    /// The `any(…)` of a `…Kind` variant for the derived type `id` of `base`, when it needs
    /// fewer roots than the enum.
    pub(crate) fn variant(&self, base: TypeId, id: TypeId) -> Option<TokenStream> {
        self.meta(self.types.get(&id), self.types.get(&base))
    }

    /// The attribute of the item builder of `ty` (and its extra `impl` blocks).
    pub(crate) fn item(&self, ty: TypeId) -> TokenStream {
        self.attr(self.items.get(&ty), None)
    }

    /// The attribute of a method of the item builder of `ty`.
    pub(crate) fn item_member(&self, ty: TypeId, m: Member) -> TokenStream {
        self.attr(self.item_members.get(&(ty, m)), self.items.get(&ty))
    }

    /// The attribute of the collection builder of `edge`.
    pub(crate) fn collection(&self, edge: Edge) -> TokenStream {
        self.attr(self.collections.get(&edge), None)
    }

    /// The attribute of a method of the collection builder of `edge`.
    pub(crate) fn collection_member(&self, edge: Edge, m: Member) -> TokenStream {
        self.attr(
            self.collection_members.get(&(edge, m)),
            self.collections.get(&edge),
        )
    }

    /// The attribute of the parameter struct of `op`.
    pub(crate) fn params(&self, op: OpId) -> TokenStream {
        self.attr(self.params.get(&op), None)
    }

    /// The attribute of the `Client` method of root `root`: its own feature.
    pub(crate) fn root(&self, root: usize) -> TokenStream {
        let gate: Option<Gate> = self.roots.get(&root).map(|&f| [f].into());
        self.attr(gate.as_ref(), None)
    }
}
