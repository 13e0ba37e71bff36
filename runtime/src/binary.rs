//! `Edm.Binary` values: bytes carried as base64 text.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::{
    STANDARD, STANDARD_PAD_INDIFFERENT, URL_SAFE_PAD_INDIFFERENT,
};
use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Error;

/// Bytes of an `Edm.Binary` property.
///
/// Written as standard base64 with padding; read from standard or URL-safe
/// base64, padded or not.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::Base64;
///
/// let b = Base64(vec![0xfb, 0xff]);
/// assert_eq!(serde_json::to_string(&b)?, r#""+/8=""#);
/// assert_eq!(serde_json::from_str::<Base64>(r#""-_8""#)?, b);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Base64(pub Vec<u8>);

impl Base64 {
    /// The bytes as standard, padded base64.
    pub fn encode(&self) -> String {
        STANDARD.encode(&self.0)
    }

    /// Decodes standard or URL-safe base64, padded or not.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidBase64`] for text in neither alphabet, text that mixes
    /// them, or text with a bad length or padding.
    pub fn decode(text: &str) -> Result<Self, Error> {
        let url_safe = text.bytes().any(|b| b == b'-' || b == b'_');
        let engine = if url_safe {
            &URL_SAFE_PAD_INDIFFERENT
        } else {
            &STANDARD_PAD_INDIFFERENT
        };
        engine
            .decode(text)
            .map(Self)
            .map_err(|e| Error::InvalidBase64 {
                reason: e.to_string(),
            })
    }
}

impl From<Vec<u8>> for Base64 {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<Base64> for Vec<u8> {
    fn from(value: Base64) -> Self {
        value.0
    }
}

impl AsRef<[u8]> for Base64 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Base64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.encode())
    }
}

impl<'de> Deserialize<'de> for Base64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(Base64Visitor)
    }
}

/// Visits the base64 text of a [`Base64`].
struct Base64Visitor;

impl Visitor<'_> for Base64Visitor {
    type Value = Base64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a base64 string")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Base64, E> {
        Base64::decode(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(json: &str) -> Result<Base64, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn output_is_standard_and_padded() {
        let cases: [(&[u8], &str); 5] = [
            (b"", r#""""#),
            (b"f", r#""Zg==""#),
            (b"fo", r#""Zm8=""#),
            (b"foo", r#""Zm9v""#),
            (&[0xfb, 0xff, 0xbf], r#""+/+/""#),
        ];
        for (bytes, json) in cases {
            let value = Base64(bytes.to_vec());
            assert_eq!(serde_json::to_string(&value).unwrap(), json);
            assert_eq!(parse(json).unwrap(), value);
        }
    }

    #[test]
    fn both_alphabets_with_and_without_padding() {
        let expected = Base64(vec![0xfb, 0xff]);
        for json in [r#""+/8=""#, r#""+/8""#, r#""-_8=""#, r#""-_8""#] {
            assert_eq!(parse(json).unwrap(), expected, "{json}");
        }
        assert_eq!(parse(r#""Zg""#).unwrap(), Base64(b"f".to_vec()));
    }

    #[test]
    fn invalid_input_is_an_error() {
        for json in [r#""@@@@""#, r#""+_8=""#, r#""Z""#, "12"] {
            assert!(parse(json).is_err(), "{json}");
        }
        let err = parse(r#""a!b=""#).unwrap_err();
        assert!(err.to_string().contains("invalid base64"), "{err}");
    }

    #[test]
    fn conversions() {
        let b = Base64::from(vec![1, 2]);
        assert_eq!(b.as_ref(), &[1, 2]);
        assert_eq!(b.encode(), "AQI=");
        assert_eq!(Vec::from(b), vec![1, 2]);
    }
}
