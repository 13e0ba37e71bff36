//! `polymorphic!`: the `…Kind` enums of generated code, one line of input per derived
//! type. Generated code calls it as `graphgen_runtime::__private::polymorphic!`; it is not API
//! (see the crate docs), but `#[macro_export]` puts it at the crate root too, hidden there.
//!
//! A base type such as `microsoft.graph.entity` can have hundreds of derived types. Written
//! out, its enum, `From` impls, and `Serialize`/`Deserialize` matches take about twenty lines
//! per type (twenty thousand for `entity`); through this macro, three. Reading by
//! `@odata.type` happens in one non-generic function, `from_json`, compiled once in the
//! crate that defines the enum: the `Deserialize` impl, which every deserializer
//! instantiates again (in every crate that deserializes the type), is three lines.

/// Defines a polymorphic enum: a base variant (which also takes values whose `@odata.type`
/// is absent or unknown) and one variant per derived type, each boxed, with `Default` (the
/// base's), `From` for each type, `Serialize` (adding `@odata.type` to a derived value that
/// lacks it) and `Deserialize` (dispatching on `@odata.type`). Each type must have an
/// `odata_type: Option<String>` field.
///
/// A variant may end in `if cfg(<predicate>)`: the variant, its `From` impl and its match
/// arms are then compiled only where `#[cfg(<predicate>)]` holds (generated crates put derived
/// types behind Cargo features this way). A value of a type compiled out is read as the base
/// type, which keeps its `@odata.type` and properties.
///
/// ```
/// #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
/// pub struct DirectoryObject {
///     #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
///     pub odata_type: Option<String>,
///     pub id: Option<String>,
/// }
/// #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
/// pub struct User {
///     #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
///     pub odata_type: Option<String>,
///     pub id: Option<String>,
///     #[serde(rename = "displayName")]
///     pub display_name: Option<String>,
/// }
///
/// graphgen_runtime::__private::polymorphic! {
///     /// A directory object or a type derived from it.
///     pub enum DirectoryObjectKind {
///         /// The base type.
///         DirectoryObject(DirectoryObject),
///         /// A user.
///         User(User) = "microsoft.graph.user" | "graph.user",
///         /// A group, in builds with the `groups` feature.
///         Group(Group) = "microsoft.graph.group" if cfg(feature = "groups"),
///     }
/// }
/// # #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
/// # pub struct Group {
/// #     #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
/// #     pub odata_type: Option<String>,
/// # }
///
/// // This doctest has no `groups` feature: a group is read as a directory object.
/// let g: DirectoryObjectKind = serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.group"}"##)?;
/// assert!(matches!(&g, DirectoryObjectKind::DirectoryObject(d) if d.odata_type.is_some()));
///
/// let v: DirectoryObjectKind =
///     serde_json::from_str(r##"{"@odata.type":"#microsoft.graph.user","displayName":"A"}"##)?;
/// assert!(matches!(&v, DirectoryObjectKind::User(u) if u.display_name.as_deref() == Some("A")));
/// let other: DirectoryObjectKind = serde_json::from_str(r##"{"@odata.type":"#x.y","id":"1"}"##)?;
/// assert!(matches!(other, DirectoryObjectKind::DirectoryObject(_)));
/// let json = serde_json::to_string(&DirectoryObjectKind::from(User::default()))?;
/// assert_eq!(json, r##"{"@odata.type":"#microsoft.graph.user","displayName":null,"id":null}"##);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[doc(hidden)]
#[macro_export]
macro_rules! polymorphic {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $(#[$base_meta:meta])*
            $base:ident($base_ty:ty),
            $(
                $(#[$variant_meta:meta])*
                $variant:ident($ty:ty) = $tag:literal $(| $alias:literal)* $(if cfg($cfg:meta))?
            ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq)]
        $vis enum $name {
            $(#[$base_meta])*
            $base(::std::boxed::Box<$base_ty>),
            $(
                $(#[$variant_meta])*
                $(#[cfg($cfg)])?
                $variant(::std::boxed::Box<$ty>),
            )*
        }

        impl ::std::default::Default for $name {
            fn default() -> Self {
                Self::$base(::std::default::Default::default())
            }
        }

        impl ::std::convert::From<$base_ty> for $name {
            fn from(value: $base_ty) -> Self {
                Self::$base(::std::boxed::Box::new(value))
            }
        }

        $(
            $(#[cfg($cfg)])?
            impl ::std::convert::From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant(::std::boxed::Box::new(value))
                }
            }
        )*

        impl $name {
            /// Reads a value from JSON, by its `@odata.type`: the one function that holds
            /// the dispatch, so deserializers instantiate none of it.
            ///
            /// # Errors
            ///
            /// When the value does not match the type it names.
            pub fn from_json(
                value: ::serde_json::Value,
            ) -> ::std::result::Result<Self, ::serde_json::Error> {
                match $crate::__private::odata_type(&value) {
                    $(
                        $(#[cfg($cfg)])?
                        ::std::option::Option::Some($tag $(| $alias)*) => {
                            ::serde_json::from_value(value)
                                .map(|inner| Self::$variant(::std::boxed::Box::new(inner)))
                        }
                    )*
                    _ => ::serde_json::from_value(value)
                        .map(|inner| Self::$base(::std::boxed::Box::new(inner))),
                }
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::serde::Serializer,
            {
                match self {
                    Self::$base(value) => ::serde::Serialize::serialize(&**value, serializer),
                    $(
                        $(#[cfg($cfg)])?
                        Self::$variant(value) => $crate::__private::serialize_tagged(
                            &**value,
                            value.odata_type.is_some(),
                            ::std::concat!("#", $tag),
                            serializer,
                        ),
                    )*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                let value =
                    <::serde_json::Value as ::serde::Deserialize<'de>>::deserialize(deserializer)?;
                Self::from_json(value).map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    };
}
