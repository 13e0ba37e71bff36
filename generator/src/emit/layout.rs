//! Placing items into modules: an ordered sink keyed by (module, item name), so the output
//! never depends on the order in which items were produced.
//!
//! Each namespace module (`models`, `models::security`, `requests`, …) holds private
//! per-prefix modules (`a`, `b`, …, `other`; `ac`, `ad`, … where `a` would be too big, see
//! `buckets`) that it re-exports with `pub use a::*;`, and its child namespace modules as
//! `pub mod`.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::ModuleTree;
use super::context::{Ctx, Loc, Top};
use super::gates::{Need, either};
use crate::error::Result;
use crate::naming;

/// The module of model types.
pub(crate) const MODELS: &str = "models";
/// The module of request builders.
pub(crate) const REQUESTS: &str = "requests";

/// Items by module and name, with the roots that need each (see `gates`), for the modules of
/// one part of the output (see [`Sink::part`]).
#[derive(Debug)]
pub(crate) struct Sink {
    items: BTreeMap<Loc, BTreeMap<String, (TokenStream, Need)>>,
    part: usize,
    parts: usize,
}

/// A per-prefix module's items as source text, and the roots that need any of them.
pub(crate) type Bucket = (String, Need);

/// The modules of a part of the output, by place.
pub(crate) type Modules = BTreeMap<Loc, Bucket>;

impl Sink {
    /// A sink for part `part` of `parts` of the modules: emitters skip an item whose module
    /// another part holds ([`Sink::wants`]). A module and the extra `impl` modules of its
    /// builders (`workbook_2`) are in the same part, since one builder fills both.
    pub(crate) fn part(part: usize, parts: usize) -> Sink {
        Sink {
            items: BTreeMap::new(),
            part,
            parts: parts.max(1),
        }
    }

    /// Whether this sink's part holds the module `loc`.
    pub(crate) fn wants(&self, loc: &Loc) -> bool {
        if self.parts == 1 {
            return true;
        }
        // FNV-1a over the module's place: the same part on every run and machine with the
        // same number of parts.
        let base = loc.bucket.split('_').next().unwrap_or_default();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let parts = [loc.top.name().as_bytes(), base.as_bytes()]
            .into_iter()
            .chain(loc.ns.iter().map(|n| n.as_bytes()));
        for bytes in parts {
            for &b in bytes.iter().chain(b"/") {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        (h % self.parts as u64) as usize == self.part
    }

    /// Adds the item(s) `tokens` named `name` at `loc`, which the roots of `need` need. Two
    /// items with the same name in one module are a bug.
    pub(crate) fn add(
        &mut self,
        ctx: &Ctx<'_>,
        loc: &Loc,
        name: &str,
        tokens: TokenStream,
        need: Need,
    ) -> Result<()> {
        let module = self.items.entry(loc.clone()).or_default();
        if module.insert(name.to_owned(), (tokens, need)).is_some() {
            return Err(ctx.error(format!(
                "two items named `{name}` in `{}::{}`",
                loc.top.name(),
                loc.ns.join("::")
            )));
        }
        Ok(())
    }

    /// Each module's items as source text (freeing their tokens), with the roots that need
    /// any of them.
    pub(crate) fn into_text(self) -> Modules {
        self.items
            .into_iter()
            .map(|(loc, items)| {
                let mut need = Some(Default::default());
                let mut tokens = TokenStream::new();
                for (t, n) in items.into_values() {
                    need = either(&need, &n);
                    tokens.extend(t);
                }
                (loc, (tokens.to_string(), need))
            })
            .collect()
    }
}

/// Builds the `models` and `requests` module trees from the modules of every part.
pub(crate) fn into_trees(ctx: &Ctx<'_>, modules: Modules) -> Result<(ModuleTree, ModuleTree)> {
    let mut by_top: BTreeMap<Top, BTreeMap<Vec<String>, BTreeMap<String, Bucket>>> =
        BTreeMap::new();
    for (loc, bucket) in modules {
        by_top
            .entry(loc.top)
            .or_default()
            .entry(loc.ns)
            .or_default()
            .insert(loc.bucket, bucket);
    }
    let mut tree_of = |top: Top| {
        let mut modules = by_top.remove(&top).unwrap_or_default();
        let paths = module_paths(&modules);
        build(ctx, top, &[], &mut modules, &paths)
    };
    let models = tree_of(Top::Models);
    let requests = tree_of(Top::Requests);
    Ok((models?, requests?))
}

/// Every namespace module path that has items or a descendant with items.
fn module_paths(
    modules: &BTreeMap<Vec<String>, BTreeMap<String, Bucket>>,
) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    for path in modules.keys() {
        for i in 0..=path.len() {
            out.insert(path[..i].to_vec());
        }
    }
    out
}

/// The module tree of namespace module `ns` under `top`, taking its modules out of
/// `modules`; `paths` are the [`module_paths`].
fn build(
    ctx: &Ctx<'_>,
    top: Top,
    ns: &[String],
    modules: &mut BTreeMap<Vec<String>, BTreeMap<String, Bucket>>,
    paths: &BTreeSet<Vec<String>>,
) -> Result<ModuleTree> {
    let mut tree = ModuleTree {
        docs: module_docs(ctx, top, ns),
        ..ModuleTree::default()
    };
    let mut items = TokenStream::new();
    if let Some(buckets) = modules.remove(ns) {
        for (bucket, (text, need)) in buckets {
            let ident = ctx.ident(&bucket)?;
            // A module only some roots need is only compiled (and read) with them; its
            // `pub use` too, which would otherwise import nothing.
            let cfg = ctx.gates.cfg(&need);
            if impl_only(&bucket) {
                items.extend(quote!(#cfg mod #ident;));
            } else {
                items.extend(quote! {
                    #cfg
                    mod #ident;
                    #cfg
                    pub use #ident::*;
                });
            }
            let docs = bucket_docs(top, &bucket);
            tree.children.insert(
                bucket,
                ModuleTree {
                    docs,
                    items: text,
                    children: BTreeMap::new(),
                },
            );
        }
    }
    tree.items = items.to_string();
    for child in ctx.ns_children(ns) {
        let mut path = ns.to_vec();
        path.push(child.clone());
        if paths.contains(&path) {
            tree.children
                .insert(child, build(ctx, top, &path, modules, paths)?);
        }
    }
    Ok(tree)
}

/// Docs of a namespace module.
fn module_docs(ctx: &Ctx<'_>, top: Top, ns: &[String]) -> Vec<String> {
    let namespaces: Vec<&str> = ctx
        .model
        .namespaces
        .values()
        .filter(|n| n.module == ns)
        .map(|n| n.name.as_str())
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

/// Whether a module holds only further `impl` blocks of a big builder (`workbook_2`: a
/// prefix, `_`, a number), so has nothing to re-export.
fn impl_only(bucket: &str) -> bool {
    bucket
        .rsplit_once('_')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Docs of a per-prefix module (`a`, or `ac` when `a` was split).
fn bucket_docs(top: Top, bucket: &str) -> Vec<String> {
    if impl_only(bucket) {
        return naming::doc_lines(
            "More methods of a request builder of the parent module that has too many for \
             one file.",
        );
    }
    let what = match top {
        Top::Models => "Model types",
        Top::Requests | Top::Root => "Request builders",
    };
    let prefix = bucket.trim_end_matches('_');
    let text = if prefix == "other" {
        format!(
            "{what} whose names do not start with an ASCII letter; re-exported by the parent \
             module."
        )
    } else {
        let mut chars = prefix.chars();
        let shown: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .chain(chars)
            .collect();
        format!("{what} whose names start with `{shown}`; re-exported by the parent module.")
    };
    naming::doc_lines(&text)
}
