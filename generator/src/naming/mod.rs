//! Every identifier decision the generator makes.
//!
//! CSDL names (the "wire" names) are turned into Rust identifiers here and nowhere else:
//! case conversion (via `heck`), Rust keywords, names that start with a digit, characters that
//! cannot appear in an identifier, and de-duplication when two wire names collide after
//! conversion ([`Namer`]). Emitters keep the wire name next to the Rust name (for
//! `#[serde(rename = "...")]`) and never recompute either.
//!
//! Rules shared by all functions:
//!
//! * Any character that cannot continue a Rust identifier (`-`, `.`, `@`, `$`, spaces, `_`, …)
//!   is a word separator: `request-id` → `request_id`, `@odata.type` → `odata_type`.
//! * Unicode letters that Rust accepts in identifiers without a lint are kept (`größe` →
//!   `größe`), in NFKC (`ﬁle` → `file`); others (outside Unicode's General Security Profile,
//!   which rustc's `uncommon_codepoints` warns about) are word separators.
//! * A name with nothing usable left (`""`, `"@$"`) becomes `unnamed` / `Unnamed`; [`Namer`]
//!   numbers repeats.
//! * Output is always a valid Rust identifier, possibly raw (`r#type`).
//! * Prelude-like names (`Option`, `Result`, `String`, `Box`, …) are kept as they are: the
//!   emitters write fully qualified paths, so nothing can be shadowed.
//!
//! It also owns doc text ([`doc_lines`], [`description_markdown`]): how the generator's prose
//! and the descriptions in the metadata become `#[doc]` lines that rustdoc accepts with
//! warnings denied.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};
use unicode_normalization::UnicodeNormalization;
use unicode_security::GeneralSecurityProfile;

mod doc;

pub use doc::{description_lines, description_markdown, doc_lines};

/// What a name that has no usable characters becomes, in snake_case.
const UNNAMED_SNAKE: &str = "unnamed";
/// What a name that has no usable characters becomes, in UpperCamelCase.
const UNNAMED_CAMEL: &str = "Unnamed";

/// Strict and reserved keywords of every edition (2015–2024) that are valid as raw
/// identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    // strict, 2015
    "as", "break", "const", "continue", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static",
    "struct", "trait", "true", "type", "unsafe", "use", "where", "while",
    // strict, 2018
    "async", "await", "dyn", // reserved, 2015
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield", // reserved, 2018
    "try",   // reserved, 2024
    "gen",
];

/// Keywords that cannot be raw identifiers; they get a `_` suffix (`self_`).
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `s` is a strict or reserved Rust keyword of any edition (2015–2024), including the
/// ones that cannot be raw (`self`, `Self`, `super`, `crate`, `_`).
///
/// Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are ordinary identifiers in the
/// positions the generator uses and are not reported. A raw identifier (`r#type`) is not a
/// keyword.
pub fn is_keyword(s: &str) -> bool {
    RAW_KEYWORDS.contains(&s) || NON_RAW_KEYWORDS.contains(&s)
}

/// Strips a leading `r#` from an identifier: `r#type` → `type`, `name` → `name`.
///
/// This is the name serde uses on the wire for a field, and the name [`Namer`] compares.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Parses a name produced by this module (possibly raw, `r#type`) into a
/// [`proc_macro2::Ident`] for `quote!`.
///
/// Returns `None` for anything that is not a valid identifier (including a keyword that is
/// not written raw), instead of panicking like `Ident::new`.
pub fn ident(name: &str) -> Option<proc_macro2::Ident> {
    syn::parse_str::<proc_macro2::Ident>(name)
        .ok()
        .filter(|i| *i == name)
}

/// UpperCamelCase name for a struct, enum or builder type: `accessPackage` → `AccessPackage`.
///
/// Takes a simple name, not a dotted namespace path. `Self` → `Self_`; a name that cannot start
/// an identifier gets a `T` prefix (`3dModel` → `T3dModel`); an empty result → `Unnamed`.
pub fn type_name(wire: &str) -> String {
    camel(wire, 'T')
}

/// UpperCamelCase name for an enum variant: `unknownFutureValue` → `UnknownFutureValue`.
///
/// `Self` → `Self_`; a name that cannot start an identifier gets a `V` prefix (`2fa` → `V2fa`);
/// an empty result → `Unnamed`. `None`, `Some`, `Ok`, `Err`, `Default`, `Error` are kept: the
/// emitters use fully qualified paths.
pub fn variant_name(wire: &str) -> String {
    camel(wire, 'V')
}

/// snake_case name for a struct field or a function parameter: `isRoleScopesVisible` →
/// `is_role_scopes_visible`.
///
/// Keywords that may be raw become raw (`type` → `r#type`); `self`, `super`, `crate` get a `_`
/// suffix (`self_`); a name that cannot start an identifier gets a `_` prefix (`3d` → `_3d`),
/// or `n` when it is only digits (`2` → `n2`, since `_2` fails clippy);
/// an empty result → `unnamed`. Leading and trailing separators are dropped, so `_summary` and
/// `summary` are both `summary`: use a [`Namer`] to tell them apart.
pub fn field_name(wire: &str) -> String {
    let snake = snake(wire);
    if RAW_KEYWORDS.contains(&snake.as_str()) {
        format!("r#{snake}")
    } else {
        suffix_non_raw(snake)
    }
}

/// snake_case name for a builder method or an operation; the same rules as [`field_name`].
pub fn method_name(wire: &str) -> String {
    field_name(wire)
}

/// Field names the generator gives every model struct (`odata_type` for `@odata.type`,
/// `additional_data` for unknown properties): no property takes them.
pub const RESERVED_FIELDS: &[&str] = &["odata_type", "additional_data"];

/// Method names of an item builder (`<Type>Item`) that no navigation property or operation
/// takes: its own methods (`new`, `target`, `get`, `patch`, `put`, `delete` and their
/// `*_request` twins), and names of `&self` methods of std traits that an inherent method
/// would shadow (`item.clone()` must stay `Clone::clone`).
pub const ITEM_METHODS: &[&str] = &[
    "new",
    "target",
    "get",
    "get_request",
    "patch",
    "patch_request",
    "put",
    "put_request",
    "delete",
    "delete_request",
    "clone",
    "deref",
    "borrow",
    "as_ref",
];

/// Method names of a collection builder (`…Collection`) that no operation or alternate key
/// takes: its own methods (`new`, `target`, `list`, `post`, `count` and their `*_request`
/// twins, `refs`, `by_id`), and names of std traits' `&self` methods.
pub const COLLECTION_METHODS: &[&str] = &[
    "new",
    "target",
    "list",
    "list_request",
    "post",
    "post_request",
    "count",
    "count_request",
    "refs",
    "by_id",
    "clone",
    "deref",
    "borrow",
    "as_ref",
];

/// Method names of a profile's `Client` that no entity set or singleton takes: its own
/// methods, and those of std traits it would shadow.
pub const CLIENT_METHODS: &[&str] = &[
    "new",
    "with_default_base_url",
    "builder",
    "from_runtime",
    "runtime",
    "target",
    "clone",
    "deref",
    "borrow",
    "as_ref",
];

/// The variant every generated enum has for a member the crate does not know; no member
/// takes its name.
pub const ENUM_FALLBACK: &str = "Unrecognized";

/// The words of an item's name, lower-cased, as its file is named after them:
/// `AccessPackageAssignment` → `["access", "package", "assignment"]`,
/// `WorkbookFunctionsItem` → `["workbook", "functions", "item"]`. Letters and digits only; a
/// digit stays with the word before it (`Windows10Item` → `["windows10", "item"]`).
pub fn name_words(name: &str) -> Vec<String> {
    unraw(name)
        .to_snake_case()
        .split('_')
        .map(|w| {
            w.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The file (module) that holds the items whose names start with `words` (a prefix of
/// [`name_words`]): the words joined with `_` (`access_package`), `_other` for names that do
/// not start with an ASCII letter (which no word starts like). A keyword (`as`) or one of
/// `reserved` (the namespace's child modules) gets a `_` appended (`as_`); if that is
/// reserved too, a number instead (`as_2`, `as_3`, …), never a second `_` (`as__` fails
/// rustc's `non_snake_case`).
pub fn bucket_module_name(words: &[String], reserved: &[String]) -> String {
    let base = match words.first() {
        Some(w) if w.starts_with(|c: char| c.is_ascii_alphabetic()) => words.join("_"),
        _ => "_other".to_owned(),
    };
    let free = |name: &String| !is_keyword(name) && !reserved.contains(name);
    if free(&base) {
        return base;
    }
    let suffixed = format!("{base}_");
    if free(&suffixed) {
        return suffixed;
    }
    (2u64..)
        .map(|n| format!("{base}_{n}"))
        .find(free)
        .unwrap_or(suffixed)
}

/// The module of the `k`-th further `impl` block (from 2) of a builder with many methods, a
/// sibling of its own module `bucket`: `workbook_functions_2`; a bucket's trailing `_` is
/// dropped first (`as_` → `as_2`, not `as__2`). No bucket ends in `_` and digits
/// ([`name_words`] keeps digits with their word, and the numbers of [`bucket_module_name`]
/// only follow a reserved name, which has no blocks), so none is called that.
pub fn block_module_name(bucket: &str, k: usize) -> String {
    format!("{}_{k}", bucket.trim_end_matches('_'))
}

/// The stem of a name derived from the type name `type_name`: the name without the `_` that
/// a keyword gets (`Self_` → `Self`), so that `Self_` + `Item` is `SelfItem`, not `Self_Item`
/// (which fails rustc's `non_camel_case_types`). A derived name that collides with a type's
/// own is numbered by the [`Namer`] of its scope.
fn derived_stem(type_name: &str) -> &str {
    unraw(type_name).trim_end_matches('_')
}

/// The `…Kind` enum of a polymorphic type called `type_name` (a name from [`type_name`]):
/// `DirectoryObject` → `DirectoryObjectKind`, `Self_` → `SelfKind`.
pub fn kind_enum_name(type_name: &str) -> String {
    format!("{}Kind", derived_stem(type_name))
}

/// The `…Field` enum (typed `$select`) of an entity type called `type_name`:
/// `AccessPackage` → `AccessPackageField`, `Self_` → `SelfField`.
pub fn field_enum_name(type_name: &str) -> String {
    format!("{}Field", derived_stem(type_name))
}

/// The item builder of an entity type called `type_name`: `AccessPackage` →
/// `AccessPackageItem`, `Self_` → `SelfItem`.
pub fn item_builder_name(type_name: &str) -> String {
    format!("{}Item", derived_stem(type_name))
}

/// The collection builder of an entity set (`groups` → `GroupsCollection`), or of a
/// navigation property `nav` of the entity type called `owner`
/// (`EntitlementManagement`, `accessPackages` → `EntitlementManagementAccessPackagesCollection`).
/// `Self` as either part loses its `_` (`SelfCollection`).
pub fn collection_builder_name(owner: Option<&str>, wire: &str) -> String {
    format!(
        "{}{}Collection",
        owner.map(derived_stem).unwrap_or_default(),
        derived_stem(&type_name(wire))
    )
}

/// The builder of a collection of the entity type called `type_name` reached by a type-cast
/// segment (`…/people/n.Manager`): `Manager` → `ManagerCastCollection`. One per derived type,
/// whichever collection it is cast from.
pub fn cast_collection_builder_name(type_name: &str) -> String {
    format!("{type_name}CastCollection")
}

/// The method that casts a builder to the derived entity type `wire` (its unqualified wire
/// name): `group` → `as_group`, `Manager` → `as_manager`; the same rules as [`method_name`].
pub fn cast_method_name(wire: &str) -> String {
    method_name(&format!("as_{wire}"))
}

/// The parameter struct of an operation called `op` (a name from [`method_name`]):
/// `get_applicable_policy_requirements` → `GetApplicablePolicyRequirementsParams`; with
/// `binding`, the name of its binding type, for when that name is taken:
/// `AccessPackageGetApplicablePolicyRequirementsParams`. `self_` gives `SelfParams`.
pub fn params_struct_name(op: &str, binding: Option<&str>) -> String {
    let stem = type_name(unraw(op));
    format!(
        "{}{}Params",
        binding.map(derived_stem).unwrap_or_default(),
        derived_stem(&stem)
    )
}

/// A method name made of several names and words (`get`, `with`, `self_`, `r#type`): their
/// words joined with `_` and checked like any other [`method_name`], so that no `__` comes
/// from a name's `_` suffix (`get_with_self_type`, not `get_with_self__type`) and no raw
/// name is glued in the middle.
pub fn joined_method_name(parts: &[&str]) -> String {
    let words: Vec<&str> = parts.iter().map(|p| unraw(p)).collect();
    method_name(&words.join(" "))
}

/// The constructor of an entity from its key, named after the key field (a Rust name from
/// [`field_name`]): `id` → `with_id`, `r#type` → `with_type`, `self_` → `with_self`; a
/// composite key (`None`) gives `with_key`.
///
/// Models have no other inherent methods, so the name cannot collide.
pub fn key_constructor_name(single_key_field: Option<&str>) -> String {
    match single_key_field {
        Some(field) => {
            let stem = unraw(field).trim_end_matches('_');
            format!("with_{}", stem.trim_start_matches('_'))
        }
        None => "with_key".to_owned(),
    }
}

/// snake_case name for a module (and so for its file): `identityGovernance` →
/// `identity_governance`.
///
/// Keywords get a `_` suffix instead of becoming raw, so file names stay plain: `type` →
/// `type_`, `self` → `self_`. Otherwise the same rules as [`field_name`].
pub fn module_name(wire: &str) -> String {
    let snake = snake(wire);
    if is_keyword(&snake) {
        format!("{snake}_")
    } else {
        snake
    }
}

/// De-duplicates names inside one scope (one struct's fields, one module's items, one
/// builder's methods).
///
/// The result depends only on the order of [`Namer::claim`] calls. Names are compared without
/// `r#`, so `r#type` and `type` collide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// An empty scope.
    pub fn new() -> Self {
        Self::default()
    }

    /// A scope in which `names` (identifiers the generator itself puts there, such as
    /// `additional_data` or `odata_type`) are already taken.
    pub fn with_reserved(names: &[&str]) -> Self {
        Namer {
            taken: names.iter().map(|n| unraw(n).to_owned()).collect(),
        }
    }

    /// Whether `name` (raw or not) is already taken in this scope.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }

    /// Gives back a name [`claim`](Self::claim) returned, for a scope that ends (the members
    /// of one type, when naming moves on to a sibling type).
    pub fn release(&mut self, name: &str) {
        self.taken.remove(unraw(name));
    }

    /// Claims `candidate` (a name produced by this module) and returns it, or, if it is taken,
    /// the first free of `candidate_2`, `candidate_3`, …
    ///
    /// UpperCamelCase candidates get the number without an underscore (`Foo2`); a raw candidate
    /// loses its `r#` when numbered (`r#type` → `type_2`); a candidate ending in `_` gets no
    /// second one (`self_` → `self_2`).
    pub fn claim(&mut self, candidate: String) -> String {
        let base = unraw(&candidate);
        if self.taken.insert(base.to_owned()) {
            return candidate;
        }
        let camel = base.chars().next().is_some_and(char::is_uppercase);
        let sep = if camel || base.ends_with('_') {
            ""
        } else {
            "_"
        };
        // `Self_` taken: `Self2`, since `Self_2` is not UpperCamelCase (rustc warns).
        let stem = if camel {
            base.trim_end_matches('_')
        } else {
            base
        };
        let mut n: u64 = 2;
        loop {
            let numbered = format!("{stem}{sep}{n}");
            if self.taken.insert(numbered.clone()) {
                return numbered;
            }
            n += 1;
        }
    }
}

/// Adds the `_` suffix to `self`, `Self`, `super`, `crate`, `_`; anything else is returned as
/// it is.
fn suffix_non_raw(name: String) -> String {
    if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        name + "_"
    } else {
        name
    }
}

/// snake_case words of `wire`, never empty, starting with a character that can start an
/// identifier. Not yet checked against keywords.
fn snake(wire: &str) -> String {
    let s = keep_ident_chars(&separate(wire).to_snake_case());
    match s.chars().next() {
        None => UNNAMED_SNAKE.to_owned(),
        // `_2` would be only underscores and digits (clippy's `just_underscores_and_digits`).
        Some(_) if s.chars().all(|c| c.is_ascii_digit() || c == '_') => format!("n{s}"),
        Some(c) if !is_ident_start(c) => format!("_{s}"),
        Some(_) => s,
    }
}

/// UpperCamelCase words of `wire`, never empty, with `prefix` when the first character
/// cannot start an identifier, and `Self` suffixed.
fn camel(wire: &str, prefix: char) -> String {
    let s = keep_ident_chars(&separate(wire).to_upper_camel_case());
    let s = match s.chars().next() {
        None => UNNAMED_CAMEL.to_owned(),
        Some(c) if !is_ident_start(c) => format!("{prefix}{s}"),
        Some(_) => s,
    };
    suffix_non_raw(s)
}

/// Replaces every character that cannot continue an identifier (or that rustc's
/// `uncommon_codepoints` lint rejects) with a space, which `heck` treats as a word boundary (as
/// it does `_`), after NFKC normalization: rustc compares identifiers in NFKC, and warns about
/// characters outside Unicode's General Security Profile, such as the ligature `ﬁ` (→ `fi`)
/// or `ǅ` (→ `Dž`), which NFKC replaces.
fn separate(wire: &str) -> String {
    wire.nfkc()
        .map(|c| if is_common_ident_continue(c) { c } else { ' ' })
        .collect()
}

/// Drops whatever case conversion left behind that cannot continue an identifier (a
/// safety net for exotic Unicode case mappings), after normalizing it to NFKC again.
fn keep_ident_chars(s: &str) -> String {
    s.nfkc().filter(|&c| is_common_ident_continue(c)).collect()
}

/// Whether `c` may continue an identifier without rustc's `uncommon_codepoints` warning:
/// XID_Continue and allowed by the General Security Profile (what that lint checks).
fn is_common_ident_continue(c: char) -> bool {
    is_ident_continue(c) && (c.is_ascii() || c.identifier_allowed())
}

/// Whether `c` may start an identifier (XID_Start or `_`).
fn is_ident_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        is_single_ident(&c.to_string())
    }
}

/// Whether `c` may continue an identifier (XID_Continue).
fn is_ident_continue(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        is_single_ident(&format!("a{c}"))
    }
}

/// Whether `s` lexes as exactly one identifier, spelled exactly as `s` (so whitespace that
/// the lexer would skip does not count). Uses the same Unicode tables as `rustc`.
fn is_single_ident(s: &str) -> bool {
    syn::parse_str::<proc_macro2::Ident>(s).is_ok_and(|i| i == s)
}

#[cfg(test)]
mod lint_tests;
#[cfg(test)]
mod tests;
