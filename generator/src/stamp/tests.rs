use std::collections::{BTreeMap, BTreeSet};
use std::time::SystemTime;

use super::*;
use crate::config::{Config, Layout, Profile};
use crate::generate::WriteOutcome;
use crate::marker::GENERATED_MARKER;
use crate::write::{DriftKind, check_tree, write_tree};

/// A small crate from the checked-in v1.0 slice (copied into `dir`, so tests can edit it),
/// with one example program, written to `dir/out`.
fn setup(dir: &Path) -> Config {
    let slice = Path::new(env!("CARGO_MANIFEST_DIR")).join("../metadata/v1.0/access-packages.xml");
    fs::copy(slice, dir.join("graph.xml")).unwrap();
    fs::create_dir_all(dir.join("examples")).unwrap();
    fs::write(dir.join("examples/hello.rs"), "fn main() {}\n").unwrap();
    let mut p = Profile::new("v1_0", "graph.xml");
    p.include("/identityGovernance/entitlementManagement/accessPackages/*");
    let mut c = Config::new();
    c.layout(Layout::Crate).out_dir(dir.join("out"));
    c.profile(p);
    c.base_dir = dir.to_path_buf();
    c.examples = Some(PathBuf::from("examples"));
    c.rerun_if_changed = false;
    c
}

/// Every file under `dir` (stamp included) with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let time = fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(path.clone(), (fs::read(&path).unwrap(), time));
            }
        }
    }
    out
}

/// What a run did: `None` when the stamp skipped it, else the files written and removed.
fn run(c: &Config) -> Option<(Vec<PathBuf>, Vec<PathBuf>)> {
    match c.write_unless_fresh().unwrap() {
        WriteOutcome::UpToDate(_) => None,
        WriteOutcome::Written(_, report) => Some((report.written, report.removed)),
    }
}

fn out(c: &Config) -> PathBuf {
    c.out_dir.clone().unwrap()
}

#[test]
fn an_unchanged_rerun_is_skipped_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = setup(dir.path());
    // A pattern that matches nothing, for a warning of each category (the slice has
    // Graph's own defects).
    c.profiles[0].include("/identityGovernance/entitlementManagement/accessPackage/*");
    let WriteOutcome::Written(g, report) = c.write_unless_fresh().unwrap() else {
        panic!("the first run must generate");
    };
    let categories: BTreeSet<Category> = g.warnings.iter().map(|w| w.category).collect();
    assert_eq!(categories.len(), 2, "{:#?}", g.warnings);
    assert!(out(&c).join(STAMP_FILE).exists());
    let before = snapshot(&out(&c));
    match c.write_unless_fresh().unwrap() {
        WriteOutcome::UpToDate(u) => {
            assert_eq!(u.files, report.written.len());
            assert_eq!(u.warnings, g.warnings);
        }
        WriteOutcome::Written(..) => panic!("an unchanged re-run generated"),
    }
    assert_eq!(
        snapshot(&out(&c)),
        before,
        "a skipped run changed a file or a time"
    );
    // A touch changes no byte, so nothing needs regenerating.
    let lib = out(&c).join("src/lib.rs");
    fs::File::options()
        .append(true)
        .open(&lib)
        .unwrap()
        .set_modified(SystemTime::now())
        .unwrap();
    assert_eq!(run(&c), None);
}

#[test]
fn an_edited_output_file_is_restored_even_with_its_size_and_time_kept() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    let lib = out(&c).join("src/lib.rs");
    let good = fs::read_to_string(&lib).unwrap();
    let time = fs::metadata(&lib).unwrap().modified().unwrap();
    let edited = good.replacen("pub mod", "pub mud", 1);
    assert_ne!(edited, good);
    fs::write(&lib, &edited).unwrap();
    fs::File::options()
        .append(true)
        .open(&lib)
        .unwrap()
        .set_modified(time)
        .unwrap();

    let (written, _) = run(&c).expect("an edited output regenerates");
    assert_eq!(written, [PathBuf::from("src/lib.rs")]);
    assert_eq!(fs::read_to_string(&lib).unwrap(), good);
    assert_eq!(run(&c), None, "restored, and stamped again");
}

#[test]
fn a_deleted_output_file_is_restored() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    let readme = out(&c).join("README.md");
    let good = fs::read(&readme).unwrap();
    fs::remove_file(&readme).unwrap();
    let (written, _) = run(&c).expect("a missing output regenerates");
    assert_eq!(written, [PathBuf::from("README.md")]);
    assert_eq!(fs::read(&readme).unwrap(), good);
}

#[test]
fn an_owned_file_that_appeared_is_removed_and_a_hand_written_one_kept() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    // Not owned: the stamp stays fresh.
    fs::write(out(&c).join("src/notes.rs"), "// mine\n").unwrap();
    assert_eq!(run(&c), None);
    // Owned but not generated: a full run would remove it, so the stamp is not fresh. (A
    // full run into a directory with a hand-written file needs `overwrite`, which is not an
    // input: the stamp written is as fresh as one written without it.)
    let old = out(&c).join("src/v1_0/old.rs");
    fs::write(&old, format!("// {GENERATED_MARKER}\n")).unwrap();
    let forced = Config {
        overwrite: true,
        ..c.clone()
    };
    let (written, removed) = run(&forced).expect("a stale owned file regenerates");
    assert!(written.is_empty(), "{written:?}");
    assert_eq!(removed, [PathBuf::from("src/v1_0/old.rs")]);
    assert!(!old.exists());
    assert!(out(&c).join("src/notes.rs").exists());
    assert_eq!(run(&c), None);
}

#[test]
fn changed_inputs_regenerate() {
    let dir = tempfile::tempdir().unwrap();
    let mut c = setup(dir.path());
    run(&c).unwrap();

    // The metadata's bytes, even where they change no output.
    let mut xml = fs::OpenOptions::new()
        .append(true)
        .open(dir.path().join("graph.xml"))
        .unwrap();
    std::io::Write::write_all(&mut xml, b"\n<!-- edited -->\n").unwrap();
    drop(xml);
    let (written, _) = run(&c).expect("edited metadata regenerates");
    assert!(written.is_empty(), "{written:?}");
    assert_eq!(run(&c), None);

    // The configuration: another include glob gives other files.
    c.profiles[0].include = vec!["/identityGovernance/entitlementManagement/**".into()];
    let (written, _) = run(&c).expect("a changed include regenerates");
    assert!(!written.is_empty());
    assert_eq!(run(&c), None);

    // An example's bytes, and a new example.
    fs::write(dir.path().join("examples/hello.rs"), "fn main() { }\n").unwrap();
    let (written, _) = run(&c).expect("an edited example regenerates");
    assert_eq!(written, [PathBuf::from("examples/hello.rs")]);
    fs::create_dir_all(dir.path().join("examples/common")).unwrap();
    fs::write(dir.path().join("examples/common/mod.rs"), "\n").unwrap();
    let (written, _) = run(&c).expect("a new example regenerates");
    assert_eq!(written, [PathBuf::from("examples/common/mod.rs")]);
    assert_eq!(run(&c), None);
}

#[test]
fn write_stamped_regenerates_a_fresh_output_and_stamps_it() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    assert_eq!(run(&c), None);
    let (g, report) = c.write_stamped().unwrap();
    assert!(!g.output.files.is_empty(), "generated again");
    assert!(report.written.is_empty() && report.unchanged > 0);
    assert_eq!(run(&c), None, "and stamped");
    // A plain write stamps nothing and removes the stamp it may make stale.
    c.write().unwrap();
    assert!(!out(&c).join(STAMP_FILE).exists());
    assert!(run(&c).is_some());
}

#[test]
fn check_ignores_the_stamp_even_one_that_lies() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    let (_, drifts) = c.check().unwrap();
    assert!(
        drifts.is_empty(),
        "the stamp is not a stale file: {drifts:?}"
    );

    // Edit a file, then record a stamp that blesses the edit.
    let lib = out(&c).join("src/lib.rs");
    let mut g = c.generate().unwrap();
    let edited = g.output.files[Path::new("src/lib.rs")].replace("pub mod", "pub mud");
    fs::write(&lib, &edited).unwrap();
    g.output.insert("src/lib.rs", edited);
    record(&out(&c), c.fingerprint().unwrap(), &g.output, &[]).unwrap();
    assert_eq!(run(&c), None, "the forged stamp is believed");

    let (_, drifts) = c.check().unwrap();
    let found: Vec<_> = drifts.iter().map(|d| (d.path.clone(), d.kind)).collect();
    assert_eq!(found, [(PathBuf::from("src/lib.rs"), DriftKind::Changed)]);
}

#[test]
fn a_failed_write_leaves_no_stamp_and_a_failed_generation_no_fresh_one() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    let stamp = out(&c).join(STAMP_FILE);
    let good = fs::read(dir.path().join("graph.xml")).unwrap();

    // Generation fails: nothing is written, and the old stamp, of other inputs, stays.
    fs::write(dir.path().join("graph.xml"), "<nope").unwrap();
    assert!(c.write_unless_fresh().is_err());
    assert!(c.write_stamped().is_err());
    assert!(stamp.exists());
    // Back to the inputs it records, it is fresh again: the output is theirs.
    fs::write(dir.path().join("graph.xml"), &good).unwrap();
    assert_eq!(run(&c), None);

    // Writing fails halfway (a directory where README.md goes): no stamp is left.
    let mut changed = good.clone();
    changed.extend(b"\n");
    fs::write(dir.path().join("graph.xml"), &changed).unwrap();
    let readme = out(&c).join("README.md");
    fs::remove_file(&readme).unwrap();
    fs::create_dir_all(readme.join("inside")).unwrap();
    assert!(c.write_unless_fresh().is_err());
    assert!(!stamp.exists());
    fs::remove_dir_all(&readme).unwrap();
    let (written, _) = run(&c).expect("no stamp, so it regenerates");
    assert_eq!(written, [PathBuf::from("README.md")]);
}

#[test]
fn write_and_check_leave_the_stamp_alone_even_with_a_marker() {
    let dir = tempfile::tempdir().unwrap();
    let mut output = Output::new();
    output.insert("src/lib.rs", format!("// {GENERATED_MARKER}\n"));
    let stamp = dir.path().join(STAMP_FILE);
    fs::write(&stamp, format!("// {GENERATED_MARKER}\n")).unwrap();
    let report = write_tree(dir.path(), &output).unwrap();
    assert!(report.removed.is_empty(), "{report:?}");
    assert!(stamp.exists());
    assert!(check_tree(dir.path(), &output).unwrap().is_empty());
}

#[test]
fn stamps_parse_back_and_bad_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut output = Output::new();
    output.insert("Cargo.toml", "a");
    output.insert("src/v1_0/mod.rs", "b");
    let source = "<a>\n\t<b c=\"back\\slash\"/>\n</a>";
    let located = Diagnostic::new(
        Path::new("dir/a.xml"),
        source,
        crate::error::pos_at(source, 5),
        "Schema(x)/EntityType(b)",
        "two\nlines, a \\n that is no line break\r, and a\ttab",
    );
    let warnings = [
        located,
        Diagnostic::config(
            "profile v1_0",
            "include pattern `/group/**` matches no path",
        ),
        Diagnostic::config("", ""),
    ];
    assert!(warnings[0].excerpt.contains('\t'), "{:?}", warnings[0]);
    record(dir.path(), 0xabc, &output, &warnings).unwrap();
    let text = fs::read_to_string(dir.path().join(STAMP_FILE)).unwrap();
    assert!(!text.contains(GENERATED_MARKER));
    let stamp = Stamp::parse(&text).unwrap();
    assert_eq!(stamp.inputs, 0xabc);
    assert_eq!(stamp.warnings, warnings);
    assert_eq!(
        stamp.files,
        [
            (PathBuf::from("Cargo.toml"), xxh3_128(b"a")),
            (PathBuf::from("src/v1_0/mod.rs"), xxh3_128(b"b")),
        ]
    );
    let good_warning = "w config 0 0 0\t\tprofile v1_0\tmessage\t";
    assert!(
        Stamp::parse(&format!("{HEADER}\ninputs 1\nwarnings 1\n{good_warning}\n")).is_some(),
        "the well-formed line the bad ones below differ from"
    );
    // An older format, whose warnings had no category, is never read.
    let old = "graphgen stamp 2\ninputs 1\nwarnings 1\nw a.xml:1:2: message\n";
    for bad in [
        "".to_owned(),
        old.to_owned(),
        "graphgen stamp 0\ninputs 1\nwarnings 0\n".to_owned(),
        format!("{HEADER}\ninputs 1\nwarnings 1\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nx\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw other 0 0 0\t\t\tmessage\t\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 0\t\t\tmessage\t\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 0 0 0\t\t\tmessage\t\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 x 0\t\t\tmessage\t\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 0 0\t\t\tmessage\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 0 0\t\t\tmessage\t\t\n"),
        format!("{HEADER}\ninputs 1\nwarnings 1\nw config 0 0 0\t\t\tbad \\x escape\t\n"),
        format!("{HEADER}\ninputs x\nwarnings 0\n"),
        format!("{HEADER}\ninputs 1\n"),
        format!("{HEADER}\ninputs 1\nwarnings 0\n1 ../x.rs\n"),
        format!("{HEADER}\ninputs 1\nwarnings 0\n1 /etc/passwd\n"),
        format!("{HEADER}\ninputs 1\nwarnings 0\n1 a//b.rs\n"),
        format!("{HEADER}\ninputs 1\nwarnings 0\nzz a.rs\n"),
        format!("{HEADER}\ninputs 1\nwarnings 0\n1\n"),
    ] {
        assert_eq!(Stamp::parse(&bad), None, "{bad:?}");
    }
    // The same file listed twice is never fresh.
    fs::write(dir.path().join("a.rs"), "a").unwrap();
    let twice = format!(
        "{HEADER}\ninputs 1\nwarnings 0\n{0:032x} a.rs\n{0:032x} a.rs\n",
        xxh3_128(b"a")
    );
    fs::write(dir.path().join(STAMP_FILE), twice).unwrap();
    assert_eq!(fresh(dir.path(), 1), None);
    let once = format!(
        "{HEADER}\ninputs 1\nwarnings 0\n{:032x} a.rs\n",
        xxh3_128(b"a")
    );
    fs::write(dir.path().join(STAMP_FILE), once).unwrap();
    assert_eq!(
        fresh(dir.path(), 1),
        Some(Fresh {
            files: 1,
            warnings: Vec::new()
        })
    );
    assert_eq!(fresh(dir.path(), 2), None, "other inputs");
}

#[test]
fn the_fingerprint_covers_the_configuration_and_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    assert_eq!(c.fingerprint(), c.fingerprint());
    let mut other = c.clone();
    other.description.push('!');
    assert_ne!(c.fingerprint(), other.fingerprint());
    let mut forced = c.clone();
    forced.overwrite = true;
    assert_eq!(
        c.fingerprint(),
        forced.fingerprint(),
        "--force writes the same"
    );
    let mut missing = c.clone();
    missing.profiles[0].metadata = vec![PathBuf::from("nope.xml")];
    assert_eq!(missing.fingerprint(), None);
}

#[test]
fn the_fingerprint_is_of_every_field_of_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.xml");
    let b = dir.path().join("b.xml");
    fs::write(&a, "<a/>").unwrap();
    fs::write(&b, "<a/>").unwrap();
    let inputs = Inputs {
        config: "Config { .. }".to_owned(),
        metadata: vec![a.clone()],
        examples: vec![("x.rs".to_owned(), "fn main() {}".to_owned())],
    };
    let print = fingerprint(&inputs).unwrap();
    assert_eq!(fingerprint(&inputs), Some(print));
    let others = [
        Inputs {
            config: "Config { ... }".to_owned(),
            ..inputs.clone()
        },
        // The same bytes from another file.
        Inputs {
            metadata: vec![b.clone()],
            ..inputs.clone()
        },
        Inputs {
            metadata: vec![a.clone(), b.clone()],
            ..inputs.clone()
        },
        Inputs {
            examples: vec![("y.rs".to_owned(), "fn main() {}".to_owned())],
            ..inputs.clone()
        },
        Inputs {
            examples: vec![("x.rs".to_owned(), "fn main() { }".to_owned())],
            ..inputs.clone()
        },
        // Bytes moved from one field to the next.
        Inputs {
            examples: vec![("x.rsf".to_owned(), "n main() {}".to_owned())],
            ..inputs.clone()
        },
        Inputs {
            examples: Vec::new(),
            ..inputs.clone()
        },
    ];
    for other in &others {
        assert_ne!(fingerprint(other), Some(print), "{other:?}");
    }
    fs::write(&a, "<b/>").unwrap();
    assert_ne!(fingerprint(&inputs), Some(print), "the file's bytes");
    fs::remove_file(&a).unwrap();
    assert_eq!(fingerprint(&inputs), None, "an unreadable file");
}

#[cfg(unix)]
#[test]
fn a_listed_file_replaced_by_a_symlink_is_not_fresh() {
    let dir = tempfile::tempdir().unwrap();
    let c = setup(dir.path());
    run(&c).unwrap();
    // Same bytes through a link: a full run refuses to write through it, so must this one.
    let lib = out(&c).join("src/lib.rs");
    let copy = dir.path().join("lib-copy.rs");
    fs::rename(&lib, &copy).unwrap();
    std::os::unix::fs::symlink(&copy, &lib).unwrap();
    let err = c.write_unless_fresh().unwrap_err().to_string();
    assert!(err.contains("symbolic link"), "{err}");
}
