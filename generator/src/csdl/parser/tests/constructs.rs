//! Each CSDL construct read into the syntax tree, with positions.

use super::*;

#[test]
fn minimal_document() {
    let doc = parse(&wrap("")).unwrap();
    assert_eq!(doc.version, "4.0");
    assert_eq!(doc.path, Path::new("t.xml"));
    assert_eq!(doc.schemas.len(), 1);
    let s = &doc.schemas[0];
    assert_eq!(s.namespace, "ns");
    assert_eq!(s.alias.as_deref(), Some("n"));
    assert_eq!((s.pos.line, s.pos.col), (3, 1));
    assert_eq!(&doc.source[s.pos.offset..s.pos.offset + 7], "<Schema");
}

#[test]
fn version_4_01_and_bad_version() {
    let text = wrap("").replace("Version=\"4.0\"", "Version=\"4.01\"");
    assert_eq!(parse(&text).unwrap().version, "4.01");
    let text = wrap("").replace("Version=\"4.0\"", "Version=\"3.0\"");
    assert_error(&text, "1:12", "", "unsupported EDMX version `3.0`");
    let text = wrap("").replace("Version=\"4.0\" ", "");
    assert_error(&text, "1:1", "", "missing required attribute `Version`");
}

#[test]
fn byte_order_mark_with_and_without_declaration() {
    let text = format!("\u{feff}{}", wrap("<EntityType Name=\"t\"/>"));
    let doc = parse(&text).unwrap();
    assert!(doc.source.starts_with("<edmx:Edmx"));
    let t = &doc.schemas[0].entity_types[0];
    assert_eq!((t.pos.line, t.pos.col), (4, 1));
    assert_eq!(&doc.source[t.pos.offset..t.pos.offset + 11], "<EntityType");

    let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
    let text = format!("\u{feff}{decl}{}", wrap("x<EntityType Name=\"t\"/>"));
    let doc = parse(&text).unwrap();
    let t = &doc.schemas[0].entity_types[0];
    assert_eq!((t.pos.line, t.pos.col), (5, 2));
    assert_eq!(&doc.source[t.pos.offset..t.pos.offset + 11], "<EntityType");

    let text = format!(
        "\u{feff}{decl}{}",
        wrap("<EntityType Name=\"t\" Abstract=\"yes\"/>")
    );
    assert_error(&text, "5:22", "Schema(ns)/EntityType(t)", "found `yes`");
}

#[test]
fn declaration_rules() {
    let text = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", wrap(""));
    assert!(parse(&text).is_ok());
    let text = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{}", wrap(""));
    assert_error(&text, "1:1", "", "only UTF-8 is supported");
    let text = format!("\n<?xml version=\"1.0\"?>{}", wrap(""));
    assert_error(&text, "2:1", "", "only allowed at the very start");
}

#[test]
fn references_and_includes() {
    let text = wrap("").replace(
        "<edmx:DataServices>",
        concat!(
            "<edmx:Reference Uri=\"https://example.com/Core.xml\">",
            "<edmx:Include Namespace=\"Org.OData.Core.V1\" Alias=\"Core\"/>",
            "<edmx:Include Namespace=\"Other\"><Annotation Term=\"Core.Description\"/></edmx:Include>",
            "<edmx:IncludeAnnotations TermNamespace=\"X\"/>",
            "</edmx:Reference>\n<edmx:DataServices>"
        ),
    );
    let doc = parse(&text).unwrap();
    assert_eq!(doc.references.len(), 1);
    let r = &doc.references[0];
    assert_eq!(r.uri, "https://example.com/Core.xml");
    assert_eq!((r.pos.line, r.pos.col), (2, 1));
    assert_eq!(r.includes.len(), 2);
    assert_eq!(r.includes[0].namespace, "Org.OData.Core.V1");
    assert_eq!(r.includes[0].alias.as_deref(), Some("Core"));
    assert_eq!(r.includes[1].alias, None);
    assert_eq!(
        &doc.source[r.includes[1].pos.offset..][..13],
        "<edmx:Include"
    );

    let bad = text.replace(" Namespace=\"Other\"", "");
    assert_error(
        &bad,
        "2:110",
        "Reference(https://example.com/Core.xml)/Include",
        "missing required attribute `Namespace`",
    );
}

#[test]
fn entity_and_complex_types() {
    let s = schema(concat!(
        "<EntityType Name=\"t\" BaseType=\"n.base\" Abstract=\"true\" OpenType=\"true\" HasStream=\"true\">\n",
        "  <Key><PropertyRef Name=\"id\"/><PropertyRef Name=\"a/b\" Alias=\"ab\"/></Key>\n",
        "  <Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\" MaxLength=\"max\" Precision=\"7\" ",
        "Scale=\"variable\" DefaultValue=\"x&amp;y\" Unicode=\"false\"/>\n",
        "  <Property Name=\"tags\" Type=\"Collection(Edm.String)\"/>\n",
        "  <NavigationProperty Name=\"owner\" Type=\"n.user\" Nullable=\"true\" Partner=\"owned\" ContainsTarget=\"true\">\n",
        "    <OnDelete Action=\"Cascade\"/>\n",
        "  </NavigationProperty>\n",
        "  <NavigationProperty Name=\"items\" Type=\"Collection(n.item)\" ContainsTarget=\"false\"/>\n",
        "</EntityType>\n",
        "<ComplexType Name=\"c\"><Property Name=\"p\" Type=\"Edm.Int32\"/></ComplexType>\n",
        "<EntityType Name=\"plain\"/>",
    ));
    assert_eq!(s.entity_types.len(), 2);
    let t = &s.entity_types[0];
    assert_eq!(t.name, "t");
    assert_eq!((t.pos.line, t.pos.col), (4, 1));
    assert_eq!(t.base_type.as_deref(), Some("n.base"));
    assert!(t.is_abstract && t.open_type && t.has_stream);
    let key = t.key.as_ref().unwrap();
    assert_eq!(key.len(), 2);
    assert_eq!(
        (key[0].name.as_str(), key[0].alias.as_deref()),
        ("id", None)
    );
    assert_eq!(
        (key[1].name.as_str(), key[1].alias.as_deref()),
        ("a/b", Some("ab"))
    );
    assert_eq!((key[1].pos.line, key[1].pos.col), (5, 32));

    let p = &t.properties[0];
    assert_eq!(
        (p.name.as_str(), p.type_name.as_str()),
        ("id", "Edm.String")
    );
    assert_eq!((p.pos.line, p.pos.col), (6, 3));
    assert_eq!(p.nullable, Some(false));
    assert_eq!(p.max_length.as_deref(), Some("max"));
    assert_eq!(p.precision, Some(7));
    assert_eq!(p.scale.as_deref(), Some("variable"));
    assert_eq!(p.default_value.as_deref(), Some("x&y"));
    let p = &t.properties[1];
    assert_eq!(p.type_name, "Collection(Edm.String)");
    assert_eq!(
        (p.nullable, p.precision, &p.max_length),
        (None, None, &None)
    );

    let n = &t.navigation_properties[0];
    assert_eq!((n.name.as_str(), n.type_name.as_str()), ("owner", "n.user"));
    assert_eq!(n.nullable, Some(true));
    assert_eq!(n.partner.as_deref(), Some("owned"));
    assert!(n.contains_target);
    assert!(!t.navigation_properties[1].contains_target);

    let plain = &s.entity_types[1];
    assert!(!plain.is_abstract && !plain.open_type && !plain.has_stream);
    assert!(plain.key.is_none() && plain.base_type.is_none());

    assert_eq!(s.complex_types.len(), 1);
    assert_eq!(s.complex_types[0].name, "c");
    assert_eq!(s.complex_types[0].properties[0].type_name, "Edm.Int32");
}

#[test]
fn enum_types_and_type_definitions() {
    let s = schema(concat!(
        "<EnumType Name=\"e\" UnderlyingType=\"Edm.Int64\" IsFlags=\"true\">",
        "<Member Name=\"a\"/><Member Name=\"b\" Value=\"-1012\"/>",
        "<Member Name=\"max\" Value=\"9223372036854775807\"/>",
        "<Member Name=\"min\" Value=\"-9223372036854775808\"/></EnumType>\n",
        "<EnumType Name=\"plain\"><Member Name=\"x\" Value=\"0\"/></EnumType>\n",
        "<TypeDefinition Name=\"td\" UnderlyingType=\"Edm.String\"/>",
    ));
    let e = &s.enum_types[0];
    assert_eq!(e.name, "e");
    assert_eq!(e.underlying_type.as_deref(), Some("Edm.Int64"));
    assert!(e.is_flags);
    let values: Vec<_> = e
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.value))
        .collect();
    assert_eq!(
        values,
        [
            ("a", None),
            ("b", Some(-1012)),
            ("max", Some(i64::MAX)),
            ("min", Some(i64::MIN))
        ]
    );
    assert_eq!((e.members[1].pos.line, e.members[1].pos.col), (4, 80));
    assert!(!s.enum_types[1].is_flags && s.enum_types[1].underlying_type.is_none());
    let td = &s.type_definitions[0];
    assert_eq!(
        (td.name.as_str(), td.underlying_type.as_str()),
        ("td", "Edm.String")
    );
    assert_eq!((td.pos.line, td.pos.col), (6, 1));
}

#[test]
fn actions_and_functions() {
    let s = schema(concat!(
        "<Action Name=\"act\" IsBound=\"true\" EntitySetPath=\"bp/items\">\n",
        "  <Parameter Name=\"bp\" Type=\"n.t\" Nullable=\"false\"/>\n",
        "  <Parameter Name=\"opt\" Type=\"Edm.String\">",
        "<Annotation Term=\"Org.OData.Core.V1.OptionalParameter\"/></Parameter>\n",
        "  <ReturnType Type=\"Collection(n.item)\" Nullable=\"false\">",
        "<Annotation Term=\"Core.Description\" String=\"dropped\"/></ReturnType>\n",
        "</Action>\n",
        "<Function Name=\"fn\" IsComposable=\"true\"><ReturnType Type=\"Edm.Int32\"/></Function>",
    ));
    assert_eq!(s.operations.len(), 2);
    let a = &s.operations[0];
    assert_eq!((a.kind, a.name.as_str()), (OperationKind::Action, "act"));
    assert!(a.is_bound && !a.is_composable);
    assert_eq!(a.entity_set_path.as_deref(), Some("bp/items"));
    assert_eq!(a.parameters.len(), 2);
    assert_eq!(a.parameters[0].nullable, Some(false));
    assert_eq!(a.parameters[1].annotations.len(), 1);
    assert_eq!(a.parameters[1].annotations[0].value, None);
    let r = a.return_type.as_ref().unwrap();
    assert_eq!(
        (r.type_name.as_str(), r.nullable),
        ("Collection(n.item)", Some(false))
    );
    assert_eq!((r.pos.line, r.pos.col), (7, 3));
    let f = &s.operations[1];
    assert_eq!((f.kind, f.name.as_str()), (OperationKind::Function, "fn"));
    assert!(f.is_composable && !f.is_bound);
    assert_eq!(f.return_type.as_ref().unwrap().nullable, None);
}

#[test]
fn entity_container() {
    let s = schema(concat!(
        "<EntityContainer Name=\"c\">\n",
        "  <EntitySet Name=\"users\" EntityType=\"n.user\">",
        "<NavigationPropertyBinding Path=\"manager\" Target=\"users\"/></EntitySet>\n",
        "  <Singleton Name=\"me\" Type=\"n.user\">",
        "<NavigationPropertyBinding Path=\"a/n.b/c\" Target=\"c/users\"/>",
        "<Annotation Term=\"T\" Bool=\"false\"/></Singleton>\n",
        "  <ActionImport Name=\"ai\" Action=\"n.act\" EntitySet=\"users\"/>\n",
        "  <FunctionImport Name=\"fi\" Function=\"n.fn\" IncludeInServiceDocument=\"true\"/>\n",
        "  <Annotation Term=\"C\"/>\n",
        "</EntityContainer>",
    ));
    let c = &s.containers[0];
    assert_eq!(c.name, "c");
    let set = &c.entity_sets[0];
    assert_eq!(
        (set.name.as_str(), set.entity_type.as_str()),
        ("users", "n.user")
    );
    assert_eq!(set.bindings[0].path, "manager");
    assert_eq!(set.bindings[0].target, "users");
    assert_eq!((set.bindings[0].pos.line, set.bindings[0].pos.col), (5, 47));
    let me = &c.singletons[0];
    assert_eq!((me.name.as_str(), me.type_name.as_str()), ("me", "n.user"));
    assert_eq!(me.bindings[0].path, "a/n.b/c");
    assert_eq!(me.annotations[0].value, Some(Expr::Bool(false)));
    let ai = &c.action_imports[0];
    assert_eq!((ai.name.as_str(), ai.operation.as_str()), ("ai", "n.act"));
    assert_eq!(ai.entity_set.as_deref(), Some("users"));
    let fi = &c.function_imports[0];
    assert_eq!(
        (
            fi.name.as_str(),
            fi.operation.as_str(),
            fi.entity_set.as_deref()
        ),
        ("fi", "n.fn", None)
    );
    assert_eq!(c.annotations[0].term, "C");
}

#[test]
fn terms_and_out_of_line_annotations() {
    let s = schema(concat!(
        "<Term Name=\"t\" Type=\"Edm.Boolean\" AppliesTo=\"EntityType Property\">",
        "<Annotation Term=\"Core.Description\" String=\"d\"/></Term>\n",
        "<Annotations Target=\"n.user/manager\" Qualifier=\"q\">",
        "<Annotation Term=\"A\" Qualifier=\"x\" Int=\"3\"/><Annotation Term=\"B\"/></Annotations>\n",
        "<Annotation Term=\"OnSchema\" String=\"s\"/>",
    ));
    let t = &s.terms[0];
    assert_eq!(
        (t.name.as_str(), t.type_name.as_str()),
        ("t", "Edm.Boolean")
    );
    assert_eq!(t.applies_to.as_deref(), Some("EntityType Property"));
    assert_eq!(t.annotations[0].value, Some(Expr::String("d".into())));
    assert_eq!(s.annotations.len(), 2);
    let a = &s.annotations[0];
    assert_eq!(a.target, "n.user/manager");
    assert_eq!(a.qualifier.as_deref(), Some("q"));
    assert_eq!((a.pos.line, a.pos.col), (5, 1));
    assert_eq!(a.annotations.len(), 2);
    assert_eq!(a.annotations[0].qualifier.as_deref(), Some("x"));
    assert_eq!(a.annotations[0].value, Some(Expr::Int(3)));
    // An annotation of the schema itself becomes an `Annotations` targeting the schema.
    let on_schema = &s.annotations[1];
    assert_eq!(on_schema.target, "ns");
    assert_eq!(on_schema.annotations[0].term, "OnSchema");
    assert_eq!((on_schema.pos.line, on_schema.pos.col), (6, 1));
}

#[test]
fn inline_annotations_everywhere() {
    let a = |t: &str| format!("<Annotation Term=\"{t}\"/>");
    let body = format!(
        concat!(
            "<EntityType Name=\"t\">{}<Property Name=\"p\" Type=\"Edm.String\">{}</Property>",
            "<NavigationProperty Name=\"n\" Type=\"n.t\">{}</NavigationProperty></EntityType>\n",
            "<ComplexType Name=\"c\">{}</ComplexType>\n",
            "<EnumType Name=\"e\">{}<Member Name=\"m\">{}</Member></EnumType>\n",
            "<TypeDefinition Name=\"d\" UnderlyingType=\"Edm.String\">{}</TypeDefinition>\n",
            "<Function Name=\"f\">{}<Parameter Name=\"x\" Type=\"Edm.String\">{}</Parameter>",
            "<ReturnType Type=\"Edm.String\">{}</ReturnType></Function>\n",
            "<EntityContainer Name=\"ec\">{}<EntitySet Name=\"s\" EntityType=\"n.t\">{}</EntitySet>",
            "<Singleton Name=\"g\" Type=\"n.t\">{}</Singleton>",
            "<ActionImport Name=\"ai\" Action=\"n.a\">{}</ActionImport></EntityContainer>\n",
            "<Term Name=\"term\" Type=\"Edm.String\">{}</Term>",
        ),
        a("type"),
        a("prop"),
        a("nav"),
        a("complex"),
        a("enum"),
        a("member"),
        a("typedef"),
        a("op"),
        a("param"),
        a("ret"),
        a("container"),
        a("set"),
        a("single"),
        a("import"),
        a("term"),
    );
    let s = schema(&body);
    let terms = |v: &[Annotation]| v.iter().map(|a| a.term.clone()).collect::<Vec<_>>();
    let t = &s.entity_types[0];
    assert_eq!(terms(&t.annotations), ["type"]);
    assert_eq!(terms(&t.properties[0].annotations), ["prop"]);
    assert_eq!(terms(&t.navigation_properties[0].annotations), ["nav"]);
    assert_eq!(terms(&s.complex_types[0].annotations), ["complex"]);
    assert_eq!(terms(&s.enum_types[0].annotations), ["enum"]);
    assert_eq!(terms(&s.enum_types[0].members[0].annotations), ["member"]);
    assert_eq!(terms(&s.type_definitions[0].annotations), ["typedef"]);
    assert_eq!(terms(&s.operations[0].annotations), ["op"]);
    assert_eq!(terms(&s.operations[0].parameters[0].annotations), ["param"]);
    let c = &s.containers[0];
    assert_eq!(terms(&c.annotations), ["container"]);
    assert_eq!(terms(&c.entity_sets[0].annotations), ["set"]);
    assert_eq!(terms(&c.singletons[0].annotations), ["single"]);
    assert_eq!(terms(&s.terms[0].annotations), ["term"]);
}

#[test]
fn foreign_namespaces_and_unknown_elements_are_ignored() {
    let s = schema(concat!(
        "<x:Extra xmlns:x=\"urn:x\" x:a=\"1\"><EntityType Name=\"hidden\"/><x:More/></x:Extra>\n",
        "<EntityType Name=\"t\" x:flag=\"zzz\" xmlns:x=\"urn:x\" Unknown=\"1\">",
        "<x:Property Name=\"ignored\" Type=\"x\"/>",
        "<Property Name=\"p\" Type=\"Edm.String\" x:Nullable=\"maybe\"/>",
        "<Bogus><Property Name=\"q\" Type=\"Edm.String\"/></Bogus>",
        "</EntityType>\n",
        "<Property xmlns=\"urn:other\" Name=\"not edm\"/>\n",
        "<FutureElement Name=\"f\"/>",
    ));
    assert_eq!(s.entity_types.len(), 1);
    let t = &s.entity_types[0];
    assert_eq!(t.name, "t");
    assert_eq!(t.properties.len(), 1);
    assert_eq!(t.properties[0].nullable, None);
}

#[test]
fn any_prefix_works() {
    let text = concat!(
        "<x:Edmx Version=\"4.0\" xmlns:x=\"http://docs.oasis-open.org/odata/ns/edmx\" ",
        "xmlns:e=\"http://docs.oasis-open.org/odata/ns/edm\">",
        "<x:DataServices><e:Schema Namespace=\"ns\"><e:EntityType Name=\"t\"/>",
        "<EntityType Name=\"unqualified, no default namespace\"/>",
        "</e:Schema></x:DataServices></x:Edmx>",
    );
    let doc = parse(text).unwrap();
    let names: Vec<_> = doc.schemas[0]
        .entity_types
        .iter()
        .map(|t| &t.name)
        .collect();
    assert_eq!(names, ["t"]);
    // A schema outside the EDM namespace is not a schema.
    let text = wrap("").replace(
        "xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"",
        "xmlns=\"urn:v3\"",
    );
    assert!(parse(&text).unwrap().schemas.is_empty());
}

#[test]
fn positions_count_characters_and_match_pos_at() {
    let body = concat!(
        "<EntityType Name=\"t\"><!-- é ü 😀 -->\n",
        "  <Property Name=\"ä\" Type=\"Edm.String\"><Annotation Term=\"D\" String=\"ß€\"/></Property>",
        "<Property Name=\"b\" Type=\"Edm.String\"/>\r\n\t<Property Name=\"c\" Type=\"Edm.String\"/>\n",
        "</EntityType>",
    );
    let doc = parse(&wrap(body)).unwrap();
    let t = &doc.schemas[0].entity_types[0];
    let positions: Vec<_> = t
        .properties
        .iter()
        .map(|p| (p.pos.line, p.pos.col))
        .collect();
    assert_eq!(positions, [(5, 3), (5, 85), (6, 2)]);
    let annotation = &t.properties[0].annotations[0];
    assert_eq!((annotation.pos.line, annotation.pos.col), (5, 40));
    for pos in t
        .properties
        .iter()
        .map(|p| p.pos)
        .chain([t.pos, annotation.pos])
    {
        assert_eq!(pos, pos_at(&doc.source, pos.offset));
        assert!(doc.source[pos.offset..].starts_with('<'));
    }
}
