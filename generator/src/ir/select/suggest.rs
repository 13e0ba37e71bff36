//! "Did you mean": the nearest real path for a pattern that matches none.
//!
//! Where the pattern leaves the URL tree (the first segment that no real child matches, or,
//! after a `**`, the furthest such segment), the real names there are compared with the one
//! written: the same name in another case first (`identitygovernance`), then its singular or
//! plural (`group`), then the smallest edit distance within a bound (`entitlementManagment`),
//! so that nonsense gets no suggestion. The segment is replaced, the rest of the pattern
//! kept, and the corrected pattern walked again, until it matches (the suggestion) or
//! cannot be corrected (none). Only patterns that matched nothing come here, and each round
//! walks only the part of the tree the pattern can reach.

use std::collections::BTreeSet;

use super::pattern::Glob;
use crate::error::Result;
use crate::ir::Model;
use crate::ir::paths::{self, Visit};

/// What the URL tree holds for a glob.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Lookup {
    /// The glob matches a path.
    Matches,
    /// It matches none; the nearest glob that matches one (see the module docs), as
    /// `/`-separated text, if a correction gets there.
    NoPath(Option<String>),
}

/// Whether `glob` matches a path of `model`, and if not, the nearest glob that does: `None`
/// when a segment that has to change is a wildcard or key, or has no real name close to
/// it.
///
/// # Errors
/// As [`paths::walk`]: a URL space too large to walk.
pub(super) fn lookup(model: &Model, glob: &Glob) -> Result<Lookup> {
    let mut segments = glob.segments().to_vec();
    // Each round corrects a segment further along than the last one, so the rounds end.
    for _ in 0..=segments.len() {
        let text = format!("/{}", segments.join("/"));
        let Some((at, names)) = stuck(model, &Glob::new(&text)?)? else {
            return Ok(if segments == glob.segments() {
                Lookup::Matches
            } else {
                Lookup::NoPath(Some(text))
            });
        };
        let Some(written) = segments.get(at).filter(|s| is_literal(s)) else {
            break;
        };
        let Some(best) = nearest_name(written, names.iter().map(String::as_str)) else {
            break;
        };
        segments[at] = best.to_string();
    }
    Ok(Lookup::NoPath(None))
}

/// Where `glob` leaves the URL tree: the furthest position in its segments that any path
/// reaches, and the real names of the next segment there. `None` when it matches a path.
fn stuck(model: &Model, glob: &Glob) -> Result<Option<(usize, BTreeSet<String>)>> {
    let end = glob.segments().len();
    // Per visited node, the furthest position the glob is at after it (`None`: cannot match
    // it or below).
    let mut furthest: Vec<Option<usize>> = Vec::new();
    let mut matched = false;
    let nodes = paths::walk(model, |node, _| {
        if matched {
            furthest.push(None);
            return Visit::Skip;
        }
        let progress = glob.progress(&node.path);
        matched = progress.contains(&end);
        furthest.push(progress.last().copied());
        if progress.is_empty() || matched {
            Visit::Skip
        } else {
            Visit::Descend
        }
    })?;
    if matched {
        return Ok(None);
    }
    // Before the first segment, the glob is at the positions `progress("")` gives.
    let top = glob.progress("").last().copied();
    let Some(far) = furthest.iter().copied().chain([top]).flatten().max() else {
        return Ok(Some((0, BTreeSet::new())));
    };
    let mut names = BTreeSet::new();
    for node in &nodes {
        let (at_far, depth) = match node.parent {
            None => (top == Some(far), 0),
            Some(p) => (furthest[p] == Some(far), segment_count(&nodes[p].path)),
        };
        if at_far && let Some(name) = node.path.split('/').filter(|s| !s.is_empty()).nth(depth) {
            names.insert(name.to_string());
        }
    }
    Ok(Some((far, names)))
}

fn segment_count(path: &str) -> usize {
    path.split('/').filter(|s| !s.is_empty()).count()
}

/// Whether a glob segment is a plain name (no `*`, not a `{key}`): only those are corrected.
fn is_literal(segment: &str) -> bool {
    let key = segment.starts_with('{') && segment.ends_with('}');
    !key && !segment.contains('*')
}

/// The name among `names` nearest to `written`: equal ignoring ASCII case, else its
/// singular or plural (ignoring case), else the smallest edit distance (ignoring case;
/// optimal string alignment, so a swap of two neighbours costs one) of at most a third of
/// the written length (at least 1). Ties go to the name that sorts first. `None` when no
/// name is that close.
///
/// ```text
/// identitygovernance -> identityGovernance    group -> groups    policys -> policies
/// entitlementManagment -> entitlementManagement    xyz -> (none)
/// ```
pub(super) fn nearest_name<'n>(
    written: &str,
    names: impl IntoIterator<Item = &'n str>,
) -> Option<&'n str> {
    let lower = written.to_ascii_lowercase();
    let bound = (written.chars().count() / 3).max(1);
    names
        .into_iter()
        .filter(|&name| name != written)
        .filter_map(|name| {
            let l = name.to_ascii_lowercase();
            let rank = if l == lower {
                (0, 0)
            } else if plural_of(&l, &lower) || plural_of(&lower, &l) {
                (1, 0)
            } else {
                let d = strsim::osa_distance(&l, &lower);
                if d > bound {
                    return None;
                }
                (2, d)
            };
            Some((rank, name))
        })
        .min()
        .map(|(_, name)| name)
}

/// Whether `plural` is an English plural of `singular`: `+s`, `+es`, `y` -> `ies`.
fn plural_of(plural: &str, singular: &str) -> bool {
    let by_s = plural
        .strip_suffix('s')
        .is_some_and(|stem| stem == singular || stem.strip_suffix('e') == Some(singular));
    let by_ies = plural
        .strip_suffix("ies")
        .is_some_and(|stem| singular.strip_suffix('y') == Some(stem));
    by_s || by_ies
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOTS: [&str; 7] = [
        "groups",
        "identityGovernance",
        "identityProtection",
        "me",
        "policies",
        "users",
        "{id}",
    ];

    #[test]
    fn case_first_then_plural_then_edit_distance() {
        let cases: [(&str, Option<&str>); 14] = [
            // Case.
            ("identitygovernance", Some("identityGovernance")),
            ("IDENTITYPROTECTION", Some("identityProtection")),
            // Singular and plural, in any case.
            ("group", Some("groups")),
            ("User", Some("users")),
            ("policy", Some("policies")),
            ("policys", Some("policies")),
            // Edit distance, a swap of neighbours costing one.
            ("identityGovernace", Some("identityGovernance")),
            ("uesrs", Some("users")),
            ("mee", Some("me")),
            // Nothing close: no suggestion.
            ("xyz", None),
            ("identity", None),
            ("governance", None),
            ("", None),
            // The name itself is no suggestion.
            ("users", None),
        ];
        for (written, expected) in cases {
            assert_eq!(nearest_name(written, ROOTS), expected, "{written}");
        }
    }

    #[test]
    fn a_closer_kind_of_match_wins_over_a_nearer_distance() {
        // `Groups` differs from `groups` in case only; `group` is one edit from both.
        assert_eq!(nearest_name("Groups", ["group", "groups"]), Some("groups"));
        // Plural beats an edit distance of one.
        assert_eq!(nearest_name("user", ["users", "uses"]), Some("users"));
        // Equal distances: the name that sorts first, whatever the order given.
        assert_eq!(nearest_name("cat", ["cut", "bat"]), Some("bat"));
        assert_eq!(nearest_name("cat", ["bat", "cut"]), Some("bat"));
    }

    #[test]
    fn the_distance_bound_grows_with_the_length_written() {
        // A third of the length: 2 edits for 6 to 8 characters, 1 below.
        assert_eq!(nearest_name("abcdef", ["abcxyf"]), Some("abcxyf"));
        assert_eq!(nearest_name("abcdef", ["axxxef"]), None);
        assert_eq!(nearest_name("abcde", ["abxye"]), None);
        assert_eq!(nearest_name("ab", ["ax"]), Some("ax"));
    }
}
