//! Golden files: every `tests/fixtures/<name>.xml` is generated as a single file (module
//! `<name>`) and compared byte for byte with `tests/fixtures/<name>.rs`.
//!
//! A mismatch fails with the first differing lines. To accept new output on purpose, run
//!
//! ```text
//! GRAPHGEN_BLESS=1 cargo test -p graphgen-tests --test golden
//! ```
//!
//! which rewrites the `.rs` files instead; then read the diff before committing it.
//! `golden_compile.rs` compiles every golden file with warnings denied and runs a few of them.
//!
//! Beyond the bytes, each fixture has a test that checks the facts it exists for (wire names
//! kept in `serde` renames, raw identifiers, `Box`, `…Kind` enums, builder methods, warnings),
//! on the parsed output, so that a bad bless cannot silently change them.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use graphgen::{Config, Diagnostic, Layout, Profile};

/// The environment variable that rewrites the golden files.
const BLESS_ENV: &str = "GRAPHGEN_BLESS";

/// Every fixture, by name. A fixture file that is not listed here (or a listed one that is
/// missing) fails [`the_fixture_list_is_complete`].
const FIXTURES: &[&str] = &[
    "containment",
    "enums",
    "hostile_names",
    "inheritance",
    "operations",
    "polymorphism",
    "refs",
];

/// How many lines of each side a mismatch report shows after the first difference.
const DIFF_LINES: usize = 12;

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Generates fixture `name` as one file in memory: the text and the warnings.
fn generate(name: &str) -> (String, Vec<Diagnostic>) {
    let xml = fixtures_dir().join(format!("{name}.xml"));
    let mut config = Config::new();
    config
        .profile(Profile::new(name, &xml))
        .layout(Layout::SingleFile);
    // Not a build script: no `cargo:rerun-if-changed` lines.
    config.rerun_if_changed = false;
    let mut generated = config
        .generate()
        .unwrap_or_else(|e| panic!("generating fixture `{name}` failed:\n{e}"));
    let file = PathBuf::from(format!("{name}.rs"));
    let files: Vec<&PathBuf> = generated.output.files.keys().collect();
    assert_eq!(
        files,
        [&file],
        "fixture `{name}`: expected exactly one output file"
    );
    let text = generated.output.files.remove(&file).unwrap_or_default();
    (text, generated.warnings)
}

/// The generated text of fixture `name`, parsed.
fn parsed(name: &str) -> (syn::File, Vec<Diagnostic>) {
    let (text, warnings) = generate(name);
    let file = syn::parse_file(&text)
        .unwrap_or_else(|e| panic!("fixture `{name}`: the output does not parse: {e}"));
    (file, warnings)
}

/// The first differing lines of two texts, numbered, with a little context before them.
fn first_difference(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let at = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let mut out = format!(
        "first difference at line {} (golden file has {} lines, generated output {}):\n",
        at + 1,
        e.len(),
        a.len()
    );
    for (i, line) in e.iter().enumerate().take(at).skip(at.saturating_sub(3)) {
        let _ = writeln!(out, "  {:>5} | {line}", i + 1);
    }
    for (i, line) in e.iter().enumerate().skip(at).take(DIFF_LINES) {
        let _ = writeln!(out, "- {:>5} | {line}", i + 1);
    }
    for (i, line) in a.iter().enumerate().skip(at).take(DIFF_LINES) {
        let _ = writeln!(out, "+ {:>5} | {line}", i + 1);
    }
    if expected.lines().count() == actual.lines().count() && expected != actual {
        out.push_str("  (the texts differ in line endings or a final newline)\n");
    }
    out
}

#[test]
fn the_fixture_list_is_complete() {
    let mut xml = BTreeSet::new();
    let mut rs = BTreeSet::new();
    let entries = std::fs::read_dir(fixtures_dir()).expect("tests/fixtures is readable");
    for entry in entries {
        let path = entry.expect("directory entry").path();
        let (Some(stem), Some(ext)) = (path.file_stem(), path.extension()) else {
            continue;
        };
        let stem = stem.to_string_lossy().into_owned();
        match ext.to_string_lossy().as_ref() {
            "xml" => xml.insert(stem),
            "rs" => rs.insert(stem),
            _ => false,
        };
    }
    let listed: BTreeSet<String> = FIXTURES.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(xml, listed, "fixture .xml files and FIXTURES differ");
    if std::env::var(BLESS_ENV).as_deref() != Ok("1") {
        assert_eq!(
            rs, listed,
            "golden .rs files and FIXTURES differ (bless to create them)"
        );
    }
}

#[test]
fn golden_files_match_the_generated_output() {
    let bless = std::env::var(BLESS_ENV).as_deref() == Ok("1");
    let mut failures = Vec::new();
    for name in FIXTURES {
        let (text, _) = generate(name);
        let golden = fixtures_dir().join(format!("{name}.rs"));
        let on_disk = std::fs::read_to_string(&golden).ok();
        if on_disk.as_deref() == Some(text.as_str()) {
            continue;
        }
        if bless {
            std::fs::write(&golden, &text)
                .unwrap_or_else(|e| panic!("writing {}: {e}", golden.display()));
            println!("blessed {}", golden.display());
            continue;
        }
        match on_disk {
            None => failures.push(format!(
                "{}: missing; run with {BLESS_ENV}=1 to create it",
                golden.display()
            )),
            Some(expected) => failures.push(format!(
                "{} differs from the generated output; if the change is intended, run with \
                 {BLESS_ENV}=1 and review the diff\n{}",
                golden.display(),
                first_difference(&expected, &text)
            )),
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn generating_twice_gives_identical_bytes() {
    for name in FIXTURES {
        let (first, first_warnings) = generate(name);
        let (second, second_warnings) = generate(name);
        assert!(
            first == second,
            "fixture `{name}` is not deterministic:\n{}",
            first_difference(&first, &second)
        );
        assert_eq!(
            first_warnings, second_warnings,
            "fixture `{name}`: warnings differ"
        );
    }
}

#[test]
fn golden_files_carry_the_header_and_no_machine_paths() {
    for name in FIXTURES {
        let (text, _) = generate(name);
        assert!(
            text.starts_with("// @generated by graphgen. Do not edit.\n"),
            "fixture `{name}`: no @generated header"
        );
        assert!(
            text.contains(&format!("generated from {name}.xml")),
            "fixture `{name}`: the docs should name the input file only"
        );
        let dir = fixtures_dir();
        let dir = dir.to_string_lossy();
        assert!(
            !text.contains(dir.as_ref()),
            "fixture `{name}`: output holds {dir}"
        );
        assert!(!text.contains('\r'), "fixture `{name}`: output holds a CR");
    }
}

#[test]
fn every_golden_file_is_compiled() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_compile.rs");
    let source = std::fs::read_to_string(&path).expect("golden_compile.rs is readable");
    assert!(
        source.contains("#![deny(warnings)]"),
        "golden_compile.rs must deny warnings"
    );
    for name in FIXTURES {
        let decl = format!("#[rustfmt::skip]\n#[path = \"../fixtures/{name}.rs\"]\npub mod {name};");
        assert!(
            source.contains(&decl),
            "golden_compile.rs does not compile `{name}`: add\n{decl}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Looking things up in the parsed output.
// ---------------------------------------------------------------------------------------------

/// Every item of the file with the module path that holds it (`["hostile_names", "models",
/// "security", "a"]`).
fn items(file: &syn::File) -> Vec<(Vec<String>, &syn::Item)> {
    fn walk<'f>(
        path: &[String],
        items: &'f [syn::Item],
        out: &mut Vec<(Vec<String>, &'f syn::Item)>,
    ) {
        for item in items {
            out.push((path.to_vec(), item));
            if let syn::Item::Mod(m) = item {
                if let Some((_, inner)) = &m.content {
                    let mut p = path.to_vec();
                    p.push(m.ident.to_string());
                    walk(&p, inner, out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(&[], &file.items, &mut out);
    out
}

/// Whether an item at `path` is in namespace module `ns` of `top` (`models` or `requests`):
/// `<profile>::<top>::<ns…>::<bucket>`.
fn in_module(path: &[String], top: &str, ns: &[&str]) -> bool {
    path.len() == ns.len() + 3
        && path[1] == top
        && path[2..path.len() - 1].iter().zip(ns).all(|(a, b)| a == b)
}

/// The struct `name` of namespace module `ns` of `top`.
fn find_struct<'f>(file: &'f syn::File, top: &str, ns: &[&str], name: &str) -> &'f syn::ItemStruct {
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
fn model<'f>(file: &'f syn::File, ns: &[&str], name: &str) -> &'f syn::ItemStruct {
    find_struct(file, "models", ns, name)
}

/// Whether an item (struct, enum, alias) named `name` exists in namespace module `ns` of
/// `top`.
fn has_item(file: &syn::File, top: &str, ns: &[&str], name: &str) -> bool {
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
fn find_enum<'f>(file: &'f syn::File, ns: &[&str], name: &str) -> &'f syn::ItemEnum {
    items(file)
        .into_iter()
        .filter(|(p, _)| in_module(p, "models", ns))
        .find_map(|(_, item)| match item {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum `{name}` in models::{}", ns.join("::")))
}

fn variants(e: &syn::ItemEnum) -> Vec<String> {
    e.variants.iter().map(|v| v.ident.to_string()).collect()
}

/// Names of the methods of the inherent impls of `ty` in namespace module `ns` of `top`.
fn methods(file: &syn::File, top: &str, ns: &[&str], ty: &str) -> Vec<String> {
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
fn builder_methods(file: &syn::File, ns: &[&str], ty: &str) -> Vec<String> {
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
fn builder_method<'f>(
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
            if let syn::ImplItem::Fn(f) = it {
                if f.sig.ident == name {
                    return f;
                }
            }
        }
    }
    panic!("no method `{ty}::{name}` in requests::{}", ns.join("::"))
}

/// Whether `ty` has a `impl <trait> for <ty>` in namespace module `ns` of `models`
/// (`trait_name` is the last path segment of the trait).
fn implements(file: &syn::File, ns: &[&str], ty: &str, trait_name: &str) -> bool {
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
fn field<'s>(s: &'s syn::ItemStruct, rust: &str) -> &'s syn::Field {
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

fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect()
}

/// The `rename` of a field's `#[serde(...)]` attribute.
fn serde_rename(f: &syn::Field) -> Option<String> {
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
fn wire_names(s: &syn::ItemStruct) -> Vec<(String, String)> {
    s.fields
        .iter()
        .filter_map(|f| Some((f.ident.as_ref()?.to_string(), serde_rename(f)?)))
        .collect()
}

/// A type written out: `Option<Box<Node>>`, with only the last segment of each path.
fn type_text(ty: &syn::Type) -> String {
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
fn field_type(s: &syn::ItemStruct, rust: &str) -> String {
    type_text(&field(s, rust).ty)
}

/// The full path of a type, with every segment (`super::super::models::security::Alert`).
fn full_path(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        syn::Type::Reference(r) => full_path(&r.elem),
        _ => String::new(),
    }
}

/// The return type of a method, by [`type_text`].
fn return_type(f: &syn::ImplItemFn) -> String {
    match &f.sig.output {
        syn::ReturnType::Default => "()".to_owned(),
        syn::ReturnType::Type(_, t) => type_text(t),
    }
}

/// The argument types of a method after `self`, by [`type_text`].
fn arg_types(f: &syn::ImplItemFn) -> Vec<String> {
    f.sig
        .inputs
        .iter()
        .filter_map(|a| match a {
            syn::FnArg::Typed(t) => Some(type_text(&t.ty)),
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

fn has_warning(warnings: &[Diagnostic], needle: &str) -> bool {
    warnings.iter().any(|w| w.message.contains(needle))
}

fn warning_list(warnings: &[Diagnostic]) -> String {
    warnings.iter().map(|w| format!("  {w}\n")).collect()
}

// ---------------------------------------------------------------------------------------------
// What each fixture is for.
// ---------------------------------------------------------------------------------------------

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
        ["list_request", "post_request", "count_request", "by_id"]
    );
    assert_eq!(
        builder_methods(&file, &[], "UserItem"),
        ["get_request", "patch_request", "delete_request"]
    );
    assert!(implements(&file, &[], "User", "CanonicalPath"));
}
