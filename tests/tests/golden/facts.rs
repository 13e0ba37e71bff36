//! What each fixture is for: one test per fixture on the parsed output, so that a bad bless
//! cannot silently change what it checks; and two checks over every fixture.

use super::*;

#[test]
fn inheritance_flattens_base_fields_and_inherits_the_key() {
    let (file, warnings) = parsed("inheritance");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    let user = model(&file, &[], "User");
    assert_eq!(
        field_names(user),
        [
            "odata_type",
            "id",
            "deleted_date_time",
            "display_name",
            "account_enabled",
            "home_address",
            "business_phones",
            "additional_data",
        ]
    );
    assert_eq!(field_type(user, "id"), "Option<String>");
    assert_eq!(
        field_type(user, "deleted_date_time"),
        "Option<DateTime<FixedOffset>>"
    );
    assert_eq!(field_type(user, "home_address"), "Option<PhysicalAddress>");
    assert_eq!(field_type(user, "business_phones"), "Option<Vec<String>>");
    assert_eq!(
        serde_rename(field(user, "deleted_date_time")).as_deref(),
        Some("deletedDateTime")
    );
    let directory_object = model(&file, &[], "DirectoryObject");
    assert_eq!(
        field_names(directory_object),
        ["odata_type", "id", "deleted_date_time", "additional_data"]
    );
    let entity = model(&file, &[], "Entity");
    assert_eq!(field_names(entity), ["odata_type", "id", "additional_data"]);
    let address = model(&file, &[], "PhysicalAddress");
    assert_eq!(
        field_names(address),
        [
            "odata_type",
            "city",
            "postal_code",
            "street",
            "additional_data"
        ]
    );
    // Nothing holds a base type in a field or body: no `…Kind` enum is needed.
    for kind in ["EntityKind", "DirectoryObjectKind", "PostalAddressKind"] {
        assert!(!has_item(&file, "models", &[], kind), "unexpected `{kind}`");
    }
    // The key comes from `entity`.
    assert_eq!(
        builder_methods(&file, &[], "UsersCollection"),
        [
            "list_request",
            "list",
            "post_request",
            "post",
            "count_request",
            "count",
            "by_id"
        ]
    );
    assert_eq!(
        builder_methods(&file, &[], "UserItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete"
        ]
    );
    assert!(implements(&file, &[], "User", "CanonicalPath"));
}

#[test]
fn every_name_follows_the_rust_naming_lints() {
    let mut failures = Vec::new();
    for name in FIXTURES {
        let (file, _) = parsed(name);
        let (camel, snake) = defined_names(&file);
        for n in camel.iter().filter(|n| !is_upper_camel_case(n)) {
            failures.push(format!(
                "{name}: `{n}` is not UpperCamelCase (non_camel_case_types)"
            ));
        }
        for n in snake
            .iter()
            .filter(|n| !is_snake_case(n.strip_prefix("r#").unwrap_or(n)))
        {
            failures.push(format!("{name}: `{n}` is not snake_case (non_snake_case)"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn standard_generic_types_are_always_fully_qualified() {
    // A metadata type called `Option`, `Result` or `Box` must never capture these.
    let qualified = [
        ("Option<", "::std::option::"),
        ("Result<", "::std::result::"),
        ("Box<", "::std::boxed::"),
        ("Vec<", "::std::vec::"),
    ];
    for name in FIXTURES {
        let (text, _) = generate(name);
        for (generic, prefix) in qualified {
            for (at, _) in text.match_indices(generic) {
                let before = &text[..at];
                let word_start = !before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                assert!(
                    !word_start || before.ends_with(prefix),
                    "fixture `{name}`: `{generic}` without `{prefix}` at byte {at}: …{}",
                    &text[at.saturating_sub(60)..(at + 40).min(text.len())]
                );
            }
        }
    }
}

#[test]
fn polymorphic_values_use_kind_enums() {
    let (file, warnings) = parsed("polymorphism");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    let text = generate("polymorphism").0;
    assert_eq!(
        variants(find_enum(&file, &[], "SubjectSetKind")),
        [
            "SubjectSet",
            "SingleUser",
            "GroupMembers",
            "ExternalGroupMembers"
        ]
    );
    assert_eq!(
        variants(find_enum(&file, &[], "DirectoryObjectKind")),
        ["DirectoryObject", "User", "Group"]
    );
    // Nothing holds an `entity` or a `groupMembers` itself.
    for kind in ["EntityKind", "GroupMembersKind", "UserKind"] {
        assert!(!has_item(&file, "models", &[], kind), "unexpected `{kind}`");
    }
    // Each derived variant carries the names `@odata.type` may give it (qualified, and with
    // the namespace alias); `polymorphic!` writes Serialize, Deserialize, Default and From
    // (exercised in golden_compile).
    let user = find_enum(&file, &[], "DirectoryObjectKind")
        .variants
        .iter()
        .find(|v| v.ident == "User")
        .and_then(|v| v.discriminant.as_ref())
        .map(|(_, e)| quote::ToTokens::to_token_stream(e).to_string());
    assert_eq!(
        user.as_deref(),
        Some("\"microsoft.graph.user\" | \"graph.user\"")
    );
    // Variants are boxed, so a field of a Kind type is not, unless it is on a cycle (a group's
    // members can be groups): then it is `Indirect`, a collection whole.
    let settings = model(&file, &[], "RequestorSettings");
    assert_eq!(
        field_type(settings, "allowed_requestors"),
        "Option<Vec<SubjectSetKind>>"
    );
    assert_eq!(
        field_type(settings, "primary_requestor"),
        "Option<SubjectSetKind>"
    );
    let group = model(&file, &[], "Group");
    assert_eq!(
        field_type(group, "members"),
        "Option<Indirect<Vec<DirectoryObjectKind>>>"
    );
    assert_eq!(
        field_type(group, "owner"),
        "Option<Indirect<DirectoryObjectKind>>"
    );
    // Bodies of the base entity type's collection and items take any derived type.
    let post = builder_method(&file, &[], "DirectoryObjectsCollection", "post_request");
    assert_eq!(arg_types(post), ["&DirectoryObjectKind"]);
    let patch = builder_method(&file, &[], "DirectoryObjectItem", "patch_request");
    assert_eq!(arg_types(patch), ["&DirectoryObjectKind"]);
    let post = builder_method(&file, &[], "UsersCollection", "post_request");
    assert_eq!(arg_types(post), ["&User"]);
    // Navigation builders name the struct (for `CanonicalPath`), not the enum.
    let members = builder_method(&file, &[], "GroupItem", "members");
    assert_eq!(return_type(members), "NavCollection<DirectoryObject>");
    // Both the qualified and the alias-qualified `@odata.type` select a variant; derived
    // variants made in code are tagged with the first (the qualified name, with a `#`).
    assert!(
        text.contains(r#""microsoft.graph.externalGroupMembers" | "graph.externalGroupMembers""#)
    );
    assert!(text.contains(r#"SingleUser(super::SingleUser) = "microsoft.graph.singleUser""#));
}

#[test]
fn enums_keep_wire_names_and_have_a_fallback() {
    let (file, warnings) = parsed("enums");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    let text = generate("enums").0;
    assert_eq!(
        variants(find_enum(&file, &[], "Status")),
        [
            "Active",
            "Inactive",
            "Pending",
            "Archived",
            "UnknownFutureValue",
            "Unrecognized"
        ]
    );
    // Prelude-like members are kept; the one called `unrecognized` does not take the fallback.
    let awkward = variants(find_enum(&file, &[], "Awkward"));
    assert_eq!(awkward[..5], ["None", "Some", "Ok", "Error", "Default"]);
    assert_eq!(awkward.len(), 8);
    assert_eq!(awkward[6], "V2fa");
    assert!(text.contains(r#""unrecognized" => Self::"#));
    assert!(text.contains(r#""2fa" => Self::V2fa"#));
    for e in ["Status", "BigNumber", "Level", "DayOfWeek", "Awkward"] {
        let def = find_enum(&file, &[], e);
        let last = def.variants.last().expect("variants");
        let fields: Vec<String> = last.fields.iter().map(|f| type_text(&f.ty)).collect();
        assert_eq!(
            fields,
            ["String"],
            "`{e}`: the last variant keeps the unknown text"
        );
        for t in ["WireEnum", "Serialize", "Deserialize", "Display"] {
            assert!(implements(&file, &[], e, t), "`{e}` does not implement {t}");
        }
    }
    let schedule = model(&file, &[], "Schedule");
    assert_eq!(field_type(schedule, "status"), "Option<Status>");
    assert_eq!(field_type(schedule, "history"), "Option<Vec<Status>>");
    assert_eq!(field_type(schedule, "size"), "Option<BigNumber>");
    assert_eq!(field_type(schedule, "level"), "Option<Level>");
    assert_eq!(field_type(schedule, "days"), "Option<Flags<DayOfWeek>>");
    assert_eq!(
        field_type(schedule, "alternating_days"),
        "Option<Vec<Flags<DayOfWeek>>>"
    );
    // Not nullable in the metadata, optional on the wire all the same ($select).
    assert_eq!(field_type(schedule, "awkward"), "Option<Awkward>");
    assert_eq!(
        serde_rename(field(schedule, "alternating_days")).as_deref(),
        Some("alternatingDays")
    );
    // Values, implicit ones included, and descriptions (inline and out of line).
    for doc in [
        "The `active` member (value 0).",
        "The `pending` member (value 5).",
        "The `unknownFutureValue` member (value 99).",
        "The `huge` member (value 9007199254740993).",
        "The `high` member (value 255).",
        "The `tuesday` member (value 4).",
        "The `2fa` member (value 6).",
        "Switched off by an administrator.",
        "Kept for the record only.",
        "It is a flags enum",
    ] {
        assert!(text.contains(doc), "missing doc `{doc}`");
    }
}

#[test]
fn containment_builders_and_boxes() {
    let (file, warnings) = parsed("containment");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    // `Indirect` exactly where a struct can hold itself again (through single values or
    // collections), so that neither its size nor its `Send` recurses.
    let folder = model(&file, &[], "Folder");
    assert_eq!(
        field_type(folder, "child_folders"),
        "Option<Indirect<Vec<Folder>>>"
    );
    assert_eq!(
        field_type(folder, "default_child"),
        "Option<Indirect<Folder>>"
    );
    assert_eq!(field_type(folder, "parent"), "Option<Indirect<Folder>>");
    let node = model(&file, &[], "TreeNode");
    assert_eq!(field_type(node, "parent"), "Option<Indirect<TreeNode>>");
    assert_eq!(
        field_type(node, "children"),
        "Option<Indirect<Vec<TreeNode>>>"
    );
    assert_eq!(
        field_type(model(&file, &[], "Ping"), "pong"),
        "Option<Indirect<Pong>>"
    );
    assert_eq!(
        field_type(model(&file, &[], "Pong"), "ping"),
        "Option<Indirect<Ping>>"
    );
    let package = model(&file, &[], "AccessPackage");
    assert_eq!(field_type(package, "tree"), "Option<TreeNode>");
    assert_eq!(field_type(package, "ping"), "Option<Ping>");
    // The chain singleton -> contained single -> contained collection -> key -> ….
    assert_eq!(
        builder_methods(&file, &[], "IdentityGovernanceItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "entitlement_management"
        ]
    );
    let next = builder_method(
        &file,
        &[],
        "IdentityGovernanceItem",
        "entitlement_management",
    );
    assert_eq!(return_type(next), "EntitlementManagementItem");
    // Not nullable: no DELETE.
    assert_eq!(
        builder_methods(&file, &[], "EntitlementManagementItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "catalogs",
            "root_folder"
        ]
    );
    // Not insertable: no POST.
    assert_eq!(
        builder_methods(&file, &[], "EntitlementManagementCatalogsCollection"),
        ["list_request", "list", "count_request", "count", "by_id"]
    );
    let by_id = builder_method(
        &file,
        &[],
        "EntitlementManagementCatalogsCollection",
        "by_id",
    );
    assert_eq!(return_type(by_id), "AccessPackageCatalogItem");
    assert_eq!(
        builder_methods(&file, &[], "AccessPackageCatalogItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete",
            "access_packages"
        ]
    );
    // Not countable; updated with PUT.
    assert_eq!(
        builder_methods(&file, &[], "AccessPackageCatalogAccessPackagesCollection"),
        ["list_request", "list", "post_request", "post", "by_id"]
    );
    assert_eq!(
        builder_methods(&file, &[], "AccessPackageItem"),
        [
            "get_request",
            "get",
            "put_request",
            "put",
            "delete_request",
            "delete"
        ]
    );
    // A type that contains itself: one item builder, which leads back to itself.
    assert_eq!(
        builder_methods(&file, &[], "FolderItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete",
            "child_folders",
            "default_child",
            "parent"
        ]
    );
    let child = builder_method(&file, &[], "FolderItem", "default_child");
    assert_eq!(return_type(child), "FolderItem");
    let parent = builder_method(&file, &[], "FolderItem", "parent");
    assert_eq!(return_type(parent), "NavSingle<Folder>");
    let by_id = builder_method(&file, &[], "FolderChildFoldersCollection", "by_id");
    assert_eq!(return_type(by_id), "FolderItem");
    assert!(implements(
        &file,
        &[],
        "AccessPackageCatalog",
        "CanonicalPath"
    ));
    assert!(!implements(&file, &[], "AccessPackage", "CanonicalPath"));
    assert!(!implements(
        &file,
        &[],
        "IdentityGovernance",
        "CanonicalPath"
    ));
}

#[test]
fn refs_builders_follow_containment_and_canonical_paths() {
    let (file, warnings) = parsed("refs");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    let text = generate("refs").0;
    assert_eq!(
        builder_methods(&file, &[], "AccessPackageItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete",
            "incompatible_groups",
            "catalog",
            "resource_role_scopes"
        ]
    );
    let groups = builder_method(&file, &[], "AccessPackageItem", "incompatible_groups");
    assert_eq!(return_type(groups), "NavCollection<Group>");
    let catalog = builder_method(&file, &[], "AccessPackageItem", "catalog");
    assert_eq!(return_type(catalog), "NavSingle<AccessPackageCatalog>");
    let scopes = builder_method(&file, &[], "AccessPackageItem", "resource_role_scopes");
    assert_eq!(
        return_type(scopes),
        "AccessPackageResourceRoleScopesCollection"
    );
    // Contained and Referenceable: `$ref` on the collection builder.
    let refs = builder_method(
        &file,
        &[],
        "AccessPackageResourceRoleScopesCollection",
        "refs",
    );
    assert_eq!(return_type(refs), "Refs<AccessPackageResourceRoleScope>");
    assert!(
        !methods(&file, "requests", &[], "AccessPackagesCollection").contains(&"refs".to_owned())
    );
    let owner = builder_method(&file, &[], "GroupItem", "owner");
    assert_eq!(return_type(owner), "NavSingleRef<User>");
    // Canonical paths: one entity set of exactly the type.
    for (ty, path) in [
        ("Group", "/groups"),
        ("User", "/users"),
        ("AccessPackage", "/accessPackages"),
        ("AccessPackageCatalog", "/catalogs"),
    ] {
        assert!(
            implements(&file, &[], ty, "CanonicalPath"),
            "`{ty}` has no canonical path"
        );
        assert!(text.contains(&format!("impl ::graphgen_runtime::CanonicalPath for {ty} {{\n                const COLLECTION_PATH: &'static str = \"{path}\";")));
    }
    // Two entity sets, or none: no canonical path.
    assert!(!implements(&file, &[], "DirectoryObject", "CanonicalPath"));
    assert!(!implements(
        &file,
        &[],
        "AccessPackageResourceRoleScope",
        "CanonicalPath"
    ));
    // Expanded navigation properties are fields.
    let package = model(&file, &[], "AccessPackage");
    assert_eq!(
        field_type(package, "incompatible_groups"),
        "Option<Vec<Group>>"
    );
    assert_eq!(
        field_type(package, "catalog"),
        "Option<Box<AccessPackageCatalog>>"
    );
    assert_eq!(
        serde_rename(field(package, "resource_role_scopes")).as_deref(),
        Some("resourceRoleScopes")
    );
}

#[test]
fn operations_get_methods_and_params_structs() {
    let (file, warnings) = parsed("operations");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    let text = generate("operations").0;
    let item = builder_methods(&file, &[], "AccessPackageItem");
    assert_eq!(
        item[..6],
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete"
        ]
    );
    let mut ops: Vec<&String> = item[6..].iter().collect();
    ops.sort();
    assert_eq!(
        ops,
        [
            "assign",
            "assign_function",
            "assign_function_request",
            "assign_request",
            "check",
            "check_request",
            "get_applicable_policy_requirements",
            "get_applicable_policy_requirements_request",
            "reprocess",
            "reprocess_request",
            "touch",
            "touch_request"
        ]
    );
    let collection = builder_methods(&file, &[], "AccessPackagesCollection");
    assert_eq!(
        collection[..7],
        [
            "list_request",
            "list",
            "post_request",
            "post",
            "count_request",
            "count",
            "by_id"
        ]
    );
    let mut ops: Vec<&String> = collection[7..].iter().collect();
    ops.sort();
    assert_eq!(
        ops,
        [
            "delta",
            "delta_request",
            "delta_with_token",
            "delta_with_token_request",
            "filter_by_current_user",
            "filter_by_current_user_request",
            "reprocess",
            "reprocess_request"
        ]
    );
    // What awaiting each sending method gives follows the operation's return type.
    for (ty, method, returns) in [
        ("AccessPackageItem", "get", "Call<Json<AccessPackage>>"),
        ("AccessPackageItem", "patch", "Call<Empty>"),
        (
            "AccessPackagesCollection",
            "list",
            "Call<List<AccessPackage>>",
        ),
        ("AccessPackagesCollection", "count", "Call<Count>"),
        ("AccessPackageItem", "touch", "Call<Empty>"),
        (
            "AccessPackagesCollection",
            "delta",
            "Call<List<AccessPackage>>",
        ),
    ] {
        let m = builder_method(&file, &[], ty, method);
        assert_eq!(return_type(m), returns, "{ty}::{method}");
    }
    // Parameters: one struct per operation that has any, with the wire names.
    for (ty, method, params) in [
        ("AccessPackageItem", "assign_request", "&AssignParams"),
        (
            "AccessPackageItem",
            "assign_function_request",
            "&AssignFunctionParams",
        ),
        ("AccessPackageItem", "check_request", "&CheckParams"),
        ("AccessPackageItem", "reprocess_request", "&ReprocessParams"),
        (
            "AccessPackagesCollection",
            "reprocess_request",
            "&AccessPackageReprocessParams",
        ),
        (
            "AccessPackagesCollection",
            "filter_by_current_user_request",
            "&FilterByCurrentUserParams",
        ),
        (
            "AccessPackagesCollection",
            "delta_with_token_request",
            "&DeltaWithTokenParams",
        ),
    ] {
        assert_eq!(
            arg_types(builder_method(&file, &[], ty, method)),
            [params],
            "{ty}::{method}"
        );
    }
    for (ty, method) in [
        (
            "AccessPackageItem",
            "get_applicable_policy_requirements_request",
        ),
        ("AccessPackageItem", "touch_request"),
        ("AccessPackagesCollection", "delta_request"),
    ] {
        assert!(
            arg_types(builder_method(&file, &[], ty, method)).is_empty(),
            "{ty}::{method}"
        );
    }
    let assign = find_struct(&file, "requests", &[], "AssignParams");
    assert_eq!(
        wire_names(assign),
        [
            ("schedule".to_owned(), "schedule".to_owned()),
            ("user_ids".to_owned(), "userIds".to_owned()),
            ("justification".to_owned(), "justification".to_owned()),
            ("priority".to_owned(), "priority".to_owned()),
        ]
    );
    assert_eq!(field_type(assign, "schedule"), "RequestSchedule");
    assert_eq!(field_type(assign, "justification"), "Option<String>");
    assert_eq!(field_type(assign, "priority"), "i32");
    let check = find_struct(&file, "requests", &[], "CheckParams");
    for (f, ty) in [
        ("count", "i32"),
        ("flag", "bool"),
        ("id", "Uuid"),
        ("when", "DateTime<FixedOffset>"),
        ("amount", "Decimal"),
        ("span", "Duration"),
        ("text", "String"),
        ("option", "FilterOption"),
        ("days", "Flags<DayOfWeek>"),
        ("schedule", "RequestSchedule"),
        ("tags", "Vec<String>"),
        ("note", "Option<String>"),
        ("limit", "Option<i64>"),
    ] {
        assert_eq!(field_type(check, f), ty, "CheckParams::{f}");
    }
    // `Duration` and an enum have no `Default`.
    assert!(!derives(check).contains(&"Default".to_owned()));
    assert!(derives(assign).contains(&"Default".to_owned()));
    // Wire names in URLs; an unbound operation has no URL here.
    for url in [
        "function_call(\"assign\"",
        "function_call(\"check\"",
        "function_call(\"delta\", &[])",
        ".segment(\"getApplicablePolicyRequirements\")",
    ] {
        assert!(text.contains(url), "missing `{url}`");
    }
    assert!(!text.contains("unboundPing") && !text.contains("unbound_ping"));
    // The return type is closed over.
    assert!(has_item(&file, "models", &[], "PolicyRequirements"));
}

#[test]
fn hostile_names_are_escaped_and_keep_their_wire_names() {
    let (file, warnings) = parsed("hostile_names");
    let option = model(&file, &[], "Option");
    let expected: Vec<(String, String)> = [
        ("odata_type", "@odata.type"),
        ("id", "id"),
        ("r#type", "type"),
        ("self_", "self"),
        ("self_2", "Self"),
        ("r#final", "final"),
        ("r#move", "move"),
        ("r#match", "match"),
        ("r#loop", "loop"),
        ("r#use", "use"),
        ("request_id", "request-id"),
        ("request_id_2", "requestId"),
        ("summary", "summary"),
        ("summary_2", "_summary"),
        ("odata_type_2", "odataType"),
        ("additional_data_2", "additionalData"),
        ("r#box", "box"),
        ("result", "result"),
        ("string", "string"),
    ]
    .iter()
    .map(|(r, w)| ((*r).to_owned(), (*w).to_owned()))
    .collect();
    assert_eq!(wire_names(option), expected);
    assert_eq!(
        field_names(option).last().map(String::as_str),
        Some("additional_data")
    );
    // Metadata types named like std types are referred to by relative paths, std's by
    // absolute ones.
    let boxed = model(&file, &[], "Box");
    let inner = full_type_text(&field(boxed, "inner").ty);
    assert!(
        inner.starts_with("::std::option::Option<::graphgen_runtime::Indirect<"),
        "{inner}"
    );
    assert!(!inner.contains("::std::boxed"), "{inner}");
    assert_eq!(field_type(option, "r#box"), "Option<Box>");
    assert!(!full_type_text(&field(option, "r#box").ty).contains("std::boxed"));
    assert!(!full_type_text(&field(option, "result").ty).contains("std::result"));
    assert!(!full_type_text(&field(option, "string").ty).contains("std::string"));
    for ty in [
        "Option",
        "Result",
        "String",
        "Box",
        "File",
        "Request",
        "Client",
        "Alert",
        "IdentityGovernance",
    ] {
        assert!(has_item(&file, "models", &[], ty), "no models::{ty}");
    }
    // `file` and `File` collide after conversion.
    assert!(has_item(&file, "models", &[], "File2"));
    assert_eq!(
        field_type(model(&file, &[], "File"), "file"),
        "Option<File2>"
    );
    // The type `alert` in two namespaces, and a namespace beside a type of the same name.
    assert!(has_item(&file, "models", &["security"], "Alert"));
    assert!(has_item(&file, "models", &["security"], "AlertSeverity"));
    assert!(has_item(
        &file,
        "models",
        &["identity_governance"],
        "Workflow"
    ));
    assert!(has_item(&file, "requests", &["security"], "AlertItem"));
    assert!(has_item(&file, "requests", &[], "AlertItem"));
    let alert = model(&file, &[], "Alert");
    let security_alert = full_type_text(&field(alert, "security_alert").ty);
    assert!(
        security_alert.contains("security::Alert>"),
        "{security_alert}"
    );
    let security = model(&file, &["security"], "Alert");
    assert_eq!(
        serde_rename(field(security, "r#type")).as_deref(),
        Some("type")
    );
    // Resolved through the alias `self`.
    assert_eq!(field_type(security, "severity"), "Option<AlertSeverity>");
    assert!(implements(&file, &["security"], "Alert", "CanonicalPath"));
    let severity = variants(find_enum(&file, &["security"], "AlertSeverity"));
    assert_eq!(severity.len(), 5);
    assert_eq!(severity[..3], ["Low", "High", "Self_"]);
    // The entity set `new` cannot take the constructor's name.
    let client = methods(&file, "client", &[], "Client");
    assert!(
        client.is_empty(),
        "the Client is in the profile module, not in a namespace module"
    );
    let text = generate("hostile_names").0;
    assert!(text.contains(
        "pub fn new(\n            base_url: impl ::std::convert::Into<::std::string::String>,"
    ));
    assert!(text.contains(".segment(\"new\")"));
    // Only the alternate key whose property exists.
    let keys: Vec<String> = builder_methods(&file, &[], "OptionsCollection")
        .into_iter()
        .filter(|m| m.starts_with("by_"))
        .collect();
    assert_eq!(keys, ["by_id", "by_summary"]);
    // Operations called `get` and `new` do not take the builder's own method names.
    let item = builder_methods(&file, &[], "OptionItem");
    assert_eq!(
        item,
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "delete_request",
            "delete",
            "get_2_request",
            "get_2",
            "new_2_request",
            "new_2"
        ]
    );
    assert!(text.contains(".segment(\"get\")") && text.contains(".segment(\"new\")"));
    // Warnings, each naming the file and the element.
    assert!(
        has_warning(
            &warnings,
            "alternate key names property `uniqueName`, which does not exist"
        ),
        "no warning for the missing alternate key property:\n{}",
        warning_list(&warnings)
    );
    for target in [
        "microsoft.graph.Option/doesNotExist",
        "microsoft.graph.noSuchType",
    ] {
        assert!(
            has_warning(
                &warnings,
                &format!("annotation target `{target}` does not exist")
            ),
            "no warning for the annotation target `{target}`:\n{}",
            warning_list(&warnings)
        );
    }
    assert_eq!(
        warnings.len(),
        3,
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    for w in &warnings {
        assert!(
            w.file.ends_with("hostile_names.xml") && w.pos.line > 0,
            "{w}"
        );
        assert!(!w.element.is_empty(), "{w}");
    }
}

/// `library.json` (and its YAML twin): Graph's converter's OpenAPI shapes read back into
/// what the same CSDL gives: `allOf` bases flattened, a discriminator's derived complex type
/// in a `…Kind` enum, the three nullable forms, the double-or-string-or-ReferenceNumeric
/// form, flags, a contained collection, `$ref`, a bound action and function.
#[test]
fn openapi_shapes_become_the_csdl_model() {
    let (file, warnings) = parsed("library");
    // What OpenAPI cannot carry is said, located: key names, Abstract/OpenType, enum values,
    // composability, and the mapping to a schema the document lacks.
    for needle in [
        "given the key `id`",
        "Abstract or OpenType",
        "enum member values",
        "composable",
        "`#/components/schemas/test.lib.lostItem`",
    ] {
        assert!(
            has_warning(&warnings, needle),
            "no warning with `{needle}`:\n{}",
            warning_list(&warnings)
        );
    }
    assert!(
        warnings
            .iter()
            .all(|w| w.pos.line > 0 && w.element.starts_with("#/"))
    );
    let book = model(&file, &[], "Book");
    assert_eq!(
        field_names(book),
        [
            "odata_type",
            "id",
            "title",
            "published",
            "genres",
            "location",
            "tags",
            "extra",
            "cover",
            "related_shelves",
            "additional_data",
        ]
    );
    // 3.1 `type: [string, 'null']`, 3.0 `anyOf` with a nullable object, `format: binary`.
    assert_eq!(field_type(book, "title"), "Option<String>");
    assert_eq!(field_type(book, "location"), "Option<LocationKind>");
    assert_eq!(field_type(book, "genres"), "Option<Flags<Genre>>");
    assert_eq!(
        field_type(book, "published"),
        "Option<DateTime<FixedOffset>>"
    );
    let shelf = model(&file, &[], "Shelf");
    assert_eq!(field_type(shelf, "width"), "Option<f64>");
    assert_eq!(field_type(shelf, "capacity"), "Option<i32>");
    assert_eq!(
        variants(find_enum(&file, &[], "LocationKind")),
        ["Location", "GpsLocation"]
    );
    assert_eq!(
        builder_methods(&file, &[], "ShelfItem"),
        [
            "get_request",
            "get",
            "patch_request",
            "patch",
            "books",
            "reorder_request",
            "reorder"
        ]
    );
    assert!(builder_methods(&file, &[], "ShelfBooksCollection").contains(&"by_author".to_owned()));
    assert!(builder_methods(&file, &[], "ShelvesCollection").contains(&"count".to_owned()));
}
