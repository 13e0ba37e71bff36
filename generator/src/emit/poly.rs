//! Polymorphic types: a field typed `B` may hold any type derived from `B`, so when derived
//! types of `B` are emitted too, such fields use a generated `BKind` enum with one boxed
//! variant per type, told apart by `@odata.type`.
//!
//! Deserializing reads the JSON into a `::serde_json::Value`, looks at `@odata.type` and picks
//! the variant; anything else (absent, or a type this crate does not emit) becomes the base
//! variant, whose struct keeps the unknown properties and the `@odata.type` in
//! `additional_data`/`odata_type`. Serializing writes the inner struct and adds
//! `"@odata.type": "#<qualified name>"` for a derived variant whose `odata_type` is not set,
//! so the service knows which type it gets.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Loc, Top, doc_attrs};
use super::layout::Sink;
use super::names::{BuilderNames, used_operations};
use crate::error::Result;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeRef};
use crate::naming::{self, Namer};

/// The `…Kind` enum of a polymorphic base type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Poly {
    /// The enum's name, unique among the types of the base type's namespace.
    pub(crate) kind_name: String,
    /// Variants: the base type first, then the emitted derived types by id.
    pub(crate) variants: Vec<(TypeId, String)>,
}

/// Finds the polymorphic base types of `sel` and names their enums (callers keep the
/// [`referenced`] ones).
///
/// Enum names are claimed per namespace, in type id order, after every type name of that
/// namespace, so they never collide with a type.
pub(crate) fn compute(model: &Model, sel: &Selection) -> BTreeMap<TypeId, Poly> {
    let mut namers = type_namers(model);
    let mut out = BTreeMap::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() || model.struct_def(id).is_none() {
            continue;
        }
        let derived: Vec<TypeId> = model
            .all_derived(id)
            .into_iter()
            .filter(|d| sel.types.contains(d) && model.struct_def(*d).is_some())
            .collect();
        if derived.is_empty() {
            continue;
        }
        let base = model.ty(id);
        let kind_name = namers
            .entry(base.namespace.as_str())
            .or_default()
            .claim(format!("{}Kind", base.name.rust));
        let mut variant_names = Namer::new();
        let variants = std::iter::once(id)
            .chain(derived)
            .map(|t| (t, variant_names.claim(model.ty(t).name.rust.clone())))
            .collect();
        out.insert(
            id,
            Poly {
                kind_name,
                variants,
            },
        );
    }
    out
}

/// One [`Namer`] per namespace holding every type name of the namespace: where the names of
/// generated companion items (`…Kind`, `…Field`) are claimed, so they never collide with a
/// type.
pub(crate) fn type_namers(model: &Model) -> BTreeMap<&str, Namer> {
    let mut namers: BTreeMap<&str, Namer> = BTreeMap::new();
    for ty in &model.types {
        namers
            .entry(ty.namespace.as_str())
            .or_default()
            .claim(ty.name.rust.clone());
    }
    namers
}

/// The types that some emitted field, navigation property, request body or operation
/// parameter holds: only those of them that are polymorphic need a `…Kind` enum.
pub(crate) fn referenced(model: &Model, sel: &Selection, names: &BuilderNames) -> BTreeSet<TypeId> {
    fn named(tr: &TypeRef) -> Option<TypeId> {
        match tr {
            TypeRef::Named(id) => Some(*id),
            TypeRef::Collection(inner) => named(inner),
            TypeRef::Primitive(_) => None,
        }
    }
    let mut out = BTreeSet::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() || model.struct_def(id).is_none() {
            continue;
        }
        out.extend(model.all_fields(id).iter().filter_map(|f| named(&f.ty)));
        out.extend(
            model
                .all_navigations(id)
                .iter()
                .map(|(_, _, n)| n.target)
                .filter(|t| sel.types.contains(t)),
        );
    }
    out.extend(
        names
            .items
            .iter()
            .filter(|(_, b)| b.patch || b.put)
            .map(|(t, _)| *t),
    );
    out.extend(
        names
            .collections
            .values()
            .filter(|b| b.create)
            .map(|b| b.ty),
    );
    for op in used_operations(sel, &names.items, &names.collections) {
        out.extend(model.op(op).params.iter().filter_map(|p| named(&p.ty)));
    }
    out
}

/// Emits every `…Kind` enum.
pub(crate) fn emit_all(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for (&base, poly) in &ctx.poly {
        let loc = ctx.loc(Top::Models, ctx.model.module_of(base), &poly.kind_name);
        if !sink.wants(&loc) {
            continue;
        }
        let tokens = emit_kind(ctx, base, poly, &loc)?;
        sink.add(ctx, &loc, &poly.kind_name, tokens, ctx.gates.ty_need(base))?;
    }
    Ok(())
}

/// The `@odata.type` values that select a type: the qualified name, and the alias-qualified
/// one when the namespace has an alias.
fn type_names(model: &Model, id: TypeId) -> Vec<String> {
    let ty = model.ty(id);
    let mut names = vec![ty.qualified.clone()];
    if let Some(alias) = model
        .namespaces
        .get(&ty.namespace)
        .and_then(|n| n.alias.as_ref())
    {
        let aliased = format!("{alias}.{}", ty.name.wire);
        if aliased != ty.qualified {
            names.push(aliased);
        }
    }
    names
}

fn emit_kind(ctx: &Ctx<'_>, base: TypeId, poly: &Poly, here: &Loc) -> Result<TokenStream> {
    let name = ctx.ident(&poly.kind_name)?;
    let base_ty = ctx.model.ty(base);
    let mut doc = naming::doc_lines(&format!(
        "A `{}` or a type derived from it, told apart by `@odata.type`.",
        base_ty.qualified
    ));
    doc.push(String::new());
    doc.extend(naming::doc_lines(
        "A value whose `@odata.type` is absent or names a type this crate does not know is read \
         as the base type, which keeps the type name and the unknown properties.",
    ));

    // One line of macro input per type: `graphgen_runtime::__private::polymorphic!` writes
    // the enum, `From`, `Serialize` and `Deserialize` (see the runtime for why).
    let mut variants = Vec::new();
    let (base_variant, _) = &poly.variants[0];
    debug_assert_eq!(*base_variant, base);
    for (i, (t, vname)) in poly.variants.iter().enumerate() {
        let v = ctx.ident(vname)?;
        let path = ctx.model_path(here, *t)?;
        let qualified = &ctx.model.ty(*t).qualified;
        if i == 0 {
            let vdoc = doc_attrs(&naming::doc_lines(&format!(
                "A `{qualified}`, or a derived type this crate does not know."
            )));
            variants.push(quote!(#vdoc #v(#path)));
        } else {
            let vdoc = doc_attrs(&naming::doc_lines(&format!("A `{qualified}`.")));
            let names = type_names(ctx.model, *t);
            let cfg = ctx
                .gates
                .variant(base, *t)
                .map(|meta| quote!(if cfg(#meta)));
            variants.push(quote!(#vdoc #v(#path) = #(#names)|* #cfg));
        }
    }
    let doc = doc_attrs(&doc);
    let cfg = ctx.gates.ty(base);
    Ok(quote! {
        #cfg
        ::graphgen_runtime::__private::polymorphic! {
            #doc
            pub enum #name {
                #(#variants,)*
            }
        }
    })
}
