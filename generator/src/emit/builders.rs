//! Request builders: `<Type>Item` for one entity and `…Collection` for a collection, each a
//! thin wrapper around a `::graphgen_runtime::RequestTarget`, and the methods that request
//! on the builder's own URL (`get`, `list`, …), follow a navigation property, or give the
//! `$ref` links. Every `*_request` method returns an `http::Request` (nothing is sent); its
//! twin returns a `::graphgen_runtime::Call` that sends it when awaited.

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{
    BuilderPlan, Gate, Item, ItemRef, MediaMethod, NavMethod, NavTo, Place, RequestMethod,
    RequestUrl,
};
use crate::tokens::{Out, call_type, doc_attrs, http_method, method_lint_attrs, result_type};

/// A request on the builder's own URL, and its sending twin.
pub(crate) fn request(out: &Out<'_>, here: &Place, r: &RequestMethod) -> Result<TokenStream> {
    let request = out.ident(&r.names.request)?;
    let send = out.ident(&r.names.send)?;
    let doc = doc_attrs(&r.names.request_docs);
    let send_doc = doc_attrs(&r.names.send_docs);
    let result = result_type();
    let returns = call_type(out, here, &r.returns)?;
    let method = http_method(r.http);
    let (param, build, call) = match (&r.body, r.url) {
        (Some(body), _) => {
            let body = out.ty(here, body)?;
            (
                quote!(, body: &#body),
                quote!(self.target.json_request(#method, body)),
                quote!(self.target.json_call(#method, body)),
            )
        }
        (None, RequestUrl::Count) => (
            TokenStream::new(),
            quote!(self.target.count_request()),
            quote!(self.target.count_call()),
        ),
        (None, RequestUrl::Itself) => (
            TokenStream::new(),
            quote!(self.target.request(#method)),
            quote!(self.target.call(#method)),
        ),
    };
    Ok(quote! {
        #doc
        #[inline]
        pub fn #request(&self #param) -> #result {
            #build
        }
        #send_doc
        #[inline]
        pub fn #send(&self #param) -> #returns {
            #call
        }
    })
}

/// A media resource's method: a download (`GET`) or an upload (`PUT`) through the runtime,
/// the body a stream either way.
pub(crate) fn media(out: &Out<'_>, m: &MediaMethod) -> Result<TokenStream> {
    let name = out.ident(&m.name)?;
    let doc = doc_attrs(&m.docs);
    let lints = method_lint_attrs(&m.name);
    let segment = &m.segment;
    let result = quote!(
        ::std::result::Result<::graphgen_runtime::Media, ::graphgen_runtime::Error>
    );
    Ok(if m.upload {
        quote! {
            #doc
            #lints
            pub async fn #name(
                &self,
                content_type: &str,
                body: impl ::std::convert::Into<::graphgen_runtime::MediaBody>,
            ) -> #result {
                self.target
                    .segment(#segment)
                    .upload(::http::Method::PUT, content_type, body.into())
                    .await
            }
        }
    } else {
        quote! {
            #doc
            #lints
            pub async fn #name(&self) -> #result {
                self.target.segment(#segment).download().await
            }
        }
    })
}

/// The method that follows a navigation property.
pub(crate) fn nav(out: &Out<'_>, here: &Place, n: &NavMethod) -> Result<TokenStream> {
    let (ret, ctor) = match &n.to {
        NavTo::Builder(b) => {
            let path = out.path(here, b)?;
            (path.clone(), path)
        }
        NavTo::Collection(m) => related(out, here, quote!(::graphgen_runtime::NavCollection), m)?,
        NavTo::Single(m) => related(out, here, quote!(::graphgen_runtime::NavSingle), m)?,
        NavTo::SingleRef(m) => related(out, here, quote!(::graphgen_runtime::NavSingleRef), m)?,
    };
    let lints = method_lint_attrs(&n.name);
    let name = out.ident(&n.name)?;
    let doc = doc_attrs(&n.docs);
    let wire = &n.wire;
    Ok(quote! {
        #doc
        #lints
        #[inline]
        pub fn #name(&self) -> #ret {
            #ctor::new(self.target.segment(#wire))
        }
    })
}

/// `Wrapper<Model>` and `Wrapper`, for a runtime navigation builder.
fn related(
    out: &Out<'_>,
    here: &Place,
    wrapper: TokenStream,
    model: &ItemRef,
) -> Result<(TokenStream, TokenStream)> {
    let model = out.path(here, model)?;
    Ok((quote!(#wrapper<#model>), wrapper))
}

/// `refs()`: the `$ref` links of a collection.
pub(crate) fn refs(
    out: &Out<'_>,
    here: &Place,
    name: &str,
    docs: &[String],
    model: &ItemRef,
) -> Result<TokenStream> {
    let name = out.ident(name)?;
    let model = out.path(here, model)?;
    let doc = doc_attrs(docs);
    Ok(quote! {
        #doc
        #[inline]
        pub fn #name(&self) -> ::graphgen_runtime::Refs<#model> {
            ::graphgen_runtime::Refs::new(self.target.clone())
        }
    })
}

/// A builder method's tokens with its gate and `impl` block (see
/// [`crate::plan::MethodPlan`]).
pub(crate) type Method = (usize, Option<Gate>, TokenStream);

/// A builder struct with its methods: the struct and the `impl` blocks of block 0 (the
/// builder's own module), then the `impl` blocks of each further block, for
/// `b.blocks[k - 1]`.
pub(crate) fn builder(
    out: &Out<'_>,
    item: &Item,
    b: &BuilderPlan,
    methods: Vec<Method>,
) -> Result<(TokenStream, Vec<TokenStream>)> {
    let ident = out.ident(&item.name)?;
    let doc = doc_attrs(&item.docs);
    let cfg = out.cfg(item.gate.as_ref());
    let new_doc = doc_attrs(&crate::naming::doc_lines(&format!(
        "Wraps a request target that addresses {}.",
        b.addresses
    )));
    let common = quote! {
        #new_doc
        #[inline]
        pub fn new(target: ::graphgen_runtime::RequestTarget) -> Self {
            Self { target }
        }

        /// The URL this builder addresses, to extend it by hand (with `segment`, `key`, …) or
        /// to build a request the builder has no method for.
        #[inline]
        pub fn target(&self) -> &::graphgen_runtime::RequestTarget {
            &self.target
        }
    };
    let mut blocks: Vec<Vec<(Option<Gate>, TokenStream)>> = vec![Vec::new(); b.blocks.len() + 1];
    for (block, gate, tokens) in methods {
        let Some(slot) = blocks.get_mut(block) else {
            return Err(out.error(format!("`{}`: a method in impl block {block}", item.name)));
        };
        slot.push((gate, tokens));
    }
    let mut blocks = blocks.into_iter();
    let own = impl_blocks(
        out,
        &quote!(#ident),
        &cfg,
        blocks.next().unwrap_or_default(),
        common,
    );
    let mut more = Vec::new();
    for (k, block) in blocks.enumerate() {
        let place = &b.blocks[k];
        let path = out.path(place, &item.item_ref())?;
        more.push(impl_blocks(out, &path, &cfg, block, TokenStream::new()));
    }
    let main = quote! {
        #doc
        #cfg
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #ident {
            // Visible in the namespace module, where further `impl` blocks of a builder
            // with many methods live.
            pub(super) target: ::graphgen_runtime::RequestTarget,
        }

        #own
    };
    Ok((main, more))
}

/// `impl` blocks for `methods` on the builder at `path`: the ungated ones in one block with
/// `builder_cfg`, then one block per distinct gate (in order of first use), each with that
/// gate, which implies the builder's. No block for no methods, unless `always`.
fn impl_blocks(
    out: &Out<'_>,
    path: &TokenStream,
    builder_cfg: &TokenStream,
    methods: Vec<(Option<Gate>, TokenStream)>,
    always: TokenStream,
) -> TokenStream {
    let mut plain = Vec::new();
    let mut gated: Vec<(Gate, Vec<TokenStream>)> = Vec::new();
    for (gate, m) in methods {
        let Some(gate) = gate else {
            plain.push(m);
            continue;
        };
        match gated.iter_mut().find(|(g, _)| *g == gate) {
            Some((_, ms)) => ms.push(m),
            None => gated.push((gate, vec![m])),
        }
    }
    let mut tokens = TokenStream::new();
    if !plain.is_empty() || !always.is_empty() {
        tokens.extend(quote! {
            #builder_cfg
            impl #path {
                #always
                #(#plain)*
            }
        });
    }
    for (gate, ms) in gated {
        let cfg = out.cfg(Some(&gate));
        tokens.extend(quote! {
            #cfg
            impl #path {
                #(#ms)*
            }
        });
    }
    tokens
}
