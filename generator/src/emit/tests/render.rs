//! Rendering: file paths, headers, module declarations, the single-file form, `lib.rs`,
//! parse errors and determinism.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::quote;

use super::super::{lib_rs, render_files, render_single_file};
use super::fixture;
use super::{assert_has, assert_lacks, files, single};
use crate::Error;
use crate::marker::{GENERATED_HEADER, GENERATED_MARKER};
use crate::tokens::ModuleTree;

#[test]
fn files_have_the_expected_paths_and_header() {
    let files = files(&fixture::model(), &fixture::selection());
    let paths: Vec<&Path> = files.keys().map(PathBuf::as_path).collect();
    for expected in [
        "src/v1_0/mod.rs",
        "src/v1_0/models/mod.rs",
        "src/v1_0/models/access.rs",
        "src/v1_0/models/security/mod.rs",
        "src/v1_0/models/security/alert.rs",
        "src/v1_0/requests/mod.rs",
        "src/v1_0/requests/access.rs",
        "src/v1_0/requests/security/alert.rs",
    ] {
        assert!(
            paths.contains(&Path::new(expected)),
            "{expected} in {paths:?}"
        );
    }
    for (path, text) in &files {
        let first = text.lines().next().unwrap_or_default();
        assert_eq!(first, GENERATED_HEADER, "{}", path.display());
        syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

#[test]
fn files_of_a_namespace_are_private_and_reexported() {
    let files = files(&fixture::model(), &fixture::selection());
    let models = &files[Path::new("src/v1_0/models/mod.rs")];
    assert!(
        models.contains("\nmod access;\npub use access::*;\n"),
        "{models}"
    );
    assert!(!models.contains("pub mod access;"), "{models}");
    assert!(models.starts_with(&format!(
        "{GENERATED_HEADER}\n//! Model types (entity, complex and enum types) of the `microsoft.graph` namespace.\n"
    )));
    // A file is named after the first words of the names it holds, and says so.
    let a = &files[Path::new("src/v1_0/models/access.rs")];
    assert!(
        a.contains(
            "//! Model types with names that start with `Access`, and their `…Field` and `…Kind` \
             enums; re-exported by the parent module."
        ),
        "{a}"
    );
}

#[test]
fn single_file_inlines_every_module() {
    let text = single(&fixture::model(), &fixture::selection());
    assert!(text.starts_with(GENERATED_HEADER));
    syn::parse_file(&text).expect("parses");
    assert_has(&text, "pub mod v1_0 { //! Microsoft Graph v1.0.");
    assert_has(&text, "pub mod models { //! Model types");
    assert_has(
        &text,
        "mod access { //! Model types with names that start with `Access`",
    );
    assert_has(&text, "pub use access::*;");
    assert_has(&text, "pub mod security {");
    assert_lacks(&text, "mod access;");
    assert_lacks(&text, "pub mod models;");
    assert_lacks(&text, "crate::");
}

#[test]
fn output_never_names_its_own_crate() {
    for (path, text) in files(&fixture::model(), &fixture::selection()) {
        assert!(!text.contains("crate::"), "{}", path.display());
    }
}

#[test]
fn output_is_deterministic() {
    let a = files(&fixture::model(), &fixture::selection());
    let b = files(&fixture::model(), &fixture::selection());
    assert_eq!(a, b);
    assert_eq!(
        single(&fixture::model(), &fixture::selection()),
        single(&fixture::model(), &fixture::selection())
    );
}

#[test]
fn lib_rs_declares_one_module_per_profile() {
    let text = lib_rs(
        &[
            ("v1_0".to_owned(), "v1_0".to_owned()),
            ("beta".to_owned(), "beta".to_owned()),
        ],
        "Access packages for Microsoft Graph.\n\nGenerated.",
    )
    .unwrap();
    assert_eq!(
        text,
        format!(
            "{GENERATED_HEADER}
//! Access packages for Microsoft Graph.
//!
//! Generated.
#![forbid(unsafe_code)]
/// The runtime this crate's code calls (`graphgen-runtime`), re-exported so that its
/// types (`runtime::Page`, `runtime::RetryPolicy`, `runtime::TokenProvider`, …) need no
/// second, version-matched dependency.
pub use ::graphgen_runtime as runtime;
/// The error of every request (see [`runtime::Error`]).
pub use ::graphgen_runtime::Error;
#[cfg(feature = \"v1_0\")]
#[rustfmt::skip]
pub mod v1_0;
#[cfg(feature = \"beta\")]
#[rustfmt::skip]
pub mod beta;
"
        )
    );
}

#[test]
fn lib_rs_leaves_lint_levels_to_the_user() {
    // A `#![deny(warnings)]` would turn any lint a later compiler adds into an error in every
    // crate that depends on the generated one; CI denies warnings with RUSTFLAGS instead.
    let text = lib_rs(
        &[("v1_0".to_owned(), "v1_0".to_owned())],
        "Docs for <https://graph.microsoft.com/v1.0>.",
    )
    .unwrap();
    assert_lacks(&text, "deny(");
    assert_lacks(&text, "#![warn(");
    assert_has(&text, "#![forbid(unsafe_code)]");
    assert_has(&text, "//! Docs for <https://graph.microsoft.com/v1.0>.");
}

#[test]
fn invalid_tokens_are_an_emit_error_naming_the_module() {
    let mut children = BTreeMap::new();
    children.insert(
        "models".to_owned(),
        ModuleTree {
            docs: vec![" Models.".to_owned()],
            items: quote!(pub struct {}).to_string(),
            children: BTreeMap::new(),
        },
    );
    let tree = ModuleTree {
        docs: Vec::new(),
        items: quote!().to_string(),
        children,
    };
    match render_files("src", "v1_0", &tree) {
        Err(Error::Emit { module, .. }) => assert_eq!(module, "v1_0::models"),
        other => panic!("expected an emit error, got {other:?}"),
    }
    match render_single_file("v1_0", &tree) {
        Err(Error::Emit { module, .. }) => assert_eq!(module, "v1_0::models"),
        other => panic!("expected an emit error, got {other:?}"),
    }
}

#[test]
fn leaf_module_is_a_plain_file_and_children_are_declared() {
    let mut children = BTreeMap::new();
    children.insert(
        "inner".to_owned(),
        ModuleTree {
            docs: vec![" Inner.".to_owned()],
            items: quote!(
                /// A.
                pub struct A;
            )
            .to_string(),
            children: BTreeMap::new(),
        },
    );
    let tree = ModuleTree {
        docs: vec![" Outer.".to_owned()],
        items: quote!(
            /// B.
            pub struct B;
        )
        .to_string(),
        children,
    };
    let files = render_files("gen", "outer", &tree).unwrap();
    assert_eq!(
        files.keys().cloned().collect::<Vec<_>>(),
        vec![
            PathBuf::from("gen/outer/inner.rs"),
            PathBuf::from("gen/outer/mod.rs")
        ]
    );
    assert_eq!(
        files[Path::new("gen/outer/mod.rs")],
        format!("{GENERATED_HEADER}\n//! Outer.\npub mod inner;\n/// B.\npub struct B;\n")
    );
    assert_eq!(
        files[Path::new("gen/outer/inner.rs")],
        format!("{GENERATED_HEADER}\n//! Inner.\n/// A.\npub struct A;\n")
    );
}

#[test]
fn header_carries_the_writers_marker() {
    // The writer only touches files whose first line holds its marker.
    assert_eq!(GENERATED_HEADER, format!("// {}", GENERATED_MARKER));
}
