//! Typed `$select`: a `<Type>Field` enum of the structural properties (own and inherited)
//! of every emitted entity type, implementing `::graphgen_runtime::Field`, and
//! `::graphgen_runtime::Select` on the type and on its `…Kind` enum, so
//! `.list().select([AccessPackageField::DisplayName])` is checked by the compiler.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Loc, Top, doc_attrs};
use super::layout::Sink;
use super::poly::Poly;
use crate::error::Result;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeKind};
use crate::naming::{self, Namer};

/// The name of each emitted entity type's field enum, unique in its namespace: claimed after
/// every type name and every `…Kind` name of the namespace, in type id order.
pub(crate) fn compute(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Poly>,
) -> BTreeMap<TypeId, String> {
    let mut namers = super::poly::type_namers(model);
    for (&base, p) in poly {
        namers
            .entry(model.ty(base).namespace.as_str())
            .or_default()
            .claim(p.kind_name.clone());
    }
    let mut out = BTreeMap::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() {
            continue;
        }
        let ty = model.ty(id);
        if !matches!(ty.kind, TypeKind::Entity(_)) {
            continue;
        }
        let name = namers
            .entry(ty.namespace.as_str())
            .or_default()
            .claim(format!("{}Field", ty.name.rust));
        out.insert(id, name);
    }
    out
}

/// Emits every field enum with its `Select` impls.
pub(crate) fn emit_all(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for (&id, name) in &ctx.fields {
        let loc = ctx.loc(Top::Models, ctx.model.module_of(id), name);
        if !sink.wants(&loc) {
            continue;
        }
        let tokens = emit_fields(ctx, id, name, &loc)?;
        sink.add(ctx, &loc, name, tokens, ctx.gates.ty_need(id))?;
    }
    Ok(())
}

fn emit_fields(ctx: &Ctx<'_>, id: TypeId, name: &str, here: &Loc) -> Result<TokenStream> {
    let ty = ctx.model.ty(id);
    let ident = ctx.ident(name)?;
    // The type may be in another module of the namespace (`UserField` and `User` are
    // placed by their own names).
    let model = ctx.model_path(here, id)?;
    let doc = doc_attrs(&naming::doc_lines(&format!(
        "The properties of `{}`, for a typed `$select`.",
        ty.qualified
    )));
    let mut variants = Namer::new();
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    for field in ctx.model.all_fields(id) {
        let wire = &field.name.wire;
        let variant = ctx.ident(&variants.claim(naming::variant_name(wire)))?;
        let vdoc = doc_attrs(&naming::doc_lines(&format!("`{wire}`")));
        decls.push(quote!(#vdoc #variant));
        arms.push(quote!(Self::#variant => #wire));
    }
    let cfg = ctx.gates.ty(id);
    let kind_impl = match ctx.poly.get(&id) {
        Some(p) => {
            let kind = ctx.path(here, Top::Models, ctx.model.module_of(id), &p.kind_name)?;
            quote! {
                #cfg
                impl ::graphgen_runtime::Select for #kind {
                    type Field = #ident;
                }
            }
        }
        None => TokenStream::new(),
    };
    let name_fn = if arms.is_empty() {
        quote! {
            fn name(self) -> &'static str {
                match self {}
            }
        }
    } else {
        quote! {
            fn name(self) -> &'static str {
                match self {
                    #(#arms,)*
                }
            }
        }
    };
    Ok(quote! {
        #doc
        #cfg
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::marker::Copy,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash,
            ::std::cmp::PartialOrd,
            ::std::cmp::Ord
        )]
        pub enum #ident {
            #(#decls,)*
        }

        #cfg
        impl ::graphgen_runtime::Field for #ident {
            #name_fn
        }

        #cfg
        impl ::graphgen_runtime::Select for #model {
            type Field = #ident;
        }

        #kind_impl
    })
}
