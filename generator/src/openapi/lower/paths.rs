//! `#/paths` → the entity container (entity sets and singletons), containment of navigation
//! properties, capability annotations from the methods present, bound operations, and the
//! coverage count of (path, method) pairs.

use std::collections::{BTreeMap, BTreeSet};

use crate::csdl::syntax::{self as csdl, Expr, PropertyValue, Record};
use crate::error::{Pos, Result};

use super::super::syntax::{Key, Node, pointer_segment};
use super::types::{Mapped, Types, main_namespace, response_type, schema_named, type_of};
use super::{Cx, description, split_qualified};

/// The HTTP methods a path item can have that graphgen may generate.
const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// What the paths say, applied to the schemas by [`Paths::apply`].
#[derive(Debug)]
pub(super) struct Paths {
    /// The main namespace, which holds the container.
    main: String,
    /// The entity container (`Container`).
    container: csdl::EntityContainer,
    /// Bound operations already made: (qualified name, binding type, collection-bound).
    seen_ops: BTreeSet<(String, String, bool)>,
    /// Navigation properties already decided: (declaring type, name); the first path wins.
    nav_seen: BTreeSet<(String, String)>,
    /// (declaring type, navigation property) → (contained, annotations).
    navs: BTreeMap<(String, String), NavFacts>,
    /// Key property names read from key segments that name a property (`{UserName}`), by
    /// the root type of the hierarchy.
    pub(super) keys: BTreeMap<String, String>,
    /// Bound operations with their namespace.
    operations: Vec<(String, csdl::Operation)>,
    /// Entity types with a `…/$value` path: media entities (`HasStream`).
    streams: BTreeSet<String>,
    /// (path, method) pairs that map to something graphgen generates.
    pub(super) covered: usize,
    /// All (path, method) pairs.
    pub(super) total: usize,
}

impl Paths {
    /// Adds the container, operations and navigation facts to `schemas`.
    pub(super) fn apply(self, schemas: &mut BTreeMap<String, csdl::Schema>) {
        for ((ty, nav), facts) in self.navs {
            let NavFacts {
                contained,
                deletable,
                annotations: anns,
            } = facts;
            let Some((ns, local)) = split_qualified(&ty) else {
                continue;
            };
            let Some(t) = schemas
                .get_mut(ns)
                .and_then(|s| s.entity_types.iter_mut().find(|t| t.name == local))
            else {
                continue;
            };
            if let Some(n) = t.navigation_properties.iter_mut().find(|n| n.name == nav) {
                n.contains_target = contained;
                // Only a nullable single-valued navigation property can be deleted: the
                // PowerShell profile drops the `anyOf`-null that says so.
                if deletable && n.nullable == Some(false) {
                    n.nullable = Some(true);
                }
                n.annotations.extend(anns);
            }
        }
        for ty in &self.streams {
            let Some((ns, local)) = split_qualified(ty) else {
                continue;
            };
            if let Some(t) = schemas
                .get_mut(ns)
                .and_then(|s| s.entity_types.iter_mut().find(|t| t.name == local))
            {
                t.has_stream = true;
            }
        }
        for (ty, key) in self.keys {
            let Some((ns, local)) = split_qualified(&ty) else {
                continue;
            };
            if let Some(t) = schemas
                .get_mut(ns)
                .and_then(|s| s.entity_types.iter_mut().find(|t| t.name == local))
            {
                let pos = t.pos;
                t.key = Some(vec![csdl::PropertyRef {
                    name: key,
                    alias: None,
                    pos,
                }]);
            }
        }
        for (ns, op) in self.operations {
            schemas
                .entry(ns.clone())
                .or_insert_with(|| csdl::Schema {
                    namespace: ns,
                    pos: op.pos,
                    ..csdl::Schema::default()
                })
                .operations
                .push(op);
        }
        if !self.container.entity_sets.is_empty() || !self.container.singletons.is_empty() {
            let main = self.main.clone();
            schemas
                .entry(main.clone())
                .or_insert_with(|| csdl::Schema {
                    namespace: main,
                    ..csdl::Schema::default()
                })
                .containers
                .push(self.container);
        }
    }
}

/// What the paths say about one navigation property.
#[derive(Debug)]
struct NavFacts {
    /// `ContainsTarget`.
    contained: bool,
    /// Single-valued, with DELETE on its path.
    deletable: bool,
    /// Capability annotations for it.
    annotations: Vec<csdl::Annotation>,
}

/// A capability annotation `Org.OData.Capabilities.V1.<term>` with one boolean property.
fn capability(term: &str, property: &str, value: bool, pos: Pos) -> csdl::Annotation {
    csdl::Annotation {
        term: format!("Org.OData.Capabilities.V1.{term}"),
        qualifier: None,
        pos,
        value: Some(Expr::Record(Record {
            type_name: None,
            pos,
            properties: vec![PropertyValue {
                property: property.to_string(),
                pos,
                value: Some(Expr::Bool(value)),
            }],
        })),
    }
}

/// The path items by path, with their methods.
struct Index<'d> {
    /// Path → its methods (of [`METHODS`]).
    methods: BTreeMap<&'d str, BTreeSet<&'d str>>,
}

impl Index<'_> {
    /// Whether `path` has `method`.
    fn has(&self, path: &str, method: &str) -> bool {
        self.methods.get(path).is_some_and(|m| m.contains(method))
    }

    /// Whether `path` is in the document.
    fn exists(&self, path: &str) -> bool {
        self.methods.contains_key(path)
    }

    /// The methods of `prefix/{key}` item paths (a single segment in braces below `prefix`).
    fn item_methods(&self, prefix: &str) -> BTreeSet<&str> {
        let start = format!("{prefix}/{{");
        self.methods
            .range(start.as_str()..)
            .take_while(|(p, _)| p.starts_with(&start))
            .filter(|(p, _)| !p[start.len()..].contains('/'))
            .flat_map(|(_, m)| m.iter().copied())
            .collect()
    }

    /// The capability annotations for a collection (entity set, collection navigation) or a
    /// single entity at `prefix`.
    fn capabilities(&self, prefix: &str, collection: bool, pos: Pos) -> Vec<csdl::Annotation> {
        let mut out = Vec::new();
        if collection {
            let item = self.item_methods(prefix);
            if !self.has(prefix, "post") {
                out.push(capability("InsertRestrictions", "Insertable", false, pos));
            }
            if !item.contains("patch") {
                if item.contains("put") {
                    let mut a = capability("UpdateRestrictions", "Updatable", true, pos);
                    if let Some(Expr::Record(r)) = &mut a.value {
                        r.properties.push(PropertyValue {
                            property: "UpdateMethod".to_string(),
                            pos,
                            value: Some(Expr::EnumMember(
                                "Org.OData.Capabilities.V1.HttpMethod/PUT".to_string(),
                            )),
                        });
                    }
                    out.push(a);
                } else {
                    out.push(capability("UpdateRestrictions", "Updatable", false, pos));
                }
            }
            if !item.contains("delete") {
                out.push(capability("DeleteRestrictions", "Deletable", false, pos));
            }
            if !self.exists(&format!("{prefix}/$count")) {
                out.push(capability("CountRestrictions", "Countable", false, pos));
            }
        } else {
            if !self.has(prefix, "patch") && !self.has(prefix, "put") {
                out.push(capability("UpdateRestrictions", "Updatable", false, pos));
            }
            if !self.has(prefix, "delete") {
                out.push(capability("DeleteRestrictions", "Deletable", false, pos));
            }
        }
        out
    }
}

/// How a path ends, for coverage.
enum End {
    /// CRUD on an entity set, singleton, entity, or navigation property; `$count`; `$ref`;
    /// a bound operation.
    Covered,
    /// Not generated, with the reason.
    Uncovered(String),
}

/// Lowers `#/paths`.
pub(super) fn lower_paths(cx: &mut Cx<'_>, types: &Types) -> Result<Paths> {
    let doc = cx.doc;
    let main = main_namespace(types);
    let mut out = Paths {
        container: csdl::EntityContainer {
            name: "Container".to_string(),
            ..csdl::EntityContainer::default()
        },
        main: main.clone(),
        seen_ops: BTreeSet::new(),
        nav_seen: BTreeSet::new(),
        navs: BTreeMap::new(),
        keys: BTreeMap::new(),
        operations: Vec::new(),
        streams: BTreeSet::new(),
        covered: 0,
        total: 0,
    };
    let Some(path_items) = doc.root.get("paths").and_then(Node::as_map) else {
        return Ok(out);
    };
    let paths_pos = doc.root.get("paths").map_or(Pos::default(), |p| p.pos);
    // Paths with keys in parentheses (`/People({UserName})`, the converter's non-Graph
    // style) are read as key segments (`/People/{UserName}`).
    let items: Vec<(String, &Key, &Node)> = path_items
        .iter()
        .map(|(k, v)| (normalize(&k.name), k, v))
        .collect();
    // How the paths write keys is what the document says of the service's convention: the
    // container gets `Capabilities.KeyAsSegmentSupported` when they agree (`/People/{id}`
    // everywhere: true; `/People({id})` everywhere: false).
    let segment_keys = items.iter().any(|(_, k, _)| k.name.contains("/{"));
    let paren_keys = items.iter().any(|(norm, k, _)| *norm != k.name);
    if segment_keys != paren_keys {
        out.container.annotations.push(csdl::Annotation {
            term: "Org.OData.Capabilities.V1.KeyAsSegmentSupported".to_owned(),
            qualifier: None,
            pos: paths_pos,
            value: Some(csdl::Expr::Bool(segment_keys)),
        });
    }
    let index = Index {
        methods: items
            .iter()
            .map(|(norm, _, v)| {
                let m = v
                    .as_map()
                    .unwrap_or(&[])
                    .iter()
                    .map(|(m, _)| m.name.as_str())
                    .filter(|m| METHODS.contains(m))
                    .collect();
                (norm.as_str(), m)
            })
            .collect(),
    };
    // Roots: the first segment of every path.
    let mut roots: BTreeMap<&str, (String, bool)> = BTreeMap::new();
    let mut uncovered: Vec<String> = Vec::new();
    for (norm, k, item) in &items {
        let (path, item) = (norm.as_str(), *item);
        let pointer = format!("#/paths/{}", pointer_segment(&k.name));
        let segs: Vec<&str> = path.split('/').skip(1).collect();
        let methods: Vec<(&str, &Node)> = item
            .as_map()
            .unwrap_or(&[])
            .iter()
            .filter(|(m, _)| METHODS.contains(&m.name.as_str()))
            .map(|(m, n)| (m.name.as_str(), n))
            .collect();
        out.total += methods.len();
        let first = segs.first().copied().unwrap_or("");
        let end = if first.contains('.') || first.contains('(') || first.is_empty() {
            End::Uncovered("unbound operations (imports) are not generated".to_string())
        } else {
            if !roots.contains_key(first) {
                let root_path = format!("/{first}");
                // A key segment below it, even without an item path of its own.
                let is_set = index.methods.keys().any(|p| {
                    p.strip_prefix(root_path.as_str())
                        .is_some_and(|r| r.starts_with("/{"))
                });
                let ty = root_type(cx, types, &items, &root_path, is_set, &main)?;
                match ty {
                    Some(ty) if types.structs.get(&ty).is_some_and(|s| s.entity) => {
                        let anns: Vec<csdl::Annotation> =
                            index.capabilities(&root_path, is_set, k.pos);
                        if is_set {
                            out.container.entity_sets.push(csdl::EntitySet {
                                name: first.to_string(),
                                pos: k.pos,
                                entity_type: ty.clone(),
                                bindings: Vec::new(),
                                annotations: anns,
                            });
                        } else {
                            out.container.singletons.push(csdl::Singleton {
                                name: first.to_string(),
                                pos: k.pos,
                                type_name: ty.clone(),
                                bindings: Vec::new(),
                                annotations: anns,
                            });
                        }
                        roots.insert(first, (ty, is_set));
                    }
                    _ => {
                        roots.insert(first, (String::new(), false));
                    }
                }
            }
            let (ty, coll) = roots[first].clone();
            if ty.is_empty() {
                End::Uncovered(format!(
                    "the type of `/{first}` is not known (no GET on `/{first}` or its items names it, and no schema is named `{first}`)"
                ))
            } else {
                let site = Site {
                    segs: &segs,
                    pos: k.pos,
                    methods: &methods,
                    pointer: &pointer,
                };
                walk(cx, types, &index, &mut out, &site, ty, coll)?
            }
        };
        match end {
            End::Covered => out.covered += methods.len(),
            End::Uncovered(why) => {
                for (m, _) in &methods {
                    uncovered.push(format!("`{} {path}`: {why}", m.to_uppercase()));
                }
            }
        }
    }
    if !uncovered.is_empty() {
        cx.warn(
            paths_pos,
            "#/paths",
            format!(
                "{} of {} (path, method) pairs map to nothing graphgen generates:\n{}",
                uncovered.len(),
                out.total,
                uncovered.join("\n")
            ),
        );
    }
    if let Some((_, first)) = out
        .operations
        .iter()
        .find(|(_, o)| o.kind == csdl::OperationKind::Function)
    {
        let n = out
            .operations
            .iter()
            .filter(|(_, o)| o.kind == csdl::OperationKind::Function)
            .count();
        let pos = first.pos;
        cx.warn(pos, "#/paths", format!("OpenAPI does not say which functions are composable: none of the {n} function(s) is (e.g. `{}`)", first.name));
    }
    Ok(out)
}

/// `/People({UserName})/x` → `/People/{UserName}/x`: a segment `name(...)` whose name is
/// not qualified (so not a bound operation) and whose parentheses hold one `{template}`
/// (`{k}`, `k={k}` or `k='{k}'`) is a navigation (or root) and a key segment.
fn normalize(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 2);
    for seg in path.split('/').skip(1) {
        out.push('/');
        let split = seg.split_once('(').and_then(|(name, rest)| {
            let inner = rest.strip_suffix(')')?;
            let value = inner
                .split_once('=')
                .map_or(inner, |(_, v)| v)
                .trim_matches('\'');
            let single =
                value.starts_with('{') && value.ends_with('}') && value.matches('{').count() == 1;
            (!name.contains('.') && !name.is_empty() && single).then_some((name, value))
        });
        match split {
            Some((name, key)) => {
                out.push_str(name);
                out.push('/');
                out.push_str(key);
            }
            None => out.push_str(seg),
        }
    }
    out
}

/// The entity type of the root `/first`: from the item path's GET response (the root's own
/// for a singleton), else a type `<main>.<first>` or a schema named `first`, else the key
/// parameter's `x-ms-docs-key-type`.
fn root_type(
    cx: &Cx<'_>,
    types: &Types,
    items: &[(String, &Key, &Node)],
    root_path: &str,
    is_set: bool,
    main: &str,
) -> Result<Option<String>> {
    let item_prefix = format!("{root_path}/{{");
    for (p, k, v) in items {
        let p = p.as_str();
        let fits = if is_set {
            p.starts_with(&item_prefix) && !p[item_prefix.len()..].contains('/')
        } else {
            p == root_path
        };
        if !fits {
            continue;
        }
        if let Some(get) = v.get("get") {
            let pointer = format!("#/paths/{}/get", pointer_segment(&k.name));
            if let Some(m) = response_type(cx, get, &pointer)?
                && m.named.is_some()
            {
                return Ok(m.named);
            }
        }
    }
    let local = root_path.trim_start_matches('/');
    let main_guess = format!("{main}.{local}");
    if cx.schemas.contains_key(main_guess.as_str()) || types.structs.contains_key(&main_guess) {
        return Ok(Some(main_guess));
    }
    if let Some(t) = schema_named(cx, local) {
        return Ok(Some(t.to_string()));
    }
    // The key parameter's `x-ms-docs-key-type` (`user` for `{user-id}`) on any path below.
    for (p, _, v) in items.iter().filter(|(p, _, _)| p.starts_with(&item_prefix)) {
        let key = &p[item_prefix.len() - 1..];
        let key = key
            .split('/')
            .next()
            .unwrap_or(key)
            .trim_matches(['{', '}']);
        let ops = v.as_map().unwrap_or(&[]).iter().map(|(_, o)| o);
        let params = ops
            .chain(std::iter::once(*v))
            .filter_map(|o| o.get("parameters")?.as_seq())
            .flatten();
        for param in params {
            if param.get("name").and_then(Node::as_str) == Some(key)
                && let Some(t) = param
                    .get("x-ms-docs-key-type")
                    .and_then(Node::as_str)
                    .and_then(|t| schema_named(cx, t))
            {
                return Ok(Some(t.to_string()));
            }
        }
    }
    Ok(None)
}

/// One path item as [`walk`] sees it.
struct Site<'a> {
    /// The path's segments (normalized).
    segs: &'a [&'a str],
    /// Where the path's key is.
    pos: Pos,
    /// Its methods.
    methods: &'a [(&'a str, &'a Node)],
    /// Its JSON pointer.
    pointer: &'a str,
}

/// Walks the segments of a path below its root (of type `ty`, a collection when `coll`);
/// records navigation facts and operations in `out`.
fn walk(
    cx: &mut Cx<'_>,
    types: &Types,
    index: &Index<'_>,
    out: &mut Paths,
    site: &Site<'_>,
    mut ty: String,
    mut coll: bool,
) -> Result<End> {
    let Site {
        segs,
        pos,
        methods,
        pointer,
    } = *site;
    let mut prefix = format!("/{}", segs[0]);
    for (i, seg) in segs.iter().enumerate().skip(1) {
        let last = i + 1 == segs.len();
        if seg.starts_with('{') {
            let name = seg.trim_matches(['{', '}']);
            if coll && name != "id" && types.has_prop(&ty, name) {
                out.keys
                    .entry(types.root(&ty))
                    .or_insert_with(|| name.to_string());
            }
            if !coll {
                return Ok(End::Uncovered(format!(
                    "key segment `{seg}` on a single entity"
                )));
            }
            coll = false;
        } else if matches!(*seg, "$count" | "$ref") {
            return Ok(if last {
                End::Covered
            } else {
                End::Uncovered(format!("segments after `{seg}`"))
            });
        } else if *seg == "$value" {
            // `…/$value` of one entity: the type is a media entity (`HasStream`).
            if !last || coll {
                return Ok(End::Uncovered(
                    "a `$value` that is not the media of one entity".to_string(),
                ));
            }
            out.streams.insert(ty);
            return Ok(End::Covered);
        } else if let Some((decl, target, c)) = types.nav(&ty, seg).filter(|_| !coll) {
            let nav_prefix = format!("{prefix}/{seg}");
            if out.nav_seen.insert((decl.clone(), seg.to_string())) {
                let contained = if c {
                    let item = index.item_methods(&nav_prefix);
                    (item.contains("patch") || item.contains("delete") || item.contains("put"))
                        && !index.exists(&format!("{nav_prefix}/$ref"))
                } else {
                    index.has(&nav_prefix, "patch")
                        || index.has(&nav_prefix, "delete")
                        || index.has(&nav_prefix, "put")
                };
                let mut anns = if contained {
                    index.capabilities(&nav_prefix, c, pos)
                } else {
                    Vec::new()
                };
                if index.exists(&format!("{nav_prefix}/$ref")) {
                    anns.push(capability(
                        "NavigationRestrictions",
                        "Referenceable",
                        true,
                        pos,
                    ));
                }
                let facts = NavFacts {
                    contained,
                    deletable: !c && index.has(&nav_prefix, "delete"),
                    annotations: anns,
                };
                out.navs.insert((decl, seg.to_string()), facts);
            }
            ty = target;
            coll = c;
        } else if let Some((method, op)) = methods
            .first()
            .filter(|_| seg.contains('.') || seg.contains('('))
            .filter(|(_, op)| {
                matches!(
                    op.get("x-ms-docs-operation-type").and_then(Node::as_str),
                    Some("action" | "function")
                )
            })
        {
            if !last {
                return Ok(End::Uncovered(
                    "paths below an operation (composable functions) are not generated".to_string(),
                ));
            }
            let key = (
                seg.split('(').next().unwrap_or(seg).to_string(),
                ty.clone(),
                coll,
            );
            if out.seen_ops.insert(key) {
                let p = format!("{pointer}/{method}");
                let (ns, o) = operation(cx, seg, (&ty, coll), op, &p, &out.main)?;
                out.operations.push((ns, o));
            }
            return Ok(End::Covered);
        } else if seg.contains('.') {
            return Ok(End::Uncovered("type casts are not generated".to_string()));
        } else if types.has_prop(&ty, seg) && segs.get(i + 1) == Some(&"$value") {
            return Ok(End::Uncovered(format!(
                "the `$value` of a property: a stream property (`format: binary`) is read and \
                 written at its own URL, `…/{seg}`"
            )));
        } else if types.has_prop(&ty, seg) {
            return Ok(End::Uncovered(
                "paths into structural properties are not generated".to_string(),
            ));
        } else {
            return Ok(End::Uncovered(format!(
                "`{seg}` is not a navigation property of `{ty}`"
            )));
        }
        prefix.push('/');
        prefix.push_str(seg);
    }
    Ok(End::Covered)
}

/// A bound operation from its path segment (`microsoft.graph.f(a='{a}')`), the binding
/// (type, collection-bound) and the method's operation object.
fn operation(
    cx: &Cx<'_>,
    seg: &str,
    (ty, coll): (&str, bool),
    op: &Node,
    pointer: &str,
    main: &str,
) -> Result<(String, csdl::Operation)> {
    let (head, args) = match seg.split_once('(') {
        Some((h, a)) => (h, a.trim_end_matches(')')),
        None => (seg, ""),
    };
    let (ns, name) = split_qualified(head).unwrap_or((main, head));
    let kind = if op.get("x-ms-docs-operation-type").and_then(Node::as_str) == Some("function") {
        csdl::OperationKind::Function
    } else {
        csdl::OperationKind::Action
    };
    let binding = if coll {
        format!("Collection({ty})")
    } else {
        ty.to_string()
    };
    let mut parameters = vec![csdl::Parameter {
        name: "bindingParameter".to_string(),
        pos: op.pos,
        type_name: binding,
        nullable: Some(false),
        annotations: Vec::new(),
    }];
    if kind == csdl::OperationKind::Action {
        if let Some(body) = op.get("requestBody") {
            let bp = format!("{pointer}/requestBody");
            let body = cx.deref(body, &bp)?;
            if let Some(schema) = body
                .get("content")
                .and_then(|c| c.get("application/json"))
                .and_then(|c| c.get("schema"))
            {
                let schema = cx.deref(schema, &bp)?;
                for (pk, pv) in schema
                    .get("properties")
                    .and_then(Node::as_map)
                    .unwrap_or(&[])
                {
                    let m = type_of(
                        cx,
                        pv,
                        &format!("{bp}/properties/{}", pointer_segment(&pk.name)),
                    )?;
                    parameters.push(csdl::Parameter {
                        name: pk.name.clone(),
                        pos: pk.pos,
                        type_name: m.type_name,
                        nullable: Some(m.nullable),
                        annotations: Vec::new(),
                    });
                }
            }
        }
    } else {
        let params: Vec<&Node> = op
            .get("parameters")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .collect();
        for arg in args.split(',').filter(|a| !a.trim().is_empty()) {
            let pname = arg.split('=').next().unwrap_or(arg).trim();
            let template = format!("{{{pname}}}");
            let found = params.iter().find(|p| {
                p.get("in").and_then(Node::as_str) == Some("path")
                    && (p.get("name").and_then(Node::as_str) == Some(pname)
                        || p.get("description")
                            .and_then(Node::as_str)
                            .is_some_and(|d| d.contains(&template)))
            });
            let (m, ppos) = match found.and_then(|p| p.get("schema")) {
                Some(s) => (type_of(cx, s, pointer)?, s.pos),
                None => (
                    Mapped {
                        type_name: "Edm.String".to_string(),
                        nullable: false,
                        named: None,
                        collection: false,
                    },
                    op.pos,
                ),
            };
            parameters.push(csdl::Parameter {
                name: pname.to_string(),
                pos: ppos,
                type_name: m.type_name,
                nullable: Some(m.nullable),
                annotations: Vec::new(),
            });
        }
    }
    let return_type = response_type(cx, op, pointer)?.map(|m| csdl::ReturnType {
        type_name: m.type_name,
        nullable: Some(m.nullable),
        pos: op.pos,
    });
    let doc = operation_doc(op);
    Ok((
        ns.to_string(),
        csdl::Operation {
            kind,
            name: name.to_string(),
            pos: op.pos,
            is_bound: true,
            is_composable: false,
            entity_set_path: None,
            parameters,
            return_type,
            annotations: description(doc.as_deref(), op.pos).into_iter().collect(),
        },
    ))
}

/// An operation's docs: its `summary`, its `description` when it says more, and its
/// `externalDocs` link (Graph's point to the operation's documentation page).
fn operation_doc(op: &Node) -> Option<String> {
    let summary = doc_text(op.get("summary"));
    let description = doc_text(op.get("description")).filter(|d| Some(*d) != summary);
    let external = op.get("externalDocs").and_then(|e| {
        let url = doc_text(e.get("url"))?;
        Some(match doc_text(e.get("description")) {
            Some(d) => format!("{d}: {url}"),
            None => url.to_owned(),
        })
    });
    let parts: Vec<String> = [
        summary.map(str::to_owned),
        description.map(str::to_owned),
        external,
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// A node's text, trimmed, when it is a non-blank string.
fn doc_text(node: Option<&Node>) -> Option<&str> {
    node.and_then(Node::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}
