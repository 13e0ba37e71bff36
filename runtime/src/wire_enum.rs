//! OData enum types: [`WireEnum`] (API: every generated enum implements it), and the serde
//! helpers generated enums call (`crate::__private`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

/// An OData enum type as it appears on the wire: a member name string.
///
/// Every generated enum implements this trait and has an `Unknown(String)`
/// variant, so members added to the service later never fail
/// deserialization; its `Serialize`, `Deserialize` and `Display` write and
/// read the wire name. [`Flags`](crate::Flags) holds members of a flags enum.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::WireEnum;
///
/// // As graphgen generates it (with `Serialize`, `Deserialize` and `Display` too).
/// #[derive(Debug, PartialEq)]
/// enum Status {
///     Active,
///     Unknown(String),
/// }
///
/// impl WireEnum for Status {
///     fn from_wire(s: &str) -> Self {
///         match s {
///             "active" => Self::Active,
///             other => Self::Unknown(other.to_owned()),
///         }
///     }
///     fn as_wire(&self) -> &str {
///         match self {
///             Self::Active => "active",
///             Self::Unknown(s) => s,
///         }
///     }
/// }
///
/// assert_eq!(Status::Active.as_wire(), "active");
/// let newer = Status::from_wire("retired");
/// assert_eq!(newer, Status::Unknown("retired".into()));
/// assert_eq!(newer.as_wire(), "retired");
/// ```
pub trait WireEnum: Sized {
    /// The value for a wire name; names the type does not know map to its
    /// `Unknown` variant.
    fn from_wire(s: &str) -> Self;

    /// The wire name of the value.
    fn as_wire(&self) -> &str;
}

/// Serializes a [`WireEnum`] as its wire name: the `Serialize` of generated enums.
///
/// ```
/// # #[derive(Debug, PartialEq)]
/// # enum Status { Active, Unknown(String) }
/// # impl graphgen_runtime::WireEnum for Status {
/// #     fn from_wire(s: &str) -> Self {
/// #         if s == "active" { Self::Active } else { Self::Unknown(s.to_owned()) }
/// #     }
/// #     fn as_wire(&self) -> &str {
/// #         match self { Self::Active => "active", Self::Unknown(s) => s }
/// #     }
/// # }
/// use graphgen_runtime::__private::{deserialize_enum, serialize_enum};
///
/// impl serde::Serialize for Status {
///     fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
///         serialize_enum(self, s)
///     }
/// }
///
/// impl<'de> serde::Deserialize<'de> for Status {
///     fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
///         deserialize_enum(d)
///     }
/// }
///
/// let s: Status = serde_json::from_str(r#""retired""#)?;
/// assert_eq!(s, Status::Unknown("retired".into()));
/// assert_eq!(serde_json::to_string(&s)?, r#""retired""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// # Errors
///
/// Whatever the serializer reports.
pub fn serialize_enum<E: WireEnum, S: Serializer>(e: &E, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(e.as_wire())
}

/// Deserializes a [`WireEnum`] from a string, borrowed or owned, without
/// copying it first: the `Deserialize` of generated enums (see
/// [`serialize_enum`]).
///
/// # Errors
///
/// When the input is not a string.
pub fn deserialize_enum<'de, E: WireEnum, D: Deserializer<'de>>(d: D) -> Result<E, D::Error> {
    d.deserialize_str(EnumVisitor(PhantomData))
}

/// Visits the string forms of a [`WireEnum`].
struct EnumVisitor<E>(PhantomData<fn() -> E>);

impl<E: WireEnum> Visitor<'_> for EnumVisitor<E> {
    type Value = E;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an enum member name")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }

    fn visit_borrowed_str<Er: de::Error>(self, v: &str) -> Result<E, Er> {
        Ok(E::from_wire(v))
    }

    fn visit_string<Er: de::Error>(self, v: String) -> Result<E, Er> {
        Ok(E::from_wire(&v))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A generated-style enum shared by the flags tests.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    pub(crate) enum Channel {
        Email,
        Sms,
        UnknownFutureValue,
        Unknown(String),
    }

    impl WireEnum for Channel {
        fn from_wire(s: &str) -> Self {
            match s {
                "email" => Self::Email,
                "sms" => Self::Sms,
                "unknownFutureValue" => Self::UnknownFutureValue,
                other => Self::Unknown(other.to_owned()),
            }
        }

        fn as_wire(&self) -> &str {
            match self {
                Self::Email => "email",
                Self::Sms => "sms",
                Self::UnknownFutureValue => "unknownFutureValue",
                Self::Unknown(s) => s,
            }
        }
    }

    impl serde::Serialize for Channel {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            serialize_enum(self, s)
        }
    }

    impl<'de> serde::Deserialize<'de> for Channel {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_enum(d)
        }
    }

    #[test]
    fn known_members_round_trip() {
        for (json, value) in [
            (r#""email""#, Channel::Email),
            (r#""sms""#, Channel::Sms),
            (r#""unknownFutureValue""#, Channel::UnknownFutureValue),
        ] {
            assert_eq!(serde_json::from_str::<Channel>(json).unwrap(), value);
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
        }
    }

    #[test]
    fn unknown_members_are_kept() {
        let v: Channel = serde_json::from_str(r#""pigeon""#).unwrap();
        assert_eq!(v, Channel::Unknown("pigeon".into()));
        assert_eq!(serde_json::to_string(&v).unwrap(), r#""pigeon""#);
    }

    #[test]
    fn borrowed_transient_and_owned_strings_all_work() {
        // Borrowed from the input.
        assert_eq!(
            serde_json::from_str::<Channel>(r#""sms""#).unwrap(),
            Channel::Sms
        );
        // Escapes force a transient (scratch) string.
        assert_eq!(
            serde_json::from_str::<Channel>(r#""em\u0061il""#).unwrap(),
            Channel::Email
        );
        // A reader never lends borrowed strings.
        assert_eq!(
            serde_json::from_reader::<_, Channel>(&br#""email""#[..]).unwrap(),
            Channel::Email
        );
        // A `Value` hands over an owned `String`.
        assert_eq!(
            serde_json::from_value::<Channel>(serde_json::json!("sms")).unwrap(),
            Channel::Sms
        );
    }

    #[test]
    fn non_strings_fail() {
        assert!(serde_json::from_str::<Channel>("3").is_err());
        let err = serde_json::from_str::<Channel>("true").unwrap_err();
        assert!(err.to_string().contains("an enum member name"), "{err}");
    }
}
