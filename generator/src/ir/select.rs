//! Selection: which part of the URL space (and so which types) a configuration asks for.
//!
//! The result, [`Selection`], is what the emitter reads: the model types to emit (closed over
//! base types and structural properties), and the request builders with exactly the methods
//! that the selected URL paths allow.

use std::collections::{BTreeMap, BTreeSet};

use super::paths::{self, ItemVia, NodeKind, OperationParent, PathNode, Visit};
use super::{Model, OpId, TypeId, TypeKind, TypeRef};
use crate::error::{Error, Result};

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
}

/// A builder for one entity of type `ty` (a singleton, a contained single-valued
/// navigation, or a collection member addressed by key). One per entity type: its methods
/// are the union over every selected path that reaches the type.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ItemBuilder {
    /// `GET`.
    pub get: bool,
    /// `PATCH` update.
    pub patch: bool,
    /// `PUT` update.
    pub put: bool,
    /// `DELETE`.
    pub delete: bool,
    /// Navigation properties offered as methods: `(declaring type, index)`.
    pub navs: BTreeSet<(TypeId, usize)>,
    /// Navigation properties for which `nav/$ref` methods exist (non-contained
    /// single-valued ones that are Referenceable).
    pub nav_refs: BTreeSet<(TypeId, usize)>,
    /// Operations bound to a single entity of this type.
    pub operations: BTreeSet<OpId>,
}

/// A builder for one collection edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectionBuilder {
    /// The element type.
    pub ty: TypeId,
    /// `GET` (list).
    pub list: bool,
    /// `POST` (create).
    pub create: bool,
    /// `GET $count`.
    pub count: bool,
    /// `$ref` methods (add, list, remove by key).
    pub refs: bool,
    /// Addressing members by key (`by_id`) and by alternate keys.
    pub by_key: bool,
    /// Operations bound to `Collection(ty)`.
    pub operations: BTreeSet<OpId>,
}

impl CollectionBuilder {
    /// A builder for a collection of `ty` with no methods yet (navigation only).
    pub fn new(ty: TypeId) -> CollectionBuilder {
        CollectionBuilder {
            ty,
            list: false,
            create: false,
            count: false,
            refs: false,
            by_key: false,
            operations: BTreeSet::new(),
        }
    }
}

/// One selected URL path and the HTTP methods it allows, e.g.
/// `/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/$ref`
/// with `["GET", "POST"]`. Keys are written `{id}` (or `{<key property>}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SelectedPath {
    /// The path template.
    pub path: String,
    /// Allowed methods, sorted.
    pub methods: Vec<&'static str>,
}

/// The emitter's input: what to generate for one profile.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Selection {
    /// Model types to emit, closed over base types, structural property types, and the
    /// derived types of abstract complex types.
    pub types: BTreeSet<TypeId>,
    /// Selected entity sets and singletons (indexes into `Model::roots`).
    pub roots: BTreeSet<usize>,
    /// Item builders by entity type.
    pub items: BTreeMap<TypeId, ItemBuilder>,
    /// Collection builders by edge.
    pub collections: BTreeMap<Edge, CollectionBuilder>,
    /// Operations whose request methods are emitted (also listed on their builders).
    pub operations: BTreeSet<OpId>,
    /// Every selected path, sorted.
    pub paths: Vec<SelectedPath>,
    /// Canonical collection path per entity type that has one (`group` -> `/groups`): the
    /// `CanonicalPath::COLLECTION_PATH` of its model struct, used for `$ref` bodies.
    pub canonical: BTreeMap<TypeId, String>,
}

/// Which paths to generate: `/`-separated globs over path templates such as
/// `/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/$ref`.
/// `*` matches within one segment, `**` any number of segments (including none), `{id}`
/// any key segment. No include pattern means everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionConfig {
    /// Paths to generate.
    pub include: Vec<String>,
    /// Paths to leave out, even when included.
    pub exclude: Vec<String>,
}

/// A compiled path glob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    text: String,
    segments: Vec<String>,
}

impl Glob {
    /// Compiles a glob; it must start with `/`.
    pub fn new(text: &str) -> Result<Glob> {
        let t = text.trim();
        let Some(rest) = t.strip_prefix('/') else {
            return Err(Error::Selection(format!(
                "path glob `{t}` must start with `/`"
            )));
        };
        let segments = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').map(str::to_string).collect()
        };
        if segments.iter().any(String::is_empty) {
            return Err(Error::Selection(format!(
                "path glob `{t}` has an empty segment"
            )));
        }
        Ok(Glob {
            text: t.to_string(),
            segments,
        })
    }

    /// The glob as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Pattern positions reachable after matching `path` segments; a full match has
    /// `segments.len()` among them.
    fn states(&self, path: &[&str]) -> Vec<usize> {
        let mut states = self.closure(vec![0]);
        for seg in path {
            let mut next = Vec::new();
            for &s in &states {
                match self.segments.get(s).map(String::as_str) {
                    Some("**") => next.push(s),
                    Some(p) if segment_matches(p, seg) => next.push(s + 1),
                    _ => {}
                }
            }
            next.sort_unstable();
            next.dedup();
            states = self.closure(next);
            if states.is_empty() {
                break;
            }
        }
        states
    }

    /// Adds the positions after `**` (which may match nothing).
    fn closure(&self, mut states: Vec<usize>) -> Vec<usize> {
        let mut i = 0;
        while i < states.len() {
            let s = states[i];
            if self.segments.get(s).map(String::as_str) == Some("**") && !states.contains(&(s + 1))
            {
                states.push(s + 1);
            }
            i += 1;
        }
        states.sort_unstable();
        states
    }

    /// Whether the whole path matches.
    pub fn matches(&self, path: &str) -> bool {
        let segs: Vec<&str> = split_path(path);
        self.states(&segs).contains(&self.segments.len())
    }

    /// Whether some path below (or at) `path` could match.
    pub fn may_match_below(&self, path: &str) -> bool {
        !self.states(&split_path(path)).is_empty()
    }

    /// Whether every path below `path` matches (the glob ends in `**` there).
    pub fn matches_all_below(&self, path: &str) -> bool {
        let n = self.segments.len();
        n > 0 && self.segments[n - 1] == "**" && self.states(&split_path(path)).contains(&(n - 1))
    }
}

fn split_path(path: &str) -> Vec<&str> {
    path.trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

/// One segment against one pattern segment: `{...}` matches key segments, `*` wildcards
/// match any run of characters.
fn segment_matches(pattern: &str, seg: &str) -> bool {
    if pattern.starts_with('{') && pattern.ends_with('}') {
        return seg.starts_with('{') && seg.ends_with('}');
    }
    wildcard(pattern.as_bytes(), seg.as_bytes())
}

fn wildcard(p: &[u8], s: &[u8]) -> bool {
    // Iterative glob matching with single-star backtracking.
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Selects the paths `config` asks for and everything they need.
pub fn select(model: &Model, config: &SelectionConfig) -> Result<Selection> {
    let include = config
        .include
        .iter()
        .map(|g| Glob::new(g))
        .collect::<Result<Vec<_>>>()?;
    let exclude = config
        .exclude
        .iter()
        .map(|g| Glob::new(g))
        .collect::<Result<Vec<_>>>()?;
    let mut selected: Vec<bool> = Vec::new();
    let nodes = paths::walk(model, |node: &PathNode, _: &[PathNode]| {
        let p = node.path.as_str();
        let inc = include.is_empty() || include.iter().any(|g| g.matches(p));
        let exc = exclude.iter().any(|g| g.matches(p));
        selected.push(inc && !exc);
        let below = include.is_empty() || include.iter().any(|g| g.may_match_below(p));
        let all_excluded = exclude.iter().any(|g| g.matches_all_below(p));
        if below && !all_excluded {
            Visit::Descend
        } else {
            Visit::Skip
        }
    })?;
    if !selected.iter().any(|&s| s) {
        return Err(Error::Selection(format!(
            "the include patterns {:?} (minus the exclude patterns) match no path",
            config.include
        )));
    }
    let mut sel = Selection::default();
    let mut reached = vec![false; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        if !selected[i] {
            continue;
        }
        sel.paths.push(SelectedPath {
            path: node.path.clone(),
            methods: node.methods.clone(),
        });
        // Ancestors must be reachable: navigation methods, no HTTP methods of their own.
        // Applied root first, so a collection exists before its `$ref` or `$count`.
        let mut chain = Vec::new();
        let mut cur = node.parent;
        while let Some(p) = cur {
            if reached[p] || selected[p] {
                break;
            }
            reached[p] = true;
            chain.push(p);
            cur = nodes[p].parent;
        }
        for &p in chain.iter().rev() {
            apply(&mut sel, &nodes[p], false);
        }
        apply(&mut sel, node, true);
    }
    sel.paths.sort();
    close_types(model, &mut sel);
    let canonical = paths::canonical_paths(model);
    sel.canonical = canonical
        .into_iter()
        .filter(|(t, _)| sel.types.contains(t))
        .collect();
    Ok(sel)
}

fn apply(sel: &mut Selection, node: &PathNode, with_methods: bool) {
    let has = |m: &str| with_methods && node.methods.contains(&m);
    match node.kind {
        NodeKind::Collection { edge, ty, parent } => {
            let c = collection(sel, edge, ty);
            c.list |= has("GET");
            c.create |= has("POST");
            link(sel, edge, parent);
        }
        NodeKind::Item { ty, via } => {
            let item = sel.items.entry(ty).or_default();
            item.get |= has("GET");
            item.patch |= has("PATCH");
            item.put |= has("PUT");
            item.delete |= has("DELETE");
            match via {
                ItemVia::Singleton(i) => {
                    sel.roots.insert(i);
                }
                ItemVia::Key(edge) => {
                    if let Some(c) = sel.collections.get_mut(&edge) {
                        c.by_key = true;
                    }
                }
                ItemVia::Contained { parent, nav } => {
                    sel.items.entry(parent).or_default().navs.insert(nav);
                }
            }
            sel.types.insert(ty);
        }
        NodeKind::NavCollection { parent, nav, ty } | NodeKind::NavSingle { parent, nav, ty } => {
            sel.items.entry(parent).or_default().navs.insert(nav);
            sel.types.insert(ty);
        }
        NodeKind::SingleRef { parent, nav } => {
            let item = sel.items.entry(parent).or_default();
            item.navs.insert(nav);
            if with_methods {
                item.nav_refs.insert(nav);
            }
        }
        NodeKind::Refs {
            edge: Some(edge), ..
        } => {
            if with_methods && let Some(c) = sel.collections.get_mut(&edge) {
                c.refs = true;
            }
        }
        NodeKind::Count { edge } => {
            if with_methods && let Some(c) = sel.collections.get_mut(&edge) {
                c.count = true;
            }
        }
        NodeKind::Operation { op, on } => {
            if with_methods {
                match on {
                    OperationParent::Item(t) => {
                        sel.items.entry(t).or_default().operations.insert(op);
                    }
                    OperationParent::Collection(edge) => {
                        if let Some(c) = sel.collections.get_mut(&edge) {
                            c.operations.insert(op);
                        }
                    }
                }
                sel.operations.insert(op);
            }
        }
        NodeKind::Refs { edge: None, .. } | NodeKind::NavItem { .. } | NodeKind::RefItem { .. } => {
        }
    }
}

fn collection(sel: &mut Selection, edge: Edge, ty: TypeId) -> &mut CollectionBuilder {
    sel.types.insert(ty);
    sel.collections
        .entry(edge)
        .or_insert_with(|| CollectionBuilder::new(ty))
}

fn link(sel: &mut Selection, edge: Edge, parent: Option<TypeId>) {
    match (edge, parent) {
        (Edge::Root(i), _) => {
            sel.roots.insert(i);
        }
        (Edge::Nav { owner, nav }, Some(p)) => {
            sel.items.entry(p).or_default().navs.insert((owner, nav));
        }
        (Edge::Nav { .. }, None) => {}
    }
}

/// Closes the type set over operation parameters and returns, base types, structural
/// property types, and the derived types of abstract complex types.
fn close_types(model: &Model, sel: &mut Selection) {
    let mut work: Vec<TypeId> = sel.types.iter().copied().collect();
    for &op in &sel.operations {
        let o = model.op(op);
        let refs = o
            .params
            .iter()
            .map(|p| &p.ty)
            .chain(o.returns.iter().map(|r| &r.ty));
        work.extend(refs.filter_map(named));
    }
    let mut done: BTreeSet<TypeId> = BTreeSet::new();
    while let Some(t) = work.pop() {
        if !done.insert(t) {
            continue;
        }
        sel.types.insert(t);
        let Some(def) = model.struct_def(t) else {
            continue;
        };
        work.extend(def.base);
        work.extend(def.fields.iter().filter_map(|f| named(&f.ty)));
        if matches!(model.ty(t).kind, TypeKind::Complex(_)) && def.is_abstract {
            work.extend(model.all_derived(t));
        }
    }
}

fn named(r: &TypeRef) -> Option<TypeId> {
    match r {
        TypeRef::Named(t) => Some(*t),
        TypeRef::Collection(inner) => named(inner),
        TypeRef::Primitive(_) => None,
    }
}
