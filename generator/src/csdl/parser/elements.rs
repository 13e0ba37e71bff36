//! One method per CSDL element: the recursive-descent half of the reader. The event
//! machinery (positions, attributes, skipping, errors) is in the parent module.

use super::*;

impl<'s> Parser<'s> {
    pub(super) fn document(mut self) -> Result<(String, Vec<Reference>, Vec<Schema>)> {
        let root = loop {
            match self.next()? {
                Ev::Start(e) => break e,
                Ev::Eof => {
                    return Err(self.error_at(self.src.len(), "the document has no root element"));
                }
                Ev::End | Ev::Text(_) | Ev::CData(_) | Ev::Char(_) => {}
            }
        };
        if !root.is_edmx("Edmx") {
            return Err(self.error(
                root.pos,
                format!(
                    "the root element must be `edmx:Edmx` in namespace {EDMX_NS}, found `{}`",
                    root.start.name().0
                ),
            ));
        }
        let mut version = None;
        self.attrs(&root, |k, v| {
            if k == "Version" {
                if v != "4.0" && v != "4.01" {
                    return Err(format!(
                        "unsupported EDMX version `{v}` (expected 4.0 or 4.01)"
                    ));
                }
                version = Some(v.into_owned());
            }
            Ok(())
        })?;
        let version = self.required(&root, version, "Version")?;
        let mut references = Vec::new();
        let mut schemas = Vec::new();
        let mut data_services = false;
        self.children(root.empty, |p, c| {
            if c.is_edmx("Reference") {
                references.push(p.reference(c)?);
            } else if c.is_edmx("DataServices") {
                data_services = true;
                p.check_attrs(&c)?;
                p.children(c.empty, |p, s| {
                    if s.is_edm("Schema") {
                        schemas.push(p.schema(s)?);
                        Ok(())
                    } else {
                        p.skip(&s)
                    }
                })?;
            } else {
                p.skip(&c)?;
            }
            Ok(())
        })?;
        if !data_services {
            return Err(self.error(root.pos, "`edmx:Edmx` has no `edmx:DataServices` element"));
        }
        while !matches!(self.next()?, Ev::Eof) {}
        Ok((version, references, schemas))
    }

    fn reference(&mut self, e: Elem<'s>) -> Result<Reference> {
        let mut uri = None;
        self.attrs(&e, |k, v| {
            if k == "Uri" {
                uri = Some(v.into_owned());
            }
            Ok(())
        })?;
        let uri = self.required(&e, uri, "Uri")?;
        let mut includes = Vec::new();
        self.children(e.empty, |p, c| {
            if !c.is_edmx("Include") {
                return p.skip(&c);
            }
            let (mut namespace, mut alias) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Namespace" => namespace = Some(v.into_owned()),
                    "Alias" => alias = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            includes.push(Include {
                namespace: p.required(&c, namespace, "Namespace")?,
                alias,
                pos: c.pos,
            });
            p.drop_annotations(c.empty)
        })?;
        Ok(Reference {
            uri,
            includes,
            pos: e.pos,
        })
    }

    // ----- Schema --------------------------------------------------------------------------

    fn schema(&mut self, e: Elem<'s>) -> Result<Schema> {
        let mut schema = Schema {
            pos: e.pos,
            ..Schema::default()
        };
        let mut namespace = None;
        self.attrs(&e, |k, v| {
            match k {
                "Namespace" => namespace = Some(v.into_owned()),
                "Alias" => schema.alias = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        schema.namespace = self.required(&e, namespace, "Namespace")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "EntityType" => schema.entity_types.push(p.structured(c)?),
                "ComplexType" => schema.complex_types.push(p.structured(c)?),
                "EnumType" => schema.enum_types.push(p.enum_type(c)?),
                "TypeDefinition" => schema.type_definitions.push(p.type_definition(c)?),
                "Action" => schema
                    .operations
                    .push(p.operation(c, OperationKind::Action)?),
                "Function" => schema
                    .operations
                    .push(p.operation(c, OperationKind::Function)?),
                "EntityContainer" => schema.containers.push(p.container(c)?),
                "Term" => schema.terms.push(p.term(c)?),
                "Annotations" => schema.annotations.push(p.annotations(c)?),
                "Annotation" => {
                    // An annotation of the schema itself: kept as an out-of-line annotation
                    // that targets the schema's namespace.
                    let annotation = p.annotation(c)?;
                    schema.annotations.push(Annotations {
                        target: schema.namespace.clone(),
                        qualifier: None,
                        pos: annotation.pos,
                        annotations: vec![annotation],
                    });
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(schema)
    }

    fn structured(&mut self, e: Elem<'s>) -> Result<StructuredType> {
        let mut ty = StructuredType {
            pos: e.pos,
            ..StructuredType::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "BaseType" => ty.base_type = Some(v.into_owned()),
                "Abstract" => ty.is_abstract = parse_bool(&v)?,
                "OpenType" => ty.open_type = parse_bool(&v)?,
                "HasStream" => ty.has_stream = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        ty.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "Property" => ty.properties.push(p.property(c)?),
                "NavigationProperty" => ty.navigation_properties.push(p.navigation_property(c)?),
                "Annotation" => ty.annotations.push(p.annotation(c)?),
                "Key" => {
                    if ty.key.is_some() {
                        return Err(p.error(c.pos, "more than one `Key` element"));
                    }
                    ty.key = Some(p.key(c)?);
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(ty)
    }

    fn key(&mut self, e: Elem<'s>) -> Result<Vec<PropertyRef>> {
        self.check_attrs(&e)?;
        let mut refs = Vec::new();
        self.children(e.empty, |p, c| {
            if !c.is_edm("PropertyRef") {
                return p.skip(&c);
            }
            let (mut name, mut alias) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Name" => name = Some(v.into_owned()),
                    "Alias" => alias = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            refs.push(PropertyRef {
                name: p.required(&c, name, "Name")?,
                alias,
                pos: c.pos,
            });
            p.drop_annotations(c.empty)
        })?;
        Ok(refs)
    }

    fn property(&mut self, e: Elem<'s>) -> Result<Property> {
        let mut prop = Property {
            pos: e.pos,
            ..Property::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => prop.nullable = Some(parse_bool(&v)?),
                "MaxLength" => prop.max_length = Some(v.into_owned()),
                "Precision" => {
                    prop.precision = Some(v.trim().parse().map_err(|_| {
                        format!("`{v}` is not a valid precision (a non-negative integer)")
                    })?);
                }
                "Scale" => prop.scale = Some(v.into_owned()),
                "DefaultValue" => prop.default_value = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        prop.name = self.required(&e, name, "Name")?;
        prop.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut prop.annotations)?;
        Ok(prop)
    }

    fn navigation_property(&mut self, e: Elem<'s>) -> Result<NavigationProperty> {
        let mut nav = NavigationProperty {
            pos: e.pos,
            ..NavigationProperty::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => nav.nullable = Some(parse_bool(&v)?),
                "Partner" => nav.partner = Some(v.into_owned()),
                "ContainsTarget" => nav.contains_target = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        nav.name = self.required(&e, name, "Name")?;
        nav.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut nav.annotations)?;
        Ok(nav)
    }

    fn enum_type(&mut self, e: Elem<'s>) -> Result<EnumType> {
        let mut ty = EnumType {
            pos: e.pos,
            ..EnumType::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "UnderlyingType" => ty.underlying_type = Some(v.into_owned()),
                "IsFlags" => ty.is_flags = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        ty.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.is_edm("Annotation") {
                ty.annotations.push(p.annotation(c)?);
                return Ok(());
            }
            if !c.is_edm("Member") {
                return p.skip(&c);
            }
            let mut member = EnumMember {
                pos: c.pos,
                ..EnumMember::default()
            };
            let mut name = None;
            p.attrs(&c, |k, v| {
                match k {
                    "Name" => name = Some(v.into_owned()),
                    "Value" => member.value = Some(parse_i64(&v)?),
                    _ => {}
                }
                Ok(())
            })?;
            member.name = p.required(&c, name, "Name")?;
            p.annotations_into(c.empty, &mut member.annotations)?;
            ty.members.push(member);
            Ok(())
        })?;
        Ok(ty)
    }

    fn type_definition(&mut self, e: Elem<'s>) -> Result<TypeDefinition> {
        let mut def = TypeDefinition {
            pos: e.pos,
            ..TypeDefinition::default()
        };
        let (mut name, mut underlying) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "UnderlyingType" => underlying = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        def.name = self.required(&e, name, "Name")?;
        def.underlying_type = self.required(&e, underlying, "UnderlyingType")?;
        self.annotations_into(e.empty, &mut def.annotations)?;
        Ok(def)
    }

    fn operation(&mut self, e: Elem<'s>, kind: OperationKind) -> Result<Operation> {
        let mut op = Operation {
            kind,
            pos: e.pos,
            ..Operation::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "IsBound" => op.is_bound = parse_bool(&v)?,
                "IsComposable" => op.is_composable = parse_bool(&v)?,
                "EntitySetPath" => op.entity_set_path = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        op.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "Parameter" => op.parameters.push(p.parameter(c)?),
                "Annotation" => op.annotations.push(p.annotation(c)?),
                "ReturnType" => {
                    if op.return_type.is_some() {
                        return Err(p.error(c.pos, "more than one `ReturnType` element"));
                    }
                    op.return_type = Some(p.return_type(c)?);
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(op)
    }

    fn parameter(&mut self, e: Elem<'s>) -> Result<Parameter> {
        let mut param = Parameter {
            pos: e.pos,
            ..Parameter::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => param.nullable = Some(parse_bool(&v)?),
                _ => {}
            }
            Ok(())
        })?;
        param.name = self.required(&e, name, "Name")?;
        param.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut param.annotations)?;
        Ok(param)
    }

    fn return_type(&mut self, e: Elem<'s>) -> Result<ReturnType> {
        let mut ret = ReturnType {
            pos: e.pos,
            ..ReturnType::default()
        };
        let mut ty = None;
        self.attrs(&e, |k, v| {
            match k {
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => ret.nullable = Some(parse_bool(&v)?),
                _ => {}
            }
            Ok(())
        })?;
        ret.type_name = self.required(&e, ty, "Type")?;
        self.drop_annotations(e.empty)?;
        Ok(ret)
    }

    // ----- EntityContainer ------------------------------------------------------------------

    fn container(&mut self, e: Elem<'s>) -> Result<EntityContainer> {
        let mut container = EntityContainer {
            pos: e.pos,
            ..EntityContainer::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            if k == "Name" {
                name = Some(v.into_owned());
            }
            Ok(())
        })?;
        container.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "EntitySet" => container.entity_sets.push(p.entity_set(c)?),
                "Singleton" => container.singletons.push(p.singleton(c)?),
                "ActionImport" => container.action_imports.push(p.import(c, "Action")?),
                "FunctionImport" => container.function_imports.push(p.import(c, "Function")?),
                "Annotation" => container.annotations.push(p.annotation(c)?),
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(container)
    }

    fn entity_set(&mut self, e: Elem<'s>) -> Result<EntitySet> {
        let mut set = EntitySet {
            pos: e.pos,
            ..EntitySet::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "EntityType" => ty = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        set.name = self.required(&e, name, "Name")?;
        set.entity_type = self.required(&e, ty, "EntityType")?;
        self.bindings_and_annotations(e.empty, &mut set.bindings, &mut set.annotations)?;
        Ok(set)
    }

    fn singleton(&mut self, e: Elem<'s>) -> Result<Singleton> {
        let mut single = Singleton {
            pos: e.pos,
            ..Singleton::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        single.name = self.required(&e, name, "Name")?;
        single.type_name = self.required(&e, ty, "Type")?;
        self.bindings_and_annotations(e.empty, &mut single.bindings, &mut single.annotations)?;
        Ok(single)
    }

    fn bindings_and_annotations(
        &mut self,
        empty: bool,
        bindings: &mut Vec<NavigationPropertyBinding>,
        annotations: &mut Vec<Annotation>,
    ) -> Result<()> {
        self.children(empty, |p, c| {
            if c.is_edm("Annotation") {
                annotations.push(p.annotation(c)?);
                return Ok(());
            }
            if !c.is_edm("NavigationPropertyBinding") {
                return p.skip(&c);
            }
            let (mut path, mut target) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Path" => path = Some(v.into_owned()),
                    "Target" => target = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            bindings.push(NavigationPropertyBinding {
                path: p.required(&c, path, "Path")?,
                target: p.required(&c, target, "Target")?,
                pos: c.pos,
            });
            p.skip_children(c.empty)
        })
    }

    /// `ActionImport` (`operation_attr` = `Action`) or `FunctionImport` (`Function`).
    fn import(&mut self, e: Elem<'s>, operation_attr: &str) -> Result<OperationImport> {
        let (mut name, mut operation, mut entity_set) = (None, None, None);
        self.attrs(&e, |k, v| {
            if k == "Name" {
                name = Some(v.into_owned());
            } else if k == operation_attr {
                operation = Some(v.into_owned());
            } else if k == "EntitySet" {
                entity_set = Some(v.into_owned());
            }
            Ok(())
        })?;
        let import = OperationImport {
            name: self.required(&e, name, "Name")?,
            pos: e.pos,
            operation: self.required(&e, operation, operation_attr)?,
            entity_set,
        };
        self.drop_annotations(e.empty)?;
        Ok(import)
    }

    /// Skips the content of an element that has no children graphgen reads.
    fn skip_children(&mut self, empty: bool) -> Result<()> {
        self.children(empty, |p, c| p.skip(&c))
    }

    // ----- Term and Annotations --------------------------------------------------------------

    fn term(&mut self, e: Elem<'s>) -> Result<Term> {
        let mut term = Term {
            pos: e.pos,
            ..Term::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "AppliesTo" => term.applies_to = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        term.name = self.required(&e, name, "Name")?;
        term.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut term.annotations)?;
        Ok(term)
    }

    fn annotations(&mut self, e: Elem<'s>) -> Result<Annotations> {
        let mut out = Annotations {
            pos: e.pos,
            ..Annotations::default()
        };
        let mut target = None;
        self.attrs(&e, |k, v| {
            match k {
                "Target" => target = Some(v.into_owned()),
                "Qualifier" => out.qualifier = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        out.target = self.required(&e, target, "Target")?;
        self.annotations_into(e.empty, &mut out.annotations)?;
        Ok(out)
    }
}
