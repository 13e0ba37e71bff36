//! The generated crate's `CHANGELOG.md`: one entry per metadata update, newest first, each
//! dated by the metadata and listing the API changes by semver class.

use std::fmt::Write as _;
use std::path::Path;
use std::time::SystemTime;

use crate::diff::{ApiDiff, Class, describe};
use crate::error::{Error, Result};

/// What a new changelog starts with.
const HEADER: &str = "# Changelog\n\n\
What changed in this crate's API with each update of its metadata, newest first. `graphgen \
update` writes each entry: dated by the metadata (the `Last-Modified` its server sent, else \
the day it was fetched), with the changes by semver class.\n";

/// One metadata file the update changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Source {
    /// The profile module.
    pub profile: String,
    /// The file, as `graphgen.toml` writes it.
    pub path: String,
    /// Where it came from.
    pub url: String,
    /// Its new sha256.
    pub sha256: String,
    /// Its size in bytes.
    pub size: u64,
}

/// What an entry says.
#[derive(Debug)]
pub(super) struct Entry<'a> {
    /// The version the entry is for: written (`--bump`), or `None` for `Unreleased`.
    pub version: Option<&'a str>,
    /// The version the changes call for.
    pub suggested: &'a str,
    /// The metadata's date, `YYYY-MM-DD`.
    pub date: &'a str,
    /// The files that changed.
    pub sources: &'a [Source],
    /// The API changes.
    pub diff: &'a ApiDiff,
}

/// The entry's Markdown, from its `## ` heading to a blank line.
pub(super) fn entry(e: &Entry<'_>) -> String {
    let mut out = String::new();
    match e.version {
        Some(v) => {
            let _ = writeln!(out, "## {v} - {}\n", e.date);
        }
        None => {
            let _ = writeln!(
                out,
                "## Unreleased - {}\n\nSuggested version: {} (`graphgen update --bump` writes it).\n",
                e.date, e.suggested
            );
        }
    }
    for s in e.sources {
        let _ = writeln!(
            out,
            "- Metadata of `{}`: `{}` from <{}>, {} bytes, sha256 `{}`.",
            s.profile,
            s.path,
            s.url,
            s.size,
            &s.sha256[..s.sha256.len().min(12)]
        );
    }
    let (b, a, d) = (
        e.diff.count(Class::Breaking),
        e.diff.count(Class::Additive),
        e.diff.count(Class::DocsOnly),
    );
    if b + a + d == 0 {
        out.push_str(
            "\nNo change to the generated API: the metadata changed where the selection does \
             not reach, or only in what the crate does not carry.\n",
        );
    } else {
        let _ = writeln!(out, "\n{b} breaking, {a} additive, {d} docs-only.");
    }
    for (class, title) in [
        (Class::Breaking, "Breaking"),
        (Class::Additive, "Additive"),
        (Class::DocsOnly, "Docs only"),
    ] {
        let changes: Vec<_> = e.diff.changes.iter().filter(|c| c.class == class).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}\n");
        for c in changes {
            let _ = writeln!(out, "- `{}::{}`: {}", c.profile, c.item, describe(c));
        }
    }
    out.push('\n');
    out
}

/// `old` (the changelog as it is, `None` when there is none) with `entry` inserted before the
/// newest entry, after the header.
pub(super) fn insert(old: Option<&str>, entry: &str) -> String {
    let old = old.unwrap_or(HEADER);
    let at = if old.starts_with("## ") {
        Some(0)
    } else {
        old.find("\n## ").map(|i| i + 1)
    };
    match at {
        Some(i) => format!("{}{entry}{}", &old[..i], &old[i..]),
        None => {
            let sep = if old.ends_with("\n\n") {
                ""
            } else if old.ends_with('\n') {
                "\n"
            } else {
                "\n\n"
            };
            format!("{old}{sep}{entry}")
        }
    }
}

/// Adds `entry` to the changelog at `path`, creating it with its header when there is none.
pub(super) fn add(path: &Path, entry: &str) -> Result<()> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let old = match std::fs::read_to_string(path) {
        Ok(t) => Some(t),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(io(e)),
    };
    crate::write::write_atomic(path, insert(old.as_deref(), entry).as_bytes())
}

/// The metadata's date, `YYYY-MM-DD`: its `Last-Modified` (an HTTP date) when the server sent
/// one, else when it was fetched (RFC 3339).
pub(super) fn date(last_modified: Option<&str>, fetched: Option<&str>) -> Option<String> {
    if let Some(t) = last_modified.and_then(|l| httpdate::parse_http_date(l).ok()) {
        return Some(day(t));
    }
    fetched.and_then(|f| f.get(..10)).map(str::to_owned)
}

/// The UTC day of `t`.
fn day(t: SystemTime) -> String {
    crate::fetch::rfc3339(t)[..10].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_the_metadata_s_last_modified_else_when_it_was_fetched() {
        let lm = Some("Sun, 29 Nov 2026 23:59:59 GMT");
        assert_eq!(
            date(lm, Some("2026-12-06T10:00:00Z")).as_deref(),
            Some("2026-11-29")
        );
        assert_eq!(
            date(None, Some("2026-12-06T10:00:00Z")).as_deref(),
            Some("2026-12-06")
        );
        assert_eq!(date(Some("yesterday"), None), None);
    }

    #[test]
    fn an_entry_goes_before_the_newest_one_after_the_header() {
        let first = insert(None, "## 0.1.1 - 2026-01-01\n\n- a\n\n");
        assert!(first.starts_with("# Changelog\n\nWhat changed"), "{first}");
        assert!(
            first.ends_with("\n\n## 0.1.1 - 2026-01-01\n\n- a\n\n"),
            "{first}"
        );
        let second = insert(Some(&first), "## 0.2.0 - 2026-02-01\n\n- b\n\n");
        let (new, old) = (
            second.find("## 0.2.0").unwrap(),
            second.find("## 0.1.1").unwrap(),
        );
        assert!(new < old, "{second}");
        assert_eq!(
            second.replace("## 0.2.0 - 2026-02-01\n\n- b\n\n", ""),
            first
        );
        // A changelog someone wrote by hand keeps what it says.
        let mine = insert(Some("# Mine\nnotes"), "## 1.0.0 - 2026-03-01\n\n");
        assert_eq!(mine, "# Mine\nnotes\n\n## 1.0.0 - 2026-03-01\n\n");
    }
}
