//! Selection patterns: path globs with an optional `#METHOD,…` suffix, and the small glob
//! matcher they share with type-name globs.
//!
//! Written by hand because the URL walk needs "can anything below this prefix still
//! match?" to prune the tree, which whole-path matchers such as `globset` do not answer.

use std::fmt;

use crate::error::{Error, Result};

/// A set of HTTP methods, e.g. the methods a selection keeps at one path.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Methods(u8);

impl Methods {
    /// No method.
    pub const NONE: Methods = Methods(0);
    /// `DELETE`.
    pub const DELETE: Methods = Methods(1);
    /// `GET`.
    pub const GET: Methods = Methods(2);
    /// `PATCH`.
    pub const PATCH: Methods = Methods(4);
    /// `POST`.
    pub const POST: Methods = Methods(8);
    /// `PUT`.
    pub const PUT: Methods = Methods(16);
    /// Every method.
    pub const ALL: Methods = Methods(31);

    /// Each method with its name, in alphabetical order (the order paths list them in).
    const NAMED: [(&'static str, Methods); 5] = [
        ("DELETE", Methods::DELETE),
        ("GET", Methods::GET),
        ("PATCH", Methods::PATCH),
        ("POST", Methods::POST),
        ("PUT", Methods::PUT),
    ];

    /// The set of the named methods; names other than the five are ignored.
    pub fn of(names: &[&str]) -> Methods {
        names
            .iter()
            .filter_map(|n| Methods::NAMED.iter().find(|(m, _)| m == n))
            .fold(Methods::NONE, |acc, &(_, m)| acc | m)
    }

    /// The method names, in alphabetical order.
    pub fn names(self) -> Vec<&'static str> {
        Methods::NAMED
            .iter()
            .filter(|&&(_, m)| self.contains(m))
            .map(|&(n, _)| n)
            .collect()
    }

    /// Whether every method of `other` is in `self`.
    pub fn contains(self, other: Methods) -> bool {
        self.0 & other.0 == other.0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The methods of `self` that are not in `other`.
    pub fn without(self, other: Methods) -> Methods {
        Methods(self.0 & !other.0)
    }
}

impl std::ops::BitOr for Methods {
    type Output = Methods;
    fn bitor(self, rhs: Methods) -> Methods {
        Methods(self.0 | rhs.0)
    }
}

impl std::ops::BitAnd for Methods {
    type Output = Methods;
    fn bitand(self, rhs: Methods) -> Methods {
        Methods(self.0 & rhs.0)
    }
}

impl fmt::Debug for Methods {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Methods({})", self.names().join(","))
    }
}

/// An include or exclude pattern: a path [`Glob`] and the HTTP methods it applies to,
/// written `/users/{id}/messages#GET` or `/groups/**#GET,POST`. Without a `#` suffix it
/// applies to every method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The path part.
    pub glob: Glob,
    /// The methods part ([`Methods::ALL`] without a suffix).
    pub methods: Methods,
}

impl Pattern {
    /// Parses `PATH_GLOB[#METHOD[,METHOD…]]`.
    ///
    /// # Errors
    /// A bad glob (see [`Glob::new`]), an empty method list, or an unknown method name.
    pub fn new(text: &str) -> Result<Pattern> {
        let t = text.trim();
        let (path, methods) = match t.split_once('#') {
            None => (t, Methods::ALL),
            Some((path, list)) => {
                if list.trim().is_empty() {
                    return Err(Error::Selection(format!(
                        "path glob `{t}` has no method after `#` (write e.g. `#GET` or `#GET,POST`)"
                    )));
                }
                let methods = parse_list(list)
                    .map_err(|m| Error::Selection(format!("path glob `{t}`: {m}")))?;
                (path, methods)
            }
        };
        Ok(Pattern {
            glob: Glob::new(path)?,
            methods,
        })
    }
}

/// `GET,post` -> the set, or the message naming what is wrong.
fn parse_list(list: &str) -> std::result::Result<Methods, String> {
    let mut out = Methods::NONE;
    for name in list.split(',').map(str::trim) {
        if name.is_empty() {
            return Err(format!("empty method name in `#{list}`"));
        }
        let Some(&(_, m)) = Methods::NAMED
            .iter()
            .find(|(m, _)| m.eq_ignore_ascii_case(name))
        else {
            return Err(format!(
                "unknown HTTP method `{name}` (expected GET, POST, PATCH, PUT or DELETE, comma-separated)"
            ));
        };
        out = out | m;
    }
    Ok(out)
}

/// A compiled path glob: `/`-separated, `*` within one segment, `**` any number of
/// segments (including none), `{id}` any key segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    text: String,
    segments: Vec<String>,
}

impl Glob {
    /// Compiles a path glob; it must start with `/`. A method suffix (`#GET`) belongs to a
    /// [`Pattern`], not here.
    pub fn new(text: &str) -> Result<Glob> {
        let t = text.trim();
        let Some(rest) = t.strip_prefix('/') else {
            return Err(Error::Selection(format!(
                "path glob `{t}` must start with `/`"
            )));
        };
        if t.contains('#') {
            return Err(Error::Selection(format!(
                "path glob `{t}` contains `#`, which only introduces a method suffix of an include or exclude pattern"
            )));
        }
        let segments: Vec<String> = if rest.is_empty() {
            Vec::new()
        } else {
            rest.split('/').map(str::to_string).collect()
        };
        if segments.iter().any(String::is_empty) {
            return Err(Error::Selection(format!(
                "path glob `{t}` has an empty segment"
            )));
        }
        Ok(Glob {
            text: t.to_string(),
            segments,
        })
    }

    /// A glob over qualified type names, `.`-separated: `*` within one part of the name,
    /// `**` any number of parts. `microsoft.graph.security.*` matches the types of that
    /// namespace; `microsoft.graph.**` those of `microsoft.graph` and the namespaces below. A
    /// name without `*` matches itself.
    ///
    /// # Errors
    /// [`Error::Selection`] for an empty name, an empty part (`a..b`, `.a`, `a.`), or a
    /// character no CSDL name has (anything but letters, digits, `_`, and `*`).
    pub fn dotted(text: &str) -> Result<Glob> {
        let t = text.trim();
        let bad = |why: String| {
            Err(Error::Selection(format!(
                "type name `{t}` {why} (write qualified names such as `microsoft.graph.user`, \
                 or globs such as `microsoft.graph.security.*`)"
            )))
        };
        if t.is_empty() {
            return bad("is empty".to_owned());
        }
        if let Some(c) = t
            .chars()
            .find(|&c| !(c.is_alphanumeric() || matches!(c, '_' | '*' | '.')))
        {
            return bad(format!("has `{c}`, which no CSDL name has"));
        }
        let segments: Vec<String> = t.split('.').map(str::to_string).collect();
        if segments.iter().any(String::is_empty) {
            return bad("has an empty part".to_owned());
        }
        Ok(Glob {
            text: t.to_string(),
            segments,
        })
    }

    /// The glob as written.
    #[cfg(test)]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `/`-separated segments, as written.
    pub(super) fn segments(&self) -> &[String] {
        &self.segments
    }

    /// How far into the glob `path` gets: the positions in [`Glob::segments`] that the
    /// glob can be at after matching the whole path (none when it cannot match `path` or
    /// anything below it; `segments().len()` among them when it matches `path`).
    pub(super) fn progress(&self, path: &str) -> Vec<usize> {
        self.states(&split_path(path))
    }

    /// Pattern positions reachable after matching `path` segments; a full match has
    /// `segments.len()` among them.
    fn states(&self, path: &[&str]) -> Vec<usize> {
        let mut states = self.closure(vec![0]);
        for seg in path {
            let mut next = Vec::new();
            for &s in &states {
                match self.segments.get(s).map(String::as_str) {
                    Some("**") => next.push(s),
                    Some(p) if segment_matches(p, seg) => next.push(s + 1),
                    _ => {}
                }
            }
            next.sort_unstable();
            next.dedup();
            states = self.closure(next);
            if states.is_empty() {
                break;
            }
        }
        states
    }

    /// Adds the positions after `**` (which may match nothing).
    fn closure(&self, mut states: Vec<usize>) -> Vec<usize> {
        let mut i = 0;
        while i < states.len() {
            let s = states[i];
            if self.segments.get(s).map(String::as_str) == Some("**") && !states.contains(&(s + 1))
            {
                states.push(s + 1);
            }
            i += 1;
        }
        states.sort_unstable();
        states
    }

    /// Whether the whole path matches.
    pub fn matches(&self, path: &str) -> bool {
        self.matches_segments(&split_path(path))
    }

    /// Whether a qualified type name matches a glob made by [`Glob::dotted`].
    pub fn matches_dotted(&self, name: &str) -> bool {
        self.matches_segments(&name.split('.').collect::<Vec<_>>())
    }

    fn matches_segments(&self, segs: &[&str]) -> bool {
        self.states(segs).contains(&self.segments.len())
    }

    /// Whether some path below (or at) `path` could match.
    pub fn may_match_below(&self, path: &str) -> bool {
        !self.states(&split_path(path)).is_empty()
    }

    /// Whether every path below `path` matches (the glob ends in `**` there).
    pub fn matches_all_below(&self, path: &str) -> bool {
        let n = self.segments.len();
        n > 0 && self.segments[n - 1] == "**" && self.states(&split_path(path)).contains(&(n - 1))
    }
}

fn split_path(path: &str) -> Vec<&str> {
    path.trim_start_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .collect()
}

/// One segment against one pattern segment: `{...}` matches key segments, `*` wildcards
/// match any run of characters.
fn segment_matches(pattern: &str, seg: &str) -> bool {
    if pattern.starts_with('{') && pattern.ends_with('}') {
        return seg.starts_with('{') && seg.ends_with('}');
    }
    wildcard(pattern.as_bytes(), seg.as_bytes())
}

fn wildcard(p: &[u8], s: &[u8]) -> bool {
    // Iterative glob matching with single-star backtracking.
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, si));
            pi += 1;
        } else if pi < p.len() && p[pi] == s[si] {
            pi += 1;
            si += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}
