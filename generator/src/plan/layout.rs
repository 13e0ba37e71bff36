//! Which module (file) each item goes to, and the modules' docs and gates.
//!
//! Inside each namespace module, items are spread over files named after the first words of
//! their names: `access_package.rs` holds `AccessPackage`, `AccessPackageField`,
//! `AccessPackageAssignment`, … When the items of such a file would add up to more than
//! [`BUDGET`] lines (estimated from their members before anything is emitted), it is split by
//! the next word (`access_package_assignment.rs`, `access_package_catalog.rs`, …; the items
//! named by the prefix itself stay), and so on, so no file grows past a few thousand lines
//! however big the metadata, and a file's name says what it holds: a diff of the generated
//! crate names the API it changes. A small crate keeps one file per first word.
//!
//! The split is decided up front (and only from names and member counts), so every path the
//! emitter writes can name the module an item will be in.

use std::collections::{BTreeMap, BTreeSet};

use super::builders::Builders;
use super::features::either;
use super::kinds::Kind;
use super::names::Names;
use super::{Ctx, Gate, Item, ItemKind, ModulePlan, Place, Top};
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeKind};
use crate::naming;

/// The module of model types.
pub(crate) const MODELS: &str = "models";
/// The module of request builders.
pub(crate) const REQUESTS: &str = "requests";

/// The most navigation and operation methods an item builder's own `impl` holds; the rest go
/// to further `impl` blocks in modules of their own (`workbook_2`, …), so that a builder with
/// hundreds of operations (`workbookFunctions`) does not make one huge file.
pub(crate) const METHODS_PER_IMPL: usize = 50;

/// The most estimated lines a module holds before it is split by a longer name prefix.
pub(crate) const BUDGET: usize = 2500;

/// The most words a file name is made of (beta has hundreds of builders named
/// `DeviceManagement…`).
const MAX_WORDS: usize = 8;

/// The prefixes whose modules are split, per namespace module, and the namespace modules.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    split: BTreeSet<(Top, Vec<String>, String)>,
    /// Child namespace module names of each namespace module path.
    ns_children: BTreeMap<Vec<String>, BTreeSet<String>>,
}

/// One item to place: where, the words of its name, and its estimated size in lines.
struct Weighed {
    top: Top,
    ns: Vec<String>,
    words: Vec<String>,
    weight: usize,
}

impl Layout {
    /// Decides the splits for every item the profile emits.
    pub(crate) fn compute(
        model: &Model,
        sel: &Selection,
        naming: &Names,
        names: &Builders,
        poly: &BTreeMap<TypeId, Kind>,
        fields: &BTreeMap<TypeId, String>,
    ) -> Layout {
        let mut ns_children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        for (_, module) in naming.modules() {
            for i in 0..module.len() {
                ns_children
                    .entry(module[..i].to_vec())
                    .or_default()
                    .insert(module[i].clone());
            }
        }
        let mut items = Vec::new();
        let mut add = |top: Top, ns: &[String], name: &str, weight: usize| {
            items.push(Weighed {
                top,
                ns: ns.to_vec(),
                words: naming::name_words(name),
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
            add(Top::Models, naming.module_of(ty), naming.ty(id), weight);
        }
        for (&base, p) in poly {
            let ns = naming.module_of(model.ty(base));
            add(Top::Models, ns, naming.ty(base), 40 + 12 * p.variants.len());
        }
        for &id in fields.keys() {
            let ns = naming.module_of(model.ty(id));
            add(
                Top::Models,
                ns,
                naming.ty(id),
                25 + 5 * model.all_fields(id).len(),
            );
        }
        for (&ty, b) in &names.items {
            if !names.item_names.contains_key(&ty) {
                continue;
            }
            // Past `METHODS_PER_IMPL` navigation and operation methods, the rest go to
            // modules of their own; an operation is about three navigations' worth of lines.
            let navs = b.navs.union(&b.nav_refs).count() + b.casts.len();
            let own = (navs + b.operations.len()).min(METHODS_PER_IMPL);
            let ops_share = b.operations.len().min(own);
            let lines = 120 + 15 * (own - ops_share) + 45 * ops_share;
            add(
                Top::Requests,
                naming.module_of(model.ty(ty)),
                naming.ty(ty),
                lines,
            );
        }
        for (edge, b) in &names.collections {
            if !names.collection_names.contains_key(edge) {
                continue;
            }
            let ns = naming.module_of(model.ty(b.ty));
            add(
                Top::Requests,
                ns,
                naming.ty(b.ty),
                150 + 50 * b.operations.len(),
            );
        }
        for (&op, name) in &names.params_names {
            let o = model.op(op);
            let ns = match o.binding {
                Some(binding) => naming.module_of(model.ty(binding.ty)),
                None => naming.module_of_ns(&o.namespace),
            };
            add(Top::Requests, ns, name, 20 + 10 * o.params.len());
        }
        let mut split = BTreeSet::new();
        for len in 1..MAX_WORDS {
            let mut totals: BTreeMap<(Top, &[String], String), (usize, bool)> = BTreeMap::new();
            for item in &items {
                if item.words.len() < len {
                    continue;
                }
                let parent_split = len == 1
                    || split.contains(&(
                        item.top,
                        item.ns.clone(),
                        item.words[..len - 1].join("_"),
                    ));
                if !parent_split {
                    continue;
                }
                let entry = totals
                    .entry((item.top, item.ns.as_slice(), item.words[..len].join("_")))
                    .or_default();
                entry.0 += item.weight;
                entry.1 |= item.words.len() > len;
            }
            let mut any = false;
            for ((top, ns, prefix), (weight, longer)) in totals {
                if weight > BUDGET && longer {
                    split.insert((top, ns.to_vec(), prefix));
                    any = true;
                }
            }
            if !any {
                break;
            }
        }
        Layout { split, ns_children }
    }

    /// Child namespace modules of the namespace module `ns`.
    pub(crate) fn ns_children(&self, ns: &[String]) -> Vec<String> {
        self.ns_children
            .get(ns)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The names a file of namespace module `ns` of `top` cannot have: the namespace's child
    /// modules, and the module's own name (a file `requests` in `requests` fails clippy's
    /// `module_inception`).
    fn reserved(&self, top: Top, ns: &[String]) -> Vec<String> {
        let mut reserved = self.ns_children(ns);
        let own = ns.last().map(String::as_str).unwrap_or(top.name());
        if !own.is_empty() {
            reserved.push(own.to_owned());
        }
        reserved
    }

    /// Where an item named `name` of namespace module `ns` of `top` goes.
    pub(crate) fn place(&self, top: Top, ns: &[String], name: &str) -> Place {
        Place {
            top,
            ns: ns.to_vec(),
            bucket: self.bucket(top, ns, name, &self.reserved(top, ns)),
        }
    }

    /// The file of namespace module `ns` under `top` that the item `name` goes to: named
    /// after the first words of `name`, as many as the splits say
    /// ([`naming::bucket_module_name`], which keeps it apart from `reserved`, the namespace's
    /// child modules).
    fn bucket(&self, top: Top, ns: &[String], name: &str, reserved: &[String]) -> String {
        let words = naming::name_words(name);
        let mut len = words.len().min(1);
        while len < words.len()
            && self
                .split
                .contains(&(top, ns.to_vec(), words[..len].join("_")))
        {
            len += 1;
        }
        naming::bucket_module_name(&words[..len], reserved)
    }
}

/// The module of the `k`-th extra `impl` block (from 1) of the item builder at `here`: a
/// sibling of its module ([`naming::block_module_name`]: `<bucket>_<k+1>`).
pub(crate) fn block_place(here: &Place, k: usize) -> Place {
    Place {
        top: here.top,
        ns: here.ns.clone(),
        bucket: naming::block_module_name(&here.bucket, k + 1),
    }
}

/// Every module that holds items, with its docs and gate: the per-prefix modules (and the
/// modules of big builders' further `impl` blocks), and the namespace modules above them.
pub(crate) fn modules(ctx: &Ctx<'_>, items: &[Item]) -> BTreeMap<Place, ModulePlan> {
    let mut gates: BTreeMap<Place, Option<Gate>> = BTreeMap::new();
    let mut add = |place: &Place, gate: &Option<Gate>| {
        let g = gates.entry(place.clone()).or_insert(Some(Gate::new()));
        *g = either(g, gate);
    };
    let mut blocks = BTreeSet::new();
    for item in items {
        add(&item.place, &item.gate);
        if let ItemKind::Builder(b) = &item.kind {
            for block in &b.blocks {
                add(block, &item.gate);
                blocks.insert(block.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    // `models` and `requests` are there even when empty.
    for top in [Top::Models, Top::Requests] {
        gates
            .entry(Place {
                top,
                ns: Vec::new(),
                bucket: String::new(),
            })
            .or_insert(None);
    }
    for (place, gate) in gates {
        if place.bucket.is_empty() {
            out.entry(place.clone()).or_insert_with(|| ModulePlan {
                docs: module_docs(&ctx.names, place.top, &place.ns),
                gate: None,
                impl_only: false,
            });
            continue;
        }
        for i in 0..=place.ns.len() {
            let ns = Place {
                top: place.top,
                ns: place.ns[..i].to_vec(),
                bucket: String::new(),
            };
            out.entry(ns).or_insert_with_key(|ns| ModulePlan {
                docs: module_docs(&ctx.names, ns.top, &ns.ns),
                gate: None,
                impl_only: false,
            });
        }
        let impl_only = blocks.contains(&place);
        out.insert(
            place.clone(),
            ModulePlan {
                docs: bucket_docs(place.top, &place.bucket, impl_only),
                gate,
                impl_only,
            },
        );
    }
    out
}

/// Docs of a namespace module.
fn module_docs(names: &Names, top: Top, ns: &[String]) -> Vec<String> {
    let namespaces: Vec<&str> = names
        .modules()
        .filter(|(_, m)| *m == ns)
        .map(|(n, _)| n)
        .collect();
    let what = match top {
        Top::Models => "Model types (entity, complex and enum types)",
        Top::Requests | Top::Root => "Request builders",
    };
    let text = if namespaces.is_empty() {
        format!("{what} of the namespaces below `{}`.", ns.join("."))
    } else {
        let list: Vec<String> = namespaces.iter().map(|n| format!("`{n}`")).collect();
        let suffix = if namespaces.len() == 1 { "" } else { "s" };
        format!("{what} of the {} namespace{suffix}.", list.join(", "))
    };
    naming::doc_lines(&text)
}

/// Docs of a file of a namespace module (`access_package`), or of one that only holds
/// further `impl` blocks of a big builder.
fn bucket_docs(top: Top, bucket: &str, impl_only: bool) -> Vec<String> {
    if impl_only {
        return naming::doc_lines(
            "More methods of a request builder of the parent module that has too many for \
             one file.",
        );
    }
    let prefix = bucket.trim_end_matches('_');
    let names = if prefix == "_other" {
        "names that do not start with an ASCII letter".to_owned()
    } else {
        format!("names that start with `{}`", naming::type_name(prefix))
    };
    naming::doc_lines(&match top {
        Top::Models => format!(
            "Model types with {names}, and their `…Field` and `…Kind` enums; re-exported by the \
             parent module."
        ),
        Top::Requests | Top::Root => format!(
            "Request builders of the types with {names} (for one entity, and for collections of \
             them), and parameter structs with such names; re-exported by the parent module."
        ),
    })
}
