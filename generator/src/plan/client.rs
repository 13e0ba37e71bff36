//! The profile module's `Client`: one method per selected entity set or singleton, named like
//! the root, beside the methods every `Client` has.

use super::docs::doc_then;
use super::requests::{collection_ref, item_ref};
use super::{ClientMethod, ClientPlan, Ctx, ProfileOptions};
use crate::error::Result;
use crate::ir::RootKind;
use crate::ir::select::Edge;
use crate::naming;

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
    Ok(ClientPlan {
        base_url_docs: naming::doc_lines(&format!(
            "The service root of the `{}` profile: requests go here unless the client is made \
             with another one.",
            opts.module
        )),
        docs: naming::doc_lines(&format!(
            "The entry point of the `{}` profile: a service root, and one method per entity set \
             or singleton that leads to its request builders.\n\nCloning is cheap (the state is \
             shared).",
            opts.module
        )),
        methods,
    })
}
