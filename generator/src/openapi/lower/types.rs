//! `#/components/schemas` → CSDL types: structured types (entity or complex, with base types
//! from `allOf`), enum types, and type definitions; and the mapping of an OpenAPI schema to
//! a CSDL type name ([`type_of`]).

use std::collections::{BTreeMap, BTreeSet};

use crate::csdl::syntax as csdl;
use crate::error::{Pos, Result};

use super::super::syntax::{Node, pointer_segment};
use super::{Cx, description, schema_pointer, split_qualified};

/// What [`lower_schemas`] found: the CSDL schemas, and per structured type what the path
/// walk needs.
#[derive(Debug, Default)]
pub(super) struct Types {
    /// CSDL schemas by namespace (so they come out sorted by name).
    pub(super) schemas: BTreeMap<String, csdl::Schema>,
    /// Root entity types without an `id` property: keyless unless a path names their key.
    pub(super) keyless: Vec<String>,
    /// Structured types by qualified name.
    pub(super) structs: BTreeMap<String, StructInfo>,
}

/// A structured type as the path walk sees it.
#[derive(Debug, Default, Clone)]
pub(super) struct StructInfo {
    /// Qualified base type.
    pub(super) base: Option<String>,
    /// An entity type (not complex).
    pub(super) entity: bool,
    /// Own navigation properties: name → (qualified target, collection).
    pub(super) navs: BTreeMap<String, (String, bool)>,
    /// Own structural property names.
    pub(super) props: BTreeSet<String>,
}

impl Types {
    /// The navigation property `name` of `ty` or a base type: (declaring type, target,
    /// collection). Walks base types with a visited set, so a base-type cycle ends.
    pub(super) fn nav(&self, ty: &str, name: &str) -> Option<(String, String, bool)> {
        let mut seen = BTreeSet::new();
        let mut cur = Some(ty.to_string());
        while let Some(t) = cur {
            if !seen.insert(t.clone()) {
                return None;
            }
            let info = self.structs.get(&t)?;
            if let Some((target, coll)) = info.navs.get(name) {
                return Some((t, target.clone(), *coll));
            }
            cur = info.base.clone();
        }
        None
    }

    /// The root of `ty`'s hierarchy (the base type of its base types that has none).
    pub(super) fn root(&self, ty: &str) -> String {
        let mut seen = BTreeSet::new();
        let mut cur = ty.to_string();
        while let Some(b) = self.structs.get(&cur).and_then(|i| i.base.clone()) {
            if !seen.insert(cur.clone()) {
                break;
            }
            cur = b;
        }
        cur
    }

    /// Whether `ty` or a base type has the structural property `name`.
    pub(super) fn has_prop(&self, ty: &str, name: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut cur = Some(ty.to_string());
        while let Some(t) = cur {
            if !seen.insert(t.clone()) {
                return false;
            }
            let Some(info) = self.structs.get(&t) else {
                return false;
            };
            if info.props.contains(name) {
                return true;
            }
            cur = info.base.clone();
        }
        false
    }
}

/// The main namespace (the entity container's): the one with the most structured types,
/// the first by name on a tie.
pub(super) fn main_namespace(types: &Types) -> String {
    types
        .schemas
        .values()
        .max_by_key(|s| {
            (
                s.entity_types.len() + s.complex_types.len(),
                std::cmp::Reverse(s.namespace.clone()),
            )
        })
        .map(|s| s.namespace.clone())
        .unwrap_or_default()
}

/// Schemas the converter adds for its own responses and bodies: not types of the model.
/// A `*CollectionResponse` is one only when it is shaped like one (a `value` array and
/// nothing but `@odata.*` beside it): Graph has real types named so
/// (`microsoft.graph.deviceLogCollectionResponse`).
pub(super) fn is_converter_schema(name: &str, node: &Node) -> bool {
    if matches!(
        name,
        "ReferenceCreate"
            | "ReferenceUpdate"
            | "ReferenceNumeric"
            | "ODataCountResponse"
            | "BaseCollectionPaginationCountResponse"
            | "StringCollectionResponse"
    ) || name.contains(".ODataErrors.")
    {
        return true;
    }
    if !name.ends_with("CollectionResponse") {
        return false;
    }
    let parts: Vec<&Node> = match node.get("allOf").and_then(Node::as_seq) {
        Some(parts) => parts.iter().collect(),
        None => vec![node],
    };
    let props: Vec<&str> = parts
        .iter()
        .filter_map(|p| p.get("properties").and_then(Node::as_map))
        .flatten()
        .map(|(k, _)| k.name.as_str())
        .collect();
    props.contains(&"value")
        && props
            .iter()
            .all(|p| *p == "value" || p.starts_with("@odata."))
}

/// A CSDL type as mapped from an OpenAPI schema.
#[derive(Debug, Clone)]
pub(super) struct Mapped {
    /// The CSDL type name (`Edm.String`, `Collection(microsoft.graph.user)`).
    pub(super) type_name: String,
    /// Marked nullable (`nullable: true`, `anyOf` with a null object, 3.1 `type: [.., 'null']`).
    pub(super) nullable: bool,
    /// The named type referenced (the item type for collections).
    pub(super) named: Option<String>,
    /// A collection.
    pub(super) collection: bool,
}

impl Mapped {
    /// The primitive `Edm.<name>`.
    fn prim(name: &str, nullable: bool) -> Mapped {
        Mapped {
            type_name: format!("Edm.{name}"),
            nullable,
            named: None,
            collection: false,
        }
    }
}

/// The schema name a `#/components/schemas/<name>` reference names.
fn schema_name(target: &str) -> Option<&str> {
    target.strip_prefix("#/components/schemas/")
}

/// The `Edm` primitive for an OpenAPI `format` (whatever the `type`).
fn format_primitive(format: &str) -> Option<&'static str> {
    Some(match format {
        "date-time" => "DateTimeOffset",
        "date" => "Date",
        "time" => "TimeOfDay",
        "duration" => "Duration",
        "uuid" => "Guid",
        "int16" => "Int16",
        "int32" => "Int32",
        "int64" => "Int64",
        "uint8" => "Byte",
        "int8" => "SByte",
        "decimal" => "Decimal",
        "float" => "Single",
        "double" => "Double",
        "base64url" | "byte" => "Binary",
        // The converter writes `Edm.Stream` as `format: binary`.
        "binary" => "Stream",
        _ => return None,
    })
}

/// Maps the schema `node` (at `pointer`) to a CSDL type.
pub(super) fn type_of(cx: &Cx<'_>, node: &Node, pointer: &str) -> Result<Mapped> {
    let marked = node.get("nullable").and_then(Node::as_bool) == Some(true);
    if let Some(target) = cx.local_ref(node, pointer)? {
        return Ok(match schema_name(target) {
            Some("ReferenceNumeric") => Mapped::prim("Double", marked),
            Some(name) if cx.schemas.contains_key(name) => Mapped {
                type_name: name.to_string(),
                nullable: marked,
                named: Some(name.to_string()),
                collection: false,
            },
            // A schema the document lacks, or a `$ref` to something that is no schema.
            _ => {
                let r = node.get("$ref").map_or(node.pos, |r| r.pos);
                return Err(cx.error(
                    r,
                    pointer,
                    format!("`$ref` target `{target}` is not a schema of this document"),
                ));
            }
        });
    }
    for key in ["anyOf", "oneOf"] {
        let Some(alts) = node.get(key).and_then(Node::as_seq) else {
            continue;
        };
        let mut nullable = marked;
        let mut kept = Vec::new();
        for (i, alt) in alts.iter().enumerate() {
            let is_null_object = alt.get("$ref").is_none()
                && alt.get("nullable").and_then(Node::as_bool) == Some(true)
                && alt.get("properties").is_none()
                && matches!(
                    alt.get("type").and_then(Node::as_str),
                    None | Some("object")
                );
            if is_null_object {
                nullable = true;
            } else {
                kept.push(type_of(cx, alt, &format!("{pointer}/{key}/{i}"))?);
            }
        }
        // Graph's numbers that may be written as strings or INF/NaN: `number` + `string`
        // + `ReferenceNumeric`.
        let numeric = kept.iter().any(|m| {
            matches!(
                m.type_name.as_str(),
                "Edm.Double" | "Edm.Single" | "Edm.Decimal"
            )
        });
        let mut m = if numeric {
            kept.into_iter()
                .find(|m| m.type_name != "Edm.String")
                .unwrap_or_else(|| Mapped::prim("Double", false))
        } else if kept.len() == 1 {
            kept.remove(0)
        } else {
            Mapped::prim("Untyped", false)
        };
        m.nullable |= nullable;
        return Ok(m);
    }
    let (ty, null_in_type) = match node.get("type") {
        Some(t) => match (t.as_str(), t.as_seq()) {
            (Some(s), _) => (Some(s), false),
            (None, Some(items)) => {
                let names: Vec<&str> = items.iter().filter_map(Node::as_str).collect();
                let null = names.contains(&"null");
                (names.into_iter().find(|n| *n != "null"), null)
            }
            _ => (None, false),
        },
        None => (None, false),
    };
    let nullable = marked || null_in_type;
    let format = node.get("format").and_then(Node::as_str);
    Ok(match ty {
        Some("array") => {
            let inner = match node.get("items") {
                Some(items) => type_of(cx, items, &format!("{pointer}/items"))?,
                None => Mapped::prim("Untyped", false),
            };
            Mapped {
                type_name: format!("Collection({})", inner.type_name),
                nullable: nullable || inner.nullable,
                named: inner.named,
                collection: true,
            }
        }
        Some("boolean") => Mapped::prim("Boolean", nullable),
        Some("string") | Some("number") | Some("integer") => {
            let prim = match format.and_then(format_primitive) {
                Some(p) => p,
                None => match ty {
                    Some("string") => "String",
                    Some("integer") => "Int64",
                    _ => "Double",
                },
            };
            Mapped::prim(prim, nullable)
        }
        _ => Mapped::prim("Untyped", nullable),
    })
}

/// The own parts of a schema, each with its JSON pointer.
type OwnParts<'d> = Vec<(&'d Node, String)>;

/// The own part of a schema: for `allOf: [{$ref: base}, {own}]` the base and the own
/// objects; otherwise the schema itself.
fn split_all_of<'d>(
    cx: &Cx<'d>,
    node: &'d Node,
    pointer: &str,
) -> Result<(Option<(String, Pos)>, OwnParts<'d>)> {
    let Some(parts) = node.get("allOf").and_then(Node::as_seq) else {
        // A schema that is only a `$ref` is the schema it names, with nothing of its own: a
        // type derived from it (a loop of such schemas is then a base-type cycle, which
        // `ir::lower` reports with its position).
        if let Some(target) = cx.local_ref(node, pointer)? {
            let base = schema_name(target).map(|n| (n.to_string(), node.pos));
            return Ok((base, Vec::new()));
        }
        return Ok((None, vec![(node, pointer.to_string())]));
    };
    let mut base = None;
    let mut own = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        let p = format!("{pointer}/allOf/{i}");
        match cx.local_ref(part, &p)? {
            Some(target) if base.is_none() => {
                base = schema_name(target).map(|n| (n.to_string(), part.pos));
            }
            _ => own.push((part, p)),
        }
    }
    Ok((base, own))
}

/// Lowers every component schema into its CSDL type.
pub(super) fn lower_schemas(cx: &mut Cx<'_>) -> Result<Types> {
    let doc = cx.doc;
    let mut types = Types::default();
    let Some(entries) = doc
        .root
        .get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Node::as_map)
    else {
        return Ok(types);
    };
    for (k, v) in entries {
        cx.schemas.insert(k.name.as_str(), v);
    }
    // Pass 1: bases and navigation targets, to tell entity from complex types.
    let mut bases: BTreeMap<String, String> = BTreeMap::new();
    let mut nav_targets: BTreeSet<String> = BTreeSet::new();
    let mut unqualified = Vec::new();
    for (k, v) in entries {
        let name = k.name.as_str();
        if is_converter_schema(name, v) {
            continue;
        }
        if split_qualified(name).is_none() {
            unqualified.push(k);
            continue;
        }
        let pointer = schema_pointer(name);
        let (base, own) = split_all_of(cx, v, &pointer)?;
        if let Some((b, _)) = base {
            bases.insert(name.to_string(), b);
        }
        for (part, ppointer) in own {
            for (pk, pv) in part.get("properties").and_then(Node::as_map).unwrap_or(&[]) {
                if pv.get("x-ms-navigationProperty").and_then(Node::as_bool) == Some(true) {
                    let pp = format!("{ppointer}/properties/{}", pointer_segment(&pk.name));
                    if let Some(t) = type_of(cx, pv, &pp)?.named {
                        nav_targets.insert(t);
                    }
                }
            }
        }
    }
    if let Some(first) = unqualified.first() {
        let (pos, n) = (first.pos, unqualified.len());
        cx.warn(
            pos,
            &schema_pointer(&first.name),
            format!("{n} schema(s) without a namespace (no `.` in the name, e.g. `{}`) are not types of the model; left out", first.name),
        );
    }
    // The root of `name`'s hierarchy; on a base-type cycle (which `ir::lower` reports), the
    // least name on it, so every type of the cycle has the same root and the same kind.
    let root_of = |name: &str| -> String {
        let mut seen = BTreeSet::new();
        let mut cur = name.to_string();
        while let Some(b) = bases.get(&cur) {
            if !seen.insert(cur.clone()) {
                let mut on_cycle = vec![cur.clone()];
                let mut next = b.clone();
                while next != cur {
                    on_cycle.push(next.clone());
                    next = bases.get(&next).cloned().unwrap_or_else(|| cur.clone());
                }
                return on_cycle.into_iter().min().unwrap_or(cur);
            }
            cur = b.clone();
        }
        cur
    };
    // The types of entity sets and singletons are entity types too (Graph's
    // `identityGovernance` is a keyless entity type no navigation property targets).
    for (k, item) in doc.root.get("paths").and_then(Node::as_map).unwrap_or(&[]) {
        let segs = k.name.split('/').skip(1).count();
        let is_root = segs == 1
            || (segs == 2
                && k.name
                    .rsplit('/')
                    .next()
                    .is_some_and(|s| s.starts_with('{')));
        if let Some(get) = item.get("get").filter(|_| is_root) {
            let pointer = format!("#/paths/{}/get", pointer_segment(&k.name));
            if let Some(t) = response_type(cx, get, &pointer)?.and_then(|m| m.named) {
                nav_targets.insert(t);
            }
        }
    }
    // A root with paths below it but no path of its own (`/roleManagement/directory`
    // without `/roleManagement`): the schema named like it.
    let paths: Vec<&str> = doc
        .root
        .get("paths")
        .and_then(Node::as_map)
        .unwrap_or(&[])
        .iter()
        .map(|(k, _)| k.name.as_str())
        .collect();
    for p in &paths {
        let first = p.split('/').nth(1).unwrap_or("");
        if !paths.contains(&format!("/{first}").as_str())
            && let Some(t) = schema_named(cx, first)
        {
            nav_targets.insert(t.to_string());
        }
    }
    let entity_roots: BTreeSet<String> = nav_targets.iter().map(|t| root_of(t)).collect();
    // Pass 2: the types.
    let mut keyed = Vec::new();
    let mut enums = Vec::new();
    for (k, v) in entries {
        let name = k.name.as_str();
        if is_converter_schema(name, v) {
            continue;
        }
        let Some((ns, local)) = split_qualified(name) else {
            continue;
        };
        let pointer = schema_pointer(name);
        let schema = types
            .schemas
            .entry(ns.to_string())
            .or_insert_with(|| csdl::Schema {
                namespace: ns.to_string(),
                pos: k.pos,
                ..csdl::Schema::default()
            });
        if let Some(values) = v.get("enum").and_then(Node::as_seq) {
            schema.enum_types.push(enum_type(v, local, k.pos, values));
            enums.push(name);
            continue;
        }
        let (base, own) = split_all_of(cx, v, &pointer)?;
        let is_object = base.is_some()
            || own.iter().any(|(n, _)| {
                n.get("properties").is_some()
                    || n.get("type").and_then(Node::as_str) == Some("object")
            });
        if !is_object {
            let m = type_of(cx, v, &pointer)?;
            if m.named.is_none() && !m.collection {
                schema.type_definitions.push(csdl::TypeDefinition {
                    name: local.to_string(),
                    pos: k.pos,
                    underlying_type: m.type_name,
                    annotations: description(v.get("description").and_then(Node::as_str), k.pos)
                        .into_iter()
                        .collect(),
                });
                continue;
            }
        }
        // OpenAPI does not carry Abstract. A discriminator that maps values to derived schemas
        // says what Abstract says to graphgen: derived types stand in this type's place, so
        // they are generated with it (for a complex type; see `ir::select`).
        let polymorphic = discriminator_mappings(cx, name, v, &own);
        let root = root_of(name);
        let entity = entity_roots.contains(&root);
        let mut t = csdl::StructuredType {
            name: local.to_string(),
            pos: k.pos,
            is_abstract: polymorphic,
            base_type: base.as_ref().map(|(b, _)| b.clone()),
            ..csdl::StructuredType::default()
        };
        let mut info = StructInfo {
            base: t.base_type.clone(),
            entity,
            ..StructInfo::default()
        };
        let mut doc_text = v.get("description").and_then(Node::as_str);
        for (part, ppointer) in &own {
            doc_text = doc_text.or(part.get("description").and_then(Node::as_str));
            for (pk, pv) in part.get("properties").and_then(Node::as_map).unwrap_or(&[]) {
                // Control information the converter writes into schemas (Kiota's profile
                // declares `@odata.type` on every type): not a property in CSDL, whose names
                // are identifiers; every generated model reads `@odata.type` already.
                if pk.name.starts_with('@') {
                    continue;
                }
                let pp = format!("{ppointer}/properties/{}", pointer_segment(&pk.name));
                let m = type_of(cx, pv, &pp)?;
                let annotations: Vec<csdl::Annotation> =
                    description(pv.get("description").and_then(Node::as_str), pk.pos)
                        .into_iter()
                        .collect();
                let is_nav = pv.get("x-ms-navigationProperty").and_then(Node::as_bool) == Some(true)
                        // A property whose type is an entity type is a navigation property
                        // even without the marker: CSDL's structural properties cannot have
                        // entity types (the PowerShell profile drops the marker on
                        // single-valued ones).
                        || m.named.as_deref().is_some_and(|n| entity_roots.contains(&root_of(n)));
                if is_nav && let Some(target) = &m.named {
                    info.navs
                        .insert(pk.name.clone(), (target.clone(), m.collection));
                    t.navigation_properties.push(csdl::NavigationProperty {
                        name: pk.name.clone(),
                        pos: pk.pos,
                        type_name: m.type_name,
                        nullable: (!m.collection).then_some(m.nullable),
                        annotations,
                        ..csdl::NavigationProperty::default()
                    });
                } else {
                    info.props.insert(pk.name.clone());
                    t.properties.push(csdl::Property {
                        name: pk.name.clone(),
                        pos: pk.pos,
                        type_name: m.type_name,
                        nullable: Some(m.nullable),
                        annotations,
                        ..csdl::Property::default()
                    });
                }
            }
        }
        t.annotations.extend(description(doc_text, k.pos));
        if entity && base.is_none() {
            keyed.push((name, t.properties.iter().any(|p| p.name == "id")));
            if t.properties.iter().any(|p| p.name == "id") {
                t.key = Some(vec![csdl::PropertyRef {
                    name: "id".to_string(),
                    alias: None,
                    pos: k.pos,
                }]);
            }
        }
        types.structs.insert(name.to_string(), info);
        if entity {
            schema.entity_types.push(t);
        } else {
            schema.complex_types.push(t);
        }
    }
    types.keyless = keyed
        .iter()
        .filter(|(_, id)| !id)
        .map(|(n, _)| n.to_string())
        .collect();
    fallback_warnings(cx, &keyed, &enums, &types);
    Ok(types)
}

/// Whether the `discriminator.mapping` of `name` maps values to other schemas of the
/// document: the schema says derived types stand in its place. Warns once for `name` when the
/// mapping names schemas the document does not contain (a cut-down document, like the Kiota
/// subset): those derived types are simply absent.
fn discriminator_mappings(cx: &mut Cx<'_>, name: &str, v: &Node, own: &[(&Node, String)]) -> bool {
    let mut polymorphic = false;
    let mut missing = Vec::new();
    let mut odd = Vec::new();
    let mut at = None;
    let whole = (v, schema_pointer(name));
    for (part, pointer) in
        std::iter::once(&whole).chain(own.iter().filter(|(n, _)| !std::ptr::eq(*n, v)))
    {
        let Some(mapping) = part.get("discriminator").and_then(|d| d.get("mapping")) else {
            continue;
        };
        at.get_or_insert((mapping.pos, format!("{pointer}/discriminator/mapping")));
        for (value, target) in mapping.as_map().unwrap_or(&[]) {
            let Some(t) = target.as_str() else { continue };
            let target = t.strip_prefix("#/components/schemas/");
            let known = target.is_some_and(|n| cx.schemas.contains_key(n));
            polymorphic |= known && target != Some(name);
            if !known && !missing.contains(&t) {
                missing.push(t);
            }
            // `@odata.type` is matched by the type's qualified name, as CSDL's is: a mapping
            // value that says otherwise is not what the service sends.
            if let Some(n) = target.filter(|_| known)
                && value.name.trim_start_matches('#') != n
            {
                odd.push((value.pos, value.name.clone(), n.to_owned()));
            }
        }
    }
    for (pos, value, n) in odd {
        let pointer = format!("{}/discriminator/mapping", schema_pointer(name));
        cx.warn(
            pos,
            &pointer,
            format!(
                "the discriminator value `{value}` is not `#{n}`: graphgen reads `@odata.type` \
                 by the type's qualified name, as in CSDL, so `{value}` is not recognized"
            ),
        );
    }
    if let (Some((pos, pointer)), Some(first)) = (at, missing.first()) {
        let message = format!(
            "the discriminator mapping names {} schema(s) the document does not contain (e.g. `{first}`); those derived types are left out",
            missing.len()
        );
        cx.warn(pos, &pointer, message);
    }
    polymorphic
}

/// The first schema (by name) whose unqualified name is `local`: the type of a root that
/// has no path of its own.
pub(super) fn schema_named<'d>(cx: &Cx<'d>, local: &str) -> Option<&'d str> {
    cx.schemas
        .keys()
        .copied()
        .find(|n| split_qualified(n).is_some_and(|(_, l)| l == local))
}

/// An enum schema → an `EnumType`: members in order, values 0, 1, 2… (or 1, 2, 4… for
/// `x-ms-enum-flags`), descriptions from `x-ms-enum`.
fn enum_type(v: &Node, local: &str, pos: Pos, values: &[Node]) -> csdl::EnumType {
    let is_flags = v
        .get("x-ms-enum-flags")
        .and_then(|f| f.get("isFlags"))
        .and_then(Node::as_bool)
        == Some(true);
    let docs: BTreeMap<&str, &str> = v
        .get("x-ms-enum")
        .and_then(|e| e.get("values"))
        .and_then(Node::as_seq)
        .unwrap_or(&[])
        .iter()
        .filter_map(|e| Some((e.get("value")?.as_str()?, e.get("description")?.as_str()?)))
        .collect();
    let members = values
        .iter()
        .filter_map(|m| m.as_str().map(|s| (s, m.pos)))
        .enumerate()
        .map(|(i, (name, mpos))| csdl::EnumMember {
            name: name.to_string(),
            pos: mpos,
            value: Some(if is_flags {
                1i64.checked_shl(i as u32).unwrap_or(0)
            } else {
                i as i64
            }),
            annotations: description(docs.get(name).copied(), mpos)
                .into_iter()
                .collect(),
        })
        .collect();
    csdl::EnumType {
        name: local.to_string(),
        pos,
        underlying_type: None,
        is_flags,
        members,
        annotations: description(v.get("description").and_then(Node::as_str), pos)
            .into_iter()
            .collect(),
    }
}

/// One warning per fallback kind, located at its first use, with how many it applied to.
fn fallback_warnings(cx: &mut Cx<'_>, keyed: &[(&str, bool)], enums: &[&str], types: &Types) {
    let with_id: Vec<&str> = keyed
        .iter()
        .filter(|(_, id)| *id)
        .map(|(n, _)| *n)
        .collect();
    if let Some(first) = with_id.first() {
        let pos = cx.schemas.get(first).map_or(Pos::default(), |n| n.pos);
        cx.warn(pos, &schema_pointer(first), format!("OpenAPI does not carry key property names: the root entity type of {} hierarch{} was given the key `id` (e.g. `{first}`)", with_id.len(), if with_id.len() == 1 { "y" } else { "ies" }));
    }
    if let Some(first) = enums.first() {
        let pos = cx.schemas.get(first).map_or(Pos::default(), |n| n.pos);
        cx.warn(pos, &schema_pointer(first), format!("OpenAPI does not carry enum member values: the members of {} enum type(s) were numbered in order (0, 1, 2…, or 1, 2, 4… for flags) (e.g. `{first}`)", enums.len()));
    }
    if let Some(first) = types.structs.keys().next() {
        let pos = cx
            .schemas
            .get(first.as_str())
            .map_or(Pos::default(), |n| n.pos);
        cx.warn(pos, &schema_pointer(first), format!("OpenAPI does not carry Abstract or OpenType: of the {} structured type(s), those whose discriminator maps to derived schemas are read as abstract, and none is open", types.structs.len()));
    }
}

/// The item type of a response (`*CollectionResponse` → its `value` items, as a collection).
pub(super) fn response_type(cx: &Cx<'_>, op: &Node, pointer: &str) -> Result<Option<Mapped>> {
    let Some(responses) = op.get("responses") else {
        return Ok(None);
    };
    for code in ["200", "201", "2XX"] {
        let Some(r) = responses.get(code) else {
            continue;
        };
        let rp = format!("{pointer}/responses/{code}");
        let r = cx.deref(r, &rp)?;
        let Some(schema) = r
            .get("content")
            .and_then(|c| c.get("application/json"))
            .and_then(|c| c.get("schema"))
        else {
            return Ok(None);
        };
        let schema = match cx.local_ref(schema, &rp)? {
            Some(t)
                if t.strip_prefix("#/components/schemas/").is_some_and(|n| {
                    cx.schemas.get(n).is_some_and(|s| is_converter_schema(n, s))
                }) =>
            {
                cx.deref(schema, &rp)?
            }
            _ => schema,
        };
        if let Some(items) = schema.get("properties").and_then(|p| p.get("value"))
            && schema
                .get("properties")
                .and_then(|p| p.get("@odata.nextLink"))
                .is_some()
        {
            return type_of(cx, items, &rp).map(Some);
        }
        return type_of(cx, schema, &rp).map(Some);
    }
    Ok(None)
}
