//! Lowering's answers to the documents of issue 13: valid constructs it used to refuse (key
//! paths with aliases, the abstract built-in types, annotations of a schema), invalid ones
//! it used to take (entity-typed keys and properties), unloaded references, and every error
//! of a document reported at once.

use std::path::Path;

use super::{LowerOptions, lower, lower_with};
use crate::csdl::parse_str;
use crate::error::{Error, MAX_SHOWN_ERRORS};
use crate::ir::{KeyProperty, Model, Primitive, TypeKind, TypeRef};

/// A document of one schema `n` (alias `a`) holding `body`, which starts on line 5,
/// after `before_schema` (references) on line 3.
fn doc(before_schema: &str, body: &str) -> String {
    format!(
        "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\" Version=\"4.01\">\n\
         {before_schema}\n\
         <edmx:DataServices>\n\
         <Schema Namespace=\"n\" Alias=\"a\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n\
         {body}\n\
         </Schema></edmx:DataServices></edmx:Edmx>"
    )
}

fn lower_doc(text: &str, options: LowerOptions) -> crate::error::Result<Model> {
    let d = parse_str(Path::new("t.xml"), text).expect("parses");
    lower_with(&[d], options)
}

fn model(body: &str) -> Model {
    lower_doc(&doc("", body), LowerOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn errors(body: &str) -> Error {
    let d = parse_str(Path::new("t.xml"), &doc("", body)).expect("parses");
    lower(&[d]).expect_err("must fail")
}

/// The one error lowering `body` gives, as text.
fn error(body: &str) -> String {
    let e = errors(body);
    assert_eq!(e.diagnostics().len(), 1, "{e}");
    e.to_string()
}

fn key_of(m: &Model, name: &str) -> Vec<KeyProperty> {
    m.struct_def(m.type_index[name])
        .expect("struct")
        .key
        .clone()
}

const INFO: &str = r#"<ComplexType Name="Info"><Property Name="ID" Type="Edm.Int32" Nullable="false"/><Property Name="Tag" Type="Edm.String"/></ComplexType>"#;

#[test]
fn a_key_property_path_through_complex_properties_is_named_by_its_alias() {
    let m = model(&format!(
        r#"{INFO}
<ComplexType Name="Outer"><Property Name="Info" Type="a.Info" Nullable="false"/></ComplexType>
<EntityType Name="Cat"><Key><PropertyRef Name="Info/ID" Alias="InfoID"/></Key><Property Name="Info" Type="n.Info" Nullable="false"/></EntityType>
<EntityType Name="Deep"><Key><PropertyRef Name="O/Info/ID" Alias="Id"/><PropertyRef Name="code"/></Key><Property Name="O" Type="n.Outer"/><Property Name="code" Type="Edm.String"/></EntityType>
<EntityType Name="Kitten" BaseType="n.Cat"/>"#
    ));
    let int = TypeRef::Primitive(Primitive::Int32);
    let cat = key_of(&m, "n.Cat");
    assert_eq!(
        cat,
        [KeyProperty {
            name: "InfoID".into(),
            path: vec!["Info".into(), "ID".into()],
            ty: int.clone(),
        }]
    );
    assert_eq!(cat[0].own_property(), None);
    // A derived type has its base type's key.
    assert_eq!(key_of(&m, "n.Kitten"), cat);
    let deep = key_of(&m, "n.Deep");
    assert_eq!(deep[0].path, ["O", "Info", "ID"]);
    assert_eq!((deep[0].name.as_str(), &deep[0].ty), ("Id", &int));
    assert_eq!(
        deep[1],
        KeyProperty::own("code", TypeRef::Primitive(Primitive::String))
    );
    assert_eq!(deep[1].own_property(), Some("code"));
}

#[test]
fn a_key_property_path_needs_an_alias_and_complex_properties_to_go_through() {
    let e = error(&format!(
        r#"{INFO}
<EntityType Name="Cat"><Key><PropertyRef Name="Info/ID"/></Key><Property Name="Info" Type="n.Info"/></EntityType>"#
    ));
    assert!(e.starts_with("t.xml:6:29: Schema(n)/EntityType(Cat)/Key/PropertyRef(Info/ID): key property path `Info/ID` goes through a complex property, so it needs an `Alias`"), "{e}");
    let e = error(
        r#"<EntityType Name="Cat"><Key><PropertyRef Name="name/ID" Alias="x"/></Key><Property Name="name" Type="Edm.String"/></EntityType>"#,
    );
    assert!(
        e.contains("key property path `name/ID`: `name` is not a single-valued complex property"),
        "{e}"
    );
    let e = error(&format!(
        r#"{INFO}
<EntityType Name="Cat"><Key><PropertyRef Name="Info/Nope" Alias="x"/></Key><Property Name="Info" Type="n.Info"/></EntityType>"#
    ));
    assert!(
        e.contains("key property `Info/Nope` does not exist on `n.Info`"),
        "{e}"
    );
}

#[test]
fn a_key_property_must_have_a_key_type() {
    // The repro's case: the key property is an entity. Both the key and the property are
    // wrong, each in its own way, in document order.
    let e = errors(
        r#"<EntityType Name="W"><Key><PropertyRef Name="code"/></Key><Property Name="code" Type="Edm.String" Nullable="false"/></EntityType>
<EntityType Name="Item"><Key><PropertyRef Name="w"/></Key><Property Name="w" Type="n.W" Nullable="false"/></EntityType>"#,
    );
    let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{e}");
    assert!(
        shown[0].starts_with("t.xml:6:30: Schema(n)/EntityType(Item)/Key/PropertyRef(w): key property `w` has type `n.W`; a key property must have an enum type"),
        "{e}"
    );
    assert!(
        shown[1].starts_with("t.xml:6:59: Schema(n)/EntityType(Item)/Property(w): a structural property cannot have an entity type (`n.W`)"),
        "{e}"
    );
    // A key property left out for an unknown type is not reported again by the key.
    let e = error(
        r#"<EntityType Name="T"><Key><PropertyRef Name="k"/></Key><Property Name="k" Type="n.Nope"/></EntityType>"#,
    );
    assert!(e.contains("Property(k): unknown type `n.Nope`"), "{e}");
    for (ty, shown) in [
        ("n.Info", "n.Info"),
        ("Collection(Edm.String)", "Collection(Edm.String)"),
        ("Edm.Double", "Edm.Double"),
        ("Edm.Stream", "Edm.Stream"),
        ("Edm.Untyped", "Edm.Untyped"),
        ("Edm.GeographyPoint", "Edm.Geography…/Edm.Geometry…"),
        ("n.Real", "n.Real"),
    ] {
        let e = error(&format!(
            r#"{INFO}<TypeDefinition Name="Real" UnderlyingType="Edm.Double"/>
<EntityType Name="T"><Key><PropertyRef Name="k"/></Key><Property Name="k" Type="{ty}"/></EntityType>"#
        ));
        assert!(
            e.starts_with("t.xml:6:27: Schema(n)/EntityType(T)/Key/PropertyRef(k): "),
            "{e}"
        );
        assert!(
            e.contains(&format!("key property `k` has type `{shown}`; a key property must have an enum type, a primitive type")),
            "{e}"
        );
    }
    // Enums, type definitions of a key's primitive, and the key primitives are keys.
    let m = model(
        r#"<EnumType Name="E"><Member Name="x"/></EnumType><TypeDefinition Name="Code" UnderlyingType="Edm.String"/>
<EntityType Name="T"><Key><PropertyRef Name="e"/><PropertyRef Name="c"/><PropertyRef Name="d"/><PropertyRef Name="g"/></Key>
<Property Name="e" Type="a.E"/><Property Name="c" Type="n.Code"/><Property Name="d" Type="Edm.Date"/><Property Name="g" Type="Edm.Guid"/></EntityType>"#,
    );
    let names: Vec<String> = key_of(&m, "n.T").into_iter().map(|k| k.name).collect();
    assert_eq!(names, ["e", "c", "d", "g"]);
}

#[test]
fn a_structural_property_cannot_have_an_entity_type() {
    let e = errors(
        r#"<EntityType Name="W"><Key><PropertyRef Name="code"/></Key><Property Name="code" Type="Edm.String" Nullable="false"/></EntityType>
<ComplexType Name="C"><Property Name="w" Type="n.W"/><Property Name="ws" Type="Collection(a.W)"/></ComplexType>"#,
    );
    let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{e}");
    assert!(shown[0].starts_with("t.xml:6:23: Schema(n)/ComplexType(C)/Property(w): a structural property cannot have an entity type (`n.W`); use a NavigationProperty"), "{e}");
    assert!(shown[1].starts_with("t.xml:6:54: Schema(n)/ComplexType(C)/Property(ws): a structural property cannot have an entity type (`n.W`)"), "{e}");
}

#[test]
fn with_skip_unresolved_an_entity_typed_property_is_kept_with_a_warning() {
    let body = r#"<EntityType Name="W"><Key><PropertyRef Name="code"/></Key><Property Name="code" Type="Edm.String" Nullable="false"/></EntityType>
<ComplexType Name="C"><Property Name="w" Type="n.W"/></ComplexType>"#;
    let skip = LowerOptions {
        skip_unresolved: true,
    };
    let m = lower_doc(&doc("", body), skip).expect("lowers");
    let c = m.struct_def(m.type_index["n.C"]).unwrap();
    assert_eq!(c.fields[0].ty, TypeRef::Named(m.type_index["n.W"]));
    let warnings: Vec<String> = m.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].starts_with("t.xml:6:23: Schema(n)/ComplexType(C)/Property(w): a structural property cannot have an entity type (`n.W`); use a NavigationProperty to relate entities; kept as a value of that type (skip_unresolved)"), "{warnings:?}");
}

#[test]
fn the_abstract_built_in_types_are_untyped_json_wherever_they_appear() {
    let m = model(
        r#"<EntityType Name="E"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
<ComplexType Name="Example">
<Property Name="p" Type="Edm.PrimitiveType"/><Property Name="c" Type="Edm.ComplexType"/><Property Name="u" Type="Collection(Edm.Untyped)"/>
<NavigationProperty Name="value" Type="Edm.EntityType" Nullable="false"/><NavigationProperty Name="values" Type="Collection(Edm.EntityType)"/>
</ComplexType>
<Function Name="f"><Parameter Name="x" Type="Edm.EntityType"/><ReturnType Type="Collection(Edm.ComplexType)"/></Function>"#,
    );
    let untyped = TypeRef::Primitive(Primitive::Untyped);
    let many = TypeRef::Collection(Box::new(untyped.clone()));
    let ex = m.struct_def(m.type_index["n.Example"]).unwrap();
    let fields: Vec<(&str, &TypeRef, bool)> = ex
        .fields
        .iter()
        .map(|f| (f.name.as_str(), &f.ty, f.nullable))
        .collect();
    // A navigation property to any entity is a field of JSON: there is no type to address.
    assert_eq!(
        fields,
        [
            ("p", &untyped, true),
            ("c", &untyped, true),
            ("u", &many, true),
            ("value", &untyped, false),
            ("values", &many, true),
        ]
    );
    assert!(ex.navigations.is_empty());
    let f = &m.operations[0];
    assert_eq!(f.params[0].ty, untyped);
    assert_eq!(f.returns.as_ref().map(|r| &r.ty), Some(&many));
    // A navigation property to a primitive type is still refused.
    let e = error(
        r#"<ComplexType Name="X"><NavigationProperty Name="v" Type="Edm.String"/></ComplexType>"#,
    );
    assert!(
        e.contains("NavigationProperty(v): navigation property type must be an entity type"),
        "{e}"
    );
}

const REFERENCE: &str = r#"<edmx:Reference Uri="https://example.com/other.xml"><edmx:Include Namespace="other.ns" Alias="o"/></edmx:Reference>"#;

#[test]
fn a_type_of_a_referenced_schema_that_is_not_loaded_says_so() {
    let body = r#"<ComplexType Name="C"><Property Name="x" Type="o.Thing"/><Property Name="y" Type="Collection(other.ns.Other)"/></ComplexType>"#;
    let text = doc(REFERENCE, body);
    let e = lower_doc(&text, LowerOptions::default()).expect_err("must fail");
    let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
    assert_eq!(shown.len(), 2, "{e}");
    assert!(
        shown[0].starts_with(
            "t.xml:5:23: Schema(n)/ComplexType(C)/Property(x): unknown type `o.Thing`: its \
             namespace `other.ns` is included by the `edmx:Reference` to \
             `https://example.com/other.xml` (t.xml:2:1), which is not loaded; add that \
             document to the profile's metadata, or pass --skip-unresolved"
        ),
        "{e}"
    );
    assert!(
        shown[1].contains("unknown type `other.ns.Other`: its namespace `other.ns`"),
        "{e}"
    );
    // With skip_unresolved, both are left out with a warning.
    let skip = LowerOptions {
        skip_unresolved: true,
    };
    let m = lower_doc(&text, skip).expect("lowers");
    assert!(m.struct_def(m.type_index["n.C"]).unwrap().fields.is_empty());
    assert_eq!(m.warnings.len(), 2);
    assert!(
        m.warnings[0]
            .message
            .ends_with("left out (skip_unresolved)"),
        "{:?}",
        m.warnings
    );
    // A namespace no reference names gets no hint.
    let e = error(r#"<ComplexType Name="C"><Property Name="x" Type="zz.Thing"/></ComplexType>"#);
    assert!(e.contains("unknown type `zz.Thing`\n"), "{e}");
}

#[test]
fn an_unknown_edm_type_is_an_error_even_with_skip_unresolved() {
    let body = r#"<ComplexType Name="C"><Property Name="x" Type="Edm.Nope"/><Property Name="y" Type="Collection(Edm.Strin)"/><Property Name="z" Type="o.Thing"/></ComplexType>"#;
    let skip = LowerOptions {
        skip_unresolved: true,
    };
    let e = lower_doc(&doc(REFERENCE, body), skip).expect_err("must fail");
    let messages: Vec<&str> = e.diagnostics().iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "unknown primitive type `Edm.Nope`",
            "unknown primitive type `Edm.Strin`"
        ]
    );
}

#[test]
fn annotations_may_target_a_schema_by_namespace_or_alias() {
    let m = model(
        r#"<Annotations Target="n"><Annotation Term="Core.Description" String="the schema"/></Annotations>
<Annotations Target="a"><Annotation Term="Core.Description" String="the schema"/></Annotations>
<Annotations Target="nope"><Annotation Term="Core.Description" String="nothing"/></Annotations>"#,
    );
    let warnings: Vec<&str> = m.warnings.iter().map(|w| w.element.as_str()).collect();
    assert_eq!(warnings, ["Annotations(nope)"]);
}

#[test]
fn every_error_is_reported_in_document_order() {
    let e = errors(
        r#"<EntityType Name="T"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/>
<Property Name="a" Type="n.Missing1"/>
<NavigationProperty Name="b" Type="Collection(n.Missing2)"/>
</EntityType>
<Function Name="f"><Parameter Name="p" Type="n.Missing3"/><ReturnType Type="n.Missing4"/></Function>
<EntityContainer Name="c"><EntitySet Name="Ts" EntityType="n.T"/></EntityContainer>"#,
    );
    let Error::Many(list) = &e else {
        panic!("expected several errors: {e:?}");
    };
    let places: Vec<(u32, &str)> = list
        .iter()
        .map(|d| (d.pos.line, d.message.as_str()))
        .collect();
    // The parameter's error leaves its function out, so the return type is not read.
    assert_eq!(
        places,
        [
            (6, "unknown type `n.Missing1`"),
            (7, "unknown type `n.Missing2`"),
            (9, "unknown type `n.Missing3`"),
        ]
    );
    let text = e.to_string();
    assert!(
        text.starts_with(
            "t.xml:6:1: Schema(n)/EntityType(T)/Property(a): unknown type `n.Missing1`\n  | "
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\n\nerror: t.xml:7:1: Schema(n)/EntityType(T)/NavigationProperty(b): unknown type"
        ),
        "{text}"
    );
    assert!(
        text.ends_with("\n\nerror: 3 errors in the metadata"),
        "{text}"
    );
}

#[test]
fn four_unknown_type_names_give_four_errors() {
    let e = errors(
        r#"<ComplexType Name="C">
<Property Name="a" Type="n.A"/>
<Property Name="b" Type="n.B"/>
<Property Name="c" Type="n.C2"/>
<Property Name="d" Type="n.D"/>
</ComplexType>"#,
    );
    let lines: Vec<u32> = e.diagnostics().iter().map(|d| d.pos.line).collect();
    assert_eq!(lines, [6, 7, 8, 9]);
    assert_eq!(e.to_string().matches("unknown type").count(), 4);
}

#[test]
fn errors_beyond_the_cap_are_counted() {
    let props: String = (0..MAX_SHOWN_ERRORS + 7)
        .map(|i| format!("<Property Name=\"p{i}\" Type=\"n.Missing{i}\"/>\n"))
        .collect();
    let e = errors(&format!("<ComplexType Name=\"C\">\n{props}</ComplexType>"));
    assert_eq!(e.diagnostics().len(), MAX_SHOWN_ERRORS + 7);
    let text = e.to_string();
    assert_eq!(text.matches("unknown type").count(), MAX_SHOWN_ERRORS);
    assert!(
        text.contains(&format!("`n.Missing{}`", MAX_SHOWN_ERRORS - 1)),
        "{text}"
    );
    assert!(
        !text.contains(&format!("`n.Missing{MAX_SHOWN_ERRORS}`")),
        "{text}"
    );
    assert!(
        text.ends_with(&format!(
            "\n\nerror: … and 7 more errors\n\nerror: {} errors in the metadata",
            MAX_SHOWN_ERRORS + 7
        )),
        "{text}"
    );
}

#[test]
fn errors_of_every_kind_are_collected_and_the_model_stays_walkable() {
    // A base type cycle, a duplicate type, a duplicate member, an enum with a bad
    // underlying type and an unknown entity set type, all in one run; the cycle is broken
    // so that the later walks end.
    let e = errors(
        r#"<ComplexType Name="x" BaseType="n.y"/>
<ComplexType Name="y" BaseType="n.x"><Property Name="q" Type="Edm.String"/><Property Name="q" Type="Edm.String"/></ComplexType>
<EnumType Name="x"><Member Name="m"/></EnumType>
<EnumType Name="e" UnderlyingType="Edm.String"><Member Name="m"/><Member Name="m"/></EnumType>
<EntityContainer Name="c"><EntitySet Name="s" EntityType="n.nope"/></EntityContainer>"#,
    );
    let messages: Vec<String> = e
        .diagnostics()
        .iter()
        .map(|d| format!("{}: {}", d.pos.line, d.message))
        .collect();
    assert_eq!(
        messages,
        [
            "5: cyclic base type: x -> y -> x",
            "6: duplicate property `q`",
            "7: duplicate type name `n.x` (first defined at t.xml:5:1)",
            "8: enum underlying type `Edm.String` is not an integer type",
            "8: duplicate enum member `m`",
            "9: unknown type `n.nope`",
        ]
    );
}

#[test]
fn a_valid_document_still_lowers_without_errors() {
    let m = model(&format!(
        r#"{INFO}<EntityType Name="Cat"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Int64" Nullable="false"/><Property Name="info" Type="n.Info"/></EntityType>"#
    ));
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
    assert!(matches!(
        m.ty(m.type_index["n.Cat"]).kind,
        TypeKind::Entity(_)
    ));
}

/// The shared repros of issue 13 (`../shared/repros/csdl`): the valid ones lower, the
/// invalid ones fail with located errors.
#[test]
fn the_shared_repros_lower_or_fail_as_they_should() {
    let read = |name: &str| {
        crate::test_support::shared_file(&format!("repros/csdl/{name}"))
            .map(|p| crate::csdl::parse_file(&p).expect("parses"))
    };
    if let Some(d) = read("key-path-with-alias.xml") {
        let m = lower(&[d]).unwrap_or_else(|e| panic!("{e}"));
        let key = key_of(&m, "n.Cat");
        assert_eq!((key[0].name.as_str(), key[0].path.len()), ("InfoID", 2));
    }
    if let Some(d) = read("builtin-abstract-type.xml") {
        let m = lower(&[d]).unwrap_or_else(|e| panic!("{e}"));
        let ex = m.struct_def(m.type_index["n.Example"]).unwrap();
        assert_eq!(ex.fields[0].ty, TypeRef::Primitive(Primitive::Untyped));
    }
    if let Some(d) = read("invalid-entity-typed-key.xml") {
        let e = lower(&[d]).expect_err("must fail");
        let elements: Vec<&str> = e.diagnostics().iter().map(|d| d.element.as_str()).collect();
        assert_eq!(
            elements,
            [
                "Schema(n)/EntityType(Item)/Key/PropertyRef(w)",
                "Schema(n)/EntityType(Item)/Property(w)"
            ]
        );
    }
    if let Some(d) = read("invalid-entity-typed-property.xml") {
        let e = lower(&[d]).expect_err("must fail");
        let shown: Vec<String> = e.diagnostics().iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1);
        assert!(
            shown[0].contains(":4:23: Schema(n)/ComplexType(C)/Property(w): a structural property cannot have an entity type"),
            "{shown:?}"
        );
    }
}

#[test]
fn operations_no_url_reaches_are_left_out_with_a_located_warning() {
    use crate::error::Category;
    // `P` has an entity set and contains `C`; `D` derives from `P`; `Lone` is reached by
    // nothing. Line 5 is the first line of the body.
    let m = model(concat!(
        "<EntityType Name=\"P\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/><NavigationProperty Name=\"c\" Type=\"n.C\" ContainsTarget=\"true\"/></EntityType>\n",
        "<EntityType Name=\"C\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/></EntityType>\n",
        "<EntityType Name=\"D\" BaseType=\"n.P\"/>\n",
        "<EntityType Name=\"Lone\"><Key><PropertyRef Name=\"id\"/></Key><Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\"/></EntityType>\n",
        "<Action Name=\"onP\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"n.P\"/></Action>\n",
        "<Action Name=\"onC\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"Collection(n.C)\"/></Action>\n",
        "<Action Name=\"onD\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"n.D\"/></Action>\n",
        "<Action Name=\"onLone\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"n.Lone\"/></Action>\n",
        "<Function Name=\"trim\" IsBound=\"true\"><Parameter Name=\"b\" Type=\"Edm.String\"/><ReturnType Type=\"Edm.String\"/></Function>\n",
        "<EntityContainer Name=\"E\"><EntitySet Name=\"ps\" EntityType=\"n.P\"/></EntityContainer>",
    ));
    let warnings: Vec<(Category, String)> = m
        .warnings
        .iter()
        .map(|w| (w.category, w.to_string()))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings.iter().all(|(c, _)| *c == Category::Unsupported));
    assert!(
        warnings[1].1.starts_with(
            "t.xml:12:1: Schema(n)/Action(onLone): bound to `n.Lone`, which no entity set, \
             singleton or contained navigation property addresses (nor a type derived from \
             it): no URL calls it, so the generated crate leaves it out"
        ),
        "{warnings:#?}"
    );
    assert!(
        warnings[0].1.starts_with(
            "t.xml:13:38: Schema(n)/Function(trim)/Parameter(b): the binding parameter is a \
             primitive type"
        ),
        "{warnings:#?}"
    );
    // The primitive-bound function is not made unbound; the others stay bound.
    assert!(!m.operations.iter().any(|o| o.name == "trim"));
    assert_eq!(
        m.operations.iter().filter(|o| o.binding.is_some()).count(),
        4
    );
}
