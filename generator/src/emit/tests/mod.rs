//! Tests of the emitter: hand-built models (`fixture`) and the real pipeline on CSDL.

mod csdl;
mod fixture;
mod metadata;
mod models;
mod render;
mod requests;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{emit_plan, render_files, render_single_file};
use crate::error::Result;
use crate::ir::Model;
use crate::ir::select::Selection;
use crate::plan::ProfileOptions;
use crate::tokens::ModuleTree;

/// Plans and emits the module tree of one profile, without root features.
fn emit_profile(model: &Model, sel: &Selection, opts: &ProfileOptions) -> Result<ModuleTree> {
    emit_plan(&crate::plan::build(model, sel, &[], opts)?)
}

/// Options for a `v1_0` profile.
fn opts() -> ProfileOptions {
    ProfileOptions {
        module: "v1_0".to_owned(),
        base_url: Some("https://graph.microsoft.com/v1.0".to_owned()),
        conventions: crate::config::Conventions::GRAPH,
        doc: "Microsoft Graph v1.0.".to_owned(),
    }
}

/// Emits and renders one file per module.
fn files(model: &Model, sel: &Selection) -> BTreeMap<PathBuf, String> {
    let tree = emit_profile(model, sel, &opts()).expect("emit");
    render_files("src", "v1_0", &tree).expect("render")
}

/// Emits and renders everything as one text.
fn single(model: &Model, sel: &Selection) -> String {
    let tree: ModuleTree = emit_profile(model, sel, &opts()).expect("emit");
    render_single_file("v1_0", &tree).expect("render")
}

/// Removes what prettyplease's line breaking changes: whitespace, and the trailing comma it
/// adds before a closing bracket when it breaks a list over several lines.
fn squash(s: &str) -> String {
    let mut out = s.split_whitespace().collect::<String>();
    for close in [")", "]", "}", ">"] {
        out = out.replace(&format!(",{close}"), close);
    }
    out
}

/// Layout-insensitive containment (see [`squash`]): `needle` as prettyplease would lay it
/// out is hard to predict.
#[track_caller]
fn assert_has(haystack: &str, needle: &str) {
    assert!(
        squash(haystack).contains(&squash(needle)),
        "expected to find\n{needle}\nin\n{haystack}"
    );
}

/// The opposite of [`assert_has`].
#[track_caller]
fn assert_lacks(haystack: &str, needle: &str) {
    assert!(
        !squash(haystack).contains(&squash(needle)),
        "did not expect\n{needle}\nin\n{haystack}"
    );
}

/// However many threads emit the modules, the files are the same: on every fixture with
/// many modules (`hostile_names`, `refs`, `polymorphism`), with and without root features.
#[test]
fn the_output_does_not_depend_on_how_many_parts_emit_it() {
    use crate::ir::select::{SelectionConfig, select_by_root};
    for name in ["hostile_names", "refs", "polymorphism", "operations"] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../tests/fixtures/{name}.xml"));
        let doc = crate::csdl::parse_file(&path).expect("parses");
        let model = crate::ir::lower::lower(&[doc]).expect("lowers");
        let (sel, roots) = select_by_root(&model, &SelectionConfig::default()).expect("selects");
        for roots in [&roots[..], &[]] {
            let plan = crate::plan::build(&model, &sel, roots, &opts()).expect("plans");
            let render = |parts: usize| {
                let tree = super::emit_in_parts(&plan, parts).expect("emits");
                render_files("src", "v1_0", &tree).expect("renders")
            };
            let one = render(1);
            assert!(one.len() > 5, "{name}: {} files", one.len());
            for parts in [2, 3, 7] {
                assert_eq!(render(parts), one, "{name}, {parts} parts");
            }
        }
    }
}

/// Two parts that both produce one module are a bug the merge reports, instead of keeping
/// one part's items and dropping the other's.
#[test]
fn two_parts_with_the_same_module_are_an_internal_error() {
    let place = crate::plan::Place {
        top: crate::plan::Top::Models,
        ns: Vec::new(),
        bucket: "a".to_owned(),
    };
    let out = super::Out {
        profile: "v1_0",
        features: &[],
    };
    let part = |text: &str| Ok(BTreeMap::from([(place.clone(), text.to_owned())]));
    let merged = super::merge(&out, vec![part("struct A;")]).expect("one part");
    assert_eq!(merged[&place], "struct A;");
    let err = super::merge(&out, vec![part("struct A;"), part("struct B;")]).unwrap_err();
    assert!(matches!(err, crate::Error::Emit { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("two parts of the emitter produced the module `models::::a`"),
        "{err}"
    );
}

/// The files of directory `dir` (`src/v1_0/models`) for the types whose names start with
/// `letter`, one after the other: files are named after the first words of the names they
/// hold (`access_package.rs`), so a test of the types starting with `A` reads these.
fn letter(dir: &str, letter: char) -> String {
    let files = files(&fixture::model(), &fixture::selection());
    let texts: Vec<&String> = files
        .iter()
        .filter(|(path, _)| {
            path.parent() == Some(Path::new(dir))
                && path
                    .file_name()
                    .is_some_and(|n| n != "mod.rs" && n.to_string_lossy().starts_with(letter))
        })
        .map(|(_, text)| text)
        .collect();
    assert!(!texts.is_empty(), "no file for `{letter}` in {dir}");
    texts.into_iter().map(String::as_str).collect()
}
