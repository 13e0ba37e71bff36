//! The generated examples (`generated/examples/seed_*.rs`), compiled here as modules and
//! their `run` functions run against the local server, as a user would run them against
//! Graph. Their `main`s read the environment and are not called.
//!
//! Each example's `mod common;` resolves to `generated/examples/common/mod.rs` (a file
//! loaded through `#[path]` owns its directory, like a `mod.rs`), so that file is compiled
//! once per example: hence `clippy::duplicate_mod` is allowed.

use graph_access_packages::{beta, v1_0};
use graphgen_runtime::CanonicalPath;

use crate::support::{beta_packages, create_beta, create_v1, server, v1};

#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../../generated/examples/seed_000_incompatible_with.rs"]
pub(crate) mod seed_000;
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../../generated/examples/seed_001_incompatible_access_packages.rs"]
pub(crate) mod seed_001;
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../../generated/examples/seed_002_create_with_odata_type.rs"]
pub(crate) mod seed_002;
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../../generated/examples/seed_003_create_access_package.rs"]
pub(crate) mod seed_003;
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "../../../generated/examples/seed_004_incompatible_groups.rs"]
pub(crate) mod seed_004;

#[tokio::test]
async fn example_000_links_through_the_catalog_and_lists_the_other_package() {
    let server = server().await;
    let client = crate::support::beta(&server);
    server.store().add_catalog("cat-0", "General");
    let a = create_beta(&client, "A", "cat-0").await;
    let b = create_beta(&client, "B", "cat-0").await;
    let with = seed_000::run(&client, "cat-0", &a, &b).await.expect("run");
    let ids: Vec<_> = with.iter().map(|p| p.id.as_deref()).collect();
    assert_eq!(ids, [Some(b.as_str())]);
    assert_eq!(server.store().access_packages_incompatible_with(&a), [b]);
}

#[tokio::test]
async fn example_001_links_and_returns_the_links() {
    let server = server().await;
    let client = crate::support::beta(&server);
    let a = create_beta(&client, "A", "c").await;
    let b = create_beta(&client, "B", "c").await;
    let links = seed_001::run(&client, &a, &b).await.expect("run");
    let url = client
        .runtime()
        .entity_url(beta::models::AccessPackage::COLLECTION_PATH, &b);
    assert_eq!(links, [url]);
    assert_eq!(server.store().incompatible_access_packages(&a), [b]);
}

#[tokio::test]
async fn example_002_and_003_create_packages() {
    let server = server().await;
    let client = crate::support::beta(&server);
    let typed = seed_002::run(&client, "cat-2").await.expect("run 002");
    assert_eq!(
        typed.odata_type.as_deref(),
        Some("#microsoft.graph.accessPackage")
    );
    assert_eq!(typed.catalog_id.as_deref(), Some("cat-2"));
    assert_eq!(typed.created_by.as_deref(), Some("Created By value"));
    assert!(typed.created_date_time.is_some());
    let plain = seed_003::run(&client, "cat-3").await.expect("run 003");
    assert_eq!(plain.display_name.as_deref(), Some("sales reps"));
    assert!(plain.id.is_some() && plain.id != typed.id);
    let all = beta_packages(&client).list().all().await.expect("list");
    assert_eq!(all.len(), 2);
    assert_eq!(server.store().access_packages().len(), 2);
}

#[tokio::test]
async fn example_004_links_a_group_and_lists_it() {
    let server = server().await;
    let client: v1_0::Client = v1(&server);
    server.store().add_group("g-4", "Sales reps group");
    let package = create_v1(&client, "Sales").await;
    let groups = seed_004::run(&client, &package, "g-4").await.expect("run");
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].display_name.as_deref(), Some("Sales reps group"));
    assert_eq!(server.store().incompatible_groups(&package), ["g-4"]);
    // Run twice: the link is not duplicated.
    let again = seed_004::run(&client, &package, "g-4")
        .await
        .expect("run again");
    assert_eq!(again.len(), 1);
}
