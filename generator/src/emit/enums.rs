//! Enum types: one variant per member and a fallback variant that keeps any value the
//! service adds later, so an unknown member never fails deserialization.
//!
//! Flags enums get the same member enum; fields of a flags type are
//! `::graphgen_runtime::Flags<_>` (see [`super::types`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, doc_attrs, doc_or};
use super::layout::Sink;
use crate::error::Result;
use crate::ir::lower::ENUM_FALLBACK;
use crate::ir::{EnumDef, TypeDef, TypeKind};
use crate::naming::{self, Namer};

/// Emits every selected enum type.
pub(crate) fn emit_all(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for &id in &ctx.sel.types {
        let ty = ctx.model.ty(id);
        if let TypeKind::Enum(def) = &ty.kind {
            let loc = ctx.model_loc(id);
            if !sink.wants(&loc) {
                continue;
            }
            let tokens = emit_enum(ctx, ty, def)?;
            let need = ctx.gates.ty_need(id);
            sink.add(ctx, &loc, &ty.name.rust, tokens, need)?;
        }
    }
    Ok(())
}

/// The fallback variant's name: [`ENUM_FALLBACK`] (`Unrecognized`, which lowering keeps free),
/// or a free variant of it when a member of a hand-built model is called that.
pub(crate) fn fallback_name(def: &EnumDef) -> String {
    let mut namer = Namer::new();
    for m in &def.members {
        namer.claim(m.name.rust.clone());
    }
    namer.claim(naming::variant_name(ENUM_FALLBACK))
}

fn emit_enum(ctx: &Ctx<'_>, ty: &TypeDef, def: &EnumDef) -> Result<TokenStream> {
    let name = ctx.ident(&ty.name.rust)?;
    let mut lines = ty
        .doc
        .as_deref()
        .map(naming::description_lines)
        .unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let flags_note = if def.is_flags {
        " It is a flags enum: a value holds several members, as \
         `::graphgen_runtime::Flags<Self>`."
    } else {
        ""
    };
    lines.extend(naming::doc_lines(&format!(
        "The `{}` enum type. Values the service adds later are kept as `{}`.{flags_note}",
        ty.qualified,
        fallback_name(def),
    )));
    let doc = doc_attrs(&lines);

    let fallback = ctx.ident(&fallback_name(def))?;
    let mut variants = Vec::new();
    let mut from_arms = Vec::new();
    let mut as_arms = Vec::new();
    for m in &def.members {
        let v = ctx.ident(&m.name.rust)?;
        let wire = &m.name.wire;
        let vdoc = doc_or(
            m.doc.as_deref(),
            &format!("The `{wire}` member (value {}).", m.value),
        );
        variants.push(quote! {
            #vdoc
            #v
        });
        from_arms.push(quote!(#wire => Self::#v));
        as_arms.push(quote!(Self::#v => #wire));
    }
    let cfg = ctx.gates.ty(ty.id);
    let fallback_doc = doc_attrs(&naming::doc_lines(
        "A member this version of the crate does not know, with its name as sent by the service.",
    ));

    Ok(quote! {
        #doc
        #cfg
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::cmp::PartialEq,
            ::std::cmp::Eq,
            ::std::hash::Hash
        )]
        pub enum #name {
            #(#variants,)*
            #fallback_doc
            #fallback(::std::string::String),
        }

        #cfg
        impl ::graphgen_runtime::WireEnum for #name {
            fn from_wire(s: &str) -> Self {
                match s {
                    #(#from_arms,)*
                    other => Self::#fallback(::std::borrow::ToOwned::to_owned(other)),
                }
            }

            fn as_wire(&self) -> &str {
                match self {
                    #(#as_arms,)*
                    Self::#fallback(other) => other,
                }
            }
        }

        #cfg
        impl ::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                ::graphgen_runtime::__private::serialize_enum(self, serializer)
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                ::graphgen_runtime::__private::deserialize_enum(deserializer)
            }
        }

        #cfg
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::graphgen_runtime::WireEnum::as_wire(self))
            }
        }
    })
}
