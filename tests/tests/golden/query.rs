//! Looking things up in the parsed golden output (with `syn`), and the naming rules rustc's
//! lints enforce.

use super::*;

/// Every item of the file with the module path that holds it (`["hostile_names", "models",
/// "security", "a"]`).
pub(super) fn items(file: &syn::File) -> Vec<(Vec<String>, &syn::Item)> {
    fn walk<'f>(
        path: &[String],
        items: &'f [syn::Item],
        out: &mut Vec<(Vec<String>, &'f syn::Item)>,
    ) {
        for item in items {
            out.push((path.to_vec(), item));
            if let syn::Item::Mod(m) = item
                && let Some((_, inner)) = &m.content
            {
                let mut p = path.to_vec();
                p.push(m.ident.to_string());
                walk(&p, inner, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&[], &file.items, &mut out);
    out
}

/// Replaces every `::graphgen_runtime::polymorphic! { … enum … }` invocation by the enum it
/// declares (its `= "type" | "alias"` tags parse as discriminants), so the queries here see
/// `…Kind` enums as items; the macro's impls are checked by compiling (`golden_compile`).
pub(super) fn expand_polymorphic(items: &mut [syn::Item]) {
    for item in items {
        match item {
            syn::Item::Macro(m)
                if m.mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "polymorphic") =>
            {
                let e: syn::ItemEnum = syn::parse2(m.mac.tokens.clone())
                    .unwrap_or_else(|e| panic!("polymorphic! input is not an enum: {e}"));
                *item = syn::Item::Enum(e);
            }
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &mut m.content {
                    expand_polymorphic(inner);
                }
            }
            _ => {}
        }
    }
}

/// Whether an item at `path` is in namespace module `ns` of `top` (`models` or `requests`):
/// `<profile>::<top>::<ns…>::<bucket>`.
pub(super) fn in_module(path: &[String], top: &str, ns: &[&str]) -> bool {
    path.len() == ns.len() + 3
        && path[1] == top
        && path[2..path.len() - 1].iter().zip(ns).all(|(a, b)| a == b)
}

/// The struct `name` of namespace module `ns` of `top`.
pub(super) fn find_struct<'f>(
    file: &'f syn::File,
    top: &str,
    ns: &[&str],
    name: &str,
) -> &'f syn::ItemStruct {
    let found: Vec<&syn::ItemStruct> = items(file)
        .into_iter()
        .filter(|(p, _)| in_module(p, top, ns))
        .filter_map(|(_, item)| match item {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .collect();
    match found.as_slice() {
        [one] => one,
        _ => panic!(
            "{} structs named `{name}` in {top}::{}",
            found.len(),
            ns.join("::")
        ),
    }
}

/// The model struct `name` of namespace module `ns`.
pub(super) fn model<'f>(file: &'f syn::File, ns: &[&str], name: &str) -> &'f syn::ItemStruct {
    find_struct(file, "models", ns, name)
}

/// Whether an item (struct, enum, alias) named `name` exists in namespace module `ns` of
/// `top`.
pub(super) fn has_item(file: &syn::File, top: &str, ns: &[&str], name: &str) -> bool {
    items(file)
        .into_iter()
        .filter(|(p, _)| in_module(p, top, ns))
        .any(|(_, item)| match item {
            syn::Item::Struct(s) => s.ident == name,
            syn::Item::Enum(e) => e.ident == name,
            syn::Item::Type(t) => t.ident == name,
            _ => false,
        })
}

/// The enum `name` of namespace module `ns` of `models`.
pub(super) fn find_enum<'f>(file: &'f syn::File, ns: &[&str], name: &str) -> &'f syn::ItemEnum {
    items(file)
        .into_iter()
        .filter(|(p, _)| in_module(p, "models", ns))
        .find_map(|(_, item)| match item {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum `{name}` in models::{}", ns.join("::")))
}

pub(super) fn variants(e: &syn::ItemEnum) -> Vec<String> {
    e.variants.iter().map(|v| v.ident.to_string()).collect()
}

/// Names of the methods of the inherent impls of `ty` in namespace module `ns` of `top`.
pub(super) fn methods(file: &syn::File, top: &str, ns: &[&str], ty: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (p, item) in items(file) {
        let syn::Item::Impl(i) = item else { continue };
        if !in_module(&p, top, ns) || i.trait_.is_some() || type_text(&i.self_ty) != ty {
            continue;
        }
        for it in &i.items {
            if let syn::ImplItem::Fn(f) = it {
                out.push(f.sig.ident.to_string());
            }
        }
    }
    out
}

/// The methods of request builder `ty` in namespace module `ns` of `requests`, without `new`
/// and `target`.
pub(super) fn builder_methods(file: &syn::File, ns: &[&str], ty: &str) -> Vec<String> {
    assert!(
        has_item(file, "requests", ns, ty),
        "no request builder `{ty}` in requests::{}",
        ns.join("::")
    );
    methods(file, "requests", ns, ty)
        .into_iter()
        .filter(|m| m != "new" && m != "target")
        .collect()
}

/// The method `name` of an inherent impl of `ty` in namespace module `ns` of `requests`.
pub(super) fn builder_method<'f>(
    file: &'f syn::File,
    ns: &[&str],
    ty: &str,
    name: &str,
) -> &'f syn::ImplItemFn {
    for (p, item) in items(file) {
        let syn::Item::Impl(i) = item else { continue };
        if !in_module(&p, "requests", ns) || i.trait_.is_some() || type_text(&i.self_ty) != ty {
            continue;
        }
        for it in &i.items {
            if let syn::ImplItem::Fn(f) = it
                && f.sig.ident == name
            {
                return f;
            }
        }
    }
    panic!("no method `{ty}::{name}` in requests::{}", ns.join("::"))
}

/// Whether `ty` has a `impl <trait> for <ty>` in namespace module `ns` of `models`
/// (`trait_name` is the last path segment of the trait).
pub(super) fn implements(file: &syn::File, ns: &[&str], ty: &str, trait_name: &str) -> bool {
    items(file).into_iter().any(|(p, item)| match item {
        syn::Item::Impl(i) => {
            in_module(&p, "models", ns)
                && type_text(&i.self_ty) == ty
                && i.trait_
                    .as_ref()
                    .and_then(|(path, _)| path.segments.last())
                    .is_some_and(|s| s.ident == trait_name)
        }
        _ => false,
    })
}

/// The field `rust` (as written, `r#type` for a raw one) of a struct.
pub(super) fn field<'s>(s: &'s syn::ItemStruct, rust: &str) -> &'s syn::Field {
    s.fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == rust))
        .unwrap_or_else(|| {
            panic!(
                "struct `{}` has no field `{rust}`; it has {:?}",
                s.ident,
                field_names(s)
            )
        })
}

pub(super) fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect()
}

/// The `rename` of a field's `#[serde(...)]` attribute.
pub(super) fn serde_rename(f: &syn::Field) -> Option<String> {
    let mut rename = None;
    for attr in f.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                rename = Some(lit.value());
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        })
        .expect("a serde attribute parses");
    }
    rename
}

/// `(rust name, wire name)` of every field with a `rename`, in order.
pub(super) fn wire_names(s: &syn::ItemStruct) -> Vec<(String, String)> {
    s.fields
        .iter()
        .filter_map(|f| Some((f.ident.as_ref()?.to_string(), serde_rename(f)?)))
        .collect()
}

/// A type written out: `Option<Box<Node>>`, with only the last segment of each path.
pub(super) fn type_text(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => {
            let Some(last) = p.path.segments.last() else {
                return String::new();
            };
            let mut out = last.ident.to_string();
            if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                let inner: Vec<String> = args
                    .args
                    .iter()
                    .map(|a| match a {
                        syn::GenericArgument::Type(t) => type_text(t),
                        _ => "?".to_owned(),
                    })
                    .collect();
                let _ = write!(out, "<{}>", inner.join(", "));
            }
            out
        }
        syn::Type::Reference(r) => format!("&{}", type_text(&r.elem)),
        syn::Type::Tuple(t) if t.elems.is_empty() => "()".to_owned(),
        _ => "?".to_owned(),
    }
}

/// The type of field `rust` of `s`, written out by [`type_text`].
pub(super) fn field_type(s: &syn::ItemStruct, rust: &str) -> String {
    type_text(&field(s, rust).ty)
}

/// The return type of a method, by [`type_text`].
pub(super) fn return_type(f: &syn::ImplItemFn) -> String {
    match &f.sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, t) => type_text(t),
    }
}

/// The argument types of a method after `self`, by [`type_text`].
pub(super) fn arg_types(f: &syn::ImplItemFn) -> Vec<String> {
    f.sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(type_text(&t.ty)),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

pub(super) fn has_warning(warnings: &[Diagnostic], needle: &str) -> bool {
    warnings.iter().any(|w| w.message.contains(needle))
}

pub(super) fn warning_list(warnings: &[Diagnostic]) -> String {
    warnings.iter().map(|w| format!("  {w}\n")).collect()
}

/// The names of a struct's `#[derive(...)]`, last path segment only.
pub(super) fn derives(s: &syn::ItemStruct) -> Vec<String> {
    let mut out = Vec::new();
    for attr in s.attrs.iter().filter(|a| a.path().is_ident("derive")) {
        attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                out.push(last.ident.to_string());
            }
            Ok(())
        })
        .expect("a derive attribute parses");
    }
    out
}

/// A type written out with full paths: `::std::option::Option<super::Box>`.
pub(super) fn full_type_text(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => {
            let mut out = String::new();
            if p.path.leading_colon.is_some() {
                out.push_str("::");
            }
            let segments: Vec<String> = p
                .path
                .segments
                .iter()
                .map(|s| {
                    let mut seg = s.ident.to_string();
                    if let syn::PathArguments::AngleBracketed(args) = &s.arguments {
                        let inner: Vec<String> = args
                            .args
                            .iter()
                            .map(|a| match a {
                                syn::GenericArgument::Type(t) => full_type_text(t),
                                _ => "?".to_owned(),
                            })
                            .collect();
                        let _ = write!(seg, "<{}>", inner.join(", "));
                    }
                    seg
                })
                .collect();
            out.push_str(&segments.join("::"));
            out
        }
        syn::Type::Reference(r) => format!("&{}", full_type_text(&r.elem)),
        _ => "?".to_owned(),
    }
}

/// rustc's `non_camel_case_types` rule.
pub(super) fn is_upper_camel_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    if name.is_empty() {
        return true;
    }
    let chars: Vec<char> = name.chars().collect();
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    !chars[0].is_lowercase()
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| has_case(w[0]) && w[1] == '_' || has_case(w[1]) && w[0] == '_')
}

/// rustc's `non_snake_case` rule (for a name without `r#`).
pub(super) fn is_snake_case(name: &str) -> bool {
    let name = name.trim_matches('_');
    !name.contains("__") && !name.chars().any(char::is_uppercase)
}

/// The identifiers a fixture's output defines: type and variant names, and field, method and
/// module names.
pub(super) fn defined_names(file: &syn::File) -> (Vec<String>, Vec<String>) {
    let mut camel = Vec::new();
    let mut snake = Vec::new();
    for (_, item) in items(file) {
        match item {
            syn::Item::Struct(s) => {
                camel.push(s.ident.to_string());
                snake.extend(field_names(s));
            }
            syn::Item::Enum(e) => {
                camel.push(e.ident.to_string());
                camel.extend(variants(e));
            }
            syn::Item::Type(t) => camel.push(t.ident.to_string()),
            syn::Item::Mod(m) => snake.push(m.ident.to_string()),
            syn::Item::Impl(i) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        snake.push(f.sig.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
    (camel, snake)
}
