//! The seed (`Store::seed`, what `graph_local_server` starts with) and the start-up text.

use graphgen_tests::server::seed::{self, SEED, SeedKind};
use graphgen_tests::server::{GraphServer, Store};
use http::StatusCode;
use serde_json::Value;

use crate::support::{EM, PACKAGES, get, ids};

/// The collection a seeded object of `kind` is listed in, below a version root.
fn collection(kind: SeedKind) -> String {
    match kind {
        SeedKind::Group => "groups".to_owned(),
        SeedKind::Catalog => format!("{EM}/accessPackageCatalogs"),
        SeedKind::AccessPackage => format!("{EM}/accessPackages"),
    }
}

#[tokio::test]
async fn seeded_objects_are_listed_and_read_under_both_versions() {
    let server = GraphServer::start().await;
    assert_eq!(server.store().seed(), SEED);
    for version in ["v1.0", "beta"] {
        for kind in [SeedKind::Group, SeedKind::Catalog, SeedKind::AccessPackage] {
            let expected: Vec<&str> = SEED
                .iter()
                .filter(|object| object.kind == kind)
                .map(|object| object.id)
                .collect();
            let list = get(&server, &format!("/{version}/{}", collection(kind))).await;
            assert_eq!(list.status, StatusCode::OK);
            assert_eq!(ids(&list.json()), expected, "{version} {kind:?}");
        }
        for object in SEED {
            let url = format!("/{version}/{}/{}", collection(object.kind), object.id);
            let read = get(&server, &url).await;
            assert_eq!(read.status, StatusCode::OK, "{url}");
            let read = read.json();
            assert_eq!(read["id"], object.id);
            assert_eq!(read["displayName"], object.display_name);
        }
    }
    let in_catalog = get(
        &server,
        &format!(
            "/v1.0/{EM}/accessPackageCatalogs/{}/accessPackages",
            seed::CATALOG_ID
        ),
    )
    .await
    .json();
    assert_eq!(ids(&in_catalog), [seed::PACKAGE_ID, seed::OTHER_PACKAGE_ID]);
    let package = get(&server, &format!("{PACKAGES}/{}", seed::PACKAGE_ID))
        .await
        .json();
    assert_eq!(package["isHidden"], false);
    assert_eq!(package["catalogId"], seed::CATALOG_ID);
    // No links yet: the `$ref` examples make them.
    for nav in ["incompatibleGroups", "incompatibleAccessPackages"] {
        let links = get(&server, &format!("{PACKAGES}/{}/{nav}", seed::PACKAGE_ID)).await;
        assert!(ids(&links.json()).is_empty(), "{nav}");
    }
}

#[tokio::test]
async fn seeding_is_deterministic_and_keeps_what_is_there() {
    let (first, second) = (Store::default(), Store::default());
    first.add_group("mine", "Mine");
    first.seed();
    first.seed();
    second.seed();
    let without_mine = |groups: Vec<Value>| -> Vec<Value> {
        groups
            .into_iter()
            .filter(|group| group["id"] != "mine")
            .collect()
    };
    assert_eq!(first.groups().len(), 3);
    assert_eq!(without_mine(first.groups()), second.groups());
    assert_eq!(first.catalogs(), second.catalogs());
    assert_eq!(first.access_packages(), second.access_packages());
    assert_eq!(second.access_packages().len(), 2);
    // Every id the examples read is seeded, once.
    let envs: Vec<_> = SEED.iter().filter_map(|object| object.env).collect();
    assert_eq!(
        envs,
        ["GROUP_ID", "CATALOG_ID", "PACKAGE_ID", "OTHER_PACKAGE_ID"]
    );
    // Re-seeding keeps links made to the seeded objects.
    assert!(first.link_incompatible_group(seed::PACKAGE_ID, seed::GROUP_ID));
    first.seed();
    assert_eq!(
        first.incompatible_groups(seed::PACKAGE_ID),
        [seed::GROUP_ID]
    );
}

#[test]
fn startup_text_is_comments_and_exports() {
    let origin = "http://127.0.0.1:4321";
    let text = seed::startup_text(origin, "tok", &SEED);
    let mut exports = Vec::new();
    for line in text.lines() {
        match line.strip_prefix("export ") {
            Some(export) => exports.push(export.split_once('=').expect("NAME=VALUE")),
            None => assert!(line.starts_with("# "), "not a shell comment: {line}"),
        }
    }
    assert_eq!(
        exports,
        [
            ("GRAPH_BASE_URL", "http://127.0.0.1:4321/v1.0"),
            ("GRAPH_TOKEN", "tok"),
            ("GROUP_ID", seed::GROUP_ID),
            ("CATALOG_ID", seed::CATALOG_ID),
            ("PACKAGE_ID", seed::PACKAGE_ID),
            ("OTHER_PACKAGE_ID", seed::OTHER_PACKAGE_ID),
        ]
    );
    for object in SEED {
        let listed = text
            .lines()
            .find(|line| line.contains(object.id) && line.starts_with('#'))
            .unwrap_or_else(|| panic!("{} is not listed:\n{text}", object.id));
        assert!(listed.contains(object.kind.name()), "{listed}");
        assert!(listed.contains(object.display_name), "{listed}");
    }
    assert!(text.contains("export GRAPH_BASE_URL=http://127.0.0.1:4321/beta"));

    let empty = seed::startup_text(origin, "tok", &[]);
    let exports: Vec<_> = empty.lines().filter(|l| l.starts_with("export ")).collect();
    assert_eq!(
        exports,
        [
            "export GRAPH_BASE_URL=http://127.0.0.1:4321/v1.0",
            "export GRAPH_TOKEN=tok"
        ]
    );
    assert!(!empty.contains(seed::GROUP_ID));
}
