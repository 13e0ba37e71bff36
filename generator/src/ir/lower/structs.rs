//! Entity and complex types: base types (cycles rejected), members and their Rust names,
//! keys and alternate keys.

use super::*;

impl<'d> Lowerer<'d> {
    pub(super) fn structs(&mut self) -> Result<()> {
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
                let Some(ty) = self.member_type(&ploc, &p.type_name)? else {
                    continue;
                };
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
                    return Err(self.error(&nloc, format!("duplicate property `{}`", n.name)));
                }
                let Some(ty) = self.member_type(&nloc, &n.type_name)? else {
                    continue;
                };
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
        self.check_base_cycles(&pending)?;
        for (id, _, _) in &pending {
            if let Some(base) = self.model.struct_def(*id).and_then(|s| s.base)
                && let Some(b) = self.struct_mut(base)
            {
                b.derived.push(*id);
            }
        }
        self.members_and_keys(&pending)?;
        let alts = std::mem::take(&mut self.pending_alt);
        for (id, loc, alt) in alts {
            self.alternate_keys(id, &loc, alt);
        }
        Ok(())
    }

    pub(super) fn struct_mut(&mut self, id: TypeId) -> Option<&mut StructDef> {
        match &mut self.model.types[id.0 as usize].kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }

    pub(super) fn check_base_cycles(
        &self,
        pending: &[(TypeId, Loc, &StructuredType)],
    ) -> Result<()> {
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
                            .map(|t| self.model.ty(*t).name.as_str())
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

    /// Leaves out the members that redefine an inherited one, and resolves every entity
    /// type's key, base types before the types derived from them: one walk down the
    /// inheritance forest that keeps the names of the types above the current one (added on
    /// the way down, removed on the way up), so a deep hierarchy costs what its members do,
    /// not depth times members.
    fn members_and_keys(&mut self, pending: &[(TypeId, Loc, &'d StructuredType)]) -> Result<()> {
        let at: BTreeMap<TypeId, (&Loc, &StructuredType)> = pending
            .iter()
            .map(|(id, loc, t)| (*id, (loc, *t)))
            .collect();
        let mut inherited: BTreeSet<String> = BTreeSet::new();
        let mut added: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
        for step in self.model.inheritance_walk() {
            match step {
                Descent::Enter(id) => {
                    let Some(&(loc, t)) = at.get(&id) else {
                        continue;
                    };
                    let own = self.drop_redefined(id, loc, &mut inherited);
                    added.insert(id, own);
                    self.keys(id, loc, t)?;
                }
                Descent::Leave(id) => {
                    for name in added.remove(&id).unwrap_or_default() {
                        inherited.remove(&name);
                    }
                }
            }
        }
        Ok(())
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

    /// The key of an entity type: its own (each property checked against what it has and
    /// inherits), else its base type's, keyed before it.
    pub(super) fn keys(&mut self, id: TypeId, loc: &Loc, t: &StructuredType) -> Result<()> {
        if !matches!(self.model.ty(id).kind, TypeKind::Entity(_)) {
            return Ok(());
        }
        let key = match self.syntax_key(id) {
            Some(key) => {
                let all = self.model.all_fields(id);
                if let Some(k) = key.iter().find(|k| !all.iter().any(|f| &f.name == *k)) {
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
        Ok(())
    }

    pub(super) fn syntax_key(&self, id: TypeId) -> Option<Vec<String>> {
        self.syntax_keys
            .get(&id)
            .map(|refs| refs.iter().map(|r| r.name.clone()).collect())
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
