//! One cloned client shared by 50 tokio tasks making 500 requests: nothing lost, nothing
//! duplicated, checked object by object in the server's store.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use graph_access_packages::v1_0;
use graphgen_tests::server::GraphServer;
use tokio::task::JoinSet;

use crate::support::{server, v1, v1_packages};

const TASKS: usize = 50;
const PER_TASK: usize = 5;
const PACKAGES: usize = TASKS * PER_TASK;
const GROUPS: usize = 25;

/// The link package `n` gets: even packages an incompatible group, odd ones go into the
/// `incompatibleAccessPackages` of package 0 (many writers on one list) or, when `n` is
/// `1 (mod 4)`, point at their successor.
#[derive(Clone, Copy, Debug)]
enum Link {
    Group { owner: usize, group: usize },
    Package { owner: usize, target: usize },
}

fn link_of(n: usize) -> Link {
    match n % 4 {
        0 | 2 => Link::Group {
            owner: n,
            group: n % GROUPS,
        },
        1 => Link::Package {
            owner: n,
            target: (n + 1) % PACKAGES,
        },
        _ => Link::Package {
            owner: 0,
            target: n,
        },
    }
}

fn group_id(n: usize) -> String {
    format!("group-{n:02}")
}

/// Phase one: each task creates its packages; the ids, by package number.
async fn create_all(client: &v1_0::Client) -> Vec<String> {
    let mut tasks = JoinSet::new();
    for task in 0..TASKS {
        let client = client.clone();
        tasks.spawn(async move {
            let mut made = Vec::new();
            for k in 0..PER_TASK {
                let n = task * PER_TASK + k;
                let body = v1_0::models::AccessPackage {
                    display_name: Some(format!("package {n:03}")),
                    ..Default::default()
                };
                let created = v1_packages(&client).post(&body).await.expect("created");
                made.push((n, created.id.expect("id")));
            }
            made
        });
    }
    let mut ids = vec![String::new(); PACKAGES];
    while let Some(made) = tasks.join_next().await {
        for (n, id) in made.expect("task") {
            ids[n] = id;
        }
    }
    ids
}

/// Phase two: each task adds the links of its packages.
async fn link_all(client: &v1_0::Client, ids: &Arc<Vec<String>>) {
    let mut tasks = JoinSet::new();
    for task in 0..TASKS {
        let (client, ids) = (client.clone(), Arc::clone(ids));
        tasks.spawn(async move {
            for k in 0..PER_TASK {
                let item = |n: usize| v1_packages(&client).by_id(&ids[n]);
                match link_of(task * PER_TASK + k) {
                    Link::Group { owner, group } => item(owner)
                        .incompatible_groups()
                        .refs()
                        .add(group_id(group))
                        .await
                        .expect("group link"),
                    Link::Package { owner, target } => item(owner)
                        .incompatible_access_packages()
                        .refs()
                        .add(&ids[target])
                        .await
                        .expect("package link"),
                }
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("task");
    }
}

/// Every package once with its name, and exactly the intended links.
fn assert_final_state(server: &GraphServer, ids: &[String]) {
    let stored = server.store().access_packages();
    assert_eq!(stored.len(), PACKAGES);
    let names: BTreeMap<&str, &str> = stored
        .iter()
        .map(|p| {
            let id = p["id"].as_str().expect("id");
            (id, p["displayName"].as_str().expect("name"))
        })
        .collect();
    assert_eq!(names.len(), PACKAGES, "ids are unique");
    for (n, id) in ids.iter().enumerate() {
        assert_eq!(
            names.get(id.as_str()),
            Some(&format!("package {n:03}").as_str())
        );
    }
    let mut groups: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    let mut packages: BTreeMap<usize, Vec<String>> = BTreeMap::new();
    for n in 0..PACKAGES {
        match link_of(n) {
            Link::Group { owner, group } => groups.entry(owner).or_default().push(group_id(group)),
            Link::Package { owner, target } => {
                packages.entry(owner).or_default().push(ids[target].clone());
            }
        }
    }
    for (n, id) in ids.iter().enumerate() {
        let mut got = server.store().incompatible_groups(id);
        got.sort();
        let mut want = groups.remove(&n).unwrap_or_default();
        want.sort();
        assert_eq!(got, want, "incompatibleGroups of package {n}");
        let got = server.store().incompatible_access_packages(id);
        let distinct: BTreeSet<&String> = got.iter().collect();
        assert_eq!(
            distinct.len(),
            got.len(),
            "no duplicate link on package {n}"
        );
        let mut got = got.clone();
        got.sort();
        let mut want = packages.remove(&n).unwrap_or_default();
        want.sort();
        assert_eq!(got, want, "incompatibleAccessPackages of package {n}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_operations_from_fifty_tasks_on_one_client() {
    let server = server().await;
    for n in 0..GROUPS {
        server
            .store()
            .add_group(&group_id(n), &format!("Group {n}"));
    }
    let client = v1(&server);
    let ids = Arc::new(create_all(&client).await);
    link_all(&client, &ids).await;
    assert_eq!(server.requests().len(), 2 * PACKAGES);
    assert_final_state(&server, &ids);
    // Package 0 collected the packages 4k + 3, written by every task.
    let hub = v1_packages(&client)
        .by_id(&ids[0])
        .incompatible_access_packages();
    let expected = (0..PACKAGES).filter(|n| n % 4 == 3).count();
    assert_eq!(hub.count().await.expect("count"), expected as u64);
}
