//! Addressing collection members: `by_id` (key as a path segment, or `(a=…,b=…)` for a
//! composite key) and one `by_<alias>` method per alternate key (`(uniqueName='…')`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::context::{Ctx, Loc, doc_attrs};
use super::types::{self, Shape, Value};
use crate::error::Result;
use crate::ir::select::CollectionBuilder;
use crate::ir::{Field, TypeRef};
use crate::naming::{self, Namer};

/// The key methods of a collection builder whose members are `item` builders.
///
/// `url` is the collection's URL shape for the docs (`…/accessPackages`).
pub(crate) fn key_methods(
    ctx: &Ctx<'_>,
    here: &Loc,
    cb: &CollectionBuilder,
    item: &TokenStream,
    methods: &mut Namer,
    url: &str,
) -> Result<Vec<TokenStream>> {
    let mut out = Vec::new();
    let Some(def) = ctx.model.struct_def(cb.ty) else {
        return Ok(out);
    };
    let element = &ctx.model.ty(cb.ty).name.wire;
    let fields = ctx.model.all_fields(cb.ty);
    let key_fields: Vec<&Field> = def
        .key
        .iter()
        .filter_map(|k| fields.iter().copied().find(|f| f.name.wire == *k))
        .collect();
    let by_id = ctx.ident(&methods.claim(naming::method_name("by_id")))?;
    if key_fields.len() == 1 && def.key.len() == 1 {
        let field = key_fields[0];
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`{url}/{{{}}}` — one `{element}` by its key.",
            field.name.wire
        )));
        let (arg_ty, text) = match types::shape(ctx, &field.ty) {
            Shape::Copy | Shape::Decimal => (
                types::value_type(ctx, here, &field.ty)?,
                quote!(&::std::string::ToString::to_string(&id)),
            ),
            Shape::Enum => {
                let ty = types::value_type(ctx, here, &field.ty)?;
                (
                    quote!(&#ty),
                    quote!(::graphgen_runtime::WireEnum::as_wire(id)),
                )
            }
            _ => (quote!(&str), quote!(id)),
        };
        out.push(quote! {
            #doc
            #[inline]
            pub fn #by_id(&self, id: #arg_ty) -> #item {
                #item::new(self.target.key(#text))
            }
        });
    } else if key_fields.len() > 1 && key_fields.len() == def.key.len() {
        let parts: Vec<(&str, &str, &TypeRef)> = key_fields
            .iter()
            .map(|f| (f.name.wire.as_str(), f.name.rust.as_str(), &f.ty))
            .collect();
        let shape: Vec<String> = parts.iter().map(|(w, _, _)| format!("{w}=…")).collect();
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`{url}({})` — one `{element}` by its composite key.",
            shape.join(",")
        )));
        out.push(parens_method(ctx, here, &by_id, &parts, item, doc)?);
    }
    for ak in &def.alternate_keys {
        if ak.parts.is_empty() {
            continue;
        }
        let stem: Vec<&str> = ak
            .parts
            .iter()
            .map(|p| naming::unraw(&p.alias.rust))
            .collect();
        let name = methods.claim(naming::method_name(&format!("by_{}", stem.join("_and_"))));
        let name = ctx.ident(&name)?;
        let parts: Vec<(&str, &str, &TypeRef)> = ak
            .parts
            .iter()
            .map(|p| (p.alias.wire.as_str(), p.alias.rust.as_str(), &p.ty))
            .collect();
        let shape: Vec<String> = parts.iter().map(|(w, _, _)| format!("{w}=…")).collect();
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`{url}({})` — one `{element}` by an alternate key.",
            shape.join(",")
        )));
        out.push(parens_method(ctx, here, &name, &parts, item, doc)?);
    }
    Ok(out)
}

/// A method that addresses a member with `(name=literal,…)`.
fn parens_method(
    ctx: &Ctx<'_>,
    here: &Loc,
    name: &Ident,
    parts: &[(&str, &str, &TypeRef)],
    item: &TokenStream,
    doc: TokenStream,
) -> Result<TokenStream> {
    let mut args = Vec::new();
    let mut literals = Vec::new();
    for &(wire, rust, tr) in parts {
        let arg = ctx.ident(rust)?;
        let (arg_ty, literal) = match types::shape(ctx, tr) {
            Shape::Str => (
                quote!(&str),
                quote!(::graphgen_runtime::Literal::from(#arg)),
            ),
            Shape::Copy => (
                types::value_type(ctx, here, tr)?,
                quote!(::graphgen_runtime::Literal::from(#arg)),
            ),
            _ => {
                let ty = types::value_type(ctx, here, tr)?;
                (
                    quote!(&#ty),
                    types::literal(ctx, tr, &Value::Ref(quote!(#arg))),
                )
            }
        };
        args.push(quote!(#arg: #arg_ty));
        literals.push(quote!((#wire, #literal)));
    }
    let fallible = parts
        .iter()
        .any(|(_, _, tr)| types::shape(ctx, tr) == Shape::Json);
    if fallible {
        Ok(quote! {
            #doc
            ///
            /// # Errors
            ///
            /// [`::graphgen_runtime::Error::Serialize`] if a key part cannot be written as JSON.
            #[inline]
            pub fn #name(&self, #(#args),*) -> ::std::result::Result<#item, ::graphgen_runtime::Error> {
                ::std::result::Result::Ok(#item::new(self.target.key_parens(&[#(#literals),*])))
            }
        })
    } else {
        Ok(quote! {
            #doc
            #[inline]
            pub fn #name(&self, #(#args),*) -> #item {
                #item::new(self.target.key_parens(&[#(#literals),*]))
            }
        })
    }
}
