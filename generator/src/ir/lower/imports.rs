//! `ActionImport` and `FunctionImport`: the unbound operations an entity container exposes at
//! the service root. Each import names unbound operations by qualified name (an action, or
//! every unbound overload of a function) and may name the entity set its results belong to.
//!
//! An import whose operation does not exist is an error (a located warning with
//! `skip_unresolved`); one whose operation was left out for an unresolved type, or whose
//! `EntitySet` names no entity set, is kept out or kept without it, with a located warning.

use super::{Loc, Lowerer, schema_path};
use crate::csdl::syntax::OperationImport;
use crate::ir::{Import, OpId, OperationKind, RootKind};

impl Lowerer<'_> {
    /// Lowers the imports of every entity container, in document order.
    pub(super) fn imports(&mut self) {
        for (di, doc) in self.docs.iter().enumerate() {
            for s in &doc.schemas {
                for c in &s.containers {
                    let mut all: Vec<(OperationKind, &OperationImport)> = c
                        .action_imports
                        .iter()
                        .map(|i| (OperationKind::Action, i))
                        .chain(
                            c.function_imports
                                .iter()
                                .map(|i| (OperationKind::Function, i)),
                        )
                        .collect();
                    all.sort_by_key(|(_, i)| i.pos.offset);
                    for (kind, imp) in all {
                        let el = match kind {
                            OperationKind::Action => "ActionImport",
                            OperationKind::Function => "FunctionImport",
                        };
                        let loc = Loc {
                            doc: di,
                            pos: imp.pos,
                            element: format!(
                                "{}/EntityContainer({})/{el}({})",
                                schema_path(&s.namespace),
                                c.name,
                                imp.name
                            ),
                        };
                        self.import(&loc, kind, imp);
                    }
                }
            }
        }
    }

    fn import(&mut self, loc: &Loc, kind: OperationKind, imp: &OperationImport) {
        let word = match kind {
            OperationKind::Action => "action",
            OperationKind::Function => "function",
        };
        let qualified = self.qualify(imp.operation.trim());
        let operations: Vec<OpId> = self
            .model
            .operations
            .iter()
            .filter(|o| {
                o.kind == kind
                    && o.binding.is_none()
                    && format!("{}.{}", o.namespace, o.name) == qualified
            })
            .map(|o| o.id)
            .collect();
        if operations.is_empty() {
            let declared = self.docs.iter().any(|d| {
                d.schemas.iter().any(|s| {
                    s.operations.iter().any(|o| {
                        o.kind == kind
                            && !o.is_bound
                            && format!("{}.{}", s.namespace, o.name) == qualified
                    })
                })
            });
            if declared {
                // Lowering left the operation out (an unresolved type, with a warning there).
                self.warn(
                    loc,
                    format!(
                        "the unbound {word} `{qualified}` was left out, so this import is not \
                         generated"
                    ),
                );
                return;
            }
            let message = format!("no schema declares an unbound {word} `{qualified}`");
            if self.options.skip_unresolved {
                self.warn(loc, format!("{message}; left out (skip_unresolved)"));
                return;
            }
            self.fail(loc, message);
            return;
        }
        if self.model.roots.iter().any(|r| r.name == imp.name)
            || self.model.imports.iter().any(|i| i.name == imp.name)
        {
            self.fail(
                loc,
                format!("duplicate entity container member `{}`", imp.name),
            );
            return;
        }
        let entity_set = match &imp.entity_set {
            None => None,
            Some(written) => {
                // A target path (`Container/Set`) or a simple identifier.
                let set = written.rsplit('/').next().unwrap_or(written).trim();
                let found = self
                    .model
                    .roots
                    .iter()
                    .position(|r| r.kind == RootKind::EntitySet && r.name == set);
                if found.is_none() {
                    self.warn(
                        loc,
                        format!(
                            "`EntitySet=\"{written}\"` names no entity set of the container; \
                             the import is generated without it"
                        ),
                    );
                }
                found
            }
        };
        self.model.imports.push(Import {
            name: imp.name.clone(),
            kind,
            operations,
            entity_set,
        });
    }
}
