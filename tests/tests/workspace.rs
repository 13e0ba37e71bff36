//! Workspace-level checks of the checked-in generated crate: it is fresh (regenerating from
//! `graphgen.toml` gives it byte for byte, with no stale files), generation is
//! deterministic, and the build-script selection in this crate's library works.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use graphgen_tests::shared::workspace_root;

fn config() -> graphgen::Config {
    graphgen::Config::from_toml_file(&workspace_root().join("graphgen.toml"))
        .expect("graphgen.toml is valid")
}

/// Every file below `dir` (skipping `target`), relative path to bytes.
fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if p.file_name().is_some_and(|n| n == "target") {
                    continue;
                }
                stack.push(p);
            } else if p
                .file_name()
                .is_some_and(|n| n == graphgen::stamp::STAMP_FILE)
            {
                // `graphgen generate`'s record of what it wrote, local to this checkout.
                continue;
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

#[test]
fn generated_crate_is_fresh_in_both_directions() {
    let c = config();
    let (_, drifts) = c.check().unwrap();
    assert!(
        drifts.is_empty(),
        "generated/ is stale; run `cargo run -p graphgen -- generate`:\n{}",
        graphgen::write::drift_summary(&drifts)
    );
    // Regenerate into an empty directory and compare whole trees: nothing missing, nothing
    // extra (a stale file in generated/ would show up here too).
    let tmp = tempfile::tempdir().unwrap();
    let mut c2 = c.clone();
    c2.out_dir(tmp.path());
    c2.write().unwrap();
    let fresh = tree(tmp.path());
    let checked_in = tree(&workspace_root().join("generated"));
    let only_fresh: Vec<_> = fresh
        .keys()
        .filter(|k| !checked_in.contains_key(*k))
        .collect();
    let only_checked_in: Vec<_> = checked_in
        .keys()
        .filter(|k| !fresh.contains_key(*k))
        .collect();
    assert!(
        only_fresh.is_empty(),
        "missing from generated/: {only_fresh:?}"
    );
    assert!(
        only_checked_in.is_empty(),
        "not produced by generation: {only_checked_in:?}"
    );
    for (k, v) in &fresh {
        assert!(checked_in[k] == *v, "{} differs", k.display());
    }
}

#[test]
fn generation_is_deterministic_and_a_rerun_rewrites_nothing() {
    let c = config();
    let a = c.generate().unwrap();
    let b = c.generate().unwrap();
    assert_eq!(a.output, b.output);
    let tmp = tempfile::tempdir().unwrap();
    let mut c2 = c.clone();
    c2.out_dir(tmp.path());
    let (_, first) = c2.write().unwrap();
    assert!(!first.written.is_empty());
    let (_, second) = c2.write().unwrap();
    assert!(
        second.written.is_empty(),
        "unchanged input rewrote {:?}",
        second.written
    );
    assert!(second.removed.is_empty());
    // No absolute path of this machine leaks into the output.
    let root = workspace_root();
    let root = root.to_string_lossy();
    for (p, text) in &a.output.files {
        assert!(
            !text.contains(root.as_ref()),
            "{} contains the absolute path {root}",
            p.display()
        );
    }
}

#[test]
fn failed_generation_leaves_the_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c = config();
    c.out_dir(tmp.path());
    c.write().unwrap();
    let before = tree(tmp.path());
    let inputs = tempfile::tempdir().unwrap();
    let bad = inputs.path().join("bad.xml");
    std::fs::write(
        &bad,
        r#"<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="n" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="accessPackage"><Property Name="catalogId" Type="n.missing"/></EntityType>
</Schema></edmx:DataServices></edmx:Edmx>"#,
    )
    .unwrap();
    c.profiles[1].metadata = vec![bad.clone()];
    let err = c.write().unwrap_err().to_string();
    assert!(
        err.contains("bad.xml:3:36: Schema(n)/EntityType(accessPackage)/Property(catalogId): unknown type `n.missing`"),
        "{err}"
    );
    let after = tree(tmp.path());
    assert_eq!(
        before, after,
        "a failed generation changed the output directory"
    );
}

#[test]
fn build_script_selection_compiles_and_builds_ref_requests() {
    use graphgen_tests::graph::Client;
    let client = Client::with_default_base_url();
    let req = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .by_id("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
        .incompatible_groups()
        .refs()
        .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
        .unwrap();
    assert_eq!(req.method(), http::Method::POST);
    assert_eq!(
        req.uri().to_string(),
        "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/73eb2497-3b88-4c0a-8bb3-68ba8162beff/incompatibleGroups/$ref"
    );
    let body: serde_json::Value = serde_json::from_slice(req.body()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"@odata.id": "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"})
    );
}

/// The crate docs' example is the one doctest of `generated/src/lib.rs`, compiled (`no_run`)
/// by `cargo test --workspace` (which runs the doctests of every member, `generated` among
/// them): a Rust block, not `text` or `ignore`, that sends a request the selection has.
#[test]
fn the_crate_example_is_a_compiled_doctest_of_a_real_request() {
    let lib = std::fs::read_to_string(workspace_root().join("generated/src/lib.rs")).unwrap();
    let docs: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect();
    let fences: Vec<&str> = docs
        .iter()
        .copied()
        .filter(|l| l.starts_with("```"))
        .collect();
    assert_eq!(fences, ["```rust,no_run", "```"], "{lib}");
    let start = docs.iter().position(|l| *l == "```rust,no_run").unwrap();
    let code = docs[start + 1..]
        .iter()
        .take_while(|l| **l != "```")
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    let c = config();
    let generated = c.generate().unwrap();
    let example = generated.profiles[0]
        .example
        .as_ref()
        .expect("v1_0 has an example");
    let chain: String = example
        .calls
        .iter()
        .map(|c| format!("\n    .{c}"))
        .collect();
    assert!(
        code.contains(&format!("let page = client{chain}\n    .await?;")),
        "{code}"
    );
    assert!(
        code.contains("use graph_access_packages::v1_0 as graph;"),
        "{code}"
    );
    assert_eq!(example.calls.last().map(String::as_str), Some("top(5)"));
}
