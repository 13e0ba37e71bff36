//! The API diff as Markdown, for a human or a pull-request comment: a summary line with the
//! counts per class and the version step, then each profile module and item with its changes.

use std::fmt::Write as _;

use super::{ApiDiff, Change, ChangeKind, Class};

/// The report of `diff`.
pub(super) fn markdown(diff: &ApiDiff) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# API changes: {} breaking, {} additive, {} docs-only ({})",
        diff.count(Class::Breaking),
        diff.count(Class::Additive),
        diff.count(Class::DocsOnly),
        match diff.version_step() {
            "none" => "no change",
            "major" => "a major version",
            "minor" => "a minor version",
            _ => "a patch version",
        }
    );
    let mut profile = None;
    let mut item = None;
    for c in &diff.changes {
        if profile != Some(&c.profile) {
            let _ = write!(out, "\n## `{}`\n", c.profile);
            profile = Some(&c.profile);
            item = None;
        }
        if item != Some(&c.item) {
            let _ = write!(out, "\n### `{}`\n\n", c.item);
            item = Some(&c.item);
        }
        let _ = writeln!(out, "{}", line(c));
    }
    out
}

/// One change: `- **breaking** removed `field x`: `field x: String "x"`. Why.`
fn line(c: &Change) -> String {
    format!("- **{}** {}", c.class.as_str(), describe(c))
}

/// What changed and the rule: `removed `field x`: `field x: String "x"`. Why.`
pub(crate) fn describe(c: &Change) -> String {
    let what = match c.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
    };
    let subject = c
        .member
        .as_deref()
        .map(|m| format!(" `{m}`"))
        .unwrap_or_default();
    let detail = match (&c.before, &c.after) {
        (Some(b), Some(a)) => format!(": `{b}` → `{a}`"),
        (Some(b), None) => format!(": `{b}`"),
        (None, Some(a)) => format!(": `{a}`"),
        (None, None) => String::new(),
    };
    format!("{what}{subject}{detail}. {}.", upper_first(&c.rule))
}

/// `text` with its first letter upper-case.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
