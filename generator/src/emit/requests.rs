//! Request builders: `<Type>Item` for one entity and `…Collection` for a collection, each a
//! thin wrapper around a `::graphgen_runtime::RequestTarget` whose methods return
//! `http::Request` values (nothing is sent here).
//!
//! A builder has exactly the methods the selected paths allow: reads, updates and deletes as
//! the capability annotations say, navigation to contained entities (builders of their own)
//! and to related ones (`NavCollection`/`NavSingle` from the runtime, which also manage
//! `$ref` links), key lookups, and bound operations.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Loc, RESERVED_METHODS, Top, doc_attrs, doc_then, method_lint_attrs};
use super::gates::Member;
use super::keys;
use super::layout::Sink;
use super::operations;
use crate::error::Result;
use crate::ir::select::{CollectionBuilder, Edge, ItemBuilder};
use crate::ir::{Navigation, TypeId};
use crate::naming::{self, Namer};

/// `a` or `an` before `word`.
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// The request result type.
fn result_type() -> TokenStream {
    quote!(::std::result::Result<::http::Request<::std::vec::Vec<u8>>, ::graphgen_runtime::Error>)
}

/// `::graphgen_runtime::Call<::graphgen_runtime::decode::#shape>`: what a sending method
/// returns.
pub(crate) fn call_type(shape: TokenStream) -> TokenStream {
    quote!(::graphgen_runtime::Call<::graphgen_runtime::decode::#shape>)
}

/// The doc of a sending method: what awaiting it gives, and its `*_request` twin.
pub(crate) fn sends_doc(request_method: &proc_macro2::Ident, gives: &str) -> TokenStream {
    doc_attrs(&naming::doc_lines(&format!(
        "Sends [`{request_method}`](Self::{request_method}); awaiting the call gives {gives}."
    )))
}

/// Emits every item and collection builder.
pub(crate) fn emit_all(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for (&ty, builder) in &ctx.names.items {
        let name = &ctx.names.item_names[&ty];
        let loc = ctx.loc(Top::Requests, ctx.model.module_of(ty), name);
        if !sink.wants(&loc) {
            continue;
        }
        let (tokens, more) = emit_item(ctx, ty, builder, name, &loc)?;
        let need = ctx.gates.item_need(ty);
        sink.add(ctx, &loc, name, tokens, need.clone())?;
        for (chunk_loc, impl_block) in more {
            sink.add(ctx, &chunk_loc, name, impl_block, need.clone())?;
        }
    }
    for (edge, builder) in &ctx.names.collections {
        let name = &ctx.names.collection_names[edge];
        let loc = ctx.loc(Top::Requests, ctx.model.module_of(builder.ty), name);
        if !sink.wants(&loc) {
            continue;
        }
        let tokens = emit_collection(ctx, *edge, builder, name, &loc)?;
        sink.add(ctx, &loc, name, tokens, ctx.gates.collection_need(*edge))?;
    }
    Ok(())
}

/// The path to the item builder of `ty`.
pub(crate) fn item_path(ctx: &Ctx<'_>, here: &Loc, ty: TypeId) -> Result<TokenStream> {
    let name = ctx
        .names
        .item_names
        .get(&ty)
        .ok_or_else(|| ctx.error(format!("no item builder for type id {}", ty.0)))?;
    ctx.path(here, Top::Requests, ctx.model.module_of(ty), name)
}

/// The path to the collection builder of `edge`.
pub(crate) fn collection_path(ctx: &Ctx<'_>, here: &Loc, edge: Edge) -> Result<TokenStream> {
    let (Some(name), Some(builder)) = (
        ctx.names.collection_names.get(&edge),
        ctx.names.collections.get(&edge),
    ) else {
        return Err(ctx.error(format!("no collection builder for {edge:?}")));
    };
    ctx.path(here, Top::Requests, ctx.model.module_of(builder.ty), name)
}

/// `new` and `target`, shared by both kinds of builder.
fn common_methods(what: &str) -> TokenStream {
    let new_doc = doc_attrs(&naming::doc_lines(&format!(
        "Wraps a request target that addresses {what}."
    )));
    quote! {
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
    }
}

/// A builder method and the `#[cfg(…)]` it needs beyond its builder's (empty when none).
type Method = (TokenStream, TokenStream);

/// `impl` blocks for `methods` on the builder at `path`: the ungated ones in one block with
/// `builder_cfg`, then one block per distinct gate (in order of first use), each with that
/// gate, which implies the builder's. No block for no methods, unless `always`.
fn impl_blocks(
    path: &TokenStream,
    builder_cfg: &TokenStream,
    methods: Vec<Method>,
    always: TokenStream,
) -> TokenStream {
    let mut plain = Vec::new();
    let mut gated: Vec<(String, TokenStream, Vec<TokenStream>)> = Vec::new();
    for (cfg, m) in methods {
        if cfg.is_empty() {
            plain.push(m);
            continue;
        }
        let key = cfg.to_string();
        match gated.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, ms)) => ms.push(m),
            None => gated.push((key, cfg, vec![m])),
        }
    }
    let mut out = TokenStream::new();
    if !plain.is_empty() || !always.is_empty() {
        out.extend(quote! {
            #builder_cfg
            impl #path {
                #always
                #(#plain)*
            }
        });
    }
    for (_, cfg, ms) in gated {
        out.extend(quote! {
            #cfg
            impl #path {
                #(#ms)*
            }
        });
    }
    out
}

/// A builder struct with its docs and methods; `cfg` is its own `#[cfg(…)]`.
fn builder(
    ctx: &Ctx<'_>,
    name: &str,
    doc: TokenStream,
    what: &str,
    cfg: &TokenStream,
    methods: Vec<Method>,
) -> Result<TokenStream> {
    let ident = ctx.ident(name)?;
    let common = common_methods(what);
    let impls = impl_blocks(&quote!(#ident), cfg, methods, common);
    Ok(quote! {
        #doc
        #cfg
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #ident {
            // Visible in the namespace module, where further `impl` blocks of a builder
            // with many methods live.
            pub(super) target: ::graphgen_runtime::RequestTarget,
        }

        #impls
    })
}

/// The most navigation and operation methods an item builder's own `impl` holds; the rest go
/// to further `impl` blocks in modules of their own (`workbook_2`, …), so that a builder with
/// hundreds of operations (`workbookFunctions`) does not make one huge file.
pub(crate) const METHODS_PER_IMPL: usize = 50;

/// The module of the `k`-th extra `impl` block (from 1) of the item builder at `here`: a
/// sibling of its module, `<bucket>_<k+1>`, which no prefix module can be called (those are
/// letters and digits only).
fn chunk_loc(here: &Loc, k: usize) -> Loc {
    Loc {
        top: here.top,
        ns: here.ns.clone(),
        bucket: format!("{}_{}", here.bucket, k + 1),
    }
}

/// An item builder, and the extra `impl` blocks of a big one with the modules they go to.
type ItemTokens = (TokenStream, Vec<(Loc, TokenStream)>);

fn emit_item(
    ctx: &Ctx<'_>,
    ty: TypeId,
    b: &ItemBuilder,
    name: &str,
    here: &Loc,
) -> Result<ItemTokens> {
    let def = ctx.model.ty(ty);
    let element = &def.name.wire;
    let body = ctx.value_type(here, ty)?;
    let result = result_type();
    let mut names = Namer::with_reserved(RESERVED_METHODS);
    let mut claim = |n: &str| names.claim(naming::method_name(n));
    let get = ctx.ident(&claim("get_request"))?;
    let patch = ctx.ident(&claim("patch_request"))?;
    let put = ctx.ident(&claim("put_request"))?;
    let delete = ctx.ident(&claim("delete_request"))?;
    let send_get = ctx.ident(&claim("get"))?;
    let send_patch = ctx.ident(&claim("patch"))?;
    let send_put = ctx.ident(&claim("put"))?;
    let send_delete = ctx.ident(&claim("delete"))?;
    let json = call_type(quote!(Json<#body>));
    let empty = call_type(quote!(Empty));
    let line = |text: String| doc_attrs(&naming::doc_lines(&text));
    let get_doc = line(format!("`GET …` — reads this `{element}`."));
    let patch_doc = line(format!(
        "`PATCH …` — updates this `{element}` with the properties set in `body`."
    ));
    let put_doc = line(format!("`PUT …` — replaces this `{element}` with `body`."));
    let delete_doc = line(format!("`DELETE …` — deletes this `{element}`."));
    let gate = |m: Member| ctx.gates.item_member(ty, m);
    let mut methods: Vec<Method> = Vec::new();
    let reads = (
        b.get,
        Member::Get,
        get_doc,
        get,
        send_get,
        quote!(GET),
        None,
    );
    let patches = (
        b.patch,
        Member::Patch,
        patch_doc,
        patch,
        send_patch,
        quote!(PATCH),
        Some(&body),
    );
    let puts = (
        b.put,
        Member::Put,
        put_doc,
        put,
        send_put,
        quote!(PUT),
        Some(&body),
    );
    let deletes = (
        b.delete,
        Member::Delete,
        delete_doc,
        delete,
        send_delete,
        quote!(DELETE),
        None,
    );
    for (on, member, doc, request, send, method, body) in [reads, patches, puts, deletes] {
        if !on {
            continue;
        }
        let (gives, returns) = match member {
            Member::Get => ("the entity (`$select`/`$expand` on the call)", &json),
            Member::Put => ("`()`", &empty),
            _ => ("`()` (`204 No Content`)", &empty),
        };
        let send_doc = sends_doc(&request, gives);
        let (param, build, call) = match body {
            Some(body) => (
                quote!(, body: &#body),
                quote!(self.target.json_request(::http::Method::#method, body)),
                quote!(self.target.json_call(::http::Method::#method, body)),
            ),
            None => (
                TokenStream::new(),
                quote!(self.target.request(::http::Method::#method)),
                quote!(self.target.call(::http::Method::#method)),
            ),
        };
        methods.push((
            gate(member),
            quote! {
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
            },
        ));
    }
    // Navigation and operation methods, `METHODS_PER_IMPL` to an `impl` block; each is
    // emitted from the module its block goes to, so its paths are right there.
    let ops: Vec<_> = b
        .operations
        .iter()
        .filter(|op| ctx.sel.operations.contains(op))
        .collect();
    let mut chunks: Vec<Vec<Method>> = Vec::new();
    let mut count = 0;
    let at = |count: usize| {
        let k = count / METHODS_PER_IMPL;
        if k == 0 {
            here.clone()
        } else {
            chunk_loc(here, k)
        }
    };
    let push = |chunks: &mut Vec<Vec<Method>>, k: usize, m: Method| {
        chunks.resize_with(chunks.len().max(k + 1), Vec::new);
        chunks[k].push(m);
    };
    for &(owner, index) in b.navs.union(&b.nav_refs) {
        let Some(nav) = ctx
            .model
            .struct_def(owner)
            .and_then(|s| s.navigations.get(index))
        else {
            continue;
        };
        let with_ref = b.nav_refs.contains(&(owner, index));
        let loc = at(count);
        if let Some(m) = nav_method(ctx, &loc, (owner, index), nav, with_ref, &mut names)? {
            let cfg = gate(Member::Nav(owner, index));
            push(&mut chunks, count / METHODS_PER_IMPL, (cfg, m));
            count += 1;
        }
    }
    for &op in ops {
        let loc = at(count);
        let m = operations::method(ctx, &loc, op, &mut names, "…")?;
        push(
            &mut chunks,
            count / METHODS_PER_IMPL,
            (gate(Member::Op(op)), m),
        );
        count += 1;
    }
    let mut chunks = chunks.into_iter();
    methods.extend(chunks.next().unwrap_or_default());
    let cfg = ctx.gates.item(ty);
    let mut more = Vec::new();
    for (k, chunk) in chunks.enumerate() {
        let loc = chunk_loc(here, k + 1);
        let path = ctx.path(&loc, Top::Requests, &here.ns, name)?;
        more.push((loc, impl_blocks(&path, &cfg, chunk, TokenStream::new())));
    }
    let doc = doc_attrs(&naming::doc_lines(&format!(
        "Requests on one `{}` entity: a member of a collection (`…/{{id}}`), a singleton, or \
         a single-valued navigation property. In the method docs, `…` stands for its URL.",
        def.qualified
    )));
    let main = builder(ctx, name, doc, &format!("one `{element}`"), &cfg, methods)?;
    Ok((main, more))
}

/// The method that follows a navigation property from an item, if its target is available.
/// `with_ref`: the selection includes the `$ref` of a single-valued, non-contained,
/// Referenceable navigation property.
fn nav_method(
    ctx: &Ctx<'_>,
    here: &Loc,
    (owner, index): (TypeId, usize),
    nav: &Navigation,
    with_ref: bool,
    names: &mut Namer,
) -> Result<Option<TokenStream>> {
    let wire = &nav.name.wire;
    let target_wire = &ctx.model.ty(nav.target).name.wire;
    let (ret, ctor, what) = match (nav.contains_target, nav.collection) {
        (true, true) => {
            let path = collection_path(ctx, here, Edge::Nav { owner, nav: index })?;
            (
                path.clone(),
                path,
                format!("the contained `{target_wire}` collection"),
            )
        }
        (true, false) => {
            let path = item_path(ctx, here, nav.target)?;
            (path.clone(), path, format!("the contained `{target_wire}`"))
        }
        (false, collection) => {
            if !ctx.emitted(nav.target) {
                return Ok(None);
            }
            let model = ctx.model_path(here, nav.target)?;
            let (wrapper, what) = if collection {
                (
                    quote!(::graphgen_runtime::NavCollection),
                    format!("the related `{target_wire}` entities (list, `$count`, `$ref` links)"),
                )
            } else if with_ref {
                (
                    quote!(::graphgen_runtime::NavSingleRef),
                    format!("the related `{target_wire}` (read, `$ref` link)"),
                )
            } else {
                (
                    quote!(::graphgen_runtime::NavSingle),
                    format!("the related `{target_wire}` (read)"),
                )
            };
            (quote!(#wrapper<#model>), wrapper, what)
        }
    };
    let claimed = names.claim(nav.name.rust.clone());
    let lints = method_lint_attrs(&claimed);
    let name = ctx.ident(&claimed)?;
    let doc = doc_then(&format!("`…/{wire}` — {what}."), nav.doc.as_deref());
    Ok(Some(quote! {
        #doc
        #lints
        #[inline]
        pub fn #name(&self) -> #ret {
            #ctor::new(self.target.segment(#wire))
        }
    }))
}

/// The URL shape of a collection for docs, and a description of it.
fn collection_shape(ctx: &Ctx<'_>, edge: Edge) -> (String, String, Option<String>) {
    match edge {
        Edge::Root(i) => {
            let wire = ctx.model.roots.get(i).map(|r| r.name.wire.as_str());
            let wire = wire.unwrap_or_default();
            (
                format!("/{wire}"),
                format!("the `{wire}` entity set"),
                ctx.model.roots.get(i).and_then(|r| r.doc.clone()),
            )
        }
        Edge::Nav { owner, nav } => {
            let n = ctx
                .model
                .struct_def(owner)
                .and_then(|s| s.navigations.get(nav));
            let wire = n.map(|n| n.name.wire.as_str()).unwrap_or_default();
            (
                format!("…/{wire}"),
                format!(
                    "the `{wire}` navigation property of `{}`",
                    ctx.model.ty(owner).qualified
                ),
                n.and_then(|n| n.doc.clone()),
            )
        }
    }
}

fn emit_collection(
    ctx: &Ctx<'_>,
    edge: Edge,
    b: &CollectionBuilder,
    name: &str,
    here: &Loc,
) -> Result<TokenStream> {
    let element = &ctx.model.ty(b.ty).name.wire;
    let (url, what, extra) = collection_shape(ctx, edge);
    let result = result_type();
    let body = ctx.value_type(here, b.ty)?;
    let mut names = Namer::with_reserved(RESERVED_METHODS);
    let mut claim = |n: &str| names.claim(naming::method_name(n));
    let list = ctx.ident(&claim("list_request"))?;
    let post = ctx.ident(&claim("post_request"))?;
    let count = ctx.ident(&claim("count_request"))?;
    let send_list = ctx.ident(&claim("list"))?;
    let send_post = ctx.ident(&claim("post"))?;
    let send_count = ctx.ident(&claim("count"))?;
    let refs = ctx.ident(&claim("refs"))?;
    let page = call_type(quote!(List<#body>));
    let json = call_type(quote!(Json<#body>));
    let counted = call_type(quote!(Count));
    let gate = |m: Member| ctx.gates.collection_member(edge, m);
    let mut methods: Vec<Method> = Vec::new();
    if b.list {
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`GET {url}` — lists the `{element}` entities."
        )));
        let send_doc = sends_doc(
            &list,
            "the first page (query options, `.pages()`, `.stream()` and `.all()` on the call)",
        );
        methods.push((
            gate(Member::List),
            quote! {
                #doc
                #[inline]
                pub fn #list(&self) -> #result {
                    self.target.request(::http::Method::GET)
                }
                #send_doc
                #[inline]
                pub fn #send_list(&self) -> #page {
                    self.target.call(::http::Method::GET)
                }
            },
        ));
    }
    if b.create {
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`POST {url}` — creates {} `{element}` from `body`.",
            article(element)
        )));
        let send_doc = sends_doc(&post, "the created entity (`201 Created`)");
        methods.push((
            gate(Member::Create),
            quote! {
                #doc
                #[inline]
                pub fn #post(&self, body: &#body) -> #result {
                    self.target.json_request(::http::Method::POST, body)
                }
                #send_doc
                #[inline]
                pub fn #send_post(&self, body: &#body) -> #json {
                    self.target.json_call(::http::Method::POST, body)
                }
            },
        ));
    }
    if b.count {
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`GET {url}/$count` — counts the `{element}` entities (a `text/plain` number; sent \
             with `ConsistencyLevel: eventual`)."
        )));
        let send_doc = sends_doc(&count, "the number");
        methods.push((
            gate(Member::Count),
            quote! {
                #doc
                #[inline]
                pub fn #count(&self) -> #result {
                    self.target.count_request()
                }
                #send_doc
                #[inline]
                pub fn #send_count(&self) -> #counted {
                    self.target.count_call()
                }
            },
        ));
    }
    if b.by_key {
        let item = item_path(ctx, here, b.ty)?;
        let keys = keys::key_methods(ctx, here, b, &item, &mut names, &url)?;
        methods.extend(keys.into_iter().map(|m| (gate(Member::ByKey), m)));
    }
    if b.refs && ctx.emitted(b.ty) {
        let model = ctx.model_path(here, b.ty)?;
        let doc = doc_attrs(&naming::doc_lines(&format!(
            "`{url}/$ref` — the links to `{element}` entities: add, list and remove them."
        )));
        methods.push((
            gate(Member::Refs),
            quote! {
                #doc
                #[inline]
                pub fn #refs(&self) -> ::graphgen_runtime::Refs<#model> {
                    ::graphgen_runtime::Refs::new(self.target.clone())
                }
            },
        ));
    }
    for &op in b
        .operations
        .iter()
        .filter(|op| ctx.sel.operations.contains(op))
    {
        let m = operations::method(ctx, here, op, &mut names, &url)?;
        methods.push((gate(Member::Op(op)), m));
    }
    let doc = doc_then(
        &format!(
            "Requests on {what} (`{url}`), a collection of `{}`.",
            ctx.model.ty(b.ty).qualified
        ),
        extra.as_deref(),
    );
    let cfg = ctx.gates.collection(edge);
    builder(ctx, name, doc, &format!("{what} (`{url}`)"), &cfg, methods)
}
