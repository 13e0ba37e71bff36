//! The generated crate's next version, by the semver class of its API changes, and writing it
//! into `graphgen.toml` (whose `[crate] version` the generated `Cargo.toml` takes).
//!
//! Cargo's rule decides what "major" means: the leftmost non-zero part of the version. So
//! for `1.4.2` a breaking change gives `2.0.0`, an additive one `1.5.0`, anything else
//! `1.4.3`; for `0.4.2` (where Cargo treats `0.4` as the major version) a breaking change
//! gives `0.5.0` and anything else `0.4.3`; for `0.0.2` every change gives `0.0.3`. A
//! pre-release (`1.0.0-beta.1`) is followed by its release (`1.0.0`).

use std::path::Path;

use semver::Version;

use crate::diff::Class;
use crate::error::{Error, Result};

/// The version after `current` for changes whose most severe class is `verdict` (`None`: the
/// metadata changed but the API did not, a patch).
pub(super) fn next(current: &str, verdict: Option<Class>) -> std::result::Result<String, String> {
    let mut v = Version::parse(current)
        .map_err(|e| format!("the crate version `{current}` is not semver: {e}"))?;
    v.build = semver::BuildMetadata::EMPTY;
    if !v.pre.is_empty() {
        // A pre-release's next step is its release.
        v.pre = semver::Prerelease::EMPTY;
        return Ok(v.to_string());
    }
    let breaking = verdict == Some(Class::Breaking);
    let additive = verdict == Some(Class::Additive);
    match (v.major, v.minor) {
        (0, 0) => v.patch += 1,
        (0, _) if breaking => (v.minor, v.patch) = (v.minor + 1, 0),
        (0, _) => v.patch += 1,
        _ if breaking => (v.major, v.minor, v.patch) = (v.major + 1, 0, 0),
        _ if additive => (v.minor, v.patch) = (v.minor + 1, 0),
        _ => v.patch += 1,
    }
    Ok(v.to_string())
}

/// `text` (a `graphgen.toml`) with `[crate] version` set to `version`, everything else (the
/// comments too) as it was.
pub(super) fn with_version(text: &str, version: &str, path: &Path) -> Result<String> {
    let bad = |message: String| Error::Config {
        path: path.to_path_buf(),
        message,
    };
    let mut doc: toml_edit::DocumentMut = text.parse().map_err(|e| bad(format!("{e}")))?;
    let table = doc
        .get_mut("crate")
        .and_then(toml_edit::Item::as_table_like_mut)
        .ok_or_else(|| bad("no [crate] table to write the version into".to_owned()))?;
    match table
        .get_mut("version")
        .and_then(toml_edit::Item::as_value_mut)
    {
        Some(v) => {
            let decor = v.decor().clone();
            *v = toml_edit::Value::from(version);
            *v.decor_mut() = decor;
        }
        None => {
            table.insert("version", toml_edit::value(version));
        }
    }
    Ok(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_version_follows_cargo_semver_for_each_class() {
        let table = [
            ("1.4.2", Some(Class::Breaking), "2.0.0"),
            ("1.4.2", Some(Class::Additive), "1.5.0"),
            ("1.4.2", Some(Class::DocsOnly), "1.4.3"),
            ("1.4.2", None, "1.4.3"),
            ("0.4.2", Some(Class::Breaking), "0.5.0"),
            ("0.4.2", Some(Class::Additive), "0.4.3"),
            ("0.4.2", Some(Class::DocsOnly), "0.4.3"),
            ("0.0.2", Some(Class::Breaking), "0.0.3"),
            ("1.0.0-beta.1", Some(Class::Breaking), "1.0.0"),
        ];
        for (current, verdict, expected) in table {
            assert_eq!(
                next(current, verdict).unwrap(),
                expected,
                "{current} {verdict:?}"
            );
        }
        assert!(
            next("one", None)
                .unwrap_err()
                .contains("`one` is not semver")
        );
    }

    #[test]
    fn the_version_is_written_in_place_keeping_comments_and_order() {
        let text = "# mine\n[crate]\nname = \"g\"\nversion = \"0.1.0\" # bumped by update\n\
                    out_dir = \"generated\"\n\n[[profile]]\nmodule = \"v1_0\"\n";
        let out = with_version(text, "0.2.0", Path::new("graphgen.toml")).unwrap();
        assert_eq!(out, text.replace("0.1.0", "0.2.0"));
        let added = with_version("[crate]\nname = \"g\"\n", "0.1.1", Path::new("g.toml")).unwrap();
        assert_eq!(added, "[crate]\nname = \"g\"\nversion = \"0.1.1\"\n");
        let e = with_version("x = 1\n", "1.0.0", Path::new("g.toml")).unwrap_err();
        assert!(e.to_string().contains("no [crate] table"), "{e}");
    }
}
