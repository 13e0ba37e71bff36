//! Tests of the CSDL reader on small inline documents and on the real Graph files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::*;
use crate::csdl::syntax::Expr;

const HEAD: &str = concat!(
    "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
    "<edmx:DataServices>\n",
    "<Schema Namespace=\"ns\" Alias=\"n\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
);
const TAIL: &str = "\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n";

/// A document whose schema body starts on line 4, column 1.
fn wrap(body: &str) -> String {
    format!("{HEAD}{body}{TAIL}")
}

fn parse(text: &str) -> Result<Document> {
    parse_str(Path::new("t.xml"), text)
}

fn schema(body: &str) -> Schema {
    match parse(&wrap(body)) {
        Ok(mut doc) => doc.schemas.remove(0),
        Err(err) => panic!("{err}"),
    }
}

fn error(text: &str) -> String {
    match parse(text) {
        Ok(_) => panic!("parsed, but an error was expected:\n{text}"),
        Err(err) => err.to_string(),
    }
}

/// Asserts that `text` fails at `line_col` inside `path` with a message containing `msg`.
fn assert_error(text: &str, line_col: &str, path: &str, msg: &str) {
    let err = error(text);
    let head = if path.is_empty() {
        format!("t.xml:{line_col}: ")
    } else {
        format!("t.xml:{line_col}: {path}: ")
    };
    assert!(
        err.starts_with(&head),
        "expected `{head}...{msg}`, got:\n{err}"
    );
    assert!(err.contains(msg), "expected `{msg}` in:\n{err}");
}

fn shared(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/metadata")
        .join(rel)
}

/// The shared file `rel`, or `None` (after printing why) when it is absent and not
/// required by `GRAPHGEN_REQUIRE_SHARED=1`.
fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = shared(rel);
    if path.is_file() {
        return Some(path);
    }
    if std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!(
            "{} is missing and GRAPHGEN_REQUIRE_SHARED=1",
            path.display()
        );
    }
    println!("skipped: {} not found", path.display());
    None
}

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

#[test]
fn bad_booleans_and_integers() {
    let cases = [
        (
            "<EntityType Name=\"t\" Abstract=\"True\"/>",
            "4:22",
            "Schema(ns)/EntityType(t)",
            "found `True`",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.String\" Nullable=\"1\"/></EntityType>",
            "4:59",
            "Schema(ns)/EntityType(t)/Property(p)",
            "attribute `Nullable`: expected `true` or `false`, found `1`",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.Decimal\" Precision=\"-1\"/></EntityType>",
            "4:60",
            "Schema(ns)/EntityType(t)/Property(p)",
            "`-1` is not a valid precision",
        ),
        (
            "<EnumType Name=\"e\">\n  <Member Name=\"m\" Value=\"1x\"/></EnumType>",
            "5:20",
            "Schema(ns)/EnumType(e)/Member(m)",
            "`1x` is not a valid 64-bit integer",
        ),
        (
            "<EnumType Name=\"e\"><Member Name=\"m\" Value=\"9223372036854775808\"/></EnumType>",
            "4:37",
            "Schema(ns)/EnumType(e)/Member(m)",
            "not a valid 64-bit integer",
        ),
        (
            "<Action Name=\"a\" IsBound=\"yes\"/>",
            "4:18",
            "Schema(ns)/Action(a)",
            "found `yes`",
        ),
        (
            "<EntityContainer Name=\"c\"/><Annotations Target=\"x\"><Annotation Term=\"T\" Int=\"1.5\"/></Annotations>",
            "4:73",
            "Schema(ns)/Annotations(x)/Annotation(T)",
            "attribute `Int`: `1.5` is not a valid 64-bit integer",
        ),
        (
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><Bool>yes</Bool></Annotation></Annotations>",
            "4:46",
            "Schema(ns)/Annotations(x)/Annotation(T)",
            "found `yes`",
        ),
    ];
    for (body, at, path, msg) in cases {
        assert_error(&wrap(body), at, path, msg);
    }
}

#[test]
fn missing_required_attributes() {
    let cases = [
        ("<EntityType/>", "Schema(ns)/EntityType", "Name"),
        (
            "<ComplexType Abstract=\"true\"/>",
            "Schema(ns)/ComplexType",
            "Name",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\"/></EntityType>",
            "Schema(ns)/EntityType(t)/Property(p)",
            "Type",
        ),
        (
            "<EntityType Name=\"t\"><NavigationProperty Name=\"n\"/></EntityType>",
            "Schema(ns)/EntityType(t)/NavigationProperty(n)",
            "Type",
        ),
        (
            "<EntityType Name=\"t\"><Key><PropertyRef/></Key></EntityType>",
            "Schema(ns)/EntityType(t)/Key/PropertyRef",
            "Name",
        ),
        (
            "<EnumType Name=\"e\"><Member Value=\"1\"/></EnumType>",
            "Schema(ns)/EnumType(e)/Member",
            "Name",
        ),
        (
            "<TypeDefinition Name=\"d\"/>",
            "Schema(ns)/TypeDefinition(d)",
            "UnderlyingType",
        ),
        (
            "<Action Name=\"a\"><Parameter Name=\"p\"/></Action>",
            "Schema(ns)/Action(a)/Parameter(p)",
            "Type",
        ),
        (
            "<Function Name=\"f\"><ReturnType/></Function>",
            "Schema(ns)/Function(f)/ReturnType",
            "Type",
        ),
        ("<Annotations/>", "Schema(ns)/Annotations", "Target"),
        (
            "<Annotations Target=\"x\"><Annotation/></Annotations>",
            "Schema(ns)/Annotations(x)/Annotation",
            "Term",
        ),
        (
            "<EntityContainer Name=\"c\"><EntitySet Name=\"s\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/EntitySet(s)",
            "EntityType",
        ),
        (
            "<EntityContainer Name=\"c\"><Singleton Name=\"s\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/Singleton(s)",
            "Type",
        ),
        (
            "<EntityContainer Name=\"c\"><ActionImport Name=\"i\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/ActionImport(i)",
            "Action",
        ),
        (
            "<EntityContainer Name=\"c\"><FunctionImport Name=\"i\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/FunctionImport(i)",
            "Function",
        ),
        (
            "<EntityContainer Name=\"c\"><EntitySet Name=\"s\" EntityType=\"n.t\"><NavigationPropertyBinding Path=\"p\"/></EntitySet></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/EntitySet(s)/NavigationPropertyBinding(p)",
            "Target",
        ),
        ("<Term Name=\"t\"/>", "Schema(ns)/Term(t)", "Type"),
        (
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><Record><PropertyValue Bool=\"true\"/></Record></Annotation></Annotations>",
            "Schema(ns)/Annotations(x)/Annotation(T)/Record/PropertyValue",
            "Property",
        ),
    ];
    for (body, path, attr) in cases {
        let err = error(&wrap(body));
        assert!(err.starts_with("t.xml:4:"), "{err}");
        assert!(
            err.contains(&format!(": {path}: missing required attribute `{attr}`")),
            "{err}"
        );
    }
    let text = wrap("").replace(" Namespace=\"ns\"", "");
    assert_error(
        &text,
        "3:1",
        "Schema",
        "missing required attribute `Namespace`",
    );
    let err = error(&wrap("<EntityType Name=\"\"/>"));
    assert!(
        err.contains("t.xml:4:1: Schema(ns)/EntityType(): attribute `Name` must not be empty"),
        "{err}"
    );
}

#[test]
fn doctype_is_refused() {
    let text = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n{}",
        wrap("<EntityType Name=\"&lol2;\"/>")
    );
    assert_error(&text, "2:1", "", "DOCTYPE is not allowed");
    assert_error(
        &format!("<!DOCTYPE Edmx>{}", wrap("")),
        "1:1",
        "",
        "DOCTYPE is not allowed",
    );
}

#[test]
fn only_predefined_entities_and_character_references() {
    let s = schema(concat!(
        "<Annotations Target=\"a&lt;b&gt;c&amp;d&apos;e&quot;f&#x41;&#66;\">",
        "<Annotation Term=\"T\"><String>&lt;&#x9;&amp;&#233;</String></Annotation></Annotations>",
    ));
    assert_eq!(s.annotations[0].target, "a<b>c&d'e\"fAB");
    assert_eq!(
        s.annotations[0].annotations[0].value,
        Some(Expr::String("<\t&é".into()))
    );

    assert_error(
        &wrap("<EntityType Name=\"t\" BaseType=\"&ext;\"/>"),
        "4:22",
        "Schema(ns)/EntityType(t)",
        "entity reference `&ext;` is not allowed",
    );
    assert_error(
        &wrap(
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><String>a&nbsp;b</String></Annotation></Annotations>",
        ),
        "4:55",
        "Schema(ns)/Annotations(x)/Annotation(T)/String",
        "entity reference `&nbsp;` is not allowed",
    );
    assert_error(
        &wrap("&foo;"),
        "4:1",
        "Schema(ns)",
        "entity reference `&foo;`",
    );
    assert_error(&wrap("a & b"), "4:3", "Schema(ns)", "malformed XML");
    assert_error(
        &wrap("&#0;"),
        "4:1",
        "Schema(ns)",
        "invalid character reference `&#0;`",
    );
}

#[test]
fn malformed_xml() {
    assert_error(
        &wrap("<EntityType Name=\"t\">\n</ComplexType>"),
        "5:1",
        "Schema(ns)/EntityType(t)",
        "malformed XML",
    );
    assert_error(
        &wrap("<EntityType Name=t/>"),
        "4:18",
        "Schema(ns)/EntityType",
        "malformed attribute",
    );
    assert_error(
        &wrap("<EntityType Name=\"a\" Name=\"b\"/>"),
        "4:22",
        "Schema(ns)/EntityType(a)",
        "malformed attribute",
    );
    assert_error(
        &wrap("<EntityType Name=\"a\"/").replace(TAIL, ""),
        "4:1",
        "Schema(ns)",
        "malformed XML",
    );
    assert_error(
        &format!("{}x", wrap("")),
        "8:1",
        "",
        "text outside the root element",
    );
    assert_error(
        &format!("x{}", wrap("")),
        "1:1",
        "",
        "text outside the root element",
    );
    assert_error(
        &format!("{}<a/>", wrap("")),
        "8:1",
        "",
        "more than one root element",
    );
    assert_error("", "1:1", "", "no root element");
    assert_error("  \n ", "2:2", "", "no root element");
    assert_error(
        "<Edmx Version=\"4.0\"/>",
        "1:1",
        "",
        "the root element must be `edmx:Edmx`",
    );
    assert_error(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"/>",
        "1:1",
        "",
        "has no `edmx:DataServices`",
    );
    assert_error(
        &wrap("<p:EntityType Name=\"t\"/>"),
        "4:1",
        "Schema(ns)",
        "undeclared namespace prefix `p`",
    );
    assert_error(
        &wrap("<EntityType Name=\"t\"><Key/><Key/></EntityType>"),
        "4:28",
        "Schema(ns)/EntityType(t)/Key",
        "more than one `Key`",
    );
}

#[test]
fn truncated_document() {
    let full =
        wrap("<EntityType Name=\"t\">\n<Property Name=\"p\" Type=\"Edm.String\"/>\n</EntityType>");
    let cut = &full[..full.find("</EntityType>").unwrap()];
    assert_error(
        cut,
        "6:1",
        "Schema(ns)/EntityType(t)",
        "unexpected end of input: `<EntityType>` opened at 4:1 is not closed",
    );
    // Every prefix of a document is rejected without panicking.
    for end in (0..full.trim_end().len()).filter(|&i| full.is_char_boundary(i)) {
        assert!(parse(&full[..end]).is_err(), "prefix of {end} bytes parsed");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 10_000;
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = error(&wrap(&body));
    // Edmx, DataServices and Schema are levels 1 to 3; the 62nd `<a>` is level 65.
    let col = 1 + 61 * 3;
    assert!(
        err.starts_with(&format!("t.xml:4:{col}: Schema(ns)/a/a/")),
        "{}",
        &err[..80]
    );
    assert!(err.contains("nested deeper than 64 levels"));

    // The same through the recursive expression reader.
    let body = format!(
        "<Annotations Target=\"x\"><Annotation Term=\"T\">{}{}</Annotation></Annotations>",
        "<Collection>".repeat(depth),
        "</Collection>".repeat(depth)
    );
    assert!(error(&wrap(&body)).contains("nested deeper than 64 levels"));

    // 64 levels are fine.
    let body = format!("{}{}", "<a>".repeat(61), "</a>".repeat(61));
    assert!(parse(&wrap(&body)).is_ok());
}

#[test]
fn parse_file_reads_utf8_and_rejects_other_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xml");
    std::fs::write(
        &good,
        format!("\u{feff}{}", wrap("<EntityType Name=\"t\"/>")),
    )
    .unwrap();
    let doc = parse_file(&good).unwrap();
    assert_eq!(doc.schemas[0].entity_types[0].name, "t");

    let bad = dir.path().join("bad.xml");
    let mut bytes = format!("\u{feff}{HEAD}<EntityType Name=\"caf").into_bytes();
    bytes.push(0xE9); // Latin-1 `é`
    bytes.extend_from_slice(b"\"/>");
    std::fs::write(&bad, bytes).unwrap();
    let err = parse_file(&bad).unwrap_err().to_string();
    let expected = format!(
        "{}:4:22: the file is not valid UTF-8 (invalid byte 0xE9)",
        bad.display()
    );
    assert!(err.starts_with(&expected), "{err}");

    let missing = dir.path().join("missing.xml");
    assert!(matches!(parse_file(&missing), Err(Error::Io { .. })));
}

/// Real Graph metadata: counts checked with grep.
#[test]
fn shared_metadata_files() {
    // (file, schemas, entity types, complex types, enum types, Annotations, operations,
    //  properties, navigation properties)
    let files = [
        (
            "v1.0/cleanMetadata.v1.0.xml",
            11,
            1182,
            1780,
            861,
            4918,
            1181,
            10528,
            1432,
        ),
        (
            "v1.0/v1.0-Prod.csdl",
            11,
            1182,
            1779,
            861,
            4878,
            1183,
            10525,
            1432,
        ),
        (
            "v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml",
            5,
            705,
            780,
            486,
            3484,
            954,
            6719,
            850,
        ),
        (
            "beta/beta-USNat.csdl",
            6,
            722,
            1044,
            479,
            284,
            956,
            6660,
            1064,
        ),
        (
            "beta/cleanMetadata.beta.2021-06-08.xml",
            7,
            1309,
            1250,
            860,
            7695,
            1248,
            13120,
            1467,
        ),
        (
            "beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml",
            1,
            1107,
            978,
            690,
            6693,
            1083,
            11063,
            1189,
        ),
    ];
    for (rel, schemas, entities, complexes, enums, annotations, operations, props, navs) in files {
        let Some(path) = shared_file(rel) else { return };
        let doc = match parse_file(&path) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        let sum = |f: &dyn Fn(&Schema) -> usize| doc.schemas.iter().map(f).sum::<usize>();
        let structured = |f: &dyn Fn(&StructuredType) -> usize| {
            sum(&|s| s.entity_types.iter().chain(&s.complex_types).map(f).sum())
        };
        let counts = (
            doc.schemas.len(),
            sum(&|s| s.entity_types.len()),
            sum(&|s| s.complex_types.len()),
            sum(&|s| s.enum_types.len()),
            sum(&|s| s.annotations.len()),
            sum(&|s| s.operations.len()),
            structured(&|t| t.properties.len()),
            structured(&|t| t.navigation_properties.len()),
        );
        assert_eq!(
            counts,
            (
                schemas,
                entities,
                complexes,
                enums,
                annotations,
                operations,
                props,
                navs
            ),
            "{rel}"
        );
        assert_eq!(doc.version, "4.0");
        assert_eq!(doc.schemas[0].namespace, "microsoft.graph");
    }

    let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
        return;
    };
    let doc = parse_file(&path).unwrap();
    let graph = &doc.schemas[0];
    assert_eq!(graph.alias.as_deref(), Some("graph"));
    let ap = graph
        .entity_types
        .iter()
        .find(|t| t.name == "accessPackage")
        .unwrap();
    assert_eq!((ap.pos.line, ap.pos.col), (12161, 7));
    assert_eq!(ap.base_type.as_deref(), Some("graph.entity"));
    assert_eq!(ap.properties.len(), 5);
    let navs: Vec<_> = ap
        .navigation_properties
        .iter()
        .map(|n| (n.name.as_str(), n.contains_target))
        .collect();
    assert_eq!(
        navs,
        [
            ("accessPackagesIncompatibleWith", false),
            ("assignmentPolicies", true),
            ("catalog", false),
            ("incompatibleAccessPackages", false),
            ("incompatibleGroups", false),
            ("resourceRoleScopes", true),
        ]
    );
    let groups = &ap.navigation_properties[4];
    assert_eq!(groups.type_name, "Collection(graph.group)");
    let restrictions = &groups.annotations[0];
    assert_eq!(
        restrictions.term,
        "Org.OData.Capabilities.V1.NavigationRestrictions"
    );
    let Some(Expr::Record(record)) = &restrictions.value else {
        panic!("{:?}", restrictions.value)
    };
    assert_eq!(record.get("Referenceable"), Some(&Expr::Bool(true)));
    // The alternate key: a Collection of Records whose `Key` holds a PropertyPath.
    let Some(Expr::Collection(keys)) = &ap.annotations[0].value else {
        panic!()
    };
    let Expr::Record(alternate) = &keys[0] else {
        panic!()
    };
    assert_eq!(
        alternate.type_name.as_deref(),
        Some("Org.OData.Core.V1.AlternateKey")
    );
    let Some(Expr::Collection(refs)) = alternate.get("Key") else {
        panic!()
    };
    let Expr::Record(key) = &refs[0] else {
        panic!()
    };
    assert_eq!(key.get("Alias"), Some(&Expr::String("uniqueName".into())));
    assert_eq!(
        key.get("Name"),
        Some(&Expr::Path {
            kind: "PropertyPath".into(),
            path: "uniqueName".into()
        })
    );
    let security = doc
        .schemas
        .iter()
        .find(|s| s.namespace == "microsoft.graph.security")
        .unwrap();
    assert_eq!(security.alias.as_deref(), Some("self"));
}

/// Release timing of the full v1.0 file:
/// `cargo test -p graphgen --release --lib csdl::parser::tests::parse_time -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn parse_time() {
    let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut best = f64::MAX;
    for _ in 0..10 {
        let start = Instant::now();
        let doc = parse_str(&path, &text).unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(doc.schemas.len(), 11);
    }
    println!("parse of {} bytes: best {:.1} ms", text.len(), best * 1e3);
    assert!(best < 0.1, "parsing took {best} s");
}
