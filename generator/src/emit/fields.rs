//! Typed `$select`: a `<Type>Field` enum of the structural properties (own and inherited)
//! of an entity type, implementing `::graphgen_runtime::Field`, and
//! `::graphgen_runtime::Select` on the type and on its `…Kind` enum, so
//! `.list().select([AccessPackageField::DisplayName])` is checked by the compiler.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{FieldEnumPlan, Item};
use crate::tokens::{Out, doc_attrs};

/// A `…Field` enum with its `Field` and `Select` impls.
pub(crate) fn field_enum(out: &Out<'_>, item: &Item, f: &FieldEnumPlan) -> Result<TokenStream> {
    let here = &item.place;
    let ident = out.ident(&item.name)?;
    // The type may be in another module of the namespace (`UserField` and `User` are
    // placed by their own names).
    let model = out.path(here, &f.model)?;
    let doc = doc_attrs(&item.docs);
    let mut decls = Vec::new();
    let mut arms = Vec::new();
    for v in &f.variants {
        let variant = out.ident(&v.rust)?;
        let wire = &v.wire;
        let vdoc = doc_attrs(&v.docs);
        decls.push(quote!(#vdoc #variant));
        arms.push(quote!(Self::#variant => #wire));
    }
    let cfg = out.cfg(item.gate.as_ref());
    let kind_impl = match &f.kind {
        Some(kind) => {
            let kind = out.path(here, kind)?;
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
        #[non_exhaustive]
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
