//! Bound actions and functions: the `<name>_request` method and its sending twin, and the
//! `<Operation>Params` struct.
//!
//! Actions are `POST …/<name>` with the parameters as a JSON body; functions are
//! `GET …/<name>(p1=…,p2=…)` with each parameter written as a URL literal (complex and
//! collection values through parameter aliases, which `RequestTarget::function_call` writes).

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{ComposedMethod, Item, OperationMethod, ParamField, ParamsPlan, Place, Presence};
use crate::tokens::types::{self, Value};
use crate::tokens::{Out, call_type, doc_attrs, method_lint_attrs, result_type};

/// A parameter struct.
pub(crate) fn params(out: &Out<'_>, item: &Item, p: &ParamsPlan) -> Result<TokenStream> {
    let here = &item.place;
    let ident = out.ident(&item.name)?;
    let doc = doc_attrs(&item.docs);
    let mut fields = Vec::new();
    for f in &p.fields {
        let fname = out.ident(&f.rust)?;
        let ty = out.ty(here, &f.ty)?;
        let wire = &f.wire;
        let fdoc = doc_attrs(&f.docs);
        fields.push(match f.presence {
            Presence::Required => quote! {
                #fdoc
                #[serde(rename = #wire)]
                pub #fname: #ty
            },
            Presence::Optional | Presence::Nullable => quote! {
                #fdoc
                #[serde(
                    rename = #wire,
                    default,
                    skip_serializing_if = "::std::option::Option::is_none"
                )]
                pub #fname: ::std::option::Option<#ty>
            },
        });
    }
    let default = if p.default {
        quote!(::std::default::Default,)
    } else {
        TokenStream::new()
    };
    let cfg = out.cfg(item.gate.as_ref());
    Ok(quote! {
        #cfg
        #doc
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            #default
            ::std::cmp::PartialEq,
            ::serde::Serialize
        )]
        pub struct #ident {
            #(#fields,)*
        }
    })
}

/// The request method of a bound operation and its sending twin, on a builder in `here`.
pub(crate) fn method(out: &Out<'_>, here: &Place, op: &OperationMethod) -> Result<TokenStream> {
    on_target(out, here, op, &quote!(self.target))
}

/// The request method of an imported operation and its sending twin, on the `Client` (in
/// the profile module): the same methods, on the service root.
pub(crate) fn client_method(out: &Out<'_>, op: &OperationMethod) -> Result<TokenStream> {
    on_target(
        out,
        &Place::root(),
        op,
        &quote!(::graphgen_runtime::RequestTarget::root(&self.inner)),
    )
}

/// The methods of `op` on the URL `target` (an expression of type `RequestTarget`).
fn on_target(
    out: &Out<'_>,
    here: &Place,
    op: &OperationMethod,
    target: &TokenStream,
) -> Result<TokenStream> {
    let lints = method_lint_attrs(&op.names.request);
    let send_lints = method_lint_attrs(&op.names.send);
    let name = out.ident(&op.names.request)?;
    let send_name = out.ident(&op.names.send)?;
    let doc = doc_attrs(&op.names.request_docs);
    let send_doc = doc_attrs(&op.names.send_docs);
    let wire = &op.wire;
    let params = match &op.params {
        Some(p) => Some(out.path(here, p)?),
        None => None,
    };
    let result = result_type();
    let returns = call_type(out, here, &op.returns)?;
    if op.action {
        return Ok(match params {
            Some(params) => quote! {
                #doc
                #lints
                #[inline]
                pub fn #name(&self, params: &#params) -> #result {
                    #target
                        .segment(#wire)
                        .json_request(::http::Method::POST, params)
                }
                #send_doc
                #send_lints
                #[inline]
                pub fn #send_name(&self, params: &#params) -> #returns {
                    #target
                        .segment(#wire)
                        .json_call(::http::Method::POST, params)
                }
            },
            None => quote! {
                #doc
                #lints
                #[inline]
                pub fn #name(&self) -> #result {
                    #target.segment(#wire).request(::http::Method::POST)
                }
                #send_doc
                #send_lints
                #[inline]
                pub fn #send_name(&self) -> #returns {
                    #target.segment(#wire).call(::http::Method::POST)
                }
            },
        });
    }
    let Some(params) = params else {
        return Ok(quote! {
            #doc
            #lints
            #[inline]
            pub fn #name(&self) -> #result {
                #target
                    .function_call(#wire, &[])
                    .request(::http::Method::GET)
            }
            #send_doc
            #send_lints
            #[inline]
            pub fn #send_name(&self) -> #returns {
                #target
                    .function_call(#wire, &[])
                    .call(::http::Method::GET)
            }
        });
    };
    let args = function_args(out, &op.args)?;
    Ok(quote! {
        #doc
        #lints
        #[inline]
        pub fn #name(&self, params: &#params) -> #result {
            self.#send_name(params).request()
        }
        #send_doc
        #send_lints
        #[inline]
        pub fn #send_name(&self, params: &#params) -> #returns {
            // A parameter that fails to encode fails the call when it is sent.
            fn target(
                target: &::graphgen_runtime::RequestTarget,
                params: &#params,
            ) -> ::std::result::Result<
                ::graphgen_runtime::RequestTarget,
                ::graphgen_runtime::Error,
            > {
                #args
                ::std::result::Result::Ok(target.function_call(#wire, &args))
            }
            match target(&#target, params) {
                ::std::result::Result::Ok(t) => t.call(::http::Method::GET),
                ::std::result::Result::Err(e) => #target.failed_call(e),
            }
        }
    })
}

/// `<function>_builder(..)`: the item builder of a composable function's result, on the
/// function call's URL. With parameters it returns a `Result`, since a complex or collection
/// parameter may fail to be written as JSON.
pub(crate) fn composed(out: &Out<'_>, here: &Place, c: &ComposedMethod) -> Result<TokenStream> {
    let name = out.ident(&c.name)?;
    let doc = doc_attrs(&c.docs);
    let to = out.path(here, &c.to)?;
    let wire = &c.wire;
    let Some(params) = &c.params else {
        return Ok(quote! {
            #doc
            #[inline]
            pub fn #name(&self) -> #to {
                #to::new(self.target.function_call(#wire, &[]))
            }
        });
    };
    let params = out.path(here, params)?;
    let args = function_args(out, &c.args)?;
    Ok(quote! {
        #doc
        #[inline]
        pub fn #name(
            &self,
            params: &#params,
        ) -> ::std::result::Result<#to, ::graphgen_runtime::Error> {
            #args
            ::std::result::Result::Ok(#to::new(self.target.function_call(#wire, &args)))
        }
    })
}

/// `let args = …;`: the `(name, literal)` pairs of a function call, from `params`.
fn function_args(out: &Out<'_>, args: &[ParamField]) -> Result<TokenStream> {
    let mut fixed = Vec::new();
    let mut conditional = Vec::new();
    for a in args {
        let field = out.ident(&a.rust)?;
        let wire = &a.wire;
        match a.presence {
            Presence::Required => {
                let lit = types::literal(
                    &a.ty,
                    &Value::Place(quote!(params.#field)),
                    a.enum_type.as_deref(),
                );
                fixed.push(quote!((#wire, #lit)));
            }
            Presence::Optional => {
                let lit = types::literal(&a.ty, &Value::Ref(quote!(value)), a.enum_type.as_deref());
                conditional.push(quote! {
                    if let ::std::option::Option::Some(value) = &params.#field {
                        args.push((#wire, #lit));
                    }
                });
            }
            Presence::Nullable => {
                let lit = types::literal(&a.ty, &Value::Ref(quote!(value)), a.enum_type.as_deref());
                conditional.push(quote! {
                    match &params.#field {
                        ::std::option::Option::Some(value) => {
                            args.push((#wire, #lit));
                        }
                        ::std::option::Option::None => {
                            args.push((#wire, ::graphgen_runtime::Literal::null()));
                        }
                    }
                });
            }
        }
    }
    Ok(if conditional.is_empty() {
        quote!(let args = [#(#fixed),*];)
    } else if fixed.is_empty() {
        quote! {
            let mut args: ::std::vec::Vec<(&str, ::graphgen_runtime::Literal)> =
                ::std::vec::Vec::new();
            #(#conditional)*
        }
    } else {
        quote! {
            let mut args: ::std::vec::Vec<(&str, ::graphgen_runtime::Literal)> =
                ::std::vec::Vec::from([#(#fixed),*]);
            #(#conditional)*
        }
    })
}
