//! Bound operations that no URL reaches get a located warning, instead of vanishing from the
//! generated crate without a word.
//!
//! A bound operation is called on a URL that addresses its binding type: an entity set or
//! singleton, a contained navigation property, or a type cast below one of them, of that type
//! or of a type derived from it. The check is per type, so it over-approximates what the URL
//! walk reaches (it never warns about an operation the crate has): a type is reachable when a
//! root has it, a reachable type contains it or a composable function bound to one returns
//! it, or it derives from a reachable type; an
//! operation is reachable when a reachable type is its binding type or derives from it.

use std::collections::{BTreeMap, BTreeSet};

use super::{Loc, Lowerer};
use crate::ir::{Model, OpId, TypeId};

/// The entity types some URL of the service addresses.
pub(super) fn reachable_types(model: &Model) -> BTreeSet<TypeId> {
    // The one-entity results of composable functions, by binding type: segments after the
    // call address them (`…/range(address='A1')/format`).
    let mut composed: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for op in &model.operations {
        if let (Some(b), Some(result)) =
            (&op.binding, crate::ir::paths::composed_result(model, op.id))
        {
            composed.entry(b.ty).or_default().push(result);
        }
    }
    let mut seen = BTreeSet::new();
    let mut queue: Vec<TypeId> = model.roots.iter().map(|r| r.ty).collect();
    while let Some(t) = queue.pop() {
        if !seen.insert(t) {
            continue;
        }
        queue.extend(model.struct_def(t).map_or(&[][..], |s| &s.derived));
        for base in model.base_chain(t) {
            queue.extend(composed.get(&base).into_iter().flatten().copied());
        }
        for (_, _, nav) in model.all_navigations(t) {
            if nav.contains_target {
                queue.push(nav.target);
            }
        }
    }
    seen
}

impl Lowerer<'_> {
    /// Warns, at its declaration, about each bound operation whose binding type no URL
    /// reaches. A document without entity sets or singletons addresses nothing, and its
    /// types are what is generated: it gets no such warnings.
    pub(super) fn warn_unreachable_operations(&mut self, locs: &[(OpId, Loc)]) {
        if self.model.roots.is_empty() {
            return;
        }
        let reachable = reachable_types(&self.model);
        let mut bound_to_reachable = BTreeSet::new();
        for &t in &reachable {
            bound_to_reachable.extend(self.model.base_chain(t));
        }
        let mut warnings = Vec::new();
        for (id, loc) in locs {
            let op = &self.model.operations[id.0 as usize];
            let Some(binding) = &op.binding else {
                continue;
            };
            if bound_to_reachable.contains(&binding.ty) {
                continue;
            }
            let ty = &self.model.ty(binding.ty).qualified;
            let what = if binding.collection {
                format!("a collection of `{ty}`")
            } else {
                format!("`{ty}`")
            };
            warnings.push((
                loc.clone(),
                format!(
                    "bound to {what}, which no entity set, singleton or contained navigation \
                     property addresses (nor a type derived from it): no URL calls it, so the \
                     generated crate leaves it out"
                ),
            ));
        }
        for (loc, message) in warnings {
            self.unsupported(&loc, message);
        }
    }
}
