//! Golden files: every `tests/fixtures/<name>.xml` (CSDL) or `<name>.json` (OpenAPI) is
//! generated as a single file (module `<name>`) and compared byte for byte with
//! `tests/fixtures/<name>.rs`. An OpenAPI fixture may have a YAML twin, `<name>.yaml`, the
//! same model written as YAML, which must generate the same bytes.
//!
//! A mismatch fails with the first differing lines. To accept new output on purpose, run
//!
//! ```text
//! GRAPHGEN_BLESS=1 cargo test -p graphgen-tests --test golden
//! ```
//!
//! which rewrites the `.rs` files instead; then read the diff before committing it.
//! `golden_compile.rs` compiles every golden file with warnings denied and runs a few of them.
//!
//! Beyond the bytes, each fixture has a test that checks the facts it exists for (wire names
//! kept in `serde` renames, raw identifiers, `Box`, `…Kind` enums, builder methods, warnings),
//! on the parsed output, so that a bad bless cannot silently change them. Two checks cover
//! every fixture: names follow rustc's `non_camel_case_types`/`non_snake_case` rules
//! (generated code must be warning-free: CI denies warnings), and
//! `Option<`/`Result<`/`Box<`/`Vec<` are always the fully qualified std types.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use graphgen::{Config, Diagnostic, Layout, Profile};

mod facts;
mod facts_keys;
mod query;

use query::*;

/// The environment variable that rewrites the golden files.
const BLESS_ENV: &str = "GRAPHGEN_BLESS";

/// Every fixture, by name. A fixture file that is not listed here (or a listed one that is
/// missing) fails [`the_fixture_list_is_complete`].
const FIXTURES: &[&str] = &[
    "containment",
    "enums",
    "hostile_names",
    "imports_casts",
    "inheritance",
    "keys_untyped",
    "library",
    "media",
    "odata_service",
    "operations",
    "polymorphism",
    "refs",
];

/// The input file of fixture `name`: `<name>.xml`, else `<name>.json`.
fn input(name: &str) -> PathBuf {
    let xml = fixtures_dir().join(format!("{name}.xml"));
    if xml.exists() {
        xml
    } else {
        fixtures_dir().join(format!("{name}.json"))
    }
}

/// How many lines of each side a mismatch report shows after the first difference.
const DIFF_LINES: usize = 12;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Generates fixture `name` as one file in memory: the text and the warnings.
fn generate(name: &str) -> (String, Vec<Diagnostic>) {
    generate_from(name, &input(name))
}

/// Generates `file` as fixture `name` (module `name`) as one file in memory.
fn generate_from(name: &str, file: &Path) -> (String, Vec<Diagnostic>) {
    let mut config = Config::new();
    config
        .profile(Profile::new(name, file))
        .layout(Layout::SingleFile);
    // Not a build script: no `cargo:rerun-if-changed` lines.
    config.rerun_if_changed = false;
    let mut generated = config
        .generate()
        .unwrap_or_else(|e| panic!("generating fixture `{name}` failed:\n{e}"));
    let file = PathBuf::from(format!("{name}.rs"));
    let files: Vec<&PathBuf> = generated.output.files.keys().collect();
    assert_eq!(
        files,
        [&file],
        "fixture `{name}`: expected exactly one output file"
    );
    let text = generated.output.files.remove(&file).unwrap_or_default();
    (text, generated.warnings)
}

/// The generated text of fixture `name`, parsed.
fn parsed(name: &str) -> (syn::File, Vec<Diagnostic>) {
    let (text, warnings) = generate(name);
    let mut file = syn::parse_file(&text)
        .unwrap_or_else(|e| panic!("fixture `{name}`: the output does not parse: {e}"));
    query::expand_polymorphic(&mut file.items);
    (file, warnings)
}

/// The first differing lines of two texts, numbered, with a little context before them.
fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let at = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!(
        "first difference at line {} (golden file has {} lines, generated output {}):\n",
        at + 1,
        e.len(),
        a.len()
    );
    for (i, line) in e.iter().enumerate().take(at).skip(at.saturating_sub(3)) {
        let _ = writeln!(out, "  {:>5} | {line}", i + 1);
    }
    for (i, line) in e.iter().enumerate().skip(at).take(DIFF_LINES) {
        let _ = writeln!(out, "- {:>5} | {line}", i + 1);
    }
    for (i, line) in a.iter().enumerate().skip(at).take(DIFF_LINES) {
        let _ = writeln!(out, "+ {:>5} | {line}", i + 1);
    }
    if expected.lines().count() == actual.lines().count() && expected != actual {
        out.push_str("  (the texts differ in line endings or a final newline)\n");
    }
    out
}

#[test]
fn the_fixture_list_is_complete() {
    let mut xml = BTreeSet::new();
    let mut rs = BTreeSet::new();
    let entries = std::fs::read_dir(fixtures_dir()).expect("tests/fixtures is readable");
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let (Some(stem), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let stem = stem.to_string_lossy().into_owned();
        match ext.to_string_lossy().as_ref() {
            "xml" | "json" => xml.insert(stem),
            "rs" => rs.insert(stem),
            _ => false,
        };
    }
    let listed: BTreeSet<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        xml, listed,
        "fixture .xml and .json files and FIXTURES differ"
    );
    if std::env::var(BLESS_ENV).as_deref() != Ok("1") {
        assert_eq!(
            rs, listed,
            "golden .rs files and FIXTURES differ (bless to create them)"
        );
    }
}

/// Compares `text` with the golden file `<name>.<ext>`, or rewrites it when blessing; a
/// mismatch is added to `failures`.
fn check_golden(name: &str, ext: &str, text: &str, failures: &mut Vec<String>) {
    let bless = std::env::var(BLESS_ENV).as_deref() == Ok("1");
    let golden = fixtures_dir().join(format!("{name}.{ext}"));
    let on_disk = std::fs::read_to_string(&golden).ok();
    if on_disk.as_deref() == Some(text) {
        return;
    }
    if bless {
        std::fs::write(&golden, text)
            .unwrap_or_else(|e| panic!("writing {}: {e}", golden.display()));
        println!("blessed {}", golden.display());
        return;
    }
    match on_disk {
        None => failures.push(format!(
            "{}: missing; run with {BLESS_ENV}=1 to create it",
            golden.display()
        )),
        Some(expected) => failures.push(format!(
            "{} differs from the generated output; if the change is intended, run with \
             {BLESS_ENV}=1 and review the diff\n{}",
            golden.display(),
            first_difference(&expected, text)
        )),
    }
}

#[test]
fn golden_files_match_the_generated_output() {
    let mut failures = Vec::new();
    for name in FIXTURES {
        let (text, _) = generate(name);
        check_golden(name, "rs", &text, &mut failures);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Each fixture's plan (`Plan::dump`: every public item with its members, types, URLs and
/// gates) is a golden file too, `<name>.plan`, so a change of the generated API reads as a
/// diff of one line per item or member; with root features on, so gates show.
#[test]
fn golden_plans_match_the_planned_api() {
    let mut failures = Vec::new();
    for name in FIXTURES {
        let mut config = Config::new();
        let mut profile = Profile::new(name, input(name));
        profile.root_features = true;
        config.profile(profile).layout(Layout::Crate);
        config.rerun_if_changed = false;
        let plans = config
            .plans()
            .unwrap_or_else(|e| panic!("planning fixture `{name}` failed:\n{e}"));
        let text: String = plans.iter().map(graphgen::plan::Plan::dump).collect();
        // The plan is plain data: it serializes (what an API diff can store and compare).
        let json = serde_json::to_value(&plans).expect("the plan serializes");
        assert!(
            json[0]["items"].as_array().is_some_and(|i| !i.is_empty()),
            "{name}"
        );
        assert!(
            text.lines().count() > 10,
            "fixture `{name}`: a short plan\n{text}"
        );
        check_golden(name, "plan", &text, &mut failures);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The YAML twin of an OpenAPI fixture generates the JSON's bytes, but for the input's name in
/// the docs.
#[test]
fn yaml_and_json_of_one_model_give_identical_bytes() {
    let mut twins = 0;
    for name in FIXTURES {
        let yaml = fixtures_dir().join(format!("{name}.yaml"));
        if !yaml.exists() {
            continue;
        }
        twins += 1;
        let (from_json, json_warnings) = generate(name);
        let (from_yaml, yaml_warnings) = generate_from(name, &yaml);
        let from_yaml = from_yaml.replace(&format!("{name}.yaml"), &format!("{name}.json"));
        assert!(
            from_json == from_yaml,
            "fixture `{name}`: YAML and JSON differ:\n{}",
            first_difference(&from_json, &from_yaml)
        );
        let messages = |w: &[Diagnostic]| w.iter().map(|d| d.message.clone()).collect::<Vec<_>>();
        assert_eq!(messages(&json_warnings), messages(&yaml_warnings), "{name}");
    }
    assert!(twins > 0, "no fixture has a YAML twin");
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for name in FIXTURES {
        let (first, first_warnings) = generate(name);
        let (second, second_warnings) = generate(name);
        assert!(
            first == second,
            "fixture `{name}` is not deterministic:\n{}",
            first_difference(&first, &second)
        );
        assert_eq!(
            first_warnings, second_warnings,
            "fixture `{name}`: warnings differ"
        );
    }
}

#[test]
fn golden_files_carry_the_header_and_no_machine_paths() {
    for name in FIXTURES {
        let (text, _) = generate(name);
        assert!(
            text.starts_with("// @generated by graphgen. Do not edit.\n"),
            "fixture `{name}`: no @generated header"
        );
        let file = input(name);
        let file = file.file_name().expect("a file").to_string_lossy();
        assert!(
            text.contains(&format!("generated from {file}")),
            "fixture `{name}`: the docs should name the input file only"
        );
        let dir = fixtures_dir();
        let dir = dir.to_string_lossy();
        assert!(
            !text.contains(dir.as_ref()),
            "fixture `{name}`: output holds {dir}"
        );
        assert!(!text.contains('\r'), "fixture `{name}`: output holds a CR");
    }
}

#[test]
fn every_golden_file_is_compiled() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_compile.rs");
    let source = std::fs::read_to_string(&path).expect("golden_compile.rs is readable");
    assert!(
        source.contains("#![deny(warnings)]"),
        "golden_compile.rs must deny warnings"
    );
    for name in FIXTURES {
        let decl = format!(
            "#[rustfmt::skip]\n#[path = \"../fixtures/{name}.rs\"]\npub mod {name}_golden;"
        );
        assert!(
            source.contains(&decl),
            "golden_compile.rs does not compile `{name}`: add\n{decl}"
        );
    }
}
