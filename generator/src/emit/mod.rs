//! The Rust emitter: turns a [`Model`] and a [`Selection`] into a tree of Rust modules.
//!
//! [`emit_profile`] builds the module tree of one profile (API version) in memory: the items
//! of each module are emitted as token streams with `quote!`, on one thread per core (each
//! thread takes a share of the modules), and kept as their text, which threads can share.
//! [`render_files`] and [`render_single_file`] format a tree (one file per module, or
//! everything inline for `include!`), and [`lib_rs`] writes the emitted crate's `lib.rs`.
//! Nothing here touches the file system.
//!
//! Layout of a profile module (`v1_0`):
//!
//! * `v1_0` — `DEFAULT_BASE_URL` and the profile's `Client`, with one method per selected entity
//!   set or singleton.
//! * `v1_0::models` — model types of the main namespace; sub-namespaces are child modules
//!   (`models::security`). Inside each namespace module the types are spread over private
//!   child modules by the first letter of their name (`models/a.rs`, …) and re-exported with
//!   `pub use a::*;`, so no file grows huge.
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
//! One file per concern: [`types`] (the `Edm` mapping), `cycles` (where `Box` goes), `poly`
//! (`…Kind` enums for polymorphic types), `fields` (typed `$select`), `models`, `enums`, `names` (builder names),
//! `requests`, `keys`, `operations`, `client`, `layout` (placing items into modules) and
//! `render` (text output).

mod buckets;
mod client;
mod context;
mod cycles;
mod enums;
mod fields;
mod gates;
mod keys;
mod layout;
mod models;
mod names;
mod operations;
mod poly;
mod render;
mod requests;
pub mod types;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use crate::error::Result;
use crate::ir::Model;
use crate::ir::select::{RootSelection, Selection};

pub use gates::feature_name as root_feature;
pub use render::{lib_rs, render_files, render_single_file};

/// What a profile module is called and where its requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileOptions {
    /// The module name, e.g. `v1_0`.
    pub module: String,
    /// The service root, e.g. `https://graph.microsoft.com/v1.0`: the value of the module's
    /// `DEFAULT_BASE_URL`.
    pub base_url: String,
    /// One paragraph for the module docs, as plain text: it names configured values (the base
    /// URL, metadata paths), so it is made Markdown like a description from the metadata
    /// ([`crate::naming::description_markdown`]), and its URLs become links.
    pub doc: String,
}

/// One emitted Rust module: its docs, its items, and its child modules.
///
/// A child module is declared `pub mod name;` in its parent when rendered, unless the parent's
/// `items` already declare it (`mod name;` without a body, with the visibility the emitter
/// chose: the per-letter modules are private and re-exported with `pub use name::*;`).
#[derive(Debug, Clone, Default)]
pub struct ModuleTree {
    /// Module docs, one line each, with a leading space (as [`crate::naming::doc_lines`]
    /// returns them); rendered as `//!` lines.
    pub docs: Vec<String>,
    /// The module's items, as Rust source text (printed tokens: formatting comes when the
    /// tree is rendered).
    pub items: String,
    /// Child modules by name.
    pub children: BTreeMap<String, ModuleTree>,
}

/// Emits the module tree of one profile: the module `opts.module` with its `Client`, `models`
/// and `requests`.
///
/// The output depends only on `model`, `sel` and `opts` (never on the order work was done), so
/// generating twice gives the same tree.
///
/// `opts.base_url` is emitted as it is: [`crate::Config::validate`] is what checks it.
///
/// # Errors
///
/// [`crate::Error::Emit`] (a bug in graphgen or in the IR) when a name is not a Rust
/// identifier, two items of one module get the same name, or the selection names a type that
/// is not in the model. Token streams are parsed when rendered, by [`render_files`] and
/// friends.
pub fn emit_profile(model: &Model, sel: &Selection, opts: &ProfileOptions) -> Result<ModuleTree> {
    emit_profile_with_root_features(model, sel, &[], opts)
}

/// [`emit_profile`] with a Cargo feature per top-level root: each item gets a
/// `#[cfg(any(feature = …))]` naming the roots of `roots` that need it (see
/// [`crate::ir::select::select_by_root`]); items every root needs get none. With `roots`
/// empty this is [`emit_profile`].
///
/// # Errors
/// As [`emit_profile`].
pub fn emit_profile_with_root_features(
    model: &Model,
    sel: &Selection,
    roots: &[RootSelection],
    opts: &ProfileOptions,
) -> Result<ModuleTree> {
    let parts = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    emit_in_parts(model, sel, roots, opts, parts)
}

/// [`emit_profile_with_root_features`] with the modules split into `parts` parts, each
/// emitted (and turned into text) on a thread of its own. Which part a module is in changes
/// nothing in it, so the tree is the same for any number of parts.
fn emit_in_parts(
    model: &Model,
    sel: &Selection,
    roots: &[RootSelection],
    opts: &ProfileOptions,
    parts: usize,
) -> Result<ModuleTree> {
    let ctx = context::Ctx::new(model, sel, roots, &opts.module)?;
    let results: Vec<Result<layout::Modules>> = std::thread::scope(|scope| {
        let ctx = &ctx;
        let handles: Vec<_> = (0..parts)
            .map(|part| scope.spawn(move || emit_part(ctx, layout::Sink::part(part, parts))))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut modules = layout::Modules::new();
    for part in results {
        modules.extend(part?);
    }
    let mut tree = ModuleTree {
        docs: crate::naming::description_lines(&opts.doc),
        items: client::emit(&ctx, opts)?.to_string(),
        children: BTreeMap::new(),
    };
    let (models, requests) = layout::into_trees(&ctx, modules)?;
    tree.children.insert(layout::MODELS.to_owned(), models);
    tree.children.insert(layout::REQUESTS.to_owned(), requests);
    Ok(tree)
}

/// Emits the modules of one part of the output, as text.
fn emit_part(ctx: &context::Ctx<'_>, mut sink: layout::Sink) -> Result<layout::Modules> {
    models::emit_all(ctx, &mut sink)?;
    enums::emit_all(ctx, &mut sink)?;
    poly::emit_all(ctx, &mut sink)?;
    fields::emit_all(ctx, &mut sink)?;
    requests::emit_all(ctx, &mut sink)?;
    operations::emit_params(ctx, &mut sink)?;
    Ok(sink.into_text())
}
