//! Enum types: one variant per member and a fallback variant that keeps any value the
//! service adds later, so an unknown member never fails deserialization.
//!
//! Flags enums get the same member enum; fields of a flags type are
//! `::graphgen_runtime::Flags<_>` (see [`super::types`]).

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{EnumPlan, Item};
use crate::tokens::{Out, doc_attrs};

/// An enum type with its `WireEnum`, serde and `Display` impls.
pub(crate) fn enumeration(out: &Out<'_>, item: &Item, e: &EnumPlan) -> Result<TokenStream> {
    let name = out.ident(&item.name)?;
    let doc = doc_attrs(&item.docs);
    let fallback = out.ident(&e.fallback)?;
    let mut variants = Vec::new();
    let mut from_arms = Vec::new();
    let mut as_arms = Vec::new();
    for m in &e.members {
        let v = out.ident(&m.rust)?;
        let wire = &m.wire;
        let vdoc = doc_attrs(&m.docs);
        variants.push(quote! {
            #vdoc
            #v
        });
        from_arms.push(quote!(#wire => Self::#v));
        as_arms.push(quote!(Self::#v => #wire));
    }
    let cfg = out.cfg(item.gate.as_ref());
    let fallback_doc = doc_attrs(&e.fallback_docs);

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
        #[non_exhaustive]
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
