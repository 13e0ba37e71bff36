//! Whose is the output directory? Before anything is written, the directory must be empty, or
//! hold a crate graphgen generated for the same crate name and profiles, and nothing graphgen
//! did not write. Anything else is refused (unless the caller says to overwrite), so that a
//! mistyped `--out`, or a run that falls back to another configuration's directory, cannot
//! replace a crate, delete its modules, or write over hand-written files.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::{is_owned, slash_path, walk_files};
use crate::error::{Error, Result};
use crate::marker::CHANGELOG_FILE;

/// How many foreign files a refusal names.
const SHOWN: usize = 5;

/// What a run is about to write into a directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected<'a> {
    /// A whole crate: its package name and its profile modules, in order. The directory must
    /// hold only files graphgen wrote (besides `Cargo.lock`, the changelog `graphgen update`
    /// writes, `target/` and hidden files), and
    /// a `Cargo.toml` there must be one generated for the same name and profiles.
    Crate {
        /// The package name.
        name: &'a str,
        /// The profile modules.
        profiles: &'a [&'a str],
    },
    /// Files in a directory that other tools write too (a build script's `OUT_DIR`): only
    /// these paths (relative) are checked, and must be graphgen's where they exist.
    Files(&'a [PathBuf]),
}

/// Refuses to write into `out_dir` when it holds something the run described by `expected`
/// would overwrite or delete without having written it: another crate (by name or
/// profiles), or files without graphgen's marker. A missing or empty directory is fine.
///
/// ```
/// use graphgen::{Expected, check_ownership};
///
/// let dir = tempfile::tempdir()?;
/// let crate_of = |name| Expected::Crate { name, profiles: &["v1_0"] };
/// check_ownership(dir.path(), crate_of("my-graph"))?; // empty: fine
/// std::fs::write(dir.path().join("notes.txt"), "mine")?;
/// let e = check_ownership(dir.path(), crate_of("my-graph")).unwrap_err();
/// assert!(e.to_string().contains("files graphgen did not write: `notes.txt`"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`Error::OutputInUse`] naming what is there, or [`Error::Io`] when the directory cannot be
/// read.
pub fn check_ownership(out_dir: &Path, expected: Expected<'_>) -> Result<()> {
    match expected {
        Expected::Files(paths) => {
            let foreign: Vec<PathBuf> = paths
                .iter()
                .filter(|rel| {
                    let path = out_dir.join(rel);
                    path.is_file() && !is_owned(&path).unwrap_or(false)
                })
                .cloned()
                .collect();
            refuse_foreign(out_dir, &foreign)
        }
        Expected::Crate { name, profiles } => {
            let mut foreign = Vec::new();
            walk_files(out_dir, |rel, path| {
                let hidden = rel
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'));
                let kept = rel == Path::new("Cargo.lock") || rel == Path::new(CHANGELOG_FILE);
                if !hidden && !kept && !is_owned(path)? {
                    foreign.push(rel.to_path_buf());
                }
                Ok(())
            })?;
            foreign.sort();
            refuse_foreign(out_dir, &foreign)?;
            let Some(found) = generated_crate(out_dir)? else {
                return Ok(());
            };
            let same_profiles = found
                .profiles
                .as_ref()
                .is_none_or(|p| p.iter().map(String::as_str).eq(profiles.iter().copied()));
            if found.name == name && same_profiles {
                return Ok(());
            }
            let what = |name: &str, profiles: &[&str]| {
                let list: Vec<String> = profiles.iter().map(|p| format!("`{p}`")).collect();
                let noun = if list.len() == 1 {
                    "profile"
                } else {
                    "profiles"
                };
                format!("crate `{name}` ({noun} {})", list.join(", "))
            };
            let there = match &found.profiles {
                Some(p) => what(
                    &found.name,
                    &p.iter().map(String::as_str).collect::<Vec<_>>(),
                ),
                None => format!("crate `{}`", found.name),
            };
            Err(refusal(
                out_dir,
                format!(
                    "it holds {there}, generated from another configuration; this run \
                     generates {}. Use another output directory, or --force \
                     (`Config::overwrite`) to replace it",
                    what(name, profiles)
                ),
            ))
        }
    }
}

/// Refuses when `foreign` (files without the marker) is not empty.
fn refuse_foreign(out_dir: &Path, foreign: &[PathBuf]) -> Result<()> {
    if foreign.is_empty() {
        return Ok(());
    }
    let mut names: Vec<String> = foreign
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{}`", slash_path(p)))
        .collect();
    if foreign.len() > SHOWN {
        names.push(format!("and {} more", foreign.len() - SHOWN));
    }
    Err(refusal(
        out_dir,
        format!(
            "it holds files graphgen did not write: {}. Use another output directory, or \
             --force (`Config::overwrite`) to write anyway (files graphgen does not generate \
             are kept)",
            names.join(", ")
        ),
    ))
}

fn refusal(out_dir: &Path, message: String) -> Error {
    Error::OutputInUse {
        path: out_dir.to_path_buf(),
        message,
    }
}

/// A crate graphgen generated, as its manifest says.
struct FoundCrate {
    name: String,
    /// `[package.metadata.graphgen] profiles`; `None` for a manifest written before graphgen
    /// recorded them, which is then told apart by its name only.
    profiles: Option<Vec<String>>,
}

/// The generated crate in `out_dir`, if its `Cargo.toml` is one graphgen wrote.
fn generated_crate(out_dir: &Path) -> Result<Option<FoundCrate>> {
    let path = out_dir.join("Cargo.toml");
    let text = match fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => return Err(Error::Io { path, source }),
    };
    let manifest: toml::Table = text.parse().map_err(|e: toml::de::Error| Error::Config {
        path: path.clone(),
        message: format!("the generated manifest does not parse: {e}"),
    })?;
    let package = manifest.get("package").and_then(toml::Value::as_table);
    let name = package
        .and_then(|p| p.get("name"))
        .and_then(toml::Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let profiles = package
        .and_then(|p| p.get("metadata"))
        .and_then(|m| m.get("graphgen"))
        .and_then(|g| g.get("profiles"))
        .and_then(toml::Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(toml::Value::as_str)
                .map(str::to_owned)
                .collect()
        });
    Ok(Some(FoundCrate { name, profiles }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARKER_TOML: &str = "# @generated by graphgen. Do not edit.\n";

    fn manifest(name: &str, profiles: Option<&str>) -> String {
        let mut text = format!("{MARKER_TOML}[package]\nname = \"{name}\"\n");
        if let Some(p) = profiles {
            text.push_str(&format!("[package.metadata.graphgen]\nprofiles = [{p}]\n"));
        }
        text
    }

    fn crate_of<'a>(name: &'a str, profiles: &'a [&'a str]) -> Expected<'a> {
        Expected::Crate { name, profiles }
    }

    #[test]
    fn a_missing_or_empty_directory_and_the_same_crate_are_fine() {
        let dir = tempfile::tempdir().unwrap();
        check_ownership(&dir.path().join("nope"), crate_of("g", &["v1_0"])).unwrap();
        check_ownership(dir.path(), crate_of("g", &["v1_0"])).unwrap();
        fs::write(
            dir.path().join("Cargo.toml"),
            manifest("g", Some("\"v1_0\", \"beta\"")),
        )
        .unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        fs::write(
            dir.path().join("src/lib.rs"),
            "// @generated by graphgen. Do not edit.\n",
        )
        .unwrap();
        // What cargo and git leave in a crate directory is not the crate's content.
        fs::write(dir.path().join("Cargo.lock"), "# cargo's").unwrap();
        // Nor is the changelog `graphgen update` keeps there.
        fs::write(dir.path().join(CHANGELOG_FILE), "# Changelog\n").unwrap();
        fs::create_dir_all(dir.path().join("target/debug")).unwrap();
        fs::write(dir.path().join("target/debug/x"), "x").unwrap();
        fs::write(dir.path().join(".env"), "x").unwrap();
        check_ownership(dir.path(), crate_of("g", &["v1_0", "beta"])).unwrap();
    }

    #[test]
    fn another_crate_name_or_other_profiles_are_refused_naming_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("Cargo.toml"),
            manifest("graph-access-packages", Some("\"v1_0\", \"beta\"")),
        )
        .unwrap();
        let e = check_ownership(dir.path(), crate_of("graph", &["v1_0"])).unwrap_err();
        assert!(matches!(e, Error::OutputInUse { .. }), "{e:?}");
        let text = e.to_string();
        assert!(
            text.contains(
                "refusing to write: it holds crate `graph-access-packages` (profiles `v1_0`, \
                 `beta`), generated from another configuration; this run generates crate \
                 `graph` (profile `v1_0`)"
            ),
            "{text}"
        );
        assert!(text.contains("--force"), "{text}");
        let e = check_ownership(dir.path(), crate_of("graph-access-packages", &["v1_0"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("(profile `v1_0`)"), "{e}");
        // A manifest from before the profiles were recorded is told apart by name.
        fs::write(dir.path().join("Cargo.toml"), manifest("old", None)).unwrap();
        check_ownership(dir.path(), crate_of("old", &["v1_0"])).unwrap();
        let e = check_ownership(dir.path(), crate_of("new", &["v1_0"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("it holds crate `old`, generated from another"),
            "{e}"
        );
    }

    #[test]
    fn files_graphgen_did_not_write_are_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        for n in 0..7 {
            fs::write(dir.path().join(format!("src/f{n}.rs")), "fn main() {}").unwrap();
        }
        let e = check_ownership(dir.path(), crate_of("g", &["v1_0"]))
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(
                "files graphgen did not write: `src/f0.rs`, `src/f1.rs`, `src/f2.rs`, \
                 `src/f3.rs`, `src/f4.rs`, and 2 more"
            ),
            "{e}"
        );
        // A hand-written Cargo.toml is foreign too, whatever its name.
        let other = tempfile::tempdir().unwrap();
        fs::write(other.path().join("Cargo.toml"), "[package]\nname = \"g\"\n").unwrap();
        let e = check_ownership(other.path(), crate_of("g", &["v1_0"]))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`Cargo.toml`"), "{e}");
    }

    #[test]
    fn loose_files_only_check_the_paths_to_write() {
        let dir = tempfile::tempdir().unwrap();
        // Another build-script output beside ours is not ours to judge.
        fs::write(dir.path().join("bindings.rs"), "pub fn x() {}").unwrap();
        fs::write(
            dir.path().join("v1_0.rs"),
            "// @generated by graphgen. Do not edit.\n",
        )
        .unwrap();
        let ours = [PathBuf::from("v1_0.rs"), PathBuf::from("beta.rs")];
        check_ownership(dir.path(), Expected::Files(&ours)).unwrap();
        let theirs = [PathBuf::from("bindings.rs")];
        let e = check_ownership(dir.path(), Expected::Files(&theirs))
            .unwrap_err()
            .to_string();
        assert!(e.contains("`bindings.rs`"), "{e}");
    }
}
