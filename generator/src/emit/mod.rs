//! The Rust emitter: turns a [`Plan`] into a tree of Rust modules.
//!
//! The emitters only read the plan (see [`crate::plan`]): every name, type, method, gate and
//! doc line is decided there, and here each item becomes tokens with `quote!`. [`emit_plan`]
//! builds the module tree of one profile (API version) in memory, on one thread per core
//! (each thread takes the items of a share of the modules), and keeps each module's items as
//! text, which threads can share. [`ModuleTree::into_files`] and [`render_single_file`] format a tree
//! (one file per module, or everything inline for `include!`), and [`lib_rs`] writes the
//! emitted crate's `lib.rs`. Nothing here touches the file system.
//!
//! Layout of a profile module (`v1_0`):
//!
//! * `v1_0` — `DEFAULT_BASE_URL` and the profile's `Client`, with one method per selected entity
//!   set or singleton.
//! * `v1_0::models` — model types of the main namespace; sub-namespaces are child modules
//!   (`models::security`). Inside each namespace module the types are spread over private
//!   child modules, which the plan chose, re-exported with `pub use a::*;`, so no file grows
//!   huge.
//! * `v1_0::requests` — request builders, with the same scheme keyed by the element type's
//!   namespace.
//!
//! The emitted code never names its own crate (`crate::`): other generated items are reached
//! by the shortest relative path (`AccessPackage` in the same file, `super::AccessPackage` in
//! the same namespace, `super::super::models::AccessPackage` from `requests`) and dependencies
//! by absolute ones (`::std::option::Option`, `::graphgen_runtime::RequestTarget`), so it works
//! wherever it is included, is clean under `unused_qualifications`, and a metadata type named
//! `Option` or `Result` cannot shadow anything.
//!
//! One file per kind of item: `models` (structs and aliases), `enums`, `kinds` (`…Kind`),
//! `fields` (`…Field`), `builders` (builders and their own methods), `keys`, `operations`,
//! `casts` (`as_<type>`), `client`, `layout` (the module trees) and `render` (text). What they all write the same
//! way, and the [`ModuleTree`] they fill, is the room below, [`crate::tokens`]; they import
//! that and the plan, never one another. Only this file calls them.

mod builders;
mod casts;
mod client;
mod enums;
mod fields;
mod keys;
mod kinds;
mod layout;
mod models;
mod operations;
mod render;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;

use crate::error::Result;
use crate::plan::{Item, ItemKind, MethodKind, Place, Plan};
use crate::tokens::{ModuleTree, Out};

#[cfg(test)]
pub use render::render_files;
pub use render::{lib_rs, render_single_file};

/// Emits the module tree a plan describes.
///
/// The output depends only on the plan (never on the order work was done in), so emitting it
/// twice gives the same tree.
///
/// # Errors
///
/// [`crate::Error::Emit`] (a bug in graphgen) when a name is not a Rust identifier, or two
/// items of one module have the same name. Token streams are parsed when rendered, by
/// [`ModuleTree::into_files`] and friends.
pub fn emit_plan(plan: &Plan) -> Result<ModuleTree> {
    let parts = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    emit_in_parts(plan, parts)
}

/// [`emit_plan`] with the items split into `parts` parts by their module, each emitted (and
/// turned into text) on a thread of its own. Which part a module is in changes nothing in
/// it, so the tree is the same for any number of parts.
fn emit_in_parts(plan: &Plan, parts: usize) -> Result<ModuleTree> {
    let out = Out {
        profile: &plan.module,
        features: &plan.features,
    };
    let parts = parts.max(1);
    let results: Vec<Result<BTreeMap<Place, String>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..parts)
            .map(|part| {
                scope.spawn(move || {
                    let mine = plan
                        .items
                        .iter()
                        .filter(|item| part_of(&item.place, parts) == part);
                    emit_items(&out, mine)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let texts = merge(&out, results)?;
    let (models, requests) = layout::trees(&out, plan, texts)?;
    let operations = plan
        .client
        .operations
        .iter()
        .map(|o| operations::client_method(&out, &o.method))
        .collect::<Result<Vec<_>>>()?;
    let mut tree = ModuleTree {
        docs: plan.docs.clone(),
        items: client::client(&out, plan, operations)?.to_string(),
        children: BTreeMap::new(),
    };
    tree.children
        .insert(crate::plan::Top::Models.name().to_owned(), models);
    tree.children
        .insert(crate::plan::Top::Requests.name().to_owned(), requests);
    Ok(tree)
}

/// The part of `parts` that emits the items of the module at `place`: an FNV-1a hash of the
/// place, the same on every run and machine for the same number of parts.
fn part_of(place: &Place, parts: usize) -> usize {
    if parts == 1 {
        return 0;
    }
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let fields = [place.top.name().as_bytes(), place.bucket.as_bytes()]
        .into_iter()
        .chain(place.ns.iter().map(|n| n.as_bytes()));
    for bytes in fields {
        for &b in bytes.iter().chain(b"/") {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (h % parts as u64) as usize
}

/// Merges the modules of every part: a module two parts both produced is a bug (one part's
/// items would be lost).
fn merge(
    out: &Out<'_>,
    results: Vec<Result<BTreeMap<Place, String>>>,
) -> Result<BTreeMap<Place, String>> {
    let mut all = BTreeMap::new();
    for part in results {
        for (place, text) in part? {
            if all.insert(place.clone(), text).is_some() {
                return Err(out.error(format!(
                    "two parts of the emitter produced the module `{}::{}::{}`",
                    place.top.name(),
                    place.ns.join("::"),
                    place.bucket
                )));
            }
        }
    }
    Ok(all)
}

/// The items of some modules as text: each module's items (and the further `impl` blocks of
/// big builders, in the modules the plan gave them) sorted by name.
fn emit_items<'p>(
    out: &Out<'_>,
    items: impl Iterator<Item = &'p Item>,
) -> Result<BTreeMap<Place, String>> {
    let mut modules: BTreeMap<Place, BTreeMap<&str, TokenStream>> = BTreeMap::new();
    let mut add = |place: &Place, name: &'p str, tokens: TokenStream| {
        let module = modules.entry(place.clone()).or_default();
        if module.insert(name, tokens).is_some() {
            return Err(out.error(format!(
                "two items named `{name}` in `{}::{}`",
                place.top.name(),
                place.ns.join("::")
            )));
        }
        Ok(())
    };
    for item in items {
        let here = &item.place;
        let tokens = match &item.kind {
            ItemKind::Struct(s) => models::structure(out, item, s)?,
            ItemKind::Alias(p) => models::alias(out, item, *p)?,
            ItemKind::Enum(e) => enums::enumeration(out, item, e)?,
            ItemKind::Kind(k) => kinds::kind(out, item, k)?,
            ItemKind::FieldEnum(f) => fields::field_enum(out, item, f)?,
            ItemKind::Params(p) => operations::params(out, item, p)?,
            ItemKind::Builder(b) => {
                let mut methods = Vec::with_capacity(b.methods.len());
                for m in &b.methods {
                    // A method is written from the module its `impl` block is in.
                    let at = match m.block {
                        0 => here,
                        k => b.blocks.get(k - 1).ok_or_else(|| {
                            out.error(format!("`{}`: no module for impl block {k}", item.name))
                        })?,
                    };
                    let tokens = match &m.kind {
                        MethodKind::Request(r) => builders::request(out, at, r)?,
                        MethodKind::Nav(n) => builders::nav(out, at, n)?,
                        MethodKind::Refs { name, docs, model } => {
                            builders::refs(out, at, name, docs, model)?
                        }
                        MethodKind::Key(k) => keys::key(out, at, k)?,
                        MethodKind::Operation(o) => operations::method(out, at, o)?,
                        MethodKind::Media(m) => builders::media(out, m)?,
                        MethodKind::Cast(c) => casts::cast(out, at, c)?,
                        MethodKind::Composed(c) => operations::composed(out, at, c)?,
                    };
                    methods.push((m.block, m.gate.clone(), tokens));
                }
                let (main, more) = builders::builder(out, item, b, methods)?;
                for (place, tokens) in b.blocks.iter().zip(more) {
                    add(place, &item.name, tokens)?;
                }
                main
            }
        };
        add(here, &item.name, tokens)?;
    }
    Ok(modules
        .into_iter()
        .map(|(place, items)| {
            let mut tokens = TokenStream::new();
            tokens.extend(items.into_values());
            (place, tokens.to_string())
        })
        .collect())
}
