//! Percent-encoding rules for the pieces of an OData URL path.
//!
//! Three sets, from strictest to loosest:
//! - [`KEY`]: everything except RFC 3986 `unreserved` (`A-Z a-z 0-9 - . _ ~`)
//!   is encoded. Used for key-as-segment values.
//! - [`LITERAL`]: like [`KEY`] but `'` stays literal, because it delimits
//!   OData string literals inside `(...)`.
//! - [`SEGMENT`]: RFC 3986 `pchar` (unreserved, sub-delims, `:` and `@`) stays
//!   literal, so `$ref`, `$count` and `$value` are written as is.
//!
//! Non-ASCII bytes are always encoded (as their UTF-8 bytes).

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Encodes every byte that is not RFC 3986 `unreserved`.
const KEY: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// [`KEY`] minus the single quote.
const LITERAL: &AsciiSet = &KEY.remove(b'\'');

/// Encodes every byte that is not an RFC 3986 `pchar`.
const SEGMENT: &AsciiSet = &KEY
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b':')
    .remove(b'@');

/// Appends the key `text` to the path `out`: `/` and the key encoded as a whole
/// segment (`/73eb…`), or, for the keys `.` and `..`, the parenthesised form
/// `('.')`/`('..')` attached to the collection segment. A dot segment stays one
/// even percent-encoded (`%2E%2E`): URL parsers resolve it against the segment
/// before, so the request would reach another resource.
pub(crate) fn push_key(out: &mut String, text: &str) {
    if matches!(text, "." | "..") {
        out.push_str("('");
        out.push_str(text);
        out.push_str("')");
    } else {
        out.push('/');
        push_whole_segment(out, text, KEY);
    }
}

/// Appends `text` to `out`, encoded for use as a whole path segment that holds
/// a name such as `accessPackages` or `$ref`.
pub(crate) fn push_segment(out: &mut String, text: &str) {
    push_whole_segment(out, text, SEGMENT);
}

/// Appends an OData literal's text to `out`, encoded for use inside `(...)`.
pub(crate) fn push_literal(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, LITERAL));
}

/// Appends the value of a parameter alias to a query, `out`: JSON text or an
/// OData literal, encoded like [`push_literal`] (so `{`, `}`, `[`, `]`, `"`,
/// `&`, `=`, `#` and `+` are percent-encoded, as OData URL Conventions 4.01
/// §5.1.1.6.2 requires of JSON in a URL).
pub(crate) fn push_query_value(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, LITERAL));
}

/// Appends a name (function, parameter or key property) to `out`; names are
/// identifiers, but anything unexpected is encoded like a key.
pub(crate) fn push_name(out: &mut String, text: &str) {
    out.extend(utf8_percent_encode(text, KEY));
}

/// Encodes a segment, but never produces the dot segments `.` or `..`, which
/// URL normalisation would otherwise resolve against the preceding segment.
fn push_whole_segment(out: &mut String, text: &str, set: &'static AsciiSet) {
    match text {
        "." => out.push_str("%2E"),
        ".." => out.push_str("%2E%2E"),
        _ => out.extend(utf8_percent_encode(text, set)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> String {
        let mut out = String::new();
        push_key(&mut out, s);
        out.strip_prefix('/').map(str::to_owned).unwrap_or(out)
    }

    fn segment(s: &str) -> String {
        let mut out = String::new();
        push_segment(&mut out, s);
        out
    }

    fn literal(s: &str) -> String {
        let mut out = String::new();
        push_literal(&mut out, s);
        out
    }

    #[test]
    fn key_table() {
        let table = [
            (
                "73eb2497-3b88-4c0a-8bb3-68ba8162beff",
                "73eb2497-3b88-4c0a-8bb3-68ba8162beff",
            ),
            ("a/b", "a%2Fb"),
            ("o'neil", "o%27neil"),
            ("a b", "a%20b"),
            ("100%", "100%25"),
            ("q?x#y", "q%3Fx%23y"),
            ("f(x)", "f%28x%29"),
            ("a+b=c&d", "a%2Bb%3Dc%26d"),
            ("$ref", "%24ref"),
            ("user@contoso.com", "user%40contoso.com"),
            ("x:y;z,w", "x%3Ay%3Bz%2Cw"),
            ("tilde~under_dot.", "tilde~under_dot."),
            ("café", "caf%C3%A9"),
            ("日本", "%E6%97%A5%E6%9C%AC"),
            ("{id}", "%7Bid%7D"),
            ("", ""),
            (".", "('.')"),
            ("..", "('..')"),
            ("...", "..."),
        ];
        for (input, expected) in table {
            assert_eq!(key(input), expected, "key({input:?})");
        }
    }

    #[test]
    fn segment_table() {
        let table = [
            ("accessPackages", "accessPackages"),
            ("$ref", "$ref"),
            ("$count", "$count"),
            ("$value", "$value"),
            ("microsoft.graph.delta", "microsoft.graph.delta"),
            ("a b", "a%20b"),
            ("a/b", "a%2Fb"),
            ("a?b#c", "a%3Fb%23c"),
            ("50%", "50%25"),
            ("é", "%C3%A9"),
            ("k='v'", "k='v'"),
            ("..", "%2E%2E"),
        ];
        for (input, expected) in table {
            assert_eq!(segment(input), expected, "segment({input:?})");
        }
    }

    #[test]
    fn literal_keeps_quotes_and_encodes_the_rest() {
        assert_eq!(literal("'a''b'"), "'a''b'");
        assert_eq!(literal("'a b/c'"), "'a%20b%2Fc'");
        assert_eq!(literal("'(x),y=z'"), "'%28x%29%2Cy%3Dz'");
        assert_eq!(literal("'ü'"), "'%C3%BC'");
        assert_eq!(literal("-1.5e-7"), "-1.5e-7");
        assert_eq!(
            literal("2024-01-02T03:04:05+01:00"),
            "2024-01-02T03%3A04%3A05%2B01%3A00"
        );
        // Dots are only special as whole segments, never inside a literal.
        assert_eq!(literal(".."), "..");
    }

    #[test]
    fn names_are_encoded_like_keys() {
        let mut out = String::new();
        push_name(&mut out, "uniqueName");
        push_name(&mut out, "=");
        assert_eq!(out, "uniqueName%3D");
    }
}
