//! Flags enums: several members of an OData enum in one value.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::WireEnum;
use crate::wire_enum::deserialize_enum;

/// The value of an OData flags enum (`IsFlags="true"`): a set of members.
///
/// Microsoft Graph writes it as the member names joined by commas
/// (`"email,sms"`). Reading splits on `,` and trims spaces, so `"email, sms"`
/// is accepted; an empty string is an empty set, and a JSON array of names is
/// accepted too. Members keep their order.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::{Flags, WireEnum};
///
/// #[derive(Debug, PartialEq)]
/// enum Day {
///     Mon,
///     Tue,
///     Unknown(String),
/// }
/// impl WireEnum for Day {
///     fn from_wire(s: &str) -> Self {
///         match s {
///             "mon" => Self::Mon,
///             "tue" => Self::Tue,
///             other => Self::Unknown(other.into()),
///         }
///     }
///     fn as_wire(&self) -> &str {
///         match self {
///             Self::Mon => "mon",
///             Self::Tue => "tue",
///             Self::Unknown(s) => s,
///         }
///     }
/// }
///
/// let days: Flags<Day> = serde_json::from_str(r#""mon, tue""#)?;
/// assert_eq!(days, Flags(vec![Day::Mon, Day::Tue]));
/// assert_eq!(serde_json::to_string(&days)?, r#""mon,tue""#);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Flags<E>(pub Vec<E>);

impl<E> Default for Flags<E> {
    fn default() -> Self {
        Self(Vec::new())
    }
}

impl<E> Flags<E> {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether no member is set.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The members, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.0.iter()
    }

    /// Whether `member` is set.
    pub fn contains(&self, member: &E) -> bool
    where
        E: PartialEq,
    {
        self.0.contains(member)
    }
}

impl<E: WireEnum> Flags<E> {
    /// The wire text: member names joined by `,`.
    pub fn to_wire(&self) -> String {
        let mut out = String::new();
        for (i, member) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(member.as_wire());
        }
        out
    }

    /// Parses wire text: split on `,`, spaces trimmed, empty pieces skipped.
    pub fn from_wire(text: &str) -> Self {
        Self(
            text.split(',')
                .map(str::trim)
                .filter(|piece| !piece.is_empty())
                .map(E::from_wire)
                .collect(),
        )
    }
}

impl<E> From<Vec<E>> for Flags<E> {
    fn from(members: Vec<E>) -> Self {
        Self(members)
    }
}

impl<E> FromIterator<E> for Flags<E> {
    fn from_iter<I: IntoIterator<Item = E>>(iter: I) -> Self {
        Self(iter.into_iter().collect())
    }
}

impl<'a, E> IntoIterator for &'a Flags<E> {
    type Item = &'a E;
    type IntoIter = std::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<E: WireEnum> Serialize for Flags<E> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_wire())
    }
}

impl<'de, E: WireEnum> Deserialize<'de> for Flags<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FlagsVisitor(PhantomData))
    }
}

/// Visits the comma-separated string (or array) form of [`Flags`].
struct FlagsVisitor<E>(PhantomData<fn() -> E>);

impl<'de, E: WireEnum> Visitor<'de> for FlagsVisitor<E> {
    type Value = Flags<E>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("comma-separated enum member names")
    }

    fn visit_str<Er: de::Error>(self, v: &str) -> Result<Flags<E>, Er> {
        Ok(Flags::from_wire(v))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Flags<E>, A::Error> {
        let mut members = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(Member(member)) = seq.next_element()? {
            members.push(member);
        }
        Ok(Flags(members))
    }
}

/// One member inside the array form.
struct Member<E>(E);

impl<'de, E: WireEnum> Deserialize<'de> for Member<E> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_enum(d).map(Member)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wire_enum::tests::Channel;

    fn parse(json: &str) -> Flags<Channel> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn serializes_names_joined_by_commas() {
        let flags = Flags(vec![Channel::Email, Channel::Sms]);
        assert_eq!(serde_json::to_string(&flags).unwrap(), r#""email,sms""#);
        assert_eq!(
            serde_json::to_string(&Flags::<Channel>::new()).unwrap(),
            r#""""#
        );
        let one: Flags<Channel> = vec![Channel::Sms].into();
        assert_eq!(serde_json::to_string(&one).unwrap(), r#""sms""#);
    }

    #[test]
    fn deserializes_with_trimming_and_unknowns() {
        assert_eq!(
            parse(r#""email,sms""#),
            Flags(vec![Channel::Email, Channel::Sms])
        );
        assert_eq!(
            parse(r#""email, sms""#),
            Flags(vec![Channel::Email, Channel::Sms])
        );
        assert_eq!(
            parse(r#"" sms ,email ""#),
            Flags(vec![Channel::Sms, Channel::Email])
        );
        assert_eq!(
            parse(r#""email,carrierPigeon""#),
            Flags(vec![
                Channel::Email,
                Channel::Unknown("carrierPigeon".into())
            ])
        );
    }

    #[test]
    fn empty_and_degenerate_strings() {
        assert!(parse(r#""""#).is_empty());
        assert!(parse(r#"" ""#).is_empty());
        assert_eq!(parse(r#""email,,""#), Flags(vec![Channel::Email]));
    }

    #[test]
    fn array_form_is_accepted() {
        assert_eq!(
            parse(r#"["sms","email"]"#),
            Flags(vec![Channel::Sms, Channel::Email])
        );
        assert!(serde_json::from_str::<Flags<Channel>>("true").is_err());
    }

    #[test]
    fn round_trip_and_helpers() {
        let flags: Flags<Channel> = [Channel::Sms, Channel::UnknownFutureValue]
            .into_iter()
            .collect();
        let json = serde_json::to_string(&flags).unwrap();
        assert_eq!(json, r#""sms,unknownFutureValue""#);
        assert_eq!(parse(&json), flags);
        assert!(flags.contains(&Channel::Sms));
        assert!(!flags.contains(&Channel::Email));
        assert_eq!(flags.iter().count(), 2);
        assert_eq!((&flags).into_iter().count(), 2);
        assert_eq!(Flags::<Channel>::default(), Flags::new());
    }
}
