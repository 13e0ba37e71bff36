//! The whole pipeline on the checked-in metadata slices.
//!
//! Setting `GRAPHGEN_EMIT_SCRATCH=<dir>` writes the rendered files of the v1.0 and beta
//! slices and of the hand-built fixture (and a `lib.rs`) to `<dir>/src`, to compile them by
//! hand with warnings denied.

use std::path::{Path, PathBuf};

use super::super::{lib_rs, render_files, render_single_file};
use super::emit_profile;
use crate::csdl;
use crate::ir::lower::lower;
use crate::ir::select::{SelectionConfig, select};
use crate::plan::ProfileOptions;

fn metadata(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../metadata")
        .join(rel)
}

fn profile(rel: &str, module: &str, base_url: &str) -> crate::tokens::ModuleTree {
    let doc = csdl::parse_file(&metadata(rel)).expect("parse");
    let model = lower(&[doc]).expect("lower");
    let sel = select(&model, &SelectionConfig::default()).expect("select");
    let opts = ProfileOptions {
        module: module.to_owned(),
        base_url: Some(base_url.to_owned()),
        conventions: crate::config::Conventions::GRAPH,
        doc: format!("The `{module}` profile."),
    };
    emit_profile(&model, &sel, &opts).expect("emit")
}

#[test]
fn checked_in_metadata_renders_and_parses() {
    let profiles = [
        (
            "v1.0/access-packages.xml",
            "v1_0",
            "https://graph.microsoft.com/v1.0",
        ),
        (
            "beta/access-packages.xml",
            "beta",
            "https://graph.microsoft.com/beta",
        ),
    ];
    let scratch = std::env::var_os("GRAPHGEN_EMIT_SCRATCH").map(PathBuf::from);
    for (rel, module, url) in profiles {
        let tree = profile(rel, module, url);
        let files = render_files("src", module, &tree).expect("render");
        for (path, text) in &files {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
        let again = render_files("src", module, &profile(rel, module, url)).expect("render");
        assert_eq!(files, again, "output must be deterministic");
        let single = render_single_file(module, &tree).expect("single");
        syn::parse_file(&single).expect("single file parses");
        if let Some(dir) = &scratch {
            for (path, text) in &files {
                let full = dir.join(path);
                std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                std::fs::write(&full, text).unwrap();
            }
            std::fs::write(dir.join(format!("{module}_single.rs")), &single).unwrap();
        }
    }
    if let Some(dir) = &scratch {
        let fixture = ProfileOptions {
            module: "fixture".to_owned(),
            ..super::opts()
        };
        let tree = emit_profile(
            &super::fixture::model(),
            &super::fixture::selection(),
            &fixture,
        )
        .expect("emit");
        for (path, text) in render_files("src", "fixture", &tree).expect("render") {
            let full = dir.join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, text).unwrap();
        }
        let lib = lib_rs(
            &[
                ("v1_0".to_owned(), "v1_0".to_owned()),
                ("beta".to_owned(), "beta".to_owned()),
                ("fixture".to_owned(), "fixture".to_owned()),
            ],
            "Scratch crate.",
        )
        .unwrap();
        std::fs::write(dir.join("src/lib.rs"), lib).unwrap();
    }
}
