//! Enum types, type definitions, operations and entity container members.

use super::*;

impl Lowerer<'_> {
    pub(super) fn enums_and_definitions(&mut self) {
        let docs = self.docs;
        for (di, doc) in docs.iter().enumerate() {
            for s in &doc.schemas {
                for e in &s.enum_types {
                    let q = format!("{}.{}", s.namespace, e.name);
                    let id = self.model.type_index[&q];
                    if !self.first_definition(id, di, e.pos) {
                        continue;
                    }
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
                                self.fail(
                                    &loc,
                                    format!("enum underlying type `{u}` is not an integer type"),
                                );
                                Primitive::Int32
                            }
                        },
                    };
                    let mut members: Vec<EnumMember> = Vec::new();
                    let mut next = 0i64;
                    for m in &e.members {
                        let mloc = Loc {
                            doc: di,
                            pos: m.pos,
                            element: format!("{}/Member({})", loc.element, m.name),
                        };
                        if members.iter().any(|x| x.name == m.name) {
                            self.fail(&mloc, format!("duplicate enum member `{}`", m.name));
                            continue;
                        }
                        let value = m.value.unwrap_or(next);
                        next = value.wrapping_add(1);
                        let target = format!("{q}/{}", m.name);
                        let anns = self.annotations_for(&m.annotations, &target);
                        members.push(EnumMember {
                            name: m.name.clone(),
                            value,
                            doc: anns.description(),
                        });
                    }
                    let anns = self.annotations_for(&e.annotations, &q);
                    let t = &mut self.model.types[id.0 as usize];
                    t.doc = anns.description();
                    t.kind = TypeKind::Enum(EnumDef {
                        underlying,
                        is_flags: e.is_flags,
                        members,
                    });
                }
                for d in &s.type_definitions {
                    let q = format!("{}.{}", s.namespace, d.name);
                    let id = self.model.type_index[&q];
                    if !self.first_definition(id, di, d.pos) {
                        continue;
                    }
                    let loc = Loc {
                        doc: di,
                        pos: d.pos,
                        element: format!(
                            "{}/TypeDefinition({})",
                            schema_path(&s.namespace),
                            d.name
                        ),
                    };
                    let Some(p) = d
                        .underlying_type
                        .strip_prefix("Edm.")
                        .and_then(Primitive::from_edm)
                    else {
                        self.fail(
                            &loc,
                            format!(
                                "underlying type `{}` is not a primitive type",
                                d.underlying_type
                            ),
                        );
                        continue;
                    };
                    let anns = self.annotations_for(&d.annotations, &q);
                    let t = &mut self.model.types[id.0 as usize];
                    t.doc = anns.description();
                    t.kind = TypeKind::Definition(p);
                }
            }
        }
    }

    /// Whether the type definition at `pos` of document `doc` is the one registered as `id`
    /// (a duplicate definition is refused when registering, and only the first is read).
    pub(super) fn first_definition(&self, id: TypeId, doc: usize, pos: Pos) -> bool {
        let first = &self.type_locs[id.0 as usize];
        first.doc == doc && first.pos == pos
    }

    pub(super) fn operations(&mut self) {
        let docs = self.docs;
        for (di, doc) in docs.iter().enumerate() {
            for s in &doc.schemas {
                'ops: for op in &s.operations {
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
                            self.fail(&loc, "bound operation has no binding parameter");
                            continue 'ops;
                        };
                        let bloc = Loc {
                            doc: di,
                            pos: b.pos,
                            element: format!("{}/Parameter({})", loc.element, b.name),
                        };
                        let Some(bty) = self.member_type(&bloc, &b.type_name) else {
                            continue 'ops;
                        };
                        match bty {
                            TypeRef::Named(ty) => Some(Binding {
                                ty,
                                collection: false,
                            }),
                            TypeRef::Collection(inner) => match *inner {
                                TypeRef::Named(ty) => Some(Binding {
                                    ty,
                                    collection: true,
                                }),
                                TypeRef::Primitive(_) | TypeRef::Collection(_) => {
                                    self.warn_primitive_binding(&bloc);
                                    continue 'ops;
                                }
                            },
                            TypeRef::Primitive(_) => {
                                self.warn_primitive_binding(&bloc);
                                continue 'ops;
                            }
                        }
                    } else {
                        None
                    };
                    let mut ps = Vec::new();
                    for p in params {
                        let ploc = Loc {
                            doc: di,
                            pos: p.pos,
                            element: format!("{}/Parameter({})", loc.element, p.name),
                        };
                        let Some(ty) = self.member_type(&ploc, &p.type_name) else {
                            continue 'ops;
                        };
                        let optional = self.inline(&p.annotations).optional_parameter();
                        ps.push(Param {
                            name: p.name.clone(),
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
                            let Some(ty) = self.member_type(&rloc, &r.type_name) else {
                                continue 'ops;
                            };
                            Some(ReturnType {
                                ty,
                                nullable: r.nullable.unwrap_or(true),
                            })
                        }
                        None => None,
                    };
                    let target = format!("{}.{}", s.namespace, op.name);
                    let mut anns = self.inline(&op.annotations);
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
                        anns.0.extend(self.annotations_for(&[], &k).0);
                    }
                    let id = OpId(self.model.operations.len() as u32);
                    self.op_locs.push((id, loc));
                    self.model.operations.push(Operation {
                        id,
                        kind: op.kind,
                        namespace: s.namespace.clone(),
                        name: op.name.clone(),
                        binding,
                        params: ps,
                        returns,
                        composable: op.is_composable,
                        doc: anns.description(),
                    });
                }
            }
        }
    }

    /// An operation bound to a primitive value (`/People('a')/Name/n.Trim()`) is called on
    /// the URL of a primitive property, which the generated crate has no builder for.
    fn warn_primitive_binding(&mut self, loc: &Loc) {
        self.unsupported(
            loc,
            "the binding parameter is a primitive type: the generated crate has no builder for \
             a primitive property's URL, so it leaves the operation out",
        );
    }

    pub(super) fn roots(&mut self) {
        let docs = self.docs;
        for (di, doc) in docs.iter().enumerate() {
            for s in &doc.schemas {
                // The schema's own annotations (inline ones are kept as targeting its
                // namespace): `Core.DefaultNamespace` says its operations may be unqualified.
                let schema_anns = self.annotations_for(&[], &s.namespace);
                if schema_anns.iter().find_map(caps::default_namespace) == Some(true) {
                    self.model.default_namespaces.insert(s.namespace.clone());
                }
                for c in &s.containers {
                    let cq = format!("{}.{}", s.namespace, c.name);
                    let anns = self.annotations_for(&c.annotations, &cq);
                    if let Some(tag) = anns.iter().find_map(caps::key_as_segment) {
                        self.model.key_as_segment = Some(tag);
                    }
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
                        let Some(resolved) = self.member_type(&loc, ty) else {
                            continue;
                        };
                        let ty = match resolved {
                            TypeRef::Named(t)
                                if matches!(self.model.ty(t).kind, TypeKind::Entity(_)) =>
                            {
                                t
                            }
                            _ => {
                                self.fail(&loc, format!("`{ty}` is not an entity type"));
                                continue;
                            }
                        };
                        if self.model.roots.iter().any(|r| r.name == *name) {
                            self.fail(&loc, format!("duplicate entity container member `{name}`"));
                            continue;
                        }
                        let anns = self.annotations_for(inline, &format!("{cq}/{name}"));
                        let c = anns.capabilities();
                        self.model.roots.push(Root {
                            name: name.clone(),
                            kind,
                            ty,
                            caps: c,
                            doc: anns.description(),
                        });
                    }
                }
            }
        }
    }
}
