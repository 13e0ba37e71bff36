//! The module trees of `models` and `requests`: each namespace module declares its private
//! per-prefix modules (those the plan put items in) and re-exports them with
//! `pub use a::*;`, and declares its child namespace modules as `pub mod`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{ModulePlan, Place, Plan, Top};
use crate::tokens::ModuleTree;
use crate::tokens::Out;

/// Builds the `models` and `requests` module trees from each per-prefix module's text.
pub(crate) fn trees(
    out: &Out<'_>,
    plan: &Plan,
    mut texts: BTreeMap<Place, String>,
) -> Result<(ModuleTree, ModuleTree)> {
    let models = tree(out, plan, Top::Models, &[], &mut texts)?;
    let requests = tree(out, plan, Top::Requests, &[], &mut texts)?;
    Ok((models, requests))
}

/// The module tree of namespace module `ns` under `top`, taking its modules' texts out of
/// `texts`.
fn tree(
    out: &Out<'_>,
    plan: &Plan,
    top: Top,
    ns: &[String],
    texts: &mut BTreeMap<Place, String>,
) -> Result<ModuleTree> {
    let this = Place {
        top,
        ns: ns.to_vec(),
        bucket: String::new(),
    };
    let mut tree = ModuleTree {
        docs: plan
            .modules
            .get(&this)
            .map(|m| m.docs.clone())
            .unwrap_or_default(),
        ..ModuleTree::default()
    };
    let mut items = TokenStream::new();
    let mut children: Vec<String> = Vec::new();
    // The plan's modules below this one, in order: its per-prefix modules, and the first
    // module of each child namespace module (which stands for the child).
    let below = plan.modules.range(this.clone()..).skip(1);
    for (place, module) in below.take_while(|(p, _)| p.top == top && p.ns.starts_with(ns)) {
        if place.ns.len() > ns.len() {
            let child = &place.ns[ns.len()];
            if place.ns.len() == ns.len() + 1 && place.bucket.is_empty() {
                children.push(child.clone());
            }
            continue;
        }
        bucket(out, place, module, texts, &mut items, &mut tree)?;
    }
    tree.items = items.to_string();
    for child in children {
        let mut path = ns.to_vec();
        path.push(child.clone());
        tree.children
            .insert(child, self::tree(out, plan, top, &path, texts)?);
    }
    Ok(tree)
}

/// Declares the per-prefix module at `place` (with `pub use` unless it only holds `impl`
/// blocks) and adds it as a child of `tree`.
fn bucket(
    out: &Out<'_>,
    place: &Place,
    module: &ModulePlan,
    texts: &mut BTreeMap<Place, String>,
    items: &mut TokenStream,
    tree: &mut ModuleTree,
) -> Result<()> {
    let ident = out.ident(&place.bucket)?;
    // A module only some roots need is only compiled (and read) with them; its `pub use`
    // too, which would otherwise import nothing.
    let cfg = out.cfg(module.gate.as_ref());
    if module.impl_only {
        items.extend(quote!(#cfg mod #ident;));
    } else {
        items.extend(quote! {
            #cfg
            mod #ident;
            #cfg
            pub use #ident::*;
        });
    }
    let text = texts
        .remove(place)
        .ok_or_else(|| out.error(format!("no items for module `{}`", place.bucket)))?;
    tree.children.insert(
        place.bucket.clone(),
        ModuleTree {
            docs: module.docs.clone(),
            items: text,
            children: BTreeMap::new(),
        },
    );
    Ok(())
}
