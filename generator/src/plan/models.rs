//! The model items: a struct per entity and complex type, an alias per type definition, an
//! enum per enum type, and the `…Kind` and `…Field` enums.
//!
//! Every field is optional (`$select` responses carry any subset of the properties), unknown
//! properties survive a round trip in `additional_data`, and `odata_type` comes first so that
//! a body that names its type can be built. Enums keep a member the service adds later in a
//! fallback variant; a `…Kind` enum reads any type derived from its base by `@odata.type`.

use super::docs::doc_or;
use super::{
    Ctx, DerivedFrom, EnumPlan, FieldEnumPlan, FieldPlan, Holder, Item, ItemKind, KeyConstructor,
    KindPlan, KindVariant, StructPlan, Top, VariantPlan,
};
use std::collections::BTreeSet;

use crate::error::Result;
use crate::ir::{EnumDef, Model, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Namer};

/// Every model item of the selection.
pub(super) fn items(ctx: &Ctx<'_>) -> Result<Vec<Item>> {
    let mut out = Vec::new();
    let cast_bases = cast_bases(ctx);
    for &id in &ctx.sel.types {
        let ty = ctx.model.ty(id);
        let kind = match &ty.kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => {
                ItemKind::Struct(struct_plan(ctx, id, &cast_bases))
            }
            TypeKind::Definition(p) => ItemKind::Alias(*p),
            TypeKind::Enum(def) => ItemKind::Enum(enum_plan(ctx, id, def)),
        };
        let docs = match &ty.kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => struct_docs(ctx.model, ty),
            TypeKind::Definition(_) => doc_or(
                ty.doc.as_deref(),
                &format!("The `{}` type definition.", ty.qualified),
            ),
            TypeKind::Enum(def) => enum_docs(ty, def),
        };
        out.push(Item {
            name: ctx.names.ty(id).to_owned(),
            place: ctx.model_ref(id).place,
            gate: ctx.gates.ty(id),
            docs,
            kind,
        });
    }
    for (&base, kind) in &ctx.kinds {
        out.push(kind_item(ctx, base, kind));
    }
    for (&id, name) in &ctx.field_enums {
        out.push(field_enum_item(ctx, id, name));
    }
    Ok(out)
}

/// The struct docs: the description, then what the type is on the wire.
fn struct_docs(model: &Model, ty: &TypeDef) -> Vec<String> {
    let (what, base) = match &ty.kind {
        TypeKind::Entity(s) => ("entity type", s.base),
        TypeKind::Complex(s) => ("complex type", s.base),
        _ => ("type", None),
    };
    let mut summary = format!("The `{}` {what}", ty.qualified);
    if let Some(base) = base {
        summary.push_str(&format!(" (derived from `{}`)", model.ty(base).qualified));
    }
    summary.push('.');
    let mut lines = description_paragraph(ty);
    lines.extend(naming::doc_lines(&summary));
    lines
}

fn struct_plan(ctx: &Ctx<'_>, id: TypeId, cast_bases: &BTreeSet<TypeId>) -> StructPlan {
    let ty = ctx.model.ty(id);
    // The IR's names are unique per struct; the namer only guards against a navigation
    // property and a structural property that convert to the same name.
    let mut names = Namer::with_reserved(naming::RESERVED_FIELDS);
    let mut fields = Vec::new();
    for (owner, i, field) in ctx.model.all_fields_at(id) {
        let held = super::cycles::held(ctx.model, ctx.sel, &ctx.kinds, &field.ty);
        let holder = if ctx.cycles.needs_indirect(id, &held) {
            Holder::Indirect
        } else {
            Holder::Inline
        };
        fields.push(FieldPlan {
            rust: names.claim(ctx.names.field(owner, i).to_owned()),
            wire: field.name.clone(),
            ty: ctx.ty(&field.ty),
            holder,
            docs: doc_or(
                field.doc.as_deref(),
                &format!("The `{}` property.", field.name),
            ),
        });
    }
    let key_constructor = key_constructor(ty, &fields);
    for (owner, i, nav) in ctx.model.all_navigations(id) {
        if !ctx.emitted(nav.target) {
            continue;
        }
        let single = TypeRef::Named(nav.target);
        // A navigation property on a cycle is held through `Indirect` (see `cycles`). Else a
        // single-valued one is boxed: it is only there when expanded, and inline it would
        // make every entity as big as the entities it points at (a page of 1,000
        // accessPackages is 3.8 times smaller in memory, and faster to deserialize).
        let held = super::cycles::held_id(ctx.model, ctx.sel, &ctx.kinds, nav.target);
        let holder = if ctx.cycles.needs_indirect(id, &held) {
            Holder::Indirect
        } else if nav.collection {
            Holder::Inline
        } else {
            Holder::Box
        };
        let fty = if nav.collection {
            ctx.ty(&TypeRef::Collection(Box::new(single)))
        } else {
            ctx.ty(&single)
        };
        fields.push(FieldPlan {
            rust: names.claim(ctx.names.nav(owner, i).to_owned()),
            wire: nav.name.clone(),
            ty: fty,
            holder,
            docs: doc_or(
                nav.doc.as_deref(),
                &format!(
                    "The `{}` navigation property (present when expanded with `$expand`).",
                    nav.name
                ),
            ),
        });
    }
    let canonical_path = match &ty.kind {
        TypeKind::Entity(_) => ctx.sel.canonical.get(&id).cloned(),
        _ => None,
    };
    StructPlan {
        odata_type_docs: naming::doc_lines(
            "The `@odata.type` annotation: the qualified name of the value's type, with a \
             leading `#` (`#microsoft.graph.group`).",
        ),
        fields,
        additional_data_docs: naming::doc_lines(
            "Properties and annotations this type does not declare, kept so that they survive \
             a round trip.",
        ),
        canonical_path,
        key_constructor,
        derived_from: derived_from(ctx, id, cast_bases),
    }
}

/// The targets of the selected navigation properties that are not contained: the element
/// types of the runtime's `NavCollection`/`NavSingle` builders, whose `cast` needs a
/// `DerivedFrom` of the base. (Every Graph entity derives from `entity`; a `DerivedFrom` of
/// each base there is would be a thousand impls no builder uses.)
fn cast_bases(ctx: &Ctx<'_>) -> BTreeSet<TypeId> {
    let mut out = BTreeSet::new();
    for item in ctx.sel.items.values() {
        for &(owner, index) in &item.navs {
            let Some(nav) = ctx.model.navigation(owner, index) else {
                continue;
            };
            if !nav.contains_target {
                out.insert(nav.target);
            }
        }
    }
    out
}

/// An entity type's emitted bases that are `cast_bases`, for `graphgen_runtime::DerivedFrom`:
/// `None` for a complex type or a type without one.
fn derived_from(ctx: &Ctx<'_>, id: TypeId, cast_bases: &BTreeSet<TypeId>) -> Option<DerivedFrom> {
    let ty = ctx.model.ty(id);
    if !matches!(ty.kind, TypeKind::Entity(_)) {
        return None;
    }
    let bases: Vec<_> = ctx
        .model
        .base_chain(id)
        .into_iter()
        .skip(1)
        .filter(|&b| ctx.emitted(b) && cast_bases.contains(&b))
        .map(|b| (ctx.model_ref(b), ctx.gates.ty(b)))
        .collect();
    (!bases.is_empty()).then(|| DerivedFrom {
        qualified: ty.qualified.clone(),
        bases,
    })
}

/// `Type::with_id(id)`: the entity with its key set and nothing else, which is how a
/// relation is set by id (`catalog: Some(AccessPackageCatalog::with_id("…").into())`).
/// One parameter per key property, in key order (`with_key(a, b)` for a composite key).
fn key_constructor(ty: &TypeDef, fields: &[FieldPlan]) -> Option<KeyConstructor> {
    let TypeKind::Entity(def) = &ty.kind else {
        return None;
    };
    // Every key property, in the key's order (a key naming a missing property was refused
    // when lowering). A key property inside a complex property (`Info/ID`) has no field of
    // its own to set, so such a type has no key constructor.
    let mut parts = Vec::new();
    for k in &def.key {
        let wire = k.own_property()?;
        let field = fields.iter().find(|f| f.wire == wire)?;
        parts.push((field.rust.clone(), field.ty.clone()));
    }
    let single = match parts.as_slice() {
        [] => return None,
        [(rust, _)] => Some(rust.as_str()),
        _ => None,
    };
    let keys: Vec<String> = def.key.iter().map(|k| format!("`{}`", k.name)).collect();
    Some(KeyConstructor {
        name: naming::key_constructor_name(single),
        docs: naming::doc_lines(&format!(
            "A `{}` with its key ({}) set and every other property unset: what a body needs \
             to name an existing entity, such as a relation set by id.",
            ty.qualified,
            keys.join(", ")
        )),
        parts,
    })
}

/// The fallback variant's name: [`naming::ENUM_FALLBACK`] (`Unrecognized`, which no member
/// takes).
fn fallback_name() -> String {
    naming::variant_name(naming::ENUM_FALLBACK)
}

fn enum_docs(ty: &TypeDef, def: &EnumDef) -> Vec<String> {
    let mut lines = description_paragraph(ty);
    let flags_note = if def.is_flags {
        " It is a flags enum: a value holds several members, as \
         `::graphgen_runtime::Flags<Self>`."
    } else {
        ""
    };
    lines.extend(naming::doc_lines(&format!(
        "The `{}` enum type. Values the service adds later are kept as `{}`.{flags_note}",
        ty.qualified,
        fallback_name(),
    )));
    lines
}

fn enum_plan(ctx: &Ctx<'_>, id: TypeId, def: &EnumDef) -> EnumPlan {
    EnumPlan {
        members: def
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| VariantPlan {
                rust: ctx.names.member(id, i).to_owned(),
                wire: m.name.clone(),
                docs: doc_or(
                    m.doc.as_deref(),
                    &format!("The `{}` member (value {}).", m.name, m.value),
                ),
            })
            .collect(),
        fallback: fallback_name(),
        fallback_docs: naming::doc_lines(
            "A member this version of the crate does not know, with its name as sent by the \
             service.",
        ),
    }
}

/// The `@odata.type` values that select a type: the qualified name, and the alias-qualified
/// one when the namespace has an alias.
fn odata_types(model: &Model, id: TypeId) -> Vec<String> {
    let ty = model.ty(id);
    let mut names = vec![ty.qualified.clone()];
    if let Some(alias) = model
        .namespaces
        .get(&ty.namespace)
        .and_then(|n| n.alias.as_ref())
    {
        let aliased = format!("{alias}.{}", ty.name);
        if aliased != ty.qualified {
            names.push(aliased);
        }
    }
    names
}

fn kind_item(ctx: &Ctx<'_>, base: TypeId, kind: &super::kinds::Kind) -> Item {
    let base_ty = ctx.model.ty(base);
    let mut docs = naming::doc_lines(&format!(
        "A `{}` or a type derived from it, told apart by `@odata.type`.",
        base_ty.qualified
    ));
    docs.push(String::new());
    docs.extend(naming::doc_lines(
        "A value whose `@odata.type` is absent or names a type this crate does not know is read \
         as the base type, which keeps the type name and the unknown properties.",
    ));
    let variants = kind
        .variants
        .iter()
        .enumerate()
        .map(|(i, (t, rust))| {
            let qualified = &ctx.model.ty(*t).qualified;
            let base_variant = i == 0;
            KindVariant {
                rust: rust.clone(),
                model: ctx.model_ref(*t),
                odata_types: if base_variant {
                    Vec::new()
                } else {
                    odata_types(ctx.model, *t)
                },
                gate: if base_variant {
                    None
                } else {
                    ctx.gates.variant(base, *t)
                },
                docs: naming::doc_lines(&if base_variant {
                    format!("A `{qualified}`, or a derived type this crate does not know.")
                } else {
                    format!("A `{qualified}`.")
                }),
            }
        })
        .collect();
    let item = ctx.ns_ref(Top::Models, base, &kind.name);
    Item {
        name: item.name,
        place: item.place,
        gate: ctx.gates.ty(base),
        docs,
        kind: ItemKind::Kind(KindPlan { variants }),
    }
}

fn field_enum_item(ctx: &Ctx<'_>, id: TypeId, name: &str) -> Item {
    let ty = ctx.model.ty(id);
    let mut variant_names = Namer::new();
    let variants = ctx
        .model
        .all_fields(id)
        .iter()
        .map(|field| {
            let wire = &field.name;
            VariantPlan {
                rust: variant_names.claim(naming::variant_name(wire)),
                wire: wire.clone(),
                docs: naming::doc_lines(&format!("`{wire}`")),
            }
        })
        .collect();
    let item = ctx.ns_ref(Top::Models, id, name);
    Item {
        name: item.name,
        place: item.place,
        gate: ctx.gates.ty(id),
        docs: naming::doc_lines(&format!(
            "The properties of `{}`, for a typed `$select`.",
            ty.qualified
        )),
        kind: ItemKind::FieldEnum(FieldEnumPlan {
            model: ctx.model_ref(id),
            kind: ctx
                .kinds
                .get(&id)
                .map(|k| ctx.ns_ref(Top::Models, id, &k.name)),
            variants,
        }),
    }
}

/// The type's description from the metadata as doc lines, followed by a blank line when
/// there is one (so what comes after is a paragraph of its own).
fn description_paragraph(ty: &TypeDef) -> Vec<String> {
    let mut lines = ty
        .doc
        .as_deref()
        .map(naming::description_lines)
        .unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines
}
