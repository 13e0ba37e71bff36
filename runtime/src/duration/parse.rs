//! The ISO 8601 duration grammar, in its `Edm.Duration` subset and a lenient
//! superset.
//!
//! Strict (`Edm.Duration`, OData ABNF `durationValue`):
//! `[+|-] P [nD] [T [nH] [nM] [n[.f]S]]`, with at least one component.
//! Lenient (what services actually send) adds `nY`, `nM` (months) and `nW`
//! before `T`.

/// The numeric content of a duration.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Parts {
    /// A leading `-`.
    pub(crate) negative: bool,
    pub(crate) years: u64,
    pub(crate) months: u64,
    pub(crate) weeks: u64,
    pub(crate) days: u64,
    pub(crate) hours: u64,
    pub(crate) minutes: u64,
    pub(crate) seconds: u64,
    /// Fractional seconds, truncated to nanoseconds.
    pub(crate) nanos: u32,
}

/// Which designators the date part may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `Edm.Duration`: days only.
    Strict,
    /// ISO 8601: years, months, weeks and days.
    Lenient,
}

/// Parses `text`, or says what is wrong with it.
pub(crate) fn parse(text: &str, mode: Mode) -> Result<Parts, &'static str> {
    let mut parts = Parts::default();
    let mut rest = text.as_bytes();
    match rest.first() {
        Some(b'-') => {
            parts.negative = true;
            rest = &rest[1..];
        }
        Some(b'+') => rest = &rest[1..],
        _ => {}
    }
    rest = rest
        .strip_prefix(b"P")
        .ok_or("expected `P` after the optional sign")?;

    let mut any = false;
    // Date part: designators in the order Y, M, W, D, each at most once.
    let mut next_date = 0;
    while let Some(&c) = rest.first() {
        if c == b'T' {
            break;
        }
        let (number, fraction, after) = component(rest)?;
        let (rank, slot) = match after.first() {
            Some(b'Y') => (0, &mut parts.years),
            Some(b'M') => (1, &mut parts.months),
            Some(b'W') => (2, &mut parts.weeks),
            Some(b'D') => (3, &mut parts.days),
            _ => return Err("expected a designator (`D`, or `Y`/`M`/`W`) after a number"),
        };
        if rank < 3 && mode == Mode::Strict {
            return Err("years, months and weeks are not allowed in Edm.Duration");
        }
        if rank < next_date {
            return Err("designators are repeated or out of order");
        }
        if fraction.is_some() {
            return Err("only seconds may have a fractional part");
        }
        *slot = number;
        next_date = rank + 1;
        any = true;
        rest = &after[1..];
    }

    if let Some(time) = rest.strip_prefix(b"T") {
        rest = time;
        if rest.is_empty() {
            return Err("`T` must be followed by hours, minutes or seconds");
        }
        // Time part: H, M, S in that order, each at most once.
        let mut next_time = 0;
        while !rest.is_empty() {
            let (number, fraction, after) = component(rest)?;
            let (rank, slot) = match after.first() {
                Some(b'H') => (0, &mut parts.hours),
                Some(b'M') => (1, &mut parts.minutes),
                Some(b'S') => (2, &mut parts.seconds),
                _ => return Err("expected `H`, `M` or `S` after a number"),
            };
            if rank < next_time {
                return Err("designators are repeated or out of order");
            }
            if let Some(nanos) = fraction {
                if rank != 2 {
                    return Err("only seconds may have a fractional part");
                }
                parts.nanos = nanos;
            }
            *slot = number;
            next_time = rank + 1;
            any = true;
            rest = &after[1..];
        }
    }

    if !any {
        return Err("no component (such as `1D` or `T2H`) after `P`");
    }
    Ok(parts)
}

/// Reads `digits [. digits]`, returning the number, the fraction in
/// nanoseconds (if any) and the rest.
fn component(input: &[u8]) -> Result<(u64, Option<u32>, &[u8]), &'static str> {
    let (digits, rest) = split_digits(input);
    if digits.is_empty() {
        return Err("expected digits");
    }
    let mut number: u64 = 0;
    for &d in digits {
        number = number
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(d - b'0')))
            .ok_or("a number is too large")?;
    }
    let Some(after_dot) = rest.strip_prefix(b".") else {
        return Ok((number, None, rest));
    };
    let (fraction, rest) = split_digits(after_dot);
    if fraction.is_empty() {
        return Err("expected digits after `.`");
    }
    // Nanosecond precision; further digits are read but dropped.
    let mut nanos: u32 = 0;
    for i in 0..9 {
        let digit = fraction.get(i).map_or(0, |d| u32::from(d - b'0'));
        nanos = nanos * 10 + digit;
    }
    Ok((number, Some(nanos), rest))
}

/// Splits off the leading ASCII digits.
fn split_digits(input: &[u8]) -> (&[u8], &[u8]) {
    let n = input.iter().take_while(|b| b.is_ascii_digit()).count();
    input.split_at(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strict(text: &str) -> Result<Parts, &'static str> {
        parse(text, Mode::Strict)
    }

    fn lenient(text: &str) -> Result<Parts, &'static str> {
        parse(text, Mode::Lenient)
    }

    #[test]
    fn strict_forms() {
        let p = strict("-P1DT2H3M4.5S").unwrap();
        assert_eq!(
            p,
            Parts {
                negative: true,
                days: 1,
                hours: 2,
                minutes: 3,
                seconds: 4,
                nanos: 500_000_000,
                ..Parts::default()
            }
        );
        assert_eq!(strict("PT0S").unwrap(), Parts::default());
        assert_eq!(strict("+P3D").unwrap().days, 3);
        assert_eq!(strict("PT90M").unwrap().minutes, 90);
        assert_eq!(strict("PT0.000000001S").unwrap().nanos, 1);
        assert_eq!(strict("PT1.1234567891S").unwrap().nanos, 123_456_789);
    }

    #[test]
    fn lenient_adds_years_months_weeks() {
        let p = lenient("P1Y2M3W4DT5H6M7S").unwrap();
        assert_eq!((p.years, p.months, p.weeks, p.days), (1, 2, 3, 4));
        assert_eq!((p.hours, p.minutes, p.seconds), (5, 6, 7));
        assert_eq!(lenient("P2W").unwrap().weeks, 2);
        for text in ["P1Y", "P1M", "P1W"] {
            assert_eq!(
                strict(text),
                Err("years, months and weeks are not allowed in Edm.Duration")
            );
        }
    }

    #[test]
    fn rejects_malformed_text() {
        let table = [
            ("", "expected `P` after the optional sign"),
            ("1D", "expected `P` after the optional sign"),
            ("p1d", "expected `P` after the optional sign"),
            ("P", "no component (such as `1D` or `T2H`) after `P`"),
            ("-P", "no component (such as `1D` or `T2H`) after `P`"),
            ("PT", "`T` must be followed by hours, minutes or seconds"),
            ("P1DT", "`T` must be followed by hours, minutes or seconds"),
            ("PD", "expected digits"),
            (
                "P1",
                "expected a designator (`D`, or `Y`/`M`/`W`) after a number",
            ),
            ("PT1", "expected `H`, `M` or `S` after a number"),
            ("PT1D", "expected `H`, `M` or `S` after a number"),
            ("PT1S2M", "designators are repeated or out of order"),
            ("PT1H1H", "designators are repeated or out of order"),
            ("P1.5D", "only seconds may have a fractional part"),
            ("PT1.5H", "only seconds may have a fractional part"),
            ("PT1.S", "expected digits after `.`"),
            ("PT99999999999999999999S", "a number is too large"),
            ("P1D ", "expected digits"),
            ("P１D", "expected digits"),
        ];
        for (text, reason) in table {
            assert_eq!(strict(text), Err(reason), "{text:?}");
        }
        assert_eq!(
            lenient("P1D1Y"),
            Err("designators are repeated or out of order")
        );
    }
}
