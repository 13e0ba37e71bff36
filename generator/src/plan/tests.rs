//! The plan of the golden fixtures: whole, consistent, and the same however it is made. (Its
//! dump is a golden file of its own, `tests/fixtures/<name>.plan`, checked by the workspace
//! tests.)

use std::collections::BTreeSet;

use super::*;
use crate::ir::select::{SelectionConfig, select_by_root};

const FIXTURES: &[&str] = &[
    "containment",
    "enums",
    "hostile_names",
    "inheritance",
    "media",
    "operations",
    "polymorphism",
    "refs",
];

fn opts(name: &str) -> ProfileOptions {
    ProfileOptions {
        module: name.to_owned(),
        base_url: Some(format!("https://graph.microsoft.com/{name}")),
        conventions: crate::config::Conventions::GRAPH,
        doc: "A fixture.".to_owned(),
    }
}

/// The plan of fixture `name`, with a feature per root when `by_root`.
fn plan(name: &str, by_root: bool) -> Plan {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../tests/fixtures/{name}.xml"));
    let doc = crate::csdl::parse_file(&path).expect("parses");
    let model = crate::ir::lower::lower(&[doc]).expect("lowers");
    let (sel, roots) = select_by_root(&model, &SelectionConfig::default()).expect("selects");
    let roots = if by_root { roots } else { Vec::new() };
    build(&model, &sel, &roots, &opts(name)).expect("plans")
}

/// Every item another item names, and where: field and parameter types, builders that
/// methods and the `Client` return, parameter structs, `…Kind` variants.
fn references(plan: &Plan) -> Vec<(String, ItemRef)> {
    fn ty_refs(ty: &Ty, out: &mut Vec<ItemRef>) {
        match ty {
            Ty::Struct(r) | Ty::Enum(r) | Ty::Flags(r) | Ty::Alias(r, _) => out.push(r.clone()),
            Ty::Vec(inner) => ty_refs(inner, out),
            Ty::Prim(_) | Ty::Json => {}
        }
    }
    let mut out = Vec::new();
    for m in &plan.client.methods {
        out.push((format!("Client::{}", m.name), m.builder.clone()));
    }
    for item in &plan.items {
        let mut refs = Vec::new();
        match &item.kind {
            ItemKind::Struct(s) => {
                for f in &s.fields {
                    ty_refs(&f.ty, &mut refs);
                }
            }
            ItemKind::Kind(k) => refs.extend(k.variants.iter().map(|v| v.model.clone())),
            ItemKind::FieldEnum(f) => {
                refs.push(f.model.clone());
                refs.extend(f.kind.clone());
            }
            ItemKind::Params(p) => {
                for f in &p.fields {
                    ty_refs(&f.ty, &mut refs);
                }
            }
            ItemKind::Builder(b) => {
                for m in &b.methods {
                    match &m.kind {
                        MethodKind::Request(r) => {
                            if let Some(body) = &r.body {
                                ty_refs(body, &mut refs);
                            }
                        }
                        MethodKind::Operation(o) => refs.extend(o.params.clone()),
                        MethodKind::Nav(n) => match &n.to {
                            NavTo::Builder(r)
                            | NavTo::Collection(r)
                            | NavTo::Single(r)
                            | NavTo::SingleRef(r) => refs.push(r.clone()),
                        },
                        MethodKind::Key(k) => refs.push(k.item.clone()),
                        MethodKind::Refs { model, .. } => refs.push(model.clone()),
                        // Its types are the runtime's.
                        MethodKind::Media(_) => {}
                        MethodKind::Cast(c) => refs.push(c.to.clone()),
                        MethodKind::Composed(c) => {
                            refs.extend(c.params.clone());
                            refs.push(c.to.clone());
                        }
                    }
                }
            }
            ItemKind::Alias(_) | ItemKind::Enum(_) => {}
        }
        out.extend(refs.into_iter().map(|r| (item.name.clone(), r)));
    }
    out
}

#[test]
fn every_item_named_in_the_plan_is_in_the_plan() {
    for name in FIXTURES {
        for by_root in [false, true] {
            let plan = plan(name, by_root);
            let items: BTreeSet<ItemRef> = plan.items.iter().map(Item::item_ref).collect();
            for (from, to) in references(&plan) {
                assert!(
                    items.contains(&to),
                    "{name}: `{from}` names `{}` in {:?}, which the plan does not hold",
                    to.name,
                    to.place
                );
            }
            // And every item's module is a module of the plan, gated at least as widely.
            for item in &plan.items {
                let module = plan.modules.get(&item.place).unwrap_or_else(|| {
                    panic!("{name}: `{}` is in a module the plan lacks", item.name)
                });
                if let (Some(m), Some(i)) = (&module.gate, &item.gate) {
                    assert!(
                        i.is_subset(m),
                        "{name}: `{}` outside its module's gate",
                        item.name
                    );
                }
                assert!(
                    module.gate.is_none() || item.gate.is_some(),
                    "{name}: `{}`",
                    item.name
                );
            }
        }
    }
}

#[test]
fn names_are_unique_per_namespace_module_and_builder() {
    for name in FIXTURES {
        let plan = plan(name, false);
        let mut seen = BTreeSet::new();
        for item in &plan.items {
            let key = (item.place.top, item.place.ns.clone(), item.name.clone());
            assert!(
                seen.insert(key),
                "{name}: `{}` twice in one namespace",
                item.name
            );
            if let ItemKind::Builder(b) = &item.kind {
                let mut methods = BTreeSet::new();
                for m in &b.methods {
                    // The builder's own methods have the reserved names; what the metadata
                    // names (navigation properties, operations) never takes one.
                    let (names, own): (Vec<&str>, bool) = match &m.kind {
                        MethodKind::Request(r) => (vec![&r.names.request, &r.names.send], true),
                        MethodKind::Operation(o) => (vec![&o.names.request, &o.names.send], false),
                        MethodKind::Nav(n) => (vec![&n.name], false),
                        MethodKind::Key(k) => (vec![&k.name], k.name == "by_id"),
                        MethodKind::Refs { name, .. } => (vec![name], true),
                        MethodKind::Media(m) => (vec![&m.name], false),
                        MethodKind::Cast(c) => (vec![&c.name], false),
                        MethodKind::Composed(c) => (vec![&c.name], false),
                    };
                    for n in names {
                        let n = crate::naming::unraw(n);
                        let reserved = if b.addresses.starts_with("one ") {
                            crate::naming::ITEM_METHODS
                        } else {
                            crate::naming::COLLECTION_METHODS
                        };
                        assert_eq!(reserved.contains(&n), own, "{name}: `{}::{n}`", item.name);
                        assert!(
                            methods.insert(n.to_owned()),
                            "{name}: `{}::{n}` twice",
                            item.name
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn planning_twice_gives_the_same_plan_and_dump() {
    for name in FIXTURES {
        let (a, b) = (plan(name, true), plan(name, true));
        assert_eq!(a, b, "{name}");
        assert_eq!(a.dump(), b.dump(), "{name}");
        // Root features only add gates: the same items, named the same.
        let plain = plan(name, false);
        let names = |p: &Plan| -> Vec<(Place, String)> {
            p.items
                .iter()
                .map(|i| (i.place.clone(), i.name.clone()))
                .collect()
        };
        assert_eq!(names(&a), names(&plain), "{name}");
        assert!(plain.items.iter().all(|i| i.gate.is_none()), "{name}");
    }
}
