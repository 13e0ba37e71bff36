//! Lowering: syntax trees in, a resolved [`Model`] out.
//!
//! Resolves qualified and aliased names, base types (rejecting cycles), property and
//! navigation types, keys, operation bindings, entity container members, and the
//! annotations that drive output (inline and out-of-line). Every Rust name is chosen here,
//! through [`crate::naming`], and kept beside its wire name.

use std::collections::BTreeMap;

use crate::csdl::syntax::{Annotation, Document, Pos, StructuredType};
use crate::error::{Diagnostic, Error, Result};
use crate::naming::{self, Namer};

use super::capabilities::{self as caps, Resolved};
use super::{
    AlternateKey, AlternateKeyPart, Binding, Capabilities, EnumDef, EnumMember, Field, Model, Name,
    Namespace, Navigation, OpId, Operation, Param, Primitive, ReturnType, Root, RootKind,
    StructDef, TypeDef, TypeId, TypeKind, TypeRef,
};

/// Field names the emitter adds to every struct; metadata properties never take them.
pub const RESERVED_FIELDS: &[&str] = &["odata_type", "additional_data"];
/// Method names on builders that operations and navigation properties must not take.
pub const RESERVED_METHODS: &[&str] = &[
    "new",
    "request_target",
    "get",
    "patch",
    "put",
    "delete",
    "list",
    "post",
    "count",
    "refs",
    "by_id",
];
/// The name of the fallback variant the emitter adds to every enum.
pub const ENUM_FALLBACK: &str = "Unrecognized";

/// An alternate key as read from `Core.AlternateKeys`: `(alias, property)` pairs.
type AltKeySpec = Vec<(String, String)>;

/// Where a syntax node is: which document and position, with its element path.
#[derive(Debug, Clone)]
struct Loc {
    doc: usize,
    pos: Pos,
    element: String,
}

struct Lowerer<'d> {
    docs: &'d [Document],
    /// Alias or namespace -> namespace.
    aliases: BTreeMap<String, String>,
    /// Out-of-line annotations by normalized target, with their document index.
    out_of_line: BTreeMap<String, Vec<(usize, &'d Annotation)>>,
    /// Source location of each type, by id.
    type_locs: Vec<Loc>,
    /// Alternate keys read from annotations, resolved once all fields are known.
    pending_alt: Vec<(TypeId, Loc, Vec<AltKeySpec>)>,
    /// `Key` elements as written, by type.
    syntax_keys: BTreeMap<TypeId, &'d [crate::csdl::syntax::PropertyRef]>,
    model: Model,
}

/// Lowers parsed documents (merged, in order) into a [`Model`].
pub fn lower(docs: &[Document]) -> Result<Model> {
    let mut l = Lowerer {
        docs,
        aliases: BTreeMap::new(),
        out_of_line: BTreeMap::new(),
        type_locs: Vec::new(),
        pending_alt: Vec::new(),
        syntax_keys: BTreeMap::new(),
        model: Model::default(),
    };
    l.namespaces();
    l.register_types()?;
    l.collect_out_of_line();
    l.structs()?;
    l.enums_and_definitions()?;
    l.operations()?;
    l.roots()?;
    l.warn_unused_targets();
    Ok(l.model)
}

fn schema_path(ns: &str) -> String {
    format!("Schema({ns})")
}

impl<'d> Lowerer<'d> {
    fn error(&self, loc: &Loc, message: impl Into<String>) -> Error {
        let d = &self.docs[loc.doc];
        Diagnostic::new(&d.path, &d.source, loc.pos, loc.element.clone(), message).into()
    }

    fn warn(&mut self, loc: &Loc, message: impl Into<String>) {
        let d = &self.docs[loc.doc];
        let diag = Diagnostic::new(&d.path, &d.source, loc.pos, loc.element.clone(), message);
        self.model.warnings.push(diag);
    }

    fn namespaces(&mut self) {
        for (ns, alias) in caps::KNOWN_VOCABULARIES {
            self.aliases.insert((*ns).to_string(), (*ns).to_string());
            self.aliases.insert((*alias).to_string(), (*ns).to_string());
        }
        for doc in self.docs {
            for r in &doc.references {
                for inc in &r.includes {
                    self.aliases
                        .insert(inc.namespace.clone(), inc.namespace.clone());
                    if let Some(a) = &inc.alias {
                        self.aliases.insert(a.clone(), inc.namespace.clone());
                    }
                }
            }
        }
        let main = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .find(|s| !s.containers.is_empty())
            .or_else(|| self.docs.iter().flat_map(|d| &d.schemas).next())
            .map(|s| s.namespace.clone())
            .unwrap_or_default();
        for doc in self.docs {
            for s in &doc.schemas {
                self.aliases
                    .insert(s.namespace.clone(), s.namespace.clone());
                if let Some(a) = &s.alias {
                    self.aliases.insert(a.clone(), s.namespace.clone());
                }
                let module = if s.namespace == main {
                    Vec::new()
                } else {
                    let rest = s
                        .namespace
                        .strip_prefix(&format!("{main}."))
                        .unwrap_or(&s.namespace);
                    rest.split('.').map(naming::module_name).collect()
                };
                self.model
                    .namespaces
                    .entry(s.namespace.clone())
                    .or_insert_with(|| Namespace {
                        name: s.namespace.clone(),
                        alias: s.alias.clone(),
                        module,
                    });
            }
        }
    }

    /// `graph.accessPackage` or `microsoft.graph.accessPackage` -> `microsoft.graph.accessPackage`.
    fn qualify(&self, name: &str) -> String {
        match name.rsplit_once('.') {
            Some((ns, local)) => match self.aliases.get(ns) {
                Some(full) => format!("{full}.{local}"),
                None => name.to_string(),
            },
            None => name.to_string(),
        }
    }

    fn resolve_type(&self, written: &str) -> std::result::Result<TypeRef, String> {
        let written = written.trim();
        if let Some(inner) = written
            .strip_prefix("Collection(")
            .and_then(|r| r.strip_suffix(')'))
        {
            let inner = self.resolve_type(inner)?;
            if matches!(inner, TypeRef::Collection(_)) {
                return Err(format!("nested collection type `{written}`"));
            }
            return Ok(TypeRef::Collection(Box::new(inner)));
        }
        if let Some(p) = written.strip_prefix("Edm.") {
            return Primitive::from_edm(p)
                .map(TypeRef::Primitive)
                .ok_or_else(|| format!("unknown primitive type `{written}`"));
        }
        let q = self.qualify(written);
        self.model
            .type_index
            .get(&q)
            .map(|&id| TypeRef::Named(id))
            .ok_or_else(|| format!("unknown type `{written}`"))
    }

    fn resolved<'a>(&self, a: &'a Annotation) -> (String, &'a Annotation) {
        (self.qualify(&a.term), a)
    }

    /// Inline annotations plus out-of-line ones for `target` (consumed).
    fn annotations_for(
        &mut self,
        inline: &'d [Annotation],
        target: &str,
    ) -> Vec<(String, &'d Annotation)> {
        let mut out: Vec<_> = inline.iter().map(|a| self.resolved(a)).collect();
        if let Some(extra) = self.out_of_line.remove(target) {
            out.extend(extra.into_iter().map(|(_, a)| self.resolved(a)));
        }
        out
    }

    fn register_types(&mut self) -> Result<()> {
        let mut namers: BTreeMap<String, Namer> = BTreeMap::new();
        let mut first_seen: BTreeMap<String, Loc> = BTreeMap::new();
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                let entries = s
                    .entity_types
                    .iter()
                    .map(|t| ("EntityType", &t.name, t.pos))
                    .chain(
                        s.complex_types
                            .iter()
                            .map(|t| ("ComplexType", &t.name, t.pos)),
                    )
                    .chain(s.enum_types.iter().map(|t| ("EnumType", &t.name, t.pos)))
                    .chain(
                        s.type_definitions
                            .iter()
                            .map(|t| ("TypeDefinition", &t.name, t.pos)),
                    );
                for (kind, name, pos) in entries {
                    let loc = Loc {
                        doc: di,
                        pos,
                        element: format!("{}/{kind}({name})", schema_path(&s.namespace)),
                    };
                    let qualified = format!("{}.{name}", s.namespace);
                    if let Some(first) = first_seen.get(&qualified) {
                        let fd = &self.docs[first.doc];
                        return Err(self.error(
                            &loc,
                            format!(
                                "duplicate type name `{qualified}` (first defined at {}:{}:{})",
                                fd.path.display(),
                                first.pos.line,
                                first.pos.col
                            ),
                        ));
                    }
                    first_seen.insert(qualified.clone(), loc.clone());
                    let rust = namers
                        .entry(s.namespace.clone())
                        .or_default()
                        .claim(naming::type_name(name));
                    let id = TypeId(self.model.types.len() as u32);
                    self.model.type_index.insert(qualified.clone(), id);
                    self.model.types.push(TypeDef {
                        id,
                        namespace: s.namespace.clone(),
                        name: Name {
                            wire: name.clone(),
                            rust,
                        },
                        qualified,
                        doc: None,
                        kind: TypeKind::Definition(Primitive::Untyped),
                    });
                    self.type_locs.push(loc);
                }
            }
        }
        Ok(())
    }

    fn collect_out_of_line(&mut self) {
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for block in &s.annotations {
                    let target = self.normalize_target(&block.target);
                    let entry = self.out_of_line.entry(target).or_default();
                    entry.extend(block.annotations.iter().map(|a| (di, a)));
                }
            }
        }
    }

    fn normalize_target(&self, target: &str) -> String {
        let (head, rest) = match target.find('/') {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        let (head, sig) = match head.find('(') {
            Some(i) => (&head[..i], &head[i..]),
            None => (head, ""),
        };
        format!("{}{sig}{rest}", self.qualify(head))
    }

    fn struct_types(&self) -> Vec<(usize, &'d str, &'d StructuredType, bool)> {
        let mut out = Vec::new();
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for t in &s.entity_types {
                    out.push((di, s.namespace.as_str(), t, true));
                }
                for t in &s.complex_types {
                    out.push((di, s.namespace.as_str(), t, false));
                }
            }
        }
        out
    }

    fn structs(&mut self) -> Result<()> {
        let all = self.struct_types();
        // Bodies without Rust field names yet.
        let mut pending: Vec<(TypeId, Loc, &'d StructuredType)> = Vec::new();
        let struct_kinds: BTreeMap<String, bool> = all
            .iter()
            .map(|&(_, ns, t, e)| (format!("{ns}.{}", t.name), e))
            .collect();
        for &(di, ns, t, is_entity) in &all {
            let id = self.model.type_index[&format!("{ns}.{}", t.name)];
            if let Some(k) = &t.key {
                self.syntax_keys.insert(id, k.as_slice());
            }
            let kind_name = if is_entity {
                "EntityType"
            } else {
                "ComplexType"
            };
            let loc = Loc {
                doc: di,
                pos: t.pos,
                element: format!("{}/{kind_name}({})", schema_path(ns), t.name),
            };
            let mut def = StructDef {
                is_abstract: t.is_abstract,
                open: t.open_type,
                has_stream: t.has_stream,
                ..StructDef::default()
            };
            if let Some(b) = &t.base_type {
                let base = match self.resolve_type(b) {
                    Ok(TypeRef::Named(id)) => id,
                    Ok(_) => {
                        return Err(
                            self.error(&loc, format!("base type `{b}` is not a structured type"))
                        );
                    }
                    Err(e) => return Err(self.error(&loc, format!("base type: {e}"))),
                };
                let ok = struct_kinds.get(&self.model.ty(base).qualified) == Some(&is_entity);
                if !ok {
                    return Err(self.error(&loc, format!("base type `{b}` is not a {kind_name}")));
                }
                def.base = Some(base);
            }
            let qualified = format!("{ns}.{}", t.name);
            let mut seen = BTreeMap::new();
            for p in &t.properties {
                let ploc = Loc {
                    doc: di,
                    pos: p.pos,
                    element: format!("{}/Property({})", loc.element, p.name),
                };
                if seen.insert(p.name.clone(), ()).is_some() {
                    return Err(self.error(&ploc, format!("duplicate property `{}`", p.name)));
                }
                let ty = self
                    .resolve_type(&p.type_name)
                    .map_err(|e| self.error(&ploc, e))?;
                let target = format!("{qualified}/{}", p.name);
                let anns = self.annotations_for(&p.annotations, &target);
                def.fields.push(Field {
                    name: Name {
                        wire: p.name.clone(),
                        rust: String::new(),
                    },
                    ty,
                    nullable: p.nullable.unwrap_or(true),
                    doc: caps::description(anns.iter().map(|(t, a)| Resolved {
                        term: t,
                        annotation: a,
                    })),
                });
            }
            for n in &t.navigation_properties {
                let nloc = Loc {
                    doc: di,
                    pos: n.pos,
                    element: format!("{}/NavigationProperty({})", loc.element, n.name),
                };
                if seen.insert(n.name.clone(), ()).is_some() {
                    return Err(self.error(&nloc, format!("duplicate property `{}`", n.name)));
                }
                let ty = self
                    .resolve_type(&n.type_name)
                    .map_err(|e| self.error(&nloc, e))?;
                let (collection, target) = match ty {
                    TypeRef::Named(t) => (false, t),
                    TypeRef::Collection(inner) => match *inner {
                        TypeRef::Named(t) => (true, t),
                        _ => {
                            return Err(self
                                .error(&nloc, "navigation property type must be an entity type"));
                        }
                    },
                    TypeRef::Primitive(_) => {
                        return Err(
                            self.error(&nloc, "navigation property type must be an entity type")
                        );
                    }
                };
                let is_entity_target =
                    struct_kinds.get(&self.model.ty(target).qualified) == Some(&true);
                if !is_entity_target {
                    return Err(self.error(
                        &nloc,
                        format!(
                            "navigation property type `{}` is not an entity type",
                            n.type_name
                        ),
                    ));
                }
                let tgt = format!("{qualified}/{}", n.name);
                let anns = self.annotations_for(&n.annotations, &tgt);
                let mut c = Capabilities::default();
                for (term, a) in &anns {
                    caps::apply(
                        &mut c,
                        Resolved {
                            term,
                            annotation: a,
                        },
                    );
                }
                def.navigations.push(Navigation {
                    name: Name {
                        wire: n.name.clone(),
                        rust: String::new(),
                    },
                    target,
                    collection,
                    contains_target: n.contains_target,
                    nullable: n.nullable.unwrap_or(true),
                    doc: caps::description(anns.iter().map(|(t, a)| Resolved {
                        term: t,
                        annotation: a,
                    })),
                    caps: c,
                });
            }
            let anns = self.annotations_for(&t.annotations, &qualified);
            self.model.types[id.0 as usize].doc =
                caps::description(anns.iter().map(|(t, a)| Resolved {
                    term: t,
                    annotation: a,
                }));
            // Alternate keys are resolved once fields are known (below).
            let alt: Vec<AltKeySpec> = anns
                .iter()
                .flat_map(|(t, a)| {
                    caps::alternate_keys(Resolved {
                        term: t,
                        annotation: a,
                    })
                })
                .collect();
            self.model.types[id.0 as usize].kind = if is_entity {
                TypeKind::Entity(def)
            } else {
                TypeKind::Complex(def)
            };
            self.pending_alt.push((id, loc.clone(), alt));
            pending.push((id, loc, t));
        }
        self.check_base_cycles(&pending)?;
        for (id, _, _) in &pending {
            if let Some(base) = self.model.struct_def(*id).and_then(|s| s.base)
                && let Some(b) = self.struct_mut(base)
            {
                b.derived.push(*id);
            }
        }
        // Base types first, so inherited names are final when a derived type is named.
        pending.sort_by_key(|(id, _, _)| self.model.base_chain(*id).len());
        for (id, loc, t) in &pending {
            self.name_members(*id, loc);
            self.keys(*id, loc, t)?;
        }
        let alts = std::mem::take(&mut self.pending_alt);
        for (id, loc, alt) in alts {
            self.alternate_keys(id, &loc, alt);
        }
        Ok(())
    }

    fn struct_mut(&mut self, id: TypeId) -> Option<&mut StructDef> {
        match &mut self.model.types[id.0 as usize].kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }

    fn check_base_cycles(&self, pending: &[(TypeId, Loc, &StructuredType)]) -> Result<()> {
        // 0 = unvisited, 1 = on the current chain, 2 = known acyclic. Linear overall.
        let mut state = vec![0u8; self.model.types.len()];
        for (id, loc, _) in pending {
            let mut chain = Vec::new();
            let mut cur = Some(*id);
            while let Some(t) = cur {
                match state[t.0 as usize] {
                    2 => break,
                    1 => {
                        chain.push(t);
                        let start = chain.iter().position(|c| *c == t).unwrap_or(0);
                        let names: Vec<&str> = chain[start..]
                            .iter()
                            .map(|t| self.model.ty(*t).name.wire.as_str())
                            .collect();
                        return Err(
                            self.error(loc, format!("cyclic base type: {}", names.join(" -> ")))
                        );
                    }
                    _ => {}
                }
                state[t.0 as usize] = 1;
                chain.push(t);
                cur = self.model.struct_def(t).and_then(|s| s.base);
            }
            for t in chain {
                state[t.0 as usize] = 2;
            }
        }
        Ok(())
    }

    /// Chooses Rust names for the fields and navigation properties declared on `id`,
    /// unique among everything the type inherits.
    fn name_members(&mut self, id: TypeId, loc: &Loc) {
        let mut chain = self.model.base_chain(id);
        chain.reverse();
        let mut namer = Namer::with_reserved(RESERVED_FIELDS);
        let mut inherited_wire = BTreeMap::new();
        for &t in &chain {
            let own = t == id;
            let Some(def) = self.model.struct_def(t) else {
                continue;
            };
            let mut names = Vec::new();
            let mut dropped = Vec::new();
            for (i, wire) in def
                .fields
                .iter()
                .map(|f| f.name.wire.clone())
                .chain(def.navigations.iter().map(|n| n.name.wire.clone()))
                .enumerate()
            {
                if own && inherited_wire.contains_key(&wire) {
                    dropped.push(i);
                    continue;
                }
                inherited_wire.insert(wire.clone(), ());
                names.push((i, namer.claim(naming::field_name(&wire))));
            }
            if !own {
                continue;
            }
            if !dropped.is_empty() {
                self.warn(
                    loc,
                    "a property redefines one of a base type; the base type's is kept",
                );
            }
            let nfields = self.model.struct_def(id).map_or(0, |d| d.fields.len());
            let def = self.struct_mut(id).expect("struct type");
            for (i, rust) in names {
                if i < nfields {
                    def.fields[i].name.rust = rust;
                } else {
                    def.navigations[i - nfields].name.rust = rust;
                }
            }
            let mut i = 0;
            def.fields.retain(|_| {
                i += 1;
                !dropped.contains(&(i - 1))
            });
            let mut j = nfields;
            def.navigations.retain(|_| {
                j += 1;
                !dropped.contains(&(j - 1))
            });
        }
    }

    fn keys(&mut self, id: TypeId, loc: &Loc, t: &StructuredType) -> Result<()> {
        if !matches!(self.model.ty(id).kind, TypeKind::Entity(_)) {
            return Ok(());
        }
        // Own key, else the nearest base type's.
        let mut key = None;
        for b in self.model.base_chain(id) {
            if let Some(k) = self.syntax_key(b) {
                key = Some(k);
                break;
            }
        }
        let key: Vec<String> = key.unwrap_or_default();
        let fields: Vec<String> = self
            .model
            .all_fields(id)
            .iter()
            .map(|f| f.name.wire.clone())
            .collect();
        if let Some(k) = key.iter().find(|k| !fields.contains(k)) {
            let kloc = t
                .key
                .as_ref()
                .and_then(|refs| refs.iter().find(|r| &r.name == k))
                .map_or(loc.clone(), |r| Loc {
                    doc: loc.doc,
                    pos: r.pos,
                    element: format!("{}/Key/PropertyRef({k})", loc.element),
                });
            return Err(self.error(&kloc, format!("key property `{k}` does not exist")));
        }
        if let Some(def) = self.struct_mut(id) {
            def.key = key;
        }
        Ok(())
    }

    fn syntax_key(&self, id: TypeId) -> Option<Vec<String>> {
        self.syntax_keys
            .get(&id)
            .map(|refs| refs.iter().map(|r| r.name.clone()).collect())
    }

    fn alternate_keys(&mut self, id: TypeId, loc: &Loc, alt: Vec<AltKeySpec>) {
        let fields: Vec<(String, TypeRef)> = self
            .model
            .all_fields(id)
            .iter()
            .map(|f| (f.name.wire.clone(), f.ty.clone()))
            .collect();
        let mut keys = Vec::new();
        for k in alt {
            let mut parts = Vec::new();
            let mut ok = true;
            for (alias, prop) in &k {
                match fields.iter().find(|(w, _)| w == prop) {
                    Some((_, ty)) => parts.push(AlternateKeyPart {
                        alias: Name {
                            wire: alias.clone(),
                            rust: naming::field_name(alias),
                        },
                        ty: ty.clone(),
                    }),
                    None => {
                        ok = false;
                        self.warn(
                            loc,
                            format!("alternate key names property `{prop}`, which does not exist; the key is ignored"),
                        );
                    }
                }
            }
            if ok && !parts.is_empty() {
                keys.push(AlternateKey { parts });
            }
        }
        if let Some(def) = self.struct_mut(id) {
            def.alternate_keys = keys;
        }
    }

    fn enums_and_definitions(&mut self) -> Result<()> {
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for e in &s.enum_types {
                    let q = format!("{}.{}", s.namespace, e.name);
                    let id = self.model.type_index[&q];
                    let loc = Loc {
                        doc: di,
                        pos: e.pos,
                        element: format!("{}/EnumType({})", schema_path(&s.namespace), e.name),
                    };
                    let underlying = match e.underlying_type.as_deref() {
                        None => Primitive::Int32,
                        Some(u) => match u.strip_prefix("Edm.").and_then(Primitive::from_edm) {
                            Some(
                                p @ (Primitive::Byte
                                | Primitive::SByte
                                | Primitive::Int16
                                | Primitive::Int32
                                | Primitive::Int64),
                            ) => p,
                            _ => {
                                return Err(self.error(
                                    &loc,
                                    format!("enum underlying type `{u}` is not an integer type"),
                                ));
                            }
                        },
                    };
                    let mut namer = Namer::with_reserved(&[ENUM_FALLBACK]);
                    let mut members: Vec<EnumMember> = Vec::new();
                    let mut next = 0i64;
                    for m in &e.members {
                        let mloc = Loc {
                            doc: di,
                            pos: m.pos,
                            element: format!("{}/Member({})", loc.element, m.name),
                        };
                        if members.iter().any(|x| x.name.wire == m.name) {
                            return Err(
                                self.error(&mloc, format!("duplicate enum member `{}`", m.name))
                            );
                        }
                        let value = m.value.unwrap_or(next);
                        next = value.wrapping_add(1);
                        let target = format!("{q}/{}", m.name);
                        let anns = self.annotations_for(&m.annotations, &target);
                        members.push(EnumMember {
                            name: Name {
                                wire: m.name.clone(),
                                rust: namer.claim(naming::variant_name(&m.name)),
                            },
                            value,
                            doc: caps::description(anns.iter().map(|(t, a)| Resolved {
                                term: t,
                                annotation: a,
                            })),
                        });
                    }
                    let anns = self.annotations_for(&e.annotations, &q);
                    let t = &mut self.model.types[id.0 as usize];
                    t.doc = caps::description(anns.iter().map(|(t, a)| Resolved {
                        term: t,
                        annotation: a,
                    }));
                    t.kind = TypeKind::Enum(EnumDef {
                        underlying,
                        is_flags: e.is_flags,
                        members,
                    });
                }
                for d in &s.type_definitions {
                    let q = format!("{}.{}", s.namespace, d.name);
                    let id = self.model.type_index[&q];
                    let loc = Loc {
                        doc: di,
                        pos: d.pos,
                        element: format!(
                            "{}/TypeDefinition({})",
                            schema_path(&s.namespace),
                            d.name
                        ),
                    };
                    let p = d
                        .underlying_type
                        .strip_prefix("Edm.")
                        .and_then(Primitive::from_edm)
                        .ok_or_else(|| {
                            self.error(
                                &loc,
                                format!(
                                    "underlying type `{}` is not a primitive type",
                                    d.underlying_type
                                ),
                            )
                        })?;
                    let anns = self.annotations_for(&d.annotations, &q);
                    let t = &mut self.model.types[id.0 as usize];
                    t.doc = caps::description(anns.iter().map(|(t, a)| Resolved {
                        term: t,
                        annotation: a,
                    }));
                    t.kind = TypeKind::Definition(p);
                }
            }
        }
        Ok(())
    }

    fn operations(&mut self) -> Result<()> {
        // (binding scope, wire name) -> number of operations already named.
        let mut namers: BTreeMap<Option<Binding>, Namer> = BTreeMap::new();
        let mut seen: BTreeMap<(Option<Binding>, String), Vec<crate::csdl::syntax::OperationKind>> =
            BTreeMap::new();
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for op in &s.operations {
                    let kind_name = match op.kind {
                        crate::csdl::syntax::OperationKind::Action => "Action",
                        crate::csdl::syntax::OperationKind::Function => "Function",
                    };
                    let loc = Loc {
                        doc: di,
                        pos: op.pos,
                        element: format!("{}/{kind_name}({})", schema_path(&s.namespace), op.name),
                    };
                    let mut params = op.parameters.iter();
                    let binding = if op.is_bound {
                        let Some(b) = params.next() else {
                            return Err(
                                self.error(&loc, "bound operation has no binding parameter")
                            );
                        };
                        let bloc = Loc {
                            doc: di,
                            pos: b.pos,
                            element: format!("{}/Parameter({})", loc.element, b.name),
                        };
                        match self
                            .resolve_type(&b.type_name)
                            .map_err(|e| self.error(&bloc, e))?
                        {
                            TypeRef::Named(ty) => Some(Binding {
                                ty,
                                collection: false,
                            }),
                            TypeRef::Collection(inner) => match *inner {
                                TypeRef::Named(ty) => Some(Binding {
                                    ty,
                                    collection: true,
                                }),
                                TypeRef::Primitive(_) | TypeRef::Collection(_) => None,
                            },
                            TypeRef::Primitive(_) => None,
                        }
                    } else {
                        None
                    };
                    let mut pnamer = Namer::new();
                    let mut ps = Vec::new();
                    for p in params {
                        let ploc = Loc {
                            doc: di,
                            pos: p.pos,
                            element: format!("{}/Parameter({})", loc.element, p.name),
                        };
                        let ty = self
                            .resolve_type(&p.type_name)
                            .map_err(|e| self.error(&ploc, e))?;
                        let optional = p.annotations.iter().any(|a| {
                            let (t, a) = self.resolved(a);
                            caps::is_optional_parameter(Resolved {
                                term: &t,
                                annotation: a,
                            })
                        });
                        ps.push(Param {
                            name: Name {
                                wire: p.name.clone(),
                                rust: pnamer.claim(naming::field_name(&p.name)),
                            },
                            ty,
                            nullable: p.nullable.unwrap_or(true),
                            optional,
                        });
                    }
                    let returns = match &op.return_type {
                        Some(r) => {
                            let rloc = Loc {
                                doc: di,
                                pos: r.pos,
                                element: format!("{}/ReturnType", loc.element),
                            };
                            Some(ReturnType {
                                ty: self
                                    .resolve_type(&r.type_name)
                                    .map_err(|e| self.error(&rloc, e))?,
                                nullable: r.nullable.unwrap_or(true),
                            })
                        }
                        None => None,
                    };
                    // Overloads and action/function pairs of one name on one binding get
                    // distinguishing suffixes; the wire name is unchanged.
                    let key = (binding, op.name.clone());
                    let prior = seen.entry(key).or_default();
                    let mut stem = naming::method_name(&op.name);
                    if prior.contains(&op.kind) {
                        let names: Vec<String> = ps
                            .iter()
                            .map(|p| naming::unraw(&p.name.rust).to_string())
                            .collect();
                        stem = if names.is_empty() {
                            format!("{stem}_without_parameters")
                        } else {
                            format!("{stem}_with_{}", names.join("_"))
                        };
                    } else if !prior.is_empty() {
                        stem = format!("{stem}_{}", kind_name.to_lowercase());
                    }
                    prior.push(op.kind);
                    let rust = namers
                        .entry(binding)
                        .or_insert_with(|| Namer::with_reserved(RESERVED_METHODS))
                        .claim(stem);
                    let target = format!("{}.{}", s.namespace, op.name);
                    let mut anns: Vec<(String, &Annotation)> =
                        op.annotations.iter().map(|a| self.resolved(a)).collect();
                    // Out-of-line annotations may target the operation by name or by overload
                    // signature; both are consumed.
                    let sig_keys: Vec<String> = self
                        .out_of_line
                        .range(target.clone()..)
                        .map(|(k, _)| k)
                        .take_while(|k| k.starts_with(&target))
                        .filter(|k| k.len() == target.len() || k[target.len()..].starts_with('('))
                        .filter(|k| !k[target.len()..].contains('/'))
                        .cloned()
                        .collect();
                    for k in sig_keys {
                        if let Some(v) = self.out_of_line.remove(&k) {
                            anns.extend(v.into_iter().map(|(_, a)| self.resolved(a)));
                        }
                    }
                    let id = OpId(self.model.operations.len() as u32);
                    self.model.operations.push(Operation {
                        id,
                        kind: op.kind,
                        namespace: s.namespace.clone(),
                        name: Name {
                            wire: op.name.clone(),
                            rust,
                        },
                        binding,
                        params: ps,
                        returns,
                        composable: op.is_composable,
                        doc: caps::description(anns.iter().map(|(t, a)| Resolved {
                            term: t,
                            annotation: a,
                        })),
                    });
                }
            }
        }
        Ok(())
    }

    fn roots(&mut self) -> Result<()> {
        let mut namer =
            Namer::with_reserved(&["new", "with_default_base_url", "from_runtime", "runtime"]);
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for c in &s.containers {
                    let cq = format!("{}.{}", s.namespace, c.name);
                    let members = c
                        .entity_sets
                        .iter()
                        .map(|e| {
                            (
                                RootKind::EntitySet,
                                &e.name,
                                &e.entity_type,
                                e.pos,
                                &e.annotations,
                            )
                        })
                        .chain(c.singletons.iter().map(|e| {
                            (
                                RootKind::Singleton,
                                &e.name,
                                &e.type_name,
                                e.pos,
                                &e.annotations,
                            )
                        }));
                    for (kind, name, ty, pos, inline) in members {
                        let el = if kind == RootKind::EntitySet {
                            "EntitySet"
                        } else {
                            "Singleton"
                        };
                        let loc = Loc {
                            doc: di,
                            pos,
                            element: format!(
                                "{}/EntityContainer({})/{el}({name})",
                                schema_path(&s.namespace),
                                c.name
                            ),
                        };
                        let ty = match self.resolve_type(ty).map_err(|e| self.error(&loc, e))? {
                            TypeRef::Named(t)
                                if matches!(self.model.ty(t).kind, TypeKind::Entity(_)) =>
                            {
                                t
                            }
                            _ => {
                                return Err(
                                    self.error(&loc, format!("`{ty}` is not an entity type"))
                                );
                            }
                        };
                        if self.model.roots.iter().any(|r| r.name.wire == *name) {
                            return Err(self.error(
                                &loc,
                                format!("duplicate entity container member `{name}`"),
                            ));
                        }
                        let anns = self.annotations_for(inline, &format!("{cq}/{name}"));
                        let mut c = Capabilities::default();
                        for (term, a) in &anns {
                            caps::apply(
                                &mut c,
                                Resolved {
                                    term,
                                    annotation: a,
                                },
                            );
                        }
                        self.model.roots.push(Root {
                            name: Name {
                                wire: name.clone(),
                                rust: namer.claim(naming::method_name(name)),
                            },
                            kind,
                            ty,
                            caps: c,
                            doc: caps::description(anns.iter().map(|(t, a)| Resolved {
                                term: t,
                                annotation: a,
                            })),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Out-of-line annotations left over target something graphgen does not read (a
    /// parameter, a deeper container path) or something that does not exist; the latter
    /// get a warning (Graph has such targets, so they are not errors).
    fn warn_unused_targets(&mut self) {
        let left = std::mem::take(&mut self.out_of_line);
        let containers: Vec<String> = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .flat_map(|s| {
                s.containers
                    .iter()
                    .map(move |c| format!("{}.{}", s.namespace, c.name))
            })
            .collect();
        let terms: Vec<String> = self
            .docs
            .iter()
            .flat_map(|d| &d.schemas)
            .flat_map(|s| {
                s.terms
                    .iter()
                    .map(move |t| format!("{}.{}", s.namespace, t.name))
            })
            .collect();
        for (target, anns) in left {
            let head = target.split(['/', '(']).next().unwrap_or("");
            let exists = self.model.type_index.contains_key(head) && self.member_exists(&target)
                || containers.iter().any(|c| c == head)
                || terms.iter().any(|t| t == head)
                || self
                    .model
                    .operations
                    .iter()
                    .any(|o| format!("{}.{}", o.namespace, o.name.wire) == head);
            if exists {
                continue;
            }
            if let Some((di, a)) = anns.first() {
                let loc = Loc {
                    doc: *di,
                    pos: a.pos,
                    element: format!("Annotations({target})"),
                };
                self.warn(
                    &loc,
                    format!(
                        "annotation target `{target}` does not exist; its annotations are ignored"
                    ),
                );
            }
        }
    }

    fn member_exists(&self, target: &str) -> bool {
        let mut parts = target.split('/');
        let head = parts.next().unwrap_or("");
        let Some(member) = parts.next() else {
            return true;
        };
        let Some(&id) = self.model.type_index.get(head) else {
            return false;
        };
        match &self.model.ty(id).kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                self.model
                    .all_fields(id)
                    .iter()
                    .any(|f| f.name.wire == member)
                    || self
                        .model
                        .all_navigations(id)
                        .iter()
                        .any(|(_, _, n)| n.name.wire == member)
            }
            TypeKind::Enum(e) => e.members.iter().any(|m| m.name.wire == member),
            TypeKind::Definition(_) => false,
        }
    }
}
