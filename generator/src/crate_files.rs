//! The files of an emitted crate that are not Rust: `Cargo.toml`, `README.md` and the Markdown
//! of the crate-level docs.
//!
//! They are askama templates in the workspace's `templates/crate/` folder (found through
//! `generator/askama.toml`), rendered with no escaper: askama would HTML-escape them otherwise.
//! Values that need quoting for their format (TOML strings and keys, Markdown table cells) are
//! quoted here, in Rust, before they reach a template.

use std::path::Path;

use askama::Template;

use crate::config::RuntimeDep;
use crate::error::{Error, Result};
use crate::features::{
    DEFAULT_FEATURE, FORWARDED_FEATURES, FULL_FEATURE, MAX_FEATURES, RUNTIME_FEATURE,
    is_feature_name,
};
use crate::marker::{GENERATED_MARKER, STAMP_FILE};

mod example;

pub use example::{ExampleCall, example_call};

/// What the non-Rust files of an emitted crate say about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrateInfo {
    /// The package name, e.g. `graph-access-packages`.
    pub crate_name: String,
    /// The package version, e.g. `0.1.0`.
    pub version: String,
    /// One-line description of the crate (free text; quoted for TOML here).
    pub description: String,
    /// How the crate depends on `graphgen-runtime`.
    pub runtime: RuntimeDep,
    /// One entry per metadata profile (API version), in the order they are shown.
    pub profiles: Vec<ProfileInfo>,
    /// The crate's example programs (they get `tokio` as a dev-dependency).
    pub examples: Vec<ExampleInfo>,
}

/// One example program of an emitted crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleInfo {
    /// The example's name (its file name without `.rs`).
    pub name: String,
    /// The features it needs: those of the profiles whose module it names.
    pub features: Vec<String>,
}

/// One metadata profile (API version) of an emitted crate: a Cargo feature and a module.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProfileInfo {
    /// The Rust module that holds the profile, e.g. `v1_0`.
    pub module: String,
    /// The Cargo feature that compiles the module, e.g. `v1_0`.
    pub feature: String,
    /// Whether the feature is one of the crate's default features.
    pub default: bool,
    /// The service root requests go to, e.g. `https://graph.microsoft.com/v1.0`; `None` when
    /// the module has no default (a service that is not Microsoft Graph and whose profile names
    /// no `base_url`): its `Client` is always given one.
    pub base_url: Option<String>,
    /// What the profile's metadata describes, as the docs name it: `Microsoft Graph`, or
    /// ``the `n` OData service`` after the document's main namespace.
    pub service: String,
    /// Display name of the input file, relative (e.g. `metadata/v1.0.xml`): never an absolute
    /// path, so the output does not depend on where the workspace is checked out.
    pub metadata: String,
    /// How many types the profile generated.
    pub type_count: usize,
    /// How many URL paths the profile generated.
    pub path_count: usize,
    /// How many operations (requests) the profile generated.
    pub operation_count: usize,
    /// With root features on, the feature of each selected entity set and singleton
    /// (`users`), in metadata order; empty otherwise.
    pub root_features: Vec<String>,
    /// The request the crate docs' example sends when this is the example's profile; `None`
    /// for a selection without one.
    pub example: Option<ExampleCall>,
    /// For a profile read from OpenAPI descriptions: how many of their operations graphgen
    /// generates a request for (summed over the files); `None` for CSDL alone.
    pub coverage: Option<crate::input::Coverage>,
}

#[derive(Template)]
#[template(path = "crate/manifest.toml")]
struct ManifestTemplate<'a> {
    marker: &'a str,
    name: String,
    version: String,
    description: String,
    runtime: String,
    profiles: String,
    default_features: String,
    features: Vec<String>,
    full: String,
    root_features: Vec<String>,
    has_examples: bool,
    examples: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "crate/gitignore", escape = "none")]
struct GitignoreTemplate<'a> {
    marker: &'a str,
    stamp: &'a str,
}

#[derive(Template)]
#[template(path = "crate/readme.md")]
struct ReadmeTemplate<'a> {
    marker: &'a str,
    crate_name: &'a str,
    crate_ident: String,
    description: &'a str,
    /// What the crate binds: `Microsoft Graph`, or the services of its profiles.
    services: String,
    profiles: Vec<ProfileInfo>,
    default_features: String,
    example_feature: &'a str,
}

#[derive(Template)]
#[template(path = "crate/lib_docs.md")]
struct LibDocsTemplate<'a> {
    crate_ident: String,
    description: String,
    /// What the crate binds: `Microsoft Graph`, or the services of its profiles.
    services: String,
    /// The arguments of the example's `Client::builder(…)`: none with a default base URL, the
    /// service root from the environment without one.
    builder_args: &'a str,
    /// The environment variable the example reads its bearer token from.
    token_var: &'a str,
    profiles: &'a [ProfileInfo],
    /// The example's profile module; empty without profiles (and then no example).
    module: &'a str,
    example: Option<&'a ExampleCall>,
    /// What the example needs beyond the default features: `feature = "beta"`, or
    /// `all(feature = "v1_0", feature = "users")`.
    cfg: Option<String>,
}

/// Renders the emitted crate's `Cargo.toml`.
///
/// Its first line is `# @generated by graphgen. Do not edit.`; it has one feature per profile,
/// the default ones in `default`, and the dependencies of generated code with the versions of
/// graphgen's workspace spelled out, so the crate also builds outside the workspace.
///
/// # Errors
///
/// [`Error::InvalidConfig`] when a profile's feature is not a valid Cargo feature name, is one
/// the crate has anyway (`default`, `reqwest`, and `full` with root features), or is used
/// twice; when a root feature is not a valid name or clashes with another feature; when there
/// are more features than crates.io accepts; or when a profile's metadata name is an absolute
/// path. [`Error::Template`] if a template fails to render (a bug).
pub fn cargo_toml(info: &CrateInfo) -> Result<String> {
    validate(info)?;
    let runtime = match &info.runtime {
        RuntimeDep::Path(path) => format!(
            "{{ path = {}, default-features = false }}",
            toml_string(path)
        ),
        RuntimeDep::Version(version) => format!(
            "{{ version = {}, default-features = false }}",
            toml_string(version)
        ),
    };
    let template = ManifestTemplate {
        marker: GENERATED_MARKER,
        name: toml_string(&info.crate_name),
        version: toml_string(&info.version),
        description: toml_string(&info.description),
        runtime,
        profiles: info
            .profiles
            .iter()
            .map(|p| toml_string(&p.module))
            .collect::<Vec<_>>()
            .join(", "),
        default_features: {
            let profiles = default_features(info, toml_string);
            if profiles.is_empty() {
                toml_string(RUNTIME_FEATURE)
            } else {
                format!("{profiles}, {}", toml_string(RUNTIME_FEATURE))
            }
        },
        features: info.profiles.iter().map(|p| toml_key(&p.feature)).collect(),
        full: root_features(info)
            .iter()
            .map(|f| toml_string(f))
            .collect::<Vec<_>>()
            .join(", "),
        root_features: root_features(info).iter().map(|f| toml_key(f)).collect(),
        has_examples: !info.examples.is_empty(),
        examples: info
            .examples
            .iter()
            .map(|e| {
                let features: Vec<String> = e.features.iter().map(|f| toml_string(f)).collect();
                (toml_string(&e.name), features.join(", "))
            })
            .collect(),
    };
    render(&template, "Cargo.toml")
}

/// Renders the emitted crate's `.gitignore`: the marker line, and the stamp file
/// ([`STAMP_FILE`]) that `graphgen generate` leaves in the output directory,
/// which is local to a checkout.
///
/// # Errors
///
/// Only if the template fails to render.
pub fn gitignore() -> Result<String> {
    let template = GitignoreTemplate {
        marker: GENERATED_MARKER,
        stamp: STAMP_FILE,
    };
    render(&template, ".gitignore")
}

/// Renders the emitted crate's `README.md`: the marker comment on the first line, what the
/// crate was generated from (profiles, input files, counts), its features and how to
/// regenerate it.
///
/// The description is Markdown and is inserted as it is.
///
/// # Errors
///
/// Like [`cargo_toml`].
pub fn readme(info: &CrateInfo) -> Result<String> {
    validate(info)?;
    let profiles = info
        .profiles
        .iter()
        .map(|p| ProfileInfo {
            metadata: markdown_cell(&p.metadata),
            ..p.clone()
        })
        .collect();
    let template = ReadmeTemplate {
        marker: GENERATED_MARKER,
        crate_name: &info.crate_name,
        crate_ident: crate_ident(&info.crate_name),
        description: info.description.trim(),
        services: services(info),
        profiles,
        default_features: default_features(info, |f| format!("`{f}`")),
        example_feature: example_profile(info).map_or("", |p| p.feature.as_str()),
    };
    render(&template, "README.md")
}

/// Renders the Markdown of the emitted crate's crate-level docs, which the emitter turns into
/// `//!` lines: what the crate is, its features and modules, and an example that sends the
/// request of the example profile's [`ProfileInfo::example`] (or only builds its client). The
/// example is a `rust,no_run` doctest, so `cargo test --doc` compiles it; when it needs a
/// feature that is not on by default (its profile's, or its root's), its function is behind
/// that `#[cfg]`. It has no marker line (the Rust file it goes into has one).
///
/// The description is plain text made rustdoc-safe Markdown as the metadata's descriptions
/// are ([`description_markdown`](crate::naming::description_markdown): URLs become links,
/// what rustdoc would read as HTML tags or links is escaped, code blocks are `text`), so the
/// docs build with warnings denied.
///
/// # Errors
///
/// Like [`cargo_toml`].
pub fn lib_docs(info: &CrateInfo) -> Result<String> {
    validate(info)?;
    let profile = example_profile(info);
    let example = profile.and_then(|p| p.example.as_ref());
    let mut features: Vec<&str> = Vec::new();
    if let Some(p) = profile.filter(|p| !p.default) {
        features.push(&p.feature);
    }
    features.extend(example.and_then(|e| e.root_feature.as_deref()));
    let cfg = match features.as_slice() {
        [] => None,
        [one] => Some(format!("feature = {one:?}")),
        more => Some(format!(
            "all({})",
            more.iter()
                .map(|f| format!("feature = {f:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    };
    let default_url = profile.is_none_or(|p| p.base_url.is_some());
    let graph = profile.is_none_or(|p| p.service == GRAPH_SERVICE);
    let template = LibDocsTemplate {
        crate_ident: crate_ident(&info.crate_name),
        description: crate::naming::description_markdown(info.description.trim()),
        services: services(info),
        builder_args: if default_url {
            ""
        } else {
            "std::env::var(\"SERVICE_ROOT\").unwrap_or_default()"
        },
        token_var: if graph {
            "GRAPH_TOKEN"
        } else {
            "SERVICE_TOKEN"
        },
        profiles: &info.profiles,
        module: profile.map_or("", |p| p.module.as_str()),
        example,
        cfg,
    };
    render(&template, "lib docs")
}

/// [`ProfileInfo::service`] of a Microsoft Graph profile.
pub(crate) const GRAPH_SERVICE: &str = "Microsoft Graph";

/// What a profile of `main_namespace` binds, as the docs name it ([`ProfileInfo::service`]).
pub(crate) fn service_name(graph: bool, main_namespace: &str) -> String {
    if graph {
        GRAPH_SERVICE.to_owned()
    } else {
        format!("the `{main_namespace}` OData service")
    }
}

/// What the crate binds: the services of its profiles, each once, in profile order, joined
/// with `and` (`Microsoft Graph` for Graph's profiles alone).
fn services(info: &CrateInfo) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for p in &info.profiles {
        if !seen.contains(&p.service.as_str()) {
            seen.push(&p.service);
        }
    }
    if seen.is_empty() {
        return GRAPH_SERVICE.to_owned();
    }
    seen.join(" and ")
}

fn render(template: &impl Template, what: &str) -> Result<String> {
    let mut text = template.render().map_err(|e| Error::Template {
        file: what.to_owned(),
        message: e.to_string(),
    })?;
    if !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// Checks what the templates rely on, so that a bad configuration is reported by name rather
/// than by Cargo failing on the emitted crate.
fn validate(info: &CrateInfo) -> Result<()> {
    let fail = |message: String| {
        Err(Error::InvalidConfig {
            scope: "configuration".to_owned(),
            message,
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    for p in &info.profiles {
        if !is_feature_name(&p.feature) {
            return fail(format!(
                "`{}` is not a valid Cargo feature name (use letters, digits, `_`, `-`)",
                p.feature
            ));
        }
        if [DEFAULT_FEATURE, RUNTIME_FEATURE].contains(&p.feature.as_str())
            || FORWARDED_FEATURES.contains(&p.feature.as_str())
        {
            return fail(format!(
                "a profile's feature cannot be named `{}`: the crate has that feature already",
                p.feature
            ));
        }
        if !seen.insert(p.feature.as_str()) {
            return fail(format!("two profiles have the feature `{}`", p.feature));
        }
        for f in &p.root_features {
            if !is_feature_name(f) {
                return fail(format!(
                    "the root feature `{f}` of profile `{}` is not a valid Cargo feature name",
                    p.module
                ));
            }
        }
        if is_absolute(&p.metadata) {
            return fail(format!(
                "metadata name `{}` is absolute: generated files must not depend on where \
                 the workspace is, give a relative display name",
                p.metadata
            ));
        }
    }
    let roots = root_features(info);
    if !roots.is_empty() && info.profiles.iter().any(|p| p.feature == FULL_FEATURE) {
        return fail(format!(
            "a profile's feature cannot be named `{FULL_FEATURE}` with root features: it turns \
             them all on"
        ));
    }
    let fixed = [DEFAULT_FEATURE, RUNTIME_FEATURE, FULL_FEATURE];
    if let Some(clash) = roots.iter().find(|f| {
        fixed.contains(f)
            || FORWARDED_FEATURES.contains(f)
            || info.profiles.iter().any(|p| p.feature == **f)
    }) {
        return fail(format!(
            "the root feature `{clash}` has the name of another feature of the crate (`default`, \
             `{RUNTIME_FEATURE}`, `azure-identity`, `tracing`, `{FULL_FEATURE}` or a \
             profile's); turn root features off or \
             leave that root out"
        ));
    }
    // `default`, the profiles, `reqwest`, `azure-identity`, `tracing`, `full` and the roots.
    let count = 2
        + FORWARDED_FEATURES.len()
        + info.profiles.len()
        + usize::from(!roots.is_empty())
        + roots.len();
    if count > MAX_FEATURES {
        return fail(format!(
            "{count} Cargo features ({} root features), more than the {MAX_FEATURES} crates.io \
             accepts: select fewer roots, or turn root features off",
            roots.len()
        ));
    }
    Ok(())
}

fn is_absolute(name: &str) -> bool {
    let path = Path::new(name);
    let bytes = name.as_bytes();
    path.is_absolute()
        || path.has_root()
        || name.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

/// Every profile's root features, each once, sorted.
fn root_features(info: &CrateInfo) -> Vec<&str> {
    let set: std::collections::BTreeSet<&str> = info
        .profiles
        .iter()
        .flat_map(|p| p.root_features.iter().map(String::as_str))
        .collect();
    set.into_iter().collect()
}

/// The default features, each formatted by `quote`, joined with `, `.
fn default_features(info: &CrateInfo, quote: impl Fn(&str) -> String) -> String {
    info.profiles
        .iter()
        .filter(|p| p.default)
        .map(|p| quote(&p.feature))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The profile the examples use: the first default one, else the first one.
fn example_profile(info: &CrateInfo) -> Option<&ProfileInfo> {
    info.profiles
        .iter()
        .find(|p| p.default)
        .or_else(|| info.profiles.first())
}

/// The name of the crate in Rust code (`graph-access-packages` -> `graph_access_packages`).
fn crate_ident(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// A TOML basic string: `"` ... `"` with `\`, `"` and control characters escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it can be, quoted otherwise.
fn toml_key(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-'))
    {
        s.to_owned()
    } else {
        toml_string(s)
    }
}

/// Text for a Markdown table cell: `|` would end the cell and a line break the row.
fn markdown_cell(s: &str) -> String {
    s.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests;
