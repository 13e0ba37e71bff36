//! The plan of request builders and their methods, and of the `Client`: what
//! [`super::requests`], [`super::operations`] and [`super::client`] decide and the emitters
//! write.

use serde::Serialize;

use super::{Gate, ItemRef, ParamField, Place, Ty};

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
    /// `<function>_builder(..)`: the item builder of a composable function's result
    /// (`…/range(address='A1')`), which further segments address.
    Composed(ComposedMethod),
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

/// The builder of a composable function's one-entity result.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ComposedMethod {
    /// The method's name (`range_builder`).
    pub name: String,
    /// The function's segment in the URL, as for its [`OperationMethod`].
    pub wire: String,
    /// The parameter struct, when there are parameters (the method then returns a `Result`:
    /// a parameter may fail to be written).
    pub params: Option<ItemRef>,
    /// The parameters to write into the URL (the struct's fields).
    pub args: Vec<ParamField>,
    /// Docs, one line each.
    pub docs: Vec<String>,
    /// The item builder of the result type.
    pub to: ItemRef,
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
