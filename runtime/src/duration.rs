//! `Edm.Duration` values that keep their original text.

mod parse;

use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use self::parse::{Mode, Parts};
use crate::Error;

/// An `Edm.Duration`: an ISO 8601 duration such as `P1DT2H3M4.5S` or
/// `-PT0.25S`.
///
/// The original text is kept, so a value read from JSON is written back byte
/// for byte; equality compares that text (`PT1H` is not equal to `PT60M`).
/// [`Duration::parse`] accepts the strict `Edm.Duration` grammar (days, hours,
/// minutes, seconds); deserialization is lenient and also accepts years,
/// months and weeks, which services sometimes send.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::Duration;
///
/// let d = Duration::parse("P1DT2H3M4.5S")?;
/// assert_eq!(d.as_str(), "P1DT2H3M4.5S");
/// assert_eq!(d.to_std(), Some(std::time::Duration::from_millis(93_784_500)));
///
/// let from_std = Duration::from(std::time::Duration::from_secs(90));
/// assert_eq!(from_std.as_str(), "PT1M30S");
///
/// let lenient: Duration = serde_json::from_str(r#""P1Y""#).unwrap();
/// assert_eq!(lenient.to_std(), None);
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    text: String,
    parts: Parts,
}

impl Duration {
    /// Parses the strict `Edm.Duration` form:
    /// `[-]P[nD][T[nH][nM][n[.f]S]]` with at least one component.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] naming the text and what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, Error> {
        Self::parse_with(text.to_owned(), Mode::Strict)
    }

    /// Parses any ISO 8601 duration: the strict form plus years (`nY`),
    /// months (`nM` before `T`) and weeks (`nW`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidDuration`] naming the text and what is wrong with it.
    pub fn parse_lenient(text: &str) -> Result<Self, Error> {
        Self::parse_with(text.to_owned(), Mode::Lenient)
    }

    fn parse_with(text: String, mode: Mode) -> Result<Self, Error> {
        match parse::parse(&text, mode) {
            Ok(parts) => Ok(Self { text, parts }),
            Err(reason) => Err(Error::InvalidDuration {
                value: text,
                reason,
            }),
        }
    }

    /// The text, exactly as parsed or generated.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the text starts with `-`.
    pub fn is_negative(&self) -> bool {
        self.parts.negative
    }

    /// The length as a [`std::time::Duration`], counting a week as 7 days
    /// and a day as 24 hours.
    ///
    /// `None` for negative durations (other than zero), for durations with
    /// years or months (their length depends on the calendar), and on
    /// overflow.
    pub fn to_std(&self) -> Option<std::time::Duration> {
        let p = &self.parts;
        if p.years != 0 || p.months != 0 {
            return None;
        }
        let days = p.weeks.checked_mul(7)?.checked_add(p.days)?;
        let hours = days.checked_mul(24)?.checked_add(p.hours)?;
        let minutes = hours.checked_mul(60)?.checked_add(p.minutes)?;
        let seconds = minutes.checked_mul(60)?.checked_add(p.seconds)?;
        let value = std::time::Duration::new(seconds, p.nanos);
        if p.negative && !value.is_zero() {
            return None;
        }
        Some(value)
    }
}

impl From<std::time::Duration> for Duration {
    /// The canonical text: days, hours, minutes and seconds, zero components
    /// left out, fractional seconds without trailing zeros (`PT0S` for zero).
    fn from(value: std::time::Duration) -> Self {
        let total = value.as_secs();
        let parts = Parts {
            days: total / 86_400,
            hours: total / 3_600 % 24,
            minutes: total / 60 % 60,
            seconds: total % 60,
            nanos: value.subsec_nanos(),
            ..Parts::default()
        };
        let text = canonical_text(&parts);
        Self { text, parts }
    }
}

/// Writes a non-negative, day-based duration in its shortest form.
fn canonical_text(p: &Parts) -> String {
    let mut text = String::from("P");
    if p.days != 0 {
        text.push_str(&format!("{}D", p.days));
    }
    let has_seconds = p.seconds != 0 || p.nanos != 0;
    if p.hours != 0 || p.minutes != 0 || has_seconds || p.days == 0 {
        text.push('T');
        if p.hours != 0 {
            text.push_str(&format!("{}H", p.hours));
        }
        if p.minutes != 0 {
            text.push_str(&format!("{}M", p.minutes));
        }
        if has_seconds || (p.hours == 0 && p.minutes == 0) {
            text.push_str(&p.seconds.to_string());
            if p.nanos != 0 {
                let fraction = format!("{:09}", p.nanos);
                text.push('.');
                text.push_str(fraction.trim_end_matches('0'));
            }
            text.push('S');
        }
    }
    text
}

impl FromStr for Duration {
    type Err = Error;

    /// Same as [`Duration::parse`].
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::parse(s)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(DurationVisitor)
    }
}

/// Visits the text of a [`Duration`], parsing it leniently.
struct DurationVisitor;

impl Visitor<'_> for DurationVisitor {
    type Value = Duration;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an ISO 8601 duration such as \"P1DT2H\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Duration, E> {
        Duration::parse_lenient(v).map_err(E::custom)
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Duration, E> {
        Duration::parse_with(v, Mode::Lenient).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration as StdDuration;

    use super::*;

    #[test]
    fn json_round_trips_byte_for_byte() {
        for text in [
            "P1DT2H3M4.5S",
            "-P1DT2H3M4.5S",
            "PT0S",
            "PT0.0000001S",
            "PT4.500S",
            "PT90M",
            "+P3D",
            "-PT0.25S",
            "P1Y2M3W4DT5H6M7.89S",
            "P0D",
        ] {
            let json = format!("\"{text}\"");
            let d: Duration = serde_json::from_str(&json).unwrap();
            assert_eq!(d.as_str(), text);
            assert_eq!(serde_json::to_string(&d).unwrap(), json);
            // Owned strings take the allocation-reusing path.
            let owned: Duration = serde_json::from_value(serde_json::json!(text)).unwrap();
            assert_eq!(owned, d);
        }
    }

    #[test]
    fn deserialize_rejects_invalid_text_with_the_reason() {
        let err = serde_json::from_str::<Duration>(r#""1 day""#).unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("invalid duration `1 day`"), "{msg}");
        assert!(msg.contains("expected `P`"), "{msg}");
        assert!(serde_json::from_str::<Duration>("3").is_err());
    }

    #[test]
    fn parse_is_strict_and_parse_lenient_is_not() {
        assert!(matches!(
            Duration::parse("P1Y"),
            Err(Error::InvalidDuration { .. })
        ));
        assert_eq!(Duration::parse_lenient("P1Y").unwrap().as_str(), "P1Y");
        assert_eq!("PT1H".parse::<Duration>().unwrap().to_string(), "PT1H");
        assert!("xyz".parse::<Duration>().is_err());
    }

    #[test]
    fn to_std_values() {
        let table = [
            ("P1DT2H3M4.5S", Some(StdDuration::new(93_784, 500_000_000))),
            ("PT0.25S", Some(StdDuration::from_millis(250))),
            ("PT0.0000001S", Some(StdDuration::from_nanos(100))),
            ("P2W", Some(StdDuration::from_secs(14 * 86_400))),
            ("PT0S", Some(StdDuration::ZERO)),
            ("-PT0S", Some(StdDuration::ZERO)),
            ("-PT1S", None),
            ("P1Y", None),
            ("P1M", None),
            ("P0Y1D", Some(StdDuration::from_secs(86_400))),
            ("P18446744073709551615D", None),
        ];
        for (text, expected) in table {
            let d = Duration::parse_lenient(text).unwrap();
            assert_eq!(d.to_std(), expected, "{text}");
        }
        assert!(Duration::parse("-PT1S").unwrap().is_negative());
    }

    #[test]
    fn from_std_is_canonical_and_parses_back() {
        let table = [
            (StdDuration::ZERO, "PT0S"),
            (StdDuration::from_secs(1), "PT1S"),
            (StdDuration::from_millis(1500), "PT1.5S"),
            (StdDuration::from_nanos(1), "PT0.000000001S"),
            (StdDuration::from_secs(60), "PT1M"),
            (StdDuration::from_secs(3600), "PT1H"),
            (StdDuration::from_secs(86_400), "P1D"),
            (StdDuration::from_secs(86_400 + 1), "P1DT1S"),
            (StdDuration::new(93_784, 500_000_000), "P1DT2H3M4.5S"),
        ];
        for (std, text) in table {
            let d = Duration::from(std);
            assert_eq!(d.as_str(), text);
            assert_eq!(Duration::parse(text).unwrap(), d);
            assert_eq!(d.to_std(), Some(std));
        }
    }
}
