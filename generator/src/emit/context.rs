//! What every part of the emitter reads: the model, the selection, and the decisions made once
//! per profile (polymorphic types, boxed fields, builder names, module placement).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::buckets::Buckets;
use super::cycles::Cycles;
use super::gates::Gates;
use super::names::BuilderNames;
use super::poly::{self, Poly};
use crate::error::{Error, Result};
use crate::ir::select::{RootSelection, Selection};
use crate::ir::{Model, TypeId, TypeKind};
use crate::naming;

/// The profile module and the two module trees below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Top {
    /// The profile module itself (where the `Client` is).
    Root,
    /// `models`: model types.
    Models,
    /// `requests`: request builders and parameter structs.
    Requests,
}

impl Top {
    /// The module name (empty for the profile module).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Top::Root => "",
            Top::Models => super::layout::MODELS,
            Top::Requests => super::layout::REQUESTS,
        }
    }
}

/// Where an item goes: `<profile>::<top>::<ns…>::<bucket>`, or the profile module itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Loc {
    /// `models` or `requests` (or the profile module).
    pub(crate) top: Top,
    /// The namespace's module path (empty for the main namespace).
    pub(crate) ns: Vec<String>,
    /// The private per-letter module.
    pub(crate) bucket: String,
}

impl Loc {
    /// The profile module.
    pub(crate) fn root() -> Loc {
        Loc {
            top: Top::Root,
            ns: Vec::new(),
            bucket: String::new(),
        }
    }

    /// How many modules below the profile module the item is.
    pub(crate) fn depth(&self) -> usize {
        match self.top {
            Top::Root => 0,
            Top::Models | Top::Requests => 2 + self.ns.len(),
        }
    }
}

/// The emitter's shared state for one profile.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    /// The whole model.
    pub(crate) model: &'a Model,
    /// What to emit.
    pub(crate) sel: &'a Selection,
    /// The profile module's name, for error messages.
    pub(crate) profile: &'a str,
    /// Polymorphic base types (with derived types in the output) and their `…Kind` enums.
    pub(crate) poly: BTreeMap<TypeId, Poly>,
    /// The `…Field` enum of each emitted entity type (typed `$select`).
    pub(crate) fields: BTreeMap<TypeId, String>,
    /// Which single-valued struct fields need a `Box`.
    pub(crate) cycles: Cycles,
    /// Which modules are split by longer name prefixes.
    buckets: Buckets,
    /// Names of the request builders and parameter structs.
    pub(crate) names: BuilderNames,
    /// Child namespace module names of each namespace module path.
    ns_children: BTreeMap<Vec<String>, BTreeSet<String>>,
    /// The `#[cfg(feature = …)]` of each item, with root features on.
    pub(crate) gates: Gates,
}

impl<'a> Ctx<'a> {
    /// Makes every per-profile decision. `roots`: one selection per root feature (none
    /// when root features are off).
    pub(crate) fn new(
        model: &'a Model,
        sel: &'a Selection,
        roots: &[RootSelection],
        profile: &'a str,
    ) -> Result<Self> {
        let mut ns_children: BTreeMap<Vec<String>, BTreeSet<String>> = BTreeMap::new();
        for ns in model.namespaces.values() {
            for i in 0..ns.module.len() {
                ns_children
                    .entry(ns.module[..i].to_vec())
                    .or_default()
                    .insert(ns.module[i].clone());
            }
        }
        let names = BuilderNames::compute(model, sel);
        let mut poly = poly::compute(model, sel);
        let referenced = poly::referenced(model, sel, &names);
        poly.retain(|base, _| referenced.contains(base));
        let cycles = Cycles::compute(model, sel, &poly);
        let fields = super::fields::compute(model, sel, &poly);
        let buckets = Buckets::compute(model, sel, &names, &poly, &fields);
        Ok(Ctx {
            model,
            sel,
            profile,
            poly,
            fields,
            cycles,
            buckets,
            names,
            ns_children,
            gates: Gates::compute(model, roots),
        })
    }

    /// An [`Error::Emit`] for this profile.
    pub(crate) fn error(&self, message: impl Into<String>) -> Error {
        Error::Emit {
            module: self.profile.to_owned(),
            message: message.into(),
        }
    }

    /// Parses a name produced by [`crate::naming`] (possibly raw) into an identifier.
    pub(crate) fn ident(&self, name: &str) -> Result<Ident> {
        naming::ident(name).ok_or_else(|| self.error(format!("`{name}` is not a Rust identifier")))
    }

    /// Child namespace modules of the namespace module `ns`.
    pub(crate) fn ns_children(&self, ns: &[String]) -> Vec<String> {
        self.ns_children
            .get(ns)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The private module an item called `name` goes to inside namespace module `ns` of
    /// `top` (see [`super::buckets`]).
    pub(crate) fn bucket(&self, top: Top, ns: &[String], name: &str) -> String {
        self.buckets.bucket(top, ns, name, &self.ns_children(ns))
    }

    /// Where an item named `name` of namespace module `ns` goes.
    pub(crate) fn loc(&self, top: Top, ns: &[String], name: &str) -> Loc {
        Loc {
            top,
            ns: ns.to_vec(),
            bucket: self.bucket(top, ns, name),
        }
    }

    /// Where the model item of type `id` (struct, enum or alias) goes.
    pub(crate) fn model_loc(&self, id: TypeId) -> Loc {
        self.loc(
            Top::Models,
            self.model.module_of(id),
            &self.model.ty(id).name.rust,
        )
    }

    /// The shortest path from the module of `here` to the item `name`, which is re-exported by
    /// namespace module `ns` of `top`: `Name` in the same per-letter module, `super::Name` in
    /// the same namespace module, `super::super::models::security::Alert` otherwise (and
    /// `requests::X` from the profile module). Never longer than needed, so the output is
    /// clean under `unused_qualifications` too.
    pub(crate) fn path(
        &self,
        here: &Loc,
        top: Top,
        ns: &[String],
        name: &str,
    ) -> Result<TokenStream> {
        let ident = self.ident(name)?;
        if here.top == top && here.ns == ns {
            return Ok(if self.bucket(top, ns, name) == here.bucket {
                quote!(#ident)
            } else {
                quote!(super::#ident)
            });
        }
        let mut segments = Vec::with_capacity(ns.len() + 2);
        segments.push(self.ident(top.name())?);
        for m in ns {
            segments.push(self.ident(m)?);
        }
        segments.push(ident);
        let up = (0..here.depth()).map(|_| quote!(super::));
        Ok(quote!(#(#up)* #(#segments)::*))
    }

    /// The path to the model item (struct, enum or alias) of type `id` itself.
    pub(crate) fn model_path(&self, here: &Loc, id: TypeId) -> Result<TokenStream> {
        let ty = self.model.ty(id);
        self.path(here, Top::Models, self.model.module_of(id), &ty.name.rust)
    }

    /// Whether the model item of `id` is emitted.
    pub(crate) fn emitted(&self, id: TypeId) -> bool {
        self.sel.types.contains(&id) && (id.0 as usize) < self.model.types.len()
    }

    /// The type of a value of `id` in a field, body or parameter, named from `here`: the `…Kind` enum of a
    /// polymorphic type, `Flags<E>` for a flags enum, the struct/enum/alias otherwise;
    /// `::serde_json::Value` for a type that is not emitted.
    pub(crate) fn value_type(&self, here: &Loc, id: TypeId) -> Result<TokenStream> {
        if !self.emitted(id) {
            return Ok(quote!(::serde_json::Value));
        }
        let ty = self.model.ty(id);
        if let Some(p) = self.poly.get(&id) {
            return self.path(here, Top::Models, self.model.module_of(id), &p.kind_name);
        }
        let path = self.model_path(here, id)?;
        match &ty.kind {
            TypeKind::Enum(e) if e.is_flags => Ok(quote!(::graphgen_runtime::Flags<#path>)),
            _ => Ok(path),
        }
    }
}

/// Method names that builders and the client never give to a navigation property, an
/// operation or a root: their own `new`/`target`, and names of `&self` methods of std traits
/// that an inherent method would shadow (`item.clone()` must stay `Clone::clone`).
pub(crate) const RESERVED_METHODS: &[&str] =
    &["new", "target", "clone", "deref", "borrow", "as_ref"];

/// Attributes for a generated `&self` method called `name`: clippy's
/// `wrong_self_convention` expects `from_*` methods to take no `self` and `into_*` methods
/// to take `self`, but a navigation property or operation called `fromX`/`intoX` is a
/// builder step like any other, and its metadata name is the one users look for.
pub(crate) fn method_lint_attrs(name: &str) -> TokenStream {
    let name = naming::unraw(name);
    if name.starts_with("from_") || name.starts_with("into_") {
        quote!(#[allow(clippy::wrong_self_convention)])
    } else {
        TokenStream::new()
    }
}

/// `#[doc = "…"]` attributes, one per line (lines as [`naming::doc_lines`] returns them).
pub(crate) fn doc_attrs(lines: &[String]) -> TokenStream {
    quote!(#(#[doc = #lines])*)
}

/// Doc attributes for a description from the metadata (see [`naming::description_markdown`]),
/// or for `fallback` (Markdown) when there is none.
pub(crate) fn doc_or(doc: Option<&str>, fallback: &str) -> TokenStream {
    let lines = match doc.map(naming::description_lines) {
        Some(lines) if !lines.is_empty() => lines,
        _ => naming::doc_lines(fallback),
    };
    doc_attrs(&lines)
}

/// Doc attributes for `text` (Markdown) followed by an optional description from the metadata
/// as a second paragraph.
pub(crate) fn doc_then(text: &str, doc: Option<&str>) -> TokenStream {
    let mut lines = naming::doc_lines(text);
    if let Some(more) = doc.map(naming::description_lines).filter(|l| !l.is_empty()) {
        lines.push(String::new());
        lines.extend(more);
    }
    doc_attrs(&lines)
}
