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
//! `models` and `requests` (the items themselves), `client`, and `dump`. The plan's types are
//! here, those of request builders and the `Client` in `methods`.

mod builders;
mod casts;
mod client;
mod cycles;
mod docs;
mod dump;
mod features;
mod kinds;
mod layout;
mod methods;
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
pub use methods::{
    BuilderPlan, CastMethod, ClientMethod, ClientOperation, ClientPlan, ComposedMethod, Http,
    KeyForm, KeyMethod, KeyPart, MediaMethod, MethodKind, MethodPlan, NavMethod, NavTo,
    OperationMethod, Pair, RequestMethod, RequestUrl, Returns,
};

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
    /// For an entity type, its qualified name (the URL's cast segment) and the emitted entity
    /// types it derives from, direct or not, nearest first: one
    /// `graphgen_runtime::DerivedFrom<Base>` each, which casts of non-contained navigation
    /// properties (`…/memberOf/microsoft.graph.group`) require.
    pub derived_from: Option<DerivedFrom>,
}

/// What an entity type derives from, for `graphgen_runtime::DerivedFrom`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct DerivedFrom {
    /// The derived type's qualified name (`microsoft.graph.group`).
    pub qualified: String,
    /// Each emitted base model, nearest first, with the roots that compile it.
    pub bases: Vec<(ItemRef, Option<Gate>)>,
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
