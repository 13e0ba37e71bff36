//! The emitted module tree, before it becomes files.

use std::collections::BTreeMap;

/// One emitted Rust module: its docs, its items, and its child modules.
///
/// A child module is declared `pub mod name;` in its parent when rendered, unless the parent's
/// `items` already declare it (`mod name;` without a body, with the visibility the emitter
/// chose: the per-prefix modules are private and re-exported with `pub use name::*;`).
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
