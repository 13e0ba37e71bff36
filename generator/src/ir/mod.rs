//! The intermediate representation: resolved, language-neutral, no token streams.
//!
//! Types live in an arena ([`Model::types`]) addressed by stable [`TypeId`]s; references
//! between types are ids, so cycles need no special handling here (the emitter inserts `Box`
//! where a value would contain itself). Names are the metadata's (the wire names); the Rust
//! names are decided once, from these and the facts they need, by the plan
//! ([`crate::plan`]), which keeps each beside its wire name.
//!
//! [`lower`] builds a [`Model`] from syntax trees, [`paths`] walks the URL space it describes,
//! and [`select`] picks the part of it that a configuration asks for.

pub mod capabilities;
pub mod lower;
pub mod paths;
pub mod select;

use std::collections::BTreeMap;

use crate::error::Diagnostic;

/// Index of a type in [`Model::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub u32);

/// A step of [`Model::inheritance_walk`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Descent {
    /// A struct type, after its base type.
    Enter(TypeId),
    /// Done with a struct type and every type derived from it.
    Leave(TypeId),
}

/// Index of an operation in [`Model::operations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpId(pub u32);

/// The whole resolved service: every schema of every input document merged.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Namespaces by full name.
    pub namespaces: BTreeMap<String, Namespace>,
    /// The type arena; `types[id.0]` has `id`.
    pub types: Vec<TypeDef>,
    /// Qualified name (`microsoft.graph.accessPackage`) to type.
    pub type_index: BTreeMap<String, TypeId>,
    /// Every action and function; `operations[id.0]` has `id`.
    pub operations: Vec<Operation>,
    /// Entity sets and singletons of the entity container, in document order.
    pub roots: Vec<Root>,
    /// The main namespace: the namespace of the schema that holds the entity container, or
    /// of the first schema when none does (`microsoft.graph` for Graph).
    pub main_namespace: String,
    /// What the entity container says of `Capabilities.KeyAsSegmentSupported` (a tag: `true`
    /// when applied without a value); `None` when it does not apply the term.
    pub key_as_segment: Option<bool>,
    /// The namespaces whose schema applies `Core.DefaultNamespace` (a tag): their operations
    /// and types may be written in URLs without the namespace (OData URL Conventions §4.5).
    pub default_namespaces: std::collections::BTreeSet<String>,
    /// Action and function imports of the entity container, in document order.
    pub imports: Vec<Import>,
    /// Problems that do not stop generation (e.g. an annotation whose target does not exist).
    pub warnings: Vec<Diagnostic>,
}

/// A schema namespace and the Rust module its types go to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Namespace {
    /// Full namespace, e.g. `microsoft.graph.security`.
    pub name: String,
    /// Its alias, if the schema declares one.
    pub alias: Option<String>,
    /// Where the namespace is below the main one (the namespace of the entity container):
    /// empty for the main namespace (`microsoft.graph`), `["security"]` for
    /// `microsoft.graph.security`, the dotted parts of the whole name for a namespace outside
    /// the main one. The plan makes a Rust module path of it.
    pub path: Vec<String>,
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// This type's id.
    pub id: TypeId,
    /// Its namespace's full name.
    pub namespace: String,
    /// Its name (`accessPackage`).
    pub name: String,
    /// Qualified wire name, e.g. `microsoft.graph.accessPackage`.
    pub qualified: String,
    /// `Core.Description` (and `Core.LongDescription` after a blank line).
    pub doc: Option<String>,
    /// What kind of type it is.
    pub kind: TypeKind,
}

/// The kinds of named types.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    /// An `EntityType`.
    Entity(StructDef),
    /// A `ComplexType`.
    Complex(StructDef),
    /// An `EnumType`.
    Enum(EnumDef),
    /// A `TypeDefinition`: a named primitive.
    Definition(Primitive),
}

/// The body of an entity or complex type.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StructDef {
    /// The direct base type.
    pub base: Option<TypeId>,
    /// Direct derived types, sorted by id.
    pub derived: Vec<TypeId>,
    /// `Abstract="true"`.
    pub is_abstract: bool,
    /// `OpenType="true"`.
    pub open: bool,
    /// `HasStream="true"`.
    pub has_stream: bool,
    /// Key properties (own or inherited), in key order; empty for complex types.
    pub key: Vec<KeyProperty>,
    /// Structural properties declared on this type (not inherited), in document order.
    pub fields: Vec<Field>,
    /// Navigation properties declared on this type (not inherited), in document order.
    pub navigations: Vec<Navigation>,
    /// `Core.AlternateKeys` whose properties exist.
    pub alternate_keys: Vec<AlternateKey>,
}

/// One property of an entity type's key (a `PropertyRef`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProperty {
    /// What the key property is called in URLs (`(InfoID=1)`) and key parameters: its
    /// `Alias`, or its name when it is a property of the type itself.
    pub name: String,
    /// The property path: `["id"]`, or through complex properties `["Info", "ID"]`.
    pub path: Vec<String>,
    /// The key property's type: an enum, a key's primitive type or a type definition of one.
    pub ty: TypeRef,
}

impl KeyProperty {
    /// A key property of the type itself: `name`, with type `ty`.
    #[cfg(test)]
    pub fn own(name: &str, ty: TypeRef) -> KeyProperty {
        KeyProperty {
            name: name.to_owned(),
            path: vec![name.to_owned()],
            ty,
        }
    }

    /// The property of the entity type itself, when the key property is one (not a path
    /// into a complex property).
    pub fn own_property(&self) -> Option<&str> {
        match self.path.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// A structural property.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its name (unique among the properties of the type, inherited ones included).
    pub name: String,
    /// The property's type.
    pub ty: TypeRef,
    /// `Nullable` (default true).
    pub nullable: bool,
    /// Description.
    pub doc: Option<String>,
}

/// A navigation property.
#[derive(Debug, Clone, PartialEq)]
pub struct Navigation {
    /// Its name.
    pub name: String,
    /// The target entity type.
    pub target: TypeId,
    /// `Collection(...)`.
    pub collection: bool,
    /// `ContainsTarget="true"`.
    pub contains_target: bool,
    /// `Nullable` (default true).
    pub nullable: bool,
    /// Description.
    pub doc: Option<String>,
    /// Capability annotations targeting this navigation property.
    pub caps: Capabilities,
}

/// One alternate key: `(alias, property wire name)` pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct AlternateKey {
    /// Key parts in order: URL alias and the property they name.
    pub parts: Vec<AlternateKeyPart>,
}

/// One part of an [`AlternateKey`].
#[derive(Debug, Clone, PartialEq)]
pub struct AlternateKeyPart {
    /// The alias used in the URL (`uniqueName` in `(uniqueName='x')`).
    pub alias: String,
    /// The property's type.
    pub ty: TypeRef,
}

/// A reference to a type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeRef {
    /// An `Edm.*` primitive.
    Primitive(Primitive),
    /// A named type in the arena.
    Named(TypeId),
    /// `Collection(T)`; `T` is never itself a collection.
    Collection(Box<TypeRef>),
}

/// The `Edm` primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Primitive {
    /// `Edm.String`
    String,
    /// `Edm.Boolean`
    Boolean,
    /// `Edm.Byte`
    Byte,
    /// `Edm.SByte`
    SByte,
    /// `Edm.Int16`
    Int16,
    /// `Edm.Int32`
    Int32,
    /// `Edm.Int64`
    Int64,
    /// `Edm.Single`
    Single,
    /// `Edm.Double`
    Double,
    /// `Edm.Decimal`
    Decimal,
    /// `Edm.Guid`
    Guid,
    /// `Edm.Date`
    Date,
    /// `Edm.TimeOfDay`
    TimeOfDay,
    /// `Edm.DateTimeOffset`
    DateTimeOffset,
    /// `Edm.Duration`
    Duration,
    /// `Edm.Binary`
    Binary,
    /// `Edm.Stream`
    Stream,
    /// `Edm.Untyped`, `Edm.PrimitiveType`, `Edm.ComplexType`, `Edm.EntityType`: any JSON.
    Untyped,
    /// `Edm.Geography*` and `Edm.Geometry*` (GeoJSON).
    Geo,
}

impl Primitive {
    /// Parses an `Edm.*` name (without the `Edm.` prefix).
    pub fn from_edm(name: &str) -> Option<Primitive> {
        Some(match name {
            "String" => Primitive::String,
            "Boolean" => Primitive::Boolean,
            "Byte" => Primitive::Byte,
            "SByte" => Primitive::SByte,
            "Int16" => Primitive::Int16,
            "Int32" => Primitive::Int32,
            "Int64" => Primitive::Int64,
            "Single" => Primitive::Single,
            "Double" => Primitive::Double,
            "Decimal" => Primitive::Decimal,
            "Guid" => Primitive::Guid,
            "Date" => Primitive::Date,
            "TimeOfDay" => Primitive::TimeOfDay,
            "DateTimeOffset" => Primitive::DateTimeOffset,
            "Duration" => Primitive::Duration,
            "Binary" => Primitive::Binary,
            "Stream" => Primitive::Stream,
            "Untyped"
            | "PrimitiveType"
            | "ComplexType"
            | "EntityType"
            | "AnnotationPath"
            | "PropertyPath"
            | "NavigationPropertyPath"
            | "AnyPropertyPath" => Primitive::Untyped,
            n if n.starts_with("Geography") || n.starts_with("Geometry") => Primitive::Geo,
            _ => return None,
        })
    }
}

/// The body of an enum type.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// `UnderlyingType` (Int32 when absent).
    pub underlying: Primitive,
    /// `IsFlags="true"`.
    pub is_flags: bool,
    /// Members in document order; names unique after conversion.
    pub members: Vec<EnumMember>,
}

/// An enum member.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumMember {
    /// Its name (`unknownFutureValue`).
    pub name: String,
    /// Explicit or implicit value.
    pub value: i64,
    /// Description.
    pub doc: Option<String>,
}

/// Action or function.
pub use crate::csdl::syntax::OperationKind;

/// A bound or unbound action or function.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// This operation's id.
    pub id: OpId,
    /// Action (POST) or function (GET).
    pub kind: OperationKind,
    /// Namespace of the operation.
    pub namespace: String,
    /// Its name (the URL segment).
    pub name: String,
    /// The binding parameter's type, for bound operations.
    pub binding: Option<Binding>,
    /// Non-binding parameters in order.
    pub params: Vec<Param>,
    /// Return type.
    pub returns: Option<ReturnType>,
    /// `IsComposable`.
    pub composable: bool,
    /// Description.
    pub doc: Option<String>,
}

/// What a bound operation is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Binding {
    /// The binding parameter's type (entity type).
    pub ty: TypeId,
    /// Bound to `Collection(ty)` rather than a single entity.
    pub collection: bool,
}

/// An operation parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Its name.
    pub name: String,
    /// Type.
    pub ty: TypeRef,
    /// `Nullable`.
    pub nullable: bool,
    /// `Core.OptionalParameter`.
    pub optional: bool,
}

/// An operation's return type.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnType {
    /// The type.
    pub ty: TypeRef,
    /// `Nullable`.
    pub nullable: bool,
}

/// Entity set or singleton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootKind {
    /// An `EntitySet`: a collection.
    EntitySet,
    /// A `Singleton`: one entity.
    Singleton,
}

/// An entry point of the URL space.
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    /// Its name (the URL segment).
    pub name: String,
    /// Entity set or singleton.
    pub kind: RootKind,
    /// The entity type.
    pub ty: TypeId,
    /// Capability annotations targeting it.
    pub caps: Capabilities,
    /// Description.
    pub doc: Option<String>,
}

/// An `ActionImport` or `FunctionImport`: unbound operations exposed at the service root, as
/// `POST /<name>` (an action) or `GET /<name>(p=…)` (a function).
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// Its name (the URL segment), which may differ from the operation's.
    pub name: String,
    /// Action or function.
    pub kind: OperationKind,
    /// The unbound operations it imports: one action, or every unbound overload of a
    /// function, in document order.
    pub operations: Vec<OpId>,
    /// The `EntitySet` attribute resolved (an index into `Model::roots`): the entity set the
    /// returned entities are members of.
    pub entity_set: Option<usize>,
}

/// HTTP method for updates (`Capabilities.UpdateRestrictions/UpdateMethod`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum UpdateMethod {
    /// PATCH (the default).
    Patch,
    /// PUT.
    Put,
}

/// What the capability vocabulary says about an entity set, singleton or navigation
/// property. `None` means "not stated" (allowed by default).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Capabilities {
    /// `ReadRestrictions/Readable`.
    pub readable: Option<bool>,
    /// `InsertRestrictions/Insertable`.
    pub insertable: Option<bool>,
    /// `UpdateRestrictions/Updatable`.
    pub updatable: Option<bool>,
    /// `UpdateRestrictions/UpdateMethod`.
    pub update_method: Option<UpdateMethod>,
    /// `DeleteRestrictions/Deletable`.
    pub deletable: Option<bool>,
    /// `CountRestrictions/Countable`.
    pub countable: Option<bool>,
    /// `NavigationRestrictions/Referenceable`.
    pub referenceable: Option<bool>,
}

impl Model {
    /// The type with this id.
    pub fn ty(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    /// The operation with this id.
    pub fn op(&self, id: OpId) -> &Operation {
        &self.operations[id.0 as usize]
    }

    /// The struct body of an entity or complex type.
    pub fn struct_def(&self, id: TypeId) -> Option<&StructDef> {
        match &self.ty(id).kind {
            TypeKind::Entity(s) | TypeKind::Complex(s) => Some(s),
            _ => None,
        }
    }

    /// Navigation property `index` as its declaring type `owner` declares it.
    pub fn navigation(&self, owner: TypeId, index: usize) -> Option<&Navigation> {
        self.struct_def(owner)
            .and_then(|s| s.navigations.get(index))
    }

    /// `id` followed by its base types, nearest first. Cycles were rejected by lowering.
    pub fn base_chain(&self, id: TypeId) -> Vec<TypeId> {
        let mut chain = vec![id];
        let mut cur = id;
        while let Some(base) = self.struct_def(cur).and_then(|s| s.base) {
            // Lowering rejects cycles; the bound only guards hand-built models.
            if chain.len() > self.types.len() {
                break;
            }
            chain.push(base);
            cur = base;
        }
        chain
    }

    /// All fields of a struct type, inherited ones first (root base type's fields first).
    pub fn all_fields(&self, id: TypeId) -> Vec<&Field> {
        let mut chain = self.base_chain(id);
        chain.reverse();
        chain
            .into_iter()
            .filter_map(|t| self.struct_def(t))
            .flat_map(|s| s.fields.iter())
            .collect()
    }

    /// All fields of a struct type, inherited ones first, with the type that declares each
    /// and its index there.
    pub fn all_fields_at(&self, id: TypeId) -> Vec<(TypeId, usize, &Field)> {
        let mut chain = self.base_chain(id);
        chain.reverse();
        let mut out = Vec::new();
        for t in chain {
            if let Some(s) = self.struct_def(t) {
                out.extend(s.fields.iter().enumerate().map(|(i, f)| (t, i, f)));
            }
        }
        out
    }

    /// Every struct type, each entered after its base type and left after the types derived
    /// from it: a walk that can keep what a type inherits in one scope that grows on the way
    /// down and shrinks on the way up. Roots (types without a base) in id order.
    pub fn inheritance_walk(&self) -> Vec<Descent> {
        let mut out = Vec::new();
        let mut stack: Vec<Descent> = self
            .types
            .iter()
            .rev()
            .filter(|t| matches!(&t.kind, TypeKind::Entity(s) | TypeKind::Complex(s) if s.base.is_none()))
            .map(|t| Descent::Enter(t.id))
            .collect();
        while let Some(step) = stack.pop() {
            if let Descent::Enter(id) = step {
                stack.push(Descent::Leave(id));
                let derived = self.struct_def(id).map_or(&[][..], |s| &s.derived);
                stack.extend(derived.iter().rev().map(|&d| Descent::Enter(d)));
            }
            out.push(step);
        }
        out
    }

    /// All navigation properties of an entity type, inherited ones first, with the type
    /// that declares each.
    pub fn all_navigations(&self, id: TypeId) -> Vec<(TypeId, usize, &Navigation)> {
        let mut chain = self.base_chain(id);
        chain.reverse();
        let mut out = Vec::new();
        for t in chain {
            if let Some(s) = self.struct_def(t) {
                for (i, n) in s.navigations.iter().enumerate() {
                    out.push((t, i, n));
                }
            }
        }
        out
    }

    /// Every type derived from `id`, directly or not, sorted by id.
    pub fn all_derived(&self, id: TypeId) -> Vec<TypeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(t) = stack.pop() {
            if let Some(s) = self.struct_def(t) {
                for &d in &s.derived {
                    if !out.contains(&d) {
                        out.push(d);
                        stack.push(d);
                    }
                }
            }
        }
        out.sort();
        out
    }
}

#[cfg(test)]
mod tests;
