//! The seed: a fixed set of groups, a catalog and access packages, so that every example
//! program has objects to work on, and the start-up text of the local server that lists them.
//!
//! Ids are fixed UUIDs and timestamps a fixed instant, so a seeded store reads the same on
//! every start: ids printed once stay valid across restarts.

use std::fmt::Write as _;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};

use super::response::graph_timestamp;
use super::store::{Store, put};

/// The group the examples link to (`GROUP_ID`).
pub const GROUP_ID: &str = "00000000-0000-4000-a000-000000000101";
/// A second group, to try more links with.
pub const OTHER_GROUP_ID: &str = "00000000-0000-4000-a000-000000000102";
/// The catalog both seeded packages are in (`CATALOG_ID`).
pub const CATALOG_ID: &str = "00000000-0000-4000-a000-000000000201";
/// The access package the examples link from (`PACKAGE_ID`).
pub const PACKAGE_ID: &str = "00000000-0000-4000-a000-000000000301";
/// The access package the examples link to (`OTHER_PACKAGE_ID`).
pub const OTHER_PACKAGE_ID: &str = "00000000-0000-4000-a000-000000000302";

/// What kind of object a [`SeedObject`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SeedKind {
    /// A `microsoft.graph.group`, under `/groups`.
    Group,
    /// A `microsoft.graph.accessPackageCatalog`, under
    /// `/identityGovernance/entitlementManagement/accessPackageCatalogs`.
    Catalog,
    /// A `microsoft.graph.accessPackage` of the seeded catalog, under
    /// `/identityGovernance/entitlementManagement/accessPackages`.
    AccessPackage,
}

impl SeedKind {
    /// The entity type's name, as the start-up text lists it (`accessPackage`).
    pub fn name(self) -> &'static str {
        match self {
            SeedKind::Group => "group",
            SeedKind::Catalog => "catalog",
            SeedKind::AccessPackage => "accessPackage",
        }
    }
}

/// One object [`Store::seed`] adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeedObject {
    /// What it is.
    pub kind: SeedKind,
    /// Its fixed id.
    pub id: &'static str,
    /// Its `displayName`.
    pub display_name: &'static str,
    /// The environment variable the example programs read this id from, if they read it.
    pub env: Option<&'static str>,
}

/// Everything [`Store::seed`] adds, in the order it adds them.
pub const SEED: [SeedObject; 5] = [
    SeedObject {
        kind: SeedKind::Group,
        id: GROUP_ID,
        display_name: "Sales reps group",
        env: Some("GROUP_ID"),
    },
    SeedObject {
        kind: SeedKind::Group,
        id: OTHER_GROUP_ID,
        display_name: "Marketing group",
        env: None,
    },
    SeedObject {
        kind: SeedKind::Catalog,
        id: CATALOG_ID,
        display_name: "General",
        env: Some("CATALOG_ID"),
    },
    SeedObject {
        kind: SeedKind::AccessPackage,
        id: PACKAGE_ID,
        display_name: "Sales reps",
        env: Some("PACKAGE_ID"),
    },
    SeedObject {
        kind: SeedKind::AccessPackage,
        id: OTHER_PACKAGE_ID,
        display_name: "Marketing",
        env: Some("OTHER_PACKAGE_ID"),
    },
];

/// When the seeded objects were "created": 2024-01-01T00:00:00Z.
const SEEDED_AT: Duration = Duration::from_secs(1_704_067_200);

impl Store {
    /// Adds the objects of [`SEED`] (replacing objects with the same ids, and leaving
    /// everything else as it is) and returns them.
    ///
    /// Groups are security groups; packages are in the seeded catalog, not hidden, and have
    /// no links, so the `$ref` examples start from nothing.
    ///
    /// ```
    /// use graphgen_tests::server::{Store, seed};
    ///
    /// let store = Store::default();
    /// store.seed();
    /// assert_eq!(store.groups()[0]["id"], seed::GROUP_ID);
    /// assert_eq!(store.access_package(seed::PACKAGE_ID).unwrap()["catalogId"], seed::CATALOG_ID);
    /// ```
    pub fn seed(&self) -> &'static [SeedObject] {
        let at = graph_timestamp(SystemTime::UNIX_EPOCH + SEEDED_AT);
        let mut state = self.lock();
        for object in &SEED {
            let (id, name) = (object.id, object.display_name);
            let value = match object.kind {
                SeedKind::Group => json!({
                    "id": id,
                    "displayName": name,
                    "description": format!("{name}, seeded by the local server"),
                    "groupTypes": [],
                    "mailEnabled": false,
                    "mailNickname": name.to_lowercase().replace(' ', "-"),
                    "securityEnabled": true,
                    "createdDateTime": at,
                }),
                SeedKind::Catalog => json!({
                    "id": id,
                    "displayName": name,
                    "description": "Seeded by the local server",
                    "isExternallyVisible": false,
                    "createdDateTime": at,
                    "modifiedDateTime": at,
                }),
                SeedKind::AccessPackage => json!({
                    "id": id,
                    "catalogId": CATALOG_ID,
                    "displayName": name,
                    "description": format!("{name}, seeded by the local server"),
                    "isHidden": false,
                    "createdDateTime": at,
                    "modifiedDateTime": at,
                }),
            };
            let Value::Object(value) = value else {
                unreachable!("json! of an object literal is an object")
            };
            match object.kind {
                SeedKind::Group => put(&mut state.groups, value),
                SeedKind::Catalog => put(&mut state.catalogs, value),
                SeedKind::AccessPackage => state.put_package(id.to_owned(), value),
            }
        }
        &SEED
    }
}

/// The text the local server prints at start-up: shell comments, and `export` lines for
/// `GRAPH_BASE_URL` (the v1.0 root of `origin`), `GRAPH_TOKEN` and the id of every seeded
/// object the examples read (when `seeded` lists any), so that the whole text can be pasted
/// into a shell or `source`d.
///
/// ```
/// use graphgen_tests::server::seed;
///
/// let text = seed::startup_text("http://127.0.0.1:8080", "t", &seed::SEED);
/// assert!(text.contains("\nexport GRAPH_BASE_URL=http://127.0.0.1:8080/v1.0\n"));
/// assert!(text.contains(&format!("\nexport GROUP_ID={}\n", seed::GROUP_ID)));
/// ```
pub fn startup_text(origin: &str, token: &str, seeded: &[SeedObject]) -> String {
    let mut text = format!(
        "# local Graph server on {origin}: in memory, /v1.0 and /beta serve one store,\n\
         # every request needs `Authorization: Bearer $GRAPH_TOKEN`\n"
    );
    if seeded.is_empty() {
        text.push_str(
            "# empty store (--empty): POST to /v1.0/groups, …/accessPackageCatalogs and \
             …/accessPackages to fill it\n",
        );
    } else {
        text.push_str("# seeded (fixed ids, the same on every start):\n");
        let width = seeded
            .iter()
            .map(|object| object.display_name.len())
            .max()
            .unwrap_or_default();
        for object in seeded {
            let line = format!(
                "#   {:<13}  {}  {:<width$}  {}",
                object.kind.name(),
                object.id,
                object.display_name,
                object.env.unwrap_or_default(),
            );
            let _ = writeln!(text, "{}", line.trim_end());
        }
    }
    let _ = writeln!(text, "export GRAPH_BASE_URL={origin}/v1.0");
    let _ = writeln!(text, "export GRAPH_TOKEN={token}");
    for object in seeded {
        if let Some(env) = object.env {
            let _ = writeln!(text, "export {env}={}", object.id);
        }
    }
    let _ = writeln!(
        text,
        "# the beta examples (--features beta): export GRAPH_BASE_URL={origin}/beta"
    );
    text.push_str("# ready; Ctrl-C stops\n");
    text
}
