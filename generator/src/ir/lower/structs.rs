//! Entity and complex types: base types (cycles rejected), members, keys and alternate
//! keys.

use super::*;

/// Whether a navigation property's type is the abstract `Edm.EntityType` (or a collection
/// of it): any entity, which graphgen reads as untyped JSON.
fn abstract_entity(written: &str) -> bool {
    element_type(written) == "Edm.EntityType"
}

/// A navigation property to `Edm.EntityType` (any entity) as what graphgen makes of it: a
/// structural field of untyped JSON, with no request builder (there is no type to address).
fn untyped_navigation(
    n: &crate::csdl::syntax::NavigationProperty,
    collection: bool,
    doc: Option<String>,
) -> Field {
    let ty = TypeRef::Primitive(Primitive::Untyped);
    Field {
        name: n.name.clone(),
        ty: if collection {
            TypeRef::Collection(Box::new(ty))
        } else {
            ty
        },
        nullable: n.nullable.unwrap_or(true),
        doc,
    }
}

impl<'d> Lowerer<'d> {
    pub(super) fn structs(&mut self) {
        let mut all = self.struct_types();
        // A duplicate definition was refused when registering; only the first is read.
        all.retain(|&(di, ns, t, _)| {
            let id = self.model.type_index[&format!("{ns}.{}", t.name)];
            let first = &self.type_locs[id.0 as usize];
            first.doc == di && first.pos == t.pos
        });
        // Bodies without Rust field names yet.
        let mut pending: Vec<(TypeId, Loc, &'d StructuredType)> = Vec::new();
        let struct_kinds: BTreeMap<String, bool> = all
            .iter()
            .map(|&(_, ns, t, e)| (format!("{ns}.{}", t.name), e))
            .collect();
        for &(di, ns, t, is_entity) in &all {
            let qualified = format!("{ns}.{}", t.name);
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
            let id = self.model.type_index[&qualified];
            if let Some(k) = &t.key {
                self.syntax_keys.insert(id, k.as_slice());
            }
            let mut def = StructDef {
                is_abstract: t.is_abstract,
                open: t.open_type,
                has_stream: t.has_stream,
                ..StructDef::default()
            };
            if let Some(b) = &t.base_type {
                def.base = self.base_type(&loc, b, &struct_kinds, is_entity);
            }
            let mut seen = BTreeMap::new();
            for p in &t.properties {
                let ploc = Loc {
                    doc: di,
                    pos: p.pos,
                    element: format!("{}/Property({})", loc.element, p.name),
                };
                if seen.insert(p.name.clone(), ()).is_some() {
                    self.fail(&ploc, format!("duplicate property `{}`", p.name));
                    continue;
                }
                let Some(ty) = self.member_type(&ploc, &p.type_name) else {
                    self.left_out.insert((id, p.name.clone()), None);
                    continue;
                };
                if let Some(entity) = self.entity_type_of(&ty, &struct_kinds) {
                    let message = format!(
                        "a structural property cannot have an entity type (`{entity}`); use a \
                         NavigationProperty to relate entities"
                    );
                    // Graph's 2020 beta snapshot has four; with the option for metadata known
                    // to be defective, the property keeps the entity's model as its type, as
                    // a value (what graphgen made of it before it checked).
                    if self.options.skip_unresolved {
                        self.warn(
                            &ploc,
                            format!("{message}; kept as a value of that type (skip_unresolved)"),
                        );
                    } else {
                        self.left_out.insert((id, p.name.clone()), Some(ty));
                        self.fail(&ploc, message);
                        continue;
                    }
                }
                let target = format!("{qualified}/{}", p.name);
                let anns = self.annotations_for(&p.annotations, &target);
                def.fields.push(Field {
                    name: p.name.clone(),
                    ty,
                    nullable: p.nullable.unwrap_or(true),
                    doc: anns.description(),
                });
            }
            for n in &t.navigation_properties {
                let nloc = Loc {
                    doc: di,
                    pos: n.pos,
                    element: format!("{}/NavigationProperty({})", loc.element, n.name),
                };
                if seen.insert(n.name.clone(), ()).is_some() {
                    self.fail(&nloc, format!("duplicate property `{}`", n.name));
                    continue;
                }
                let Some(ty) = self.member_type(&nloc, &n.type_name) else {
                    continue;
                };
                let tgt = format!("{qualified}/{}", n.name);
                let (collection, target) = match ty {
                    TypeRef::Named(t) => (false, t),
                    TypeRef::Collection(inner) => match *inner {
                        TypeRef::Named(t) => (true, t),
                        TypeRef::Primitive(Primitive::Untyped) if abstract_entity(&n.type_name) => {
                            let anns = self.annotations_for(&n.annotations, &tgt);
                            def.fields
                                .push(untyped_navigation(n, true, anns.description()));
                            continue;
                        }
                        _ => {
                            self.fail(&nloc, "navigation property type must be an entity type");
                            continue;
                        }
                    },
                    TypeRef::Primitive(Primitive::Untyped) if abstract_entity(&n.type_name) => {
                        let anns = self.annotations_for(&n.annotations, &tgt);
                        def.fields
                            .push(untyped_navigation(n, false, anns.description()));
                        continue;
                    }
                    TypeRef::Primitive(_) => {
                        self.fail(&nloc, "navigation property type must be an entity type");
                        continue;
                    }
                };
                let is_entity_target =
                    struct_kinds.get(&self.model.ty(target).qualified) == Some(&true);
                if !is_entity_target {
                    self.fail(
                        &nloc,
                        format!(
                            "navigation property type `{}` is not an entity type",
                            n.type_name
                        ),
                    );
                    continue;
                }
                let anns = self.annotations_for(&n.annotations, &tgt);
                let c = anns.capabilities();
                def.navigations.push(Navigation {
                    name: n.name.clone(),
                    target,
                    collection,
                    contains_target: n.contains_target,
                    nullable: n.nullable.unwrap_or(true),
                    doc: anns.description(),
                    caps: c,
                });
            }
            let anns = self.annotations_for(&t.annotations, &qualified);
            self.model.types[id.0 as usize].doc = anns.description();
            // Alternate keys are resolved once fields are known (below).
            let alt: Vec<AltKeySpec> = anns.alternate_keys();
            self.model.types[id.0 as usize].kind = if is_entity {
                TypeKind::Entity(def)
            } else {
                TypeKind::Complex(def)
            };
            self.pending_alt.push((id, loc.clone(), alt));
            pending.push((id, loc, t));
        }
        self.check_base_cycles(&pending);
        for (id, _, _) in &pending {
            if let Some(base) = self.model.struct_def(*id).and_then(|s| s.base)
                && let Some(b) = self.struct_mut(base)
            {
                b.derived.push(*id);
            }
        }
        self.members_and_keys(&pending);
        let alts = std::mem::take(&mut self.pending_alt);
        for (id, loc, alt) in alts {
            self.alternate_keys(id, &loc, alt);
        }
    }

    /// The base type `written` of a structured type (an entity type's when `is_entity`),
    /// which must be a structured type of the same kind; an error (recorded) and `None`
    /// otherwise.
    fn base_type(
        &mut self,
        loc: &Loc,
        written: &str,
        struct_kinds: &BTreeMap<String, bool>,
        is_entity: bool,
    ) -> Option<TypeId> {
        let kind_name = if is_entity {
            "EntityType"
        } else {
            "ComplexType"
        };
        let base = match self.resolve_type(written) {
            Ok(TypeRef::Named(id)) => id,
            Ok(_) => {
                self.fail(
                    loc,
                    format!("base type `{written}` is not a structured type"),
                );
                return None;
            }
            Err(e) => {
                let message = self.unresolved_message(written, format!("base type: {e}"));
                self.fail(loc, message);
                return None;
            }
        };
        if struct_kinds.get(&self.model.ty(base).qualified) != Some(&is_entity) {
            self.fail(loc, format!("base type `{written}` is not a {kind_name}"));
            return None;
        }
        Some(base)
    }

    /// The qualified name of the entity type `ty` is, or is a collection of.
    fn entity_type_of(
        &self,
        ty: &TypeRef,
        struct_kinds: &BTreeMap<String, bool>,
    ) -> Option<String> {
        let named = match ty {
            TypeRef::Named(t) => *t,
            TypeRef::Collection(inner) => match **inner {
                TypeRef::Named(t) => t,
                _ => return None,
            },
            TypeRef::Primitive(_) => return None,
        };
        let q = &self.model.ty(named).qualified;
        (struct_kinds.get(q) == Some(&true)).then(|| q.clone())
    }

    pub(super) fn struct_mut(&mut self, id: TypeId) -> Option<&mut StructDef> {
        match &mut self.model.types[id.0 as usize].kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }

    /// Finds every cycle of base types, an error each (at the type whose walk found it), and
    /// breaks it there, so that the walks after this one end.
    pub(super) fn check_base_cycles(&mut self, pending: &[(TypeId, Loc, &StructuredType)]) {
        // 0 = unvisited, 1 = on the current chain, 2 = known acyclic. Linear overall.
        let mut state = vec![0u8; self.model.types.len()];
        for (id, loc, _) in pending {
            let mut chain = Vec::new();
            let mut cur = Some(*id);
            while let Some(t) = cur {
                match state[t.0 as usize] {
                    2 => break,
                    1 => {
                        let start = chain.iter().position(|c| *c == t).unwrap_or(0);
                        let mut names: Vec<&str> = chain[start..]
                            .iter()
                            .map(|t| self.model.ty(*t).name.as_str())
                            .collect();
                        names.push(self.model.ty(t).name.as_str());
                        let message = format!("cyclic base type: {}", names.join(" -> "));
                        // The last type of the chain derives from `t`, closing the cycle.
                        if let Some(&last) = chain.last()
                            && let Some(def) = self.struct_mut(last)
                        {
                            def.base = None;
                        }
                        self.fail(loc, message);
                        break;
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
    }

    /// Leaves out the members that redefine an inherited one, and resolves every entity
    /// type's key, base types before the types derived from them: one walk down the
    /// inheritance forest that keeps the names of the types above the current one (added on
    /// the way down, removed on the way up), so a deep hierarchy costs what its members do,
    /// not depth times members.
    fn members_and_keys(&mut self, pending: &[(TypeId, Loc, &'d StructuredType)]) {
        let at: BTreeMap<TypeId, (&Loc, &StructuredType)> = pending
            .iter()
            .map(|(id, loc, t)| (*id, (loc, *t)))
            .collect();
        let mut inherited: BTreeSet<String> = BTreeSet::new();
        let mut added: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
        for step in self.model.inheritance_walk() {
            match step {
                Descent::Enter(id) => {
                    let Some(&(loc, _)) = at.get(&id) else {
                        continue;
                    };
                    let own = self.drop_redefined(id, loc, &mut inherited);
                    added.insert(id, own);
                    self.keys(id, loc);
                }
                Descent::Leave(id) => {
                    for name in added.remove(&id).unwrap_or_default() {
                        inherited.remove(&name);
                    }
                }
            }
        }
    }

    /// Leaves out the fields and navigation properties declared on `id` whose names it
    /// inherits (`inherited`), with a warning, and adds the names of the others to
    /// `inherited`: the names added, for the caller to remove after the derived types.
    fn drop_redefined(
        &mut self,
        id: TypeId,
        loc: &Loc,
        inherited: &mut BTreeSet<String>,
    ) -> Vec<String> {
        let def = self.model.struct_def(id).expect("struct type");
        let mut dropped = Vec::new();
        let mut added = Vec::new();
        for (i, name) in def
            .fields
            .iter()
            .map(|f| &f.name)
            .chain(def.navigations.iter().map(|n| &n.name))
            .enumerate()
        {
            if inherited.insert(name.clone()) {
                added.push(name.clone());
            } else {
                dropped.push(i);
            }
        }
        if dropped.is_empty() {
            return added;
        }
        let nfields = def.fields.len();
        self.warn(
            loc,
            "a property redefines one of a base type; the base type's is kept",
        );
        let def = self.struct_mut(id).expect("struct type");
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
        added
    }

    /// The key of an entity type: its own (each property path resolved through what it has
    /// and inherits, and checked to be a key's type), else its base type's, keyed before
    /// it. A key property that does not resolve or has another type is an error (recorded),
    /// and the type has no key.
    pub(super) fn keys(&mut self, id: TypeId, loc: &Loc) {
        if !matches!(self.model.ty(id).kind, TypeKind::Entity(_)) {
            return;
        }
        let key = match self.syntax_keys.get(&id).copied() {
            Some(refs) => {
                let mut key = Vec::new();
                for r in refs {
                    let kloc = Loc {
                        doc: loc.doc,
                        pos: r.pos,
                        element: format!("{}/Key/PropertyRef({})", loc.element, r.name),
                    };
                    match self.key_property(id, r) {
                        Ok(k) => key.push(k),
                        Err(Some(message)) => self.fail(&kloc, message),
                        Err(None) => {}
                    }
                }
                if key.len() != refs.len() {
                    key.clear();
                }
                key
            }
            None => self
                .model
                .struct_def(id)
                .and_then(|s| s.base)
                .and_then(|b| self.model.struct_def(b))
                .map(|b| b.key.clone())
                .unwrap_or_default(),
        };
        if let Some(def) = self.struct_mut(id) {
            def.key = key;
        }
    }

    /// One `PropertyRef` of the key of entity type `id`: its `Name`, a property of the type
    /// or a path through complex properties (`Info/ID`, which needs an `Alias`, CSDL 4.01
    /// §8.4), resolved to a property whose type a key may have (§8.2): an enum type, one of
    /// the primitive types below, or a type definition of one.
    fn key_property(
        &self,
        id: TypeId,
        r: &crate::csdl::syntax::PropertyRef,
    ) -> std::result::Result<KeyProperty, Option<String>> {
        let path: Vec<String> = r.name.split('/').map(str::to_owned).collect();
        let mut owner = id;
        let mut ty = None;
        for (i, segment) in path.iter().enumerate() {
            let fields = self.model.all_fields(owner);
            let Some(field) = fields.iter().find(|f| &f.name == segment) else {
                let left_out = self
                    .model
                    .base_chain(owner)
                    .into_iter()
                    .find_map(|t| self.left_out.get(&(t, segment.clone())));
                match left_out {
                    // Left out with an error of its own: say what is wrong for a key, if
                    // anything more is.
                    Some(Some(ty)) if i + 1 == path.len() && !self.key_type(ty) => {
                        return Err(Some(self.not_a_key_type(&r.name, ty)));
                    }
                    Some(_) => return Err(None),
                    None => {}
                }
                let on = if i == 0 {
                    String::new()
                } else {
                    format!(" on `{}`", self.model.ty(owner).qualified)
                };
                return Err(Some(format!(
                    "key property `{}` does not exist{on}",
                    r.name
                )));
            };
            if i + 1 < path.len() {
                match field.ty {
                    TypeRef::Named(t) if matches!(self.model.ty(t).kind, TypeKind::Complex(_)) => {
                        owner = t;
                    }
                    _ => {
                        return Err(Some(format!(
                            "key property path `{}`: `{segment}` is not a single-valued complex \
                             property, so the path cannot go through it",
                            r.name
                        )));
                    }
                }
            } else {
                ty = Some(field.ty.clone());
            }
        }
        let ty = ty.unwrap_or(TypeRef::Primitive(Primitive::Untyped));
        if !self.key_type(&ty) {
            return Err(Some(self.not_a_key_type(&r.name, &ty)));
        }
        let name = match (&r.alias, path.len()) {
            (Some(alias), _) => alias.clone(),
            (None, 1) => r.name.clone(),
            (None, _) => {
                return Err(Some(format!(
                    "key property path `{}` goes through a complex property, so it needs an \
                     `Alias` to name it in URLs (CSDL 4.01 §8.4)",
                    r.name
                )));
            }
        };
        Ok(KeyProperty { name, path, ty })
    }

    /// Why key property `name` of type `ty` is refused.
    fn not_a_key_type(&self, name: &str, ty: &TypeRef) -> String {
        format!(
            "key property `{name}` has type `{}`; a key property must have an enum type, a \
             primitive type (Edm.Boolean, Byte, Date, DateTimeOffset, Decimal, Duration, Guid, \
             Int16, Int32, Int64, SByte, String or TimeOfDay) or a type definition of one \
             (CSDL §8.2)",
            self.type_text(ty)
        )
    }

    /// Whether a key property may have type `ty` (CSDL §8.2).
    fn key_type(&self, ty: &TypeRef) -> bool {
        let key_primitive = |p: Primitive| {
            matches!(
                p,
                Primitive::Boolean
                    | Primitive::Byte
                    | Primitive::Date
                    | Primitive::DateTimeOffset
                    | Primitive::Decimal
                    | Primitive::Duration
                    | Primitive::Guid
                    | Primitive::Int16
                    | Primitive::Int32
                    | Primitive::Int64
                    | Primitive::SByte
                    | Primitive::String
                    | Primitive::TimeOfDay
            )
        };
        match ty {
            TypeRef::Primitive(p) => key_primitive(*p),
            TypeRef::Named(t) => match self.model.ty(*t).kind {
                TypeKind::Enum(_) => true,
                TypeKind::Definition(p) => key_primitive(p),
                TypeKind::Entity(_) | TypeKind::Complex(_) => false,
            },
            TypeRef::Collection(_) => false,
        }
    }

    /// `ty` as the metadata writes it (`Edm.String`, `n.W`, `Collection(n.W)`).
    fn type_text(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Primitive(Primitive::Geo) => "Edm.Geography…/Edm.Geometry…".to_owned(),
            TypeRef::Primitive(p) => format!("Edm.{p:?}"),
            TypeRef::Named(t) => self.model.ty(*t).qualified.clone(),
            TypeRef::Collection(inner) => format!("Collection({})", self.type_text(inner)),
        }
    }

    pub(super) fn alternate_keys(&mut self, id: TypeId, loc: &Loc, alt: Vec<AltKeySpec>) {
        if alt.is_empty() {
            return;
        }
        let fields: Vec<(String, TypeRef)> = self
            .model
            .all_fields(id)
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone()))
            .collect();
        let mut keys = Vec::new();
        for k in alt {
            let mut parts = Vec::new();
            let mut ok = true;
            for (alias, prop) in &k {
                match fields.iter().find(|(w, _)| w == prop) {
                    Some((_, ty)) => parts.push(AlternateKeyPart {
                        alias: alias.clone(),
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
}
