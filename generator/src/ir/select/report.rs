//! What each include and exclude pattern did, so that one that does nothing is reported
//! rather than silently ignored beside patterns that work.
//!
//! [`Tally`] follows the selection's walk of the URL tree: how far each include pattern got
//! (its glob matched a path, the metadata allows one of its methods there, a method of it
//! was kept) and whether each exclude pattern matched a path. Only a pattern that got
//! nowhere in that walk is looked up again, on its own, in the whole tree (the walk is
//! pruned by every pattern together, so it does not see everything), and only one that
//! matches no path at all gets a suggestion ([`super::suggest`]).

use std::fmt;

use super::pattern::{Methods, Pattern};
use super::suggest::{Lookup, lookup};
use crate::error::Result;
use crate::ir::Model;
use crate::ir::paths::{self, PathNode, Visit};

/// Which list a pattern is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// An include pattern.
    Include,
    /// An exclude pattern.
    Exclude,
}

/// Why a pattern does nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Its glob matches no path of the metadata. `suggestion` is the nearest pattern that
    /// matches one (the same method suffix, one or more segments corrected), if one is
    /// close enough.
    NoPath {
        /// The pattern to write instead, e.g. `/groups/**` for `/group/**`.
        suggestion: Option<String>,
    },
    /// An include pattern whose glob matches `paths` paths, none of which allows any of
    /// its `methods` (`/groups/$count#POST`).
    NoMethod {
        /// How many paths the glob matches.
        paths: usize,
        /// The methods the pattern asks for.
        methods: Methods,
    },
    /// An include pattern all of whose paths and methods the exclude patterns take away.
    Excluded,
}

/// A pattern that does nothing, and why. The selection is made without it; the CLI shows
/// it as a warning naming the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternWarning {
    /// Include or exclude.
    pub side: Side,
    /// The pattern as written, method suffix included.
    pub pattern: String,
    /// What is wrong with it.
    pub problem: Problem,
}

impl fmt::Display for PatternWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = match self.side {
            Side::Include => "include",
            Side::Exclude => "exclude",
        };
        write!(f, "{side} pattern `{}` ", self.pattern)?;
        match &self.problem {
            Problem::NoPath { suggestion: None } => f.write_str("matches no path"),
            Problem::NoPath {
                suggestion: Some(s),
            } => write!(f, "matches no path; did you mean `{s}`?"),
            Problem::NoMethod { paths, methods } => {
                let methods = methods.names().join(" or ");
                if *paths == 1 {
                    write!(f, "matches 1 path, which does not allow {methods}")
                } else {
                    write!(f, "matches {paths} paths, none of which allows {methods}")
                }
            }
            Problem::Excluded => f.write_str("selects only what the exclude patterns take away"),
        }
    }
}

/// How far an include pattern got in the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Reach {
    /// Its glob matched no visited path.
    Nothing,
    /// Its glob matched, but the metadata allows none of its methods there.
    Matched,
    /// It asked for a method the metadata allows, and the exclude patterns took it away.
    Asked,
    /// A method it asked for was kept.
    Kept,
}

/// Each pattern's progress through the selection's walk (see the module docs).
pub(super) struct Tally<'p> {
    include: &'p [Pattern],
    exclude: &'p [Pattern],
    /// Per include pattern: how far it got, and how many paths its glob matched.
    reach: Vec<(Reach, usize)>,
    /// Per exclude pattern: whether its glob matched a visited path.
    excluded_any: Vec<bool>,
    /// Which patterns match the node being visited.
    include_hits: Vec<bool>,
    exclude_hits: Vec<bool>,
}

impl<'p> Tally<'p> {
    pub(super) fn new(include: &'p [Pattern], exclude: &'p [Pattern]) -> Tally<'p> {
        Tally {
            include,
            exclude,
            reach: vec![(Reach::Nothing, 0); include.len()],
            excluded_any: vec![false; exclude.len()],
            include_hits: vec![false; include.len()],
            exclude_hits: vec![false; exclude.len()],
        }
    }

    /// Matches every pattern against `path` once; [`Tally::asked`], [`Tally::refused`] and
    /// [`Tally::record`] then use the result.
    pub(super) fn matches(&mut self, path: &str) {
        for (hit, g) in self.include_hits.iter_mut().zip(self.include) {
            *hit = g.glob.matches(path);
        }
        for (hit, g) in self.exclude_hits.iter_mut().zip(self.exclude) {
            *hit = g.glob.matches(path);
        }
    }

    /// The methods the matching include patterns ask for.
    pub(super) fn asked(&self) -> Methods {
        union(self.include, &self.include_hits)
    }

    /// The methods the matching exclude patterns take away.
    pub(super) fn refused(&self) -> Methods {
        union(self.exclude, &self.exclude_hits)
    }

    /// Records what the matching patterns did at `node`, where the selection keeps `kept`.
    pub(super) fn record(&mut self, node: &PathNode, kept: Option<Methods>) {
        let allowed = Methods::of(&node.methods);
        for (i, g) in self.include.iter().enumerate() {
            if !self.include_hits[i] {
                continue;
            }
            let asks = asks_for(g.methods, allowed);
            let keeps = kept.is_some_and(|k| {
                if allowed.is_empty() {
                    asks
                } else {
                    !(k & g.methods).is_empty()
                }
            });
            let reach = match (keeps, asks) {
                (true, _) => Reach::Kept,
                (false, true) => Reach::Asked,
                (false, false) => Reach::Matched,
            };
            let (best, paths) = &mut self.reach[i];
            *best = (*best).max(reach);
            *paths += 1;
        }
        for (any, &hit) in self.excluded_any.iter_mut().zip(&self.exclude_hits) {
            *any |= hit;
        }
    }

    /// The patterns that did nothing, includes first, each in configuration order;
    /// `written` are the patterns as written (include list, exclude list). Patterns that
    /// got nowhere in the walk are looked up in the whole tree; an exclude pattern that
    /// matches paths the selection never reached is fine (it takes nothing away that was
    /// asked for, as when the command line replaces a configuration's includes but keeps
    /// its excludes).
    ///
    /// # Errors
    /// As [`paths::walk`].
    pub(super) fn warnings(
        &self,
        model: &Model,
        written: (&[String], &[String]),
    ) -> Result<Vec<PatternWarning>> {
        let mut out = Vec::new();
        for ((g, &(reach, paths)), text) in self.include.iter().zip(&self.reach).zip(written.0) {
            let problem = match reach {
                Reach::Kept => continue,
                Reach::Asked => Problem::Excluded,
                Reach::Matched => Problem::NoMethod {
                    paths,
                    methods: g.methods,
                },
                Reach::Nothing => match lookup(model, &g.glob)? {
                    Lookup::NoPath(glob) => Problem::NoPath {
                        suggestion: glob.map(|glob| with_suffix(glob, text)),
                    },
                    Lookup::Matches => match asking(model, g)? {
                        (paths, 0) => Problem::NoMethod {
                            paths,
                            methods: g.methods,
                        },
                        _ => Problem::Excluded,
                    },
                },
            };
            out.push(PatternWarning {
                side: Side::Include,
                pattern: text.trim().to_string(),
                problem,
            });
        }
        for ((g, &any), text) in self.exclude.iter().zip(&self.excluded_any).zip(written.1) {
            if any {
                continue;
            }
            if let Lookup::NoPath(glob) = lookup(model, &g.glob)? {
                out.push(PatternWarning {
                    side: Side::Exclude,
                    pattern: text.trim().to_string(),
                    problem: Problem::NoPath {
                        suggestion: glob.map(|glob| with_suffix(glob, text)),
                    },
                });
            }
        }
        Ok(out)
    }
}

/// Whether a pattern for `methods` selects a path that allows `allowed`: one of the methods
/// is allowed there, or the path allows none (navigation only) and the pattern has no
/// method suffix.
fn asks_for(methods: Methods, allowed: Methods) -> bool {
    if allowed.is_empty() {
        methods == Methods::ALL
    } else {
        !(methods & allowed).is_empty()
    }
}

fn union(patterns: &[Pattern], hits: &[bool]) -> Methods {
    patterns
        .iter()
        .zip(hits)
        .filter(|&(_, &hit)| hit)
        .fold(Methods::NONE, |acc, (g, _)| acc | g.methods)
}

/// How many paths of the whole URL tree `pattern`'s glob matches, and at how many of them
/// it asks for an allowed method.
fn asking(model: &Model, pattern: &Pattern) -> Result<(usize, usize)> {
    let (mut paths, mut asking) = (0, 0);
    paths::walk(model, |node, _| {
        if pattern.glob.matches(&node.path) {
            paths += 1;
            asking += usize::from(asks_for(pattern.methods, Methods::of(&node.methods)));
        }
        if pattern.glob.may_match_below(&node.path) {
            Visit::Descend
        } else {
            Visit::Skip
        }
    })?;
    Ok((paths, asking))
}

/// A suggested glob written as the user wrote their pattern: with the same method suffix.
fn with_suffix(glob: String, written: &str) -> String {
    match written.trim().split_once('#') {
        Some((_, methods)) => format!("{glob}#{methods}"),
        None => glob,
    }
}
