//! Which private module of its namespace module an item goes to.
//!
//! An item goes to the module named by the lower-cased first letter of its name (`a`, `b`,
//! …, `other` for names that do not start with an ASCII letter). When the items of such a
//! module would add up to more than [`BUDGET`] lines (estimated from their members before
//! anything is emitted), it is split by the next character of the names (`ac`, `ad`, …), and
//! so on, so no file grows past a few thousand lines however big the metadata: rustc also
//! gets many small modules instead of a few huge ones. A small crate keeps one module per
//! letter.
//!
//! The split is decided up front (and only from names and member counts), so every path the
//! emitter writes can name the module an item will be in.

use std::collections::{BTreeMap, BTreeSet};

use super::context::Top;
use super::names::BuilderNames;
use super::poly::Poly;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeKind};
use crate::naming;

/// The most estimated lines a module holds before it is split by a longer name prefix.
pub(crate) const BUDGET: usize = 2500;

/// The longest prefix a module name is made of (beta has hundreds of builders named
/// `DeviceManagement…`).
const MAX_PREFIX: usize = 32;

/// The prefixes whose modules are split, per namespace module.
#[derive(Debug, Default)]
pub(crate) struct Buckets {
    split: BTreeSet<(Top, Vec<String>, String)>,
}

/// One item to place: where, its name, and its estimated size in lines.
struct Item {
    top: Top,
    ns: Vec<String>,
    key: String,
    weight: usize,
}

/// The lower-cased ASCII letters and digits of `name`: what prefixes are taken from.
fn key(name: &str) -> String {
    naming::unraw(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

impl Buckets {
    /// Decides the splits for every item the profile emits.
    pub(crate) fn compute(
        model: &Model,
        sel: &Selection,
        names: &BuilderNames,
        poly: &BTreeMap<TypeId, Poly>,
        fields: &BTreeMap<TypeId, String>,
    ) -> Buckets {
        let mut items = Vec::new();
        let mut add = |top: Top, ns: &[String], name: &str, weight: usize| {
            items.push(Item {
                top,
                ns: ns.to_vec(),
                key: key(name),
                weight,
            });
        };
        // The estimates are rough line counts of the emitted items (docs and serde
        // attributes included); only their relative size matters much.
        let members = |id: TypeId| model.all_fields(id).len() + model.all_navigations(id).len();
        for &id in &sel.types {
            if (id.0 as usize) >= model.types.len() {
                continue;
            }
            let ty = model.ty(id);
            let weight = match &ty.kind {
                TypeKind::Entity(_) | TypeKind::Complex(_) => 20 + 9 * members(id),
                TypeKind::Enum(e) => 20 + 8 * e.members.len(),
                _ => 4,
            };
            add(Top::Models, model.module_of(id), &ty.name.rust, weight);
        }
        for (&base, p) in poly {
            let ns = model.module_of(base);
            add(Top::Models, ns, &p.kind_name, 40 + 12 * p.variants.len());
        }
        for (&id, name) in fields {
            let ns = model.module_of(id);
            add(Top::Models, ns, name, 25 + 5 * model.all_fields(id).len());
        }
        for (&ty, b) in &names.items {
            let Some(name) = names.item_names.get(&ty) else {
                continue;
            };
            // Past `METHODS_PER_IMPL` navigation and operation methods, the rest go to
            // modules of their own; an operation is about three navigations' worth of lines.
            let navs = b.navs.union(&b.nav_refs).count();
            let own = (navs + b.operations.len()).min(super::requests::METHODS_PER_IMPL);
            let ops_share = b.operations.len().min(own);
            let lines = 120 + 15 * (own - ops_share) + 45 * ops_share;
            add(Top::Requests, model.module_of(ty), name, lines);
        }
        for (edge, b) in &names.collections {
            let Some(name) = names.collection_names.get(edge) else {
                continue;
            };
            let ns = model.module_of(b.ty);
            add(Top::Requests, ns, name, 150 + 50 * b.operations.len());
        }
        for (&op, name) in &names.params_names {
            let o = model.op(op);
            let Some(binding) = o.binding else { continue };
            let ns = model.module_of(binding.ty);
            add(Top::Requests, ns, name, 20 + 10 * o.params.len());
        }
        let mut split = BTreeSet::new();
        for len in 1..MAX_PREFIX {
            let mut totals: BTreeMap<(Top, &[String], &str), (usize, bool)> = BTreeMap::new();
            for item in &items {
                if item.key.len() < len {
                    continue;
                }
                let parent_split = len == 1
                    || split.contains(&(item.top, item.ns.clone(), item.key[..len - 1].to_owned()));
                if !parent_split {
                    continue;
                }
                let entry = totals
                    .entry((item.top, item.ns.as_slice(), &item.key[..len]))
                    .or_default();
                entry.0 += item.weight;
                entry.1 |= item.key.len() > len;
            }
            let mut any = false;
            for ((top, ns, prefix), (weight, longer)) in totals {
                if weight > BUDGET && longer {
                    split.insert((top, ns.to_vec(), prefix.to_owned()));
                    any = true;
                }
            }
            if !any {
                break;
            }
        }
        Buckets { split }
    }

    /// The module of namespace module `ns` under `top` that the item `name` goes to; the
    /// result is never a keyword (`as` becomes `as_`) and never one of `reserved` (the
    /// namespace's child modules), which get a `_` appended.
    pub(crate) fn bucket(
        &self,
        top: Top,
        ns: &[String],
        name: &str,
        reserved: &[String],
    ) -> String {
        let key = key(name);
        let starts_with_letter = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        let mut out = if starts_with_letter {
            let mut len = 1;
            while len < key.len()
                && self
                    .split
                    .contains(&(top, ns.to_vec(), key[..len].to_owned()))
            {
                len += 1;
            }
            key[..len].to_owned()
        } else {
            "other".to_owned()
        };
        while naming::is_keyword(&out) || reserved.contains(&out) {
            out.push('_');
        }
        out
    }
}
