//! Model types: struct fields and attributes, `Box`, `…Kind` enums, enums, flags, aliases.

use std::path::Path;

use super::fixture::{self, SUBJECT_SET};
use super::{assert_has, assert_lacks, files, letter};

#[test]
fn struct_fields_are_optional_renamed_and_ordered() {
    let a = letter("src/v1_0/models", 'a');
    assert_has(
        &a,
        "#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, \
         ::std::cmp::PartialEq, ::serde::Serialize)] pub struct AccessPackage {",
    );
    // `Deserialize` reads each property by its wire name, the rest into `additional_data`.
    assert_has(
        &a,
        r#"impl ::graphgen_runtime::__private::Fields for AccessPackage {
           fn read_field<'de, A: ::serde::de::MapAccess<'de>>(&mut self, key: &str, map: &mut A)
               -> ::std::result::Result<bool, A::Error> {
               match key {
                   "@odata.type" => self.odata_type = map.next_value()?,
                   "id" => self.id = map.next_value()?,"#,
    );
    assert_has(
        &a,
        r#""displayName" => self.display_name = map.next_value()?,"#,
    );
    assert_has(&a, r#""type" => self.r#type = map.next_value()?,"#);
    assert_has(
        &a,
        "impl<'de> ::serde::Deserialize<'de> for AccessPackage { fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D)          -> ::std::result::Result<Self, D::Error> { ::graphgen_runtime::__private::deserialize_model(deserializer) } }",
    );
    assert_has(
        &a,
        r#"#[serde(rename = "@odata.type", skip_serializing_if = "::std::option::Option::is_none")]
           pub odata_type: ::std::option::Option<::std::string::String>,"#,
    );
    assert_has(
        &a,
        r#"/// Key of the object.
           #[serde(rename = "id", skip_serializing_if = "::std::option::Option::is_none")]
           pub id: ::std::option::Option<::std::string::String>,"#,
    );
    assert_has(
        &a,
        r#"/// The `displayName` property.
           #[serde(rename = "displayName", skip_serializing_if = "::std::option::Option::is_none")]
           pub display_name: ::std::option::Option<::std::string::String>,"#,
    );
    assert_has(
        &a,
        "pub r#type: ::std::option::Option<::std::string::String>,",
    );
    assert_has(
        &a,
        "pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,",
    );
    assert_has(
        &a,
        "pub created_date_time: ::std::option::Option<::chrono::DateTime<::chrono::FixedOffset>>,",
    );
    assert_has(
        &a,
        "pub duration: ::std::option::Option<::graphgen_runtime::Duration>,",
    );
    // A metadata type called `Option` cannot shadow the real one.
    assert_has(&a, "pub option: ::std::option::Option<super::Option>,");
    assert_has(
        &a,
        "pub custom: ::std::option::Option<super::CustomString>,",
    );
    assert_has(
        &a,
        "pub incompatible_groups: ::std::option::Option<::std::vec::Vec<super::Group>>,",
    );
    assert_has(
        &a,
        "#[serde(flatten)] pub additional_data: ::graphgen_runtime::AdditionalData, }",
    );
    // Inherited fields first, `odata_type` before everything, `additional_data` last.
    let order = [
        "pub odata_type",
        "pub id",
        "pub display_name",
        "pub policy",
        "pub incompatible_groups",
        "pub additional_data",
    ];
    let start = a.find("pub struct AccessPackage").unwrap();
    let positions: Vec<usize> = order
        .iter()
        .map(|n| start + a[start..].find(n).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
}

#[test]
fn struct_docs_describe_the_type() {
    let a = letter("src/v1_0/models", 'a');
    assert_has(
        &a,
        "/// A bundle of resource roles.
         ///
         /// Requested in one step.
         ///
         /// The `microsoft.graph.accessPackage` entity type (derived from `microsoft.graph.entity`).",
    );
}

#[test]
fn canonical_path_is_implemented_for_entities_that_have_one() {
    let a = letter("src/v1_0/models", 'a');
    assert_has(
        &a,
        r#"impl ::graphgen_runtime::CanonicalPath for AccessPackage {
               const COLLECTION_PATH: &'static str = "/identityGovernance/accessPackages";
           }"#,
    );
    let g = letter("src/v1_0/models", 'g');
    assert_has(&g, r#"const COLLECTION_PATH: &'static str = "/groups";"#);
}

#[test]
fn fields_on_a_cycle_are_indirect_and_others_are_not() {
    // A struct holding itself, through a single value or a collection: `Indirect` (not `Box`,
    // whose `Send` rustc proves by looking inside, along the whole cycle).
    let t = letter("src/v1_0/models", 't');
    assert_has(
        &t,
        "pub parent: ::std::option::Option<::graphgen_runtime::Indirect<TreeNode>>,",
    );
    assert_has(
        &t,
        "pub children: ::std::option::Option<::graphgen_runtime::Indirect<::std::vec::Vec<TreeNode>>>,",
    );
    // Mutual recursion: both sides; a field leaving the cycle is not.
    let p = letter("src/v1_0/models", 'p');
    assert_has(
        &p,
        "pub pong: ::std::option::Option<::graphgen_runtime::Indirect<super::Pong>>,",
    );
    assert_has(
        &p,
        "pub ping: ::std::option::Option<::graphgen_runtime::Indirect<super::Ping>>,",
    );
    assert_has(&p, "pub node: ::std::option::Option<super::TreeNode>,");
}

#[test]
fn polymorphic_base_gets_a_kind_enum() {
    let s = letter("src/v1_0/models", 's');
    // The runtime's `polymorphic!` writes the enum (boxed variants), Default, From,
    // Serialize and Deserialize from one line per type: the names `@odata.type` may give
    // the type, the qualified one first (the tag written for values made in code).
    assert_has(
        &s,
        r#"::graphgen_runtime::__private::polymorphic! {
             #[doc = " A `microsoft.graph.subjectSet` or a type derived from it, told apart by `@odata.type`."]"#,
    );
    assert_has(
        &s,
        r#"pub enum SubjectSetKind {
             #[doc = " A `microsoft.graph.subjectSet`, or a derived type this crate does not know."]
             SubjectSet(SubjectSet),
             #[doc = " A `microsoft.graph.singleUser`."]
             SingleUser(super::SingleUser) = "microsoft.graph.singleUser" | "graph.singleUser",
         }
     }"#,
    );
    // Fields typed with the base use the enum, without a Box around it.
    let p = letter("src/v1_0/models", 'p');
    assert_has(
        &p,
        "pub primary: ::std::option::Option<super::SubjectSetKind>,",
    );
    assert_has(
        &p,
        "pub subjects: ::std::option::Option<::std::vec::Vec<super::SubjectSetKind>>,",
    );
}

#[test]
fn unreferenced_polymorphic_bases_get_no_kind_enum() {
    // `entity` has derived types in the output, but nothing holds an `entity`.
    let all: String = files(&fixture::model(), &fixture::selection())
        .into_values()
        .collect();
    assert_lacks(&all, "EntityKind");
    assert!(
        fixture::model()
            .all_derived(SUBJECT_SET)
            .contains(&fixture::SINGLE_USER)
    );
}

#[test]
fn enums_keep_unknown_values_and_avoid_member_names() {
    let a = letter("src/v1_0/models", 'a');
    assert_has(
        &a,
        "#[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, \
         ::std::hash::Hash)]
         #[non_exhaustive]
         pub enum AccessPackageState {
             /// The package can be requested.
             Active,
             /// The `unrecognized` member (value 1).
             Unrecognized2,
             /// The `unknownFutureValue` member (value 2).
             UnknownFutureValue,",
    );
    // The fallback keeps its name; the member that would take it is renamed.
    assert_has(&a, "Unrecognized(::std::string::String), }");
    assert_has(
        &a,
        r#"impl ::graphgen_runtime::WireEnum for AccessPackageState {
               fn from_wire(s: &str) -> Self {
                   match s {
                       "active" => Self::Active,
                       "unrecognized" => Self::Unrecognized2,
                       "unknownFutureValue" => Self::UnknownFutureValue,
                       other => Self::Unrecognized(::std::borrow::ToOwned::to_owned(other)),
                   }
               }"#,
    );
    assert_has(
        &a,
        "::graphgen_runtime::__private::serialize_enum(self, serializer)",
    );
    assert_has(
        &a,
        "::graphgen_runtime::__private::deserialize_enum(deserializer)",
    );
    assert_has(&a, "impl ::std::fmt::Display for AccessPackageState");
}

#[test]
fn flags_enum_fields_use_flags() {
    let a = letter("src/v1_0/models", 'a');
    assert_has(
        &a,
        "pub days: ::std::option::Option<::graphgen_runtime::Flags<super::DayOfWeek>>,",
    );
    let d = letter("src/v1_0/models", 'd');
    assert_has(
        &d,
        "pub enum DayOfWeek { /// The `monday` member (value 1). Monday,",
    );
    assert_has(&d, "It is a flags enum");
}

#[test]
fn type_definitions_are_aliases() {
    let c = letter("src/v1_0/models", 'c');
    assert_has(
        &c,
        "/// The `microsoft.graph.customString` type definition.
         pub type CustomString = ::std::string::String;",
    );
}

#[test]
fn sub_namespaces_are_child_modules() {
    let files = files(&fixture::model(), &fixture::selection());
    let models = &files[Path::new("src/v1_0/models/mod.rs")];
    assert_has(models, "pub mod security;");
    assert_has(models, "mod access; pub use access::*;");
    let alert = &files[Path::new("src/v1_0/models/security/alert.rs")];
    // Three levels down: bucket, security, models.
    assert_has(alert, "pub struct Alert {");
    assert_has(
        alert,
        "The `microsoft.graph.security.alert` entity type (derived from `microsoft.graph.entity`).",
    );
    let requests = &files[Path::new("src/v1_0/requests/security/alert.rs")];
    assert_has(requests, "pub fn list_request(&self)");
    assert_has(requests, "pub struct AlertsCollection {");
}

#[test]
fn entities_are_made_from_their_key_with_typed_constructors() {
    // A single key of any type: `with_<key>`; a composite key: `with_key`, in key order.
    let b = letter("src/v1_0/models", 'b');
    assert_has(
        &b,
        "impl ByGuid {
             /// A `microsoft.graph.byGuid` with its key (`guid`) set and every other property unset: what a body needs to name an existing entity, such as a relation set by id.
             #[must_use]
             pub fn with_guid(guid: impl ::std::convert::Into<::uuid::Uuid>) -> Self {
                 Self { guid: ::std::option::Option::Some(guid.into()), ..::std::default::Default::default() }
             }
         }",
    );
    let p = letter("src/v1_0/models", 'p');
    assert_has(
        &p,
        "pub fn with_key(
             left: impl ::std::convert::Into<::std::string::String>,
             right: impl ::std::convert::Into<i32>,
         ) -> Self {
             Self {
                 left: ::std::option::Option::Some(left.into()),
                 right: ::std::option::Option::Some(right.into()),
                 ..::std::default::Default::default()
             }
         }",
    );
    // Complex types have no key, and no constructor.
    let s = letter("src/v1_0/models", 's');
    assert_lacks(&s, "pub fn with_");
}
