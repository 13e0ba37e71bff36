//! The naming table's lint half: every name the generator builds from other names (builders,
//! `…Kind` and `…Field` enums, split modules, overload suffixes) passes rustc's
//! `non_camel_case_types` and `non_snake_case`, which generated crates must (CI denies
//! warnings).

use super::tests::{HOSTILE, assert_ident};
use super::*;

/// rustc's `non_camel_case_types` rule (`rustc_lint::nonstandard_style`): after trimming
/// `_` at both ends, no leading lowercase letter, no `__`, and no `_` next to a letter that
/// has case.
fn is_camel_case(name: &str) -> bool {
    let name = unraw(name).trim_matches('_');
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = name.chars().collect();
    !chars.first().is_some_and(|c| c.is_lowercase())
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| (has_case(w[0]) && w[1] == '_') || (has_case(w[1]) && w[0] == '_'))
}

/// rustc's `non_snake_case` rule: after trimming `_` at both ends, no uppercase letter and no
/// `__`.
fn is_snake_case(name: &str) -> bool {
    let name = unraw(name).trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

#[test]
fn the_lint_rules_of_this_table_match_rustc() {
    for good in ["Self_", "SelfItem", "T3dModel", "Größe", "_Other", "A1"] {
        assert!(is_camel_case(good), "{good}");
    }
    for bad in ["Self_Item", "a", "Foo__Bar", "Foo_1"] {
        assert!(!is_camel_case(bad), "{bad}");
    }
    for good in ["as_", "as_2", "_other", "r#type", "self_", "größe", "_3d"] {
        assert!(is_snake_case(good), "{good}");
    }
    for bad in ["as__2", "Self_", "self__with", "fooBar"] {
        assert!(!is_snake_case(bad), "{bad}");
    }
}

/// Names built from a type name: the type `Self` is `Self_`, and what is derived from it
/// drops the `_` (`Self_Item` fails `non_camel_case_types`).
#[test]
fn derived_type_names_table() {
    let rows: &[(&str, &str, &str, &str)] = &[
        // wire, item builder, `…Kind`, `…Field`
        ("Self", "SelfItem", "SelfKind", "SelfField"),
        ("self", "SelfItem", "SelfKind", "SelfField"),
        (
            "accessPackage",
            "AccessPackageItem",
            "AccessPackageKind",
            "AccessPackageField",
        ),
        ("3dModel", "T3dModelItem", "T3dModelKind", "T3dModelField"),
        ("größe", "GrößeItem", "GrößeKind", "GrößeField"),
        ("_", "UnnamedItem", "UnnamedKind", "UnnamedField"),
        ("Item", "ItemItem", "ItemKind", "ItemField"),
        ("type", "TypeItem", "TypeKind", "TypeField"),
    ];
    for &(wire, item, kind, field) in rows {
        let t = type_name(wire);
        assert_eq!(item_builder_name(&t), item, "{wire}");
        assert_eq!(kind_enum_name(&t), kind, "{wire}");
        assert_eq!(field_enum_name(&t), field, "{wire}");
        for name in [item, kind, field] {
            assert_ident(name, wire);
            assert!(is_camel_case(name), "{name}");
        }
    }
    assert_eq!(collection_builder_name(None, "Self"), "SelfCollection");
    assert_eq!(
        collection_builder_name(Some("Self_"), "self"),
        "SelfSelfCollection"
    );
    assert_eq!(params_struct_name("self_", Some("Self_")), "SelfSelfParams");
    assert_eq!(params_struct_name("r#type", None), "TypeParams");
}

/// Every derived type name is lint-clean for every hostile wire name.
#[test]
fn derived_type_names_are_lint_clean_for_hostile_names() {
    for wire in HOSTILE {
        let t = type_name(wire);
        let op = method_name(wire);
        for name in [
            item_builder_name(&t),
            kind_enum_name(&t),
            field_enum_name(&t),
            collection_builder_name(Some(&t), wire),
            collection_builder_name(None, wire),
            params_struct_name(&op, Some(&t)),
            params_struct_name(&op, None),
        ] {
            assert_ident(&name, wire);
            assert!(is_camel_case(&name), "{wire:?} gives {name:?}");
        }
        assert!(is_camel_case(&t), "{wire:?} gives {t:?}");
        assert!(is_snake_case(&op), "{wire:?} gives {op:?}");
        assert!(is_snake_case(&module_name(wire)), "{wire:?}");
    }
}

/// Modules split by name prefix: a keyword or a child namespace's name gets one `_`, then a
/// number, never `__` (`as__2` failed `non_snake_case`); further `impl` blocks of a builder
/// drop the bucket's `_` before their number.
#[test]
fn module_split_names_table() {
    let w = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let rows: &[(&[&str], &[&str], &str)] = &[
        (&["access", "package"], &[], "access_package"),
        (&["as"], &[], "as_"),
        (&["self"], &[], "self_"),
        (&["as"], &["as_"], "as_2"),
        (&["as"], &["as_", "as_2"], "as_3"),
        (&["models"], &["models"], "models_"),
        // A file named like its own module (`requests::requests`) fails `module_inception`;
        // the layout reserves the module's own name.
        (&["requests"], &["requests"], "requests_"),
        (&["models"], &["models", "models_"], "models_2"),
        (&["3d"], &[], "_other"),
        (&[], &[], "_other"),
    ];
    for &(words, reserved, expected) in rows {
        let got = bucket_module_name(&w(words), &w(reserved));
        assert_eq!(got, expected, "{words:?} with {reserved:?}");
        assert!(is_snake_case(&got), "{got}");
        assert!(!is_keyword(&got), "{got}");
        for k in 2..4 {
            let block = block_module_name(&got, k);
            assert!(is_snake_case(&block), "{block}");
            assert_ident(&block, "block module");
        }
    }
    assert_eq!(block_module_name("as_", 2), "as_2");
    assert_eq!(block_module_name("access_package", 3), "access_package_3");
    assert_eq!(block_module_name("_other", 2), "_other_2");
}

#[test]
fn joined_method_names_table() {
    let rows: &[(&[&str], &str)] = &[
        (&["get", "with", "a", "b"], "get_with_a_b"),
        (&["self_", "with", "self_", "r#type"], "self_with_self_type"),
        (&["r#type", "function"], "type_function"),
        (&["ping", "without parameters"], "ping_without_parameters"),
        (&["r#as", "action"], "as_action"),
        (&["_3d", "with", "_3d"], "_3d_with_3d"),
    ];
    for &(parts, expected) in rows {
        let got = joined_method_name(parts);
        assert_eq!(got, expected, "{parts:?}");
        assert_ident(&got, "joined");
        assert!(is_snake_case(&got), "{got}");
    }
}
