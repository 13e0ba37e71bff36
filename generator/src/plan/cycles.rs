//! Where `Box` goes: a single-valued field whose type can reach the containing struct again
//! through single-valued fields would make the struct infinitely large.
//!
//! The graph has one node per emitted struct and an edge `S -> T` for each single-valued
//! field (or navigation property) of `S` whose value is the struct `T` itself. A `Vec` has a
//! fixed size, and so has a `…Kind` enum (its variants are boxed), so neither makes an edge.
//! A field `S -> T` is boxed exactly when `T` reaches `S`, that is when both are in the same
//! strongly connected component (a field of a struct's own type included).
//!
//! The components are found with an iterative Kosaraju pass, so deep type graphs cannot
//! overflow the stack.

use std::collections::{BTreeMap, BTreeSet};

use super::kinds::Kind;
use crate::ir::select::Selection;
use crate::ir::{Model, TypeId, TypeKind, TypeRef};

/// The strongly connected components of the single-valued struct graph.
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

    /// Whether a single-valued field of struct `from` holding the struct `to` must be boxed.
    pub(crate) fn needs_box(&self, from: TypeId, to: TypeId) -> bool {
        match (self.component.get(&from), self.component.get(&to)) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

/// The struct a single-valued value of `tr` holds inline, if any.
pub(crate) fn inline_struct(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Kind>,
    tr: &TypeRef,
) -> Option<TypeId> {
    match tr {
        TypeRef::Named(id) => inline_struct_id(model, sel, poly, *id),
        _ => None,
    }
}

/// `id` if a single value of it is the struct itself (emitted, not polymorphic).
pub(crate) fn inline_struct_id(
    model: &Model,
    sel: &Selection,
    poly: &BTreeMap<TypeId, Kind>,
    id: TypeId,
) -> Option<TypeId> {
    let is_struct = sel.types.contains(&id)
        && (id.0 as usize) < model.types.len()
        && matches!(
            model.ty(id).kind,
            TypeKind::Entity(_) | TypeKind::Complex(_)
        );
    (is_struct && !poly.contains_key(&id)).then_some(id)
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
            if let Some(t) = inline_struct(model, sel, poly, &field.ty) {
                targets.insert(t);
            }
        }
        for (_, _, nav) in model.all_navigations(id) {
            if nav.collection {
                continue;
            }
            if let Some(t) = inline_struct_id(model, sel, poly, nav.target) {
                targets.insert(t);
            }
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
