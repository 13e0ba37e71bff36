use std::path::Path;

use super::*;

/// A `graphgen.toml` in `dir` with two profiles (the first with a source and two files) and
/// those files.
fn config(dir: &Path) -> Config {
    std::fs::create_dir_all(dir.join("m")).unwrap();
    std::fs::write(dir.join("m/a.xml"), "<a/>").unwrap();
    std::fs::write(dir.join("m/b.xml"), "<b/>").unwrap();
    std::fs::write(dir.join("m/c.xml"), "<c/>").unwrap();
    let text = r#"
[crate]
name = "g"
[[profile]]
module = "v1_0"
metadata = ["m/a.xml", "m/b.xml"]
source = "https://example.com/v1.0/$metadata"
[[profile]]
module = "beta"
metadata = ["m/c.xml"]
"#;
    Config::from_toml_str(text, &dir.join("graphgen.toml"), dir).unwrap()
}

#[test]
fn sha256_is_the_known_digest() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn a_configuration_file_has_a_lock_beside_it_and_setters_have_none() {
    let tmp = tempfile::tempdir().unwrap();
    let c = config(tmp.path());
    assert_eq!(
        c.lock.as_deref(),
        Some(tmp.path().join(LOCK_FILE).as_path())
    );
    assert_eq!(Config::new().lock, None);
    assert_eq!(Config::new().check_lock().unwrap(), []);
}

#[test]
fn the_lock_round_trips_in_a_stable_order_with_its_header() {
    let tmp = tempfile::tempdir().unwrap();
    let c = config(tmp.path());
    let lock = c.current_lock(None).unwrap();
    let text = lock.text();
    let path = tmp.path().join(LOCK_FILE);
    std::fs::write(&path, &text).unwrap();
    assert_eq!(Lock::read(&path).unwrap(), Some(lock.clone()));
    assert!(text.starts_with("# graphgen.lock: "), "{text}");
    let version = env!("CARGO_PKG_VERSION");
    let expected = format!(
        "version = 1

[[input]]
profile = \"v1_0\"
path = \"m/a.xml\"
source = \"https://example.com/v1.0/$metadata\"
sha256 = \"{}\"
size = 4
generated_by = \"{version}\"

[[input]]
profile = \"v1_0\"
path = \"m/b.xml\"
sha256 = \"{}\"
size = 4
generated_by = \"{version}\"

[[input]]
profile = \"beta\"
path = \"m/c.xml\"
sha256 = \"{}\"
size = 4
generated_by = \"{version}\"
",
        sha256_hex(b"<a/>"),
        sha256_hex(b"<b/>"),
        sha256_hex(b"<c/>")
    );
    assert_eq!(text.strip_prefix(HEADER), Some(expected.as_str()), "{text}");
    // Another run over the same files gives the same bytes.
    assert_eq!(c.current_lock(Some(&lock)).unwrap().text(), text);
}

#[test]
fn the_lock_is_written_only_when_its_bytes_change() {
    let tmp = tempfile::tempdir().unwrap();
    let c = config(tmp.path());
    let path = tmp.path().join(LOCK_FILE);
    assert!(c.update_lock().unwrap(), "first write");
    let first = std::fs::read(&path).unwrap();
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    assert!(!c.update_lock().unwrap(), "nothing changed");
    assert_eq!(std::fs::read(&path).unwrap(), first);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    std::fs::write(tmp.path().join("m/c.xml"), "<c2/>").unwrap();
    assert!(c.update_lock().unwrap(), "a file changed");
    assert_ne!(std::fs::read(&path).unwrap(), first);
    // No temporary file is left behind.
    let names: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn what_a_fetch_learnt_is_kept_while_the_bytes_stay_and_checked_against_always() {
    let tmp = tempfile::tempdir().unwrap();
    let c = config(tmp.path());
    let mut old = c.current_lock(None).unwrap();
    for e in &mut old.inputs {
        e.etag = Some("\"x\"".into());
        e.last_modified = Some("Tue, 01 Dec 2026 10:00:00 GMT".into());
        e.fetched = Some("2026-12-01T10:00:00Z".into());
        e.generated_by = Some("0.0.1".into());
        e.checked_against = Some(CheckedAgainst {
            path: "../real.xml".into(),
            sha256: "00".into(),
        });
    }
    std::fs::write(tmp.path().join("m/b.xml"), "<b2/>").unwrap();
    let new = c.current_lock(Some(&old)).unwrap();
    let (a, b) = (&new.inputs[0], &new.inputs[1]);
    assert_eq!(a.etag.as_deref(), Some("\"x\""));
    assert_eq!(a.fetched.as_deref(), Some("2026-12-01T10:00:00Z"));
    assert_eq!(a.generated_by.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    // Changed by hand since the fetch: the fetch's facts no longer describe it.
    assert_eq!(
        (&b.etag, &b.last_modified, &b.fetched),
        (&None, &None, &None)
    );
    assert_eq!(b.sha256, sha256_hex(b"<b2/>"));
    assert_eq!(b.size, 5);
    assert!(new.inputs.iter().all(|e| e.checked_against.is_some()));
}

#[test]
fn check_names_each_file_that_differs_is_missing_or_is_no_longer_read() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = config(tmp.path());
    let missing = c.check_lock().unwrap();
    assert_eq!(
        missing,
        [LockProblem::NoLock {
            lock: tmp.path().join(LOCK_FILE)
        }]
    );
    assert!(
        missing[0].to_string().ends_with(
            "graphgen.lock: not found; run `graphgen generate` once to create it, and check it in"
        ),
        "{}",
        missing[0]
    );
    c.update_lock().unwrap();
    assert_eq!(c.check_lock().unwrap(), []);

    std::fs::write(tmp.path().join("m/a.xml"), "<a2/>").unwrap();
    let problems = c.check_lock().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let shown = problems[0].to_string();
    let (old, new) = (sha256_hex(b"<a/>"), sha256_hex(b"<a2/>"));
    assert_eq!(
        shown,
        format!(
            "m/a.xml: sha256 {}… in graphgen.lock, {}… on disk; run `graphgen generate` (or \
             `graphgen fetch`) to record the new file, or restore the locked one",
            &old[..12],
            &new[..12]
        )
    );

    c.profiles[1].metadata = vec!["m/b.xml".into()];
    let shown: Vec<String> = c
        .check_lock()
        .unwrap()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(shown.len(), 3, "{shown:?}");
    assert!(shown[1].starts_with("m/b.xml: no entry for profile beta in graphgen.lock"));
    assert!(shown[2].starts_with("m/c.xml: graphgen.lock lists it for profile beta, which"));
}

#[test]
fn a_lock_of_another_format_or_with_unknown_keys_is_refused_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join(LOCK_FILE);
    std::fs::write(&path, "version = 2\n").unwrap();
    let e = Lock::read(&path).unwrap_err().to_string();
    assert!(
        e.contains("graphgen.lock") && e.contains("version 2"),
        "{e}"
    );
    std::fs::write(&path, "version = 1\nnope = 1\n").unwrap();
    let e = Lock::read(&path).unwrap_err().to_string();
    assert!(e.contains("nope"), "{e}");
}
