//! The CSDL syntax tree: one Rust type per CSDL XML element that graphgen reads.
//!
//! The tree mirrors the input: names are kept exactly as written (qualified or aliased),
//! nothing is resolved, and every node carries the [`Pos`] of its start tag so that later
//! layers can report errors at `file:line:col`. Resolution happens when it is lowered to the
//! IR.

use std::path::PathBuf;
use std::sync::Arc;

pub use crate::error::Pos;

/// One parsed CSDL document (an `edmx:Edmx` root).
#[derive(Debug, Clone)]
pub struct Document {
    /// The path the document was read from (as given by the caller; used in messages only).
    pub path: PathBuf,
    /// The whole source text, kept for error excerpts.
    pub source: Arc<str>,
    /// The `Version` attribute of `edmx:Edmx` (`4.0` or `4.01`).
    pub version: String,
    /// `edmx:Reference` elements.
    pub references: Vec<Reference>,
    /// Every `Schema` under `edmx:DataServices`, in document order.
    pub schemas: Vec<Schema>,
}

/// An `edmx:Reference` to another CSDL document (vocabularies, in Graph's case).
#[derive(Debug, Clone)]
pub struct Reference {
    /// The `Uri` attribute.
    pub uri: String,
    /// The `edmx:Include` children.
    pub includes: Vec<Include>,
    /// Where the element starts.
    pub pos: Pos,
}

/// An `edmx:Include` of a referenced namespace, optionally under an alias.
#[derive(Debug, Clone)]
pub struct Include {
    /// The `Namespace` attribute.
    pub namespace: String,
    /// The `Alias` attribute.
    pub alias: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
}

/// A `Schema` element.
#[derive(Debug, Clone, Default)]
pub struct Schema {
    /// The `Namespace` attribute, e.g. `microsoft.graph`.
    pub namespace: String,
    /// The `Alias` attribute, e.g. `graph`.
    pub alias: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
    /// `EntityType` elements.
    pub entity_types: Vec<StructuredType>,
    /// `ComplexType` elements.
    pub complex_types: Vec<StructuredType>,
    /// `EnumType` elements.
    pub enum_types: Vec<EnumType>,
    /// `TypeDefinition` elements.
    pub type_definitions: Vec<TypeDefinition>,
    /// `Action` and `Function` elements, in document order.
    pub operations: Vec<Operation>,
    /// `EntityContainer` elements (Graph has one).
    pub containers: Vec<EntityContainer>,
    /// `Term` elements.
    pub terms: Vec<Term>,
    /// Out-of-line `Annotations` elements.
    pub annotations: Vec<Annotations>,
}

/// An `EntityType` or `ComplexType` element; which one is known from the list it is in.
#[derive(Debug, Clone, Default)]
pub struct StructuredType {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `BaseType` attribute, as written (qualified or aliased).
    pub base_type: Option<String>,
    /// `Abstract="true"`.
    pub is_abstract: bool,
    /// `OpenType="true"`.
    pub open_type: bool,
    /// `HasStream="true"` (entity types only).
    pub has_stream: bool,
    /// The `Key` element's `PropertyRef`s, when there is a `Key`.
    pub key: Option<Vec<PropertyRef>>,
    /// `Property` elements.
    pub properties: Vec<Property>,
    /// `NavigationProperty` elements.
    pub navigation_properties: Vec<NavigationProperty>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `PropertyRef` inside a `Key`.
#[derive(Debug, Clone)]
pub struct PropertyRef {
    /// The `Name` attribute (a property path).
    pub name: String,
    /// The `Alias` attribute.
    pub alias: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
}

/// A structural `Property`.
#[derive(Debug, Clone, Default)]
pub struct Property {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Type` attribute as written, e.g. `Edm.String` or `Collection(graph.keyValue)`.
    pub type_name: String,
    /// The `Nullable` attribute; absent means nullable.
    pub nullable: Option<bool>,
    /// The `MaxLength` attribute (a number or `max`).
    pub max_length: Option<String>,
    /// The `Precision` attribute.
    pub precision: Option<u32>,
    /// The `Scale` attribute (a number, `variable` or `floating`).
    pub scale: Option<String>,
    /// The `DefaultValue` attribute.
    pub default_value: Option<String>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `NavigationProperty`.
#[derive(Debug, Clone, Default)]
pub struct NavigationProperty {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Type` attribute as written.
    pub type_name: String,
    /// The `Nullable` attribute.
    pub nullable: Option<bool>,
    /// The `Partner` attribute.
    pub partner: Option<String>,
    /// `ContainsTarget="true"`.
    pub contains_target: bool,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// An `EnumType`.
#[derive(Debug, Clone, Default)]
pub struct EnumType {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `UnderlyingType` attribute (`Edm.Int32` when absent).
    pub underlying_type: Option<String>,
    /// `IsFlags="true"`.
    pub is_flags: bool,
    /// `Member` elements in document order.
    pub members: Vec<EnumMember>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `Member` of an `EnumType`.
#[derive(Debug, Clone, Default)]
pub struct EnumMember {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Value` attribute, when given (implicit values are assigned during lowering).
    pub value: Option<i64>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `TypeDefinition`.
#[derive(Debug, Clone, Default)]
pub struct TypeDefinition {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `UnderlyingType` attribute (a primitive type).
    pub underlying_type: String,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// Whether an [`Operation`] is an `Action` or a `Function`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum OperationKind {
    /// An `Action` (invoked with POST; may have side effects).
    #[default]
    Action,
    /// A `Function` (invoked with GET; no side effects).
    Function,
}

/// An `Action` or `Function` element.
#[derive(Debug, Clone, Default)]
pub struct Operation {
    /// Action or function.
    pub kind: OperationKind,
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// `IsBound="true"`: the first parameter is the binding parameter.
    pub is_bound: bool,
    /// `IsComposable="true"` (functions only).
    pub is_composable: bool,
    /// The `EntitySetPath` attribute.
    pub entity_set_path: Option<String>,
    /// `Parameter` elements in order.
    pub parameters: Vec<Parameter>,
    /// The `ReturnType` element.
    pub return_type: Option<ReturnType>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `Parameter` of an operation.
#[derive(Debug, Clone, Default)]
pub struct Parameter {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Type` attribute as written.
    pub type_name: String,
    /// The `Nullable` attribute.
    pub nullable: Option<bool>,
    /// Inline `Annotation` elements (e.g. `Core.OptionalParameter`).
    pub annotations: Vec<Annotation>,
}

/// The `ReturnType` of an operation.
#[derive(Debug, Clone, Default)]
pub struct ReturnType {
    /// The `Type` attribute as written.
    pub type_name: String,
    /// The `Nullable` attribute.
    pub nullable: Option<bool>,
    /// Where the element starts.
    pub pos: Pos,
}

/// An `EntityContainer`.
#[derive(Debug, Clone, Default)]
pub struct EntityContainer {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// `EntitySet` elements.
    pub entity_sets: Vec<EntitySet>,
    /// `Singleton` elements.
    pub singletons: Vec<Singleton>,
    /// `ActionImport` elements.
    pub action_imports: Vec<OperationImport>,
    /// `FunctionImport` elements.
    pub function_imports: Vec<OperationImport>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// An `EntitySet`.
#[derive(Debug, Clone, Default)]
pub struct EntitySet {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `EntityType` attribute as written.
    pub entity_type: String,
    /// `NavigationPropertyBinding` children.
    pub bindings: Vec<NavigationPropertyBinding>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `Singleton`.
#[derive(Debug, Clone, Default)]
pub struct Singleton {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Type` attribute as written.
    pub type_name: String,
    /// `NavigationPropertyBinding` children.
    pub bindings: Vec<NavigationPropertyBinding>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// A `NavigationPropertyBinding`.
#[derive(Debug, Clone, Default)]
pub struct NavigationPropertyBinding {
    /// The `Path` attribute.
    pub path: String,
    /// The `Target` attribute.
    pub target: String,
    /// Where the element starts.
    pub pos: Pos,
}

/// An `ActionImport` or `FunctionImport`.
#[derive(Debug, Clone, Default)]
pub struct OperationImport {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Action` or `Function` attribute: the imported operation's qualified name.
    pub operation: String,
    /// The `EntitySet` attribute.
    pub entity_set: Option<String>,
}

/// A `Term` definition.
#[derive(Debug, Clone, Default)]
pub struct Term {
    /// The `Name` attribute.
    pub name: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Type` attribute.
    pub type_name: String,
    /// The `AppliesTo` attribute.
    pub applies_to: Option<String>,
    /// Inline `Annotation` elements.
    pub annotations: Vec<Annotation>,
}

/// An out-of-line `Annotations` element.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    /// The `Target` attribute, e.g. `microsoft.graph.accessPackage/incompatibleGroups`.
    pub target: String,
    /// The `Qualifier` attribute.
    pub qualifier: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
    /// The `Annotation` children.
    pub annotations: Vec<Annotation>,
}

/// An `Annotation`.
#[derive(Debug, Clone, Default)]
pub struct Annotation {
    /// The `Term` attribute, as written (e.g. `Org.OData.Core.V1.Description` or `Core.Description`).
    pub term: String,
    /// The `Qualifier` attribute.
    pub qualifier: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
    /// The value: from a constant attribute (`String="..."`, `Bool="true"`, ...) or the
    /// single child expression element. `None` when the annotation has neither (a
    /// Boolean term's default `true`, per the CSDL spec).
    pub value: Option<Expr>,
}

/// An annotation expression (constant or dynamic), as far as graphgen reads them.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `String`.
    String(String),
    /// `Bool`.
    Bool(bool),
    /// `Int`.
    Int(i64),
    /// `Float`, `Decimal`, `Date`, `DateTimeOffset`, `Duration`, `Guid`, `TimeOfDay`,
    /// `Binary`: kept as text with the element name.
    Literal {
        /// The expression's element or attribute name, e.g. `Decimal`.
        kind: String,
        /// The literal text.
        text: String,
    },
    /// `EnumMember`, e.g. `Org.OData.Capabilities.V1.HttpMethod/PUT`.
    EnumMember(String),
    /// `Path`, `PropertyPath`, `NavigationPropertyPath`, `AnnotationPath`, `ModelElementPath`.
    Path {
        /// The element or attribute name, e.g. `PropertyPath`.
        kind: String,
        /// The path text.
        path: String,
    },
    /// `Null`.
    Null,
    /// `Record`.
    Record(Record),
    /// `Collection`.
    Collection(Vec<Expr>),
    /// Any other dynamic expression (`Apply`, `If`, ...): kept by name only.
    Other(String),
}

/// A `Record` expression.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record {
    /// The `Type` attribute.
    pub type_name: Option<String>,
    /// Where the element starts.
    pub pos: Pos,
    /// `PropertyValue` children, in order.
    pub properties: Vec<PropertyValue>,
}

/// A `PropertyValue` inside a [`Record`].
#[derive(Debug, Clone, PartialEq)]
pub struct PropertyValue {
    /// The `Property` attribute.
    pub property: String,
    /// Where the element starts.
    pub pos: Pos,
    /// The value (constant attribute or child expression); `None` when absent.
    pub value: Option<Expr>,
}

impl Record {
    /// The value of the property named `name`, if present.
    pub fn get(&self, name: &str) -> Option<&Expr> {
        self.properties
            .iter()
            .find(|p| p.property == name)
            .and_then(|p| p.value.as_ref())
    }
}
