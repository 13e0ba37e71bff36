//! Bound actions and functions: a `<name>_request` method (and its sending twin `<name>`) on
//! the builder of the binding type, and a `<Operation>Params` struct for the parameters.
//! Imported (unbound) operations are the same methods on the `Client` (see `client`), at the
//! service root and under the import's name.
//!
//! Actions are `POST …/<name>` with the parameters as a JSON body; functions are
//! `GET …/<name>(p1=…,p2=…)` with each parameter written as a URL literal (a complex or
//! collection value through a parameter alias, `p=@p`, which the runtime writes). Operation
//! names keep their wire form in the URL, namespace-qualified (`…/n.Ping`) when the profile's
//! conventions say so.

use super::docs::{doc_then, errors_docs, sends_doc};
use super::refs::item_ref;
use super::types::has_default;
use super::{
    ComposedMethod, Ctx, Item, ItemKind, OperationMethod, Pair, ParamField, ParamsPlan, Presence,
    Qualification, Returns,
};
use crate::error::Result;
use crate::ir::{OpId, Operation, OperationKind, Param, TypeRef};
use crate::naming::{self, Namer};

/// Whether a parameter must be given.
fn presence(p: &Param) -> Presence {
    if p.optional {
        Presence::Optional
    } else if p.nullable {
        Presence::Nullable
    } else {
        Presence::Required
    }
}

/// `action` or `function`.
fn kind_word(op: &Operation) -> &'static str {
    match op.kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    }
}

/// The fields of the params struct of `op`, with the IR's names made unique (a guard; the IR
/// already keeps them apart).
fn fields(ctx: &Ctx<'_>, op: &Operation) -> Vec<ParamField> {
    op.params
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let wire = &p.name;
            let presence = presence(p);
            let docs = naming::doc_lines(&match presence {
                Presence::Required => format!("The `{wire}` parameter (required)."),
                Presence::Optional => {
                    format!("The `{wire}` parameter (optional; left out when `None`).")
                }
                Presence::Nullable => {
                    format!("The `{wire}` parameter (nullable; left out when `None`).")
                }
            });
            ParamField {
                rust: ctx.names.param(op.id, i).to_owned(),
                wire: wire.clone(),
                ty: ctx.ty(&p.ty),
                presence,
                docs,
                enum_type: ctx.enum_type(&p.ty),
            }
        })
        .collect()
}

/// The parameter structs of every operation on an emitted builder.
pub(super) fn params_items(ctx: &Ctx<'_>) -> Vec<Item> {
    let mut out = Vec::new();
    for (&op_id, name) in &ctx.builders.params_names {
        let op = ctx.model.op(op_id);
        let item = ctx.op_params_ref(op_id, name);
        let bound = match op.binding {
            Some(binding) if binding.collection => format!(
                " (bound to a collection of `{}`)",
                ctx.model.ty(binding.ty).qualified
            ),
            Some(binding) => format!(" (bound to `{}`)", ctx.model.ty(binding.ty).qualified),
            None => " (unbound; a `Client` method calls it)".to_owned(),
        };
        let fields = fields(ctx, op);
        let default = fields
            .iter()
            .filter(|f| f.presence == Presence::Required)
            .all(|f| has_default(&f.ty));
        out.push(Item {
            name: item.name,
            place: item.place,
            gate: ctx.gates.params(op_id),
            docs: naming::doc_lines(&format!(
                "Parameters of the `{}.{}` {}{bound}.",
                op.namespace,
                op.name,
                kind_word(op)
            )),
            kind: ItemKind::Params(ParamsPlan { fields, default }),
        });
    }
    out
}

/// The method of a bound operation, named through its builder's `methods`; `url` is the
/// builder's URL shape for the docs.
pub(super) fn method(
    ctx: &Ctx<'_>,
    op_id: OpId,
    methods: &mut Namer,
    url: &str,
) -> Result<OperationMethod> {
    let stem = naming::unraw(ctx.names.op(op_id)).to_owned();
    named_method(ctx, op_id, (&stem, &wire(ctx, op_id), ""), methods, url)
}

/// The segment of a bound operation: `n.Ping`, or `Ping` where the service takes its
/// operations unqualified (OData URL Conventions 4.01 §4.5: unqualified names need a default
/// namespace, which Microsoft Graph's own namespace is).
fn wire(ctx: &Ctx<'_>, op_id: OpId) -> String {
    let op = ctx.model.op(op_id);
    match ctx.conventions.operations {
        Qualification::Qualified => format!("{}.{}", op.namespace, op.name),
        Qualification::Unqualified => op.name.clone(),
    }
}

/// `<function>_builder(..)`: the item builder of composable function `op_id`'s result, whose
/// type is `result`; `url` is the builder's URL shape for the docs. OData URL Conventions
/// 4.01 §4.5.2: a composable function's result may be further composed with path segments.
pub(super) fn composed_method(
    ctx: &Ctx<'_>,
    op_id: OpId,
    result: crate::ir::TypeId,
    methods: &mut Namer,
    url: &str,
) -> Result<ComposedMethod> {
    let stem = naming::unraw(ctx.names.op(op_id)).to_owned();
    let op = ctx.model.op(op_id);
    let wire = wire(ctx, op_id);
    let params = params_ref(ctx, op_id);
    let shape: Vec<String> = op.params.iter().map(|p| format!("{}=…", p.name)).collect();
    let mut docs = doc_then(
        &format!(
            "`{url}/{wire}({})` — the `{}` returned by the composable `{}.{}` function, as a \
             builder: further segments address it (its navigation properties, operations and \
             casts), and its `get` calls the function.",
            shape.join(","),
            ctx.model.ty(result).name,
            op.namespace,
            op.name
        ),
        op.doc.as_deref(),
    );
    if params.is_some() {
        docs.extend(errors_docs(&[
            "[`::graphgen_runtime::Error::Serialize`] if a parameter cannot be written as JSON.",
        ]));
    }
    Ok(ComposedMethod {
        name: methods.claim(naming::method_name(&format!("{stem}_builder"))),
        wire,
        args: if params.is_some() {
            fields(ctx, op)
        } else {
            Vec::new()
        },
        params,
        docs,
        to: item_ref(ctx, result)?,
    })
}

/// The method of operation `op_id` with the method stem `stem`, called as `wire` (the
/// operation's name, or an import's): `<stem>_request` and `<stem>`, claimed in `methods`;
/// `note` ends the first paragraph of the request method's docs.
pub(super) fn named_method(
    ctx: &Ctx<'_>,
    op_id: OpId,
    (stem, wire, note): (&str, &String, &str),
    methods: &mut Namer,
    url: &str,
) -> Result<OperationMethod> {
    let op = ctx.model.op(op_id);
    let request = methods.claim(naming::method_name(&format!("{stem}_request")));
    let send = methods.claim(naming::method_name(stem));
    let params = params_ref(ctx, op_id);
    let (returns, gives) = returns(ctx, op);
    let qualified = format!("{}.{}", op.namespace, op.name);
    let action = op.kind == OperationKind::Action;
    let mut request_docs = if action {
        doc_then(
            &format!("`POST {url}/{wire}` — calls the `{qualified}` action.{note}"),
            op.doc.as_deref(),
        )
    } else {
        let shape: Vec<String> = op.params.iter().map(|p| format!("{}=…", p.name)).collect();
        doc_then(
            &format!(
                "`GET {url}/{wire}({})` — calls the `{qualified}` function.{note}",
                shape.join(",")
            ),
            op.doc.as_deref(),
        )
    };
    if !action && params.is_some() {
        request_docs.extend(errors_docs(&[
            "[`::graphgen_runtime::Error::Serialize`] if a parameter cannot be written as",
            "JSON, [`::graphgen_runtime::Error::InvalidRequest`] if the request cannot be",
            "assembled.",
        ]));
    }
    let send_docs = sends_doc(&request, &gives);
    Ok(OperationMethod {
        names: Pair {
            request,
            send,
            request_docs,
            send_docs,
        },
        wire: wire.clone(),
        action,
        args: if action || params.is_none() {
            Vec::new()
        } else {
            fields(ctx, op)
        },
        params,
        returns,
    })
}

/// The parameter struct of operation `op_id`, when it has parameters.
fn params_ref(ctx: &Ctx<'_>, op_id: OpId) -> Option<super::ItemRef> {
    let name = ctx.builders.params_names.get(&op_id)?;
    Some(ctx.op_params_ref(op_id, name))
}

/// What an operation's sending method gives, and how the docs say it: nothing for an action
/// without a return type, the value itself for an entity or complex result, a page for a
/// collection (Graph pages them), `{"value": …}` unwrapped for a primitive.
fn returns(ctx: &Ctx<'_>, op: &Operation) -> (Returns, String) {
    let Some(ret) = &op.returns else {
        return (Returns::Empty, "`()`".to_owned());
    };
    match &ret.ty {
        TypeRef::Named(_) => (Returns::Json(ctx.ty(&ret.ty)), "the result".to_owned()),
        TypeRef::Collection(inner) => (
            Returns::List(ctx.ty(inner)),
            "the first page of results (`.stream()` for all)".to_owned(),
        ),
        TypeRef::Primitive(_) if ret.nullable => (
            Returns::ValueOrNull(ctx.ty(&ret.ty)),
            "the result (`None` for null)".to_owned(),
        ),
        TypeRef::Primitive(_) => (Returns::Value(ctx.ty(&ret.ty)), "the result".to_owned()),
    }
}
