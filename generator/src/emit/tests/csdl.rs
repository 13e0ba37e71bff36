//! The emitter fed by the real front-end (`csdl::parse_str` → `lower` → `select`) on a small
//! inline schema full of hostile names.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{assert_has, assert_lacks, files};
use crate::csdl;
use crate::ir::lower::lower;
use crate::ir::select::{SelectionConfig, select};

const CSDL: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="option" BaseType="graph.entity">
        <Property Name="type" Type="Edm.String" />
        <Property Name="result" Type="graph.result" />
        <Property Name="state" Type="graph.state" />
        <Property Name="tree" Type="graph.node" />
      </EntityType>
      <ComplexType Name="result" Abstract="true" />
      <ComplexType Name="okResult" BaseType="graph.result">
        <Property Name="value" Type="Edm.Int32" />
      </ComplexType>
      <ComplexType Name="node">
        <Property Name="parent" Type="graph.node" />
        <Property Name="children" Type="Collection(graph.node)" />
      </ComplexType>
      <EnumType Name="state">
        <Member Name="unrecognized" Value="0" />
        <Member Name="unknownFutureValue" Value="1" />
      </EnumType>
      <EntityContainer Name="GraphService">
        <EntitySet Name="options" EntityType="graph.option" />
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"#;

/// The file that holds `needle` (an item's definition): files are named after the words of
/// the names they hold, which the tests need not spell out.
fn file_with<'f>(files: &'f BTreeMap<PathBuf, String>, needle: &str) -> &'f String {
    files
        .values()
        .find(|text| text.contains(needle))
        .unwrap_or_else(|| panic!("no file holds `{needle}`"))
}

#[test]
fn inline_csdl_with_hostile_names() {
    let doc = csdl::parse_str(Path::new("inline.xml"), CSDL).expect("parse");
    let model = lower(&[doc]).expect("lower");
    let sel = select(&model, &SelectionConfig::default()).expect("select");
    let files = files(&model, &sel);
    for (path, text) in &files {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let o = file_with(&files, "pub struct Option {");
    assert_has(o, "pub struct Option {");
    assert_has(
        o,
        "pub r#type: ::std::option::Option<::std::string::String>,",
    );
    assert_has(o, "pub result: ::std::option::Option<super::ResultKind>,");
    assert_has(o, "pub tree: ::std::option::Option<super::Node>,");
    let n = file_with(&files, "pub struct Node {");
    assert_has(
        n,
        "pub parent: ::std::option::Option<::graphgen_runtime::Indirect<Node>>,",
    );
    let r = file_with(&files, "pub enum ResultKind {");
    assert_has(
        r,
        r#"OkResult(super::OkResult) = "microsoft.graph.okResult" | "graph.okResult""#,
    );
    let s = file_with(&files, "Unrecognized2,");
    // Naming keeps the fallback name free: the member gives way.
    assert_has(
        s,
        r#"/// The `unrecognized` member (value 0).
           Unrecognized2,"#,
    );
    assert_has(s, "Unrecognized(::std::string::String) }");
    let root = &files[Path::new("src/v1_0/mod.rs")];
    assert_has(
        root,
        "pub fn options(&self) -> requests::OptionsCollection {",
    );
}

/// A builder with more navigation and operation methods than one `impl` block holds puts the
/// rest in `impl` blocks of their own modules, which are declared but not re-exported, and
/// whose paths are written from there.
#[test]
fn a_builder_with_many_operations_is_split_over_impl_blocks() {
    let functions: String = (0..120)
        .map(|i| {
            format!(
                r#"<Function Name="f{i}" IsBound="true"><Parameter Name="bindingParameter" Type="graph.book" /><Parameter Name="x" Type="graph.entry" /><ReturnType Type="Edm.String" /></Function>"#
            )
        })
        .collect();
    let csdl = format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="book"><Key><PropertyRef Name="id" /></Key><Property Name="id" Type="Edm.String" Nullable="false" /></EntityType>
      <ComplexType Name="entry"><Property Name="v" Type="Edm.Int32" /></ComplexType>
      {functions}
      <EntityContainer Name="GraphService"><EntitySet Name="books" EntityType="graph.book" /></EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#
    );
    let doc = csdl::parse_str(Path::new("inline.xml"), &csdl).expect("parse");
    let model = lower(&[doc]).expect("lower");
    let sel = select(&model, &SelectionConfig::default()).expect("select");
    let files = files(&model, &sel);
    for (path, text) in &files {
        syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    // The builder's own module, wherever the prefix split put it.
    let (main_path, _) = files
        .iter()
        .find(|(_, text)| text.contains("pub struct BookItem {"))
        .expect("BookItem is emitted");
    let bucket = main_path.file_stem().unwrap().to_str().unwrap().to_owned();
    // The blocks elsewhere reach the builder's target: it is visible in the namespace.
    assert_has(
        &files[main_path],
        "pub(super) target: ::graphgen_runtime::RequestTarget",
    );
    let module = &files[Path::new("src/v1_0/requests/mod.rs")];
    // 120 operations, 50 to a block: the builder's own and two more.
    for k in [2, 3] {
        assert_has(module, &format!("mod {bucket}_{k};"));
        assert_lacks(module, &format!("pub use {bucket}_{k}::*;"));
        let chunk = &files[Path::new(&format!("src/v1_0/requests/{bucket}_{k}.rs"))];
        assert_has(chunk, "impl super::BookItem {");
        assert_has(chunk, "self.target");
        // Paths are written from the chunk's module: the params structs are siblings'.
        assert_has(chunk, "params: &super::F");
    }
    let extra = format!("src/v1_0/requests/{bucket}_4.rs");
    assert!(!files.contains_key(Path::new(&extra)));
}
