//! `metadata/` holds slices written by us, checked against real Graph metadata files in
//! `../shared` (`tests/tests/metadata_faithful/`). `graphgen.lock` records, for each slice,
//! which real file it was checked against and that file's sha256 (`checked_against`), so that
//! a newer real file shows up here as a slice to update.
//!
//! Without `../shared` the comparison is skipped (one `skipped:` line), unless
//! `GRAPHGEN_REQUIRE_SHARED=1`, as for every test of the shared inputs.

use graphgen_tests::shared::{shared_file, workspace_root};
use sha2::{Digest, Sha256};

/// Each `[[input]]` of the checked-in lock: its path, and its `checked_against` path and
/// sha256 when it has one.
fn inputs() -> Vec<(String, Option<(String, String)>)> {
    let path = workspace_root().join(graphgen::LOCK_FILE);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let lock: toml::Table = toml::from_str(&text).expect("graphgen.lock is TOML");
    let str_of = |t: &toml::Table, key: &str| t[key].as_str().expect(key).to_owned();
    lock["input"]
        .as_array()
        .expect("[[input]]")
        .iter()
        .map(|i| {
            let i = i.as_table().expect("an input is a table");
            let against = i.get("checked_against").map(|c| {
                let c = c.as_table().expect("checked_against is a table");
                (str_of(c, "path"), str_of(c, "sha256"))
            });
            (str_of(i, "path"), against)
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn every_slice_records_the_real_file_it_was_checked_against() {
    let inputs = inputs();
    assert!(!inputs.is_empty());
    for (path, against) in inputs {
        if path.starts_with("metadata/") {
            assert!(
                against.is_some(),
                "{path}: no checked_against in graphgen.lock; add the real file it was checked \
                 against, with its sha256"
            );
        }
    }
}

#[test]
fn the_real_files_are_the_ones_the_slices_were_checked_against() {
    let mut stale = Vec::new();
    for (slice, against) in inputs() {
        let Some((real, locked)) = against else {
            continue;
        };
        let rel = real.strip_prefix("../shared/").unwrap_or_else(|| {
            panic!("{slice}: checked_against path {real} is not under ../shared/")
        });
        let Some(file) = shared_file(rel) else {
            continue;
        };
        let bytes =
            std::fs::read(&file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let on_disk = sha256_hex(&bytes);
        if on_disk != locked {
            stale.push(format!(
                "{slice}: checked against {real} with sha256 {locked}, but that file now has \
                 sha256 {on_disk}: a newer real file: update the slice and the lock \
                 (checked_against.sha256 in graphgen.lock)"
            ));
        }
    }
    assert!(stale.is_empty(), "{}", stale.join("\n"));
}
