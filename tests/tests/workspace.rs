//! Workspace-level checks of the checked-in generated crate: it is fresh (regenerating from
//! `graphgen.toml` gives it byte for byte, with no stale files), generation is
//! deterministic, and the build-script selection in this crate's library works.

use std::collections::{BTreeMap, BTreeSet};
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
            } else if p.file_name().is_some_and(|n| n == graphgen::STAMP_FILE) {
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
        graphgen::drift_summary(&drifts)
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

/// The checked-in `graphgen.lock` records the metadata files as they are (what `graphgen
/// check` holds them to).
#[test]
fn the_lock_matches_the_metadata() {
    let problems = config().check_lock().unwrap();
    let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
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

/// The names a `use` tree brings in (the last segment of each path, or its `as` name).
fn use_names(tree: &syn::UseTree, out: &mut BTreeSet<String>) {
    match tree {
        syn::UseTree::Path(p) => use_names(&p.tree, out),
        syn::UseTree::Name(n) => {
            out.insert(n.ident.to_string());
        }
        syn::UseTree::Rename(r) => {
            out.insert(r.rename.to_string());
        }
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| use_names(t, out)),
        syn::UseTree::Glob(_) => panic!("a glob re-export hides what the runtime exports"),
    }
}

/// The runtime's API (its root `pub use`s and public modules) and its hidden `__private`
/// support, from `runtime/src/lib.rs`.
fn runtime_surface() -> (BTreeSet<String>, BTreeSet<String>) {
    let text = std::fs::read_to_string(workspace_root().join("runtime/src/lib.rs")).unwrap();
    let file = syn::parse_file(&text).unwrap();
    let public = |vis: &syn::Visibility| matches!(vis, syn::Visibility::Public(_));
    let (mut api, mut private) = (BTreeSet::new(), BTreeSet::new());
    for item in &file.items {
        match item {
            syn::Item::Use(u) if public(&u.vis) => use_names(&u.tree, &mut api),
            syn::Item::Mod(m) if public(&m.vis) && m.ident == "__private" => {
                let hidden = m.attrs.iter().any(|a| {
                    a.path().is_ident("doc") && quote::quote!(#a).to_string().contains("hidden")
                });
                assert!(hidden, "`__private` is `#[doc(hidden)]`");
                for inner in m
                    .content
                    .as_ref()
                    .map(|(_, i)| i.as_slice())
                    .unwrap_or_default()
                {
                    if let syn::Item::Use(u) = inner {
                        use_names(&u.tree, &mut private);
                    }
                }
            }
            syn::Item::Mod(m) if public(&m.vis) => {
                api.insert(m.ident.to_string());
            }
            _ => {}
        }
    }
    (api, private)
}

/// Generated code reaches the runtime's API at its root and the support only it calls through
/// `__private`, and nothing is both: what the emitters name is either documented for users or
/// hidden from them. Checked on the generated crate and the golden fixtures.
#[test]
fn generated_code_uses_the_runtime_api_and_its_hidden_support_apart() {
    let (api, private) = runtime_surface();
    assert!(api.is_disjoint(&private), "{api:?} / {private:?}");
    for helper in [
        "Fields",
        "deserialize_model",
        "polymorphic",
        "serialize_enum",
    ] {
        assert!(
            private.contains(helper),
            "{helper} is in __private: {private:?}"
        );
    }
    for user_facing in [
        "AdditionalData",
        "Flags",
        "Base64",
        "Duration",
        "WireEnum",
        "Error",
    ] {
        assert!(api.contains(user_facing), "{user_facing} is API: {api:?}");
    }
    let mut texts = Vec::new();
    let mut dirs = vec![
        workspace_root().join("generated/src"),
        workspace_root().join("tests/fixtures"),
    ];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                texts.push((p.clone(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let (mut used_api, mut used_private) = (BTreeSet::new(), BTreeSet::new());
    for (path, text) in &texts {
        for (at, _) in text.match_indices("::graphgen_runtime::") {
            let rest = &text[at + "::graphgen_runtime::".len()..];
            let name = ident(rest);
            if name == "__private" {
                let item = ident(&rest["__private::".len()..]);
                assert!(
                    private.contains(&item),
                    "{}: __private::{item}",
                    path.display()
                );
                used_private.insert(item);
            } else {
                assert!(api.contains(&name), "{}: {name} is not API", path.display());
                used_api.insert(name);
            }
        }
    }
    assert!(used_private.len() >= 4, "{used_private:?}");
    assert!(used_api.len() >= 10, "{used_api:?}");
}
