//! The profile module's `Client`: one method per selected entity set or singleton, named like
//! the root, and a request method with its sending twin per selected import (an unbound
//! action or function: `POST /<import>`, `GET /<import>(p=…)`), beside the methods every
//! `Client` has.

use super::docs::doc_then;
use super::operations;
use super::refs::{collection_ref, item_ref};
use super::{ClientMethod, ClientOperation, ClientPlan, Ctx, ProfileOptions};
use crate::error::Result;
use crate::ir::RootKind;
use crate::ir::select::Edge;
use crate::naming::{self, Namer};

/// The `Client` of the profile.
pub(super) fn plan(ctx: &Ctx<'_>, opts: &ProfileOptions) -> Result<ClientPlan> {
    let mut methods = Vec::new();
    for &i in &ctx.sel.roots {
        let Some(root) = ctx.model.roots.get(i) else {
            return Err(ctx.error(format!("selected root {i} is not in the model")));
        };
        let wire = &root.name;
        let element = &ctx.model.ty(root.ty).qualified;
        let (builder, what) = match root.kind {
            RootKind::EntitySet => (
                collection_ref(ctx, Edge::Root(i))?,
                format!("the `{wire}` entity set (a collection of `{element}`)"),
            ),
            RootKind::Singleton => (
                item_ref(ctx, root.ty)?,
                format!("the `{wire}` singleton (a `{element}`)"),
            ),
        };
        methods.push(ClientMethod {
            name: ctx.names.root(i).to_owned(),
            wire: wire.clone(),
            docs: doc_then(&format!("`/{wire}` — {what}."), root.doc.as_deref()),
            builder,
            gate: ctx.gates.root(i),
        });
    }
    let operations = imports(ctx, &methods)?;
    Ok(ClientPlan {
        base_url_docs: naming::doc_lines(&format!(
            "The service root of the `{}` profile: requests go here unless the client is made \
             with another one.",
            opts.module
        )),
        docs: naming::doc_lines(&format!(
            "The entry point of the `{}` profile: a service root, and one method per entity set \
             or singleton that leads to its request builders{}.\n\nCloning is cheap (the state \
             is shared).",
            opts.module,
            if operations.is_empty() {
                ""
            } else {
                ", and the request methods of the imported actions and functions"
            }
        )),
        methods,
        operations,
    })
}

/// The methods of the selected imports, named apart from the roots' `methods`.
fn imports(ctx: &Ctx<'_>, methods: &[ClientMethod]) -> Result<Vec<ClientOperation>> {
    let mut names = Namer::with_reserved(naming::CLIENT_METHODS);
    for m in methods {
        names.claim(m.name.clone());
    }
    let mut out = Vec::new();
    for &(i, op) in &ctx.sel.imports {
        let Some(import) = ctx.model.imports.get(i) else {
            return Err(ctx.error(format!("selected import {i} is not in the model")));
        };
        let stem = naming::unraw(ctx.names.import(i, op)).to_owned();
        let entity_set = import
            .entity_set
            .and_then(|s| ctx.model.roots.get(s))
            .map(|r| r.name.clone());
        let note = entity_set.as_ref().map_or_else(String::new, |set| {
            format!(
                " The entities it returns are members of the `{set}` entity set (the import's \
                 `EntitySet`): address one of them there by its key."
            )
        });
        let method =
            operations::named_method(ctx, op, (&stem, &import.name, &note), &mut names, "")?;
        out.push(ClientOperation {
            import: import.name.clone(),
            entity_set,
            method,
        });
    }
    Ok(out)
}
