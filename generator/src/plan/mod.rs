//! The plan: every public item a profile module will have, decided once, as plain data.
//!
//! Planning turns the resolved model of the metadata and the selection of its URL space (and
//! the per-root selections, when each root is a Cargo feature) into a [`Plan`]: the modules
//! and which file each item goes to; model structs with their fields (Rust name, wire name,
//! Rust type), enums, `…Kind` and `…Field` enums with their variants; request builders with
//! their methods (HTTP method, URL, body and return types), parameter structs and the
//! `Client`'s methods; the features and the `#[cfg]` of each item; and every doc line. The
//! emitters only read it: they name nothing and decide nothing, they turn it into tokens.
//! Nothing here is a token stream.
//!
//! This module is graphgen's read-only view of what it will generate:
//! [`crate::Config::plans`] gives the plan of each profile, and [`Plan::dump`] writes one as
//! readable text, one line per item and member, in a stable order, which is what two
//! generations are compared by. Its types are `#[non_exhaustive]`: later versions add items
//! and facts.
//!
//! One file per decision: `builders` (which builders exist and their names), `kinds` (the
//! `…Kind` and `…Field` enums), `cycles` (where `Box` goes), `features` (the `cfg` of each
//! item), `layout` (which module each item goes to), `types` (the Rust type of a value),
//! `models` and `requests` (the items themselves), `client`, and `dump`.

mod builders;
mod casts;
mod client;
mod cycles;
mod docs;
mod dump;
mod features;
mod kinds;
mod layout;
mod models;
pub(crate) mod names;
mod operations;
mod refs;
mod requests;
mod types;

#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

pub use crate::config::{Conventions, Decided, KeyStyle, Qualification};
use crate::error::{Error, Result};
use crate::ir::Model;
pub use crate::ir::Primitive;
use crate::ir::select::{RootSelection, Selection};

/// What a profile module is called and where its requests go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProfileOptions {
    /// The module name, e.g. `v1_0`.
    pub module: String,
    /// The service root, e.g. `https://graph.microsoft.com/v1.0`: the value of the module's
    /// `DEFAULT_BASE_URL`; `None` when the module has none.
    pub base_url: Option<String>,
    /// How URLs address keys and name operations and enum values.
    pub conventions: Conventions,
    /// One paragraph for the module docs, as plain text: it names configured values (the base
    /// URL, metadata paths), so it is made Markdown like a description from the metadata
    /// ([`crate::naming::description_markdown`]), and its URLs become links.
    pub doc: String,
}

/// Everything a profile module will hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Plan {
    /// The profile module's name (`v1_0`).
    pub module: String,
    /// The service root: the module's `DEFAULT_BASE_URL`. `None` for a service that is not
    /// Microsoft Graph and whose profile names no `base_url`: the module has no
    /// `DEFAULT_BASE_URL` and its `Client` is always given one.
    pub base_url: Option<String>,
    /// The profile's URL conventions, decided: how keys address members, whether bound
    /// operations and enum literals are namespace-qualified.
    pub conventions: Conventions,
    /// The profile module's docs, one line each (with a leading space, as in a `///`
    /// comment).
    pub docs: Vec<String>,
    /// The Cargo feature of each root, when each root is one; [`Gate`]s index into it.
    pub features: Vec<String>,
    /// The profile module's `Client` and its methods.
    pub client: ClientPlan,
    /// Every module below the profile module that holds items: namespace modules and the
    /// per-prefix modules inside them, by place (serialized as `[place, module]` pairs).
    #[serde(serialize_with = "pairs")]
    pub modules: BTreeMap<Place, ModulePlan>,
    /// Every item, sorted by place and name.
    pub items: Vec<Item>,
}

/// A map with keys that are not strings, serialized as a sequence of `[key, value]` pairs.
fn pairs<S: serde::Serializer, K: Serialize, V: Serialize>(
    map: &BTreeMap<K, V>,
    serializer: S,
) -> std::result::Result<S::Ok, S::Error> {
    serializer.collect_seq(map.iter())
}

/// The roots (indexes into [`Plan::features`]) that an item is compiled with:
/// `#[cfg(any(feature = …))]`. An item without one is always compiled.
pub type Gate = BTreeSet<usize>;

/// The three module trees of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub enum Top {
    /// The profile module itself (where the `Client` is).
    Root,
    /// `models`: model types.
    Models,
    /// `requests`: request builders and parameter structs.
    Requests,
}

impl Top {
    /// The module name (empty for the profile module).
    pub fn name(self) -> &'static str {
        match self {
            Top::Root => "",
            Top::Models => layout::MODELS,
            Top::Requests => layout::REQUESTS,
        }
    }
}

/// Where an item goes: `<profile>::<top>::<ns…>::<bucket>`, or the profile module itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub struct Place {
    /// `models` or `requests` (or the profile module).
    pub top: Top,
    /// The namespace's module path (empty for the main namespace).
    pub ns: Vec<String>,
    /// The private per-prefix module (empty for the profile module).
    pub bucket: String,
}

impl Place {
    /// The profile module.
    pub fn root() -> Place {
        Place {
            top: Top::Root,
            ns: Vec::new(),
            bucket: String::new(),
        }
    }

    /// How many modules below the profile module the item is.
    pub fn depth(&self) -> usize {
        match self.top {
            Top::Root => 0,
            Top::Models | Top::Requests => 2 + self.ns.len(),
        }
    }
}

/// A generated item as other items name it: where it is, and its name. Its namespace module
/// re-exports it, so a path to it names the namespace module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[non_exhaustive]
pub struct ItemRef {
    /// The module the item is defined in.
    pub place: Place,
    /// Its name.
    pub name: String,
}

/// One module below the profile module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ModulePlan {
    /// Its docs, one line each.
    pub docs: Vec<String>,
    /// The roots it is compiled with (the union of its items'); `None`: always.
    pub gate: Option<Gate>,
    /// A module that only holds further `impl` blocks of a big builder (nothing to
    /// re-export).
    pub impl_only: bool,
}

/// One public item of a module.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Item {
    /// Its name (unique in its namespace module).
    pub name: String,
    /// The module it is defined in.
    pub place: Place,
    /// The roots it is compiled with; `None`: always.
    pub gate: Option<Gate>,
    /// Its docs, one line each.
    pub docs: Vec<String>,
    /// What it is.
    pub kind: ItemKind,
}

impl Item {
    /// How other items name this one.
    pub fn item_ref(&self) -> ItemRef {
        ItemRef {
            place: self.place.clone(),
            name: self.name.clone(),
        }
    }
}

/// The kinds of items.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum ItemKind {
    /// A model struct (entity or complex type).
    Struct(StructPlan),
    /// `pub type X = <primitive>;` (a type definition).
    Alias(Primitive),
    /// An enum type.
    Enum(EnumPlan),
    /// The `…Kind` enum of a polymorphic base type.
    Kind(KindPlan),
    /// The `…Field` enum of an entity type (typed `$select`).
    FieldEnum(FieldEnumPlan),
    /// A request builder.
    Builder(BuilderPlan),
    /// The parameters of an operation.
    Params(ParamsPlan),
}

/// The Rust type of a value (without the `Option` of a struct field).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Ty {
    /// An `Edm` primitive.
    Prim(Primitive),
    /// A model struct, or the `…Kind` enum of a polymorphic type.
    Struct(ItemRef),
    /// An enum type.
    Enum(ItemRef),
    /// A flags enum type: `::graphgen_runtime::Flags<E>`.
    Flags(ItemRef),
    /// A type definition: its alias, of the primitive it names.
    Alias(ItemRef, Primitive),
    /// `Collection(T)`: `::std::vec::Vec<T>`.
    Vec(Box<Ty>),
    /// A type this crate does not emit: `::serde_json::Value`.
    Json,
}

impl Ty {
    /// Whether a value of this type is written into a URL as JSON (`Literal::json`): a
    /// struct, a collection, or a type this crate does not emit.
    pub fn is_json(&self) -> bool {
        matches!(
            self,
            Ty::Struct(_) | Ty::Vec(_) | Ty::Json | Ty::Prim(Primitive::Untyped | Primitive::Geo)
        ) || matches!(self, Ty::Alias(_, Primitive::Untyped | Primitive::Geo))
    }
}

/// A model struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct StructPlan {
    /// The docs of its `@odata.type` field.
    pub odata_type_docs: Vec<String>,
    /// Its fields after `odata_type` (structural properties, own and inherited, then
    /// navigation properties whose targets are emitted), each an `Option`.
    pub fields: Vec<FieldPlan>,
    /// The docs of its `additional_data` field.
    pub additional_data_docs: Vec<String>,
    /// `CanonicalPath::COLLECTION_PATH`, for an entity type with a home collection.
    pub canonical_path: Option<String>,
    /// `Type::with_id(..)`, for an entity type whose key properties are all fields.
    pub key_constructor: Option<KeyConstructor>,
}

/// A field of a model struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FieldPlan {
    /// The Rust name.
    pub rust: String,
    /// The property's name on the wire.
    pub wire: String,
    /// The value's type.
    pub ty: Ty,
    /// How the struct holds the value.
    pub holder: Holder,
    /// Docs, one line each.
    pub docs: Vec<String>,
}

/// How a struct holds a field's value (inside the field's `Option`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Holder {
    /// The value itself.
    Inline,
    /// In a `Box`: a single-valued navigation property off any cycle.
    Box,
    /// In a `graphgen_runtime::Indirect`: a value that can hold the struct again (a cycle of
    /// the struct graph), so that neither its size nor its auto traits recurse.
    Indirect,
}

/// `Type::with_id(id)`: an entity with its key and nothing else.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KeyConstructor {
    /// The method's name (`with_id`, `with_key`).
    pub name: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The key's fields (Rust name, type), in key order: one parameter each.
    pub parts: Vec<(String, Ty)>,
}

/// An enum type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EnumPlan {
    /// Its members.
    pub members: Vec<VariantPlan>,
    /// The variant that keeps a value this crate does not know.
    pub fallback: String,
    /// The fallback variant's docs.
    pub fallback_docs: Vec<String>,
}

/// A variant with the name it has on the wire.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct VariantPlan {
    /// The Rust name.
    pub rust: String,
    /// The name on the wire.
    pub wire: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
}

/// The `…Kind` enum of a polymorphic base type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KindPlan {
    /// The base type first, then the emitted derived types.
    pub variants: Vec<KindVariant>,
}

/// A variant of a `…Kind` enum.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KindVariant {
    /// The variant's name.
    pub rust: String,
    /// The struct it holds.
    pub model: ItemRef,
    /// The `@odata.type` values that select it (none for the base type's variant, which
    /// takes everything else).
    pub odata_types: Vec<String>,
    /// The roots it is compiled with, when fewer than the enum's.
    pub gate: Option<Gate>,
    /// Docs, one line each.
    pub docs: Vec<String>,
}

/// The `…Field` enum of an entity type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct FieldEnumPlan {
    /// The struct it selects fields of.
    pub model: ItemRef,
    /// The type's `…Kind` enum, which selects the same fields.
    pub kind: Option<ItemRef>,
    /// One variant per structural property.
    pub variants: Vec<VariantPlan>,
}

/// The parameters of a bound operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ParamsPlan {
    /// Its fields, one per parameter.
    pub fields: Vec<ParamField>,
    /// Whether it derives `Default` (every required field's type has one).
    pub default: bool,
}

/// A parameter of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ParamField {
    /// The Rust name.
    pub rust: String,
    /// The name on the wire.
    pub wire: String,
    /// The value's type.
    pub ty: Ty,
    /// How the parameter may be left out.
    pub presence: Presence,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The qualified name written before an enum value in a function call's URL (`n.Color` in
    /// `n.Color'red'`), when the parameter is an enum and the conventions qualify enum
    /// literals.
    pub enum_type: Option<String>,
}

/// Whether a parameter must be given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Presence {
    /// Required and not nullable: a plain field.
    Required,
    /// Nullable: an `Option`; `None` is sent as `null`.
    Nullable,
    /// Optional: an `Option`; `None` is left out.
    Optional,
}

/// A request builder: a wrapper around a `RequestTarget`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct BuilderPlan {
    /// The wire name of the entity type it is about (one, or a collection of them).
    pub element: String,
    /// What it addresses, for the docs of `new` (`one \`accessPackage\``).
    pub addresses: String,
    /// Its methods, in order.
    pub methods: Vec<MethodPlan>,
    /// The modules of the further `impl` blocks of a builder with many methods: a method
    /// whose [`MethodPlan::block`] is `k > 0` goes to `blocks[k - 1]`.
    pub blocks: Vec<Place>,
}

/// A method of a request builder (a request method and its sending twin, where there are
/// two).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MethodPlan {
    /// The roots it is compiled with, when fewer than its builder's.
    pub gate: Option<Gate>,
    /// The `impl` block it is in: 0 for the builder's own.
    pub block: usize,
    /// What it does.
    pub kind: MethodKind,
}

/// The kinds of builder methods.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum MethodKind {
    /// A request on the builder's own URL: `get`, `patch`, `put`, `delete` of an item;
    /// `list`, `post`, `count` of a collection.
    Request(RequestMethod),
    /// A bound action or function: `…/<name>` or `…/<name>(p=…)`.
    Operation(OperationMethod),
    /// `…/<nav>`: the builder of a navigation property.
    Nav(NavMethod),
    /// `by_id` and the alternate keys: the item builder of one member.
    Key(KeyMethod),
    /// A media resource: `GET` (a download) or `PUT` (an upload) of `…/$value` or of a
    /// stream property.
    Media(MediaMethod),
    /// `as_<type>()`: the builder of a derived type, through a type-cast segment
    /// (`…/n.Manager`).
    Cast(CastMethod),
    /// `refs()`: the `$ref` links of a collection.
    Refs {
        /// The method's name.
        name: String,
        /// Docs, one line each.
        docs: Vec<String>,
        /// The linked entities' model struct.
        model: ItemRef,
    },
}

/// A pair of methods: `<verb>_request` gives the `http::Request`, `<verb>` the `Call`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Pair {
    /// The request method's name (`get_request`).
    pub request: String,
    /// The sending method's name (`get`).
    pub send: String,
    /// The request method's docs.
    pub request_docs: Vec<String>,
    /// The sending method's docs.
    pub send_docs: Vec<String>,
}

/// A request on the builder's own URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RequestMethod {
    /// The two methods.
    pub names: Pair,
    /// The HTTP method.
    pub http: Http,
    /// The URL, relative to the builder's.
    pub url: RequestUrl,
    /// The JSON body's type, if there is one.
    pub body: Option<Ty>,
    /// What the sending method's call gives.
    pub returns: Returns,
}

/// HTTP methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Http {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PATCH`.
    Patch,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

/// Where a request goes, relative to its builder's URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum RequestUrl {
    /// The builder's URL itself.
    Itself,
    /// `…/$count`.
    Count,
}

/// What awaiting a sending method gives (`graphgen_runtime::decode::*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub enum Returns {
    /// `Json<T>`: one value.
    Json(Ty),
    /// `List<T>`: a page of values.
    List(Ty),
    /// `Value<T>`: `{"value": …}` unwrapped.
    Value(Ty),
    /// `Value<Option<T>>`: `{"value": …}` unwrapped, `None` for null.
    ValueOrNull(Ty),
    /// `Count`: a `$count` number.
    Count,
    /// `Empty`: nothing (`204 No Content`).
    Empty,
}

/// A bound action or function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct OperationMethod {
    /// The two methods.
    pub names: Pair,
    /// The operation's segment in the URL: its name, namespace-qualified (`n.Ping`) when the
    /// conventions say so.
    pub wire: String,
    /// An action (`POST`, parameters as a JSON body) or a function (`GET`, parameters in the
    /// URL).
    pub action: bool,
    /// The parameter struct, when there are parameters.
    pub params: Option<ItemRef>,
    /// A function's parameters, to write into the URL (the struct's fields).
    pub args: Vec<ParamField>,
    /// What the sending method's call gives.
    pub returns: Returns,
}

/// A media resource's method: `<verb>_value` for `$value`, `<verb>_<property>` for a stream
/// property. One method, no `*_request` twin: the body is a stream, not an `http::Request`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct MediaMethod {
    /// The method's name.
    pub name: String,
    /// The URL segment below the builder's URL: `$value`, or the property's wire name.
    pub segment: String,
    /// `PUT` with a content type and a body (`true`), or `GET` (`false`).
    pub upload: bool,
    /// Docs, one line each.
    pub docs: Vec<String>,
}

/// A navigation method.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct NavMethod {
    /// The method's name.
    pub name: String,
    /// The navigation property's name in the URL.
    pub wire: String,
    /// The wire name of the entity type it leads to.
    pub target: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// What it returns.
    pub to: NavTo,
}

/// What a navigation method leads to.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum NavTo {
    /// A generated builder (contained navigation).
    Builder(ItemRef),
    /// `::graphgen_runtime::NavCollection<T>` of the model struct.
    Collection(ItemRef),
    /// `::graphgen_runtime::NavSingle<T>`.
    Single(ItemRef),
    /// `::graphgen_runtime::NavSingleRef<T>` (Referenceable).
    SingleRef(ItemRef),
}

/// A type-cast method: `…/<qualified type name>`, to the builder of the derived type (its item
/// builder from an item, its cast collection builder from a collection).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct CastMethod {
    /// The method's name (`as_manager`).
    pub name: String,
    /// The segment: the derived type's qualified name (`n.Manager`).
    pub wire: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The builder it returns.
    pub to: ItemRef,
}

/// A key method of a collection builder.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KeyMethod {
    /// The method's name (`by_id`, `by_unique_name`).
    pub name: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The member's item builder.
    pub item: ItemRef,
    /// How the key is written.
    pub form: KeyForm,
    /// Whether writing the key can fail (a part written as JSON): the method returns a
    /// `Result`.
    pub fallible: bool,
}

/// How a key goes into the URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub enum KeyForm {
    /// `…/{id}`: one key property, as a percent-encoded segment.
    Segment {
        /// The key property's name (`id`).
        key: String,
        /// Its type.
        ty: Ty,
    },
    /// `…('id')`, `…(5)`: one key property as an OData literal in parentheses (the canonical
    /// key predicate, OData URL Conventions 4.01 §4.3.1).
    Literal(KeyPart),
    /// `…(a=…,b=…)`: a composite or alternate key, each part an OData literal.
    Parens(Vec<KeyPart>),
}

/// A part of a composite or alternate key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct KeyPart {
    /// Its name in the URL.
    pub wire: String,
    /// The parameter's name.
    pub rust: String,
    /// Its type.
    pub ty: Ty,
    /// The qualified name written before an enum value (`n.Color` in `n.Color'red'`), when the
    /// part is an enum and the conventions qualify enum literals.
    pub enum_type: Option<String>,
}

/// The profile module's `Client`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ClientPlan {
    /// The docs of `DEFAULT_BASE_URL`.
    pub base_url_docs: Vec<String>,
    /// The docs of `Client`.
    pub docs: Vec<String>,
    /// One method per selected entity set or singleton.
    pub methods: Vec<ClientMethod>,
    /// The selected imports (`ActionImport`, `FunctionImport`): one request method and its
    /// sending twin per imported operation, on the service root.
    pub operations: Vec<ClientOperation>,
}

/// An unbound operation the entity container imports, as methods of the `Client`:
/// `POST /<import>` for an action, `GET /<import>(p=…)` for a function.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ClientOperation {
    /// The import's name (the URL segment; [`OperationMethod::wire`] is the same).
    pub import: String,
    /// The `EntitySet` the returned entities are members of, if the import names one.
    pub entity_set: Option<String>,
    /// The methods, as a bound operation's (their URL starts at the service root).
    pub method: OperationMethod,
}

/// A method of the `Client`: an entity set or singleton.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ClientMethod {
    /// The method's name.
    pub name: String,
    /// The root's name in the URL.
    pub wire: String,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The builder it returns.
    pub builder: ItemRef,
    /// Its root's feature, when roots are features and there is more than one.
    pub gate: Option<Gate>,
}

/// Plans the profile module `opts.module`: what [`crate::emit::emit_plan`] emits.
/// `roots`: one selection per root feature, none when root features are off.
///
/// The plan depends only on `model`, `sel`, `roots` and `opts`, never on the order work was
/// done in.
///
/// # Errors
///
/// [`Error::Emit`] (a bug in graphgen or in the IR) when the selection names a type that is
/// not in the model, a name is not a Rust identifier, or two items of one module get the
/// same name.
pub(crate) fn build(
    model: &Model,
    sel: &Selection,
    roots: &[RootSelection],
    opts: &ProfileOptions,
) -> Result<Plan> {
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() {
            return Err(bug(
                &opts.module,
                format!("selected type id {} is not in the model", id.0),
            ));
        }
    }
    let ctx = Ctx::new(model, sel, roots, &opts.module, opts.conventions);
    let mut items = models::items(&ctx)?;
    items.extend(requests::items(&ctx)?);
    items.sort_by(|a, b| (&a.place, &a.name).cmp(&(&b.place, &b.name)));
    if let Some(w) = items
        .windows(2)
        .find(|w| w[0].place == w[1].place && w[0].name == w[1].name)
    {
        return Err(ctx.error(format!(
            "two items named `{}` in `{}::{}`",
            w[0].name,
            w[0].place.top.name(),
            w[0].place.ns.join("::")
        )));
    }
    let modules = layout::modules(&ctx, &items);
    Ok(Plan {
        module: opts.module.clone(),
        base_url: opts.base_url.clone(),
        conventions: opts.conventions,
        docs: crate::naming::description_lines(&opts.doc),
        features: ctx.gates.features().to_vec(),
        client: client::plan(&ctx, opts)?,
        modules,
        items,
    })
}

/// An [`Error::Emit`]: a bug in graphgen or in the IR, found while planning `module`.
fn bug(module: &str, message: String) -> Error {
    Error::Emit {
        module: module.to_owned(),
        message,
    }
}

/// What the planners share: the model, the selection, and the decisions made first (which
/// builders exist and their names, the `…Kind` and `…Field` enums, boxes, gates, placement).
struct Ctx<'a> {
    model: &'a Model,
    sel: &'a Selection,
    profile: &'a str,
    names: names::Names,
    builders: builders::Builders,
    kinds: BTreeMap<crate::ir::TypeId, kinds::Kind>,
    field_enums: BTreeMap<crate::ir::TypeId, String>,
    cycles: cycles::Cycles,
    gates: features::Gates,
    layout: layout::Layout,
    conventions: Conventions,
}

impl<'a> Ctx<'a> {
    fn new(
        model: &'a Model,
        sel: &'a Selection,
        roots: &[RootSelection],
        profile: &'a str,
        conventions: Conventions,
    ) -> Self {
        let names = names::Names::compute(model);
        let builders = builders::Builders::compute(model, sel, &names);
        let mut kinds = kinds::compute(model, sel, &names);
        let referenced = kinds::referenced(model, sel, &builders);
        kinds.retain(|base, _| referenced.contains(base));
        let cycles = cycles::Cycles::compute(model, sel, &kinds);
        let field_enums = kinds::field_enums(model, sel, &names, &kinds);
        let layout = layout::Layout::compute(model, sel, &names, &builders, &kinds, &field_enums);
        Ctx {
            model,
            sel,
            profile,
            gates: features::Gates::compute(model, &names, roots),
            names,
            builders,
            kinds,
            field_enums,
            cycles,
            layout,
            conventions,
        }
    }

    /// The qualified name to write before a value of `ty` in a URL literal: the enum type's
    /// (`n.Color`), when `ty` is an enum and the conventions qualify enum literals.
    fn enum_type(&self, ty: &crate::ir::TypeRef) -> Option<String> {
        match ty {
            crate::ir::TypeRef::Named(t)
                if self.conventions.enums == Qualification::Qualified
                    && matches!(self.model.ty(*t).kind, crate::ir::TypeKind::Enum(_)) =>
            {
                Some(self.model.ty(*t).qualified.clone())
            }
            _ => None,
        }
    }

    /// An [`Error::Emit`] for this profile.
    fn error(&self, message: impl Into<String>) -> Error {
        bug(self.profile, message.into())
    }

    /// Whether the model item of `id` is emitted.
    fn emitted(&self, id: crate::ir::TypeId) -> bool {
        self.sel.types.contains(&id) && (id.0 as usize) < self.model.types.len()
    }
}
