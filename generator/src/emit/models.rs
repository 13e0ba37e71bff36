//! Model structs (entity and complex types) and type definitions.
//!
//! A struct derives `Serialize` (with `rename` and `skip_serializing_if` per field, and the
//! unknown properties flattened last) and implements `Deserialize` through the runtime's
//! `__private::Fields`: one `match` from property name to field, with the map loop in the runtime,
//! since serde's derive costs most of what rustc checks in a whole-service crate (see
//! `graphgen_runtime::Fields`).

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::Primitive;
use crate::plan::{Holder, Item, StructPlan};
use crate::tokens::types::primitive;
use crate::tokens::{Out, doc_attrs};

/// `pub type X = <primitive>;`
pub(crate) fn alias(out: &Out<'_>, item: &Item, p: Primitive) -> Result<TokenStream> {
    let name = out.ident(&item.name)?;
    let doc = doc_attrs(&item.docs);
    let target = primitive(p);
    let cfg = out.cfg(item.gate.as_ref());
    Ok(quote! {
        #doc
        #cfg
        pub type #name = #target;
    })
}

/// One `Option` field with its serde attributes (for `Serialize`), and the arm that reads it.
fn field(
    out: &Out<'_>,
    docs: &[String],
    wire: &str,
    rust: &str,
    ty: &TokenStream,
) -> Result<(TokenStream, TokenStream)> {
    let name = out.ident(rust)?;
    let doc = doc_attrs(docs);
    Ok((
        quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "::std::option::Option::is_none")]
            pub #name: ::std::option::Option<#ty>
        },
        quote!(#wire => self.#name = map.next_value()?),
    ))
}

/// A model struct, its `Fields` and `Deserialize` impls, its `CanonicalPath` and its key
/// constructor.
pub(crate) fn structure(out: &Out<'_>, item: &Item, s: &StructPlan) -> Result<TokenStream> {
    let here = &item.place;
    let name = out.ident(&item.name)?;
    let doc = doc_attrs(&item.docs);
    let mut fields = Vec::new();
    let mut reads = Vec::new();
    let (f, r) = field(
        out,
        &s.odata_type_docs,
        "@odata.type",
        "odata_type",
        &quote!(::std::string::String),
    )?;
    fields.push(f);
    reads.push(r);
    for fp in &s.fields {
        let ty = out.ty(here, &fp.ty)?;
        let ty = match fp.holder {
            Holder::Inline => ty,
            Holder::Box => quote!(::std::boxed::Box<#ty>),
            Holder::Indirect => quote!(::graphgen_runtime::Indirect<#ty>),
        };
        let (f, r) = field(out, &fp.docs, &fp.wire, &fp.rust, &ty)?;
        fields.push(f);
        reads.push(r);
    }
    let extra_doc = doc_attrs(&s.additional_data_docs);
    let cfg = out.cfg(item.gate.as_ref());
    let canonical = match &s.canonical_path {
        Some(path) => quote! {
            #cfg
            impl ::graphgen_runtime::CanonicalPath for #name {
                const COLLECTION_PATH: &'static str = #path;
            }
        },
        None => TokenStream::new(),
    };
    let constructor = match &s.key_constructor {
        Some(k) => {
            let method = out.ident(&k.name)?;
            let doc = doc_attrs(&k.docs);
            let mut params = Vec::new();
            let mut sets = Vec::new();
            for (rust, ty) in &k.parts {
                let p = out.ident(rust)?;
                let ty = out.ty(here, ty)?;
                params.push(quote!(#p: impl ::std::convert::Into<#ty>));
                sets.push(quote!(#p: ::std::option::Option::Some(#p.into())));
            }
            quote! {
                #cfg
                impl #name {
                    #doc
                    #[must_use]
                    pub fn #method(#(#params),*) -> Self {
                        Self {
                            #(#sets,)*
                            ..::std::default::Default::default()
                        }
                    }
                }
            }
        }
        None => TokenStream::new(),
    };
    let mut derived = Vec::new();
    if let Some(d) = &s.derived_from {
        let qualified = &d.qualified;
        for (base, gate) in &d.bases {
            let base_path = out.path(here, base)?;
            let base_cfg = out.cfg(gate.as_ref());
            derived.push(quote! {
                #cfg
                #base_cfg
                impl ::graphgen_runtime::DerivedFrom<#base_path> for #name {
                    const QUALIFIED_NAME: &'static str = #qualified;
                }
            });
        }
    }
    Ok(quote! {
        #doc
        #cfg
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::default::Default,
            ::std::cmp::PartialEq,
            ::serde::Serialize
        )]
        pub struct #name {
            #(#fields,)*
            #extra_doc
            #[serde(flatten)]
            pub additional_data: ::graphgen_runtime::AdditionalData,
        }

        #cfg
        impl ::graphgen_runtime::__private::Fields for #name {
            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                match key {
                    #(#reads,)*
                    _ => return ::std::result::Result::Ok(false),
                }
                ::std::result::Result::Ok(true)
            }

            fn additional_data(&mut self) -> &mut ::graphgen_runtime::AdditionalData {
                &mut self.additional_data
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::graphgen_runtime::__private::deserialize_model(deserializer)
            }
        }

        #canonical
        #constructor
        #(#derived)*
    })
}
