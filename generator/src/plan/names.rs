//! The Rust names of what the metadata declares: types, namespace modules, properties, enum
//! members, operations and their parameters, entity sets and singletons. Each is made by
//! [`crate::naming`] from the wire name and made unique where it must be, from facts the model
//! keeps: the namespace of a type, what a struct inherits, the binding of an operation and its
//! overloads. (The names of what the generator adds, such as builders and their methods, are
//! claimed where those items are planned, through the same functions.)

use std::collections::BTreeMap;

use crate::ir::{Binding, Descent, Model, OpId, OperationKind, TypeDef, TypeId, TypeKind};
use crate::naming::{self, Namer};

/// The Rust names of a model.
#[derive(Debug, Clone, Default)]
pub(crate) struct Names {
    /// By type id: unique in the type's namespace.
    types: Vec<String>,
    /// The module path of each namespace below `models`/`requests`.
    modules: BTreeMap<String, Vec<String>>,
    /// Fields (declaring type, index): unique among everything the type inherits.
    fields: BTreeMap<(TypeId, usize), String>,
    /// Navigation properties (declaring type, index), in the same scope as the fields.
    navs: BTreeMap<(TypeId, usize), String>,
    /// Enum members (enum type, index): unique in the enum, never the fallback variant.
    members: BTreeMap<(TypeId, usize), String>,
    /// By operation id: the method stem, unique among the operations of one binding.
    ops: Vec<String>,
    /// Parameters by operation id: unique in the operation.
    params: Vec<Vec<String>>,
    /// Entity sets and singletons (index into `Model::roots`): the `Client`'s methods.
    roots: Vec<String>,
    /// Imported operations (index into `Model::imports`, operation): the stems of the
    /// `Client`'s methods, unique among the roots' and each other's.
    imports: BTreeMap<(usize, OpId), String>,
}

impl Names {
    /// Names everything `model` declares.
    pub(crate) fn compute(model: &Model) -> Names {
        let mut names = Names::default();
        // Types, per namespace, in id (document) order.
        let mut namers: BTreeMap<&str, Namer> = BTreeMap::new();
        for ty in &model.types {
            let name = namers
                .entry(ty.namespace.as_str())
                .or_default()
                .claim(naming::type_name(&ty.name));
            names.types.push(name);
        }
        for ns in model.namespaces.values() {
            let module = ns.path.iter().map(|p| naming::module_name(p)).collect();
            names.modules.insert(ns.name.clone(), module);
        }
        names.members(model);
        for ty in &model.types {
            if let TypeKind::Enum(e) = &ty.kind {
                let mut namer = Namer::with_reserved(&[naming::ENUM_FALLBACK]);
                for (i, m) in e.members.iter().enumerate() {
                    let name = namer.claim(naming::variant_name(&m.name));
                    names.members.insert((ty.id, i), name);
                }
            }
        }
        names.operations(model);
        let mut roots = Namer::with_reserved(naming::CLIENT_METHODS);
        for root in &model.roots {
            names
                .roots
                .push(roots.claim(naming::method_name(&root.name)));
        }
        // A function import's overloads are told apart by their parameters, as bound
        // overloads are.
        for (i, import) in model.imports.iter().enumerate() {
            let stem = naming::method_name(&import.name);
            for &op in &import.operations {
                let stem = if import.operations.len() > 1 {
                    let params = &names.params[op.0 as usize];
                    overload_stem(&stem, params)
                } else {
                    stem.clone()
                };
                names.imports.insert((i, op), roots.claim(stem));
            }
        }
        names
    }

    /// Names the fields and navigation properties of every struct type, unique among
    /// everything the type inherits: one walk down the inheritance forest, with the names of
    /// the types above the current one in one scope.
    fn members(&mut self, model: &Model) {
        let mut scope = Namer::with_reserved(naming::RESERVED_FIELDS);
        let mut added: BTreeMap<TypeId, Vec<String>> = BTreeMap::new();
        for step in model.inheritance_walk() {
            match step {
                Descent::Enter(id) => {
                    let Some(def) = model.struct_def(id) else {
                        continue;
                    };
                    let mut own = Vec::new();
                    for (i, f) in def.fields.iter().enumerate() {
                        let name = scope.claim(naming::field_name(&f.name));
                        own.push(name.clone());
                        self.fields.insert((id, i), name);
                    }
                    for (i, n) in def.navigations.iter().enumerate() {
                        let name = scope.claim(naming::field_name(&n.name));
                        own.push(name.clone());
                        self.navs.insert((id, i), name);
                    }
                    added.insert(id, own);
                }
                Descent::Leave(id) => {
                    for name in added.remove(&id).unwrap_or_default() {
                        scope.release(&name);
                    }
                }
            }
        }
    }

    /// Names parameters, and operations with their overloads: an operation whose name another
    /// of the same binding already has gets a suffix (`_function` for an action/function
    /// pair, `_with_<params>` or `_without_parameters` for an overload); the wire name is
    /// unchanged.
    fn operations(&mut self, model: &Model) {
        let mut namers: BTreeMap<Option<Binding>, Namer> = BTreeMap::new();
        let mut seen: BTreeMap<(Option<Binding>, &str), Vec<OperationKind>> = BTreeMap::new();
        for op in &model.operations {
            let mut pnamer = Namer::new();
            let params: Vec<String> = op
                .params
                .iter()
                .map(|p| pnamer.claim(naming::field_name(&p.name)))
                .collect();
            let prior = seen.entry((op.binding, op.name.as_str())).or_default();
            let mut stem = naming::method_name(&op.name);
            if prior.contains(&op.kind) {
                stem = overload_stem(&stem, &params);
            } else if !prior.is_empty() {
                let kind = match op.kind {
                    OperationKind::Action => "action",
                    OperationKind::Function => "function",
                };
                stem = naming::joined_method_name(&[&stem, kind]);
            }
            prior.push(op.kind);
            // The stem names methods of the binding's builder, so it avoids that builder's own.
            let reserved = match op.binding {
                Some(b) if b.collection => naming::COLLECTION_METHODS,
                Some(_) => naming::ITEM_METHODS,
                None => naming::CLIENT_METHODS,
            };
            let name = namers
                .entry(op.binding)
                .or_insert_with(|| Namer::with_reserved(reserved))
                .claim(stem);
            self.ops.push(name);
            self.params.push(params);
        }
    }

    /// The name of type `id`.
    pub(crate) fn ty(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize]
    }

    /// The module path of the namespace of `ty` (below `models`/`requests`).
    pub(crate) fn module_of<'n>(&'n self, ty: &TypeDef) -> &'n [String] {
        self.modules
            .get(&ty.namespace)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The module path of namespace `ns` (below `models`/`requests`).
    pub(crate) fn module_of_ns<'n>(&'n self, ns: &str) -> &'n [String] {
        self.modules.get(ns).map_or(&[][..], Vec::as_slice)
    }

    /// Every namespace module path.
    pub(crate) fn modules(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.modules
            .iter()
            .map(|(ns, m)| (ns.as_str(), m.as_slice()))
    }

    /// The name of field `index` declared on `owner`.
    pub(crate) fn field(&self, owner: TypeId, index: usize) -> &str {
        self.fields.get(&(owner, index)).map_or("", String::as_str)
    }

    /// The name of navigation property `index` declared on `owner`.
    pub(crate) fn nav(&self, owner: TypeId, index: usize) -> &str {
        self.navs.get(&(owner, index)).map_or("", String::as_str)
    }

    /// The name of member `index` of the enum type `id`.
    pub(crate) fn member(&self, id: TypeId, index: usize) -> &str {
        self.members.get(&(id, index)).map_or("", String::as_str)
    }

    /// The method stem of operation `op`.
    pub(crate) fn op(&self, op: OpId) -> &str {
        &self.ops[op.0 as usize]
    }

    /// The name of parameter `index` of operation `op`.
    pub(crate) fn param(&self, op: OpId, index: usize) -> &str {
        self.params[op.0 as usize]
            .get(index)
            .map_or("", String::as_str)
    }

    /// The `Client` method stem of the operation `op` that import `index` imports.
    pub(crate) fn import(&self, index: usize, op: OpId) -> &str {
        self.imports.get(&(index, op)).map_or("", String::as_str)
    }

    /// The `Client` method of root `index`.
    pub(crate) fn root(&self, index: usize) -> &str {
        self.roots.get(index).map_or("", String::as_str)
    }
}

/// The stem of an overload, told apart by its parameters' names: `top_with_n`, or
/// `top_without_parameters`.
fn overload_stem(stem: &str, params: &[String]) -> String {
    let names: Vec<&str> = params.iter().map(|p| naming::unraw(p)).collect();
    if names.is_empty() {
        format!("{stem}_without_parameters")
    } else {
        format!("{stem}_with_{}", names.join("_"))
    }
}
