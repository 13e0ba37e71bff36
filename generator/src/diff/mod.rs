//! The API diff: what changes in the generated crate's public API between two plans, each
//! change classified by the semver rule it falls under.
//!
//! It compares plans, not files or rustdoc: two metadata documents (or two versions of one)
//! are planned with the same configuration and their APIs compared item by item (see
//! `surface`). Each change is [`Class::Breaking`], [`Class::Additive`] or
//! [`Class::DocsOnly`], with the rule that says so; the rules follow the generated code's
//! shape: struct fields are `Option`s and models are built with `..Default::default()`, so a
//! new field is additive; metadata enums, `…Field` and `…Kind` enums are `#[non_exhaustive]`,
//! so a new variant is additive; everything removed or changed is breaking.

mod baseline;
mod report;
mod surface;

pub use baseline::diff_since;
#[cfg(feature = "fetch")]
pub(crate) use report::describe;

use serde::Serialize;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::plan::Plan;
use surface::{ItemSurface, surface};

/// The API changes from the crate `old` plans to the one `new` plans, profile by profile
/// (matched by module name; a profile in only one of them is an error). Both are validated
/// and planned as [`Config::plans`] does; nothing is written.
///
/// # Errors
///
/// What [`Config::plans`] gives for either, or [`Error::InvalidConfig`] when their profile
/// modules differ.
pub fn diff_configs(old: &Config, new: &Config) -> Result<ApiDiff> {
    let (a, b) = (old.plans()?, new.plans()?);
    let modules = |plans: &[Plan]| plans.iter().map(|p| p.module.clone()).collect::<Vec<_>>();
    if modules(&a) != modules(&b) {
        return Err(Error::InvalidConfig {
            scope: "diff".into(),
            message: format!(
                "the two sides have different profiles: {:?} and {:?}",
                modules(&a),
                modules(&b)
            ),
        });
    }
    let mut diff = ApiDiff::default();
    for (old, new) in a.iter().zip(&b) {
        diff.extend(ApiDiff::between(old, new));
    }
    Ok(diff)
}

/// How a change affects the users of the generated crate, in semver terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Class {
    /// Code that compiled against the old crate may not compile against the new one: a
    /// major version.
    Breaking,
    /// Only new API: a minor version.
    Additive,
    /// Only documentation changed: a patch version.
    DocsOnly,
}

impl Class {
    /// `breaking`, `additive` or `docs-only`.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::DocsOnly => "docs-only",
        }
    }
}

/// Whether something was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// It is there in both, different.
    Changed,
}

/// One change of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The profile module (`v1_0`).
    pub profile: String,
    /// The item, by its public path below the profile module (`models::AccessPackage`,
    /// `requests::AccessPackageItem`), or `client fn users`, `feature users`, `mod models`.
    pub item: String,
    /// The member (`field display_name`, `variant Active`, `fn list_request/list`), or
    /// `None` for the item itself.
    pub member: Option<String>,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// Its semver class.
    pub class: Class,
    /// The rule that classifies it.
    pub rule: String,
    /// The old line (what the plan dump says), for a removed or changed one.
    pub before: Option<String>,
    /// The new line, for an added or changed one.
    pub after: Option<String>,
}

/// The changes between two APIs, in a stable order (profile, item, member).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct ApiDiff {
    /// Every change.
    pub changes: Vec<Change>,
}

impl ApiDiff {
    /// The changes between `old` and `new`, plans of the same profile module.
    pub fn between(old: &Plan, new: &Plan) -> ApiDiff {
        let (a, b) = (surface(old), surface(new));
        let mut changes = Vec::new();
        let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            compare_item(&new.module, key, a.get(key), b.get(key), &mut changes);
        }
        ApiDiff { changes }
    }

    /// Adds the changes of another profile.
    pub fn extend(&mut self, other: ApiDiff) {
        self.changes.extend(other.changes);
    }

    /// How many changes of `class` there are.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The most severe class of any change, `None` when nothing changed.
    pub fn verdict(&self) -> Option<Class> {
        self.changes.iter().map(|c| c.class).min()
    }

    /// The semver step the changes call for: `major`, `minor`, `patch` or `none`.
    pub fn version_step(&self) -> &'static str {
        match self.verdict() {
            Some(Class::Breaking) => "major",
            Some(Class::Additive) => "minor",
            Some(Class::DocsOnly) => "patch",
            None => "none",
        }
    }

    /// The report as Markdown, grouped by profile module and item (see `report`).
    pub fn markdown(&self) -> String {
        report::markdown(self)
    }
}

/// Compares one item of the two APIs.
fn compare_item(
    profile: &str,
    key: &str,
    old: Option<&ItemSurface>,
    new: Option<&ItemSurface>,
    out: &mut Vec<Change>,
) {
    let change = |member: Option<&str>, kind, class, rule: &str, before, after| Change {
        profile: profile.to_owned(),
        item: key.to_owned(),
        member: member.map(str::to_owned),
        kind,
        class,
        rule: rule.to_owned(),
        before,
        after,
    };
    let (old, new) = match (old, new) {
        (None, None) => return,
        (None, Some(n)) => {
            out.push(change(
                None,
                ChangeKind::Added,
                Class::Additive,
                added_item_rule(&n.kind),
                None,
                Some(header(key, n)),
            ));
            return;
        }
        (Some(o), None) => {
            out.push(change(
                None,
                ChangeKind::Removed,
                Class::Breaking,
                "a removed item breaks every use of it",
                Some(header(key, o)),
                None,
            ));
            return;
        }
        (Some(o), Some(n)) => (o, n),
    };
    if old.kind != new.kind || old.gate != new.gate {
        let rule = if old.kind == new.kind {
            "the item is compiled under other Cargo features, which code that enabled the old \
             ones may not have"
        } else {
            "the item became another kind of item"
        };
        out.push(change(
            None,
            ChangeKind::Changed,
            Class::Breaking,
            rule,
            Some(header(key, old)),
            Some(header(key, new)),
        ));
    }
    let members: std::collections::BTreeSet<&String> =
        old.members.keys().chain(new.members.keys()).collect();
    for m in members {
        let (before, after) = (old.members.get(m), new.members.get(m));
        if before == after {
            if old.member_docs.get(m) != new.member_docs.get(m) {
                out.push(change(
                    Some(m),
                    ChangeKind::Changed,
                    Class::DocsOnly,
                    "only the member's documentation changed",
                    None,
                    None,
                ));
            }
            continue;
        }
        let kind = match (before, after) {
            (None, Some(_)) => ChangeKind::Added,
            (Some(_), None) => ChangeKind::Removed,
            _ => ChangeKind::Changed,
        };
        let (class, rule) = member_rule(&new.kind, key, m, kind);
        out.push(change(
            Some(m),
            kind,
            class,
            rule,
            before.cloned(),
            after.cloned(),
        ));
    }
    if old.docs != new.docs {
        out.push(change(
            None,
            ChangeKind::Changed,
            Class::DocsOnly,
            "only the item's documentation changed",
            None,
            None,
        ));
    }
}

/// The header line of an item, for a report.
fn header(key: &str, item: &ItemSurface) -> String {
    let gate = if item.gate.is_empty() {
        String::new()
    } else {
        format!(" {}", item.gate)
    };
    format!("{} {key}{gate}", item.kind)
}

/// Why a new item is additive.
fn added_item_rule(kind: &str) -> &'static str {
    match kind {
        "feature" => "a new Cargo feature is additive: no one has it on yet",
        "client fn" => "a new `Client` method is additive",
        "mod" => "a new module is additive",
        _ => "a new item is additive",
    }
}

/// The class of a member change, and its rule. `item_kind` is the item's kind (`struct`,
/// `enum`, `builder`, …), `key` its path (an enum's name says which flavour it is), `member`
/// the member's key.
fn member_rule(
    item_kind: &str,
    key: &str,
    member: &str,
    kind: ChangeKind,
) -> (Class, &'static str) {
    use ChangeKind::{Added, Changed, Removed};
    let member_kind = member.split(' ').next().unwrap_or_default();
    match (item_kind, member_kind, kind) {
        (_, "addresses", _) => (
            Class::DocsOnly,
            "only the builder's description of what it addresses changed",
        ),
        ("struct", "field", Added) => (
            Class::Additive,
            "a new optional field is additive: every field is an `Option` and models are \
             built with `..Default::default()`",
        ),
        ("params", "field", Added) => (
            Class::Breaking,
            "a new parameter changes the operation's parameters: code that builds the params \
             struct field by field no longer compiles",
        ),
        ("enum", "variant", Added) => (
            Class::Additive,
            if key.ends_with("Kind") {
                "a new derived type's variant is additive: `…Kind` enums are `#[non_exhaustive]`"
            } else if key.ends_with("Field") {
                "a new property's variant is additive: `…Field` enums are `#[non_exhaustive]`"
            } else {
                "a new enum member is additive: metadata enums are `#[non_exhaustive]`"
            },
        ),
        (_, "fn", Added) => (
            Class::Additive,
            "a new builder method (navigation, request or operation) is additive",
        ),
        (_, "canonical", Added) => (
            Class::Additive,
            "a new canonical URL only adds what needs one (`$ref` by key)",
        ),
        (_, _, Added) => (Class::Additive, "a new member is additive"),
        (_, "field", Removed) => (
            Class::Breaking,
            "a removed field breaks code that reads or sets it",
        ),
        (_, "variant", Removed) => (
            Class::Breaking,
            "a removed variant breaks code that names it",
        ),
        (_, "fn", Removed) => (
            Class::Breaking,
            "a removed method breaks code that calls it",
        ),
        (_, _, Removed) => (Class::Breaking, "a removed member breaks code that uses it"),
        (_, "field", Changed) => (
            Class::Breaking,
            "a field's Rust type or wire name changed: code that uses it no longer compiles, \
             or sends other JSON",
        ),
        (_, "variant", Changed) => (
            Class::Breaking,
            "a variant's payload, wire name or Cargo features changed",
        ),
        (_, "fn", Changed) => (
            Class::Breaking,
            "a method's URL, HTTP method, parameters, body or result changed",
        ),
        (_, _, Changed) => (Class::Breaking, "a member changed"),
    }
}

#[cfg(test)]
mod tests;
