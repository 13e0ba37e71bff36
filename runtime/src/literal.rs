//! OData URL literals: the values inside `(...)` in keys and function calls.

use std::fmt;

use base64::Engine as _;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};

use crate::{Base64, Duration};

/// A value written in OData URL literal syntax (OData ABNF `primitiveLiteral`).
///
/// The literal holds its OData text, unencoded; [`RequestTarget`] percent-encodes
/// it when it is placed in a URL (single quotes stay literal).
///
/// | Rust value | literal |
/// | --- | --- |
/// | `&str`, `String` | `'it''s'` (quoted, `'` doubled) |
/// | `bool` | `true` |
/// | integers | `-42` |
/// | `f32`, `f64` | `1.5`, `1e300`, `NaN`, `INF`, `-INF` |
/// | `uuid::Uuid` | `73eb2497-3b88-4c0a-8bb3-68ba8162beff` |
/// | `chrono::NaiveDate` | `2024-01-31` |
/// | `chrono::NaiveTime` | `13:45:00` |
/// | `chrono::DateTime<FixedOffset>` / `<Utc>` | `2024-01-31T13:45:00+01:00`, `...Z` |
/// | [`Duration`] | `duration'P1DT2H'` |
/// | [`Base64`] | `binary'AQID'` |
/// | `None` / [`Literal::null`] | `null` |
/// | [`Literal::enum_member`] | `Ns.Color'red'` (a qualified enum literal) |
/// | [`Literal::json`] | JSON text, for complex and collection parameters |
///
/// A JSON literal is not a `primitiveLiteral`: the OData ABNF allows only a
/// parameter alias or a primitive literal as a function parameter in the
/// path, so [`RequestTarget::function_call`](crate::RequestTarget::function_call)
/// writes it as an alias,
/// `f(p=@p)?@p={"a":1}` (OData URL Conventions 4.01 §5.1.1.13.1, Parameter
/// Aliases).
///
/// [`RequestTarget`]: crate::RequestTarget
///
/// # Examples
///
/// ```
/// use graphgen_runtime::Literal;
///
/// assert_eq!(Literal::from("O'Neil").as_str(), "'O''Neil'");
/// assert_eq!(Literal::from(42_i32).as_str(), "42");
/// assert_eq!(Literal::from(true).as_str(), "true");
/// assert_eq!(Literal::json(serde_json::json!(["a", 1])).as_str(), r#"["a",1]"#);
/// assert_eq!(Literal::raw("microsoft.graph.color'red'".into()).as_str(), "microsoft.graph.color'red'");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Literal {
    text: String,
    /// JSON text (a complex or collection value), which goes through a
    /// parameter alias in a function call.
    json: bool,
}

impl Literal {
    /// Wraps text that is already in OData literal syntax, for kinds this type
    /// has no constructor for (enum members such as `microsoft.graph.color'red'`,
    /// `Edm.Decimal` values, parameter aliases such as `@p1`).
    ///
    /// The text is still percent-encoded when placed in a URL, so write it
    /// unencoded.
    pub fn raw(text: String) -> Self {
        Self { text, json: false }
    }

    /// An enum member qualified with its type's name, `Ns.Color'red'`: the
    /// form every OData service accepts (the ABNF's `enum`; OData 4.01 also
    /// accepts the bare `'red'`, which is `Literal::from("red")`). A flags
    /// value lists its members with commas: `Ns.Perm'Read,Write'`. Quotes in
    /// `member` are doubled.
    ///
    /// ```
    /// use graphgen_runtime::Literal;
    ///
    /// assert_eq!(Literal::enum_member("n.Color", "red").as_str(), "n.Color'red'");
    /// assert_eq!(Literal::enum_member("n.Perm", "Read,Write").as_str(), "n.Perm'Read,Write'");
    /// ```
    pub fn enum_member(type_name: &str, member: &str) -> Self {
        let quoted = quoted(member);
        let mut text = String::with_capacity(type_name.len() + quoted.text.len());
        text.push_str(type_name);
        text.push_str(&quoted.text);
        Self { text, json: false }
    }

    /// Whether the literal is JSON text ([`Literal::json`]), which a function
    /// call passes through a parameter alias.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// A complex or collection value, written as compact JSON text.
    ///
    /// ```
    /// use graphgen_runtime::Literal;
    ///
    /// let lit = Literal::json(serde_json::json!({"id": "x"}));
    /// assert_eq!(lit.as_str(), r#"{"id":"x"}"#);
    /// ```
    pub fn json(value: serde_json::Value) -> Self {
        Self {
            text: value.to_string(),
            json: true,
        }
    }

    /// The `null` literal.
    pub fn null() -> Self {
        Self::raw("null".to_owned())
    }

    /// The literal's OData text, before percent-encoding.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Consumes the literal and returns its OData text.
    pub fn into_string(self) -> String {
        self.text
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// Quotes a string: `'` around it, each `'` inside doubled.
fn quoted(s: &str) -> Literal {
    let mut text = String::with_capacity(s.len() + 2);
    text.push('\'');
    for c in s.chars() {
        if c == '\'' {
            text.push('\'');
        }
        text.push(c);
    }
    text.push('\'');
    Literal { text, json: false }
}

/// Writes a float per OData `doubleValue`: `Debug` gives the shortest text
/// that round-trips (`1.5`, `1e300`, `1e-7`); NaN and infinities get the
/// OData spellings.
macro_rules! float_literal {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Literal {
            fn from(value: $ty) -> Self {
                let text = if value.is_nan() {
                    "NaN".to_owned()
                } else if value.is_infinite() {
                    if value > 0.0 { "INF" } else { "-INF" }.to_owned()
                } else {
                    format!("{value:?}")
                };
                Self::raw(text)
            }
        }
    )*};
}

float_literal!(f32, f64);

macro_rules! display_literal {
    ($($ty:ty),*) => {$(
        impl From<$ty> for Literal {
            fn from(value: $ty) -> Self {
                Self::raw(value.to_string())
            }
        }
    )*};
}

display_literal!(
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    uuid::Uuid,
    NaiveDate,
    NaiveTime
);

impl From<&str> for Literal {
    fn from(value: &str) -> Self {
        quoted(value)
    }
}

impl From<String> for Literal {
    fn from(value: String) -> Self {
        quoted(&value)
    }
}

impl From<&String> for Literal {
    fn from(value: &String) -> Self {
        quoted(value)
    }
}

impl From<DateTime<FixedOffset>> for Literal {
    fn from(value: DateTime<FixedOffset>) -> Self {
        Self::raw(value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl From<DateTime<Utc>> for Literal {
    fn from(value: DateTime<Utc>) -> Self {
        Self::raw(value.to_rfc3339_opts(SecondsFormat::AutoSi, true))
    }
}

impl From<&Duration> for Literal {
    fn from(value: &Duration) -> Self {
        Self::raw(format!("duration'{}'", value.as_str()))
    }
}

impl From<Duration> for Literal {
    fn from(value: Duration) -> Self {
        Self::from(&value)
    }
}

impl From<&Base64> for Literal {
    /// `binary'...'` with the URL-safe alphabet, as the OData ABNF requires.
    fn from(value: &Base64) -> Self {
        let encoded = base64::engine::general_purpose::URL_SAFE.encode(&value.0);
        Self::raw(format!("binary'{encoded}'"))
    }
}

impl From<Base64> for Literal {
    fn from(value: Base64) -> Self {
        Self::from(&value)
    }
}

impl<T: Into<Literal>> From<Option<T>> for Literal {
    fn from(value: Option<T>) -> Self {
        value.map_or_else(Self::null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(lit: impl Into<Literal>) -> String {
        lit.into().into_string()
    }

    #[test]
    fn strings_are_quoted_with_doubled_quotes() {
        assert_eq!(text("abc"), "'abc'");
        assert_eq!(text("a'b"), "'a''b'");
        assert_eq!(text("''"), "''''''");
        assert_eq!(text(""), "''");
        assert_eq!(text(String::from("x y")), "'x y'");
        let owned = String::from("ü");
        assert_eq!(Literal::from(&owned).as_str(), "'ü'");
    }

    #[test]
    fn booleans_and_integers_are_bare() {
        assert_eq!(text(true), "true");
        assert_eq!(text(false), "false");
        assert_eq!(text(-8_i8), "-8");
        assert_eq!(text(i16::MIN), "-32768");
        assert_eq!(text(7_i32), "7");
        assert_eq!(text(i64::MAX), "9223372036854775807");
        assert_eq!(text(255_u8), "255");
        assert_eq!(text(65535_u16), "65535");
        assert_eq!(text(1_u32), "1");
        assert_eq!(text(u64::MAX), "18446744073709551615");
    }

    #[test]
    fn floats_follow_double_value() {
        assert_eq!(text(1.5_f64), "1.5");
        assert_eq!(text(3.0_f64), "3.0");
        assert_eq!(text(-0.25_f64), "-0.25");
        assert_eq!(text(1e300_f64), "1e300");
        assert_eq!(text(1e-7_f64), "1e-7");
        assert_eq!(text(0.1_f32), "0.1");
        assert_eq!(text(f64::NAN), "NaN");
        assert_eq!(text(f64::INFINITY), "INF");
        assert_eq!(text(f32::NEG_INFINITY), "-INF");
    }

    #[test]
    fn guid_and_dates_are_bare() {
        let id = uuid::Uuid::parse_str("73EB2497-3B88-4C0A-8BB3-68BA8162BEFF").unwrap();
        assert_eq!(text(id), "73eb2497-3b88-4c0a-8bb3-68ba8162beff");
        let date = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
        assert_eq!(text(date), "2024-01-31");
        let time = NaiveTime::from_hms_milli_opt(13, 45, 0, 500).unwrap();
        assert_eq!(text(time), "13:45:00.500");
        let dto = DateTime::parse_from_rfc3339("2024-01-31T13:45:00+01:00").unwrap();
        assert_eq!(text(dto), "2024-01-31T13:45:00+01:00");
        let utc = DateTime::parse_from_rfc3339("2024-01-31T13:45:00.25+00:00").unwrap();
        assert_eq!(text(utc), "2024-01-31T13:45:00.250Z");
        assert_eq!(text(utc.with_timezone(&Utc)), "2024-01-31T13:45:00.250Z");
    }

    #[test]
    fn duration_and_binary_are_prefixed() {
        let d = Duration::parse("P1DT2H").unwrap();
        assert_eq!(text(&d), "duration'P1DT2H'");
        assert_eq!(text(d), "duration'P1DT2H'");
        assert_eq!(text(Base64(vec![0xfb, 0xff])), "binary'-_8='");
    }

    #[test]
    fn json_null_and_raw() {
        let v = serde_json::json!({"b": [1, "x'y"], "a": null});
        assert_eq!(Literal::json(v).as_str(), r#"{"a":null,"b":[1,"x'y"]}"#);
        assert_eq!(Literal::null().as_str(), "null");
        assert_eq!(text(None::<i32>), "null");
        assert_eq!(text(Some("x")), "'x'");
        assert_eq!(Literal::raw("@p1".into()).as_str(), "@p1");
        assert_eq!(Literal::raw("@p1".into()).to_string(), "@p1");
        assert!(Literal::json(serde_json::json!([])).is_json());
        assert!(!Literal::null().is_json());
        assert!(!Literal::from("[]").is_json());
    }

    #[test]
    fn enum_members_are_qualified_and_quoted() {
        assert_eq!(
            Literal::enum_member("n.Color", "red").as_str(),
            "n.Color'red'"
        );
        assert_eq!(Literal::enum_member("n.E", "o'k").as_str(), "n.E'o''k'");
        assert_eq!(Literal::enum_member("n.P", "a,b").as_str(), "n.P'a,b'");
    }
}
