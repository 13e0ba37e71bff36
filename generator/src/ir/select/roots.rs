//! One selection per top-level path root (entity set or singleton), for crates that put each
//! root behind a Cargo feature.
//!
//! A root's selection is what the configuration would select if the URL tree had only that
//! root: its selected paths, with their builders and types, plus the named type roots. Its
//! type set is closed a step further than a plain selection's: over every navigation
//! property target that the whole selection emits, because the model structs of the whole
//! selection carry those navigation properties as typed fields. So an item is needed by a
//! root exactly when that root's selection holds it, and whatever an item refers to is held
//! by every selection that holds the item: turning on a root's feature never leaves a
//! dangling reference, and turning on more features never changes an item (features stay
//! additive).
//!
//! Imports (the `Client`'s unbound operations) belong to no root: every root's selection holds
//! the selected ones, as it holds the named type roots, so they and the types they use are
//! compiled whichever roots are on.

use super::{Selection, SelectionConfig, Walked};
use crate::error::Result;
use crate::ir::Model;
use crate::ir::paths::{Edge, ItemVia, NodeKind, PathNode};

/// The selection of one top-level root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RootSelection {
    /// Index into [`Model::roots`].
    pub root: usize,
    /// What the root needs (see the module docs); its `canonical` map is empty.
    pub selection: Selection,
}

/// The whole selection (as [`super::select`] makes it) and, for each of its roots in index
/// order, the part of it that root needs.
///
/// # Errors
/// As [`super::select`].
pub fn select_by_root(
    model: &Model,
    config: &SelectionConfig,
) -> Result<(Selection, Vec<RootSelection>)> {
    let walked = Walked::new(model, config)?;
    let whole = super::select_walked(model, &walked);
    let mut root_of: Vec<Option<usize>> = Vec::with_capacity(walked.nodes.len());
    for node in &walked.nodes {
        let root = match node.parent {
            Some(p) => root_of[p],
            None => root_index(node),
        };
        root_of.push(root);
    }
    let mut out = Vec::with_capacity(whole.roots.len());
    for &root in &whole.roots {
        let selection = walked.assemble(
            model,
            |i| root_of[i] == Some(root) || is_import(&walked.nodes[i]),
            Some(&whole.types),
        );
        out.push(RootSelection { root, selection });
    }
    Ok((whole, out))
}

/// Whether a node is an import (`/<name>` of an `ActionImport` or `FunctionImport`).
fn is_import(node: &PathNode) -> bool {
    matches!(node.kind, NodeKind::Import { .. })
}

/// The root a top-level node is.
fn root_index(node: &PathNode) -> Option<usize> {
    match node.kind {
        NodeKind::Collection {
            edge: Edge::Root(i),
            ..
        }
        | NodeKind::Item {
            via: ItemVia::Singleton(i),
            ..
        } => Some(i),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;
    use crate::ir::TypeId;
    use crate::ir::lower::lower;
    use crate::ir::select::select;

    fn fixture(name: &str) -> Model {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/fixtures/{name}.xml"));
        lower(&[crate::csdl::parse_file(&path).expect("parses")]).expect("lowers")
    }

    fn names(model: &Model, types: &BTreeSet<TypeId>) -> Vec<String> {
        types.iter().map(|&t| model.ty(t).name.clone()).collect()
    }

    /// What every split must satisfy: the whole is `select`'s, each root holds its own
    /// paths only, together they cover the whole, and each is closed over what its items
    /// refer to.
    fn check_split(model: &Model, config: &SelectionConfig) -> (Selection, Vec<RootSelection>) {
        let (whole, roots) = select_by_root(model, config).expect("selects");
        assert_eq!(whole, select(model, config).expect("selects"));
        let root_list: Vec<usize> = roots.iter().map(|r| r.root).collect();
        assert_eq!(root_list, whole.roots.iter().copied().collect::<Vec<_>>());
        // Imports are held by every root.
        let imports: BTreeSet<String> = model
            .imports
            .iter()
            .map(|i| format!("/{}", i.name))
            .collect();
        let mut paths: Vec<_> = whole
            .paths
            .iter()
            .filter(|p| imports.contains(&p.path))
            .cloned()
            .collect();
        let mut types = BTreeSet::new();
        for r in &roots {
            let s = &r.selection;
            let prefix = format!("/{}", model.roots[r.root].name);
            assert_eq!(s.roots, BTreeSet::from([r.root]));
            assert_eq!(s.imports, whole.imports);
            for p in s.paths.iter().filter(|p| !imports.contains(&p.path)) {
                assert!(
                    p.path == prefix || p.path.starts_with(&format!("{prefix}/")),
                    "{} under {prefix}",
                    p.path
                );
            }
            paths.extend(
                s.paths
                    .iter()
                    .filter(|p| !imports.contains(&p.path))
                    .cloned(),
            );
            types.extend(s.types.iter().copied());
            assert!(s.types.is_subset(&whole.types));
            for &t in &s.types {
                let Some(def) = model.struct_def(t) else {
                    continue;
                };
                let mut needs: Vec<TypeId> = def.base.into_iter().collect();
                needs.extend(def.navigations.iter().map(|n| n.target));
                for f in &def.fields {
                    let mut ty = &f.ty;
                    while let crate::ir::TypeRef::Collection(inner) = ty {
                        ty = inner;
                    }
                    if let crate::ir::TypeRef::Named(n) = ty {
                        needs.push(*n);
                    }
                }
                for n in needs.into_iter().filter(|n| whole.types.contains(n)) {
                    assert!(
                        s.types.contains(&n),
                        "{prefix}: `{}` needs `{}`",
                        model.ty(t).name,
                        model.ty(n).name
                    );
                }
            }
        }
        paths.sort();
        assert_eq!(paths, whole.paths);
        assert_eq!(types, whole.types);
        (whole, roots)
    }

    #[test]
    fn each_root_holds_what_it_leads_to_and_nothing_of_the_others() {
        let model = fixture("polymorphism");
        let (_, roots) = check_split(&model, &SelectionConfig::new());
        let by_root: Vec<(String, Vec<String>)> = roots
            .iter()
            .map(|r| {
                (
                    model.roots[r.root].name.clone(),
                    names(&model, &r.selection.types),
                )
            })
            .collect();
        let expect = |root: &str, types: &[&str]| {
            let got = &by_root.iter().find(|(r, _)| r == root).expect(root).1;
            let mut want: Vec<String> = types.iter().map(|t| (*t).to_owned()).collect();
            want.sort();
            let mut got = got.clone();
            got.sort();
            assert_eq!(got, want, "{root}");
        };
        expect("users", &["entity", "directoryObject", "user"]);
        // A group's `members` and `owner` are directory objects, not users.
        expect("groups", &["entity", "directoryObject", "group"]);
        // Its casts (`/directoryObjects/{id}/graph.user`) reach the derived types.
        expect(
            "directoryObjects",
            &["entity", "directoryObject", "user", "group"],
        );
        expect(
            "accessPackages",
            &[
                "entity",
                "accessPackage",
                "requestorSettings",
                "subjectSet",
                "singleUser",
                "groupMembers",
                "externalGroupMembers",
            ],
        );
    }

    #[test]
    fn splits_of_other_fixtures_and_of_part_of_a_selection_are_closed() {
        for name in ["refs", "hostile_names", "containment", "operations"] {
            check_split(&fixture(name), &SelectionConfig::new());
        }
        let model = fixture("refs");
        let config = SelectionConfig::new()
            .include("/groups/**#GET")
            .include("/users/**");
        let (whole, roots) = check_split(&model, &config);
        assert_eq!(roots.len(), whole.roots.len());
        assert!(roots.len() >= 2, "{}", roots.len());
    }

    #[test]
    fn type_roots_are_held_by_every_root() {
        let model = fixture("polymorphism");
        let config = SelectionConfig::new()
            .include("/users/**")
            .include("/groups/**")
            .ty("microsoft.graph.singleUser");
        let (_, roots) = check_split(&model, &config);
        let single = model.type_index["microsoft.graph.singleUser"];
        assert_eq!(roots.len(), 2);
        assert!(roots.iter().all(|r| r.selection.types.contains(&single)));
    }
}
