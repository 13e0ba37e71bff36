//! Tests of the emitter: hand-built models (`fixture`) and the real pipeline on CSDL.

mod csdl;
mod fixture;
mod metadata;
mod models;
mod render;
mod requests;

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::{ModuleTree, ProfileOptions, emit_profile, render_files, render_single_file};
use crate::ir::Model;
use crate::ir::select::Selection;

/// Options for a `v1_0` profile.
fn opts() -> ProfileOptions {
    ProfileOptions {
        module: "v1_0".to_owned(),
        base_url: "https://graph.microsoft.com/v1.0".to_owned(),
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
