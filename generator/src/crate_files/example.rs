//! The request the crate docs' example sends, derived from a profile's selection: its first
//! selected root (entity set or singleton) that leads to a method that sends, followed there
//! by the fewest calls.
//!
//! Reads come first: a collection's `list()` (with `top(5)`), an entity's `get()`, a count.
//! A selection without any (`#POST` only, say) gets the nearest write instead: `post`, `patch`
//! or `put` with an empty model, or `delete`, and the docs say what it does. Steps are the
//! builders' navigation methods and `by_id` on a collection with one string key; bound
//! operations (whose parameters the example would have to invent) are not used.
//!
//! Method names are the emitter's: a root's or navigation property's Rust name, or the name
//! the emitter gives it when that one is taken ([`Namer`], with the names the emitter claims
//! first, listed here). The tests check every step against emitted code.

use std::collections::{BTreeSet, VecDeque};

use crate::ir::select::{CollectionBuilder, Edge, ItemBuilder, Selection};
use crate::ir::{Model, Primitive, RootKind, TypeId, TypeRef};
use crate::naming::{self, Namer};

/// Method names no builder or client method may take (`emit::context::RESERVED_METHODS`).
const RESERVED_METHODS: &[&str] = &["new", "target", "clone", "deref", "borrow", "as_ref"];

/// The profile `Client`'s own methods, claimed before its roots (`emit::client`).
const CLIENT_METHODS: &[&str] = &[
    "with_default_base_url",
    "builder",
    "from_runtime",
    "runtime",
];

/// An item builder's own methods, claimed before its navigation methods (`emit::requests`).
const ITEM_METHODS: &[&str] = &[
    "get_request",
    "patch_request",
    "put_request",
    "delete_request",
    "get",
    "patch",
    "put",
    "delete",
];

/// The request of the crate docs' example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleCall {
    /// The calls on the profile's `Client`, in order, each with its arguments:
    /// `identity_governance()`, `entitlement_management()`, `access_packages()`, `list()`,
    /// `top(5)`.
    pub calls: Vec<String>,
    /// The HTTP method and URL path, as the docs show it:
    /// `GET /identityGovernance/entitlementManagement/accessPackages?$top=5`.
    pub request: String,
    /// What the request does, for the docs: ``lists the first five `accessPackage` entities``.
    pub what: String,
    /// What the awaited value is bound to (`page`, `entity`, `count`, `created`); `None` when
    /// the call gives `()`.
    pub binding: Option<String>,
    /// A statement that uses the value (`println!("{:?}", page.items);`); empty without one.
    pub show: String,
    /// The root's Cargo feature, when the profile has one per root.
    pub root_feature: Option<String>,
}

/// The example request of a profile: the first selected root that leads to a read, else the
/// first that leads to a write; `None` when no root leads to either (a selection of types
/// only, or of bound operations only). With `root_features`, the call names the root's
/// feature.
pub fn example_call(model: &Model, sel: &Selection, root_features: bool) -> Option<ExampleCall> {
    let client = client_methods(model, sel);
    [Kind::Read, Kind::Write].into_iter().find_map(|kind| {
        sel.roots.iter().zip(&client).find_map(|(&root, method)| {
            let mut call = from_root(model, sel, root, method, kind)?;
            call.root_feature = root_features.then(|| crate::emit::root_feature(model, root));
            Some(call)
        })
    })
}

/// Reads (`GET`) or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Read,
    Write,
}

/// A builder the example can reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    /// A collection builder (an entity set or contained collection).
    Collection(Edge),
    /// The item builder of an entity type.
    Item(TypeId),
    /// The runtime's `NavCollection` (`collection`) or `NavSingle`/`NavSingleRef` of a
    /// non-contained navigation property to `target`.
    Related { target: TypeId, collection: bool },
}

/// The `Client`'s method of each selected root, in `sel.roots` order, named as the emitter
/// names them.
fn client_methods(model: &Model, sel: &Selection) -> Vec<String> {
    let mut names = Namer::with_reserved(RESERVED_METHODS);
    for fixed in CLIENT_METHODS {
        names.claim((*fixed).to_owned());
    }
    sel.roots
        .iter()
        .map(|&i| {
            let rust = model.roots.get(i).map(|r| r.name.rust.clone());
            names.claim(rust.unwrap_or_default())
        })
        .collect()
}

/// The nearest request of `kind` from root `root`, whose `Client` method is `method`.
fn from_root(
    model: &Model,
    sel: &Selection,
    root: usize,
    method: &str,
    kind: Kind,
) -> Option<ExampleCall> {
    let r = model.roots.get(root)?;
    let start = match r.kind {
        RootKind::EntitySet => Node::Collection(Edge::Root(root)),
        RootKind::Singleton => Node::Item(r.ty),
    };
    let mut seen = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(
        start,
        vec![format!("{method}()")],
        format!("/{}", r.name.wire),
    )]);
    while let Some((node, calls, path)) = queue.pop_front() {
        if let Some(call) = terminal(model, sel, node, kind, &calls, &path) {
            return Some(call);
        }
        for (next, step, segment) in steps(model, sel, node) {
            if seen.insert(next) {
                let mut calls = calls.clone();
                calls.push(step);
                queue.push_back((next, calls, format!("{path}/{segment}")));
            }
        }
    }
    None
}

/// The collection builder of `edge` (an empty one when the selection only leads through it).
fn collection(model: &Model, sel: &Selection, edge: Edge) -> Option<CollectionBuilder> {
    if let Some(b) = sel.collections.get(&edge) {
        return Some(b.clone());
    }
    let ty = match edge {
        Edge::Root(i) => model.roots.get(i)?.ty,
        Edge::Nav { owner, nav } => model.struct_def(owner)?.navigations.get(nav)?.target,
    };
    Some(CollectionBuilder::new(ty))
}

/// The item builder of `ty` (an empty one when the selection only leads through it).
fn item(sel: &Selection, ty: TypeId) -> ItemBuilder {
    sel.items.get(&ty).cloned().unwrap_or_default()
}

/// The requests a builder sends itself, without arguments other than a body.
#[derive(Debug, Default)]
struct Sends {
    list: bool,
    count: bool,
    get: bool,
    create: bool,
    patch: bool,
    put: bool,
    delete: bool,
}

/// The entity type `node` is about, and the requests it sends.
fn sends(model: &Model, sel: &Selection, node: Node) -> Option<(TypeId, Sends)> {
    Some(match node {
        Node::Collection(edge) => {
            let b = collection(model, sel, edge)?;
            let sends = Sends {
                list: b.list,
                count: b.count,
                create: b.create,
                ..Sends::default()
            };
            (b.ty, sends)
        }
        Node::Item(ty) => {
            let b = item(sel, ty);
            let sends = Sends {
                get: b.get,
                patch: b.patch,
                put: b.put,
                delete: b.delete,
                ..Sends::default()
            };
            (ty, sends)
        }
        Node::Related { target, collection } => {
            let sends = Sends {
                list: collection,
                get: !collection,
                ..Sends::default()
            };
            (target, sends)
        }
    })
}

/// The request of `kind` that `node` sends itself, if any, as the whole example: `calls` and
/// `path` lead to `node`.
fn terminal(
    model: &Model,
    sel: &Selection,
    node: Node,
    kind: Kind,
    calls: &[String],
    path: &str,
) -> Option<ExampleCall> {
    let (element, s) = sends(model, sel, node)?;
    let element = &model.ty(element).name.wire;
    let a = if element.starts_with(['a', 'e', 'i', 'o', 'u', 'A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    };
    let (more, request, what, binding, show): (&[&str], String, String, Option<&str>, &str) =
        match kind {
            Kind::Read if s.list => (
                &["list()", "top(5)"],
                format!("GET {path}?$top=5"),
                format!("lists the first five `{element}` entities"),
                Some("page"),
                r#"println!("{:?}", page.items);"#,
            ),
            Kind::Read if s.get => (
                &["get()"],
                format!("GET {path}"),
                format!("reads the `{element}`"),
                Some("entity"),
                r#"println!("{entity:?}");"#,
            ),
            Kind::Read if s.count => (
                &["count()"],
                format!("GET {path}/$count"),
                format!("counts the `{element}` entities"),
                Some("count"),
                r#"println!("{count}");"#,
            ),
            Kind::Write if s.create => (
                &["post(&Default::default())"],
                format!("POST {path}"),
                format!("creates {a} `{element}` (an empty one here: set its properties first)"),
                Some("created"),
                r#"println!("{created:?}");"#,
            ),
            Kind::Write if s.patch => (
                &["patch(&Default::default())"],
                format!("PATCH {path}"),
                format!("updates the `{element}` (no property is set here: set those to change)"),
                None,
                "",
            ),
            Kind::Write if s.put => (
                &["put(&Default::default())"],
                format!("PUT {path}"),
                format!(
                    "replaces the `{element}` (with an empty one here: set its properties first)"
                ),
                None,
                "",
            ),
            Kind::Write if s.delete => (
                &["delete()"],
                format!("DELETE {path}"),
                format!("deletes the `{element}`"),
                None,
                "",
            ),
            _ => return None,
        };
    let mut all = calls.to_vec();
    all.extend(more.iter().map(|c| (*c).to_owned()));
    Some(ExampleCall {
        calls: all,
        request,
        what,
        binding: binding.map(str::to_owned),
        show: show.to_owned(),
        root_feature: None,
    })
}

/// The builders `node` leads to without a request: each with the call and the URL segment.
fn steps(model: &Model, sel: &Selection, node: Node) -> Vec<(Node, String, String)> {
    match node {
        Node::Collection(edge) => {
            let Some(b) = collection(model, sel, edge) else {
                return Vec::new();
            };
            match string_key(model, b.ty) {
                Some(key) if b.by_key => {
                    vec![(
                        Node::Item(b.ty),
                        "by_id(\"…\")".to_owned(),
                        format!("{{{key}}}"),
                    )]
                }
                _ => Vec::new(),
            }
        }
        Node::Item(ty) => navigations(model, sel, &item(sel, ty)),
        Node::Related { .. } => Vec::new(),
    }
}

/// The wire name of the single key property of `ty`, when it is an `Edm.String` (so `by_id`
/// takes a `&str`).
fn string_key(model: &Model, ty: TypeId) -> Option<&str> {
    let def = model.struct_def(ty)?;
    let [key] = def.key.as_slice() else {
        return None;
    };
    let field = model
        .all_fields(ty)
        .into_iter()
        .find(|f| f.name.wire == *key)?;
    matches!(field.ty, TypeRef::Primitive(Primitive::String)).then_some(key.as_str())
}

/// The navigation methods of an item builder, named as the emitter names them: after the
/// builder's own methods, in the order of its navigation properties, each that has a method
/// (a contained one, or one to an emitted type).
fn navigations(model: &Model, sel: &Selection, b: &ItemBuilder) -> Vec<(Node, String, String)> {
    let mut names = Namer::with_reserved(RESERVED_METHODS);
    for fixed in ITEM_METHODS {
        names.claim(naming::method_name(fixed));
    }
    let mut out = Vec::new();
    for &(owner, index) in b.navs.union(&b.nav_refs) {
        let Some(nav) = model
            .struct_def(owner)
            .and_then(|s| s.navigations.get(index))
        else {
            continue;
        };
        let next = match (nav.contains_target, nav.collection) {
            (true, true) => Node::Collection(Edge::Nav { owner, nav: index }),
            (true, false) => Node::Item(nav.target),
            (false, collection) if sel.types.contains(&nav.target) => Node::Related {
                target: nav.target,
                collection,
            },
            (false, _) => continue,
        };
        let name = names.claim(nav.name.rust.clone());
        out.push((next, format!("{name}()"), nav.name.wire.clone()));
    }
    out
}

#[cfg(test)]
mod tests;
