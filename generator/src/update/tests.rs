//! `update` end to end in a temporary repository whose source is a local server
//! (`fetch::test_server`): the changelog, the version, and that a failure changes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;
use crate::fetch::test_server::{reply, serve};
use crate::test_support::diff_base;

const STATE: &str = r#"<Property Name="state" Type="n.state" />"#;

/// The base with a new optional property: an additive change.
fn with_size() -> String {
    diff_base().replacen(
        STATE,
        &format!(r#"{STATE}<Property Name="size" Type="Edm.Int32" />"#),
        1,
    )
}

/// A repository whose crate (in `generated/`) is generated from `m/v1.xml` (the diff
/// fixture), with `url/$metadata` as its source: the directory and `graphgen.toml`.
fn repo(url: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("m")).unwrap();
    std::fs::write(dir.join("m/v1.xml"), diff_base()).unwrap();
    let toml = format!(
        "# The test's crate.\n[crate]\nname = \"g\"\nversion = \"0.3.1\" # by update --bump\n\
         out_dir = \"generated\"\n\n[[profile]]\nmodule = \"v1_0\"\nmetadata = [\"m/v1.xml\"]\n\
         source = \"{url}/$metadata\"\n"
    );
    let file = dir.join("graphgen.toml");
    std::fs::write(&file, toml).unwrap();
    Config::from_toml_file(&file)
        .unwrap()
        .write_stamped()
        .unwrap();
    (tmp, file)
}

fn quick(bump: bool) -> UpdateOptions {
    UpdateOptions {
        fetch: FetchOptions {
            timeout: Duration::from_secs(10),
            retries: 1,
            backoff: Duration::from_millis(10),
            progress: false,
        },
        bump,
    }
}

/// Every file under `dir` (the repository), by relative path.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    out
}

fn text(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_default()
}

#[test]
fn an_additive_update_regenerates_and_adds_an_unreleased_entry_dated_by_the_metadata() {
    let new = with_size();
    let (url, _) = serve(vec![reply(
        "200 OK",
        &[
            "Last-Modified: Sun, 29 Nov 2026 08:00:00 GMT",
            "ETag: \"v2\"",
        ],
        new.as_bytes(),
    )]);
    let (tmp, file) = repo(&url);
    let dir = tmp.path();
    let toml_before = text(dir, "graphgen.toml");
    let updated = update(&file, &quick(false)).unwrap();

    assert_eq!(
        updated.suggested.as_deref(),
        Some("0.3.2"),
        "0.x: additive is a patch"
    );
    assert!(!updated.bumped);
    assert_eq!(text(dir, "graphgen.toml"), toml_before);
    assert_eq!(text(dir, "m/v1.xml"), new);
    let generated = files(&dir.join("generated/src"));
    let has = |needle: &str| {
        generated
            .values()
            .any(|b| String::from_utf8_lossy(b).contains(needle))
    };
    assert!(has("pub size:"), "{:?}", generated.keys());
    assert!(text(dir, "graphgen.lock").contains("etag = '\"v2\"'"));
    // The lock records the new file, so check finds nothing stale.
    let config = Config::from_toml_file(&file).unwrap();
    assert!(config.check_lock().unwrap().is_empty());
    assert!(config.check().unwrap().1.is_empty());

    let log = text(dir, "generated/CHANGELOG.md");
    assert!(log.starts_with("# Changelog\n"), "{log}");
    assert!(
        log.contains("\n## Unreleased - 2026-11-29\n\nSuggested version: 0.3.2"),
        "{log}"
    );
    assert!(log.contains(&format!(
        "- Metadata of `v1_0`: `m/v1.xml` from <{url}/$metadata>"
    )));
    assert!(
        log.contains("0 breaking, 2 additive, 0 docs-only."),
        "{log}"
    );
    assert!(
        log.contains("### Additive\n\n- `v1_0::models::Item`: added `field size`"),
        "{log}"
    );
    assert!(!log.contains("### Breaking"), "{log}");
    assert_eq!(
        updated.changelog_entry.as_deref().map(|e| log.contains(e)),
        Some(true)
    );
}

#[test]
fn a_breaking_update_with_bump_writes_the_major_step_into_graphgen_toml_and_the_crate() {
    let (url, _) = serve(vec![
        reply("200 OK", &[], with_size().as_bytes()),
        reply("200 OK", &[], diff_base().replacen(STATE, "", 1).as_bytes()),
    ]);
    let (tmp, file) = repo(&url);
    let dir = tmp.path();
    let first = update(&file, &quick(true)).unwrap();
    assert_eq!(first.suggested.as_deref(), Some("0.3.2"));
    let second = update(&file, &quick(true)).unwrap();
    assert_eq!(second.version, "0.3.2");
    assert_eq!(
        second.suggested.as_deref(),
        Some("0.4.0"),
        "0.x: breaking is a minor"
    );
    assert!(second.bumped);
    // In place, the comment kept.
    assert!(text(dir, "graphgen.toml").contains("version = \"0.4.0\" # by update --bump\n"));
    assert!(text(dir, "generated/Cargo.toml").contains("version = \"0.4.0\""));

    let log = text(dir, "generated/CHANGELOG.md");
    let (newer, older) = (
        log.find("## 0.4.0 - ").unwrap(),
        log.find("## 0.3.2 - ").unwrap(),
    );
    assert!(newer < older, "{log}");
    let entry = &log[newer..older];
    assert!(entry.contains("### Breaking\n\n- `v1_0::models::Item`: removed `field size`"));
    assert!(entry.contains("removed `field state`"), "{entry}");
}

#[test]
fn not_modified_changes_nothing_and_adds_no_entry() {
    let (url, seen) = serve(vec![reply("304 Not Modified", &[], b"")]);
    let (tmp, file) = repo(&url);
    let before = files(tmp.path());
    let updated = update(&file, &quick(true)).unwrap();
    assert_eq!(updated.suggested, None);
    assert!(updated.diff.changes.is_empty() && updated.changelog_entry.is_none());
    let after = files(tmp.path());
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect();
    // Only the lock learns that the file was fetched.
    assert_eq!(changed, [PathBuf::from("graphgen.lock")]);
    assert_eq!(seen.lock().unwrap().len(), 1);
}

#[test]
fn metadata_that_does_not_generate_leaves_every_file_as_it_was() {
    // It parses (so the fetch takes it), but names a type nothing defines.
    let broken = diff_base().replacen("n.state", "n.missing", 1);
    let (url, _) = serve(vec![reply("200 OK", &[], broken.as_bytes())]);
    let (tmp, file) = repo(&url);
    let before = files(tmp.path());
    let e = update(&file, &quick(true)).unwrap_err().to_string();
    assert!(e.contains("n.missing"), "{e}");
    assert_eq!(files(tmp.path()), before);
}

#[test]
fn a_failure_after_regenerating_puts_back_the_crate_the_lock_the_metadata_and_the_version() {
    let (url, _) = serve(vec![reply("200 OK", &[], with_size().as_bytes())]);
    let (tmp, file) = repo(&url);
    // A changelog that is not UTF-8 cannot take an entry: the last step fails, after the
    // metadata, the lock, graphgen.toml and the crate were all written.
    std::fs::write(tmp.path().join("generated/CHANGELOG.md"), b"# \xff\n").unwrap();
    let before = files(tmp.path());
    let e = update(&file, &quick(true)).unwrap_err().to_string();
    assert!(e.contains("CHANGELOG.md"), "{e}");
    assert_eq!(files(tmp.path()), before);
}
