//! Tests of lowering, the URL tree and selection, on small inline CSDL documents.

use std::path::Path;

use super::lower::lower;
use super::select::{Edge, Glob, SelectionConfig, select};
use super::*;
use crate::csdl::parse_str;

fn doc(schema: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
{schema}
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#
    )
}

pub(super) fn model(schema: &str) -> Model {
    let text = doc(schema);
    let d = parse_str(Path::new("t.xml"), &text).expect("parses");
    lower(&[d]).expect("lowers")
}

fn lower_err(schema: &str) -> String {
    let text = doc(schema);
    let d = parse_str(Path::new("t.xml"), &text).expect("parses");
    lower(&[d]).expect_err("must fail").to_string()
}

pub(super) const SLICE: &str = r#"
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="root" BaseType="graph.entity">
        <NavigationProperty Name="things" Type="Collection(graph.thing)" ContainsTarget="true" />
      </EntityType>
      <EntityType Name="thing" BaseType="microsoft.graph.entity">
        <Property Name="type" Type="Edm.String" />
        <Property Name="_summary" Type="Edm.String" />
        <Property Name="summary" Type="Edm.String" />
        <NavigationProperty Name="friends" Type="Collection(graph.thing)" />
        <NavigationProperty Name="owner" Type="graph.group">
          <Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions">
            <Record><PropertyValue Property="Referenceable" Bool="true" /></Record>
          </Annotation>
        </NavigationProperty>
        <NavigationProperty Name="parts" Type="Collection(graph.thing)" ContainsTarget="true" />
        <NavigationProperty Name="members" Type="Collection(graph.group)" ContainsTarget="true">
          <Annotation Term="Org.OData.Capabilities.V1.NavigationRestrictions">
            <Record><PropertyValue Property="Referenceable" Bool="true" /></Record>
          </Annotation>
        </NavigationProperty>
      </EntityType>
      <EntityType Name="group" BaseType="graph.entity" />
      <Action Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.thing" />
      </Action>
      <Action Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.thing" />
        <Parameter Name="fast" Type="Edm.Boolean" />
      </Action>
      <Function Name="run" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.thing" />
        <ReturnType Type="Edm.String" />
      </Function>
      <Function Name="top" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(graph.thing)" />
        <ReturnType Type="Collection(graph.thing)" />
      </Function>
      <EntityContainer Name="GraphService">
        <Singleton Name="root" Type="graph.root" />
        <EntitySet Name="groups" EntityType="graph.group" />
      </EntityContainer>
      <Annotations Target="graph.GraphService/groups">
        <Annotation Term="Org.OData.Capabilities.V1.InsertRestrictions">
          <Record><PropertyValue Property="Insertable" Bool="false" /></Record>
        </Annotation>
      </Annotations>
      <Annotations Target="graph.nothing">
        <Annotation Term="Org.OData.Core.V1.Description" String="x" />
      </Annotations>
"#;

pub(super) fn id(m: &Model, q: &str) -> TypeId {
    m.type_index[q]
}

#[test]
fn resolves_aliases_and_names_fields_with_wire_names_kept() {
    let m = model(SLICE);
    let thing = id(&m, "microsoft.graph.thing");
    // Named by the plan: unique among inherited fields, keywords raw.
    let rust = crate::plan::names::Names::compute(&m);
    let names: Vec<(&str, &str)> = m
        .all_fields_at(thing)
        .iter()
        .map(|&(owner, i, f)| (f.name.as_str(), rust.field(owner, i)))
        .collect();
    assert_eq!(
        names,
        [
            ("id", "id"),
            ("type", "r#type"),
            ("_summary", "summary"),
            ("summary", "summary_2")
        ]
    );
    let key = &m.struct_def(thing).unwrap().key;
    assert_eq!(
        key.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(),
        ["id"]
    );
    assert_eq!(
        m.struct_def(thing).unwrap().base,
        Some(id(&m, "microsoft.graph.entity"))
    );
}

#[test]
fn overloads_and_action_function_pairs_get_distinct_method_names() {
    let m = model(SLICE);
    let rust = crate::plan::names::Names::compute(&m);
    let names: Vec<&str> = m.operations.iter().map(|o| rust.op(o.id)).collect();
    assert_eq!(names, ["run", "run_with_fast", "run_function", "top"]);
    assert!(
        m.operations
            .iter()
            .all(|o| o.name != "run" || o.binding.is_some())
    );
}

#[test]
fn capabilities_and_missing_targets() {
    let m = model(SLICE);
    let groups = m.roots.iter().find(|r| r.name == "groups").unwrap();
    assert_eq!(groups.caps.insertable, Some(false));
    assert_eq!(m.warnings.len(), 1);
    let w = m.warnings[0].to_string();
    assert!(
        w.contains("annotation target `microsoft.graph.nothing` does not exist"),
        "{w}"
    );
    assert!(w.starts_with("t.xml:"), "{w}");
}

#[test]
fn url_tree_follows_containment_refs_and_bindings() {
    let m = model(SLICE);
    let sel = select(&m, &SelectionConfig::default()).unwrap();
    let paths: Vec<String> = sel
        .paths
        .iter()
        .map(|p| format!("{} {}", p.path, p.methods.join(",")))
        .collect();
    let has = |s: &str| assert!(paths.iter().any(|p| p == s), "missing `{s}` in {paths:#?}");
    has("/groups GET");
    has("/groups/{id} DELETE,GET,PATCH");
    has("/root GET,PATCH");
    has("/root/things GET,POST");
    has("/root/things/$count GET");
    has("/root/things/{id}/friends GET");
    has("/root/things/{id}/friends/$ref GET,POST");
    has("/root/things/{id}/friends/{id}/$ref DELETE");
    has("/root/things/{id}/owner/$ref DELETE,PUT");
    has("/root/things/{id}/members/$ref GET,POST");
    has("/root/things/{id}/members/{id}/$ref DELETE");
    has("/root/things/{id}/run POST");
    has("/root/things/top GET");
    // `parts` contains `thing` again: listed once, not recursed into.
    has("/root/things/{id}/parts/{id} DELETE,GET,PATCH");
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("/root/things/{id}/parts/{id}/parts"))
    );
    // Non-contained navigation does not recurse.
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("/root/things/{id}/friends/{id}/parts"))
    );
    let thing = id(&m, "microsoft.graph.thing");
    let group = id(&m, "microsoft.graph.group");
    let members = Edge::Nav {
        owner: thing,
        nav: 3,
    };
    assert!(
        sel.collections.get(&members).is_some_and(|c| c.refs),
        "{:?}",
        sel.collections.keys()
    );
    assert_eq!(
        sel.canonical.get(&group).map(String::as_str),
        Some("/groups")
    );
    // `thing` contains itself (`parts`), so its members live at many depths: no single
    // canonical path.
    assert_eq!(sel.canonical.get(&thing), None);
    let groups = m.roots.iter().position(|r| r.name == "groups").unwrap();
    assert!(
        !sel.collections[&Edge::Root(groups)].create,
        "InsertRestrictions says no"
    );
}

#[test]
fn selection_includes_ancestors_for_navigation_only() {
    let m = model(SLICE);
    let cfg = SelectionConfig::new().include("/root/things/{id}/members/$ref");
    let sel = select(&m, &cfg).unwrap();
    assert_eq!(sel.paths.len(), 1);
    let root = id(&m, "microsoft.graph.root");
    let item = &sel.items[&root];
    assert!(!item.get && !item.patch, "ancestors get no HTTP methods");
    assert_eq!(item.navs.len(), 1);
    let thing = id(&m, "microsoft.graph.thing");
    assert!(!sel.items[&thing].get);
    assert!(
        sel.collections[&Edge::Nav {
            owner: thing,
            nav: 3
        }]
            .refs
    );
    assert!(
        sel.types.contains(&id(&m, "microsoft.graph.entity")),
        "base types are closed over"
    );
}

#[test]
fn selection_that_matches_nothing_is_an_error() {
    let m = model(SLICE);
    let cfg = SelectionConfig::new().include("/nope/**");
    let e = select(&m, &cfg).unwrap_err().to_string();
    assert!(e.contains("match no path"), "{e}");
}

#[test]
fn globs() {
    let g = Glob::new("/a/**/c").unwrap();
    assert!(g.matches("/a/c"));
    assert!(g.matches("/a/b/{id}/c"));
    assert!(!g.matches("/a/b"));
    assert!(g.may_match_below("/a/b"));
    assert!(!Glob::new("/x/*").unwrap().may_match_below("/y"));
    let k = Glob::new("/a/{id}/b*").unwrap();
    assert!(k.matches("/a/{id}/bcd"));
    assert!(!k.matches("/a/x/bcd"));
    assert!(Glob::new("/a/**").unwrap().matches_all_below("/a/b"));
    assert!(Glob::new("a/b").is_err());
    assert!(Glob::new("/a//b").is_err());
}

#[test]
fn errors_name_file_line_column_and_element() {
    let e = lower_err(
        r#"      <EntityType Name="t">
        <Property Name="p" Type="graph.missing" />
      </EntityType>"#,
    );
    assert!(e.starts_with("t.xml:6:9: Schema(microsoft.graph)/EntityType(t)/Property(p): unknown type `graph.missing`"), "{e}");
    let e = lower_err(
        r#"      <ComplexType Name="a" BaseType="graph.b" />
      <ComplexType Name="b" BaseType="graph.a" />"#,
    );
    assert!(e.contains("cyclic base type: a -> b -> a"), "{e}");
    let e = lower_err(
        r#"      <ComplexType Name="a" />
      <EnumType Name="a"><Member Name="x" /></EnumType>"#,
    );
    assert!(e.contains("t.xml:6:7: Schema(microsoft.graph)/EnumType(a): duplicate type name `microsoft.graph.a` (first defined at t.xml:5:7)"), "{e}");
    let e = lower_err(
        r#"      <EntityType Name="t"><Key><PropertyRef Name="nope" /></Key></EntityType>"#,
    );
    assert!(
        e.contains("Key/PropertyRef(nope): key property `nope` does not exist"),
        "{e}"
    );
    let e = lower_err(
        r#"      <ComplexType Name="c" />
      <EntityType Name="t"><NavigationProperty Name="n" Type="graph.c" /></EntityType>"#,
    );
    assert!(
        e.contains(
            "NavigationProperty(n): navigation property type `graph.c` is not an entity type"
        ),
        "{e}"
    );
}

#[test]
fn enums_get_implicit_values_and_keep_wire_names() {
    let m = model(
        r#"      <EnumType Name="e" UnderlyingType="Edm.Int64" IsFlags="true">
        <Member Name="none" Value="0" />
        <Member Name="Some" Value="4" />
        <Member Name="unrecognized" />
      </EnumType>"#,
    );
    let TypeKind::Enum(e) = &m.ty(id(&m, "microsoft.graph.e")).kind else {
        panic!()
    };
    assert!(e.is_flags);
    assert_eq!(e.underlying, Primitive::Int64);
    let rust = crate::plan::names::Names::compute(&m);
    let enum_id = id(&m, "microsoft.graph.e");
    let v: Vec<(&str, &str, i64)> = e
        .members
        .iter()
        .enumerate()
        .map(|(i, x)| (x.name.as_str(), rust.member(enum_id, i), x.value))
        .collect();
    assert_eq!(
        v,
        [
            ("none", "None", 0),
            ("Some", "Some", 4),
            ("unrecognized", "Unrecognized2", 5)
        ]
    );
}

#[test]
fn deep_inheritance_and_containment_do_not_overflow() {
    let mut s = String::from(
        r#"      <EntityType Name="t0"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>"#,
    );
    for i in 1..3000 {
        s.push_str(&format!(
            "<EntityType Name=\"t{i}\" BaseType=\"graph.t{}\"><Property Name=\"p{i}\" Type=\"Edm.Int32\" /></EntityType>\n",
            i - 1
        ));
        s.push_str(&format!(
            "<EntityType Name=\"c{i}\" BaseType=\"graph.t0\"><NavigationProperty Name=\"n\" Type=\"Collection(graph.c{})\" ContainsTarget=\"true\" /></EntityType>\n",
            i + 1
        ));
    }
    s.push_str(r#"<EntityType Name="c3000" BaseType="graph.t0" />"#);
    s.push_str(r#"<EntityContainer Name="c"><EntitySet Name="s" EntityType="graph.c1" /><EntitySet Name="d" EntityType="graph.t2999" /></EntityContainer>"#);
    let m = model(&s);
    assert_eq!(m.all_fields(id(&m, "microsoft.graph.t2999")).len(), 3000);
    let sel = select(&m, &SelectionConfig::default()).unwrap();
    let longest = sel
        .paths
        .iter()
        .map(|p| p.path.split('/').count() - 1)
        .max()
        .unwrap();
    assert_eq!(
        longest,
        paths::MAX_DEPTH,
        "the walk stops at MAX_DEPTH segments"
    );
}

#[test]
fn exponential_url_spaces_are_refused_not_walked_forever() {
    // Each type contains two collections of the next: 2^40 paths.
    let mut s = String::from(
        r#"      <EntityType Name="t0"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>"#,
    );
    for i in 1..=40 {
        s.push_str(&format!(
            "<EntityType Name=\"t{i}\" BaseType=\"graph.t0\"><NavigationProperty Name=\"a\" Type=\"Collection(graph.t{n})\" ContainsTarget=\"true\" /><NavigationProperty Name=\"b\" Type=\"Collection(graph.t{n})\" ContainsTarget=\"true\" /></EntityType>\n",
            n = i + 1
        ));
    }
    s.push_str(r#"<EntityType Name="t41" BaseType="graph.t0" />"#);
    s.push_str(r#"<EntityContainer Name="c"><EntitySet Name="s" EntityType="graph.t1" /></EntityContainer>"#);
    let m = model(&s);
    let e = select(&m, &SelectionConfig::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("narrow it with include patterns"), "{e}");
    let narrow = SelectionConfig::new()
        .include("/s/{id}/a/{id}/b/**")
        .exclude("/s/{id}/a/{id}/b/{id}/a/**")
        .exclude("/s/{id}/a/{id}/b/{id}/b/**");
    assert!(select(&m, &narrow).is_ok());
}

#[test]
fn unresolved_members_are_errors_unless_skipped_with_a_warning() {
    let schema = r#"      <EntityType Name="t">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
        <Property Name="gone" Type="graph.missing" />
        <NavigationProperty Name="calls" Type="Collection(microsoft.graph.callRecords.callRecord)" ContainsTarget="true" />
      </EntityType>
      <Function Name="f" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.t" />
        <ReturnType Type="graph.missing" />
      </Function>
      <Action Name="a" IsBound="true"><Parameter Name="bindingParameter" Type="graph.t" /></Action>"#;
    let e = lower_err(schema);
    assert!(
        e.contains("Property(gone): unknown type `graph.missing`"),
        "{e}"
    );
    let text = doc(schema);
    let d = parse_str(Path::new("t.xml"), &text).unwrap();
    let m = lower::lower_with(
        &[d],
        lower::LowerOptions {
            skip_unresolved: true,
        },
    )
    .unwrap();
    let t = id(&m, "microsoft.graph.t");
    let def = m.struct_def(t).unwrap();
    assert_eq!(
        def.fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["id"]
    );
    assert!(def.navigations.is_empty());
    let ops: Vec<&str> = m.operations.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(
        ops,
        ["a"],
        "the function with an unresolved return type is left out"
    );
    let warnings: Vec<String> = m.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(warnings[0].starts_with("t.xml:8:9: Schema(microsoft.graph)/EntityType(t)/Property(gone): unknown type `graph.missing`; left out"), "{warnings:#?}");
    assert!(warnings[1].contains("NavigationProperty(calls): unknown type `microsoft.graph.callRecords.callRecord`; left out"), "{warnings:#?}");
    assert!(
        warnings[2].contains("Function(f)/ReturnType: unknown type `graph.missing`; left out"),
        "{warnings:#?}"
    );
}

const IMPORTS: &str = r#"
      <EntityType Name="person">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="manager" BaseType="graph.person" />
      <Action Name="hire" IsBound="true">
        <Parameter Name="m" Type="graph.manager" />
      </Action>
      <Function Name="top"><ReturnType Type="Collection(graph.person)" /></Function>
      <Action Name="reset" />
      <EntityContainer Name="c">
        <EntitySet Name="people" EntityType="graph.person" />
        <FunctionImport Name="top" Function="graph.top" EntitySet="people" />
        <ActionImport Name="reset" Action="graph.reset" />
      </EntityContainer>"#;

#[test]
fn imports_are_kept_with_their_operations_and_entity_set() {
    let m = model(IMPORTS);
    let got: Vec<(&str, usize, Option<usize>)> = m
        .imports
        .iter()
        .map(|i| (i.name.as_str(), i.operations.len(), i.entity_set))
        .collect();
    assert_eq!(got, [("top", 1, Some(0)), ("reset", 1, None)]);
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn an_import_of_a_missing_operation_is_a_located_error_and_a_missing_set_a_warning() {
    let e = lower_err(&IMPORTS.replace(r#"Action="graph.reset""#, r#"Action="graph.nope""#));
    assert!(
        e.contains("EntityContainer(c)/ActionImport(reset)")
            && e.contains("no schema declares an unbound action `microsoft.graph.nope`"),
        "{e}"
    );
    let m = model(&IMPORTS.replace(r#"EntitySet="people""#, r#"EntitySet="nobody""#));
    assert_eq!(m.imports[0].entity_set, None);
    let w: Vec<String> = m.warnings.iter().map(ToString::to_string).collect();
    assert!(
        w.len() == 1
            && w[0].contains("FunctionImport(top)")
            && w[0].contains("names no entity set"),
        "{w:?}"
    );
}

#[test]
fn imports_and_casts_are_selected_by_their_paths() {
    let m = model(IMPORTS);
    let all = select(&m, &SelectionConfig::new()).expect("selects");
    let paths: Vec<&str> = all.paths.iter().map(|p| p.path.as_str()).collect();
    for p in [
        "/top",
        "/reset",
        "/people/microsoft.graph.manager",
        "/people/{id}/microsoft.graph.manager",
        "/people/{id}/microsoft.graph.manager/hire",
    ] {
        assert!(paths.contains(&p), "{p} in {paths:?}");
    }
    assert_eq!(all.imports.len(), 2);
    let only_reset = select(&m, &SelectionConfig::new().include("/reset")).expect("selects");
    assert_eq!(only_reset.imports.len(), 1);
    assert!(only_reset.roots.is_empty());
    let no_top = select(&m, &SelectionConfig::new().exclude("/top")).expect("selects");
    assert_eq!(no_top.imports.len(), 1);
    // Excluding every cast segment and what is below it leaves the derived type's operation
    // out.
    let no_casts = select(
        &m,
        &SelectionConfig::new().exclude("/**/microsoft.graph.*/**"),
    )
    .expect("selects");
    assert!(
        no_casts
            .operations
            .iter()
            .all(|&op| m.op(op).name != "hire")
    );
    assert!(no_casts.items.values().all(|i| i.casts.is_empty()));
}
