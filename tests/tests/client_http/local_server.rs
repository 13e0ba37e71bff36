//! The `graph_local_server` binary as a user runs it (README, "Trying it locally"): started
//! as a process, its printed `export` lines are all the examples get, and every example in
//! `generated/examples/` runs against it. The examples' `run` functions are called with a
//! client made as their shared `common::client` makes one, and with the ids their `main`s
//! read from the environment (checked against the examples' source).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use graph_access_packages::{beta, v1_0};
use graphgen_tests::server::seed::SEED;

use crate::examples::{seed_000, seed_001, seed_002, seed_003, seed_004};

const BINARY: &str = env!("CARGO_BIN_EXE_graph_local_server");

/// The examples, with the variables their `main`s read through `common::var_or`, in the
/// order they pass them to `run`.
const EXAMPLES: [(&str, &str, &[&str]); 5] = [
    (
        "seed_000_incompatible_with.rs",
        include_str!("../../../generated/examples/seed_000_incompatible_with.rs"),
        &["CATALOG_ID", "PACKAGE_ID", "OTHER_PACKAGE_ID"],
    ),
    (
        "seed_001_incompatible_access_packages.rs",
        include_str!("../../../generated/examples/seed_001_incompatible_access_packages.rs"),
        &["PACKAGE_ID", "OTHER_PACKAGE_ID"],
    ),
    (
        "seed_002_create_with_odata_type.rs",
        include_str!("../../../generated/examples/seed_002_create_with_odata_type.rs"),
        &["CATALOG_ID"],
    ),
    (
        "seed_003_create_access_package.rs",
        include_str!("../../../generated/examples/seed_003_create_access_package.rs"),
        &["CATALOG_ID"],
    ),
    (
        "seed_004_incompatible_groups.rs",
        include_str!("../../../generated/examples/seed_004_incompatible_groups.rs"),
        &["PACKAGE_ID", "GROUP_ID"],
    ),
];

/// `common/mod.rs`, which reads the service root and the token.
const COMMON: &str = include_str!("../../../generated/examples/common/mod.rs");

/// A running `graph_local_server` process, killed when dropped.
struct LocalServer {
    child: Child,
    /// Everything it printed up to `# ready`.
    text: String,
    /// Its `export NAME=VALUE` lines.
    exports: BTreeMap<String, String>,
}

impl Drop for LocalServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl LocalServer {
    /// Starts the binary with `args` and reads its start-up text.
    fn start(args: &[&str]) -> LocalServer {
        let mut child = Command::new(BINARY)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .expect("graph_local_server starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut server = LocalServer {
            child,
            text: String::new(),
            exports: BTreeMap::new(),
        };
        let (lines, received) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        loop {
            let line = received
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no `# ready` line; printed:\n{}", server.text))
                .expect("UTF-8 output");
            server.text.push_str(&line);
            server.text.push('\n');
            if let Some((name, value)) = line
                .strip_prefix("export ")
                .and_then(|export| export.split_once('='))
            {
                server.exports.insert(name.to_owned(), value.to_owned());
            }
            if line.starts_with("# ready") {
                return server;
            }
        }
    }

    /// The value of an `export` line.
    fn var(&self, name: &str) -> &str {
        self.exports
            .get(name)
            .unwrap_or_else(|| panic!("no `export {name}=` in:\n{}", self.text))
    }

    /// The root the beta examples are told to use (a comment, since `GRAPH_BASE_URL` is
    /// exported for v1.0).
    fn beta_base_url(&self) -> &str {
        self.text
            .lines()
            .filter(|line| line.starts_with("# the beta examples"))
            .find_map(|line| line.split_once("export GRAPH_BASE_URL="))
            .map(|(_, url)| url)
            .unwrap_or_else(|| panic!("no beta root in:\n{}", self.text))
    }

    /// A client for `base_url` made as `examples/common/mod.rs` makes it from
    /// `GRAPH_BASE_URL` and `GRAPH_TOKEN`.
    fn client<C: From<graphgen_runtime::Client>>(&self, base_url: &str) -> C {
        graphgen_runtime::Client::builder(base_url)
            .bearer_token(self.var("GRAPH_TOKEN"))
            .build()
            .expect("a valid client")
            .into()
    }
}

/// The names `source` passes to `pattern` (such as `var_or("`) as string literals.
fn names_after<'a>(source: &'a str, pattern: &str) -> Vec<&'a str> {
    source
        .split(pattern)
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(name, _)| name))
        .collect()
}

#[test]
fn every_variable_the_examples_read_is_printed() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../generated/examples");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("generated/examples")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".rs"))
        .collect();
    on_disk.sort();
    let covered: Vec<&str> = EXAMPLES.iter().map(|(file, ..)| *file).collect();
    assert_eq!(on_disk, covered, "an example this test does not run");
    let server = LocalServer::start(&[]);
    for (file, source, reads) in EXAMPLES {
        assert_eq!(names_after(source, "var_or(\""), reads, "{file}");
        for name in reads {
            server.var(name);
        }
    }
    let mut common = names_after(COMMON, "env::var(\"");
    common.sort_unstable();
    assert_eq!(common, ["GRAPH_BASE_URL", "GRAPH_TOKEN"]);
    server.var("GRAPH_BASE_URL");
    server.var("GRAPH_TOKEN");
}

#[tokio::test]
async fn every_example_runs_against_the_seeded_binary_with_the_printed_exports() {
    let server = LocalServer::start(&[]);
    let v1: v1_0::Client = server.client(server.var("GRAPH_BASE_URL"));
    let beta_root = server.beta_base_url().to_owned();
    assert_eq!(
        beta_root,
        server.var("GRAPH_BASE_URL").replace("/v1.0", "/beta")
    );
    let beta: beta::Client = server.client(&beta_root);
    let [catalog, package, other, group] =
        ["CATALOG_ID", "PACKAGE_ID", "OTHER_PACKAGE_ID", "GROUP_ID"].map(|name| server.var(name));
    let name_of = |id: &str| SEED.iter().find(|o| o.id == id).map(|o| o.display_name);

    // seed_004 (v1.0): the `$ref` example of the issue, on the seeded group.
    let groups = seed_004::run(&v1, package, group).await.expect("seed_004");
    let groups: Vec<_> = groups
        .iter()
        .map(|g| (g.id.as_deref(), g.display_name.as_deref()))
        .collect();
    assert_eq!(groups, [(Some(group), name_of(group))]);

    // seed_001: `other` into `incompatibleAccessPackages` of `package`.
    let links = seed_001::run(&beta, package, other)
        .await
        .expect("seed_001");
    let url =
        format!("{beta_root}/identityGovernance/entitlementManagement/accessPackages/{other}");
    assert_eq!(links, [url]);

    // seed_000: through the catalog; `other` now lists `package`.
    let with = seed_000::run(&beta, catalog, package, other)
        .await
        .expect("seed_000");
    let with: Vec<_> = with.iter().map(|p| p.id.as_deref()).collect();
    assert_eq!(with, [Some(other)]);

    // seed_002 and seed_003 create packages in the seeded catalog; 003 leaves isHidden out.
    let typed = seed_002::run(&beta, catalog).await.expect("seed_002");
    assert_eq!(typed.catalog_id.as_deref(), Some(catalog));
    assert_eq!(typed.is_hidden, Some(true));
    let plain = seed_003::run(&beta, catalog).await.expect("seed_003");
    assert_eq!(plain.catalog_id.as_deref(), Some(catalog));
    assert_eq!(plain.is_hidden, Some(false));
    assert_eq!(plain.is_role_scopes_visible, Some(false));

    let in_catalog = beta
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id(catalog)
        .access_packages()
        .list()
        .all()
        .await
        .expect("the catalog's packages");
    let mut ids: Vec<_> = in_catalog.iter().filter_map(|p| p.id.as_deref()).collect();
    ids.sort_unstable();
    let created = [&typed, &plain].map(|p| p.id.as_deref().expect("an id"));
    let mut expected = [[package, other], created].concat();
    expected.sort_unstable();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn empty_starts_with_nothing_and_bad_arguments_are_refused() {
    let server = LocalServer::start(&["--empty", "0"]);
    let names: Vec<_> = server.exports.keys().map(String::as_str).collect();
    assert_eq!(names, ["GRAPH_BASE_URL", "GRAPH_TOKEN"]);
    let v1: v1_0::Client = server.client(server.var("GRAPH_BASE_URL"));
    let packages = v1
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .list()
        .all()
        .await
        .expect("list");
    assert!(packages.is_empty(), "{packages:?}");

    for args in [&["nope"][..], &["1", "2"], &["--port"]] {
        let output = Command::new(BINARY)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("usage: graph_local_server"), "{stderr}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
}
