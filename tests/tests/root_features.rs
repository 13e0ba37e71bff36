//! Cargo features per top-level root (`root_features = true`): what the emitted crate says
//! about them, on the `polymorphism` fixture (entity sets `directoryObjects`, `users`,
//! `groups`, `accessPackages`; `user` and `group` derive from `directoryObject`).
//!
//! That each feature compiles alone, with warnings denied, is checked by `.ci/run`, which
//! builds this fixture's crate (and the whole v1.0 with one root) feature by feature.

use std::path::{Path, PathBuf};

use graphgen::{Config, Layout, Profile};

fn config(root_features: bool, layout: Layout) -> Config {
    let xml = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/polymorphism.xml");
    let mut profile = Profile::new("v1_0", xml);
    profile.root_features = root_features;
    let mut config = Config::new();
    config.profile(profile).layout(layout);
    config.rerun_if_changed = false;
    config
}

fn generate(root_features: bool) -> graphgen::Generated {
    config(root_features, Layout::Crate)
        .generate()
        .expect("generates")
}

fn file<'a>(g: &'a graphgen::Generated, path: &str) -> &'a str {
    g.output
        .files
        .get(&PathBuf::from(path))
        .unwrap_or_else(|| panic!("no {path} in {:#?}", g.output.files.keys()))
}

/// The whole text of every Rust file, joined.
fn rust(g: &graphgen::Generated) -> String {
    g.output
        .files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        .map(|(_, t)| t.as_str())
        .collect()
}

/// The `#[cfg(…)]` of the item called `name` in any Rust file (a struct, an enum, or the
/// `polymorphic!` invocation that defines enum `name`), as tokens; `None` when it has none.
fn cfg_of(g: &graphgen::Generated, name: &str) -> Option<String> {
    use quote::ToTokens;
    for (path, text) in &g.output.files {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let file = syn::parse_file(text).expect("parses");
        for item in &file.items {
            let (ident, attrs) = match item {
                syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
                syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
                syn::Item::Macro(m) => {
                    let tokens = m.mac.tokens.to_string();
                    let defines = tokens.contains(&format!("enum {name} "));
                    (
                        if defines {
                            name.to_owned()
                        } else {
                            String::new()
                        },
                        &m.attrs,
                    )
                }
                _ => continue,
            };
            if ident == name {
                return attrs
                    .iter()
                    .find(|a| a.path().is_ident("cfg"))
                    .map(|a| a.meta.to_token_stream().to_string());
            }
        }
    }
    panic!("no item `{name}`");
}

#[test]
fn the_manifest_has_a_feature_per_root_and_full_and_turns_none_on_by_default() {
    let g = generate(true);
    let manifest: toml::Table = file(&g, "Cargo.toml").parse().expect("TOML");
    let features = manifest["features"].as_table().expect("[features]");
    let list = |name: &str| -> Vec<String> {
        features[name]
            .as_array()
            .unwrap_or_else(|| panic!("{name}"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    };
    assert_eq!(
        list("full"),
        ["access_packages", "directory_objects", "groups", "users"]
    );
    for root in list("full") {
        assert!(list(&root).is_empty(), "{root}");
    }
    assert_eq!(list("default"), ["v1_0", "reqwest"]);
    let docs = file(&g, "src/lib.rs");
    assert!(
        docs.contains("`access_packages`, `directory_objects`, `groups`, `users`")
            || docs.contains("`directory_objects`, `users`, `groups`, `access_packages`"),
        "{docs}"
    );
}

#[test]
fn each_client_method_is_behind_its_own_feature() {
    let g = generate(true);
    let module: String = file(&g, "src/v1_0/mod.rs").split_whitespace().collect();
    for feature in ["users", "groups", "directory_objects", "access_packages"] {
        let gated = format!(r#"#[cfg(any(feature="{feature}"))]#[inline]pubfn{feature}(&self)"#);
        assert!(module.contains(&gated), "no {gated}");
    }
}

#[test]
fn items_are_gated_by_the_roots_that_need_them() {
    let g = generate(true);
    let text = rust(&g);
    // Every root needs `entity`: no gate.
    assert_eq!(cfg_of(&g, "Entity"), None);
    // `user` through `/users` and the cast `/directoryObjects/{id}/microsoft.graph.user`;
    // `directoryObject` through three roots.
    assert_eq!(
        cfg_of(&g, "User").as_deref(),
        Some(r#"cfg (any (feature = "directory_objects" , feature = "users"))"#)
    );
    assert_eq!(
        cfg_of(&g, "DirectoryObjectKind").as_deref(),
        Some(
            r#"cfg (any (feature = "directory_objects" , feature = "users" , feature = "groups"))"#
        )
    );
    assert_eq!(
        cfg_of(&g, "SubjectSetKind").as_deref(),
        Some(r#"cfg (any (feature = "access_packages"))"#)
    );
    // The `…Kind` variants of derived types only some of those roots need are gated too,
    // so a `group` read with only `users` on falls back to the base variant. (The casts of
    // `/directoryObjects` need both derived types.)
    let squashed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        squashed.contains(r#"User(super::User) = "microsoft.graph.user" | "graph.user" if cfg(any(feature = "directory_objects", feature = "users"))"#),
        "no gated User variant"
    );
    assert!(
        squashed.contains(r#"Group(super::Group) = "microsoft.graph.group" | "graph.group" if cfg(any(feature = "directory_objects", feature = "groups"))"#),
        "no gated Group variant"
    );
    // Builders: the `users` collection, and its item, which the cast
    // `/directoryObjects/{id}/microsoft.graph.user` leads to as well.
    assert_eq!(
        cfg_of(&g, "UsersCollection").as_deref(),
        Some(r#"cfg (any (feature = "users"))"#)
    );
    assert_eq!(
        cfg_of(&g, "UserItem").as_deref(),
        Some(r#"cfg (any (feature = "directory_objects" , feature = "users"))"#)
    );
}

#[test]
fn modules_only_some_roots_need_are_not_even_read_without_them() {
    let g = generate(true);
    let requests = file(&g, "src/v1_0/requests/mod.rs");
    let gated_mods = requests
        .lines()
        .zip(requests.lines().skip(1))
        .filter(|(a, b)| a.starts_with("#[cfg(any(feature") && b.starts_with("mod "))
        .count();
    assert!(gated_mods > 0, "{requests}");
}

#[test]
fn without_root_features_nothing_is_gated_and_the_manifest_has_no_root_features() {
    let g = generate(false);
    assert!(
        !rust(&g).contains("cfg(any("),
        "a gate without root features"
    );
    let manifest: toml::Table = file(&g, "Cargo.toml").parse().expect("TOML");
    let features = manifest["features"].as_table().expect("[features]");
    assert!(!features.contains_key("full"));
    assert!(!features.contains_key("users"));
}

#[test]
fn root_features_need_the_crate_layout() {
    let err = config(true, Layout::SingleFile)
        .generate()
        .expect_err("refused")
        .to_string();
    assert!(err.contains("root features need the crate layout"), "{err}");
}
