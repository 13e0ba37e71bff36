//! Every refusal: bad values, missing attributes, DOCTYPE, entities, malformed and hostile
//! input. Each names the line, column and element path.

use super::*;

#[test]
fn bad_booleans_and_integers() {
    let cases = [
        (
            "<EntityType Name=\"t\" Abstract=\"True\"/>",
            "4:22",
            "Schema(ns)/EntityType(t)",
            "found `True`",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.String\" Nullable=\"1\"/></EntityType>",
            "4:59",
            "Schema(ns)/EntityType(t)/Property(p)",
            "attribute `Nullable`: expected `true` or `false`, found `1`",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.Decimal\" Precision=\"-1\"/></EntityType>",
            "4:60",
            "Schema(ns)/EntityType(t)/Property(p)",
            "`-1` is not a valid precision",
        ),
        (
            "<EnumType Name=\"e\">\n  <Member Name=\"m\" Value=\"1x\"/></EnumType>",
            "5:20",
            "Schema(ns)/EnumType(e)/Member(m)",
            "`1x` is not a valid 64-bit integer",
        ),
        (
            "<EnumType Name=\"e\"><Member Name=\"m\" Value=\"9223372036854775808\"/></EnumType>",
            "4:37",
            "Schema(ns)/EnumType(e)/Member(m)",
            "not a valid 64-bit integer",
        ),
        (
            "<Action Name=\"a\" IsBound=\"yes\"/>",
            "4:18",
            "Schema(ns)/Action(a)",
            "found `yes`",
        ),
        (
            "<EntityContainer Name=\"c\"/><Annotations Target=\"x\"><Annotation Term=\"T\" Int=\"1.5\"/></Annotations>",
            "4:73",
            "Schema(ns)/Annotations(x)/Annotation(T)",
            "attribute `Int`: `1.5` is not a valid 64-bit integer",
        ),
        (
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><Bool>yes</Bool></Annotation></Annotations>",
            "4:46",
            "Schema(ns)/Annotations(x)/Annotation(T)",
            "found `yes`",
        ),
    ];
    for (body, at, path, msg) in cases {
        assert_error(&wrap(body), at, path, msg);
    }
}

#[test]
fn missing_required_attributes() {
    let cases = [
        ("<EntityType/>", "Schema(ns)/EntityType", "Name"),
        (
            "<ComplexType Abstract=\"true\"/>",
            "Schema(ns)/ComplexType",
            "Name",
        ),
        (
            "<EntityType Name=\"t\"><Property Name=\"p\"/></EntityType>",
            "Schema(ns)/EntityType(t)/Property(p)",
            "Type",
        ),
        (
            "<EntityType Name=\"t\"><NavigationProperty Name=\"n\"/></EntityType>",
            "Schema(ns)/EntityType(t)/NavigationProperty(n)",
            "Type",
        ),
        (
            "<EntityType Name=\"t\"><Key><PropertyRef/></Key></EntityType>",
            "Schema(ns)/EntityType(t)/Key/PropertyRef",
            "Name",
        ),
        (
            "<EnumType Name=\"e\"><Member Value=\"1\"/></EnumType>",
            "Schema(ns)/EnumType(e)/Member",
            "Name",
        ),
        (
            "<TypeDefinition Name=\"d\"/>",
            "Schema(ns)/TypeDefinition(d)",
            "UnderlyingType",
        ),
        (
            "<Action Name=\"a\"><Parameter Name=\"p\"/></Action>",
            "Schema(ns)/Action(a)/Parameter(p)",
            "Type",
        ),
        (
            "<Function Name=\"f\"><ReturnType/></Function>",
            "Schema(ns)/Function(f)/ReturnType",
            "Type",
        ),
        ("<Annotations/>", "Schema(ns)/Annotations", "Target"),
        (
            "<Annotations Target=\"x\"><Annotation/></Annotations>",
            "Schema(ns)/Annotations(x)/Annotation",
            "Term",
        ),
        (
            "<EntityContainer Name=\"c\"><EntitySet Name=\"s\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/EntitySet(s)",
            "EntityType",
        ),
        (
            "<EntityContainer Name=\"c\"><Singleton Name=\"s\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/Singleton(s)",
            "Type",
        ),
        (
            "<EntityContainer Name=\"c\"><ActionImport Name=\"i\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/ActionImport(i)",
            "Action",
        ),
        (
            "<EntityContainer Name=\"c\"><FunctionImport Name=\"i\"/></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/FunctionImport(i)",
            "Function",
        ),
        (
            "<EntityContainer Name=\"c\"><EntitySet Name=\"s\" EntityType=\"n.t\"><NavigationPropertyBinding Path=\"p\"/></EntitySet></EntityContainer>",
            "Schema(ns)/EntityContainer(c)/EntitySet(s)/NavigationPropertyBinding(p)",
            "Target",
        ),
        ("<Term Name=\"t\"/>", "Schema(ns)/Term(t)", "Type"),
        (
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><Record><PropertyValue Bool=\"true\"/></Record></Annotation></Annotations>",
            "Schema(ns)/Annotations(x)/Annotation(T)/Record/PropertyValue",
            "Property",
        ),
    ];
    for (body, path, attr) in cases {
        let err = error(&wrap(body));
        assert!(err.starts_with("t.xml:4:"), "{err}");
        assert!(
            err.contains(&format!(": {path}: missing required attribute `{attr}`")),
            "{err}"
        );
    }
    let text = wrap("").replace(" Namespace=\"ns\"", "");
    assert_error(
        &text,
        "3:1",
        "Schema",
        "missing required attribute `Namespace`",
    );
    let err = error(&wrap("<EntityType Name=\"\"/>"));
    assert!(
        err.contains("t.xml:4:1: Schema(ns)/EntityType(): attribute `Name` must not be empty"),
        "{err}"
    );
}

#[test]
fn doctype_is_refused() {
    let text = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n{}",
        wrap("<EntityType Name=\"&lol2;\"/>")
    );
    assert_error(&text, "2:1", "", "DOCTYPE is not allowed");
    assert_error(
        &format!("<!DOCTYPE Edmx>{}", wrap("")),
        "1:1",
        "",
        "DOCTYPE is not allowed",
    );
}

#[test]
fn only_predefined_entities_and_character_references() {
    let s = schema(concat!(
        "<Annotations Target=\"a&lt;b&gt;c&amp;d&apos;e&quot;f&#x41;&#66;\">",
        "<Annotation Term=\"T\"><String>&lt;&#x9;&amp;&#233;</String></Annotation></Annotations>",
    ));
    assert_eq!(s.annotations[0].target, "a<b>c&d'e\"fAB");
    assert_eq!(
        s.annotations[0].annotations[0].value,
        Some(Expr::String("<\t&é".into()))
    );

    assert_error(
        &wrap("<EntityType Name=\"t\" BaseType=\"&ext;\"/>"),
        "4:22",
        "Schema(ns)/EntityType(t)",
        "entity reference `&ext;` is not allowed",
    );
    assert_error(
        &wrap(
            "<Annotations Target=\"x\"><Annotation Term=\"T\"><String>a&nbsp;b</String></Annotation></Annotations>",
        ),
        "4:55",
        "Schema(ns)/Annotations(x)/Annotation(T)/String",
        "entity reference `&nbsp;` is not allowed",
    );
    assert_error(
        &wrap("&foo;"),
        "4:1",
        "Schema(ns)",
        "entity reference `&foo;`",
    );
    assert_error(&wrap("a & b"), "4:3", "Schema(ns)", "malformed XML");
    assert_error(
        &wrap("&#0;"),
        "4:1",
        "Schema(ns)",
        "invalid character reference `&#0;`",
    );
}

#[test]
fn malformed_xml() {
    assert_error(
        &wrap("<EntityType Name=\"t\">\n</ComplexType>"),
        "5:1",
        "Schema(ns)/EntityType(t)",
        "malformed XML",
    );
    assert_error(
        &wrap("<EntityType Name=t/>"),
        "4:18",
        "Schema(ns)/EntityType",
        "malformed attribute",
    );
    assert_error(
        &wrap("<EntityType Name=\"a\" Name=\"b\"/>"),
        "4:22",
        "Schema(ns)/EntityType(a)",
        "malformed attribute",
    );
    assert_error(
        &wrap("<EntityType Name=\"a\"/").replace(TAIL, ""),
        "4:1",
        "Schema(ns)",
        "malformed XML",
    );
    assert_error(
        &format!("{}x", wrap("")),
        "8:1",
        "",
        "text outside the root element",
    );
    assert_error(
        &format!("x{}", wrap("")),
        "1:1",
        "",
        "text outside the root element",
    );
    assert_error(
        &format!("{}<a/>", wrap("")),
        "8:1",
        "",
        "more than one root element",
    );
    assert_error("", "1:1", "", "no root element");
    assert_error("  \n ", "2:2", "", "no root element");
    assert_error(
        "<Edmx Version=\"4.0\"/>",
        "1:1",
        "",
        "the root element must be `edmx:Edmx`",
    );
    assert_error(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"/>",
        "1:1",
        "",
        "has no `edmx:DataServices`",
    );
    assert_error(
        &wrap("<p:EntityType Name=\"t\"/>"),
        "4:1",
        "Schema(ns)",
        "undeclared namespace prefix `p`",
    );
    assert_error(
        &wrap("<EntityType Name=\"t\"><Key/><Key/></EntityType>"),
        "4:28",
        "Schema(ns)/EntityType(t)/Key",
        "more than one `Key`",
    );
}

#[test]
fn truncated_document() {
    let full =
        wrap("<EntityType Name=\"t\">\n<Property Name=\"p\" Type=\"Edm.String\"/>\n</EntityType>");
    let cut = &full[..full.find("</EntityType>").unwrap()];
    assert_error(
        cut,
        "6:1",
        "Schema(ns)/EntityType(t)",
        "unexpected end of input: `<EntityType>` opened at 4:1 is not closed",
    );
    // Every prefix of a document is rejected without panicking.
    for end in (0..full.trim_end().len()).filter(|&i| full.is_char_boundary(i)) {
        assert!(parse(&full[..end]).is_err(), "prefix of {end} bytes parsed");
    }
}

#[test]
fn a_mismatched_end_tag_names_where_the_unclosed_element_was_opened() {
    let text =
        wrap("<ComplexType Name=\"c\">\n<Property Name=\"p\" Type=\"Edm.String\">\n</ComplexType>");
    assert_error(
        &text,
        "6:1",
        "Schema(ns)/ComplexType(c)/Property(p)",
        "malformed XML: `<Property>` opened at 5:1 is not closed (`</ComplexType>` was found \
         instead of `</Property>`)",
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let depth = 10_000;
    let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = error(&wrap(&body));
    // Edmx, DataServices and Schema are levels 1 to 3; the 62nd `<a>` is level 65.
    let col = 1 + 61 * 3;
    // The path shows its first and last elements, not all 63 (Schema and 62 `a`s).
    let head = format!("t.xml:4:{col}: Schema(ns)/a/a/a/…(55 more)…/a/a/a/a: ");
    assert!(err.starts_with(&head), "{err}");
    assert!(
        err.contains("nested more than 64 levels deep, the most graphgen reads"),
        "{err}"
    );
    assert!(err.lines().next().unwrap().len() < 200, "{err}");

    // The same through the recursive expression reader.
    let body = format!(
        "<Annotations Target=\"x\"><Annotation Term=\"T\">{}{}</Annotation></Annotations>",
        "<Collection>".repeat(depth),
        "</Collection>".repeat(depth)
    );
    assert!(error(&wrap(&body)).contains("nested more than 64 levels deep"));

    // 64 levels are fine.
    let body = format!("{}{}", "<a>".repeat(61), "</a>".repeat(61));
    assert!(parse(&wrap(&body)).is_ok());
}

#[test]
fn parse_file_reads_utf8_and_rejects_other_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.xml");
    std::fs::write(
        &good,
        format!("\u{feff}{}", wrap("<EntityType Name=\"t\"/>")),
    )
    .unwrap();
    let doc = parse_file(&good).unwrap();
    assert_eq!(doc.schemas[0].entity_types[0].name, "t");

    let bad = dir.path().join("bad.xml");
    let mut bytes = format!("\u{feff}{HEAD}<EntityType Name=\"caf").into_bytes();
    bytes.push(0xE9); // Latin-1 `é`
    bytes.extend_from_slice(b"\"/>");
    std::fs::write(&bad, bytes).unwrap();
    let err = parse_file(&bad).unwrap_err().to_string();
    let expected = format!(
        "{}:4:22: the file is not valid UTF-8 (invalid byte 0xE9)",
        bad.display()
    );
    assert!(err.starts_with(&expected), "{err}");

    let missing = dir.path().join("missing.xml");
    assert!(matches!(parse_file(&missing), Err(Error::Io { .. })));
}
