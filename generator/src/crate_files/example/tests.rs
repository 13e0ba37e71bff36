//! The example request on the fixtures, each step checked against the code the emitter
//! writes for the same selection: every call is a method of the type the previous call gives.

use std::collections::BTreeMap;
use std::path::Path;

use super::*;
use crate::emit::{emit_plan, render_single_file};
use crate::ir::Model;
use crate::ir::lower::lower;
use crate::ir::select::{Selection, SelectionConfig, select, select_by_root};
use crate::plan::ProfileOptions;

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

fn fixture(name: &str) -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../tests/fixtures/{name}.xml"));
    lower(&[crate::csdl::parse_file(&path).expect("parses")]).expect("lowers")
}

fn selection(model: &Model, include: &[&str]) -> Selection {
    let mut config = SelectionConfig::new();
    for glob in include {
        config = config.include(glob);
    }
    select(model, &config).expect("selects")
}

/// A method: the last segment of its return type and that segment's first type argument
/// (`Call<Json<…>>` is `("Call", Some("Json"))`), and the type of its first argument after
/// `&self`, as tokens.
#[derive(Debug)]
struct Method {
    ret: Option<(String, Option<String>)>,
    arg: Option<String>,
}

/// The inherent methods of every type the emitted code has an `impl` block for, by the type's
/// name (types of the same name in several modules pool their methods).
type Methods = BTreeMap<String, BTreeMap<String, Method>>;

fn opts() -> ProfileOptions {
    ProfileOptions {
        module: "v1_0".to_owned(),
        base_url: Some("https://graph.microsoft.com/v1.0".to_owned()),
        conventions: crate::config::Conventions::GRAPH,
        doc: "Test.".to_owned(),
    }
}

/// The plan of `sel`, with a feature per root when `by_root` (which then selects everything).
fn plan(model: &Model, sel: &Selection, by_root: bool) -> Plan {
    if by_root {
        let (sel, roots) = select_by_root(model, &SelectionConfig::new()).expect("selects");
        return crate::plan::build(model, &sel, &roots, &opts()).expect("plans");
    }
    crate::plan::build(model, sel, &[], &opts()).expect("plans")
}

/// The example of `sel`.
fn example(model: &Model, sel: &Selection, by_root: bool) -> Option<ExampleCall> {
    example_call(&plan(model, sel, by_root))
}

fn emitted_methods(model: &Model, sel: &Selection) -> Methods {
    let tree = emit_plan(&plan(model, sel, false)).expect("emits");
    let text = render_single_file("v1_0", &tree).expect("renders");
    let file = syn::parse_file(&text).expect("parses");
    let mut out = Methods::new();
    collect(&file.items, &mut out);
    out
}

fn collect(items: &[syn::Item], out: &mut Methods) {
    for item in items {
        match item {
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let Some(name) = last_ident(&i.self_ty) else {
                    continue;
                };
                for f in &i.items {
                    if let syn::ImplItem::Fn(f) = f {
                        let ret = match &f.sig.output {
                            syn::ReturnType::Type(_, ty) => segments(ty),
                            syn::ReturnType::Default => None,
                        };
                        let arg = f.sig.inputs.iter().nth(1).map(|a| match a {
                            syn::FnArg::Typed(a) => {
                                let ty = &a.ty;
                                quote::quote!(#ty).to_string()
                            }
                            syn::FnArg::Receiver(_) => String::new(),
                        });
                        out.entry(name.clone())
                            .or_default()
                            .insert(f.sig.ident.to_string(), Method { ret, arg });
                    }
                }
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect(inner, out);
                }
            }
            _ => {}
        }
    }
}

/// The last segment of a type's path, and its first generic argument's.
fn segments(ty: &syn::Type) -> Option<(String, Option<String>)> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    let arg = match &last.arguments {
        syn::PathArguments::AngleBracketed(a) => a.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => last_ident(t),
            _ => None,
        }),
        _ => None,
    };
    Some((last.ident.to_string(), arg))
}

fn last_ident(ty: &syn::Type) -> Option<String> {
    segments(ty).map(|(ident, _)| ident)
}

/// What the runtime's navigation wrappers offer: method, and the type it gives (`Call<D>` as
/// `D`).
fn runtime_method(wrapper: &str, method: &str) -> Option<&'static str> {
    match (wrapper, method) {
        ("NavCollection", "list") => Some("List"),
        ("NavCollection", "count") => Some("Count"),
        ("NavCollection", "by_id") => Some("NavItem"),
        ("NavItem" | "NavSingle" | "NavSingleRef", "get") => Some("Json"),
        _ => None,
    }
}

/// Follows `call` through the emitted code from `Client` and checks that each step is a
/// method of the previous one's type, ending in a sending method whose response matches what
/// the example does with it. Returns the decoded shape (`List`, `Json`, `Count`, `Empty`).
fn follow(methods: &Methods, call: &ExampleCall) -> String {
    let mut ty = "Client".to_owned();
    let mut shape: Option<String> = None;
    for step in &call.calls {
        let name = step.split('(').next().unwrap();
        if let Some(shape) = &shape {
            assert!(
                shape == "List" && step == "top(5)",
                "{step} after a call of {shape}: {call:?}"
            );
            continue;
        }
        let next = match methods.get(&ty).and_then(|m| m.get(name)) {
            Some(m) => {
                if name == "by_id" {
                    assert_eq!(m.arg.as_deref(), Some("& str"), "{call:?}");
                }
                let (outer, inner) = m
                    .ret
                    .clone()
                    .unwrap_or_else(|| panic!("{ty}::{name} returns no path type: {call:?}"));
                if outer == "Call" {
                    inner.expect("Call<D>")
                } else {
                    outer
                }
            }
            None => runtime_method(&ty, name)
                .unwrap_or_else(|| panic!("no method {ty}::{name}: {call:?}"))
                .to_owned(),
        };
        if ["List", "Json", "Count", "Empty"].contains(&next.as_str()) {
            shape = Some(next);
        } else {
            ty = next;
        }
    }
    let shape = shape.unwrap_or_else(|| panic!("nothing sends: {call:?}"));
    let expected = match shape.as_str() {
        "List" => Some("page"),
        "Count" => Some("count"),
        "Json" => call
            .binding
            .as_deref()
            .filter(|b| ["entity", "created"].contains(b)),
        _ => None,
    };
    assert_eq!(call.binding.as_deref(), expected, "{shape}: {call:?}");
    shape
}

/// Every root of every fixture leads to a request the emitted code has, named as emitted.
#[test]
fn every_example_follows_the_emitted_methods() {
    let mut checked = 0;
    for name in FIXTURES {
        let model = fixture(name);
        let sel = selection(&model, &[]);
        let methods = emitted_methods(&model, &sel);
        let plan = plan(&model, &sel, false);
        let builders: BTreeMap<ItemRef, &BuilderPlan> = plan
            .items
            .iter()
            .filter_map(|item| match &item.kind {
                ItemKind::Builder(b) => Some((item.item_ref(), b)),
                _ => None,
            })
            .collect();
        for m in &plan.client.methods {
            for kind in [Kind::Read, Kind::Write] {
                let start = Node::Builder(m.builder.clone());
                if let Some(call) =
                    nearest(&builders, start, format!("{}()", m.name), &m.wire, kind)
                {
                    let shape = follow(&methods, &call);
                    assert_eq!(
                        shape == "Empty" || call.request.starts_with("POST"),
                        kind == Kind::Write,
                        "{name}: {call:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 30, "{checked} examples");
}

#[test]
fn a_singleton_is_read_and_an_entity_set_listed() {
    let model = fixture("containment");
    let call = example(&model, &selection(&model, &[]), false).expect("an example");
    assert_eq!(call.calls, ["identity_governance()", "get()"]);
    assert_eq!(call.request, "GET /identityGovernance");
    assert_eq!(call.what, "reads the `identityGovernance`");

    let model = fixture("enums");
    let call = example(&model, &selection(&model, &[]), true).expect("an example");
    assert_eq!(call.calls, ["schedules()", "list()", "top(5)"]);
    assert_eq!(call.request, "GET /schedules?$top=5");
    assert_eq!(call.what, "lists the first five `schedule` entities");
    assert_eq!(call.binding.as_deref(), Some("page"));
    assert_eq!(call.show, r#"println!("{:?}", page.items);"#);
    assert_eq!(call.root_feature.as_deref(), Some("schedules"));
}

/// Below a singleton that only leads somewhere, the example follows the navigation
/// properties to the nearest request, as for the checked-in crate.
#[test]
fn ancestors_are_followed_to_the_nearest_read() {
    let model = fixture("containment");
    let sel = selection(
        &model,
        &["/identityGovernance/entitlementManagement/catalogs/{id}/accessPackages#GET"],
    );
    let call = example(&model, &sel, false).expect("an example");
    assert_eq!(
        call.calls,
        [
            "identity_governance()",
            "entitlement_management()",
            "catalogs()",
            "by_id(\"…\")",
            "access_packages()",
            "list()",
            "top(5)"
        ]
    );
    assert_eq!(
        call.request,
        "GET /identityGovernance/entitlementManagement/catalogs/{id}/accessPackages?$top=5"
    );
    follow(&emitted_methods(&model, &sel), &call);
}

/// Without a read, the nearest write, by key when only members are selected; the root that
/// has a read wins over an earlier one that has only writes.
#[test]
fn writes_when_nothing_reads() {
    let model = fixture("enums");
    let sel = selection(&model, &["/schedules/{id}#DELETE"]);
    let call = example(&model, &sel, false).expect("an example");
    assert_eq!(call.calls, ["schedules()", "by_id(\"…\")", "delete()"]);
    assert_eq!(call.request, "DELETE /schedules/{id}");
    assert_eq!(call.binding, None);
    follow(&emitted_methods(&model, &sel), &call);

    let sel = selection(&model, &["/schedules#POST"]);
    let call = example(&model, &sel, false).expect("an example");
    assert_eq!(call.calls, ["schedules()", "post(&Default::default())"]);
    assert!(
        call.what.starts_with("creates a `schedule`"),
        "{}",
        call.what
    );
    follow(&emitted_methods(&model, &sel), &call);

    let model = fixture("refs");
    let sel = selection(&model, &["/accessPackages#POST", "/groups#GET"]);
    let call = example(&model, &sel, false).expect("an example");
    assert_eq!(call.calls, ["groups()", "list()", "top(5)"]);
}

/// A selection of types only has no request.
#[test]
fn types_only_give_no_example() {
    let model = fixture("enums");
    let config = SelectionConfig::new().ty("microsoft.graph.schedule");
    let sel = select(&model, &config).expect("selects");
    assert!(sel.roots.is_empty());
    assert_eq!(example(&model, &sel, false), None);
}
