//! What every emitter writes the same way: paths to other items, Rust types of values
//! ([`types`]), doc and `cfg` attributes, and the module tree they fill ([`ModuleTree`]).
//!
//! A room below `emit`: it reads the plan and knows no emitter, so the emitters share it
//! without importing one another.

mod tree;
pub(crate) mod types;

pub use tree::ModuleTree;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::error::{Error, Result};
use crate::naming;
use crate::plan::{Gate, Http, ItemRef, Place, Returns, Ty};
use types::primitive;

/// Emitting one profile: the plan's feature names (for `cfg` attributes) and the profile's
/// name (for error messages).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Out<'a> {
    /// The profile module's name.
    pub(crate) profile: &'a str,
    /// The plan's features, which gates index into.
    pub(crate) features: &'a [String],
}

impl Out<'_> {
    /// An [`Error::Emit`] for this profile.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::Emit {
            module: self.profile.to_owned(),
            message: message.into(),
        }
    }

    /// Parses a name from the plan (possibly raw) into an identifier.
    pub(crate) fn ident(&self, name: &str) -> Result<Ident> {
        naming::ident(name).ok_or_else(|| self.error(format!("`{name}` is not a Rust identifier")))
    }

    /// `#[cfg(any(feature = "a", …))]` for `gate`, or nothing.
    pub(crate) fn cfg(&self, gate: Option<&Gate>) -> TokenStream {
        match self.cfg_meta(gate) {
            Some(meta) => quote!(#[cfg(#meta)]),
            None => TokenStream::new(),
        }
    }

    /// The `any(feature = "a", …)` of [`Out::cfg`].
    pub(crate) fn cfg_meta(&self, gate: Option<&Gate>) -> Option<TokenStream> {
        let names = gate?
            .iter()
            .map(|&f| self.features.get(f).map_or("", String::as_str));
        Some(quote!(any(#(feature = #names),*)))
    }

    /// The shortest path from the module `here` to `item`, which its namespace module
    /// re-exports: `Name` in the same per-prefix module, `super::Name` in the same namespace
    /// module, `super::super::models::security::Alert` otherwise (and `requests::X` from the
    /// profile module). Never longer than needed, so the output is clean under
    /// `unused_qualifications` too.
    pub(crate) fn path(&self, here: &Place, item: &ItemRef) -> Result<TokenStream> {
        let ident = self.ident(&item.name)?;
        let target = &item.place;
        if here.top == target.top && here.ns == target.ns {
            return Ok(if target.bucket == here.bucket {
                quote!(#ident)
            } else {
                quote!(super::#ident)
            });
        }
        let mut segments = Vec::with_capacity(target.ns.len() + 2);
        segments.push(self.ident(target.top.name())?);
        for m in &target.ns {
            segments.push(self.ident(m)?);
        }
        segments.push(ident);
        let up = (0..here.depth()).map(|_| quote!(super::));
        Ok(quote!(#(#up)* #(#segments)::*))
    }

    /// The Rust type of a value of `ty`, named from the module `here`.
    pub(crate) fn ty(&self, here: &Place, ty: &Ty) -> Result<TokenStream> {
        Ok(match ty {
            Ty::Prim(p) => primitive(*p),
            Ty::Struct(item) | Ty::Enum(item) | Ty::Alias(item, _) => self.path(here, item)?,
            Ty::Flags(item) => {
                let path = self.path(here, item)?;
                quote!(::graphgen_runtime::Flags<#path>)
            }
            Ty::Vec(inner) => {
                let inner = self.ty(here, inner)?;
                quote!(::std::vec::Vec<#inner>)
            }
            Ty::Json => quote!(::serde_json::Value),
        })
    }
}

/// `#[doc = "…"]` attributes, one per line (lines as [`naming::doc_lines`] returns them).
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    quote!(#(#[doc = #lines])*)
}

/// Attributes for a generated `&self` method called `name`: clippy's
/// `wrong_self_convention` expects `from_*` methods to take no `self` and `into_*` methods
/// to take `self`, but a navigation property or operation called `fromX`/`intoX` is a
/// builder step like any other, and its metadata name is the one users look for.
pub(crate) fn method_lint_attrs(name: &str) -> TokenStream {
    let name = naming::unraw(name);
    if name.starts_with("from_") || name.starts_with("into_") {
        quote!(#[allow(clippy::wrong_self_convention)])
    } else {
        TokenStream::new()
    }
}

/// The request result type.
pub(crate) fn result_type() -> TokenStream {
    quote!(::std::result::Result<::http::Request<::std::vec::Vec<u8>>, ::graphgen_runtime::Error>)
}

/// `::graphgen_runtime::Call<::graphgen_runtime::decode::…>`: what a sending method returns.
pub(crate) fn call_type(out: &Out<'_>, here: &Place, returns: &Returns) -> Result<TokenStream> {
    let shape = match returns {
        Returns::Json(t) => {
            let t = out.ty(here, t)?;
            quote!(Json<#t>)
        }
        Returns::List(t) => {
            let t = out.ty(here, t)?;
            quote!(List<#t>)
        }
        Returns::Value(t) => {
            let t = out.ty(here, t)?;
            quote!(Value<#t>)
        }
        Returns::ValueOrNull(t) => {
            let t = out.ty(here, t)?;
            quote!(Value<::std::option::Option<#t>>)
        }
        Returns::Count => quote!(Count),
        Returns::Empty => quote!(Empty),
    };
    Ok(quote!(::graphgen_runtime::Call<::graphgen_runtime::decode::#shape>))
}

/// `::http::Method::GET` and the like.
pub(crate) fn http_method(http: Http) -> TokenStream {
    match http {
        Http::Get => quote!(::http::Method::GET),
        Http::Post => quote!(::http::Method::POST),
        Http::Patch => quote!(::http::Method::PATCH),
        Http::Put => quote!(::http::Method::PUT),
        Http::Delete => quote!(::http::Method::DELETE),
    }
}
