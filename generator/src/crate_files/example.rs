//! The request the crate docs' example sends, derived from a profile's plan: its first
//! `Client` method (entity set or singleton) that leads to a method that sends, followed
//! there by the fewest calls.
//!
//! Reads come first: a collection's `list()` (with `top(5)`), an entity's `get()`, a count.
//! A selection without any (`#POST` only, say) gets the nearest write instead: `post`, `patch`
//! or `put` with an empty model, or `delete`, and the docs say what it does. Steps are the
//! builders' navigation methods and `by_id` on a collection with one string key; bound
//! operations (whose parameters the example would have to invent) are not used.
//!
//! Every name is the plan's, so the example calls exactly what the emitted crate has.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::plan::Primitive;
use crate::plan::{
    BuilderPlan, Http, ItemKind, ItemRef, KeyForm, MethodKind, NavTo, Plan, RequestUrl, Returns, Ty,
};

/// The request of the crate docs' example.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

/// The example request of a profile: the first `Client` method that leads to a read, else
/// the first that leads to a write; `None` when none leads to either (a selection of types
/// only, or of bound operations only). With a feature per root, the call names its root's
/// feature (named like the `Client` method).
pub fn example_call(plan: &Plan) -> Option<ExampleCall> {
    let builders: BTreeMap<ItemRef, &BuilderPlan> = plan
        .items
        .iter()
        .filter_map(|item| match &item.kind {
            ItemKind::Builder(b) => Some((item.item_ref(), b)),
            _ => None,
        })
        .collect();
    [Kind::Read, Kind::Write].into_iter().find_map(|kind| {
        plan.client.methods.iter().find_map(|m| {
            let start = Node::Builder(m.builder.clone());
            let first = format!("{}()", m.name);
            let mut call = nearest(&builders, start, first, &m.wire, kind)?;
            call.root_feature =
                (!plan.features.is_empty()).then(|| crate::naming::unraw(&m.name).to_owned());
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

/// A builder the example can reach: a generated builder, or the runtime's
/// `NavCollection`/`NavSingle` of a non-contained navigation property to the model `target`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Builder(ItemRef),
    Related { target: String, collection: bool },
}

/// The nearest request of `kind` from `start`, which the call `first` gives at `/{wire}`.
fn nearest(
    builders: &BTreeMap<ItemRef, &BuilderPlan>,
    start: Node,
    first: String,
    wire: &str,
    kind: Kind,
) -> Option<ExampleCall> {
    let mut seen = BTreeSet::from([start.clone()]);
    let mut queue = VecDeque::from([(start, vec![first], format!("/{wire}"))]);
    while let Some((node, calls, path)) = queue.pop_front() {
        if let Some(call) = terminal(builders, &node, kind, &calls, &path) {
            return Some(call);
        }
        for (next, step, segment) in steps(builders, &node) {
            if seen.insert(next.clone()) {
                let mut calls = calls.clone();
                calls.push(step);
                queue.push_back((next, calls, format!("{path}/{segment}")));
            }
        }
    }
    None
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

/// The wire name of the entity type `node` is about, and the requests it sends.
fn sends(builders: &BTreeMap<ItemRef, &BuilderPlan>, node: &Node) -> Option<(String, Sends)> {
    let b = match node {
        Node::Related { target, collection } => {
            let sends = Sends {
                list: *collection,
                get: !*collection,
                ..Sends::default()
            };
            return Some((target.clone(), sends));
        }
        Node::Builder(r) => *builders.get(r)?,
    };
    let mut s = Sends::default();
    for m in &b.methods {
        let MethodKind::Request(r) = &m.kind else {
            continue;
        };
        match (r.http, r.url, &r.returns) {
            (Http::Get, RequestUrl::Itself, Returns::List(_)) => s.list = true,
            (Http::Get, RequestUrl::Itself, _) => s.get = true,
            (Http::Get, RequestUrl::Count, _) => s.count = true,
            (Http::Post, _, _) => s.create = true,
            (Http::Patch, _, _) => s.patch = true,
            (Http::Put, _, _) => s.put = true,
            (Http::Delete, _, _) => s.delete = true,
        }
    }
    Some((b.element.clone(), s))
}

/// The request of `kind` that `node` sends itself, if any, as the whole example: `calls` and
/// `path` lead to `node`.
fn terminal(
    builders: &BTreeMap<ItemRef, &BuilderPlan>,
    node: &Node,
    kind: Kind,
    calls: &[String],
    path: &str,
) -> Option<ExampleCall> {
    let (element, s) = sends(builders, node)?;
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
/// Navigation methods in the builder's order, and `by_id` with a string key.
fn steps(builders: &BTreeMap<ItemRef, &BuilderPlan>, node: &Node) -> Vec<(Node, String, String)> {
    let Node::Builder(r) = node else {
        return Vec::new();
    };
    let Some(b) = builders.get(r) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in &b.methods {
        match &m.kind {
            MethodKind::Nav(n) => {
                let next = match &n.to {
                    NavTo::Builder(b) => Node::Builder(b.clone()),
                    NavTo::Collection(_) => Node::Related {
                        target: n.target.clone(),
                        collection: true,
                    },
                    NavTo::Single(_) | NavTo::SingleRef(_) => Node::Related {
                        target: n.target.clone(),
                        collection: false,
                    },
                };
                out.push((next, format!("{}()", n.name), n.wire.clone()));
            }
            MethodKind::Key(k) => {
                if let KeyForm::Segment {
                    key,
                    ty: Ty::Prim(Primitive::String),
                } = &k.form
                {
                    out.push((
                        Node::Builder(k.item.clone()),
                        format!("{}(\"…\")", k.name),
                        format!("{{{key}}}"),
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
