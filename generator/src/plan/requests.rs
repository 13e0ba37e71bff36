//! The request builders: `<Type>Item` for one entity and `…Collection` for a collection, with
//! exactly the methods the selected paths allow: reads, updates and deletes as the capability
//! annotations say, navigation to contained entities (builders of their own) and to related
//! ones (`NavCollection`/`NavSingle` from the runtime, which also manage `$ref` links), key
//! lookups, bound operations (see `operations`), type casts to derived types (see `casts`),
//! and media resources (`$value`, stream properties) read and written as streams.

use super::docs::{doc_then, errors_docs, sends_doc};
use super::features::Member;
use super::layout::{METHODS_PER_IMPL, block_place};
use super::refs::{collection_ref, item_ref};
use super::{
    BuilderPlan, Ctx, Http, Item, ItemKind, ItemRef, KeyForm, KeyMethod, KeyPart, KeyStyle,
    MediaMethod, MethodKind, MethodPlan, NavMethod, NavTo, Pair, RequestMethod, RequestUrl,
    Returns,
};
use super::{casts, operations};
use crate::error::Result;
use crate::ir::TypeId;
use crate::ir::select::{CollectionBuilder, Edge, ItemBuilder};
use crate::naming::{self, Namer};

/// Every builder and parameter struct.
pub(super) fn items(ctx: &Ctx<'_>) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    for (&ty, builder) in &ctx.builders.items {
        out.push(item_builder(ctx, ty, builder)?);
    }
    for (edge, builder) in &ctx.builders.collections {
        out.push(collection_builder(ctx, *edge, builder)?);
    }
    out.extend(operations::params_items(ctx));
    Ok(out)
}

/// `a` or `an` before `word`.
fn article(word: &str) -> &'static str {
    match word.chars().next().map(|c| c.to_ascii_lowercase()) {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

/// A request of the builder's own (`list`, reserved for it) and its sending twin.
fn pair(verb: &str, request_docs: Vec<String>, gives: &str) -> Pair {
    let request = format!("{verb}_request");
    let send = verb.to_owned();
    let send_docs = sends_doc(&request, gives);
    Pair {
        request,
        send,
        request_docs,
        send_docs,
    }
}

fn item_builder(ctx: &Ctx<'_>, ty: TypeId, b: &ItemBuilder) -> Result<Item> {
    let def = ctx.model.ty(ty);
    let element = &def.name;
    let me = item_ref(ctx, ty)?;
    let body = ctx.named_ty(ty);
    // The builder's own methods have reserved names: a navigation property or operation
    // called `get` is `get_2` on every builder, whether or not this one has a `get`.
    let mut names = Namer::with_reserved(naming::ITEM_METHODS);
    let line = |text: String| naming::doc_lines(&text);
    let verbs = [
        (
            b.get,
            Member::Get,
            "get",
            Http::Get,
            line(format!("`GET …` — reads this `{element}`.")),
            "the entity (`$select`/`$expand` on the call)",
        ),
        (
            b.patch,
            Member::Patch,
            "patch",
            Http::Patch,
            line(format!(
                "`PATCH …` — updates this `{element}` with the properties set in `body`."
            )),
            "`()` (`204 No Content`)",
        ),
        (
            b.put,
            Member::Put,
            "put",
            Http::Put,
            line(format!("`PUT …` — replaces this `{element}` with `body`.")),
            "`()`",
        ),
        (
            b.delete,
            Member::Delete,
            "delete",
            Http::Delete,
            line(format!("`DELETE …` — deletes this `{element}`.")),
            "`()` (`204 No Content`)",
        ),
    ];
    let requests: Vec<String> = verbs.iter().map(|v| format!("{}_request", v.2)).collect();
    let sends: Vec<String> = verbs.iter().map(|v| v.2.to_owned()).collect();
    let gate = |m: Member| ctx.gates.item_member(ty, m);
    let mut methods = Vec::new();
    for (i, (on, member, _, http, request_docs, gives)) in verbs.into_iter().enumerate() {
        if !on {
            continue;
        }
        let (body, returns) = match http {
            Http::Get => (None, Returns::Json(body.clone())),
            Http::Patch | Http::Put => (Some(body.clone()), Returns::Empty),
            _ => (None, Returns::Empty),
        };
        methods.push(MethodPlan {
            gate: gate(member),
            block: 0,
            kind: MethodKind::Request(RequestMethod {
                names: Pair {
                    request: requests[i].clone(),
                    send: sends[i].clone(),
                    request_docs,
                    send_docs: sends_doc(&requests[i], gives),
                },
                http,
                url: RequestUrl::Itself,
                body,
                returns,
            }),
        });
    }
    // Navigation and operation methods, `METHODS_PER_IMPL` to an `impl` block; each is
    // emitted from the module its block goes to, so its paths are right there.
    let mut count = 0;
    for &(owner, index) in b.navs.union(&b.nav_refs) {
        let Some(nav) = ctx.model.navigation(owner, index) else {
            continue;
        };
        let with_ref = b.nav_refs.contains(&(owner, index));
        if let Some(m) = nav_method(ctx, (owner, index), nav, with_ref, &mut names)? {
            methods.push(MethodPlan {
                gate: gate(Member::Nav(owner, index)),
                block: count / METHODS_PER_IMPL,
                kind: MethodKind::Nav(m),
            });
            count += 1;
        }
    }
    for &op in b
        .operations
        .iter()
        .filter(|op| ctx.sel.operations.contains(op))
    {
        methods.push(MethodPlan {
            gate: gate(Member::Op(op)),
            block: count / METHODS_PER_IMPL,
            kind: MethodKind::Operation(operations::method(ctx, op, &mut names, "…")?),
        });
        count += 1;
    }
    for &op in &b.composed {
        let Some(result) = crate::ir::paths::composed_result(ctx.model, op) else {
            continue;
        };
        methods.push(MethodPlan {
            gate: gate(Member::Composed(op)),
            block: count / METHODS_PER_IMPL,
            kind: MethodKind::Composed(operations::composed_method(
                ctx, op, result, &mut names, "…",
            )?),
        });
        count += 1;
    }
    for m in media_methods(ctx, b, element, &mut names) {
        methods.push(MethodPlan {
            gate: gate(Member::Media(m.0, m.1.upload)),
            block: count / METHODS_PER_IMPL,
            kind: MethodKind::Media(m.1),
        });
        count += 1;
    }
    for &d in &b.casts {
        methods.push(MethodPlan {
            gate: gate(Member::Cast(d)),
            block: count / METHODS_PER_IMPL,
            kind: MethodKind::Cast(casts::item_cast(ctx, ty, d, &mut names)?),
        });
        count += 1;
    }
    let blocks = (1..count.div_ceil(METHODS_PER_IMPL))
        .map(|k| block_place(&me.place, k))
        .collect();
    Ok(Item {
        name: me.name,
        place: me.place,
        gate: ctx.gates.item(ty),
        docs: naming::doc_lines(&format!(
            "Requests on one `{}` entity: a member of a collection (`{}`), a singleton, \
             or a single-valued navigation property. In the method docs, `…` stands for its \
             URL.",
            def.qualified,
            match ctx.conventions.key {
                KeyStyle::Segment => "…/{id}",
                KeyStyle::Parentheses => "…({id})",
            }
        )),
        kind: ItemKind::Builder(BuilderPlan {
            element: element.clone(),
            addresses: format!("one `{element}`"),
            methods,
            blocks,
        }),
    })
}

/// The media methods of an item builder, downloads then uploads, each in the order of
/// `$value` then the stream properties: `get_value`/`put_value`, `get_<property>`/
/// `put_<property>`, named through the builder's `names`.
fn media_methods(
    ctx: &Ctx<'_>,
    b: &ItemBuilder,
    element: &str,
    names: &mut Namer,
) -> Vec<(Option<(TypeId, usize)>, MediaMethod)> {
    let mut out = Vec::new();
    for (upload, set) in [(false, &b.media_get), (true, &b.media_put)] {
        for &stream in set {
            let field = stream.and_then(|(t, i)| {
                let s = ctx.model.struct_def(t)?;
                s.fields.get(i)
            });
            let (segment, what) = match field {
                Some(f) => (f.name.clone(), format!("the `{}` stream property", f.name)),
                None if stream.is_none() => (
                    "$value".to_owned(),
                    format!("the media of this `{element}`"),
                ),
                None => continue,
            };
            let (verb, line) = if upload {
                (
                    "put",
                    format!(
                        "`PUT …/{segment}` — replaces {what} with `body`, sent as \
                         `content_type`. A body made from bytes is sent again on a retry; a \
                         stream is read once, as it is sent. The answer's body (if the \
                         service sends one) is in the returned `Media`."
                    ),
                )
            } else {
                (
                    "get",
                    format!(
                        "`GET …/{segment}` — reads {what}: its content type, length and a \
                         stream of its bytes as they arrive (`.bytes()` for all of them)."
                    ),
                )
            };
            let stem = if stream.is_some() {
                format!("{verb}_{segment}")
            } else {
                format!("{verb}_value")
            };
            let name = names.claim(naming::method_name(&stem));
            let mut docs = naming::doc_lines(&line);
            docs.extend(errors_docs(&[
                "What sending gives: [`::graphgen_runtime::Error::Service`] for an error",
                "status, and the rest of [`::graphgen_runtime::Error`].",
            ]));
            out.push((
                stream,
                MediaMethod {
                    name,
                    segment,
                    upload,
                    docs,
                },
            ));
        }
    }
    out
}

/// The method that follows a navigation property from an item, if its target is available.
/// `with_ref`: the selection includes the `$ref` of a single-valued, non-contained,
/// Referenceable navigation property.
fn nav_method(
    ctx: &Ctx<'_>,
    (owner, index): (TypeId, usize),
    nav: &crate::ir::Navigation,
    with_ref: bool,
    names: &mut Namer,
) -> Result<Option<NavMethod>> {
    let wire = &nav.name;
    let target_wire = &ctx.model.ty(nav.target).name;
    let (to, what) = match (nav.contains_target, nav.collection) {
        (true, true) => (
            NavTo::Builder(collection_ref(ctx, Edge::Nav { owner, nav: index })?),
            format!("the contained `{target_wire}` collection"),
        ),
        (true, false) => (
            NavTo::Builder(item_ref(ctx, nav.target)?),
            format!("the contained `{target_wire}`"),
        ),
        (false, collection) => {
            if !ctx.emitted(nav.target) {
                return Ok(None);
            }
            let model = ctx.model_ref(nav.target);
            if collection {
                (
                    NavTo::Collection(model),
                    format!("the related `{target_wire}` entities (list, `$count`, `$ref` links)"),
                )
            } else if with_ref {
                (
                    NavTo::SingleRef(model),
                    format!("the related `{target_wire}` (read, `$ref` link)"),
                )
            } else {
                (
                    NavTo::Single(model),
                    format!("the related `{target_wire}` (read)"),
                )
            }
        }
    };
    Ok(Some(NavMethod {
        name: names.claim(ctx.names.nav(owner, index).to_owned()),
        wire: wire.clone(),
        target: target_wire.clone(),
        docs: doc_then(&format!("`…/{wire}` — {what}."), nav.doc.as_deref()),
        to,
    }))
}

/// The URL shape of a collection for docs, a description of it, and its own description.
fn collection_shape(ctx: &Ctx<'_>, edge: Edge) -> (String, String, Option<String>) {
    match edge {
        Edge::Root(i) => {
            let wire = ctx.model.roots.get(i).map(|r| r.name.as_str());
            let wire = wire.unwrap_or_default();
            (
                format!("/{wire}"),
                format!("the `{wire}` entity set"),
                ctx.model.roots.get(i).and_then(|r| r.doc.clone()),
            )
        }
        Edge::Cast(d) => {
            let q = &ctx.model.ty(d).qualified;
            (
                format!("…/{q}"),
                format!("a collection cast to `{q}`"),
                None,
            )
        }
        Edge::Nav { owner, nav } => {
            let n = ctx.model.navigation(owner, nav);
            let wire = n.map(|n| n.name.as_str()).unwrap_or_default();
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

fn collection_builder(ctx: &Ctx<'_>, edge: Edge, b: &CollectionBuilder) -> Result<Item> {
    let me = collection_ref(ctx, edge)?;
    let element = &ctx.model.ty(b.ty).name;
    let (url, what, extra) = collection_shape(ctx, edge);
    let body = ctx.named_ty(b.ty);
    let mut names = Namer::with_reserved(naming::COLLECTION_METHODS);
    let line = |text: String| naming::doc_lines(&text);
    let list = pair(
        "list",
        line(format!("`GET {url}` — lists the `{element}` entities.")),
        "the first page (query options, `.pages()`, `.stream()` and `.all()` on the call)",
    );
    let post = pair(
        "post",
        line(format!(
            "`POST {url}` — creates {} `{element}` from `body`.",
            article(element)
        )),
        "the created entity (`201 Created`)",
    );
    let count = pair(
        "count",
        line(format!(
            "`GET {url}/$count` — counts the `{element}` entities (a `text/plain` number; sent \
             with `ConsistencyLevel: eventual`)."
        )),
        "the number",
    );
    let refs = "refs".to_owned();
    let gate = |m: Member| ctx.gates.collection_member(edge, m);
    let request = |member: Member, names: Pair, http, url, body, returns| MethodPlan {
        gate: gate(member),
        block: 0,
        kind: MethodKind::Request(RequestMethod {
            names,
            http,
            url,
            body,
            returns,
        }),
    };
    let mut methods = Vec::new();
    if b.list {
        methods.push(request(
            Member::List,
            list,
            Http::Get,
            RequestUrl::Itself,
            None,
            Returns::List(body.clone()),
        ));
    }
    if b.create {
        methods.push(request(
            Member::Create,
            post,
            Http::Post,
            RequestUrl::Itself,
            Some(body.clone()),
            Returns::Json(body.clone()),
        ));
    }
    if b.count {
        methods.push(request(
            Member::Count,
            count,
            Http::Get,
            RequestUrl::Count,
            None,
            Returns::Count,
        ));
    }
    if b.by_key {
        let item = item_ref(ctx, b.ty)?;
        for m in key_methods(ctx, b, &item, &mut names, &url) {
            methods.push(MethodPlan {
                gate: gate(Member::ByKey),
                block: 0,
                kind: MethodKind::Key(m),
            });
        }
    }
    if b.refs && ctx.emitted(b.ty) {
        methods.push(MethodPlan {
            gate: gate(Member::Refs),
            block: 0,
            kind: MethodKind::Refs {
                name: refs,
                docs: line(format!(
                    "`{url}/$ref` — the links to `{element}` entities: add, list and remove them."
                )),
                model: ctx.model_ref(b.ty),
            },
        });
    }
    for &op in b
        .operations
        .iter()
        .filter(|op| ctx.sel.operations.contains(op))
    {
        methods.push(MethodPlan {
            gate: gate(Member::Op(op)),
            block: 0,
            kind: MethodKind::Operation(operations::method(ctx, op, &mut names, &url)?),
        });
    }
    for &d in &b.casts {
        methods.push(MethodPlan {
            gate: gate(Member::Cast(d)),
            block: 0,
            kind: MethodKind::Cast(casts::collection_cast(ctx, b.ty, d, &mut names, &url)?),
        });
    }
    for &op in &b.composed {
        let Some(result) = crate::ir::paths::composed_result(ctx.model, op) else {
            continue;
        };
        methods.push(MethodPlan {
            gate: gate(Member::Composed(op)),
            block: 0,
            kind: MethodKind::Composed(operations::composed_method(
                ctx, op, result, &mut names, &url,
            )?),
        });
    }
    Ok(Item {
        name: me.name,
        place: me.place,
        gate: ctx.gates.collection(edge),
        docs: doc_then(
            &format!(
                "Requests on {what} (`{url}`), a collection of `{}`.",
                ctx.model.ty(b.ty).qualified
            ),
            extra.as_deref(),
        ),
        kind: ItemKind::Builder(BuilderPlan {
            element: element.clone(),
            addresses: format!("{what} (`{url}`)"),
            methods,
            blocks: Vec::new(),
        }),
    })
}

/// The key methods of a collection builder whose members are `item` builders: `by_id` (key as
/// a path segment or `('…')` as the profile's conventions say, or `(a=…,b=…)` for a composite
/// key, OData URL Conventions 4.01 §4.3.1, §4.3.6) and one `by_<alias>` method per alternate
/// key (`(uniqueName='…')`: an alternate key always names its parts, §4.3.5). `url` is the
/// collection's URL shape for the docs.
fn key_methods(
    ctx: &Ctx<'_>,
    cb: &CollectionBuilder,
    item: &ItemRef,
    names: &mut Namer,
    url: &str,
) -> Vec<KeyMethod> {
    let mut out = Vec::new();
    let Some(def) = ctx.model.struct_def(cb.ty) else {
        return out;
    };
    let element = &ctx.model.ty(cb.ty).name;
    let fields = ctx.model.all_fields_at(cb.ty);
    // Each key property's part: its name in the URL, its parameter's Rust name (the
    // field's, for a property of the type itself; else made from the alias), its type.
    let key_parts: Vec<KeyPart> = def
        .key
        .iter()
        .map(|k| {
            let own = k
                .own_property()
                .and_then(|p| fields.iter().copied().find(|(_, _, f)| f.name == p));
            let rust = match own {
                Some((owner, i, _)) => ctx.names.field(owner, i).to_owned(),
                None => naming::field_name(&k.name),
            };
            KeyPart {
                wire: k.name.clone(),
                rust,
                ty: ctx.ty(&k.ty),
                enum_type: ctx.enum_type(&k.ty),
            }
        })
        .collect();
    // `by_id` is a builder's own name (reserved for it).
    let by_id = "by_id".to_owned();
    if let [part] = key_parts.as_slice() {
        let (shape, form) = match ctx.conventions.key {
            KeyStyle::Segment => (
                format!("`{url}/{{{}}}`", part.wire),
                KeyForm::Segment {
                    key: part.wire.clone(),
                    ty: part.ty.clone(),
                },
            ),
            KeyStyle::Parentheses => (
                format!("`{url}({{{}}})`", part.wire),
                KeyForm::Literal(KeyPart {
                    rust: "id".to_owned(),
                    ..part.clone()
                }),
            ),
        };
        let mut docs = naming::doc_lines(&format!("{shape} — one `{element}` by its key."));
        let fallible = matches!(&form, KeyForm::Literal(p) if p.ty.is_json());
        if fallible {
            docs.extend(super::docs::errors_docs(&[
                "[`::graphgen_runtime::Error::Serialize`] if the key cannot be written as JSON.",
            ]));
        }
        out.push(KeyMethod {
            name: by_id,
            docs,
            item: item.clone(),
            form,
            fallible,
        });
    } else if key_parts.len() > 1 {
        let parts = key_parts;
        let docs = naming::doc_lines(&format!(
            "`{url}({})` — one `{element}` by its composite key.",
            shape(&parts)
        ));
        out.push(parens_method(by_id, docs, item, parts));
    }
    for ak in &def.alternate_keys {
        if ak.parts.is_empty() {
            continue;
        }
        let aliases: Vec<String> = ak
            .parts
            .iter()
            .map(|p| naming::field_name(&p.alias))
            .collect();
        let stem: Vec<&str> = aliases.iter().map(|a| naming::unraw(a)).collect();
        let name = names.claim(naming::method_name(&format!("by_{}", stem.join("_and_"))));
        let parts: Vec<KeyPart> = ak
            .parts
            .iter()
            .zip(aliases.iter())
            .map(|(p, rust)| KeyPart {
                wire: p.alias.clone(),
                rust: rust.clone(),
                ty: ctx.ty(&p.ty),
                enum_type: ctx.enum_type(&p.ty),
            })
            .collect();
        let docs = naming::doc_lines(&format!(
            "`{url}({})` — one `{element}` by an alternate key.",
            shape(&parts)
        ));
        out.push(parens_method(name, docs, item, parts));
    }
    out
}

/// A method that addresses a member with `(name=literal,…)`: fallible when a part is written
/// as JSON, which may fail.
fn parens_method(
    name: String,
    mut docs: Vec<String>,
    item: &ItemRef,
    parts: Vec<KeyPart>,
) -> KeyMethod {
    let fallible = parts.iter().any(|p| p.ty.is_json());
    if fallible {
        docs.extend(super::docs::errors_docs(&[
            "[`::graphgen_runtime::Error::Serialize`] if a key part cannot be written as JSON.",
        ]));
    }
    KeyMethod {
        name,
        docs,
        item: item.clone(),
        form: KeyForm::Parens(parts),
        fallible,
    }
}

/// `a=…,b=…`: the shape of a parenthesised key for the docs.
fn shape(parts: &[KeyPart]) -> String {
    let shape: Vec<String> = parts.iter().map(|p| format!("{}=…", p.wire)).collect();
    shape.join(",")
}
