//! Selection: which part of the URL space (and so which types) a configuration asks for.
//!
//! The result, [`Selection`], is what the emitter reads: the model types to emit (closed over
//! base types and structural properties), and the request builders with exactly the methods
//! that the selected URL paths, and the HTTP methods asked for on them, allow.
//!
//! `pattern` parses include and exclude patterns (path globs with a `#GET,POST` suffix);
//! `report` tells which of them did nothing, and `suggest` what was probably meant;
//! `types` resolves type roots and closes the type set.

use std::collections::{BTreeMap, BTreeSet};

use super::paths::{self, ItemVia, NodeKind, OperationParent, PathNode, Visit};
use super::{Model, OpId, TypeId};
use crate::error::{Error, Result};

mod pattern;
mod report;
mod roots;
mod suggest;
#[cfg(test)]
mod tests;
mod types;

pub use super::paths::Edge;
pub use pattern::{Glob, Methods, Pattern};
pub use report::{PatternWarning, Side};
pub use roots::{RootSelection, select_by_root};
pub use types::type_roots;

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
    /// Media resources read with `GET`: `None` for `$value`, else the stream property
    /// `(declaring type, index in its fields)`.
    pub media_get: BTreeSet<Option<(TypeId, usize)>>,
    /// Media resources replaced with `PUT`, the same way.
    pub media_put: BTreeSet<Option<(TypeId, usize)>>,
    /// Derived types this item can be cast to (`…/{id}/n.Manager`), each to its item builder.
    pub casts: BTreeSet<TypeId>,
    /// Composable functions bound to this item whose one-entity result further segments
    /// address (`…/range(address='A1')/format`): each to its result type's item builder.
    pub composed: BTreeSet<OpId>,
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
    /// Derived types this collection can be cast to (`…/people/n.Manager`), each to the
    /// collection builder of [`Edge::Cast`].
    pub casts: BTreeSet<TypeId>,
    /// Composable functions bound to this collection whose one-entity result further
    /// segments address: each to its result type's item builder.
    pub composed: BTreeSet<OpId>,
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
            casts: BTreeSet::new(),
            composed: BTreeSet::new(),
        }
    }
}

/// One selected URL path and its selected HTTP methods (those the metadata allows there
/// and the patterns keep), e.g.
/// `/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/$ref`
/// with `["GET", "POST"]`. Keys are written `{id}` (or `{<key property>}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SelectedPath {
    /// The path template.
    pub path: String,
    /// Selected methods, sorted.
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
    /// Operations whose request methods are emitted (also listed on their builders, or
    /// imported: see [`Selection::imports`]).
    pub operations: BTreeSet<OpId>,
    /// Selected imports: `(index into Model::imports, imported operation)`, each a method of
    /// the `Client`.
    pub imports: BTreeSet<(usize, OpId)>,
    /// Every selected path, sorted.
    pub paths: Vec<SelectedPath>,
    /// Canonical collection path per entity type that has one (`group` -> `/groups`): the
    /// `CanonicalPath::COLLECTION_PATH` of its model struct, used for `$ref` bodies.
    pub canonical: BTreeMap<TypeId, String>,
    /// Include and exclude patterns that do nothing (matching no path, say, beside others
    /// that do), in configuration order, includes first. The selection is what the other
    /// patterns give.
    pub warnings: Vec<PatternWarning>,
}

/// What to generate. Paths are `/`-separated globs over path templates such as
/// `/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/$ref`:
/// `*` matches within one segment, `**` any number of segments (including none), `{id}`
/// any key segment. A glob may end in `#GET` (or `#GET,POST`, any of `GET`, `POST`,
/// `PATCH`, `PUT`, `DELETE`, case-insensitive) to apply to those HTTP methods only.
/// With neither include patterns nor types, every path is selected, or every type when the
/// metadata has no entity set or singleton (a schema of types only).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionConfig {
    /// Paths (and methods) to generate.
    pub include: Vec<String>,
    /// Paths (and methods) to leave out, even when included.
    pub exclude: Vec<String>,
    /// Type roots: types emitted even when no selected path uses them, by qualified name
    /// (`microsoft.graph.accessPackage`) or glob over qualified names
    /// (`microsoft.graph.security.*`; `*` within one dot-separated part, `**` across parts).
    pub types: Vec<String>,
}

/// Builders for tests: `SelectionConfig::new().include(..).ty(..)`.
#[cfg(test)]
impl SelectionConfig {
    /// An empty configuration: every path, no extra types.
    pub fn new() -> SelectionConfig {
        SelectionConfig::default()
    }

    /// Adds an include pattern.
    pub fn include(mut self, pattern: &str) -> SelectionConfig {
        self.include.push(pattern.to_string());
        self
    }

    /// Adds an exclude pattern.
    pub fn exclude(mut self, pattern: &str) -> SelectionConfig {
        self.exclude.push(pattern.to_string());
        self
    }

    /// Adds a type root (a qualified name or a glob over qualified names).
    pub fn ty(mut self, name: &str) -> SelectionConfig {
        self.types.push(name.to_string());
        self
    }
}

impl SelectionConfig {
    /// Checks that every include and exclude pattern and every type root is well-formed,
    /// which needs no model (whether they match anything does, and [`select`] tells).
    ///
    /// # Errors
    /// [`Error::Selection`] naming the first malformed pattern (see [`Pattern::new`]) or type
    /// name (see [`Glob::dotted`]).
    pub fn check_syntax(&self) -> Result<()> {
        for text in self.include.iter().chain(&self.exclude) {
            Pattern::new(text)?;
        }
        for name in &self.types {
            Glob::dotted(name)?;
        }
        Ok(())
    }
}

/// Selects the paths and methods `config` asks for, the types it names, and everything
/// they need.
///
/// An include or exclude pattern that does nothing while others do is not an error but a
/// [`Selection::warnings`] entry, with the nearest pattern that matches if there is one.
///
/// # Errors
/// A bad pattern or method suffix, an unknown type root, include patterns none of which
/// selects a path and method (the message says why for each), or a URL space too large
/// to walk.
pub fn select(model: &Model, config: &SelectionConfig) -> Result<Selection> {
    Ok(select_walked(model, &Walked::new(model, config)?))
}

/// The whole selection of a walk, with its canonical paths.
fn select_walked(model: &Model, walked: &Walked) -> Selection {
    let mut sel = walked.assemble(model, |_| true, None);
    sel.canonical = paths::canonical_paths(model)
        .into_iter()
        .filter(|(t, _)| sel.types.contains(t))
        .collect();
    sel.warnings.clone_from(&walked.warnings);
    sel
}

/// The URL tree as the patterns see it: every visited node, the methods kept at each (or
/// `None` when it is not selected), the node each is reached through ([`way_in`]), the
/// named type roots, and the patterns that did nothing. [`Walked::assemble`] turns any part
/// of it into a [`Selection`].
struct Walked {
    nodes: Vec<PathNode>,
    kept: Vec<Option<Methods>>,
    way_in: Vec<Option<usize>>,
    named_types: BTreeSet<TypeId>,
    warnings: Vec<PatternWarning>,
}

impl Walked {
    fn new(model: &Model, config: &SelectionConfig) -> Result<Walked> {
        let include = patterns(&config.include)?;
        let exclude = patterns(&config.exclude)?;
        // No include pattern means every path, unless types are named: then no path. A
        // model with no entity set or singleton (a schema of types only, or no entity
        // container) has no path: then it means every type.
        let nothing_named = include.is_empty() && config.types.is_empty();
        let named_types = if nothing_named && model.roots.is_empty() {
            (0..model.types.len())
                .map(|i| TypeId(u32::try_from(i).unwrap_or(u32::MAX)))
                .collect()
        } else {
            type_roots(model, &config.types)?
        };
        let every_path = nothing_named && !model.roots.is_empty();
        let any_path = every_path || !include.is_empty();
        let mut kept: Vec<Option<Methods>> = Vec::new();
        let mut tally = report::Tally::new(&include, &exclude);
        let nodes = if any_path {
            paths::walk(model, |node: &PathNode, _: &[PathNode]| {
                let p = node.path.as_str();
                tally.matches(p);
                let asked = if every_path {
                    Methods::ALL
                } else {
                    tally.asked()
                };
                let k = kept_methods(node, asked, tally.refused());
                tally.record(node, k);
                kept.push(k);
                let below = every_path || include.iter().any(|g| g.glob.may_match_below(p));
                let all_excluded = exclude
                    .iter()
                    .any(|g| g.methods == Methods::ALL && g.glob.matches_all_below(p));
                if below && !all_excluded {
                    Visit::Descend
                } else {
                    Visit::Skip
                }
            })?
        } else {
            Vec::new()
        };
        let warnings = tally.warnings(model, (&config.include, &config.exclude))?;
        if any_path && kept.iter().all(Option::is_none) {
            return Err(Error::Selection(if kept.is_empty() {
                format!(
                    "the metadata has no entity set or singleton (no entity container), so \
                     the include patterns {:?} have no URL path to match; leave them out to \
                     generate every type, or name types with `--type` (`types` in \
                     graphgen.toml)",
                    config.include
                )
            } else if every_path {
                format!(
                    "the exclude patterns {:?} leave no path and method",
                    config.exclude
                )
            } else {
                let why: Vec<String> = warnings
                    .iter()
                    .filter(|w| w.side == Side::Include)
                    .map(ToString::to_string)
                    .collect();
                format!(
                    "the include patterns match no path and method: {}",
                    why.join("; ")
                )
            }));
        }
        let by_path: BTreeMap<&str, usize> = nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.path.as_str(), i))
            .collect();
        let way_in = (0..nodes.len())
            .map(|i| way_in(&nodes, &by_path, i))
            .collect();
        Ok(Walked {
            nodes,
            kept,
            way_in,
            named_types,
            warnings,
        })
    }

    /// The selection made of the selected nodes for which `wanted(index)` holds (with the
    /// ancestors they need), the named types, and the closure of both, also over the
    /// `navigation_targets` (see [`types::close_types`]); without
    /// [`Selection::canonical`].
    fn assemble(
        &self,
        model: &Model,
        wanted: impl Fn(usize) -> bool,
        navigation_targets: Option<&BTreeSet<TypeId>>,
    ) -> Selection {
        let nodes = &self.nodes;
        let mut sel = Selection::default();
        let mut reached = vec![false; nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            let Some(methods) = self.kept[i].filter(|_| wanted(i)) else {
                continue;
            };
            sel.paths.push(SelectedPath {
                path: node.path.clone(),
                methods: methods.names(),
            });
            // Ancestors must be reachable: navigation methods, no HTTP methods of their own.
            // Applied root first, so a collection exists before its `$ref` or `$count`.
            let mut chain = Vec::new();
            let mut cur = self.way_in[i];
            while let Some(p) = cur {
                if reached[p] || (self.kept[p].is_some() && wanted(p)) {
                    break;
                }
                reached[p] = true;
                chain.push(p);
                cur = self.way_in[p];
            }
            for &p in chain.iter().rev() {
                apply(&mut sel, nodes, p, Methods::NONE);
            }
            apply(&mut sel, nodes, i, methods);
        }
        sel.paths.sort();
        sel.types.extend(self.named_types.iter().copied());
        types::close_types(model, &mut sel, navigation_targets);
        sel
    }
}

fn patterns(texts: &[String]) -> Result<Vec<Pattern>> {
    texts.iter().map(|t| Pattern::new(t)).collect()
}

/// The methods the patterns keep at `node`, or `None` when the node is not selected: the
/// methods the matching include patterns ask for (`asked`), less those of the matching
/// exclude patterns (`refused`), among those the metadata allows there. A node the metadata
/// allows no method on is selected when an include pattern without a method suffix matches
/// it and no exclude pattern without one does.
fn kept_methods(node: &PathNode, asked: Methods, refused: Methods) -> Option<Methods> {
    let allowed = Methods::of(&node.methods);
    let kept = asked.without(refused) & allowed;
    let selected = if allowed.is_empty() {
        asked == Methods::ALL && refused != Methods::ALL
    } else {
        !kept.is_empty()
    };
    selected.then_some(kept)
}

/// The node whose builder leads to `nodes[i]`: its parent in the URL tree, except below a
/// non-contained collection-valued navigation property, whose `nav/{id}`, `nav/$ref` and
/// `nav/{id}/$ref` are reached through `nav` (one generic builder offers them all).
fn way_in(nodes: &[PathNode], by_path: &BTreeMap<&str, usize>, i: usize) -> Option<usize> {
    let node = &nodes[i];
    let parent = node.parent?;
    let up = match node.kind {
        NodeKind::NavItem { .. } | NodeKind::Refs { edge: None, .. } => 1,
        NodeKind::RefItem { .. } if matches!(nodes[parent].kind, NodeKind::Item { .. }) => 2,
        _ => return Some(parent),
    };
    let mut path = node.path.as_str();
    for _ in 0..up {
        path = path.rsplit_once('/').map_or(path, |(head, _)| head);
    }
    Some(by_path.get(path).copied().unwrap_or(parent))
}

/// Adds what `nodes[i]` needs to the builders: navigation to it always, and the builder
/// flags of `methods` (none for an ancestor). A `$ref` collection has one flag for its
/// add (POST), list (GET) and remove (DELETE) methods, set when any of them is kept.
fn apply(sel: &mut Selection, nodes: &[PathNode], i: usize, methods: Methods) {
    let node = &nodes[i];
    let has = |m: Methods| methods.contains(m);
    let any = !methods.is_empty();
    match node.kind {
        NodeKind::Collection { edge, ty, parent } => {
            let c = collection(sel, edge, ty);
            c.list |= has(Methods::GET);
            c.create |= has(Methods::POST);
            link(sel, edge, parent);
            // A cast collection is reached from the collection it casts.
            if let (Edge::Cast(d), Some(NodeKind::Collection { edge: from, .. })) =
                (edge, node.parent.map(|p| nodes[p].kind))
                && let Some(c) = sel.collections.get_mut(&from)
            {
                c.casts.insert(d);
            }
        }
        NodeKind::Item { ty, via } => {
            let item = sel.items.entry(ty).or_default();
            item.get |= has(Methods::GET);
            item.patch |= has(Methods::PATCH);
            item.put |= has(Methods::PUT);
            item.delete |= has(Methods::DELETE);
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
                ItemVia::Cast { parent } => {
                    sel.items.entry(parent).or_default().casts.insert(ty);
                }
                ItemVia::Function { op, on } => {
                    add_operation(sel, op, on, true);
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
            if any {
                item.nav_refs.insert(nav);
            }
        }
        NodeKind::Refs {
            edge: Some(edge), ..
        } => set_refs(sel, edge, any),
        NodeKind::RefItem { .. } => {
            // `…/{id}/$ref` of a contained collection: its parent is the collection.
            if let Some(NodeKind::Collection { edge, .. }) = node.parent.map(|p| nodes[p].kind) {
                set_refs(sel, edge, any);
            }
        }
        NodeKind::Count { edge } => {
            if has(Methods::GET)
                && let Some(c) = sel.collections.get_mut(&edge)
            {
                c.count = true;
            }
        }
        NodeKind::Operation { op, on } => {
            if any {
                add_operation(sel, op, on, false);
            }
        }
        NodeKind::Media { ty, stream } => {
            let item = sel.items.entry(ty).or_default();
            if has(Methods::GET) {
                item.media_get.insert(stream);
            }
            if has(Methods::PUT) {
                item.media_put.insert(stream);
            }
        }
        NodeKind::Import { import, op } => {
            if any {
                sel.imports.insert((import, op));
                sel.operations.insert(op);
            }
        }
        NodeKind::Refs { edge: None, .. } | NodeKind::NavItem { .. } => {}
    }
}

/// Offers the bound operation `op` on the builder it hangs `on`: its call, or (`composed`) the
/// builder of a composable function's result.
fn add_operation(sel: &mut Selection, op: OpId, on: OperationParent, composed: bool) {
    let ops = match on {
        OperationParent::Item(t) => {
            let item = sel.items.entry(t).or_default();
            Some(if composed {
                &mut item.composed
            } else {
                &mut item.operations
            })
        }
        OperationParent::Collection(edge) => sel.collections.get_mut(&edge).map(|c| {
            if composed {
                &mut c.composed
            } else {
                &mut c.operations
            }
        }),
    };
    if let Some(ops) = ops {
        ops.insert(op);
    }
    sel.operations.insert(op);
}

fn set_refs(sel: &mut Selection, edge: Edge, any: bool) {
    if any && let Some(c) = sel.collections.get_mut(&edge) {
        c.refs = true;
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
        (Edge::Nav { .. }, None) | (Edge::Cast(_), _) => {}
    }
}
