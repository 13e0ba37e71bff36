//! Addressing collection members: `by_id` (key as a path segment or `('…')`, as the plan
//! says, or `(a=…,b=…)` for a composite key) and one `by_<alias>` method per alternate key
//! (`(uniqueName='…')`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{KeyForm, KeyMethod, KeyPart, Place};
use crate::tokens::types::{self, Shape, Value};
use crate::tokens::{Out, doc_attrs};

/// A key method of a collection builder.
pub(crate) fn key(out: &Out<'_>, here: &Place, k: &KeyMethod) -> Result<TokenStream> {
    let name = out.ident(&k.name)?;
    let item = out.path(here, &k.item)?;
    let doc = doc_attrs(&k.docs);
    match &k.form {
        KeyForm::Segment { ty, .. } => {
            let (arg_ty, text) = match types::shape(ty) {
                Shape::Copy | Shape::Decimal => (
                    out.ty(here, ty)?,
                    quote!(&::std::string::ToString::to_string(&id)),
                ),
                Shape::Enum => {
                    let ty = out.ty(here, ty)?;
                    (
                        quote!(&#ty),
                        quote!(::graphgen_runtime::WireEnum::as_wire(id)),
                    )
                }
                _ => (quote!(&str), quote!(id)),
            };
            Ok(quote! {
                #doc
                #[inline]
                pub fn #name(&self, id: #arg_ty) -> #item {
                    #item::new(self.target.key(#text))
                }
            })
        }
        KeyForm::Literal(part) => {
            // The canonical key predicate, `('id')`: a part without a name.
            let (arg, literal) = part_arg(out, here, part)?;
            parens_method(k, &name, &item, &doc, &[arg], &[quote!(("", #literal))])
        }
        KeyForm::Parens(parts) => {
            let mut args = Vec::new();
            let mut literals = Vec::new();
            for part in parts {
                let (arg, literal) = part_arg(out, here, part)?;
                let wire = &part.wire;
                args.push(arg);
                literals.push(quote!((#wire, #literal)));
            }
            parens_method(k, &name, &item, &doc, &args, &literals)
        }
    }
}

/// The argument (`name: Type`) and `Literal` expression of a key part.
fn part_arg(out: &Out<'_>, here: &Place, part: &KeyPart) -> Result<(TokenStream, TokenStream)> {
    let arg = out.ident(&part.rust)?;
    let enum_type = part.enum_type.as_deref();
    let (arg_ty, literal) = match types::shape(&part.ty) {
        Shape::Str => (
            quote!(&str),
            quote!(::graphgen_runtime::Literal::from(#arg)),
        ),
        Shape::Copy => (
            out.ty(here, &part.ty)?,
            quote!(::graphgen_runtime::Literal::from(#arg)),
        ),
        _ => {
            let ty = out.ty(here, &part.ty)?;
            (
                quote!(&#ty),
                types::literal(&part.ty, &Value::Ref(quote!(#arg)), enum_type),
            )
        }
    };
    Ok((quote!(#arg: #arg_ty), literal))
}

/// A method that appends `(literals…)` with `key_parens`, returning a `Result` when the key
/// method is fallible.
fn parens_method(
    k: &KeyMethod,
    name: &proc_macro2::Ident,
    item: &TokenStream,
    doc: &TokenStream,
    args: &[TokenStream],
    literals: &[TokenStream],
) -> Result<TokenStream> {
    if k.fallible {
        Ok(quote! {
            #doc
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
