//! The in-memory state behind both versions: access packages with their links, catalogs,
//! groups and the sync state of group delta queries, behind one `std::sync::Mutex` that no handler holds across an `await`.

use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::{Map, Value};
use uuid::Uuid;

use super::lock;

/// A JSON object as stored.
pub(crate) type Object = Map<String, Value>;

/// An access package and its outgoing links.
#[derive(Debug)]
pub(crate) struct Package {
    pub(crate) id: String,
    /// The object as returned by `GET` (with `id`, without `@odata.context`).
    pub(crate) object: Object,
    /// Ids of the packages in `incompatibleAccessPackages`, in link order.
    pub(crate) incompatible_packages: Vec<String>,
    /// Ids of the groups in `incompatibleGroups`, in link order.
    pub(crate) incompatible_groups: Vec<String>,
}

/// A navigation property of an access package that holds links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Nav {
    /// `incompatibleAccessPackages`: packages, stored on the owner.
    Packages,
    /// `incompatibleGroups`: groups, stored on the owner.
    Groups,
    /// `accessPackagesIncompatibleWith`: the reverse of `incompatibleAccessPackages`.
    Reverse,
}

impl Nav {
    pub(crate) fn parse(segment: &str) -> Option<Nav> {
        match segment {
            "incompatibleAccessPackages" => Some(Nav::Packages),
            "incompatibleGroups" => Some(Nav::Groups),
            "accessPackagesIncompatibleWith" => Some(Nav::Reverse),
            _ => None,
        }
    }

    /// The property name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Nav::Packages => "incompatibleAccessPackages",
            Nav::Groups => "incompatibleGroups",
            Nav::Reverse => "accessPackagesIncompatibleWith",
        }
    }
}

/// Everything the server stores; collections keep creation order.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) packages: Vec<Package>,
    pub(crate) catalogs: Vec<Object>,
    pub(crate) groups: Vec<Object>,
    /// Snapshots and rounds of `/groups/delta`.
    pub(crate) delta: super::delta::Tracker,
}

impl State {
    pub(crate) fn package(&self, id: &str) -> Option<&Package> {
        self.packages.iter().find(|package| package.id == id)
    }

    pub(crate) fn package_mut(&mut self, id: &str) -> Option<&mut Package> {
        self.packages.iter_mut().find(|package| package.id == id)
    }

    pub(crate) fn catalog(&self, id: &str) -> Option<&Object> {
        self.catalogs.iter().find(|catalog| has_id(catalog, id))
    }

    pub(crate) fn group(&self, id: &str) -> Option<&Object> {
        self.groups.iter().find(|group| has_id(group, id))
    }

    pub(crate) fn group_mut(&mut self, id: &str) -> Option<&mut Object> {
        self.groups.iter_mut().find(|group| has_id(group, id))
    }

    /// Removes a group and every `incompatibleGroups` link to it; `false` when there was none.
    pub(crate) fn remove_group(&mut self, id: &str) -> bool {
        let before = self.groups.len();
        self.groups.retain(|group| !has_id(group, id));
        for package in &mut self.packages {
            package.incompatible_groups.retain(|group| group != id);
        }
        self.groups.len() != before
    }

    /// Adds a package, replacing one with the same id (links of the old one are kept).
    pub(crate) fn put_package(&mut self, id: String, object: Object) {
        match self.package_mut(&id) {
            Some(package) => package.object = object,
            None => self.packages.push(Package {
                id,
                object,
                incompatible_packages: Vec::new(),
                incompatible_groups: Vec::new(),
            }),
        }
    }

    /// Removes a package and every link to it; `false` when there was none.
    pub(crate) fn remove_package(&mut self, id: &str) -> bool {
        let before = self.packages.len();
        self.packages.retain(|package| package.id != id);
        for package in &mut self.packages {
            package.incompatible_packages.retain(|other| other != id);
        }
        self.packages.len() != before
    }

    /// The objects `nav` of package `id` links to, in link order; `None` when there is no
    /// such package.
    pub(crate) fn linked(&self, id: &str, nav: Nav) -> Option<Vec<&Object>> {
        let package = self.package(id)?;
        Some(match nav {
            Nav::Packages => package
                .incompatible_packages
                .iter()
                .filter_map(|other| self.package(other).map(|other| &other.object))
                .collect(),
            Nav::Groups => package
                .incompatible_groups
                .iter()
                .filter_map(|group| self.group(group))
                .collect(),
            Nav::Reverse => self
                .incompatible_with(id)
                .into_iter()
                .map(|other| &other.object)
                .collect(),
        })
    }

    /// The packages whose `incompatibleAccessPackages` contain `id`, in creation order.
    pub(crate) fn incompatible_with(&self, id: &str) -> Vec<&Package> {
        self.packages
            .iter()
            .filter(|package| {
                package
                    .incompatible_packages
                    .iter()
                    .any(|other| other == id)
            })
            .collect()
    }
}

fn has_id(object: &Object, id: &str) -> bool {
    object.get("id").and_then(Value::as_str) == Some(id)
}

/// Adds `item` to `list` unless it is already there.
pub(crate) fn add_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|existing| existing == item) {
        list.push(item.to_owned());
    }
}

/// The server's state, to seed before and inspect after the requests of a test.
///
/// Cloning gives another handle to the same state.
#[derive(Clone, Debug, Default)]
pub struct Store {
    state: Arc<Mutex<State>>,
}

impl Store {
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    /// Every access package as `GET` returns it (without `@odata.context`), sorted by id.
    pub fn access_packages(&self) -> Vec<Value> {
        let state = self.lock();
        let mut packages: Vec<&Package> = state.packages.iter().collect();
        packages.sort_by(|a, b| a.id.cmp(&b.id));
        packages
            .into_iter()
            .map(|package| Value::Object(package.object.clone()))
            .collect()
    }

    /// One access package, or `None` when there is none with this id.
    pub fn access_package(&self, id: &str) -> Option<Value> {
        let state = self.lock();
        state
            .package(id)
            .map(|package| Value::Object(package.object.clone()))
    }

    /// The ids in the package's `incompatibleAccessPackages`, in link order (empty when the
    /// package does not exist).
    pub fn incompatible_access_packages(&self, id: &str) -> Vec<String> {
        let state = self.lock();
        state
            .package(id)
            .map(|package| package.incompatible_packages.clone())
            .unwrap_or_default()
    }

    /// The ids in the package's `incompatibleGroups`, in link order (empty when the package
    /// does not exist).
    pub fn incompatible_groups(&self, id: &str) -> Vec<String> {
        let state = self.lock();
        state
            .package(id)
            .map(|package| package.incompatible_groups.clone())
            .unwrap_or_default()
    }

    /// The ids of the packages whose `incompatibleAccessPackages` contain `id`
    /// (`accessPackagesIncompatibleWith`), in creation order.
    pub fn access_packages_incompatible_with(&self, id: &str) -> Vec<String> {
        let state = self.lock();
        state
            .incompatible_with(id)
            .into_iter()
            .map(|package| package.id.clone())
            .collect()
    }

    /// Stores `package` as it is (unknown properties, unknown enum values, anything), and
    /// returns its id: its `id` property when that is a string (replacing a package with
    /// the same id), otherwise a fresh UUID that is added as `id`.
    ///
    /// # Panics
    ///
    /// When `package` is not a JSON object.
    pub fn insert_access_package_raw(&self, package: Value) -> String {
        let Value::Object(mut object) = package else {
            panic!("insert_access_package_raw needs a JSON object, got {package}");
        };
        let id = match object.get("id").and_then(Value::as_str) {
            Some(id) => id.to_owned(),
            None => {
                let id = Uuid::new_v4().to_string();
                object.insert("id".into(), id.clone().into());
                id
            }
        };
        self.lock().put_package(id.clone(), object);
        id
    }

    /// Links `target` into the `incompatibleAccessPackages` of `owner` (once); `false` when
    /// either package does not exist.
    pub fn link_incompatible_access_package(&self, owner: &str, target: &str) -> bool {
        let mut state = self.lock();
        if state.package(target).is_none() {
            return false;
        }
        match state.package_mut(owner) {
            Some(package) => {
                add_unique(&mut package.incompatible_packages, target);
                true
            }
            None => false,
        }
    }

    /// Links group `group` into the `incompatibleGroups` of `owner` (once); `false` when the
    /// package or the group does not exist.
    pub fn link_incompatible_group(&self, owner: &str, group: &str) -> bool {
        let mut state = self.lock();
        if state.group(group).is_none() {
            return false;
        }
        match state.package_mut(owner) {
            Some(package) => {
                add_unique(&mut package.incompatible_groups, group);
                true
            }
            None => false,
        }
    }

    /// Adds a group (replacing one with the same id).
    pub fn add_group(&self, id: &str, display_name: &str) {
        let mut group = Object::new();
        group.insert("id".into(), id.into());
        group.insert("displayName".into(), display_name.into());
        put(&mut self.lock().groups, group);
    }

    /// Sets the `displayName` of group `id`; `false` when there is no such group.
    pub fn rename_group(&self, id: &str, display_name: &str) -> bool {
        match self.lock().group_mut(id) {
            Some(group) => {
                group.insert("displayName".into(), display_name.into());
                true
            }
            None => false,
        }
    }

    /// Removes group `id` (and the links to it); `false` when there was none.
    pub fn remove_group(&self, id: &str) -> bool {
        self.lock().remove_group(id)
    }

    /// Forgets the sync state of every `/groups/delta` round: saved delta links and next
    /// links get `410 Gone` from now on.
    pub fn expire_delta_links(&self) {
        self.lock().delta.expire();
    }

    /// Every group, sorted by id.
    pub fn groups(&self) -> Vec<Value> {
        sorted(&self.lock().groups)
    }

    /// Adds an access package catalog (replacing one with the same id).
    pub fn add_catalog(&self, id: &str, display_name: &str) {
        let mut catalog = Object::new();
        catalog.insert("id".into(), id.into());
        catalog.insert("displayName".into(), display_name.into());
        put(&mut self.lock().catalogs, catalog);
    }

    /// Every access package catalog, sorted by id.
    pub fn catalogs(&self) -> Vec<Value> {
        sorted(&self.lock().catalogs)
    }
}

/// Adds `object` to `list`, replacing the one with the same id.
pub(crate) fn put(list: &mut Vec<Object>, object: Object) {
    let id = object.get("id").and_then(Value::as_str).map(str::to_owned);
    match list
        .iter_mut()
        .find(|existing| id.as_deref().is_some_and(|id| has_id(existing, id)))
    {
        Some(existing) => *existing = object,
        None => list.push(object),
    }
}

fn sorted(list: &[Object]) -> Vec<Value> {
    let mut list: Vec<&Object> = list.iter().collect();
    list.sort_by_key(|object| object.get("id").and_then(Value::as_str).map(str::to_owned));
    list.into_iter().cloned().map(Value::Object).collect()
}
