//! Model structs (entity and complex types) and type definitions.
//!
//! Every field is optional (`$select` responses carry any subset of the properties), unknown
//! properties survive a round trip in `additional_data`, and `odata_type` comes first so that
//! a body that names its type (`"@odata.type": "#microsoft.graph.accessPackage"`) can be built.

use proc_macro2::TokenStream;
use quote::quote;

use super::context::{Ctx, Loc, doc_attrs, doc_or};
use super::cycles;
use super::layout::Sink;
use super::types::{self, primitive};
use crate::error::Result;
use crate::ir::{Primitive, TypeDef, TypeId, TypeKind, TypeRef};
use crate::naming::{self, Namer};

/// Emits the struct or alias of every selected entity, complex and definition type.
pub(crate) fn emit_all(ctx: &Ctx<'_>, sink: &mut Sink) -> Result<()> {
    for &id in &ctx.sel.types {
        if (id.0 as usize) >= ctx.model.types.len() {
            return Err(ctx.error(format!("selected type id {} is not in the model", id.0)));
        }
        let ty = ctx.model.ty(id);
        let loc = ctx.model_loc(id);
        if !sink.wants(&loc) {
            continue;
        }
        let tokens = match &ty.kind {
            TypeKind::Entity(_) | TypeKind::Complex(_) => emit_struct(ctx, id)?,
            TypeKind::Definition(p) => emit_alias(ctx, ty, *p)?,
            TypeKind::Enum(_) => continue,
        };
        let need = ctx.gates.ty_need(id);
        sink.add(ctx, &loc, &ty.name.rust, tokens, need)?;
    }
    Ok(())
}

/// `pub type X = <primitive>;`
fn emit_alias(ctx: &Ctx<'_>, ty: &TypeDef, p: Primitive) -> Result<TokenStream> {
    let name = ctx.ident(&ty.name.rust)?;
    let doc = doc_or(
        ty.doc.as_deref(),
        &format!("The `{}` type definition.", ty.qualified),
    );
    let target = primitive(p);
    let cfg = ctx.gates.ty(ty.id);
    Ok(quote! {
        #doc
        #cfg
        pub type #name = #target;
    })
}

/// The struct docs: the description, then what the type is on the wire.
fn struct_docs(ctx: &Ctx<'_>, id: TypeId) -> TokenStream {
    let ty = ctx.model.ty(id);
    let (what, base) = match &ty.kind {
        TypeKind::Entity(s) => ("entity type", s.base),
        TypeKind::Complex(s) => ("complex type", s.base),
        _ => ("type", None),
    };
    let mut summary = format!("The `{}` {what}", ty.qualified);
    if let Some(base) = base {
        summary.push_str(&format!(
            " (derived from `{}`)",
            ctx.model.ty(base).qualified
        ));
    }
    summary.push('.');
    let mut lines = ty
        .doc
        .as_deref()
        .map(naming::description_lines)
        .unwrap_or_default();
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.extend(naming::doc_lines(&summary));
    doc_attrs(&lines)
}

/// The type of a struct field holding `tr` (without the `Option`), boxed when the value could
/// contain the struct `owner` again.
fn field_type(ctx: &Ctx<'_>, owner: TypeId, here: &Loc, tr: &TypeRef) -> Result<TokenStream> {
    let ty = types::value_type(ctx, here, tr)?;
    let boxed = cycles::inline_struct(ctx.model, ctx.sel, &ctx.poly, tr)
        .is_some_and(|t| ctx.cycles.needs_box(owner, t));
    Ok(if boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    })
}

/// A struct's fields, and the arms of its `Fields::read_field` match.
#[derive(Default)]
struct StructFields {
    fields: Vec<TokenStream>,
    reads: Vec<TokenStream>,
}

impl StructFields {
    /// Adds one `Option` field with its serde attributes (for `Serialize`), and the arm
    /// that reads it.
    fn add(
        &mut self,
        ctx: &Ctx<'_>,
        doc: TokenStream,
        wire: &str,
        rust: &str,
        ty: &TokenStream,
    ) -> Result<()> {
        let name = ctx.ident(rust)?;
        self.fields.push(quote! {
            #doc
            #[serde(rename = #wire, skip_serializing_if = "::std::option::Option::is_none")]
            pub #name: ::std::option::Option<#ty>
        });
        self.reads
            .push(quote!(#wire => self.#name = map.next_value()?));
        Ok(())
    }
}

fn emit_struct(ctx: &Ctx<'_>, id: TypeId) -> Result<TokenStream> {
    let ty = ctx.model.ty(id);
    let here = &ctx.model_loc(id);
    let name = ctx.ident(&ty.name.rust)?;
    let doc = struct_docs(ctx, id);

    let mut fields = StructFields::default();
    let odata_doc = doc_attrs(&naming::doc_lines(
        "The `@odata.type` annotation: the qualified name of the value's type, with a leading \
         `#` (`#microsoft.graph.group`).",
    ));
    fields.add(
        ctx,
        odata_doc,
        "@odata.type",
        "odata_type",
        &quote!(::std::string::String),
    )?;
    // The IR's names are unique per struct; the namer only guards against a navigation
    // property and a structural property that convert to the same name.
    let mut names = Namer::with_reserved(&["odata_type", "additional_data"]);
    let key = match &ty.kind {
        TypeKind::Entity(s) => s.key.as_slice(),
        _ => &[],
    };
    let mut key_fields = Vec::new();
    for field in ctx.model.all_fields(id) {
        let fty = field_type(ctx, id, here, &field.ty)?;
        let fdoc = doc_or(
            field.doc.as_deref(),
            &format!("The `{}` property.", field.name.wire),
        );
        let rust = names.claim(field.name.rust.clone());
        if key.contains(&field.name.wire) {
            key_fields.push((field.name.wire.as_str(), rust.clone(), fty.clone()));
        }
        fields.add(ctx, fdoc, &field.name.wire, &rust, &fty)?;
    }
    for (_, _, nav) in ctx.model.all_navigations(id) {
        if !ctx.emitted(nav.target) {
            continue;
        }
        let single = TypeRef::Named(nav.target);
        // A single-valued navigation property is boxed: it is only there when expanded, and
        // inline it would make every entity as big as the entities it points at (a page of
        // 1,000 accessPackages is 3.8 times smaller in memory, and faster to deserialize).
        let fty = if nav.collection {
            field_type(ctx, id, here, &TypeRef::Collection(Box::new(single)))?
        } else {
            let ty = types::value_type(ctx, here, &single)?;
            quote!(::std::boxed::Box<#ty>)
        };
        let fdoc = doc_or(
            nav.doc.as_deref(),
            &format!(
                "The `{}` navigation property (present when expanded with `$expand`).",
                nav.name.wire
            ),
        );
        fields.add(
            ctx,
            fdoc,
            &nav.name.wire,
            &names.claim(nav.name.rust.clone()),
            &fty,
        )?;
    }
    let extra_doc = doc_attrs(&naming::doc_lines(
        "Properties and annotations this type does not declare, kept so that they survive a \
         round trip.",
    ));

    let cfg = ctx.gates.ty(id);
    let canonical = match (&ty.kind, ctx.sel.canonical.get(&id)) {
        (TypeKind::Entity(_), Some(path)) => quote! {
            #cfg
            impl ::graphgen_runtime::CanonicalPath for #name {
                const COLLECTION_PATH: &'static str = #path;
            }
        },
        _ => TokenStream::new(),
    };

    let constructor = key_constructor(ctx, ty, &key_fields)?;
    let StructFields { fields, reads } = fields;
    // `Deserialize` is not derived: serde's derive costs most of what rustc checks in a
    // whole-service crate; one `match` over the property names, with the loop in the
    // runtime, does the same (see `graphgen_runtime::__private::Fields`).
    Ok(quote! {
        #doc
        #cfg
        #[derive(
            ::std::fmt::Debug,
            ::std::clone::Clone,
            ::std::default::Default,
            ::std::cmp::PartialEq,
            ::serde::Serialize
        )]
        pub struct #name {
            #(#fields,)*
            #extra_doc
            #[serde(flatten)]
            pub additional_data: ::graphgen_runtime::AdditionalData,
        }

        #cfg
        impl ::graphgen_runtime::__private::Fields for #name {
            fn read_field<'de, A: ::serde::de::MapAccess<'de>>(
                &mut self,
                key: &str,
                map: &mut A,
            ) -> ::std::result::Result<bool, A::Error> {
                match key {
                    #(#reads,)*
                    _ => return ::std::result::Result::Ok(false),
                }
                ::std::result::Result::Ok(true)
            }

            fn additional_data(&mut self) -> &mut ::graphgen_runtime::AdditionalData {
                &mut self.additional_data
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                ::graphgen_runtime::__private::deserialize_model(deserializer)
            }
        }

        #canonical
        #constructor
    })
}

/// `Type::with_id(id)`: the entity with its key set and nothing else, which is how a
/// relation is set by id (`catalog: Some(Box::new(AccessPackageCatalog::with_id("…")))`).
/// One parameter per key property, in key order (`with_key(a, b)` for a composite key).
fn key_constructor(
    ctx: &Ctx<'_>,
    ty: &TypeDef,
    key_fields: &[(&str, String, TokenStream)],
) -> Result<TokenStream> {
    let TypeKind::Entity(def) = &ty.kind else {
        return Ok(TokenStream::new());
    };
    // Every key property, in the key's order (a key naming a missing property was refused
    // when lowering).
    let mut parts = Vec::new();
    for wire in &def.key {
        match key_fields.iter().find(|(w, _, _)| w == wire) {
            Some((_, rust, fty)) => parts.push((rust.as_str(), ctx.ident(rust)?, fty)),
            None => return Ok(TokenStream::new()),
        }
    }
    let single = match parts.as_slice() {
        [] => return Ok(TokenStream::new()),
        [(rust, _, _)] => Some(*rust),
        _ => None,
    };
    let method = ctx.ident(&naming::key_constructor_name(single))?;
    let keys: Vec<String> = def.key.iter().map(|k| format!("`{k}`")).collect();
    let doc = doc_attrs(&naming::doc_lines(&format!(
        "A `{}` with its key ({}) set and every other property unset: what a body needs to \
         name an existing entity, such as a relation set by id.",
        ty.qualified,
        keys.join(", ")
    )));
    let params = parts
        .iter()
        .map(|(_, name, fty)| quote!(#name: impl ::std::convert::Into<#fty>));
    let sets = parts
        .iter()
        .map(|(_, name, _)| quote!(#name: ::std::option::Option::Some(#name.into())));
    let name = ctx.ident(&ty.name.rust)?;
    let cfg = ctx.gates.ty(ty.id);
    Ok(quote! {
        #cfg
        impl #name {
            #doc
            #[must_use]
            pub fn #method(#(#params),*) -> Self {
                Self {
                    #(#sets,)*
                    ..::std::default::Default::default()
                }
            }
        }
    })
}
