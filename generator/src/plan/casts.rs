//! Type casts: `as_<type>()` on the builders of an entity type with derived types, for each
//! derived type (direct or not) that the selection reaches through a type-cast segment, the
//! derived type's qualified name (`…/{id}/n.Manager`, `…/people/n.Manager`), which OData
//! writes the same way whichever URL conventions a service follows.
//!
//! A cast reuses the builders there are: from an item, the derived type's item builder (the one
//! `by_id` and singletons lead to, with the derived type's `get`, navigation and operations);
//! from a collection, the derived type's cast collection builder (`<Type>CastCollection`), one
//! per derived type whichever collection it casts.

use super::refs::{collection_ref, item_ref};
use super::{CastMethod, Ctx};
use crate::error::Result;
use crate::ir::TypeId;
use crate::ir::select::Edge;
use crate::naming::{self, Namer};

/// The method that casts an item of `from` to the derived type `to`.
pub(super) fn item_cast(
    ctx: &Ctx<'_>,
    from: TypeId,
    to: TypeId,
    names: &mut Namer,
) -> Result<CastMethod> {
    let q = &ctx.model.ty(to).qualified;
    let docs = naming::doc_lines(&format!(
        "`…/{q}` — this `{}` as a `{q}`: reads it as one (the service answers `404 Not Found` \
         when it is not), and reaches what the derived type adds (its navigation properties \
         and bound operations).",
        ctx.model.ty(from).name
    ));
    Ok(CastMethod {
        name: names.claim(naming::cast_method_name(&ctx.model.ty(to).name)),
        wire: q.clone(),
        docs,
        to: item_ref(ctx, to)?,
    })
}

/// The method that casts a collection of `from` (whose URL shape is `url`) to the derived
/// type `to`.
pub(super) fn collection_cast(
    ctx: &Ctx<'_>,
    from: TypeId,
    to: TypeId,
    names: &mut Namer,
    url: &str,
) -> Result<CastMethod> {
    let q = &ctx.model.ty(to).qualified;
    let docs = naming::doc_lines(&format!(
        "`{url}/{q}` — the members of this `{}` collection that are `{q}` entities, as a \
         collection of them.",
        ctx.model.ty(from).name
    ));
    Ok(CastMethod {
        name: names.claim(naming::cast_method_name(&ctx.model.ty(to).name)),
        wire: q.clone(),
        docs,
        to: collection_ref(ctx, Edge::Cast(to))?,
    })
}
