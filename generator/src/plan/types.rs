//! The Rust type a value of a CSDL type gets, as a [`Ty`]: an entity or complex type is its
//! struct, or its `…Kind` enum when types derived from it are emitted too; an enum type is
//! its enum, a flags enum `Flags<E>`; a type definition is its alias; `Collection(T)` is a
//! `Vec`; a type this crate does not emit is JSON. (The primitives' Rust types are the
//! emitter's table, [`crate::tokens::types`].)

use super::{Ctx, ItemRef, Top, Ty};
use crate::ir::{Primitive, TypeId, TypeKind, TypeRef};

impl Ctx<'_> {
    /// Where the model item (struct, enum or alias) of type `id` is.
    pub(super) fn model_ref(&self, id: TypeId) -> ItemRef {
        let name = self.names.ty(id);
        ItemRef {
            place: self
                .layout
                .place(Top::Models, self.names.module_of(self.model.ty(id)), name),
            name: name.to_owned(),
        }
    }

    /// Where an item named `name` that belongs to type `id` is: its `…Kind` or `…Field` enum
    /// (under `models`), or a builder of it, a collection builder of it, a parameter struct of
    /// an operation bound to it (under `requests`). They are placed by the type's name, so
    /// each file holds the items of the types its name says.
    pub(super) fn ns_ref(&self, top: Top, id: TypeId, name: &str) -> ItemRef {
        let module = self.names.module_of(self.model.ty(id));
        ItemRef {
            place: self.layout.place(top, module, self.names.ty(id)),
            name: name.to_owned(),
        }
    }

    /// Where the parameter struct `name` of an operation bound to type `id` is: in the
    /// namespace of `id`, placed by its own name (`AbsParams` in `abs.rs`), since a type can
    /// have hundreds of operations (`workbookFunctions` has 400) that one file would not hold.
    pub(super) fn params_ref(&self, id: TypeId, name: &str) -> ItemRef {
        let module = self.names.module_of(self.model.ty(id));
        ItemRef {
            place: self.layout.place(Top::Requests, module, name),
            name: name.to_owned(),
        }
    }

    /// Where the parameter struct `name` of operation `op` is: beside its binding type's
    /// (see [`Ctx::params_ref`]), or, for an unbound (imported) operation, in the requests
    /// module of the operation's namespace, placed by its own name.
    pub(super) fn op_params_ref(&self, op: crate::ir::OpId, name: &str) -> ItemRef {
        let o = self.model.op(op);
        match o.binding {
            Some(b) => self.params_ref(b.ty, name),
            None => ItemRef {
                place: self.layout.place(
                    Top::Requests,
                    self.names.module_of_ns(&o.namespace),
                    name,
                ),
                name: name.to_owned(),
            },
        }
    }

    /// The type of a value of `id` in a field, body or parameter.
    pub(super) fn named_ty(&self, id: TypeId) -> Ty {
        if !self.emitted(id) {
            return Ty::Json;
        }
        if let Some(k) = self.kinds.get(&id) {
            return Ty::Struct(self.ns_ref(Top::Models, id, &k.name));
        }
        let item = self.model_ref(id);
        match &self.model.ty(id).kind {
            TypeKind::Enum(e) if e.is_flags => Ty::Flags(item),
            TypeKind::Enum(_) => Ty::Enum(item),
            TypeKind::Definition(p) => Ty::Alias(item, *p),
            TypeKind::Entity(_) | TypeKind::Complex(_) => Ty::Struct(item),
        }
    }

    /// The type of a value of `tr`.
    pub(super) fn ty(&self, tr: &TypeRef) -> Ty {
        match tr {
            TypeRef::Primitive(p) => Ty::Prim(*p),
            TypeRef::Named(id) => self.named_ty(*id),
            TypeRef::Collection(inner) => Ty::Vec(Box::new(self.ty(inner))),
        }
    }
}

/// Whether a Rust type implements `Default` (so a struct holding it may derive it).
pub(super) fn has_default(ty: &Ty) -> bool {
    match ty {
        Ty::Prim(p) | Ty::Alias(_, p) => !matches!(p, Primitive::Duration),
        Ty::Enum(_) => false,
        Ty::Flags(_) | Ty::Struct(_) | Ty::Vec(_) | Ty::Json => true,
    }
}
