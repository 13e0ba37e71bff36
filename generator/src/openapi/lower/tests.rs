//! Tests of the OpenAPI lowering: a hand-written fixture checked as a CSDL tree and as the
//! lowered model, and the real PowerShell Identity.Governance description against Graph's
//! CSDL.

use std::path::Path;

use super::{Lowered, to_csdl};
use crate::csdl::syntax::{self as csdl, Expr};
use crate::ir::{Model, RootKind, TypeKind, TypeRef};
use crate::openapi::syntax::parse_str;
use crate::test_support::shared_file;

/// An operation as compared: name, binding type, other parameters, return type.
type OpShape<'a> = (&'a str, &'a str, Vec<(&'a str, &'a str)>, Option<&'a str>);

/// `tests/fixtures/library.json`, lowered to CSDL.
fn fixture() -> Lowered {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/library.json");
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    to_csdl(&parse_str(&path, &text).expect("parses")).expect("lowers to CSDL")
}

/// The schema of namespace `ns`.
fn schema<'a>(d: &'a csdl::Document, ns: &str) -> &'a csdl::Schema {
    d.schemas
        .iter()
        .find(|s| s.namespace == ns)
        .expect("schema")
}

/// The entity type `name` of namespace `ns`.
fn entity<'a>(d: &'a csdl::Document, ns: &str, name: &str) -> &'a csdl::StructuredType {
    schema(d, ns)
        .entity_types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("entity {name}"))
}

/// The (property, value) of the Capabilities `term` among `anns`.
fn restriction(anns: &[csdl::Annotation], term: &str) -> Option<(String, bool)> {
    anns.iter()
        .find(|a| a.term == format!("Org.OData.Capabilities.V1.{term}"))
        .and_then(|a| match &a.value {
            Some(Expr::Record(r)) => match r.properties.first()?.value {
                Some(Expr::Bool(b)) => Some((r.properties[0].property.clone(), b)),
                _ => None,
            },
            _ => None,
        })
}

#[test]
fn fixture_becomes_the_csdl_it_was_converted_from() {
    let l = fixture();
    let d = &l.document;
    assert_eq!(
        d.schemas
            .iter()
            .map(|s| s.namespace.as_str())
            .collect::<Vec<_>>(),
        ["test.lib"]
    );
    let s = schema(d, "test.lib");
    let names = |ts: &[csdl::StructuredType]| ts.iter().map(|t| t.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&s.entity_types), ["item", "shelf", "book", "reader"]);
    assert_eq!(names(&s.complex_types), ["location", "gpsLocation"]);
    let gps = &s.complex_types[1];
    assert_eq!(gps.base_type.as_deref(), Some("test.lib.location"));
    // `@odata.type` declared as a property (with the discriminator) is no property.
    assert!(
        entity(d, "test.lib", "item")
            .properties
            .iter()
            .all(|p| !p.name.starts_with('@'))
    );
    // The mapping names a schema the document lacks: one located warning.
    assert!(
        l.warnings
            .iter()
            .any(|w| w.element.contains("test.lib.item") && w.message.contains("lostItem")),
        "{:#?}",
        l.warnings
    );
    let item = entity(d, "test.lib", "item");
    assert_eq!(item.key.as_ref().map(|k| k[0].name.as_str()), Some("id"));
    assert!(
        item.pos.line > 1,
        "positions are the OpenAPI node's: {:?}",
        item.pos
    );
    let shelf = entity(d, "test.lib", "shelf");
    assert_eq!(shelf.base_type.as_deref(), Some("test.lib.item"));
    let props: Vec<(&str, &str, Option<bool>)> = shelf
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.type_name.as_str(), p.nullable))
        .collect();
    assert_eq!(
        props,
        [
            ("label", "Edm.String", Some(true)),
            ("capacity", "Edm.Int32", Some(false)),
            ("width", "Edm.Double", Some(false))
        ]
    );
    assert_eq!(
        shelf.properties[0].annotations[0].value,
        Some(Expr::String("The label.".into()))
    );
    let book = entity(d, "test.lib", "book");
    let props: Vec<(&str, &str, Option<bool>)> = book
        .properties
        .iter()
        .map(|p| (p.name.as_str(), p.type_name.as_str(), p.nullable))
        .collect();
    assert_eq!(
        props,
        [
            ("title", "Edm.String", Some(true)),
            ("published", "Edm.DateTimeOffset", Some(false)),
            ("genres", "test.lib.genre", Some(false)),
            ("location", "test.lib.location", Some(true)),
            ("tags", "Collection(Edm.String)", Some(false)),
            ("extra", "Edm.Untyped", Some(false)),
            ("cover", "Edm.Stream", Some(true)),
        ]
    );
    // Containment: `books` has item PATCH/DELETE and no `$ref`; `relatedShelves` has `$ref`.
    let books = &shelf.navigation_properties[0];
    assert!(books.contains_target);
    assert_eq!(restriction(&books.annotations, "InsertRestrictions"), None);
    assert_eq!(
        restriction(&books.annotations, "CountRestrictions"),
        Some(("Countable".into(), false))
    );
    let related = &book.navigation_properties[0];
    assert!(!related.contains_target);
    assert_eq!(
        restriction(&related.annotations, "NavigationRestrictions"),
        Some(("Referenceable".into(), true))
    );
    let genre = &s.enum_types.iter().find(|e| e.name == "genre").unwrap();
    assert!(genre.is_flags);
    assert_eq!(
        genre
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.value))
            .collect::<Vec<_>>(),
        [
            ("fiction", Some(1)),
            ("poetry", Some(2)),
            ("unknownFutureValue", Some(4))
        ]
    );
    assert_eq!(
        genre.members[1].annotations[0].value,
        Some(Expr::String("Verse.".into()))
    );
    let c = &s.containers[0];
    assert_eq!(c.entity_sets[0].name, "shelves");
    assert_eq!(c.entity_sets[0].entity_type, "test.lib.shelf");
    assert_eq!(
        restriction(&c.entity_sets[0].annotations, "DeleteRestrictions"),
        Some(("Deletable".into(), false))
    );
    assert_eq!(
        restriction(&c.entity_sets[0].annotations, "InsertRestrictions"),
        None
    );
    assert_eq!(c.singletons[0].name, "me");
    assert_eq!(c.singletons[0].type_name, "test.lib.reader");
    let ops: Vec<OpShape<'_>> = s
        .operations
        .iter()
        .map(|o| {
            (
                o.name.as_str(),
                o.parameters[0].type_name.as_str(),
                o.parameters[1..]
                    .iter()
                    .map(|p| (p.name.as_str(), p.type_name.as_str()))
                    .collect(),
                o.return_type.as_ref().map(|r| r.type_name.as_str()),
            )
        })
        .collect();
    // In path order: `reorder` is reached first.
    assert_eq!(
        ops,
        [
            (
                "reorder",
                "test.lib.shelf",
                vec![("order", "test.lib.sortOrder"), ("limit", "Edm.Int32")],
                Some("Collection(test.lib.book)")
            ),
            (
                "byAuthor",
                "Collection(test.lib.book)",
                vec![("author", "Edm.String")],
                Some("Collection(test.lib.book)")
            ),
        ]
    );
    // The `$value` of the stream property `cover` is the one thing not covered (its media
    // methods send `…/cover`).
    assert_eq!((l.covered, l.total), (l.total - 1, 17));
    let cov = l
        .warnings
        .iter()
        .find(|w| w.element == "#/paths")
        .expect("coverage warning");
    assert!(
        cov.message.contains(
            "`GET /shelves/{shelf-id}/books/{book-id}/cover/$value`: the `$value` of a property"
        ),
        "{}",
        cov.message
    );
    assert!(
        l.warnings
            .iter()
            .any(|w| w.message.contains("given the key `id`"))
    );
    assert!(
        l.warnings
            .iter()
            .any(|w| w.message.contains("numbered in order"))
    );
}

#[test]
fn fixture_lowers_to_the_model() {
    let m: Model = crate::ir::lower::lower(&[fixture().document]).expect("ir lowers");
    let id = |n: &str| m.type_index[n];
    let shelf = m.struct_def(id("test.lib.shelf")).unwrap();
    assert_eq!(shelf.base, Some(id("test.lib.item")));
    assert_eq!(
        shelf.key.iter().map(|k| &k.name[..]).collect::<Vec<_>>(),
        ["id"]
    );
    let books = &shelf.navigations[0];
    assert_eq!(
        (books.target, books.collection, books.contains_target),
        (id("test.lib.book"), true, true)
    );
    assert_eq!(books.caps.countable, Some(false));
    let related = &m.struct_def(id("test.lib.book")).unwrap().navigations[0];
    assert_eq!(
        (related.contains_target, related.caps.referenceable),
        (false, Some(true))
    );
    assert!(matches!(
        m.ty(id("test.lib.location")).kind,
        TypeKind::Complex(_)
    ));
    let TypeKind::Enum(genre) = &m.ty(id("test.lib.genre")).kind else {
        panic!("enum")
    };
    assert!(genre.is_flags);
    let roots: Vec<(&str, RootKind)> = m.roots.iter().map(|r| (r.name.as_str(), r.kind)).collect();
    assert_eq!(
        roots,
        [
            ("shelves", RootKind::EntitySet),
            ("me", RootKind::Singleton)
        ]
    );
    assert_eq!(m.roots[0].caps.deletable, Some(false));
    assert_eq!(m.roots[0].caps.insertable, None);
    let reorder = m.operations.iter().find(|o| o.name == "reorder").unwrap();
    assert_eq!(
        reorder.binding.map(|b| (b.ty, b.collection)),
        Some((id("test.lib.shelf"), false))
    );
    assert_eq!(
        reorder.returns.as_ref().map(|r| r.ty.clone()),
        Some(TypeRef::Collection(Box::new(TypeRef::Named(id(
            "test.lib.book"
        )))))
    );
    let by_author = m.operations.iter().find(|o| o.name == "byAuthor").unwrap();
    assert_eq!(by_author.binding.map(|b| b.collection), Some(true));
}

#[test]
fn same_input_same_tree() {
    let (a, b) = (fixture(), fixture());
    assert_eq!(format!("{:?}", a.document), format!("{:?}", b.document));
    assert_eq!(a.warnings, b.warnings);
}

#[test]
fn external_refs_are_located_errors() {
    let text = r#"{"openapi": "3.0.1", "components": {"schemas": {"a.b": {"type": "object", "properties": {
        "x": {"$ref": "other.yaml#/components/schemas/a.c"}}}}}}"#;
    let err = to_csdl(&parse_str(Path::new("ext.json"), text).unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "ext.json:2:23: #/components/schemas/a.b/properties/x: external reference `other.yaml"
        ),
        "{err}"
    );
}

#[test]
fn base_type_cycles_end_and_are_reported_by_ir_lower() {
    let text = r##"{"openapi": "3.0.1", "components": {"schemas": {
        "n.a": {"allOf": [{"$ref": "#/components/schemas/n.b"}, {"type": "object", "properties": {"id": {"type": "string"}, "to": {"$ref": "#/components/schemas/n.b", "x-ms-navigationProperty": true}}}]},
        "n.b": {"allOf": [{"$ref": "#/components/schemas/n.a"}, {"type": "object"}]}}}}"##;
    let l = to_csdl(&parse_str(Path::new("cycle.json"), text).unwrap())
        .expect("no unbounded recursion");
    let err = crate::ir::lower::lower(&[l.document])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("cycle.json:"), "{err}");
}

#[test]
fn identity_governance_access_package_matches_the_csdl() {
    let (Some(yaml), Some(xml)) = (
        shared_file("openapi/identity-governance.v1.0.powershell.yml"),
        shared_file("metadata/v1.0/cleanMetadata.v1.0.xml"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(&yaml).unwrap();
    let l = to_csdl(&parse_str(&yaml, &text).expect("parses")).expect("lowers to CSDL");
    println!(
        "coverage: {} of {} (path, method) pairs",
        l.covered, l.total
    );
    for w in &l.warnings {
        println!(
            "warning: {}: {}",
            w.element,
            w.message.lines().take(20).collect::<Vec<_>>().join("\n")
        );
    }
    // Every type the paths and properties name is in the file: plain lowering succeeds.
    let from_oas = crate::ir::lower::lower(&[l.document]).expect("ir lowers");
    // No defect; what the crate cannot express is said (4 operations under
    // `lifecycleWorkflows` are bound to types the document's paths reach only through
    // navigation the OpenAPI front end does not model as containment).
    let (unsupported, defects): (Vec<_>, Vec<_>) = from_oas
        .warnings
        .iter()
        .partition(|w| w.category == crate::error::Category::Unsupported);
    assert!(defects.is_empty(), "{defects:?}");
    for w in &unsupported {
        println!("unsupported: {}: {}", w.element, w.message);
    }
    assert!(unsupported.len() <= 4, "{unsupported:?}");
    let from_csdl = crate::ir::lower::lower(&[crate::csdl::parse_file(&xml).unwrap()]).unwrap();
    let shape = |m: &Model| {
        let id = m.type_index["microsoft.graph.accessPackage"];
        let s = m.struct_def(id).unwrap();
        let fields: Vec<(String, String, bool)> = s
            .fields
            .iter()
            .map(|f| (f.name.clone(), format!("{:?}", f.ty), f.nullable))
            .collect();
        let navs: Vec<(String, String, bool, bool, Option<bool>)> = s
            .navigations
            .iter()
            .map(|n| {
                (
                    n.name.clone(),
                    m.ty(n.target).qualified.clone(),
                    n.collection,
                    n.contains_target,
                    n.caps.referenceable,
                )
            })
            .collect();
        (fields, navs)
    };
    let (of, on) = shape(&from_oas);
    let (cf, cn) = shape(&from_csdl);
    // Allowed differences: none today (the OpenAPI file is two years older than the CSDL;
    // list any drift here with its reason).
    assert_eq!(of, cf, "structural properties");
    assert_eq!(on, cn, "navigation properties");
    assert!(
        on.iter()
            .any(|n| n.0 == "incompatibleGroups" && n.4 == Some(true))
    );
    assert!(l.covered > 0 && l.covered <= l.total);
    // The operations bound to accessPackage (single or collection) are the CSDL's.
    let bound = |m: &Model| {
        let id = m.type_index["microsoft.graph.accessPackage"];
        let mut ops: Vec<(String, bool, usize)> = m
            .operations
            .iter()
            .filter(|o| o.binding.is_some_and(|b| b.ty == id))
            .map(|o| {
                (
                    o.name.clone(),
                    o.binding.unwrap().collection,
                    o.params.len(),
                )
            })
            .collect();
        ops.sort();
        ops
    };
    assert_eq!(
        bound(&from_oas),
        bound(&from_csdl),
        "operations bound to accessPackage"
    );
    // `/identityGovernance` is a singleton in both.
    // `/roleManagement` has no path or schema of its own in the file: it is synthesized, and
    // a singleton like the CSDL's.
    let kind = |m: &Model, name: &str| m.roots.iter().find(|r| r.name == name).map(|r| r.kind);
    assert_eq!(
        kind(&from_oas, "roleManagement"),
        kind(&from_csdl, "roleManagement")
    );
    assert_eq!((l.covered, l.total), (1363, 1485));
    let uncovered = l
        .warnings
        .iter()
        .find(|w| w.element == "#/paths" && w.message.contains("map to nothing"))
        .unwrap();
    for line in uncovered.message.lines().skip(1) {
        assert!(
            line.ends_with("paths into structural properties are not generated"),
            "{line}"
        );
    }
    let root = |m: &Model| {
        m.roots
            .iter()
            .find(|r| r.name == "identityGovernance")
            .map(|r| r.kind)
    };
    assert_eq!(root(&from_oas), root(&from_csdl));
}

#[test]
fn kiota_users_groups_subset_lowers() {
    let Some(yaml) = shared_file("openapi/users-groups.v1.0.kiota-subset.yaml") else {
        return;
    };
    let text = std::fs::read_to_string(&yaml).unwrap();
    let l = to_csdl(&parse_str(&yaml, &text).expect("parses")).expect("lowers to CSDL");
    println!(
        "coverage: {} of {} (path, method) pairs",
        l.covered, l.total
    );
    // The cut kept 552 schemas, and `microsoft.graph.entity`'s discriminator maps hundreds
    // of derived types it dropped: one warning for it, not one per type.
    let dangling: Vec<_> = l
        .warnings
        .iter()
        .filter(|w| w.element.ends_with("/discriminator/mapping"))
        .collect();
    for w in &dangling {
        println!("{}: {}", w.element, w.message);
    }
    assert!(!dangling.is_empty());
    let entity = dangling
        .iter()
        .find(|w| {
            w.element
                .starts_with("#/components/schemas/microsoft.graph.entity/")
        })
        .expect("entity's mapping");
    assert!(
        entity.element.ends_with("/discriminator/mapping"),
        "{}",
        entity.element
    );
    assert!(
        entity.message.contains("names 616 schema(s)"),
        "{}",
        entity.message
    );
    assert!(entity.pos.line > 1);
    let m = crate::ir::lower::lower(&[l.document]).expect("ir lowers");
    let user = m.type_index["microsoft.graph.user"];
    let s = m.struct_def(user).unwrap();
    assert_eq!(
        m.ty(s.base.unwrap()).qualified,
        "microsoft.graph.directoryObject"
    );
    let member_of = s
        .navigations
        .iter()
        .find(|n| n.name == "memberOf")
        .expect("memberOf");
    assert!(member_of.collection);
    let roots: Vec<&str> = m.roots.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(roots, ["groups", "users"]);
    assert_eq!(
        l.covered,
        l.total,
        "{:?}",
        l.warnings.iter().find(|w| w.element == "#/paths")
    );
}

#[test]
fn converter_basic_model_with_keys_in_parentheses() {
    let Some(path) = shared_file("openapi/converter-Basic.OpenApi.json") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let l = to_csdl(&parse_str(&path, &text).expect("parses")).expect("lowers to CSDL");
    assert_eq!((l.covered, l.total), (20, 20), "{:?}", l.warnings);
    assert!(
        !l.warnings.iter().any(|w| w.message.contains("have no key")),
        "{:?}",
        l.warnings
    );
    let m = crate::ir::lower::lower(&[l.document]).expect("ir lowers");
    // Entity sets first, then singletons (the container's lists, as ir::lower reads them).
    let roots: Vec<(&str, RootKind, &str)> = m
        .roots
        .iter()
        .map(|r| (r.name.as_str(), r.kind, m.ty(r.ty).qualified.as_str()))
        .collect();
    assert_eq!(
        roots,
        [
            ("City", RootKind::EntitySet, "DefaultNs.City"),
            (
                "CountryOrRegion",
                RootKind::EntitySet,
                "DefaultNs.CountryOrRegion"
            ),
            ("People", RootKind::EntitySet, "DefaultNs.Person"),
            ("Me", RootKind::Singleton, "DefaultNs.Person"),
        ]
    );
    // `/People({UserName})` names the key OpenAPI otherwise does not carry.
    let person = m.struct_def(m.type_index["DefaultNs.Person"]).unwrap();
    assert_eq!(
        person.key.iter().map(|k| &k.name[..]).collect::<Vec<_>>(),
        ["UserName"]
    );
    assert_eq!(m.roots[0].caps.countable, None);
    assert!(matches!(
        m.ty(m.type_index["DefaultNs.Address"]).kind,
        TypeKind::Complex(_)
    ));
}

/// `models::access_package::AccessPackage` → `models::AccessPackage`: the file layout
/// depends on how many types there are, which the two inputs do not share.
fn without_files(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            let Some((head, rest)) = word.split_once("::") else {
                return word.to_string();
            };
            let mut parts: Vec<&str> = rest.split("::").collect();
            let typed = parts
                .iter()
                .position(|p| p.starts_with(|c: char| c.is_ascii_uppercase()));
            if let Some(i) = typed {
                parts.drain(..i);
            }
            format!("{head}::{}", parts.join("::"))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A plan dump as items (top-level lines, files and modules left out) → their lines.
fn dump_items(dump: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut items = std::collections::BTreeMap::new();
    let mut current: Option<String> = None;
    for line in dump.lines() {
        if !line.starts_with(' ') {
            current = (!line.starts_with("file ") && !line.starts_with("mod "))
                .then(|| without_files(line));
            if let Some(c) = &current {
                items.insert(c.clone(), Vec::new());
            }
        } else if let Some(c) = &current {
            let v: Option<&mut Vec<String>> = items.get_mut(c);
            if let Some(v) = v {
                v.push(without_files(line));
            }
        }
    }
    items
}

/// The plan of the accessPackages subtree made from the OpenAPI file holds nothing the plan
/// made from the CSDL lacks, and `AccessPackage` and its requests are the same. The CSDL has
/// more: derived types the PowerShell file leaves out (it has no discriminators and keeps
/// only reachable schemas, e.g. `singleUser`, `groupMembers`), and two years of additions
/// (`accessPackageAssignmentPolicy.notificationSettings`,
/// `accessPackageResourceRole.type`).
#[test]
fn identity_governance_plan_is_a_subset_of_the_csdl_plan() {
    let (Some(yaml), Some(xml)) = (
        shared_file("openapi/identity-governance.v1.0.powershell.yml"),
        shared_file("metadata/v1.0/cleanMetadata.v1.0.xml"),
    ) else {
        return;
    };
    let text = std::fs::read_to_string(&yaml).unwrap();
    let l = to_csdl(&parse_str(&yaml, &text).unwrap()).unwrap();
    let from_oas = crate::ir::lower::lower(&[l.document]).unwrap();
    let from_csdl = crate::ir::lower::lower(&[crate::csdl::parse_file(&xml).unwrap()]).unwrap();
    let cfg = crate::ir::select::SelectionConfig::new()
        .include("/identityGovernance/entitlementManagement/accessPackages/**");
    let opts = crate::plan::ProfileOptions {
        module: "v1_0".into(),
        base_url: Some("https://graph.microsoft.com/v1.0".into()),
        conventions: crate::config::Conventions::GRAPH,
        doc: "Identity governance.".into(),
    };
    let items = |m: &Model| {
        let sel = crate::ir::select::select(m, &cfg).expect("selects");
        dump_items(
            &crate::plan::build(m, &sel, &[], &opts)
                .expect("plans")
                .dump(),
        )
    };
    let (oas, csdl) = (items(&from_oas), items(&from_csdl));
    let extra: Vec<&String> = oas.keys().filter(|k| !csdl.contains_key(*k)).collect();
    assert!(
        extra.is_empty(),
        "items only the OpenAPI plan has: {extra:#?}"
    );
    let changed: Vec<&String> = oas
        .iter()
        .filter(|(k, v)| csdl[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    println!(
        "{} items, {} only in the CSDL plan, {} differ",
        oas.len(),
        csdl.len() - oas.len(),
        changed.len()
    );
    let package = oas
        .keys()
        .find(|k| k.ends_with("::AccessPackage"))
        .expect("AccessPackage");
    assert_eq!(oas[package], csdl[package]);
    // Line by line, each OpenAPI item says nothing the CSDL item does not. Allowed:
    // - the polymorphic `…Kind` enums the CSDL's derived types make (the file lacks them,
    //   and the CSDL's type casts reach them);
    // - `| graph.group` beside `microsoft.graph.group` in a discriminator: the CSDL schema's
    //   alias `graph`, which OpenAPI does not carry;
    // - `AccessPackageCatalog`'s canonical path: the CSDL has since added
    //   `identityGovernance/catalogs`, a second containment path, so it has none.
    let unkind = |l: &str| {
        l.replace("Kind>", ">")
            .replace("Kind ", " ")
            .replace(" | graph.group", "")
    };
    let mut extra_lines = Vec::new();
    for (k, v) in &oas {
        let theirs: Vec<String> = csdl[k].iter().map(|l| unkind(l)).collect();
        extra_lines.extend(
            v.iter()
                .filter(|l| !theirs.contains(&unkind(l)))
                .filter(|l| {
                    !(k.ends_with("::AccessPackageCatalog") && l.starts_with("  canonical "))
                })
                .map(|l| format!("{k}: {l}")),
        );
    }
    assert!(extra_lines.is_empty(), "{extra_lines:#?}");
}

#[test]
fn control_information_declared_as_properties_is_not_a_property() {
    // Kiota's profile declares `@odata.type` on every schema; the generated models read it
    // already, and a second field for it would be an unreachable `match` arm.
    let text = r##"{"openapi": "3.0.1", "paths": {}, "components": {"schemas": {
        "n.c": {"type": "object", "properties": {
            "@odata.type": {"type": "string"}, "name": {"type": "string"}}}}}}"##;
    let l = to_csdl(&parse_str(Path::new("kiota.json"), text).unwrap()).unwrap();
    let c = &schema(&l.document, "n").complex_types[0];
    let names: Vec<&str> = c.properties.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["name"]);
}

#[test]
fn operation_docs_join_summary_description_and_external_docs() {
    let text = r##"{"openapi": "3.0.1", "paths": {
        "/things": {"get": {"responses": {"200": {"content": {"application/json": {"schema":
            {"type": "array", "items": {"$ref": "#/components/schemas/n.thing"}}}}}}}},
        "/things/{thing-id}": {"get": {"responses": {"200": {"content": {"application/json":
            {"schema": {"$ref": "#/components/schemas/n.thing"}}}}}}},
        "/things/{thing-id}/n.poke": {"post": {"x-ms-docs-operation-type": "action",
            "summary": "Invoke action poke", "description": "Pokes the thing.",
            "externalDocs": {"description": "Find more info here", "url": "https://example.com/poke"},
            "responses": {"204": {"description": "Success"}}}}},
        "components": {"schemas": {"n.thing": {"type": "object", "properties": {"id": {"type": "string"}}}}}}"##;
    let l = to_csdl(&parse_str(Path::new("doc.json"), text).unwrap()).unwrap();
    let poke = &schema(&l.document, "n").operations[0];
    assert_eq!(poke.name, "poke");
    assert_eq!(
        poke.annotations[0].value,
        Some(Expr::String(
            "Invoke action poke\n\nPokes the thing.\n\nFind more info here: https://example.com/poke"
                .into()
        ))
    );
}

#[test]
fn a_discriminator_value_other_than_the_qualified_name_is_a_warning() {
    let text = r##"{"openapi": "3.0.1", "paths": {}, "components": {"schemas": {
        "n.base": {"type": "object", "properties": {"id": {"type": "string"}},
            "discriminator": {"propertyName": "@odata.type", "mapping": {
                "#n.derived": "#/components/schemas/n.derived",
                "#n.renamed": "#/components/schemas/n.other"}}},
        "n.derived": {"allOf": [{"$ref": "#/components/schemas/n.base"}, {"type": "object"}]},
        "n.other": {"allOf": [{"$ref": "#/components/schemas/n.base"}, {"type": "object"}]}}}}"##;
    let l = to_csdl(&parse_str(Path::new("d.json"), text).unwrap()).unwrap();
    let odd: Vec<&str> = l
        .warnings
        .iter()
        .filter(|w| w.message.contains("discriminator value"))
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(odd.len(), 1, "{odd:?}");
    assert!(odd[0].starts_with("the discriminator value `#n.renamed` is not `#n.other`"));
}

#[test]
fn a_value_path_of_one_entity_makes_a_media_entity() {
    let text = r#"openapi: 3.0.1
info: {title: t, version: v1.0}
paths:
  /photos:
    get:
      responses:
        2XX:
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  value: {type: array, items: {$ref: '#/components/schemas/n.photo'}}
  /photos/{photo-id}:
    get:
      responses:
        2XX:
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/n.photo'}
  /photos/{photo-id}/$value:
    get:
      responses: {2XX: {description: ok}}
    put:
      responses: {2XX: {description: ok}}
  /photos/$value:
    get:
      responses: {2XX: {description: ok}}
components:
  schemas:
    n.photo:
      type: object
      properties:
        id: {type: string}
"#;
    let l = to_csdl(&parse_str(Path::new("media.yaml"), text).expect("parses")).expect("lowers");
    assert!(entity(&l.document, "n", "photo").has_stream);
    // Both methods of the entity's `$value` are covered; a collection's is not.
    assert_eq!((l.covered, l.total), (4, 5), "{:?}", l.warnings);
    let cov = l.warnings.iter().find(|w| w.element == "#/paths").unwrap();
    assert!(
        cov.message
            .contains("`GET /photos/$value`: a `$value` that is not the media of one entity"),
        "{}",
        cov.message
    );
}
