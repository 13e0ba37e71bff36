//! Type-cast methods: `as_<type>()`, which appends the derived type's qualified name as a
//! segment (`…/n.Manager`) and wraps it in the builder the plan names.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{CastMethod, Place};
use crate::tokens::{Out, doc_attrs, method_lint_attrs};

/// A cast method on a builder in `here`.
pub(crate) fn cast(out: &Out<'_>, here: &Place, c: &CastMethod) -> Result<TokenStream> {
    let lints = method_lint_attrs(&c.name);
    let name = out.ident(&c.name)?;
    let doc = doc_attrs(&c.docs);
    let wire = &c.wire;
    let to = out.path(here, &c.to)?;
    Ok(quote! {
        #doc
        #lints
        #[inline]
        pub fn #name(&self) -> #to {
            #to::new(self.target.segment(#wire))
        }
    })
}
