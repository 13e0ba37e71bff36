//! What the `keys_untyped` fixture is for (kept apart from `facts.rs`, which holds the other
//! fixtures'): keys made of property paths with aliases, and the abstract built-in types as
//! untyped JSON.

use super::*;

/// The parameter names of a method, `self` left out.
fn arg_names(f: &syn::ImplItemFn) -> Vec<String> {
    f.sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => match &*t.pat {
                syn::Pat::Ident(i) => Some(i.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

#[test]
fn keys_untyped_key_paths_use_their_aliases_and_abstract_types_are_json() {
    let (file, warnings) = parsed("keys_untyped");
    assert!(
        warnings.is_empty(),
        "unexpected warnings:\n{}",
        warning_list(&warnings)
    );
    // `Info/ID` aliased `InfoID`: the key's type is the path's end, an `i32`.
    let by_id = builder_method(&file, &[], "CatsCollection", "by_id");
    assert_eq!(arg_types(by_id), ["i32"]);
    assert_eq!(return_type(by_id), "CatItem");
    // A composite key of a path and an own property: the path's parameter is named by its
    // alias, and the URL names it so.
    let by_id = builder_method(&file, &[], "ShelvesCollection", "by_id");
    assert_eq!(arg_names(by_id), ["region", "code"]);
    assert_eq!(arg_types(by_id), ["&str", "&str"]);
    let body = quote::quote!(#by_id).to_string();
    assert!(
        body.contains("(\"Region\" ,") && body.contains("(\"code\" ,"),
        "{body}"
    );
    // A key inside a complex property has no field to set: no key constructor, which a
    // key of the type's own property gives.
    assert!(methods(&file, "models", &[], "Toy").contains(&"with_id".to_owned()));
    for ty in ["Cat", "Shelf"] {
        let methods = methods(&file, "models", &[], ty);
        assert!(
            !methods.iter().any(|m| m.starts_with("with_")),
            "`{ty}` has a key constructor: {methods:?}"
        );
    }
    // Every abstract built-in type is untyped JSON, navigation to any entity included.
    let example = model(&file, &[], "Example");
    for (field, ty) in [
        ("primitive", "Option<Value>"),
        ("complex", "Option<Value>"),
        ("untyped", "Option<Vec<Value>>"),
        ("any_entity", "Option<Value>"),
        ("any_entities", "Option<Vec<Value>>"),
    ] {
        assert_eq!(field_type(example, field), ty, "{field}");
    }
    assert_eq!(
        serde_rename(field(example, "any_entity")).as_deref(),
        Some("anyEntity")
    );
    // The navigation properties to `Edm.EntityType` have no builder.
    assert!(!has_item(&file, "requests", &[], "ExampleItem"));
    // A parameter and a return type of abstract built-in types.
    let describe = builder_method(&file, &[], "CatItem", "describe");
    assert_eq!(return_type(describe), "Call<List<Value>>");
}
