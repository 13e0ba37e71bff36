//! Where the request builders are: the path from a plan item to the item builder of a type or
//! the collection builder of an edge, which the builders themselves, their casts and the
//! `Client` all name.

use super::{Ctx, ItemRef, Top};
use crate::error::Result;
use crate::ir::TypeId;
use crate::ir::select::Edge;

/// The item builder of `ty`.
pub(super) fn item_ref(ctx: &Ctx<'_>, ty: TypeId) -> Result<ItemRef> {
    let name = ctx
        .builders
        .item_names
        .get(&ty)
        .ok_or_else(|| ctx.error(format!("no item builder for type id {}", ty.0)))?;
    Ok(ctx.ns_ref(Top::Requests, ty, name))
}

/// The collection builder of `edge`.
pub(super) fn collection_ref(ctx: &Ctx<'_>, edge: Edge) -> Result<ItemRef> {
    let (Some(name), Some(builder)) = (
        ctx.builders.collection_names.get(&edge),
        ctx.builders.collections.get(&edge),
    ) else {
        return Err(ctx.error(format!("no collection builder for {edge:?}")));
    };
    Ok(ctx.ns_ref(Top::Requests, builder.ty, name))
}
