//! The real Microsoft Graph files in `../shared/metadata`, and a release-mode timing.

use super::*;

/// Real Graph metadata: counts checked with grep.
#[test]
fn shared_metadata_files() {
    // (file, schemas, entity types, complex types, enum types, Annotations, operations,
    //  properties, navigation properties)
    let files = [
        (
            "v1.0/cleanMetadata.v1.0.xml",
            11,
            1182,
            1780,
            861,
            4918,
            1181,
            10528,
            1432,
        ),
        (
            "v1.0/v1.0-Prod.csdl",
            11,
            1182,
            1779,
            861,
            4878,
            1183,
            10525,
            1432,
        ),
        (
            "v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml",
            5,
            705,
            780,
            486,
            3484,
            954,
            6719,
            850,
        ),
        (
            "beta/beta-USNat.csdl",
            6,
            722,
            1044,
            479,
            284,
            956,
            6660,
            1064,
        ),
        (
            "beta/cleanMetadata.beta.2021-06-08.xml",
            7,
            1309,
            1250,
            860,
            7695,
            1248,
            13120,
            1467,
        ),
        (
            "beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml",
            1,
            1107,
            978,
            690,
            6693,
            1083,
            11063,
            1189,
        ),
    ];
    for (rel, schemas, entities, complexes, enums, annotations, operations, props, navs) in files {
        let Some(path) = shared_file(rel) else { return };
        let doc = match parse_file(&path) {
            Ok(doc) => doc,
            Err(err) => panic!("{err}"),
        };
        let sum = |f: &dyn Fn(&Schema) -> usize| doc.schemas.iter().map(f).sum::<usize>();
        let structured = |f: &dyn Fn(&StructuredType) -> usize| {
            sum(&|s| s.entity_types.iter().chain(&s.complex_types).map(f).sum())
        };
        let counts = (
            doc.schemas.len(),
            sum(&|s| s.entity_types.len()),
            sum(&|s| s.complex_types.len()),
            sum(&|s| s.enum_types.len()),
            sum(&|s| s.annotations.len()),
            sum(&|s| s.operations.len()),
            structured(&|t| t.properties.len()),
            structured(&|t| t.navigation_properties.len()),
        );
        assert_eq!(
            counts,
            (
                schemas,
                entities,
                complexes,
                enums,
                annotations,
                operations,
                props,
                navs
            ),
            "{rel}"
        );
        assert_eq!(doc.version, "4.0");
        assert_eq!(doc.schemas[0].namespace, "microsoft.graph");
    }

    let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
        return;
    };
    let doc = parse_file(&path).unwrap();
    let graph = &doc.schemas[0];
    assert_eq!(graph.alias.as_deref(), Some("graph"));
    let ap = graph
        .entity_types
        .iter()
        .find(|t| t.name == "accessPackage")
        .unwrap();
    assert_eq!((ap.pos.line, ap.pos.col), (12161, 7));
    assert_eq!(ap.base_type.as_deref(), Some("graph.entity"));
    assert_eq!(ap.properties.len(), 5);
    let navs: Vec<_> = ap
        .navigation_properties
        .iter()
        .map(|n| (n.name.as_str(), n.contains_target))
        .collect();
    assert_eq!(
        navs,
        [
            ("accessPackagesIncompatibleWith", false),
            ("assignmentPolicies", true),
            ("catalog", false),
            ("incompatibleAccessPackages", false),
            ("incompatibleGroups", false),
            ("resourceRoleScopes", true),
        ]
    );
    let groups = &ap.navigation_properties[4];
    assert_eq!(groups.type_name, "Collection(graph.group)");
    let restrictions = &groups.annotations[0];
    assert_eq!(
        restrictions.term,
        "Org.OData.Capabilities.V1.NavigationRestrictions"
    );
    let Some(Expr::Record(record)) = &restrictions.value else {
        panic!("{:?}", restrictions.value)
    };
    assert_eq!(record.get("Referenceable"), Some(&Expr::Bool(true)));
    // The alternate key: a Collection of Records whose `Key` holds a PropertyPath.
    let Some(Expr::Collection(keys)) = &ap.annotations[0].value else {
        panic!()
    };
    let Expr::Record(alternate) = &keys[0] else {
        panic!()
    };
    assert_eq!(
        alternate.type_name.as_deref(),
        Some("Org.OData.Core.V1.AlternateKey")
    );
    let Some(Expr::Collection(refs)) = alternate.get("Key") else {
        panic!()
    };
    let Expr::Record(key) = &refs[0] else {
        panic!()
    };
    assert_eq!(key.get("Alias"), Some(&Expr::String("uniqueName".into())));
    assert_eq!(
        key.get("Name"),
        Some(&Expr::Path {
            kind: "PropertyPath".into(),
            path: "uniqueName".into()
        })
    );
    let security = doc
        .schemas
        .iter()
        .find(|s| s.namespace == "microsoft.graph.security")
        .unwrap();
    assert_eq!(security.alias.as_deref(), Some("self"));
}

/// Release timing of the full v1.0 file:
/// `cargo test -p graphgen --release --lib csdl::parser::tests::parse_time -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn parse_time() {
    let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
        return;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    let mut best = f64::MAX;
    for _ in 0..10 {
        let start = Instant::now();
        let doc = parse_str(&path, &text).unwrap();
        best = best.min(start.elapsed().as_secs_f64());
        assert_eq!(doc.schemas.len(), 11);
    }
    println!("parse of {} bytes: best {:.1} ms", text.len(), best * 1e3);
    assert!(best < 0.1, "parsing took {best} s");
}
