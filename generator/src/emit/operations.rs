//! Bound actions and functions: one `<name>_request` method on the builder of the binding
//! type, and a `<Operation>Params` struct for the parameters.
//!
//! Actions are `POST …/<name>` with the parameters as a JSON body; functions are
//! `GET …/<name>(p1=…,p2=…)` with each parameter written as a URL literal. Operation names
//! keep their wire form in the URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Loc, Top, doc_attrs, doc_then, method_lint_attrs};
use super::layout::Sink;
use super::requests;
use super::types::{self, Value};
use crate::error::Result;
use crate::ir::{OpId, Operation, OperationKind, Param, TypeRef};
use crate::naming::{self, Namer};

/// Whether a parameter is a plain field (required and not nullable) rather than an `Option`.
fn required(p: &Param) -> bool {
    !p.nullable && !p.optional
}

/// The field names of the params struct: the IR's, made unique (a guard; the IR already
/// keeps them apart).
fn param_names(op: &Operation) -> Vec<String> {
    let mut names = Namer::new();
    op.params
        .iter()
        .map(|p| names.claim(p.name.rust.clone()))
        .collect()
}

/// `action` or `function`.
fn kind_word(op: &Operation) -> &'static str {
    match op.kind {
        OperationKind::Action => "action",
        OperationKind::Function => "function",
    }
}

/// Emits the parameter structs of every operation on an emitted builder.
pub(crate) fn emit_params(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for (&op_id, name) in &ctx.names.params_names {
        let op = ctx.model.op(op_id);
        let Some(binding) = op.binding else { continue };
        let loc = ctx.loc(Top::Requests, ctx.model.module_of(binding.ty), name);
        if !sink.wants(&loc) {
            continue;
        }
        let cfg = ctx.gates.params(op_id);
        let tokens = emit_params_struct(ctx, op, name, &loc)?;
        let tokens = quote!(#cfg #tokens);
        sink.add(ctx, &loc, name, tokens, ctx.gates.params_need(op_id))?;
    }
    Ok(())
}

fn emit_params_struct(
    ctx: &Ctx<'_>,
    op: &Operation,
    name: &str,
    here: &Loc,
) -> Result<TokenStream> {
    let ident = ctx.ident(name)?;
    let binding = op
        .binding
        .map(|b| {
            let q = &ctx.model.ty(b.ty).qualified;
            if b.collection {
                format!(" (bound to a collection of `{q}`)")
            } else {
                format!(" (bound to `{q}`)")
            }
        })
        .unwrap_or_default();
    let doc = doc_attrs(&naming::doc_lines(&format!(
        "Parameters of the `{}.{}` {}{binding}.",
        op.namespace,
        op.name.wire,
        kind_word(op)
    )));
    let mut fields = Vec::new();
    let mut all_default = true;
    for (p, rust) in op.params.iter().zip(param_names(op)) {
        let fname = ctx.ident(&rust)?;
        let ty = types::value_type(ctx, here, &p.ty)?;
        let wire = &p.name.wire;
        if required(p) {
            all_default &= types::has_default(ctx, &p.ty);
            let fdoc = doc_attrs(&naming::doc_lines(&format!(
                "The `{wire}` parameter (required)."
            )));
            fields.push(quote! {
                #fdoc
                #[serde(rename = #wire)]
                pub #fname: #ty
            });
        } else {
            let what = if p.optional { "optional" } else { "nullable" };
            let fdoc = doc_attrs(&naming::doc_lines(&format!(
                "The `{wire}` parameter ({what}; left out when `None`)."
            )));
            fields.push(quote! {
                #fdoc
                #[serde(
                    rename = #wire,
                    default,
                    skip_serializing_if = "::std::option::Option::is_none"
                )]
                pub #fname: ::std::option::Option<#ty>
            });
        }
    }
    let default = if all_default {
        quote!(::std::default::Default,)
    } else {
        TokenStream::new()
    };
    Ok(quote! {
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

/// The request method of a bound operation on a builder `here` levels below the profile
/// module; `url` is the builder's URL shape for the docs.
pub(crate) fn method(
    ctx: &Ctx<'_>,
    here: &Loc,
    op_id: OpId,
    methods: &mut Namer,
    url: &str,
) -> Result<TokenStream> {
    let op = ctx.model.op(op_id);
    let stem = naming::unraw(&op.name.rust).to_owned();
    let name = methods.claim(naming::method_name(&format!("{stem}_request")));
    let send_name = methods.claim(naming::method_name(&stem));
    let lints = method_lint_attrs(&name);
    let send_lints = method_lint_attrs(&send_name);
    let name = ctx.ident(&name)?;
    let send_name = ctx.ident(&send_name)?;
    let wire = &op.name.wire;
    let params = match ctx.names.params_names.get(&op_id) {
        Some(p) => Some(ctx.path(here, Top::Requests, binding_module(ctx, op), p)?),
        None => None,
    };
    let result = quote!(
        ::std::result::Result<::http::Request<::std::vec::Vec<u8>>, ::graphgen_runtime::Error>
    );
    let (returns, gives) = return_shape(ctx, here, op)?;
    let send_doc = requests::sends_doc(&name, &gives);
    let qualified = format!("{}.{}", op.namespace, wire);
    match op.kind {
        OperationKind::Action => {
            let doc = doc_then(
                &format!("`POST {url}/{wire}` — calls the `{qualified}` action."),
                op.doc.as_deref(),
            );
            Ok(match params {
                Some(params) => quote! {
                    #doc
                    #lints
                    #[inline]
                    pub fn #name(&self, params: &#params) -> #result {
                        self.target
                            .segment(#wire)
                            .json_request(::http::Method::POST, params)
                    }
                    #send_doc
                    #send_lints
                    #[inline]
                    pub fn #send_name(&self, params: &#params) -> #returns {
                        self.target
                            .segment(#wire)
                            .json_call(::http::Method::POST, params)
                    }
                },
                None => quote! {
                    #doc
                    #lints
                    #[inline]
                    pub fn #name(&self) -> #result {
                        self.target.segment(#wire).request(::http::Method::POST)
                    }
                    #send_doc
                    #send_lints
                    #[inline]
                    pub fn #send_name(&self) -> #returns {
                        self.target.segment(#wire).call(::http::Method::POST)
                    }
                },
            })
        }
        OperationKind::Function => {
            let shape: Vec<String> = op
                .params
                .iter()
                .map(|p| format!("{}=…", p.name.wire))
                .collect();
            let doc = doc_then(
                &format!(
                    "`GET {url}/{wire}({})` — calls the `{qualified}` function.",
                    shape.join(",")
                ),
                op.doc.as_deref(),
            );
            let Some(params) = params else {
                return Ok(quote! {
                    #doc
                    #lints
                    #[inline]
                    pub fn #name(&self) -> #result {
                        self.target
                            .function_call(#wire, &[])
                            .request(::http::Method::GET)
                    }
                    #send_doc
                    #send_lints
                    #[inline]
                    pub fn #send_name(&self) -> #returns {
                        self.target
                            .function_call(#wire, &[])
                            .call(::http::Method::GET)
                    }
                });
            };
            let args = function_args(ctx, op)?;
            Ok(quote! {
                #doc
                #lints
                ///
                /// # Errors
                ///
                /// [`::graphgen_runtime::Error::Serialize`] if a parameter cannot be written as
                /// JSON, [`::graphgen_runtime::Error::InvalidRequest`] if the request cannot be
                /// assembled.
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
                    match target(&self.target, params) {
                        ::std::result::Result::Ok(t) => t.call(::http::Method::GET),
                        ::std::result::Result::Err(e) => self.target.failed_call(e),
                    }
                }
            })
        }
    }
}

/// The `Call` type of an operation's sending method, and what awaiting it gives (for the
/// docs): nothing for an action without a return type, the value itself for an entity or
/// complex result, a page for a collection (Graph pages them), `{"value": …}` unwrapped for
/// a primitive.
fn return_shape(ctx: &Ctx<'_>, here: &Loc, op: &Operation) -> Result<(TokenStream, String)> {
    let Some(ret) = &op.returns else {
        return Ok((requests::call_type(quote!(Empty)), "`()`".to_owned()));
    };
    let ty = types::value_type(ctx, here, &ret.ty)?;
    Ok(match &ret.ty {
        TypeRef::Named(_) => (
            requests::call_type(quote!(Json<#ty>)),
            "the result".to_owned(),
        ),
        TypeRef::Collection(inner) => {
            let item = types::value_type(ctx, here, inner)?;
            (
                requests::call_type(quote!(List<#item>)),
                "the first page of results (`.stream()` for all)".to_owned(),
            )
        }
        TypeRef::Primitive(_) if ret.nullable => (
            requests::call_type(quote!(Value<::std::option::Option<#ty>>)),
            "the result (`None` for null)".to_owned(),
        ),
        TypeRef::Primitive(_) => (
            requests::call_type(quote!(Value<#ty>)),
            "the result".to_owned(),
        ),
    })
}

/// The namespace module of the operation's binding type (where its params struct is).
fn binding_module<'m>(ctx: &Ctx<'m>, op: &Operation) -> &'m [String] {
    match op.binding {
        Some(b) => ctx.model.module_of(b.ty),
        None => &[],
    }
}

/// `let args = …;`: the `(name, literal)` pairs of a function call, from `params`.
fn function_args(ctx: &Ctx<'_>, op: &Operation) -> Result<TokenStream> {
    let mut fixed = Vec::new();
    let mut conditional = Vec::new();
    for (p, rust) in op.params.iter().zip(param_names(op)) {
        let field = ctx.ident(&rust)?;
        let wire = &p.name.wire;
        if required(p) {
            let lit = types::literal(ctx, &p.ty, &Value::Place(quote!(params.#field)));
            fixed.push(quote!((#wire, #lit)));
        } else {
            let lit = types::literal(ctx, &p.ty, &Value::Ref(quote!(value)));
            if p.optional {
                conditional.push(quote! {
                    if let ::std::option::Option::Some(value) = &params.#field {
                        args.push((#wire, #lit));
                    }
                });
            } else {
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
