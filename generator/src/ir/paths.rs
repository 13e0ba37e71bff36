//! The URL space of a model, as a tree, following the OData and Graph rules.
//!
//! Roots are entity sets and singletons. A collection has a key segment (`{id}`) and
//! `$count`; a contained navigation property recurses into its target; a non-contained one
//! gives `nav` and `nav/{id}` and, when Referenceable or a collection, `nav/$ref` and
//! `nav/{id}/$ref`, without recursing; bound operations hang on the nodes of their binding
//! type (or a base type of it), and media resources (`$value`, stream properties) on the
//! items that have them. Recursion stops where a type is already on the containment
//! path (its builder already has every method), and at [`MAX_DEPTH`] segments.
//!
//! Type casts: below an item or a collection of an entity type that has derived types, one
//! node per derived type (`…/{id}/n.Manager`, `…/people/n.Manager`; the segment is the
//! qualified type name). Below a cast, only what the cast adds is walked: the navigation
//! properties and bound operations declared on the derived type or the types between it and
//! the cast's source (what the source has is reachable without the cast), and no cast of a
//! cast (every derived type, direct or not, is cast to from the source itself). A derived type
//! with a home of its own (an entity set or singleton of that type, or a contained navigation
//! property to it) has its contained navigation properties walked there, not below casts to
//! it: its one item builder offers them either way, so the tree stays near its size without
//! casts (Graph v1.0: every `directoryObject` would repeat all of `/users/{id}`). Casts of a
//! non-contained navigation property (`…/memberOf/n.group`) are not in the tree.
//!
//! Imports (`ActionImport`, `FunctionImport`) are top-level nodes after the entity sets and
//! singletons: `/<name>`, `POST` for an action, `GET` for a function, one node per imported
//! operation (a function's overloads share the path).
//!
//! The walk is iterative (an explicit stack), so no input can overflow the call stack.

use std::collections::{BTreeMap, BTreeSet};

use super::{Capabilities, Model, OpId, RootKind, TypeId, UpdateMethod};

/// Paths longer than this many segments are not walked.
pub const MAX_DEPTH: usize = 48;
/// The most nodes a walk visits before giving up with an error. The whole of Graph v1.0 is
/// about 32 thousand (with type casts); the largest real file, the beta-USNat snapshot, is
/// 3.5 million (1.4 million before casts: 15 s and 3.3 GB in a release build), so only a
/// pathological (or hostile) input reaches it.
pub const MAX_NODES: usize = 8_000_000;

/// How a collection is reached: an entity set, or a collection-valued contained navigation
/// property (declared on `owner`, index `nav` in its `navigations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edge {
    /// `Model::roots[i]`.
    Root(usize),
    /// `Model::struct_def(owner).navigations[nav]`.
    Nav {
        /// The type that declares the navigation property.
        owner: TypeId,
        /// Index into the owner's `navigations`.
        nav: usize,
    },
    /// A collection of exactly this derived type, reached by a type-cast segment from a
    /// collection of one of its base types (`…/people/n.Manager`): one edge per derived type,
    /// whichever collection it is cast from.
    Cast(TypeId),
}

/// What a node of the URL tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A collection: an entity set or a contained collection-valued navigation property.
    /// `parent` is the entity type whose builder has the navigation method (`None` for an
    /// entity set).
    Collection {
        /// How it is reached.
        edge: Edge,
        /// Element type.
        ty: TypeId,
        /// The item type owning the navigation property.
        parent: Option<TypeId>,
    },
    /// One entity: a singleton, a contained single-valued navigation, or a collection
    /// member addressed by key.
    Item {
        /// Entity type.
        ty: TypeId,
        /// How it is reached.
        via: ItemVia,
    },
    /// A non-contained collection-valued navigation property (`nav`).
    NavCollection {
        /// Owner item type.
        parent: TypeId,
        /// `(declaring type, index)`.
        nav: (TypeId, usize),
        /// Target type.
        ty: TypeId,
    },
    /// A non-contained single-valued navigation property.
    NavSingle {
        /// Owner item type.
        parent: TypeId,
        /// `(declaring type, index)`.
        nav: (TypeId, usize),
        /// Target type.
        ty: TypeId,
    },
    /// `nav/{id}` of a non-contained collection.
    NavItem {
        /// Target type.
        ty: TypeId,
    },
    /// `…/$ref` of a collection (contained Referenceable or non-contained).
    Refs {
        /// The collection edge when contained, else `None`.
        edge: Option<Edge>,
        /// Target type.
        ty: TypeId,
    },
    /// `…/{id}/$ref`.
    RefItem {
        /// Target type.
        ty: TypeId,
    },
    /// `nav/$ref` of a single-valued non-contained Referenceable navigation property.
    SingleRef {
        /// Owner item type.
        parent: TypeId,
        /// `(declaring type, index)`.
        nav: (TypeId, usize),
    },
    /// `…/$count` of a collection.
    Count {
        /// The collection edge.
        edge: Edge,
    },
    /// A bound operation.
    Operation {
        /// The operation.
        op: OpId,
        /// What it hangs on.
        on: OperationParent,
    },
    /// A media resource of an item: `…/$value` of a media entity (`HasStream`), or a stream
    /// property (`Edm.Stream`); read with `GET` and replaced with `PUT`.
    Media {
        /// The item type, whose builder has the methods.
        ty: TypeId,
        /// The stream property `(declaring type, index in its fields)`; `None` for `$value`.
        stream: Option<(TypeId, usize)>,
    },
    /// An unbound operation imported by the entity container (`/<name>`).
    Import {
        /// Index into `Model::imports`.
        import: usize,
        /// The imported operation (one of a function's overloads).
        op: OpId,
    },
}

/// How an item node is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemVia {
    /// A singleton (`Model::roots[i]`).
    Singleton(usize),
    /// A key segment under a collection.
    Key(Edge),
    /// A contained single-valued navigation property of `parent`.
    Contained {
        /// Owner item type.
        parent: TypeId,
        /// `(declaring type, index)`.
        nav: (TypeId, usize),
    },
    /// A type-cast segment below an item of the base type `parent` (`…/{id}/n.Manager`).
    Cast {
        /// The item type cast from.
        parent: TypeId,
    },
    /// The result of a composable function that returns one entity
    /// (`…/worksheets/{id}/range(address='A1')`), which further segments address.
    Function {
        /// The function.
        op: OpId,
        /// What it is bound to.
        on: OperationParent,
    },
}

/// What a bound operation node hangs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperationParent {
    /// An item builder of this type.
    Item(TypeId),
    /// A collection builder.
    Collection(Edge),
}

/// One node of the URL tree.
#[derive(Debug, Clone)]
pub struct PathNode {
    /// Path template, e.g. `/groups/{id}`.
    pub path: String,
    /// What the node is.
    pub kind: NodeKind,
    /// HTTP methods the metadata allows here, sorted.
    pub methods: Vec<&'static str>,
    /// Index of the parent node in the walk's output, `None` for roots.
    pub parent: Option<usize>,
}

/// What the visitor wants after seeing a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visit {
    /// Walk the node's children.
    Descend,
    /// Do not walk below this node.
    Skip,
}

struct Frame {
    path: String,
    kind: NodeKind,
    methods: Vec<&'static str>,
    parent: Option<usize>,
    /// Containment stack depth in segments.
    depth: usize,
    /// Below a type cast: the type cast from, whose members are not walked again.
    floor: Option<TypeId>,
}

fn allowed(flag: Option<bool>) -> bool {
    flag != Some(false)
}

fn item_methods(c: &Capabilities, deletable_default: bool) -> Vec<&'static str> {
    let mut m = Vec::new();
    if allowed(c.readable) {
        m.push("GET");
    }
    if allowed(c.updatable) {
        m.push(if c.update_method == Some(UpdateMethod::Put) {
            "PUT"
        } else {
            "PATCH"
        });
    }
    if c.deletable.unwrap_or(deletable_default) {
        m.push("DELETE");
    }
    m.sort_unstable();
    m
}

fn collection_methods(c: &Capabilities) -> Vec<&'static str> {
    let mut m = Vec::new();
    if allowed(c.readable) {
        m.push("GET");
    }
    if allowed(c.insertable) {
        m.push("POST");
    }
    m
}

/// Operations bound to each binding, for lookups during the walk.
fn operations_by_binding(model: &Model) -> BTreeMap<(TypeId, bool), Vec<OpId>> {
    let mut map: BTreeMap<(TypeId, bool), Vec<OpId>> = BTreeMap::new();
    for op in &model.operations {
        if let Some(b) = op.binding {
            map.entry((b.ty, b.collection)).or_default().push(op.id);
        }
    }
    map
}

/// Walks the URL tree depth first, in metadata order, calling `visit` on each node with
/// the nodes seen so far (so `PathNode::parent` indexes can be followed). Returns every
/// visited node.
///
/// # Errors
/// When the tree has more than [`MAX_NODES`] nodes.
pub fn walk(
    model: &Model,
    mut visit: impl FnMut(&PathNode, &[PathNode]) -> Visit,
) -> crate::error::Result<Vec<PathNode>> {
    let ops = operations_by_binding(model);
    // Operations bound to `ty` or a base type of it; below a cast from `floor`, only those
    // bound to types below `floor`.
    // An operation bound to a derived type hides one of the same name (and, for a function,
    // the same parameter names) bound to a base type: OData resolves a bound call by the most
    // specific binding parameter, so `/groups/delta()` is `group`'s `delta`, not
    // `directoryObject`'s.
    let signatures: Vec<_> = model
        .operations
        .iter()
        .map(|o| signature(model, o.id))
        .collect();
    let bound = |ty: TypeId, collection: bool, floor: Option<TypeId>| -> Vec<OpId> {
        let mut out = Vec::new();
        let mut hidden = BTreeSet::new();
        for t in above_floor(model, ty, floor) {
            let Some(v) = ops.get(&(t, collection)) else {
                continue;
            };
            let sig = |op: &OpId| &signatures[op.0 as usize];
            out.extend(v.iter().copied().filter(|op| !hidden.contains(sig(op))));
            hidden.extend(v.iter().map(sig));
        }
        out
    };
    let homed = homed_types(model);
    let mut composed_walked: BTreeSet<TypeId> = BTreeSet::new();
    let mut out: Vec<PathNode> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for (i, import) in model.imports.iter().enumerate().rev() {
        let method = match import.kind {
            super::OperationKind::Action => "POST",
            super::OperationKind::Function => "GET",
        };
        for &op in import.operations.iter().rev() {
            stack.push(Frame {
                path: format!("/{}", import.name),
                kind: NodeKind::Import { import: i, op },
                methods: vec![method],
                parent: None,
                depth: 1,
                floor: None,
            });
        }
    }
    for (i, root) in model.roots.iter().enumerate().rev() {
        let path = format!("/{}", root.name);
        let (kind, methods) = match root.kind {
            RootKind::EntitySet => (
                NodeKind::Collection {
                    edge: Edge::Root(i),
                    ty: root.ty,
                    parent: None,
                },
                collection_methods(&root.caps),
            ),
            RootKind::Singleton => (
                NodeKind::Item {
                    ty: root.ty,
                    via: ItemVia::Singleton(i),
                },
                item_methods(&root.caps, false),
            ),
        };
        stack.push(Frame {
            path,
            kind,
            methods,
            parent: None,
            depth: 1,
            floor: None,
        });
    }
    while let Some(f) = stack.pop() {
        if out.len() >= MAX_NODES {
            return Err(crate::error::Error::Selection(format!(
                "the URL space has more than {MAX_NODES} paths below the selection; narrow it with include patterns"
            )));
        }
        let node = PathNode {
            path: f.path,
            kind: f.kind,
            methods: f.methods,
            parent: f.parent,
        };
        let decision = visit(&node, &out);
        let idx = out.len();
        let path = node.path.clone();
        let kind = node.kind;
        out.push(node);
        if decision == Visit::Skip || f.depth >= MAX_DEPTH {
            continue;
        }
        let mut children: Vec<Frame> = Vec::new();
        let floor = f.floor;
        let child = |path: String, kind: NodeKind, methods: Vec<&'static str>| Frame {
            path,
            kind,
            methods,
            parent: Some(idx),
            depth: f.depth + 1,
            floor: None,
        };
        // A child that keeps this node's cast floor (the key item of a cast collection).
        let floored = |frame: Frame| Frame { floor, ..frame };
        match kind {
            NodeKind::Collection { edge, ty, .. } => {
                let c = edge_caps(model, edge);
                if allowed(c.countable) {
                    children.push(child(
                        format!("{path}/$count"),
                        NodeKind::Count { edge },
                        vec!["GET"],
                    ));
                }
                children.push(floored(child(
                    format!("{path}/{{id}}"),
                    NodeKind::Item {
                        ty,
                        via: ItemVia::Key(edge),
                    },
                    item_methods(&c, true),
                )));
                if c.referenceable == Some(true) && floor.is_none() {
                    children.push(child(
                        format!("{path}/$ref"),
                        NodeKind::Refs {
                            edge: Some(edge),
                            ty,
                        },
                        vec!["GET", "POST"],
                    ));
                    children.push(child(
                        format!("{path}/{{id}}/$ref"),
                        NodeKind::RefItem { ty },
                        vec!["DELETE"],
                    ));
                }
                for op in bound(ty, true, floor) {
                    let on = OperationParent::Collection(edge);
                    children.push(operation_child(model, &path, op, on, &child));
                    children.extend(composed_child(model, &path, op, on, &child));
                }
                if floor.is_none() {
                    for d in model.all_derived(ty) {
                        children.push(Frame {
                            floor: Some(ty),
                            ..child(
                                format!("{path}/{}", model.ty(d).qualified),
                                NodeKind::Collection {
                                    edge: Edge::Cast(d),
                                    ty: d,
                                    parent: None,
                                },
                                collection_methods(&c),
                            )
                        });
                    }
                }
            }
            NodeKind::Item { ty, via } => {
                // `…/people/n.Manager/{id}` is `…/people/{id}/n.Manager`, walked there; its
                // builder is the same.
                let cast_key = matches!(via, ItemVia::Key(Edge::Cast(_)));
                if cast_key || on_containment_stack(&out, idx, ty) {
                    continue;
                }
                // A composable function's result is walked below the first call that returns
                // its type, and is a leaf below every other: its builder is the type's, which
                // that one walk fills (Graph's workbook ranges are returned by 30 functions on
                // as many paths, and walking each would multiply the tree).
                if matches!(via, ItemVia::Function { .. }) && !composed_walked.insert(ty) {
                    continue;
                }
                let above = above_floor(model, ty, floor);
                for (owner, i, nav) in model.all_navigations(ty) {
                    // Below a cast to a type with a home of its own, its contained
                    // navigation is walked there, and its one item builder has it here too.
                    if !above.contains(&owner)
                        || (floor.is_some() && nav.contains_target && homed.contains(&ty))
                    {
                        continue;
                    }
                    let npath = format!("{path}/{}", nav.name);
                    let navid = (owner, i);
                    match (nav.contains_target, nav.collection) {
                        (true, true) => {
                            let edge = Edge::Nav { owner, nav: i };
                            children.push(child(
                                npath,
                                NodeKind::Collection {
                                    edge,
                                    ty: nav.target,
                                    parent: Some(ty),
                                },
                                collection_methods(&nav.caps),
                            ));
                        }
                        (true, false) => children.push(child(
                            npath,
                            NodeKind::Item {
                                ty: nav.target,
                                via: ItemVia::Contained {
                                    parent: ty,
                                    nav: navid,
                                },
                            },
                            item_methods(&nav.caps, nav.nullable),
                        )),
                        (false, true) => {
                            children.push(child(
                                npath.clone(),
                                NodeKind::NavCollection {
                                    parent: ty,
                                    nav: navid,
                                    ty: nav.target,
                                },
                                vec!["GET"],
                            ));
                            children.push(child(
                                format!("{npath}/{{id}}"),
                                NodeKind::NavItem { ty: nav.target },
                                vec!["GET"],
                            ));
                            children.push(child(
                                format!("{npath}/$ref"),
                                NodeKind::Refs {
                                    edge: None,
                                    ty: nav.target,
                                },
                                vec!["GET", "POST"],
                            ));
                            children.push(child(
                                format!("{npath}/{{id}}/$ref"),
                                NodeKind::RefItem { ty: nav.target },
                                vec!["DELETE"],
                            ));
                        }
                        (false, false) => {
                            children.push(child(
                                npath.clone(),
                                NodeKind::NavSingle {
                                    parent: ty,
                                    nav: navid,
                                    ty: nav.target,
                                },
                                vec!["GET"],
                            ));
                            if nav.caps.referenceable == Some(true) {
                                children.push(child(
                                    format!("{npath}/$ref"),
                                    NodeKind::SingleRef {
                                        parent: ty,
                                        nav: navid,
                                    },
                                    vec!["DELETE", "PUT"],
                                ));
                            }
                        }
                    }
                }
                for op in bound(ty, false, floor) {
                    let on = OperationParent::Item(ty);
                    children.push(operation_child(model, &path, op, on, &child));
                    children.extend(composed_child(model, &path, op, on, &child));
                }
                for (segment, stream) in media(model, ty, floor) {
                    children.push(child(
                        format!("{path}/{segment}"),
                        NodeKind::Media { ty, stream },
                        vec!["GET", "PUT"],
                    ));
                }
                if floor.is_none() {
                    for d in model.all_derived(ty) {
                        children.push(Frame {
                            floor: Some(ty),
                            ..child(
                                format!("{path}/{}", model.ty(d).qualified),
                                NodeKind::Item {
                                    ty: d,
                                    via: ItemVia::Cast { parent: ty },
                                },
                                methods_of(&out[idx]),
                            )
                        });
                    }
                }
            }
            _ => {}
        }
        stack.extend(children.into_iter().rev());
    }
    Ok(out)
}

fn operation_child(
    model: &Model,
    path: &str,
    op: OpId,
    on: OperationParent,
    child: &impl Fn(String, NodeKind, Vec<&'static str>) -> Frame,
) -> Frame {
    let o = model.op(op);
    let method = match o.kind {
        super::OperationKind::Action => "POST",
        super::OperationKind::Function => "GET",
    };
    child(
        format!("{path}/{}", o.name),
        NodeKind::Operation { op, on },
        vec![method],
    )
}

/// What tells a bound operation from the others of its name on one binding type: its
/// namespace, name and (for a function, whose overloads differ by them) parameter names.
fn signature(model: &Model, op: OpId) -> (&str, &str, Vec<&str>) {
    let o = model.op(op);
    let params = match o.kind {
        super::OperationKind::Function => o.params.iter().map(|p| p.name.as_str()).collect(),
        super::OperationKind::Action => Vec::new(),
    };
    (o.namespace.as_str(), o.name.as_str(), params)
}

/// The result of a composable function that returns one entity, as an item that further
/// segments address: `{path}/{name}()` in the tree (the URL writes the call's parameters
/// there). Its children are walked like any item's, but not below an item of the same type
/// (`range()/usedRange()/usedRange()…`: the builder is the type's, so one level offers them
/// all). `None` for anything else: an action, a function that is not composable, or one that
/// returns a collection, a primitive or a complex value.
fn composed_child(
    model: &Model,
    path: &str,
    op: OpId,
    on: OperationParent,
    child: &impl Fn(String, NodeKind, Vec<&'static str>) -> Frame,
) -> Option<Frame> {
    let ty = composed_result(model, op)?;
    let o = model.op(op);
    Some(child(
        format!("{path}/{}()", o.name),
        NodeKind::Item {
            ty,
            via: ItemVia::Function { op, on },
        },
        vec!["GET"],
    ))
}

/// The entity type a composable function returns one of, which further segments address;
/// `None` for an action, a function that is not composable, or a result that is a
/// collection, a primitive or a complex value.
pub fn composed_result(model: &Model, op: OpId) -> Option<TypeId> {
    let o = model.op(op);
    if o.kind != super::OperationKind::Function || !o.composable {
        return None;
    }
    let super::TypeRef::Named(ty) = o.returns.as_ref()?.ty else {
        return None;
    };
    matches!(model.ty(ty).kind, super::TypeKind::Entity(_)).then_some(ty)
}

/// The media resources of an entity of type `ty`: `$value` when it (or a base type) is a media
/// entity, then each stream property, base types' first: the URL segment and the property.
///
/// Below a cast from `floor`, only what the types above `floor` add: the cast's base already
/// offers the rest.
pub fn media(
    model: &Model,
    ty: TypeId,
    floor: Option<TypeId>,
) -> Vec<(String, Option<(TypeId, usize)>)> {
    let below = floor.map(|f| model.base_chain(f)).unwrap_or_default();
    let media_entity = |t: &TypeId| model.struct_def(*t).is_some_and(|s| s.has_stream);
    let mut chain = model.base_chain(ty);
    chain.reverse();
    let mut out = Vec::new();
    if chain.iter().any(media_entity) && !below.iter().any(media_entity) {
        out.push(("$value".to_owned(), None));
    }
    for t in chain.into_iter().filter(|t| !below.contains(t)) {
        let Some(s) = model.struct_def(t) else {
            continue;
        };
        for (i, f) in s.fields.iter().enumerate() {
            if f.ty == super::TypeRef::Primitive(super::Primitive::Stream) {
                out.push((f.name.clone(), Some((t, i))));
            }
        }
    }
    out
}

/// The entity types with a home outside type casts: the types of entity sets and singletons,
/// and the targets of contained navigation properties.
fn homed_types(model: &Model) -> BTreeSet<TypeId> {
    let mut out: BTreeSet<TypeId> = model.roots.iter().map(|r| r.ty).collect();
    for t in &model.types {
        if let Some(s) = model.struct_def(t.id) {
            out.extend(
                s.navigations
                    .iter()
                    .filter(|n| n.contains_target)
                    .map(|n| n.target),
            );
        }
    }
    out
}

/// `ty` and its base types, nearest first, down to (not including) `floor` and its bases:
/// the types whose members a node of `ty` below a cast from `floor` offers.
fn above_floor(model: &Model, ty: TypeId, floor: Option<TypeId>) -> Vec<TypeId> {
    let below = floor.map(|f| model.base_chain(f)).unwrap_or_default();
    model
        .base_chain(ty)
        .into_iter()
        .filter(|t| !below.contains(t))
        .collect()
}

/// The HTTP methods of a node, for a cast of it (the same entity).
fn methods_of(node: &PathNode) -> Vec<&'static str> {
    node.methods.clone()
}

/// True when an item of type `ty` already occurs among the ancestors of `out[idx]`.
fn on_containment_stack(out: &[PathNode], idx: usize, ty: TypeId) -> bool {
    let mut cur = out[idx].parent;
    while let Some(p) = cur {
        if let NodeKind::Item { ty: t, .. } = out[p].kind
            && t == ty
        {
            return true;
        }
        cur = out[p].parent;
    }
    false
}

/// The capabilities stated for a collection edge.
pub fn edge_caps(model: &Model, edge: Edge) -> Capabilities {
    match edge {
        Edge::Root(i) => model.roots[i].caps,
        Edge::Nav { owner, nav } => model
            .navigation(owner, nav)
            .map(|n| n.caps)
            .unwrap_or_default(),
        // A cast states no capabilities of its own.
        Edge::Cast(_) => Capabilities::default(),
    }
}

/// The canonical collection path of each entity type that has exactly one: the entity set
/// of exactly that type, else the one containment path from a singleton (through
/// single-valued contained navigation properties) ending in a contained collection of
/// exactly that type. Types with no such path, or several, are absent: callers pass a full
/// URL for them.
pub fn canonical_paths(model: &Model) -> BTreeMap<TypeId, String> {
    let mut found: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    for root in &model.roots {
        if root.kind == RootKind::EntitySet {
            found
                .entry(root.ty)
                .or_default()
                .push(format!("/{}", root.name));
        }
    }
    let mut by_set: BTreeMap<TypeId, String> = BTreeMap::new();
    for (t, v) in &found {
        if v.len() == 1 {
            by_set.insert(*t, v[0].clone());
        }
    }
    let mut contained: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
    let mut stack: Vec<(TypeId, String, Vec<TypeId>)> = model
        .roots
        .iter()
        .filter(|r| r.kind == RootKind::Singleton)
        .map(|r| (r.ty, format!("/{}", r.name), vec![r.ty]))
        .collect();
    while let Some((ty, path, seen)) = stack.pop() {
        for (_, _, nav) in model.all_navigations(ty) {
            if !nav.contains_target {
                continue;
            }
            let p = format!("{path}/{}", nav.name);
            if nav.collection {
                contained.entry(nav.target).or_default().push(p);
            } else if !seen.contains(&nav.target) && seen.len() < MAX_DEPTH {
                let mut s = seen.clone();
                s.push(nav.target);
                stack.push((nav.target, p, s));
            }
        }
    }
    // A type that contains itself (a folder of folders) has members at many depths, whose
    // URLs differ: no single canonical path.
    let self_contained = |t: TypeId| {
        model
            .all_navigations(t)
            .iter()
            .any(|(_, _, n)| n.contains_target && n.target == t)
    };
    let mut out = by_set;
    for (t, v) in contained {
        if v.len() == 1 && !self_contained(t) && !found.contains_key(&t) {
            out.insert(t, v[0].clone());
        }
    }
    out
}
