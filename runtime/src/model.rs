//! Deserializing generated model structs without serde's derive.
//!
//! `#[derive(Deserialize)]` writes, for every struct, a field-name enum with its own visitor,
//! a map visitor, a sequence visitor, and (for the `#[serde(flatten)]` catch-all map) a
//! buffer of every unknown entry. For thousands of structs that is most of what rustc checks
//! in a whole-service crate. A generated model instead implements [`Fields`], one `match` on
//! the property name, and its `Deserialize` calls [`deserialize_model`], whose loop is
//! written once here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, MapAccess, Visitor};

use crate::AdditionalData;

/// A generated model: a struct whose properties are all optional, read by name.
pub trait Fields: Default {
    /// Reads the value of property `key` from `map` into its field and returns `true`, or
    /// returns `false` without reading anything when the type has no property `key`.
    ///
    /// # Errors
    ///
    /// When the value does not match the property's type.
    fn read_field<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;

    /// Where properties the type does not declare are kept.
    fn additional_data(&mut self) -> &mut AdditionalData;
}

/// Deserializes a model from a map: its declared properties into their fields (a property
/// that appears twice keeps its last value), every other one into
/// [`Fields::additional_data`], so that it survives a round trip.
///
/// ```
/// #[derive(Debug, Default, PartialEq)]
/// struct Group {
///     display_name: Option<String>,
///     additional_data: graphgen_runtime::AdditionalData,
/// }
///
/// impl graphgen_runtime::__private::Fields for Group {
///     fn read_field<'de, A: serde::de::MapAccess<'de>>(
///         &mut self,
///         key: &str,
///         map: &mut A,
///     ) -> Result<bool, A::Error> {
///         match key {
///             "displayName" => self.display_name = map.next_value()?,
///             _ => return Ok(false),
///         }
///         Ok(true)
///     }
///
///     fn additional_data(&mut self) -> &mut graphgen_runtime::AdditionalData {
///         &mut self.additional_data
///     }
/// }
///
/// impl<'de> serde::Deserialize<'de> for Group {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         graphgen_runtime::__private::deserialize_model(d)
///     }
/// }
///
/// let g: Group = serde_json::from_str(r#"{"displayName": "A", "visibility": "Private"}"#)?;
/// assert_eq!(g.display_name.as_deref(), Some("A"));
/// assert_eq!(g.additional_data["visibility"], "Private");
/// let empty: Group = serde_json::from_str(r#"{"displayName": null}"#)?;
/// assert_eq!(empty, Group::default());
/// assert!(serde_json::from_str::<Group>("[]").is_err());
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// When the input is not a map, or a property's value does not match its type.
pub fn deserialize_model<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Fields,
    D: de::Deserializer<'de>,
{
    deserializer.deserialize_map(ModelVisitor(PhantomData))
}

struct ModelVisitor<T>(PhantomData<T>);

impl<'de, T: Fields> Visitor<'de> for ModelVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(Key(key)) = map.next_key()? {
            if !out.read_field(&key, &mut map)? {
                let value: serde_json::Value = map.next_value()?;
                out.additional_data().insert(key.into_owned(), value);
            }
        }
        Ok(out)
    }
}

/// A property name, borrowed from the input when it can be (no allocation for the names
/// of declared properties).
struct Key<'de>(Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[derive(Debug, Default, PartialEq)]
    struct Item {
        id: Option<String>,
        size: Option<i64>,
        additional_data: AdditionalData,
    }

    impl Fields for Item {
        fn read_field<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match key {
                "id" => self.id = map.next_value()?,
                "size" => self.size = map.next_value()?,
                _ => return Ok(false),
            }
            Ok(true)
        }

        fn additional_data(&mut self) -> &mut AdditionalData {
            &mut self.additional_data
        }
    }

    impl<'de> de::Deserialize<'de> for Item {
        fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_model(d)
        }
    }

    #[test]
    fn reads_declared_keeps_unknown_and_reports_type_errors_with_their_path() {
        let text = r#"{"id": "a", "s\u0069ze": 3, "other": {"x": [1]}, "id": "b"}"#;
        let item: Item = serde_json::from_str(text).unwrap();
        assert_eq!(
            item.id.as_deref(),
            Some("b"),
            "the last of a repeated key wins"
        );
        assert_eq!(item.size, Some(3), "an escaped key is still the property");
        assert_eq!(item.additional_data["other"], json!({"x": [1]}));
        // From a `Value` (keys are owned there), and through serde_path_to_error.
        let from_value: Item = serde_json::from_value(json!({"id": "c", "n": null})).unwrap();
        assert_eq!(from_value.id.as_deref(), Some("c"));
        assert_eq!(from_value.additional_data["n"], json!(null));
        let de = &mut serde_json::Deserializer::from_str(r#"{"id": "a", "size": "big"}"#);
        let err = serde_path_to_error::deserialize::<_, Item>(de).unwrap_err();
        assert_eq!(err.path().to_string(), "size");
        assert!(serde_json::from_str::<Item>("1").is_err());
    }
}
