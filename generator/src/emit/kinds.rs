//! Polymorphic types: the `…Kind` enum of a base type, with one boxed variant per type
//! derived from it, told apart by `@odata.type`.
//!
//! Deserializing reads the JSON into a `::serde_json::Value`, looks at `@odata.type` and picks
//! the variant; anything else (absent, or a type this crate does not emit) becomes the base
//! variant, whose struct keeps the unknown properties and the `@odata.type` in
//! `additional_data`/`odata_type`. Serializing writes the inner struct and adds
//! `"@odata.type": "#<qualified name>"` for a derived variant whose `odata_type` is not set,
//! so the service knows which type it gets.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{Item, KindPlan};
use crate::tokens::{Out, doc_attrs};

/// A `…Kind` enum: one line of macro input per type. `graphgen_runtime::__private::polymorphic!` writes
/// the enum, `From`, `Serialize` and `Deserialize` (see the runtime for why).
pub(crate) fn kind(out: &Out<'_>, item: &Item, k: &KindPlan) -> Result<TokenStream> {
    let here = &item.place;
    let name = out.ident(&item.name)?;
    let mut variants = Vec::new();
    for (i, v) in k.variants.iter().enumerate() {
        let ident = out.ident(&v.rust)?;
        let path = out.path(here, &v.model)?;
        let vdoc = doc_attrs(&v.docs);
        if i == 0 {
            variants.push(quote!(#vdoc #ident(#path)));
        } else {
            let names = &v.odata_types;
            let cfg = out
                .cfg_meta(v.gate.as_ref())
                .map(|meta| quote!(if cfg(#meta)));
            variants.push(quote!(#vdoc #ident(#path) = #(#names)|* #cfg));
        }
    }
    let doc = doc_attrs(&item.docs);
    let cfg = out.cfg(item.gate.as_ref());
    Ok(quote! {
        #cfg
        ::graphgen_runtime::__private::polymorphic! {
            #doc
            #[non_exhaustive]
            pub enum #name {
                #(#variants,)*
            }
        }
    })
}
