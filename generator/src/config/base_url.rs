//! The rule for a profile's base URL: one the runtime's `Client::new` accepts, so that the
//! emitted `Client::with_default_base_url()`, which passes it the URL as written, cannot
//! panic.
//!
//! graphgen does not depend on the runtime, which parses with the `http` crate, so the rule is
//! stated here on its own, as the grammar of RFC 3986 for what a service root has: `http` or
//! `https` (in any case), `://`, a host (a registered name or a bracketed IPv6 address) with
//! an optional port, and a path, with no user info, query or fragment. The workspace test
//! `tests/tests/base_url.rs` runs one table of URLs through both checks. This one accepts
//! nothing the runtime refuses, and refuses a few URLs the runtime lets through (characters in
//! the path that RFC 3986 says must be percent-encoded, a `%` that encodes nothing, a port that
//! is not a number up to 65535, IPv6 zone identifiers); that test lists them too.

/// The most bytes the runtime (the `http` crate) accepts in a URL.
const MAX_LEN: usize = u16::MAX as usize - 1;

/// Checks `url` as a base URL.
///
/// # Errors
/// Why it is refused, in words that complete "invalid base URL `…`: ".
pub(crate) fn check(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("it must be absolute (start with https://)".into());
    };
    if !scheme.eq_ignore_ascii_case("https") && !scheme.eq_ignore_ascii_case("http") {
        return Err(format!("the scheme must be http or https, not `{scheme}`"));
    }
    if url.contains(['?', '#']) {
        return Err("it must not have a query or fragment".into());
    }
    if url.len() > MAX_LEN {
        return Err(format!("it is longer than {MAX_LEN} bytes"));
    }
    if let Some(c) = url.chars().find(|c| !c.is_ascii()) {
        return Err(format!(
            "it must be ASCII: percent-encode `{c}` (its UTF-8 bytes as `%XX`)"
        ));
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    check_authority(authority)?;
    check_path(path)
}

/// `host[:port]`, where the host is a registered name or `[IPv6]`.
fn check_authority(authority: &str) -> Result<(), String> {
    if authority.contains('@') {
        return Err("it must not contain user info (`user@`)".into());
    }
    let (host, port) = if let Some(literal) = authority.strip_prefix('[') {
        let Some((address, after)) = literal.split_once(']') else {
            return Err(format!("the host `{authority}` has no closing `]`"));
        };
        if address.is_empty()
            || !address.contains(':')
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
        {
            return Err(format!(
                "the host `[{address}]` is not an IPv6 address (zone identifiers are not \
                 accepted)"
            ));
        }
        match after.strip_prefix(':') {
            Some(port) => (address, Some(port)),
            None if after.is_empty() => (address, None),
            None => return Err(format!("`{after}` follows the host `[{address}]`")),
        }
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        if host.is_empty() {
            return Err("it must name a host".into());
        }
        if let Some(c) = host.chars().find(|&c| !is_unreserved_or_sub_delim(c)) {
            return Err(format!(
                "the host `{host}` has `{c}`, which a host name cannot have"
            ));
        }
        (host, port)
    };
    match port {
        Some(port) if !port.is_empty() && port.parse::<u16>().is_err() => Err(format!(
            "the port `{port}` of `{host}` is not a number from 0 to 65535"
        )),
        _ => Ok(()),
    }
}

/// Empty, or `/` and path characters, with `%` only as `%XX`.
fn check_path(path: &str) -> Result<(), String> {
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = char::from(bytes[i]);
        if c == '%' {
            let hex = bytes.get(i + 1..i + 3);
            if !hex.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                return Err(format!(
                    "`%` in the path `{path}` must start a percent-encoded byte (`%2F`)"
                ));
            }
            i += 3;
            continue;
        }
        if !(is_unreserved_or_sub_delim(c) || matches!(c, '/' | ':' | '@')) {
            return Err(format!(
                "the path `{path}` has `{}`, which must be percent-encoded",
                c.escape_default()
            ));
        }
        i += 1;
    }
    Ok(())
}

/// RFC 3986's `unreserved` and `sub-delims`: what a host name or a path segment may hold
/// without percent-encoding (a segment also `:` and `@`).
fn is_unreserved_or_sub_delim(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            '-' | '.'
                | '_'
                | '~'
                | '!'
                | '$'
                | '&'
                | '\''
                | '('
                | ')'
                | '*'
                | '+'
                | ','
                | ';'
                | '='
        )
}

#[cfg(test)]
mod tests {
    use super::check;

    /// Each refusal says why; the table against the runtime is `tests/tests/base_url.rs`.
    #[test]
    fn refusals_name_the_problem() {
        let cases = [
            ("graph.microsoft.com/v1.0", "must be absolute"),
            (
                "ftp://graph.microsoft.com/v1.0",
                "scheme must be http or https, not `ftp`",
            ),
            ("https://graph.microsoft.com/v1.0?x=1", "query or fragment"),
            ("https://graph.microsoft.com/v1.0#top", "query or fragment"),
            (
                "https://grâph.microsoft.com/v1.0",
                "must be ASCII: percent-encode `â`",
            ),
            ("https://me@graph.microsoft.com/v1.0", "user info"),
            ("https:///v1.0", "must name a host"),
            ("https://:443/v1.0", "must name a host"),
            ("https://%zz/v1.0", "the host `%zz` has `%`"),
            ("https://a b/v1.0", "the host `a b` has ` `"),
            ("https://[::1/v1.0", "no closing `]`"),
            ("https://[fe80::1%25eth0]/v1.0", "zone identifiers"),
            ("https://[::1]x/v1.0", "`x` follows the host `[::1]`"),
            ("https://graph.microsoft.com:https/v1.0", "port `https`"),
            ("https://graph.microsoft.com:65536/v1.0", "port `65536`"),
            (
                "https://graph.microsoft.com/v 1.0",
                "has ` `, which must be percent-encoded",
            ),
            ("https://graph.microsoft.com/v1.0\t", "has `\\t`"),
            (
                "https://graph.microsoft.com/%zz",
                "must start a percent-encoded byte",
            ),
            (
                "https://graph.microsoft.com/v1.0%2",
                "must start a percent-encoded byte",
            ),
        ];
        for (url, expected) in cases {
            let why = check(url).expect_err(url);
            assert!(why.contains(expected), "{url}: {why}");
        }
        let long = format!("https://graph.microsoft.com/{}", "a".repeat(super::MAX_LEN));
        assert!(
            check(&long)
                .unwrap_err()
                .contains("longer than 65534 bytes")
        );
        for url in [
            "https://graph.microsoft.com/v1.0",
            "HTTP://localhost:8080",
            "https://[2001:db8::1]:443/beta/",
            "https://graph.microsoft.com/v1.0/sites/contoso.sharepoint.com:/teams%2Fa",
            "https://graph.microsoft.com:/v1.0",
        ] {
            assert_eq!(check(url), Ok(()), "{url}");
        }
    }
}
