//! The configuration: what to generate, from which metadata, into where.
//!
//! [`Config`] is the one entry point shared by the CLI (`graphgen generate`, which reads it
//! from `graphgen.toml`) and by `build.rs` users (who build it with setters).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};
use crate::ir::select::SelectionConfig;

mod base_url;
mod conventions;
mod validate;

pub use conventions::{Conventions, Decided, KeyStyle, Qualification, UrlConventions};

/// How the output is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layout {
    /// A whole crate: `Cargo.toml`, `README.md`, `src/lib.rs` and one module tree per
    /// profile, in many small files.
    Crate,
    /// One self-contained file per profile (`<module>.rs`, all modules inline), for
    /// `include!` from a `build.rs` output directory.
    SingleFile,
}

/// How an emitted crate depends on `graphgen-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDep {
    /// A path relative to the emitted crate's folder, e.g. `../runtime`.
    Path(String),
    /// A version requirement from crates.io, e.g. `0.1`.
    Version(String),
}

/// One API version to generate: a module (and Cargo feature) from one or more CSDL files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// Module and feature name, e.g. `v1_0`.
    pub module: String,
    /// CSDL files, merged in order.
    pub metadata: Vec<PathBuf>,
    /// Service root for the module's `DEFAULT_BASE_URL`. `None` (the default): Microsoft
    /// Graph's service root for a Graph document (main namespace `microsoft.graph`;
    /// `https://graph.microsoft.com/<module>`, `v1_0` as `v1.0`), and no default at all for
    /// any other service, whose `Client` is then always given its URL (no `DEFAULT_BASE_URL`,
    /// no `with_default_base_url`).
    pub base_url: Option<String>,
    /// Whether the feature is on by default (crate layout only).
    pub default: bool,
    /// Path globs to generate, each optionally ending in `#GET` or `#GET,POST` (…) to
    /// select only those HTTP methods. None (and no `types`): everything.
    pub include: Vec<String>,
    /// Path globs to leave out, with the same optional method suffix.
    pub exclude: Vec<String>,
    /// Types to emit even when no selected path uses them: qualified names
    /// (`microsoft.graph.accessPackage`) or globs over them (`microsoft.graph.security.*`).
    pub types: Vec<String>,
    /// Leave out, with a warning, members whose types do not exist instead of failing
    /// (for metadata known to be incomplete or defective; a structural property of an
    /// entity type is then kept, with a warning). Off by default.
    pub skip_unresolved: bool,
    /// Put each selected entity set and singleton behind a Cargo feature named like its
    /// `Client` method (`users`, `identity_governance`), plus `full` for all of them, so a
    /// user of a whole-service crate compiles only the roots they use (crate layout only).
    /// Off by default.
    pub root_features: bool,
    /// Where the profile's metadata is published (`http` or `https`), such as
    /// `https://graph.microsoft.com/v1.0/$metadata`: what `graphgen fetch` downloads into the
    /// profile's **first** metadata file, and what `graphgen.lock` records as that file's
    /// source. The other files of a profile that lists several are local only. `None` by
    /// default.
    pub source: Option<String>,
    /// How URLs address keys and name bound operations and enum values; what it leaves
    /// `None` is decided from the metadata (see [`UrlConventions`]). All `None` by default.
    pub url_conventions: UrlConventions,
}

impl Profile {
    /// A profile named `module` reading `metadata`, with no base URL of its own (a Graph
    /// document then gets Graph's for that module name, `v1_0` ->
    /// `https://graph.microsoft.com/v1.0`, `beta` -> `.../beta`; any other service none) and
    /// URL conventions decided from the metadata.
    ///
    /// ```
    /// let p = graphgen::Profile::new("v1_0", "metadata/v1.0/access-packages.xml");
    /// assert_eq!(p.base_url, None);
    /// assert_eq!(p.url_conventions, graphgen::UrlConventions::default());
    /// ```
    pub fn new(module: &str, metadata: impl Into<PathBuf>) -> Profile {
        Profile {
            module: module.to_string(),
            metadata: vec![metadata.into()],
            base_url: None,
            default: true,
            include: Vec::new(),
            exclude: Vec::new(),
            types: Vec::new(),
            skip_unresolved: false,
            root_features: false,
            source: None,
            url_conventions: UrlConventions::default(),
        }
    }

    /// Adds an include glob.
    ///
    /// ```
    /// let mut p = graphgen::Profile::new("v1_0", "graph.xml");
    /// p.include("/groups/**");
    /// assert_eq!(p.include, ["/groups/**"]);
    /// ```
    pub fn include(&mut self, glob: &str) -> &mut Profile {
        self.include.push(glob.to_string());
        self
    }

    /// Adds an exclude glob.
    ///
    /// ```
    /// let mut p = graphgen::Profile::new("v1_0", "graph.xml");
    /// p.exclude("/groups/{id}/$ref");
    /// assert_eq!(p.exclude.len(), 1);
    /// ```
    pub fn exclude(&mut self, glob: &str) -> &mut Profile {
        self.exclude.push(glob.to_string());
        self
    }

    /// Adds a type root: a type emitted (with the types it needs) even when no selected
    /// path uses it, by qualified name or glob over qualified names.
    ///
    /// ```
    /// let mut p = graphgen::Profile::new("v1_0", "graph.xml");
    /// p.include("/users/{id}/messages#GET")
    ///     .include_type("microsoft.graph.security.*");
    /// assert_eq!(p.types, ["microsoft.graph.security.*"]);
    /// ```
    pub fn include_type(&mut self, name: &str) -> &mut Profile {
        self.types.push(name.to_string());
        self
    }
}

/// The profile's selection: its include and exclude patterns and its type roots.
impl From<&Profile> for SelectionConfig {
    fn from(p: &Profile) -> SelectionConfig {
        SelectionConfig {
            include: p.include.clone(),
            exclude: p.exclude.clone(),
            types: p.types.clone(),
        }
    }
}

/// `v1_0` -> `https://graph.microsoft.com/v1.0`; other names map to `.../<name>`.
pub fn default_base_url(module: &str) -> String {
    let version = if module == "v1_0" { "v1.0" } else { module };
    format!("https://graph.microsoft.com/{version}")
}

/// Everything a generation needs. Build it with setters, or read it from `graphgen.toml`
/// with [`Config::from_toml_file`].
///
/// ```no_run
/// // build.rs
/// let mut config = graphgen::Config::new();
/// config
///     .profile(graphgen::Profile::new("v1_0", "graph.xml"))
///     .layout(graphgen::Layout::SingleFile);
/// config.write().unwrap(); // writes $OUT_DIR/v1_0.rs
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Package name of the emitted crate.
    pub crate_name: String,
    /// Package version of the emitted crate.
    pub version: String,
    /// Package description.
    pub description: String,
    /// Where output goes; `None` means `$OUT_DIR` (build scripts).
    pub out_dir: Option<PathBuf>,
    /// How the emitted crate depends on `graphgen-runtime`.
    pub runtime: RuntimeDep,
    /// Profiles in order.
    pub profiles: Vec<Profile>,
    /// Output layout.
    pub layout: Layout,
    /// Directory that relative metadata paths are resolved against (the directory of
    /// `graphgen.toml`); names in the output stay relative to it.
    pub base_dir: PathBuf,
    /// Print `cargo:rerun-if-changed` for every input (on by default when `out_dir` is
    /// `$OUT_DIR`).
    pub rerun_if_changed: bool,
    /// Print the warnings of [`Config::write`] as `cargo:warning=` lines, which cargo shows
    /// when it builds the crate whose build script this is (on in [`Config::new`], for build
    /// scripts; off when read from `graphgen.toml`, whose CLI prints them itself). Shown as
    /// [`shown_warnings`](crate::error::shown_warnings) shows them: the metadata's own defects
    /// as one counting line.
    pub cargo_warnings: bool,
    /// A folder of hand-written example programs (`*.rs`, relative to `base_dir`) copied
    /// into the emitted crate's `examples/` (crate layout only), each behind a generated
    /// marker line; `graphgen.toml`'s `[crate] examples`.
    pub examples: Option<PathBuf>,
    /// Write even into an output directory that holds a crate generated for another crate
    /// name or other profiles, or files graphgen did not write (the CLI's `--force`). Off by
    /// default: such a directory is refused with [`Error::OutputInUse`], naming what is there.
    /// Files graphgen does not generate are never deleted either way.
    pub overwrite: bool,
    /// The lock file (`graphgen.lock`) that records the metadata generated from, with a hash
    /// of each file (see `lock.rs`): set by [`Config::from_toml_file`] to `graphgen.lock`
    /// next to `graphgen.toml`, since the lock belongs to a repository's configuration; `None`
    /// for build scripts ([`Config::new`]) and the CLI's one-off `--metadata` runs.
    /// [`Config::write_unless_fresh`] and [`Config::write_stamped`] (`graphgen generate`)
    /// update it, [`Config::check_lock`] (`graphgen check`) compares the files with it;
    /// [`Config::write`] never writes it (a build script leaves its source tree alone).
    pub lock: Option<PathBuf>,
}

impl Default for Config {
    fn default() -> Self {
        Config::new()
    }
}

impl Config {
    /// A configuration with no profiles, the single-file layout and output in `$OUT_DIR`,
    /// as a build script wants.
    ///
    /// ```
    /// let c = graphgen::Config::new();
    /// assert!(c.out_dir.is_none());
    /// ```
    pub fn new() -> Config {
        Config {
            crate_name: "graph".to_string(),
            version: "0.1.0".to_string(),
            description: "Microsoft Graph bindings generated by graphgen".to_string(),
            out_dir: None,
            runtime: RuntimeDep::Version("0.1".to_string()),
            profiles: Vec::new(),
            layout: Layout::SingleFile,
            base_dir: PathBuf::new(),
            rerun_if_changed: true,
            cargo_warnings: true,
            examples: None,
            overwrite: false,
            lock: None,
        }
    }

    /// Adds a profile.
    ///
    /// ```
    /// let mut c = graphgen::Config::new();
    /// c.profile(graphgen::Profile::new("beta", "beta.xml"));
    /// assert_eq!(c.profiles[0].module, "beta");
    /// ```
    pub fn profile(&mut self, profile: Profile) -> &mut Config {
        self.profiles.push(profile);
        self
    }

    /// Sets the output directory.
    ///
    /// ```
    /// let mut c = graphgen::Config::new();
    /// c.out_dir("/tmp/out");
    /// assert_eq!(c.out_dir.as_deref(), Some(std::path::Path::new("/tmp/out")));
    /// ```
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Config {
        self.out_dir = Some(dir.into());
        self
    }

    /// Sets the output layout.
    ///
    /// ```
    /// let mut c = graphgen::Config::new();
    /// c.layout(graphgen::Layout::Crate);
    /// assert_eq!(c.layout, graphgen::Layout::Crate);
    /// ```
    pub fn layout(&mut self, layout: Layout) -> &mut Config {
        self.layout = layout;
        self
    }

    /// Sets the emitted crate's package name.
    ///
    /// ```
    /// let mut c = graphgen::Config::new();
    /// c.crate_name("my-graph");
    /// assert_eq!(c.crate_name, "my-graph");
    /// ```
    pub fn crate_name(&mut self, name: &str) -> &mut Config {
        self.crate_name = name.to_string();
        self
    }

    /// Reads `graphgen.toml`. Relative paths in it are relative to its directory.
    ///
    /// ```toml
    /// [crate]
    /// name = "graph-access-packages"
    /// version = "0.1.0"
    /// description = "..."
    /// out_dir = "generated"
    /// runtime_path = "../runtime"   # or runtime_version = "0.1"
    ///
    /// [[profile]]
    /// module = "v1_0"
    /// metadata = ["metadata/v1.0/access-packages.xml"]
    /// include = ["/identityGovernance/entitlementManagement/accessPackages/**"]
    /// # include = ["/users/{id}/messages#GET"]: only those HTTP methods
    /// # types = ["microsoft.graph.security.*"]: emitted even when no path uses them
    /// # exclude = [...]; base_url = "..."; default = true; skip_unresolved = false
    /// # base_url: left out, Graph's for a Graph document and none for another service
    /// # url_conventions = { key = "parentheses", operations = "qualified", enums = "qualified" }:
    /// #   each one left out is decided from the metadata (see the README's URL conventions)
    /// # root_features = true: a Cargo feature per entity set and singleton
    /// # source = "https://graph.microsoft.com/v1.0/$metadata": what `graphgen fetch`
    /// #   downloads into the first metadata file
    /// ```
    ///
    /// The configuration's lock file is `graphgen.lock` beside it ([`Config::lock`]).
    pub fn from_toml_file(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Config::from_toml_str(&text, path, &base)
    }

    /// Parses the text of a `graphgen.toml` (see [`Config::from_toml_file`]); `path` is
    /// used in error messages and `base_dir` resolves relative paths.
    pub fn from_toml_str(text: &str, path: &Path, base_dir: &Path) -> Result<Config> {
        let file: TomlFile = toml::from_str(text).map_err(|e| Error::Config {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let bad = |message: String| Error::Config {
            path: path.to_path_buf(),
            message,
        };
        let runtime = match (file.krate.runtime_path, file.krate.runtime_version) {
            (Some(p), None) => RuntimeDep::Path(p),
            (None, Some(v)) => RuntimeDep::Version(v),
            (None, None) => RuntimeDep::Version("0.1".to_string()),
            (Some(_), Some(_)) => {
                return Err(bad(
                    "set one of `runtime_path` and `runtime_version`, not both".into(),
                ));
            }
        };
        let mut profiles = Vec::new();
        for p in file.profile {
            profiles.push(Profile {
                base_url: p.base_url,
                module: p.module,
                metadata: p.metadata.into_iter().map(PathBuf::from).collect(),
                default: p.default.unwrap_or(true),
                include: p.include,
                exclude: p.exclude,
                types: p.types,
                skip_unresolved: p.skip_unresolved,
                root_features: p.root_features,
                source: p.source,
                url_conventions: p.url_conventions.unwrap_or_default(),
            });
        }
        Ok(Config {
            crate_name: file.krate.name,
            version: file.krate.version.unwrap_or_else(|| "0.1.0".to_string()),
            description: file
                .krate
                .description
                .unwrap_or_else(|| "Microsoft Graph bindings generated by graphgen".to_string()),
            out_dir: Some(
                base_dir.join(
                    file.krate
                        .out_dir
                        .unwrap_or_else(|| "generated".to_string()),
                ),
            ),
            runtime,
            profiles,
            layout: Layout::Crate,
            base_dir: base_dir.to_path_buf(),
            rerun_if_changed: false,
            cargo_warnings: false,
            examples: file.krate.examples.map(PathBuf::from),
            overwrite: false,
            lock: Some(base_dir.join(crate::marker::LOCK_FILE)),
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlFile {
    #[serde(rename = "crate")]
    krate: TomlCrate,
    #[serde(default)]
    profile: Vec<TomlProfile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlCrate {
    name: String,
    version: Option<String>,
    description: Option<String>,
    out_dir: Option<String>,
    runtime_path: Option<String>,
    runtime_version: Option<String>,
    examples: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TomlProfile {
    module: String,
    metadata: Vec<String>,
    base_url: Option<String>,
    default: Option<bool>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    types: Vec<String>,
    #[serde(default)]
    skip_unresolved: bool,
    #[serde(default)]
    root_features: bool,
    source: Option<String>,
    url_conventions: Option<UrlConventions>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_file() {
        let text = r#"
[crate]
name = "g"
out_dir = "out"
runtime_path = "../runtime"

[[profile]]
module = "v1_0"
metadata = ["a.xml", "b.xml"]
include = ["/x/**#GET"]
types = ["microsoft.graph.user", "microsoft.graph.security.*"]

[[profile]]
module = "beta"
metadata = ["c.xml"]
default = false
base_url = "https://x.example/odata"
url_conventions = { key = "parentheses", enums = "unqualified" }
"#;
        let c = Config::from_toml_str(text, Path::new("graphgen.toml"), Path::new("/w")).unwrap();
        assert_eq!(c.out_dir.as_deref(), Some(Path::new("/w/out")));
        assert_eq!(c.runtime, RuntimeDep::Path("../runtime".into()));
        assert_eq!(c.profiles.len(), 2);
        assert_eq!(c.profiles[0].base_url, None);
        assert_eq!(
            c.profiles[1].base_url.as_deref(),
            Some("https://x.example/odata")
        );
        assert_eq!(c.profiles[0].url_conventions, UrlConventions::default());
        assert_eq!(
            c.profiles[1].url_conventions,
            UrlConventions {
                key: Some(KeyStyle::Parentheses),
                operations: None,
                enums: Some(Qualification::Unqualified),
            }
        );
        assert!(!c.profiles[1].default);
        assert_eq!(c.layout, Layout::Crate);
        let s = SelectionConfig::from(&c.profiles[0]);
        assert_eq!(s.include, ["/x/**#GET"]);
        assert_eq!(
            s.types,
            ["microsoft.graph.user", "microsoft.graph.security.*"]
        );
        assert!(c.profiles[1].types.is_empty());
    }

    #[test]
    fn unknown_keys_are_errors_naming_the_file_and_bad_values_fail_validation() {
        let e = Config::from_toml_str(
            "[crate]\nname='g'\nnope=1\n",
            Path::new("g.toml"),
            Path::new(""),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("g.toml: "), "{e}");
        assert!(e.contains("nope"), "{e}");
        let e = Config::from_toml_str(
            "[crate]\nname='g'\nruntime_path='r'\nruntime_version='1'\n",
            Path::new("g.toml"),
            Path::new(""),
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("g.toml: set one of"), "{e}");
        // What the file says is checked with the rest of the configuration, by `validate`,
        // wherever the configuration came from.
        let c = Config::from_toml_str(
            "[crate]\nname='g'\n[[profile]]\nmodule='V1.0'\nmetadata=['a']\n",
            Path::new("g.toml"),
            Path::new(""),
        )
        .unwrap();
        let e = c.validate().unwrap_err().to_string();
        assert!(e.starts_with("profile `V1.0`: "), "{e}");
        let c = Config::from_toml_str("[crate]\nname='g'\n", Path::new("g.toml"), Path::new(""))
            .unwrap();
        assert!(matches!(c.validate(), Err(Error::InvalidConfig { .. })));
    }

    #[test]
    fn url_conventions_take_known_values_only() {
        let read = |table: &str| {
            let text = format!(
                "[crate]\nname='g'\n[[profile]]\nmodule='p'\nmetadata=['a']\n\
                 url_conventions = {table}\n"
            );
            Config::from_toml_str(&text, Path::new("g.toml"), Path::new(""))
        };
        let c = read("{ key = 'segment', operations = 'qualified' }").unwrap();
        assert_eq!(c.profiles[0].url_conventions.key, Some(KeyStyle::Segment));
        assert_eq!(
            c.profiles[0].url_conventions.operations,
            Some(Qualification::Qualified)
        );
        for (bad, names) in [
            ("{ key = 'brackets' }", "brackets"),
            ("{ operations = 'Qualified' }", "Qualified"),
            ("{ keys = 'segment' }", "keys"),
        ] {
            let e = read(bad).unwrap_err().to_string();
            assert!(e.starts_with("g.toml: "), "{e}");
            assert!(e.contains(names), "{bad}: {e}");
        }
    }
}
