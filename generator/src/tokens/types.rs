//! The Rust types that values of CSDL types get.
//!
//! | `Edm` type | Rust type |
//! | --- | --- |
//! | `String` | `::std::string::String` |
//! | `Boolean` | `bool` |
//! | `Byte` | `u8` |
//! | `SByte` | `i8` |
//! | `Int16` | `i16` |
//! | `Int32` | `i32` |
//! | `Int64` | `i64` |
//! | `Single` | `f32` |
//! | `Double` | `f64` |
//! | `Decimal` | `::rust_decimal::Decimal` |
//! | `Guid` | `::uuid::Uuid` |
//! | `Date` | `::chrono::NaiveDate` |
//! | `TimeOfDay` | `::chrono::NaiveTime` |
//! | `DateTimeOffset` | `::chrono::DateTime<::chrono::FixedOffset>` |
//! | `Duration` | `::graphgen_runtime::Duration` |
//! | `Binary` | `::graphgen_runtime::Base64` |
//! | `Stream` | `::std::string::String` (the media link, or the content when it is inlined as text) |
//! | `Untyped` (and `PrimitiveType`, `ComplexType`, `EntityType`) | `::serde_json::Value` |
//! | `Geography*`, `Geometry*` | `::serde_json::Value` (GeoJSON) |
//!
//! Named types: an entity or complex type is its struct, or its `…Kind` enum when types
//! derived from it are emitted too; an enum type is its enum, wrapped in
//! `::graphgen_runtime::Flags<_>` when it is a flags enum; a type definition is its alias.
//! `Collection(T)` is `::std::vec::Vec<T>`. Every property is optional on the wire, so struct
//! fields are `::std::option::Option<_>` around all of this, with a `Box` for a single-valued
//! field through which a struct would contain itself.

use proc_macro2::TokenStream;
use quote::quote;

use crate::plan::Primitive;
use crate::plan::Ty;

/// The Rust type of an `Edm` primitive (see the module docs).
pub(crate) fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Stream => quote!(::std::string::String),
        Primitive::Boolean => quote!(bool),
        Primitive::Byte => quote!(u8),
        Primitive::SByte => quote!(i8),
        Primitive::Int16 => quote!(i16),
        Primitive::Int32 => quote!(i32),
        Primitive::Int64 => quote!(i64),
        Primitive::Single => quote!(f32),
        Primitive::Double => quote!(f64),
        Primitive::Decimal => quote!(::rust_decimal::Decimal),
        Primitive::Guid => quote!(::uuid::Uuid),
        Primitive::Date => quote!(::chrono::NaiveDate),
        Primitive::TimeOfDay => quote!(::chrono::NaiveTime),
        Primitive::DateTimeOffset => quote!(::chrono::DateTime<::chrono::FixedOffset>),
        Primitive::Duration => quote!(::graphgen_runtime::Duration),
        Primitive::Binary => quote!(::graphgen_runtime::Base64),
        Primitive::Untyped | Primitive::Geo => quote!(::serde_json::Value),
    }
}

/// How a value of some type is written as a URL literal or compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `String` (and `Stream`): passed as `&str`.
    Str,
    /// A `Copy` primitive that `Literal` converts with `From` (`bool`, integers, floats,
    /// `Uuid`, dates and times).
    Copy,
    /// `Duration` or `Base64`: `Literal: From<&T>`.
    ByRef,
    /// `Decimal`: written with `Literal::raw(to_string())`.
    Decimal,
    /// A (non-flags) enum: `'member'` (the member name as a quoted string).
    Enum,
    /// A flags enum: `'a,b'`.
    Flags,
    /// Anything else (complex, entity, collection, JSON): `Literal::json`.
    Json,
}

/// The [`Shape`] of a value of `ty`, looking through type definitions.
pub(crate) fn shape(ty: &Ty) -> Shape {
    match ty {
        Ty::Prim(p) | Ty::Alias(_, p) => primitive_shape(*p),
        Ty::Enum(_) => Shape::Enum,
        Ty::Flags(_) => Shape::Flags,
        Ty::Struct(_) | Ty::Vec(_) | Ty::Json => Shape::Json,
    }
}

fn primitive_shape(p: Primitive) -> Shape {
    match p {
        Primitive::String | Primitive::Stream => Shape::Str,
        Primitive::Boolean
        | Primitive::Byte
        | Primitive::SByte
        | Primitive::Int16
        | Primitive::Int32
        | Primitive::Int64
        | Primitive::Single
        | Primitive::Double
        | Primitive::Guid
        | Primitive::Date
        | Primitive::TimeOfDay
        | Primitive::DateTimeOffset => Shape::Copy,
        Primitive::Duration | Primitive::Binary => Shape::ByRef,
        Primitive::Decimal => Shape::Decimal,
        Primitive::Untyped | Primitive::Geo => Shape::Json,
    }
}

/// A value to convert to a URL literal.
#[derive(Debug, Clone)]
pub(crate) enum Value {
    /// An expression of type `&T` (`&str` for strings).
    Ref(TokenStream),
    /// A place expression of type `T` (`params.name`).
    Place(TokenStream),
}

impl Value {
    /// An expression of type `&T`.
    fn reference(&self) -> TokenStream {
        match self {
            Value::Ref(v) => v.clone(),
            Value::Place(p) => quote!(&#p),
        }
    }

    /// An expression of type `T` (for `Copy` types).
    fn copied(&self) -> TokenStream {
        match self {
            Value::Ref(v) => quote!(*#v),
            Value::Place(p) => p.clone(),
        }
    }

    /// The expression itself, for method calls (auto-referenced either way).
    fn receiver(&self) -> TokenStream {
        match self {
            Value::Ref(v) | Value::Place(v) => v.clone(),
        }
    }
}

/// An expression that converts `value` (of the Rust type of `ty`; `str` or `String` for
/// strings) to a `::graphgen_runtime::Literal`. May use `?` with `::graphgen_runtime::Error`.
/// `enum_type`: the qualified name an enum or flags value is written with (`n.Color'red'`), or
/// `None` for the bare `'red'`.
pub(crate) fn literal(ty: &Ty, value: &Value, enum_type: Option<&str>) -> TokenStream {
    let lit = quote!(::graphgen_runtime::Literal);
    match shape(ty) {
        Shape::Str | Shape::ByRef => {
            let r = value.reference();
            quote!(#lit::from(#r))
        }
        Shape::Copy => {
            let v = value.copied();
            quote!(#lit::from(#v))
        }
        Shape::Decimal => {
            let r = value.reference();
            quote!(#lit::raw(::std::string::ToString::to_string(#r)))
        }
        Shape::Enum => {
            let r = value.reference();
            match enum_type {
                // `n.Color'member'`
                Some(q) => {
                    quote!(#lit::enum_member(#q, ::graphgen_runtime::WireEnum::as_wire(#r)))
                }
                // `'member'`: the quoted-string form of an enum literal.
                None => quote!(#lit::from(::graphgen_runtime::WireEnum::as_wire(#r))),
            }
        }
        Shape::Flags => {
            let v = value.receiver();
            match enum_type {
                // `n.Perm'a,b'`
                Some(q) => quote!(#lit::enum_member(#q, &#v.to_wire())),
                // `'a,b'`
                None => quote!(#lit::from(#v.to_wire())),
            }
        }
        Shape::Json => {
            let r = value.reference();
            quote!(#lit::json(
                ::serde_json::to_value(#r).map_err(::graphgen_runtime::Error::Serialize)?
            ))
        }
    }
}
