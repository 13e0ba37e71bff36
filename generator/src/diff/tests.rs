//! The API diff on fixture pairs: `tests/fixtures/diff/base.xml` and one edit of it per kind
//! of change, each with the exact changes and classes expected.

use std::path::Path;

use super::{ApiDiff, ChangeKind, Class};
use crate::ir::select::{SelectionConfig, select};
use crate::plan::{Plan, ProfileOptions};
use crate::test_support::diff_base;

fn plan(xml: &str) -> Plan {
    let doc = crate::csdl::parse_str(Path::new("diff.xml"), xml).expect("parses");
    let model = crate::ir::lower::lower(&[doc]).expect("lowers");
    let sel = select(&model, &SelectionConfig::new()).expect("selects");
    let opts = ProfileOptions {
        module: "v1_0".into(),
        base_url: Some("https://example.com/v1.0".into()),
        conventions: crate::config::Conventions::GRAPH,
        doc: "The fixture.".into(),
    };
    crate::plan::build(&model, &sel, &[], &opts).expect("plans")
}

/// The base with `from` replaced by `to` (which must occur), diffed against the base.
fn diff(from: &str, to: &str) -> ApiDiff {
    let old = diff_base();
    assert!(old.contains(from), "the base has no `{from}`");
    ApiDiff::between(&plan(&old), &plan(&old.replacen(from, to, 1)))
}

/// Each change as `class kind item [member]`.
fn lines(d: &ApiDiff) -> Vec<String> {
    d.changes
        .iter()
        .map(|c| {
            let kind = match c.kind {
                ChangeKind::Added => "added",
                ChangeKind::Removed => "removed",
                ChangeKind::Changed => "changed",
            };
            let member = c
                .member
                .as_deref()
                .map(|m| format!(" [{m}]"))
                .unwrap_or_default();
            format!("{} {kind} {}{member}", c.class.as_str(), c.item)
        })
        .collect()
}

#[test]
fn the_same_model_has_no_changes() {
    let d = diff("", "");
    assert!(d.changes.is_empty(), "{:?}", lines(&d));
    assert_eq!(d.version_step(), "none");
}

#[test]
fn a_new_property_is_additive() {
    let d = diff(
        r#"<Property Name="state" Type="n.state" />"#,
        r#"<Property Name="state" Type="n.state" /><Property Name="color" Type="Edm.String" />"#,
    );
    assert_eq!(
        lines(&d),
        [
            "additive added models::Item [field color]",
            "additive added models::ItemField [variant Color]",
        ]
    );
    assert_eq!(d.version_step(), "minor");
}

#[test]
fn a_removed_property_is_breaking() {
    let d = diff(r#"<Property Name="state" Type="n.state" />"#, "");
    assert_eq!(
        lines(&d),
        [
            "breaking removed models::Item [field state]",
            "breaking removed models::ItemField [variant State]",
            "breaking removed models::State",
        ]
    );
    assert_eq!(d.version_step(), "major");
}

#[test]
fn a_property_of_another_type_is_breaking() {
    let d = diff(
        r#"<Property Name="name" Type="Edm.String">"#,
        r#"<Property Name="name" Type="Edm.Int32">"#,
    );
    assert_eq!(lines(&d), ["breaking changed models::Item [field name]"]);
    let c = &d.changes[0];
    assert_eq!(c.before.as_deref(), Some("field name: String \"name\""));
    assert_eq!(c.after.as_deref(), Some("field name: i32 \"name\""));
}

#[test]
fn a_new_enum_member_is_additive_and_a_removed_one_breaking() {
    let added = diff(
        r#"<Member Name="inactive" Value="1" />"#,
        r#"<Member Name="inactive" Value="1" /><Member Name="archived" Value="2" />"#,
    );
    assert_eq!(
        lines(&added),
        ["additive added models::State [variant Archived]"]
    );
    let removed = diff(r#"<Member Name="inactive" Value="1" />"#, "");
    assert_eq!(
        lines(&removed),
        ["breaking removed models::State [variant Inactive]"]
    );
}

#[test]
fn a_new_parameter_is_breaking() {
    let d = diff(
        r#"<Parameter Name="times" Type="Edm.Int32" />"#,
        r#"<Parameter Name="times" Type="Edm.Int32" /><Parameter Name="hard" Type="Edm.Boolean" />"#,
    );
    assert_eq!(
        lines(&d),
        ["breaking added requests::PokeParams [field hard]"]
    );
}

#[test]
fn a_new_operation_and_entity_set_are_additive() {
    let d = diff(
        r#"<EntityContainer Name="c">"#,
        r#"<Function Name="total" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(n.item)" /><ReturnType Type="Edm.Int32" /></Function>
      <EntityContainer Name="c"><EntitySet Name="archive" EntityType="n.item" />"#,
    );
    assert_eq!(
        lines(&d),
        [
            "additive added client fn archive",
            // Two entity sets of one type: an item has no one canonical URL any more.
            "breaking removed models::Item [canonical]",
            "additive added requests::ArchiveCollection",
            "additive added requests::ItemsCollection [fn total_request/total]",
        ]
    );
}

#[test]
fn a_first_derived_type_turns_the_base_into_its_kind_enum() {
    // Every list of items now holds `ItemKind`: the new type is additive, the changed return
    // types are breaking.
    let d = diff(
        r#"<Action Name="poke""#,
        r#"<EntityType Name="special" BaseType="n.item"><Property Name="level" Type="Edm.Int32" /></EntityType>
      <Action Name="poke""#,
    );
    // The casts of `/items` and `/items/{id}` reach it.
    let l = lines(&d);
    assert!(
        l.contains(&"additive added models::Special".to_owned()),
        "{l:#?}"
    );
    // With an entity set of its own, too.
    let old = diff_base();
    let new = old
        .replacen(
            r#"<Action Name="poke""#,
            r#"<EntityType Name="special" BaseType="n.item"><Property Name="level" Type="Edm.Int32" /></EntityType>
      <Action Name="poke""#,
            1,
        )
        .replacen(
            r#"<EntityContainer Name="c">"#,
            r#"<EntityContainer Name="c"><EntitySet Name="specials" EntityType="n.special" />"#,
            1,
        );
    let d = ApiDiff::between(&plan(&old), &plan(&new));
    let l = lines(&d);
    assert!(
        l.contains(&"additive added models::Special".to_owned()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"additive added models::ItemKind".to_owned()),
        "{l:#?}"
    );
    assert!(
        l.contains(&"breaking changed requests::ItemsCollection [fn list_request/list]".to_owned()),
        "{l:#?}"
    );
    assert_eq!(d.verdict(), Some(Class::Breaking));
}

#[test]
fn a_new_description_is_docs_only() {
    let d = diff("The item's name.", "The item's display name.");
    assert_eq!(lines(&d), ["docs-only changed models::Item [field name]"]);
    assert_eq!(d.version_step(), "patch");
}

#[test]
fn the_report_groups_by_profile_and_item() {
    let d = diff(
        r#"<Property Name="state" Type="n.state" />"#,
        r#"<Property Name="state" Type="n.state" /><Property Name="color" Type="Edm.String" />"#,
    );
    assert_eq!(
        d.markdown(),
        "# API changes: 0 breaking, 2 additive, 0 docs-only (a minor version)\n\
         \n## `v1_0`\n\
         \n### `models::Item`\n\n\
         - **additive** added `field color`: `field color: String \"color\"`. A new optional \
         field is additive: every field is an `Option` and models are built with \
         `..Default::default()`.\n\
         \n### `models::ItemField`\n\n\
         - **additive** added `variant Color`: `variant Color \"color\"`. A new property's \
         variant is additive: `…Field` enums are `#[non_exhaustive]`.\n"
    );
    let json = serde_json::to_value(&d).expect("serializes");
    assert_eq!(json["changes"][0]["class"], "additive");
    assert_eq!(json["changes"][0]["kind"], "added");
    assert_eq!(json["changes"][0]["item"], "models::Item");
}
