//! Where `Indirect` goes: a field whose value can hold the struct that holds the field again.
//!
//! The graph has one node per emitted struct and an edge `S -> T` for each field (or
//! navigation property) of `S` whose value can hold the struct `T`: the struct itself, the
//! struct inside a collection, and every variant of a `…Kind` enum. A field `S -> T` holds its
//! value through `graphgen_runtime::Indirect` exactly when `T` reaches `S`, that is when both
//! are in the same strongly connected component (a field of a struct's own type included).
//!
//! Two things need that. Inline, a single-valued field on such a cycle would make the struct
//! infinitely large (a `Box` would do). And proving an auto trait (`Send`, `Sync`, …) of a
//! struct means proving it for each field's type, recursively: along a ring of `n` structs
//! that nests about `4n` obligations deep, and rustc stops at its `recursion_limit` (128)
//! with E0275, so a ring of 32 entity types linked by navigation properties did not compile
//! (nor would a caller's `tokio::spawn` of a future holding one). `Indirect<T>` is `Send` and
//! `Sync` through a trait object's supertraits, without looking at `T`, so every cycle is cut
//! where it closes and the nesting stays one struct deep, whatever the ring's length. A
//! collection on a cycle is held whole (`Indirect<Vec<T>>`): one allocation, not one per item.
//!
//! The components are found with an iterative Kosaraju pass, so deep type graphs cannot
//! overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use super::kinds::Kind;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeRef};

/// The strongly connected components of the struct graph.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cycles {
    /// Component index of every emitted struct.
    component: BTreeMap<TypeId, usize>,
}

impl Cycles {
    /// Computes the components over the emitted structs of `sel`.
    pub(crate) fn compute(model: &Model, sel: &Selection, poly: &BTreeMap<TypeId, Kind>) -> Self {
        let edges = edges(model, sel, poly);
        Cycles {
            component: components(&edges),
        }
    }

    /// Whether a field of struct `from` whose value can hold the structs `held` must hold it
    /// through `Indirect`: one of them is on a cycle with `from`.
    pub(crate) fn needs_indirect(&self, from: TypeId, held: &BTreeSet<TypeId>) -> bool {
        let Some(a) = self.component.get(&from) else {
            return false;
        };
        held.iter().any(|t| self.component.get(t) == Some(a))
    }
}

/// The emitted structs a value of `tr` can hold directly: the struct of a named entity or
/// complex type (inside a collection too), and for a polymorphic base type every variant of
/// its `…Kind` enum.
pub(crate) fn held(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Kind>,
    tr: &TypeRef,
) -> BTreeSet<TypeId> {
    match tr {
        TypeRef::Primitive(_) => BTreeSet::new(),
        TypeRef::Collection(inner) => held(model, sel, poly, inner),
        TypeRef::Named(id) => held_id(model, sel, poly, *id),
    }
}

/// [`held`] for the named type `id`.
pub(crate) fn held_id(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Kind>,
    id: TypeId,
) -> BTreeSet<TypeId> {
    if let Some(kind) = poly.get(&id) {
        return kind.variants.iter().map(|(t, _)| *t).collect();
    }
    let is_struct = sel.types.contains(&id)
        && (id.0 as usize) < model.types.len()
        && model.struct_def(id).is_some();
    if is_struct {
        BTreeSet::from([id])
    } else {
        BTreeSet::new()
    }
}

/// Adjacency lists of the graph described in the module docs.
fn edges(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Kind>,
) -> BTreeMap<TypeId, BTreeSet<TypeId>> {
    let mut out: BTreeMap<TypeId, BTreeSet<TypeId>> = BTreeMap::new();
    for &id in &sel.types {
        if (id.0 as usize) >= model.types.len() || model.struct_def(id).is_none() {
            continue;
        }
        let targets = out.entry(id).or_default();
        for field in model.all_fields(id) {
            targets.extend(held(model, sel, poly, &field.ty));
        }
        for (_, _, nav) in model.all_navigations(id) {
            targets.extend(held_id(model, sel, poly, nav.target));
        }
    }
    out
}

/// Kosaraju's algorithm without recursion: component index per node.
fn components(edges: &BTreeMap<TypeId, BTreeSet<TypeId>>) -> BTreeMap<TypeId, usize> {
    // First pass: nodes in order of completion.
    let mut visited: BTreeSet<TypeId> = BTreeSet::new();
    let mut order: Vec<TypeId> = Vec::with_capacity(edges.len());
    for &start in edges.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack: Vec<(TypeId, Vec<TypeId>)> = vec![(start, successors(edges, start))];
        while let Some((node, pending)) = stack.last_mut() {
            if let Some(next) = pending.pop() {
                if visited.insert(next) {
                    let succ = successors(edges, next);
                    stack.push((next, succ));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    // Second pass on the reversed graph, in reverse completion order.
    let mut reversed: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for (&from, tos) in edges {
        for &to in tos {
            reversed.entry(to).or_default().push(from);
        }
    }
    let mut component: BTreeMap<TypeId, usize> = BTreeMap::new();
    let mut next_index = 0;
    for &root in order.iter().rev() {
        if component.contains_key(&root) {
            continue;
        }
        let mut stack = vec![root];
        component.insert(root, next_index);
        while let Some(node) = stack.pop() {
            for &prev in reversed.get(&node).map(Vec::as_slice).unwrap_or(&[]) {
                if let std::collections::btree_map::Entry::Vacant(e) = component.entry(prev) {
                    e.insert(next_index);
                    stack.push(prev);
                }
            }
        }
        next_index += 1;
    }
    component
}

fn successors(edges: &BTreeMap<TypeId, BTreeSet<TypeId>>, node: TypeId) -> Vec<TypeId> {
    edges
        .get(&node)
        .map(|s| s.iter().rev().copied().collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(pairs: &[(u32, u32)], nodes: &[u32]) -> BTreeMap<TypeId, BTreeSet<TypeId>> {
        let mut g: BTreeMap<TypeId, BTreeSet<TypeId>> = BTreeMap::new();
        for &n in nodes {
            g.entry(TypeId(n)).or_default();
        }
        for &(a, b) in pairs {
            g.entry(TypeId(a)).or_default().insert(TypeId(b));
        }
        g
    }

    #[test]
    fn components_of_a_small_graph() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a self loop; 4 -> 0 reaches it but is not in it.
        let g = graph(&[(0, 1), (1, 2), (2, 0), (3, 3), (4, 0)], &[0, 1, 2, 3, 4]);
        let c = components(&g);
        assert_eq!(c[&TypeId(0)], c[&TypeId(1)]);
        assert_eq!(c[&TypeId(1)], c[&TypeId(2)]);
        assert_ne!(c[&TypeId(4)], c[&TypeId(0)]);
        assert_ne!(c[&TypeId(3)], c[&TypeId(0)]);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let n = 200_000;
        let pairs: Vec<(u32, u32)> = (0..n).map(|i| (i, i + 1)).collect();
        let nodes: Vec<u32> = (0..=n).collect();
        let c = components(&graph(&pairs, &nodes));
        assert_eq!(c.len(), n as usize + 1);
        assert_ne!(c[&TypeId(0)], c[&TypeId(1)]);
    }
}
