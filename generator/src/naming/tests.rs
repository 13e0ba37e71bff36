//! The naming table: wire names in, Rust identifiers out, each checked to be a valid
//! identifier with syn.

use super::*;

/// Asserts that `name` parses as one Rust identifier (raw allowed) with syn.
pub(super) fn assert_ident(name: &str, context: &str) {
    match syn::parse_str::<syn::Ident>(name) {
        Ok(i) => assert_eq!(i.to_string(), name, "{context}: {name:?} re-spelled by syn"),
        Err(e) => panic!("{context}: {name:?} is not a valid identifier: {e}"),
    }
}

/// Checks every row of `table` against `f`, and that each output is a valid identifier.
fn check_table(f: fn(&str) -> String, fname: &str, table: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for &(wire, expected) in table {
        let got = f(wire);
        assert_ident(&got, &format!("{fname}({wire:?})"));
        if got != expected {
            failures.push(format!(
                "{fname}({wire:?}) = {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

const FIELD_TABLE: &[(&str, &str)] = &[
    // camelCase Graph names
    ("accessPackage", "access_package"),
    ("isRoleScopesVisible", "is_role_scopes_visible"),
    ("iOSDevice", "i_os_device"),
    ("x509Certificate", "x509_certificate"),
    ("mfaDetail", "mfa_detail"),
    ("callRecords", "call_records"),
    ("userPrincipalName", "user_principal_name"),
    ("createdDateTime", "created_date_time"),
    ("onPremisesSamAccountName", "on_premises_sam_account_name"),
    ("ipv4Address", "ipv4_address"),
    ("HTTPStatusCode", "http_status_code"),
    ("id", "id"),
    ("ID", "id"),
    ("additionalData", "additional_data"),
    ("already_snake", "already_snake"),
    // raw-able keywords, strict
    ("type", "r#type"),
    ("Type", "r#type"),
    ("TYPE", "r#type"),
    ("match", "r#match"),
    ("move", "r#move"),
    ("loop", "r#loop"),
    ("use", "r#use"),
    ("as", "r#as"),
    ("break", "r#break"),
    ("const", "r#const"),
    ("continue", "r#continue"),
    ("else", "r#else"),
    ("enum", "r#enum"),
    ("extern", "r#extern"),
    ("false", "r#false"),
    ("fn", "r#fn"),
    ("for", "r#for"),
    ("if", "r#if"),
    ("impl", "r#impl"),
    ("in", "r#in"),
    ("let", "r#let"),
    ("mod", "r#mod"),
    ("mut", "r#mut"),
    ("pub", "r#pub"),
    ("ref", "r#ref"),
    ("return", "r#return"),
    ("static", "r#static"),
    ("struct", "r#struct"),
    ("trait", "r#trait"),
    ("true", "r#true"),
    ("unsafe", "r#unsafe"),
    ("where", "r#where"),
    ("while", "r#while"),
    ("async", "r#async"),
    ("await", "r#await"),
    ("dyn", "r#dyn"),
    // reserved keywords
    ("abstract", "r#abstract"),
    ("become", "r#become"),
    ("box", "r#box"),
    ("do", "r#do"),
    ("final", "r#final"),
    ("macro", "r#macro"),
    ("override", "r#override"),
    ("priv", "r#priv"),
    ("typeof", "r#typeof"),
    ("unsized", "r#unsized"),
    ("virtual", "r#virtual"),
    ("yield", "r#yield"),
    ("try", "r#try"),
    ("gen", "r#gen"),
    // keywords that cannot be raw
    ("self", "self_"),
    ("Self", "self_"),
    ("super", "super_"),
    ("crate", "crate_"),
    ("_", "unnamed"),
    // weak keywords are ordinary identifiers
    ("union", "union"),
    ("macro_rules", "macro_rules"),
    ("raw", "raw"),
    ("safe", "safe"),
    // non-identifier characters are separators
    ("request-id", "request_id"),
    ("client-request-id", "client_request_id"),
    ("@odata.type", "odata_type"),
    ("@odata.nextLink", "odata_next_link"),
    ("@odata.deltaLink", "odata_delta_link"),
    (
        "@microsoft.graph.downloadUrl",
        "microsoft_graph_download_url",
    ),
    ("$ref", "r#ref"),
    ("$value", "value"),
    ("$count", "count"),
    ("first name", "first_name"),
    ("a.b.c", "a_b_c"),
    ("e-mail", "e_mail"),
    ("tab\tseparated", "tab_separated"),
    // NFKC first: `½` is `1⁄2`, and the fraction slash separates.
    ("x½y", "x1_2y"),
    // summary / _summary collide here; Namer separates them
    ("summary", "summary"),
    ("_summary", "summary"),
    ("__summary__", "summary"),
    ("Summary", "summary"),
    // leading digits
    ("3d", "_3d"),
    // Only digits: `_2` would fail clippy's `just_underscores_and_digits`.
    ("2", "n2"),
    ("2_3", "n2_3"),
    ("2fa", "_2fa"),
    ("123", "n123"),
    ("365days", "_365days"),
    ("@3d", "_3d"),
    ("٣x", "_٣x"),
    // unicode letters
    ("größe", "größe"),
    ("ÄnderungsDatum", "änderungs_datum"),
    ("名前", "名前"),
    ("café au lait", "café_au_lait"),
    ("naïveValue", "naïve_value"),
    // nothing usable
    ("", "unnamed"),
    ("   ", "unnamed"),
    ("@$", "unnamed"),
    ("...", "unnamed"),
    ("___", "unnamed"),
    ("-", "unnamed"),
    ("½", "n1_2"),
    // rustc compares identifiers in NFKC and warns about characters outside the General
    // Security Profile (`uncommon_codepoints`): NFKC replaces the ligature, the digraph and
    // `ŉ` (with `ʼn`, a modifier letter apostrophe, which the profile allows).
    ("ﬁle", "file"),
    ("ǅemal", "džemal"),
    ("ŉumber", "ʼnumber"),
    // prelude-like names are plain words
    ("Option", "option"),
    ("Result", "result"),
    ("String", "string"),
    ("Vec", "vec"),
];

const TYPE_TABLE: &[(&str, &str)] = &[
    ("accessPackage", "AccessPackage"),
    (
        "accessPackageAssignmentRequest",
        "AccessPackageAssignmentRequest",
    ),
    ("isRoleScopesVisible", "IsRoleScopesVisible"),
    ("iOSDevice", "IOsDevice"),
    ("x509Certificate", "X509Certificate"),
    ("mfaDetail", "MfaDetail"),
    ("callRecords", "CallRecords"),
    ("user", "User"),
    ("AlreadyCamel", "AlreadyCamel"),
    ("HTTPRequest", "HttpRequest"),
    // keywords
    ("Self", "Self_"),
    ("self", "Self_"),
    ("type", "Type"),
    ("match", "Match"),
    ("crate", "Crate"),
    ("super", "Super"),
    ("final", "Final"),
    ("move", "Move"),
    ("loop", "Loop"),
    ("use", "Use"),
    ("box", "Box"),
    ("_", "Unnamed"),
    // prelude-like names stay as they are
    ("Option", "Option"),
    ("Result", "Result"),
    ("String", "String"),
    ("Box", "Box"),
    ("Vec", "Vec"),
    ("File", "File"),
    ("Request", "Request"),
    ("Error", "Error"),
    ("option", "Option"),
    // separators
    ("request-id", "RequestId"),
    ("@odata.type", "OdataType"),
    ("@odata.nextLink", "OdataNextLink"),
    ("$ref", "Ref"),
    ("summary", "Summary"),
    ("_summary", "Summary"),
    ("first name", "FirstName"),
    ("snake_case_name", "SnakeCaseName"),
    // leading digits
    ("3dModel", "T3dModel"),
    // heck starts no new word after leading digits
    ("365Group", "T365group"),
    ("office365Groups", "Office365Groups"),
    ("2", "T2"),
    // unicode
    ("größe", "Größe"),
    ("ﬁle", "File"),
    ("ǅemal", "Džemal"),
    ("名前", "名前"),
    ("änderung", "Änderung"),
    // nothing usable
    ("", "Unnamed"),
    ("@$", "Unnamed"),
    ("...", "Unnamed"),
];

const VARIANT_TABLE: &[(&str, &str)] = &[
    ("unknownFutureValue", "UnknownFutureValue"),
    ("notStarted", "NotStarted"),
    ("inProgress", "InProgress"),
    ("iOS", "IOs"),
    ("x509", "X509"),
    ("AES256", "Aes256"),
    ("on-premises", "OnPremises"),
    ("value.with.dots", "ValueWithDots"),
    // names of std items are fine as variants
    ("none", "None"),
    ("None", "None"),
    ("some", "Some"),
    ("Some", "Some"),
    ("default", "Default"),
    ("Default", "Default"),
    ("error", "Error"),
    ("Error", "Error"),
    ("ok", "Ok"),
    ("Ok", "Ok"),
    ("err", "Err"),
    ("Err", "Err"),
    // keywords
    ("Self", "Self_"),
    ("self", "Self_"),
    ("true", "True"),
    ("false", "False"),
    ("type", "Type"),
    ("_", "Unnamed"),
    // leading digits
    ("2fa", "V2fa"),
    ("0", "V0"),
    ("3DES", "V3des"),
    // unicode and nothing usable
    ("größe", "Größe"),
    ("", "Unnamed"),
    ("***", "Unnamed"),
];

const METHOD_TABLE: &[(&str, &str)] = &[
    ("assignedTo", "assigned_to"),
    ("filterByCurrentUser", "filter_by_current_user"),
    (
        "getApplicablePolicyRequirements",
        "get_applicable_policy_requirements",
    ),
    ("delta", "delta"),
    ("$count", "count"),
    ("$ref", "r#ref"),
    ("$value", "value"),
    ("type", "r#type"),
    ("move", "r#move"),
    ("use", "r#use"),
    ("match", "r#match"),
    ("self", "self_"),
    ("Self", "self_"),
    ("super", "super_"),
    ("crate", "crate_"),
    ("_", "unnamed"),
    ("3d", "_3d"),
    ("request-id", "request_id"),
    ("", "unnamed"),
];

const MODULE_TABLE: &[(&str, &str)] = &[
    ("identityGovernance", "identity_governance"),
    ("callRecords", "call_records"),
    ("security", "security"),
    ("externalConnectors", "external_connectors"),
    ("windowsUpdates", "windows_updates"),
    ("termStore", "term_store"),
    ("iOSDevice", "i_os_device"),
    ("self", "self_"),
    ("Self", "self_"),
    ("super", "super_"),
    ("crate", "crate_"),
    ("type", "type_"),
    ("match", "match_"),
    ("move", "move_"),
    ("async", "async_"),
    ("gen", "gen_"),
    ("try", "try_"),
    ("box", "box_"),
    ("_", "unnamed"),
    ("3d", "_3d"),
    ("request-id", "request_id"),
    ("@odata", "odata"),
    ("größe", "größe"),
    ("", "unnamed"),
    ("$$", "unnamed"),
    ("union", "union"),
];

#[test]
fn field_name_table() {
    assert!(FIELD_TABLE.len() >= 60);
    check_table(field_name, "field_name", FIELD_TABLE);
}

#[test]
fn type_name_table() {
    check_table(type_name, "type_name", TYPE_TABLE);
}

#[test]
fn variant_name_table() {
    check_table(variant_name, "variant_name", VARIANT_TABLE);
}

#[test]
fn method_name_table() {
    check_table(method_name, "method_name", METHOD_TABLE);
    for &(wire, _) in FIELD_TABLE {
        assert_eq!(method_name(wire), field_name(wire), "{wire:?}");
    }
}

#[test]
fn module_name_table() {
    check_table(module_name, "module_name", MODULE_TABLE);
}

#[test]
fn module_names_are_never_raw() {
    for &(wire, _) in FIELD_TABLE.iter().chain(MODULE_TABLE) {
        let m = module_name(wire);
        assert!(!m.starts_with("r#"), "{wire:?} -> {m:?}");
    }
}

#[test]
fn every_keyword_is_handled_by_every_function() {
    for &kw in RAW_KEYWORDS.iter().chain(NON_RAW_KEYWORDS) {
        assert!(is_keyword(kw), "{kw}");
        for (fname, f) in [
            ("field_name", field_name as fn(&str) -> String),
            ("method_name", method_name),
            ("module_name", module_name),
            ("type_name", type_name),
            ("variant_name", variant_name),
        ] {
            let out = f(kw);
            assert_ident(&out, &format!("{fname}({kw:?})"));
            assert!(!is_keyword(&out), "{fname}({kw:?}) = {out:?}");
        }
    }
}

#[test]
fn is_keyword_table() {
    for kw in [
        "type", "self", "Self", "super", "crate", "_", "gen", "try", "dyn", "yield",
    ] {
        assert!(is_keyword(kw), "{kw}");
    }
    for not_kw in [
        "r#type",
        "union",
        "macro_rules",
        "Type",
        "Option",
        "types",
        "",
        "self_",
    ] {
        assert!(!is_keyword(not_kw), "{not_kw}");
    }
}

#[test]
fn very_long_names_are_kept_whole() {
    let wire = format!("very{}", "LongPart".repeat(200));
    let field = field_name(&wire);
    assert_eq!(field, format!("very{}", "_long_part".repeat(200)));
    assert_ident(&field, "long field");
    let ty = type_name(&wire);
    assert_eq!(ty, format!("Very{}", "LongPart".repeat(200)));
    assert_ident(&ty, "long type");
    assert_ident(&variant_name(&wire), "long variant");
    assert_ident(&module_name(&wire), "long module");
}

/// Wire names that have broken identifier rules somewhere.
pub(super) const HOSTILE: &[&str] = &[
    "",
    " ",
    "\t\n",
    "_",
    "__",
    "r#type",
    "r#",
    "#",
    "'static",
    "'a",
    "::",
    "a::b",
    "\u{0}",
    "\u{200b}",
    "\u{a0}x",
    "x\u{301}",
    "\u{301}x",
    "ß",
    "ŉ",
    "İstanbul",
    "ǅemal",
    "ﬁle",
    "Ⅻ",
    "①",
    "²",
    "½x",
    "🙂",
    "a🙂b",
    "Self_",
    "self_",
    "r#self",
    "0x1F",
    "-1",
    "1.5",
    "@odata.context",
    "$filter",
    "$select",
    "$expand",
    "$top",
    "$skip",
    "$search",
    "$orderby",
    "$batch",
    "$metadata",
    "odata.type",
    "😀self",
    "SELF",
    "CRATE",
];

#[test]
fn hostile_inputs_always_give_identifiers() {
    for wire in HOSTILE {
        for (fname, f) in [
            ("field_name", field_name as fn(&str) -> String),
            ("method_name", method_name),
            ("module_name", module_name),
            ("type_name", type_name),
            ("variant_name", variant_name),
        ] {
            let out = f(wire);
            assert_ident(&out, &format!("{fname}({wire:?})"));
            assert!(ident(&out).is_some(), "{fname}({wire:?}) = {out:?}");
        }
    }
}

#[test]
fn conversion_is_idempotent_on_its_own_output() {
    for &(wire, _) in FIELD_TABLE {
        let once = module_name(wire);
        assert_eq!(module_name(&once), once, "module {wire:?}");
    }
    for &(wire, _) in TYPE_TABLE {
        let once = type_name(wire);
        if once != "Self_" {
            assert_eq!(type_name(&once), once, "type {wire:?}");
        }
    }
}

#[test]
fn unraw_strips_the_raw_prefix() {
    assert_eq!(unraw("r#type"), "type");
    assert_eq!(unraw("type_"), "type_");
    assert_eq!(unraw("name"), "name");
}

#[test]
fn ident_builds_quote_idents_without_panicking() {
    let raw = ident("r#type");
    assert_eq!(raw.map(|i| i.to_string()), Some("r#type".to_owned()));
    assert_eq!(
        ident("self_").map(|i| i.to_string()),
        Some("self_".to_owned())
    );
    assert_eq!(
        ident("größe").map(|i| i.to_string()),
        Some("größe".to_owned())
    );
    for bad in [
        "type", "self", "r#self", "r#crate", "_", "", "3d", "a b", "a-b", " a", "a ",
    ] {
        assert!(ident(bad).is_none(), "{bad:?}");
    }
}

#[test]
fn namer_separates_names_that_collide_after_conversion() {
    let mut n = Namer::new();
    assert_eq!(n.claim(field_name("summary")), "summary");
    assert_eq!(n.claim(field_name("_summary")), "summary_2");
    assert_eq!(n.claim(field_name("Summary")), "summary_3");
    assert_eq!(n.claim(field_name("__summary__")), "summary_4");
    assert!(n.is_taken("summary_3"));
    assert!(!n.is_taken("summary_5"));
}

#[test]
fn namer_reserved_names() {
    let mut n = Namer::with_reserved(&["additional_data", "odata_type"]);
    assert!(n.is_taken("additional_data"));
    assert!(n.is_taken("odata_type"));
    assert_eq!(n.claim(field_name("@odata.type")), "odata_type_2");
    assert_eq!(n.claim(field_name("odataType")), "odata_type_3");
    assert_eq!(n.claim(field_name("additionalData")), "additional_data_2");
    assert_eq!(n.claim(field_name("id")), "id");
}

#[test]
fn namer_raw_identifiers_compare_without_prefix() {
    let mut n = Namer::new();
    assert_eq!(n.claim(field_name("type")), "r#type");
    assert!(n.is_taken("type"));
    assert!(n.is_taken("r#type"));
    assert_eq!(n.claim(field_name("Type")), "type_2");
    assert_eq!(n.claim("type".to_owned()), "type_3");

    let mut reserved_raw = Namer::with_reserved(&["r#match"]);
    assert!(reserved_raw.is_taken("match"));
    assert_eq!(reserved_raw.claim(field_name("match")), "match_2");
}

#[test]
fn namer_camel_case_gets_digit_without_underscore() {
    let mut n = Namer::new();
    assert_eq!(n.claim(type_name("user")), "User");
    assert_eq!(n.claim(type_name("User")), "User2");
    assert_eq!(n.claim(type_name("USER")), "User3");
    // a real `User4` claimed first pushes the numbering on
    let mut m = Namer::new();
    assert_eq!(m.claim("Foo".to_owned()), "Foo");
    assert_eq!(m.claim("Foo2".to_owned()), "Foo2");
    assert_eq!(m.claim("Foo".to_owned()), "Foo3");
    // suffixed keywords
    assert_eq!(m.claim(type_name("Self")), "Self_");
    assert_eq!(m.claim(variant_name("self")), "Self2");
    assert_eq!(m.claim(field_name("self")), "self_");
    assert_eq!(m.claim(field_name("Self")), "self_2");
}

#[test]
fn namer_outputs_are_identifiers() {
    let wires = [
        "type", "Type", "self", "Self", "_", "", "3d", "@3d", "$ref", "ref", "box",
    ];
    let mut fields = Namer::new();
    let mut types = Namer::new();
    let mut modules = Namer::new();
    for wire in wires {
        assert_ident(&fields.claim(field_name(wire)), "field");
        assert_ident(&types.claim(type_name(wire)), "type");
        assert_ident(&modules.claim(module_name(wire)), "module");
    }
}

#[test]
fn namer_is_deterministic() {
    let wires = [
        "summary",
        "_summary",
        "type",
        "Type",
        "@odata.type",
        "odataType",
        "id",
        "ID",
        "",
        "@$",
        "self",
        "Summary",
    ];
    let run = || {
        let mut n = Namer::with_reserved(&["odata_type", "additional_data"]);
        wires
            .iter()
            .map(|w| n.claim(field_name(w)))
            .collect::<Vec<_>>()
    };
    let first = run();
    assert_eq!(first, run());
    assert_eq!(
        first,
        [
            "summary",
            "summary_2",
            "r#type",
            "type_2",
            "odata_type_2",
            "odata_type_3",
            "id",
            "id_2",
            "unnamed",
            "unnamed_2",
            "self_",
            "summary_3",
        ]
    );
    let unique: BTreeSet<_> = first.iter().map(|s| unraw(s)).collect();
    assert_eq!(unique.len(), first.len());
}

#[test]
fn namer_many_collisions() {
    let mut n = Namer::new();
    let names: Vec<String> = (0..50).map(|_| n.claim("item".to_owned())).collect();
    assert_eq!(names[0], "item");
    assert_eq!(names[1], "item_2");
    assert_eq!(names[49], "item_50");
    let unique: BTreeSet<_> = names.iter().collect();
    assert_eq!(unique.len(), 50);
}

#[test]
fn key_constructor_name_table() {
    let table = [
        (Some("id"), "with_id"),
        (Some("user_principal_name"), "with_user_principal_name"),
        (Some("r#type"), "with_type"),
        (Some("self_"), "with_self"),
        (Some("_3d"), "with_3d"),
        (None, "with_key"),
    ];
    for (field, expected) in table {
        let name = key_constructor_name(field);
        assert_eq!(name, expected, "{field:?}");
        assert_ident(&name, "key constructor");
    }
}

#[test]
fn descriptions_become_markdown_that_shows_as_written() {
    assert_eq!(
        description_markdown("The [set] in <id>, see https://learn.microsoft.com/graph."),
        r"The \[set\] in \<id>, see <https://learn.microsoft.com/graph>.",
    );
}

#[test]
fn namer_claims_in_call_order_around_reserved_names() {
    let mut fields = Namer::with_reserved(&["additional_data"]);
    assert_eq!(fields.claim(field_name("summary")), "summary");
    assert_eq!(fields.claim(field_name("_summary")), "summary_2");
    assert_eq!(
        fields.claim(field_name("additionalData")),
        "additional_data_2"
    );
}

#[test]
fn cast_names_table() {
    check_table(
        cast_method_name,
        "cast_method_name",
        &[
            ("group", "as_group"),
            ("Manager", "as_manager"),
            ("servicePrincipal", "as_service_principal"),
            ("_x", "as_x"),
        ],
    );
    assert_eq!(
        cast_collection_builder_name("Manager"),
        "ManagerCastCollection"
    );
}
