//! The pipeline: parse, lower, select, emit — all in memory — then write.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::{Config, Layout, Profile};
use crate::crate_files::{self, CrateInfo, ExampleInfo, ProfileInfo};
use crate::csdl::syntax::Document;
use crate::emit;
use crate::error::{Diagnostic, Error, Result};
use crate::input::{self, Coverage};
use crate::ir::lower::{LowerOptions, lower_with};
use crate::ir::select::{SelectionConfig, select, select_by_root};
use crate::plan::{self, ProfileOptions};
use crate::write::{self, Drift, Output, WriteReport};

/// Time spent in each phase of a generation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Timings {
    /// Reading and parsing CSDL.
    pub parse: Duration,
    /// Lowering to the IR and selecting paths.
    pub lower: Duration,
    /// Planning every item of the output ([`crate::plan`]).
    pub plan: Duration,
    /// Emitting Rust tokens, and the crate's other files.
    pub emit: Duration,
    /// Formatting the tokens as Rust source (syn and prettyplease).
    pub render: Duration,
    /// Writing the output directory ([`Config::write`] and the like only).
    pub write: Duration,
    /// Fingerprinting the inputs, checking the stamp and recording it
    /// ([`Config::write_unless_fresh`] and [`Config::write_stamped`] only).
    pub stamp: Duration,
}

/// The result of a generation, in memory.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// Files by path relative to the output directory.
    pub output: Output,
    /// Problems that did not stop generation, profile by profile: the metadata's own
    /// defects that were worked around ([`Category::Metadata`], located in the file), then
    /// the patterns that do nothing ([`Category::Config`], naming the profile).
    ///
    /// [`Category::Metadata`]: crate::error::Category::Metadata
    /// [`Category::Config`]: crate::error::Category::Config
    pub warnings: Vec<Diagnostic>,
    /// Per-profile counts, in profile order.
    pub profiles: Vec<ProfileInfo>,
    /// Phase timings.
    pub timings: Timings,
}

/// Every profile of a configuration planned ([`Config::planned`]): each plan with what
/// generation reports of its profile, and the warnings and times planning gave.
#[derive(Debug)]
pub(crate) struct Planned {
    /// One per profile, in order.
    pub(crate) plans: Vec<(plan::Plan, ProfileInfo)>,
    /// The warnings and timings so far.
    pub(crate) generated: Generated,
}

impl Config {
    /// Generates everything into memory. Nothing is written.
    ///
    /// # Errors
    /// An invalid configuration ([`Config::validate`], checked before any metadata is read),
    /// unreadable or invalid metadata (with file, line, column and element), a selection that
    /// selects nothing or names unknown types, or an internal error.
    pub fn generate(&self) -> Result<Generated> {
        self.validate()?;
        self.generate_valid()
    }

    /// [`Config::generate`] of a configuration [`Config::validate`] accepted.
    fn generate_valid(&self) -> Result<Generated> {
        self.generate_from(None)
    }

    /// [`Config::generate_valid`], from the plans of `planned` when given (one per profile, in
    /// order) instead of planning again.
    fn generate_from(&self, planned: Option<Planned>) -> Result<Generated> {
        self.print_rerun_if_changed();
        let (mut g, plans) = match planned {
            Some(p) => (p.generated, p.plans),
            None => (Generated::default(), Vec::new()),
        };
        let mut ready = plans.into_iter();
        // Each profile's token tree is rendered and dropped before the next is emitted, so
        // only one lives at a time.
        for p in &self.profiles {
            let (tree, info) = match ready.next() {
                Some((plan, info)) => (Self::emit_plan(plan, &mut g)?, info),
                None => self.profile_tree(p, &mut g)?,
            };
            g.profiles.push(info);
            let t = Instant::now();
            match self.layout {
                Layout::SingleFile => {
                    let text = emit::render_single_file(&p.module, &tree)?;
                    g.output.insert(format!("{}.rs", p.module), text);
                }
                Layout::Crate => {
                    for (path, text) in tree.into_files("src", &p.module)? {
                        g.output.insert(path, text);
                    }
                }
            }
            g.timings.render += t.elapsed();
        }
        let t = Instant::now();
        match self.layout {
            Layout::SingleFile => {}
            Layout::Crate => {
                let examples = self.examples()?;
                let info = CrateInfo {
                    crate_name: self.crate_name.clone(),
                    version: self.version.clone(),
                    description: self.description.clone(),
                    runtime: self.runtime.clone(),
                    profiles: g.profiles.clone(),
                    examples: self.example_infos(&examples),
                };
                for (name, text) in examples {
                    g.output.insert(format!("examples/{name}"), text);
                }
                let features: Vec<(String, String)> = self
                    .profiles
                    .iter()
                    .map(|p| (p.module.clone(), p.module.clone()))
                    .collect();
                let docs = crate_files::lib_docs(&info)?;
                g.output
                    .insert("src/lib.rs", emit::lib_rs(&features, &docs)?);
                g.output
                    .insert("Cargo.toml", crate_files::cargo_toml(&info)?);
                g.output.insert("README.md", crate_files::readme(&info)?);
                g.output.insert(".gitignore", crate_files::gitignore()?);
            }
        }
        g.timings.emit += t.elapsed();
        Ok(g)
    }

    /// The example programs to copy (every `.rs` file under the examples folder, helper
    /// modules in subfolders included), by path relative to it with `/` separators, each with
    /// the generated marker on top (so a removed example's copy is cleaned up like any stale
    /// output), sorted by path.
    pub(crate) fn examples(&self) -> Result<Vec<(String, String)>> {
        let Some(dir) = &self.examples else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        let mut pending = vec![PathBuf::new()];
        while let Some(rel) = pending.pop() {
            let full = self.base_dir.join(dir).join(&rel);
            let io = |source| Error::Io {
                path: full.clone(),
                source,
            };
            for entry in std::fs::read_dir(&full).map_err(io)? {
                let entry = entry.map_err(io)?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let path = entry.path();
                if path.is_dir() {
                    pending.push(rel.join(&name));
                    continue;
                }
                if !name.ends_with(".rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })?;
                let shown = display_path(&dir.join(&rel).join(&name));
                out.push((
                    display_path(&rel.join(&name)),
                    format!(
                        "// {} Copied from `{shown}`.\n{text}",
                        crate::marker::GENERATED_MARKER
                    ),
                ));
            }
        }
        out.sort();
        Ok(out)
    }

    /// The examples as the manifest lists them: each top-level file is an example, and needs
    /// the feature of every profile whose module it names (`::beta`).
    fn example_infos(&self, examples: &[(String, String)]) -> Vec<ExampleInfo> {
        examples
            .iter()
            .filter_map(|(path, text)| {
                let name = path.strip_suffix(".rs").filter(|n| !n.contains('/'))?;
                let features = self
                    .profiles
                    .iter()
                    .filter(|p| text.contains(&format!("::{}", p.module)))
                    .map(|p| p.module.clone())
                    .collect();
                Some(ExampleInfo {
                    name: name.to_owned(),
                    features,
                })
            })
            .collect()
    }

    /// Plans every profile, as [`Config::generate`] would, without emitting anything: what
    /// the generated API of each profile module is (see [`Plan::dump`](crate::plan::Plan::dump)).
    ///
    /// # Errors
    ///
    /// As [`Config::generate`].
    pub fn plans(&self) -> Result<Vec<plan::Plan>> {
        Ok(self
            .planned()?
            .plans
            .into_iter()
            .map(|(plan, _)| plan)
            .collect())
    }

    /// Every profile planned, with what generating from the plans needs besides them, so
    /// that generating from them (as `graphgen update` does) plans nothing again.
    pub(crate) fn planned(&self) -> Result<Planned> {
        self.validate()?;
        let mut generated = Generated::default();
        let mut plans = Vec::new();
        for p in &self.profiles {
            plans.push(self.profile_plan(p, &mut generated)?);
        }
        Ok(Planned { plans, generated })
    }

    fn profile_tree(
        &self,
        p: &Profile,
        g: &mut Generated,
    ) -> Result<(crate::tokens::ModuleTree, ProfileInfo)> {
        let (plan, info) = self.profile_plan(p, g)?;
        Ok((Self::emit_plan(plan, g)?, info))
    }

    /// Emits `plan`, which is dropped as soon as its tokens exist.
    fn emit_plan(plan: plan::Plan, g: &mut Generated) -> Result<crate::tokens::ModuleTree> {
        let t = Instant::now();
        let tree = emit::emit_plan(&plan)?;
        drop(plan);
        g.timings.emit += t.elapsed();
        Ok(tree)
    }

    /// Parses, lowers, selects and plans one profile.
    fn profile_plan(&self, p: &Profile, g: &mut Generated) -> Result<(plan::Plan, ProfileInfo)> {
        let t = Instant::now();
        let (docs, coverage) = self.parse(p, g)?;
        g.timings.parse += t.elapsed();
        let t = Instant::now();
        let model = lower_with(
            &docs,
            LowerOptions {
                skip_unresolved: p.skip_unresolved,
            },
        )?;
        let selected = if p.root_features {
            select_by_root(&model, &SelectionConfig::from(p))
        } else {
            select(&model, &SelectionConfig::from(p)).map(|s| (s, Vec::new()))
        };
        let (sel, roots) = selected.map_err(|e| match e {
            Error::Selection(m) => Error::Selection(format!(
                "profile {} ({}): {m}",
                p.module,
                p.metadata
                    .iter()
                    .map(|m| display_path(m))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            e => e,
        })?;
        g.warnings.extend(model.warnings.iter().cloned());
        let scope = format!("profile {}", p.module);
        g.warnings.extend(
            sel.warnings
                .iter()
                .map(|w| Diagnostic::config(scope.clone(), w.to_string())),
        );
        g.timings.lower += t.elapsed();
        let t = Instant::now();
        let metadata = p
            .metadata
            .iter()
            .map(|m| display_path(m))
            .collect::<Vec<_>>()
            .join(", ");
        let conventions = p.url_conventions.resolve(
            &p.module,
            &model.main_namespace,
            model.key_as_segment,
            model.default_namespaces.contains(&model.main_namespace),
        )?;
        // Graph's service root is the default of Graph's documents only: a default client of
        // another service would send its token to Graph.
        let base_url = p.base_url.clone().or_else(|| {
            conventions
                .graph
                .then(|| crate::config::default_base_url(&p.module))
        });
        let doc = match (&base_url, conventions.graph) {
            (Some(url), true) => {
                format!(
                    "Microsoft Graph `{}` ({url}), generated from {metadata}.",
                    p.module
                )
            }
            (Some(url), false) => format!(
                "The `{}` OData service ({url}), generated from {metadata}.",
                model.main_namespace
            ),
            (None, _) => format!(
                "The `{}` OData service, generated from {metadata}. It has no default service \
                 root: give `Client::new` or `Client::builder` its URL.",
                model.main_namespace
            ),
        };
        let opts = ProfileOptions {
            module: p.module.clone(),
            base_url: base_url.clone(),
            conventions,
            doc,
        };
        let plan = plan::build(&model, &sel, &roots, &opts)?;
        g.timings.plan += t.elapsed();
        let info = ProfileInfo {
            module: p.module.clone(),
            feature: p.module.clone(),
            default: p.default,
            base_url,
            service: crate_files::service_name(conventions.graph, &model.main_namespace),
            metadata,
            type_count: sel.types.len(),
            path_count: sel.paths.len(),
            operation_count: sel.operations.len(),
            root_features: plan.features.clone(),
            example: crate_files::example_call(&plan),
            coverage,
        };
        Ok((plan, info))
    }

    /// Reads the profile's metadata files, each with the front-end its content needs, keeping
    /// the front-ends' warnings in `g`; with the operation coverage of its OpenAPI inputs.
    fn parse(&self, p: &Profile, g: &mut Generated) -> Result<(Vec<Document>, Option<Coverage>)> {
        let mut docs = Vec::new();
        let mut coverage: Option<Coverage> = None;
        // A file that does not read is reported with those after it: each file's first
        // syntax error, all in one run.
        let mut errors = Vec::new();
        for m in &p.metadata {
            let read = match input::read(&self.base_dir.join(m)) {
                Ok(read) => read,
                Err(e) if !e.diagnostics().is_empty() => {
                    errors.extend(e.diagnostics().iter().cloned());
                    continue;
                }
                Err(e) => return Err(e),
            };
            g.warnings.extend(read.warnings);
            if let Some(c) = read.coverage {
                coverage = Some(coverage.unwrap_or_default().add(c));
            }
            docs.push(read.document);
        }
        if !errors.is_empty() {
            return Err(Error::from_diagnostics(errors));
        }
        Ok((docs, coverage))
    }

    /// The output directory: `out_dir`, else `$OUT_DIR`.
    pub fn resolved_out_dir(&self) -> Result<PathBuf> {
        match &self.out_dir {
            Some(d) => Ok(d.clone()),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or_else(|| Error::InvalidConfig {
                    scope: "configuration".to_owned(),
                    message: "no out_dir set and $OUT_DIR is not set (not in a build script)"
                        .into(),
                }),
        }
    }

    /// Generates and writes the output, rewriting only files whose bytes changed and
    /// removing stale generated files. On any error nothing is written. Records no stamp
    /// (and removes one left by [`Config::write_stamped`]): build scripts have cargo's own
    /// fingerprints. With [`Config::cargo_warnings`] (on for build scripts), prints the
    /// warnings as `cargo:warning=` lines.
    ///
    /// # Errors
    /// As [`Config::generate`], plus I/O errors while writing.
    pub fn write(&self) -> Result<(Generated, WriteReport)> {
        self.validate()?;
        let (g, report) = self.write_with_stamp(None, None)?;
        if self.cargo_warnings {
            print!("{}", cargo_warnings(&g.warnings));
        }
        Ok((g, report))
    }

    /// What `graphgen generate` does: when the stamp in the output directory shows that
    /// nothing the output depends on has changed and the output is as it was written (the
    /// stamp records a fingerprint of the inputs and of each file), does nothing at all but
    /// bring the lock file up to date; otherwise as [`Config::write_stamped`].
    ///
    /// ```no_run
    /// let config = graphgen::Config::from_toml_file(std::path::Path::new("graphgen.toml"))?;
    /// match config.write_unless_fresh()? {
    ///     graphgen::WriteOutcome::UpToDate(u) => println!("up to date: {} files", u.files),
    ///     graphgen::WriteOutcome::Written(_, report) => println!("{} written", report.written.len()),
    /// }
    /// # Ok::<(), graphgen::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Config::write`].
    pub fn write_unless_fresh(&self) -> Result<WriteOutcome> {
        self.validate()?;
        let out = self.resolved_out_dir()?;
        let t = Instant::now();
        let inputs = self.fingerprint();
        if let Some(fresh) = inputs.and_then(|i| crate::stamp::fresh(&out, i)) {
            self.print_rerun_if_changed();
            // The output is fresh, but the lock may be missing or edited.
            self.update_lock()?;
            return Ok(WriteOutcome::UpToDate(UpToDate {
                files: fresh.files,
                warnings: fresh.warnings,
                checked_in: t.elapsed(),
            }));
        }
        let checked = t.elapsed();
        let (mut g, report) = self.write_with_stamp(inputs, None)?;
        self.update_lock()?;
        g.timings.stamp += checked;
        Ok(WriteOutcome::Written(Box::new(g), report))
    }

    /// What `graphgen generate --force` does: [`Config::write`], then records a stamp of
    /// the inputs and of the files written, so that the next [`Config::write_unless_fresh`]
    /// can skip an unchanged run. Then records the metadata files in the configuration's lock
    /// file ([`Config::lock`], `graphgen.lock`), when it has one and its bytes change.
    ///
    /// # Errors
    /// As [`Config::write`].
    pub fn write_stamped(&self) -> Result<(Generated, WriteReport)> {
        self.validate()?;
        self.write_stamped_from(None)
    }

    /// [`Config::write_stamped`] from the plans [`Config::planned`] made of this
    /// configuration (`graphgen update` planned them for its diff).
    #[cfg(feature = "fetch")]
    pub(crate) fn write_stamped_planned(
        &self,
        planned: Planned,
    ) -> Result<(Generated, WriteReport)> {
        self.write_stamped_from(Some(planned))
    }

    fn write_stamped_from(&self, planned: Option<Planned>) -> Result<(Generated, WriteReport)> {
        let t = Instant::now();
        let inputs = self.fingerprint();
        let checked = t.elapsed();
        let (mut g, report) = self.write_with_stamp(inputs, planned)?;
        self.update_lock()?;
        g.timings.stamp += checked;
        Ok((g, report))
    }

    /// The fingerprint the stamp records and compares (see [`crate::stamp`]): of this
    /// configuration, every metadata file and the examples copied. `None` when the examples
    /// cannot be read (generation then reports why).
    pub(crate) fn fingerprint(&self) -> Option<u128> {
        // Whether a foreign directory may be overwritten decides whether to write, not what is
        // written: `--force` once must not make every later run regenerate.
        let what = Config {
            overwrite: false,
            ..self.clone()
        };
        let examples = match self.layout {
            Layout::Crate => self.examples().ok()?,
            Layout::SingleFile => Vec::new(),
        };
        crate::stamp::fingerprint(&crate::stamp::Inputs {
            config: format!("{what:?}"),
            metadata: self
                .profiles
                .iter()
                .flat_map(|p| p.metadata.iter().map(|m| self.base_dir.join(m)))
                .collect(),
            examples,
        })
    }

    /// Generates, removes the old stamp, writes, and records a stamp of `inputs` (the
    /// fingerprint taken before generating, so an input changed meanwhile is not blessed).
    /// The configuration has been validated.
    fn write_with_stamp(
        &self,
        inputs: Option<u128>,
        planned: Option<Planned>,
    ) -> Result<(Generated, WriteReport)> {
        let out = self.resolved_out_dir()?;
        if !self.overwrite {
            self.check_ownership(&out)?;
        }
        let mut g = self.generate_from(planned)?;
        let t = Instant::now();
        crate::stamp::invalidate(&out)?;
        let report = write::write_tree(&out, &g.output)?;
        g.timings.write = t.elapsed();
        if let Some(inputs) = inputs {
            let t = Instant::now();
            crate::stamp::record(&out, inputs, &g.output, &g.warnings)?;
            g.timings.stamp += t.elapsed();
        }
        Ok((g, report))
    }

    /// Refuses an output directory that holds another crate or files graphgen did not write
    /// (see [`write::check_ownership`]), before anything is generated.
    fn check_ownership(&self, out: &Path) -> Result<()> {
        let modules: Vec<&str> = self.profiles.iter().map(|p| p.module.as_str()).collect();
        match self.layout {
            Layout::Crate => write::check_ownership(
                out,
                write::Expected::Crate {
                    name: &self.crate_name,
                    profiles: &modules,
                },
            ),
            Layout::SingleFile => {
                let files: Vec<PathBuf> = modules
                    .iter()
                    .map(|m| PathBuf::from(format!("{m}.rs")))
                    .collect();
                write::check_ownership(out, write::Expected::Files(&files))
            }
        }
    }

    /// Tells cargo to run the build script again when a metadata file changes (when
    /// [`Config::rerun_if_changed`] is on and the output goes to `$OUT_DIR`): printed by
    /// [`Config::generate`], and by [`Config::write_unless_fresh`] when it skips generating.
    fn print_rerun_if_changed(&self) {
        if self.rerun_if_changed && self.out_dir.is_none() {
            for p in &self.profiles {
                for m in &p.metadata {
                    println!("cargo:rerun-if-changed={}", self.base_dir.join(m).display());
                }
            }
        }
    }

    /// Generates in memory and compares with what is on disk: an empty list means the
    /// output directory is up to date.
    ///
    /// # Errors
    /// As [`Config::generate`], plus I/O errors while reading.
    pub fn check(&self) -> Result<(Generated, Vec<Drift>)> {
        self.validate()?;
        let out = self.resolved_out_dir()?;
        let g = self.generate_valid()?;
        let drifts = write::check_tree(&out, &g.output)?;
        Ok((g, drifts))
    }
}

/// What [`Config::write_unless_fresh`] did.
#[derive(Debug)]
pub enum WriteOutcome {
    /// The stamp showed the output up to date: nothing was generated or written.
    UpToDate(UpToDate),
    /// The output was generated and written, and a stamp recorded.
    Written(Box<Generated>, WriteReport),
}

/// An output directory that its stamp showed up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpToDate {
    /// How many generated files the stamp lists, all found with their recorded bytes.
    pub files: usize,
    /// The warnings the generation that wrote them gave (as [`Generated::warnings`]).
    pub warnings: Vec<Diagnostic>,
    /// How long fingerprinting the inputs and checking the stamp took.
    pub checked_in: Duration,
}

/// The `cargo:warning=` lines that show `warnings` in a build script: one per line of each
/// shown warning (cargo reads one line at a time), as
/// [`shown_warnings`](crate::error::shown_warnings) shows them.
fn cargo_warnings(warnings: &[Diagnostic]) -> String {
    let mut out = String::new();
    for shown in crate::error::shown_warnings(warnings, false, "`Generated::warnings` lists them") {
        for line in shown.lines() {
            out.push_str("cargo:warning=");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// A path as written in the configuration, with `/` separators; an absolute path is shown
/// by its file name only, so no machine's directory layout reaches the output.
fn display_path(p: &Path) -> String {
    match p.file_name() {
        Some(name) if p.is_absolute() => name.to_string_lossy().into_owned(),
        _ => p.to_string_lossy().replace('\\', "/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_scripts_get_each_warning_line_as_a_cargo_warning() {
        let src = "<a>\n  <b/>\n</a>";
        let defect = Diagnostic::new(
            Path::new("g.xml"),
            src,
            crate::error::pos_at(src, 6),
            "EntityType(b)",
            "an alternate key names a missing property",
        );
        let pattern = Diagnostic::config(
            "profile v1_0",
            "include pattern `/group/**` matches no path",
        );
        assert_eq!(
            cargo_warnings(&[defect.clone(), pattern, defect]),
            "cargo:warning=warning: profile v1_0: include pattern `/group/**` matches no path\n\
             cargo:warning=note: 2 defects in the metadata itself were worked around \
             (`Generated::warnings` lists them)\n"
        );
        let located = Diagnostic::config("profile v1_0", "x");
        let mut located_defect = Diagnostic::new(
            Path::new("g.xml"),
            src,
            crate::error::pos_at(src, 6),
            "E",
            "y",
        );
        located_defect.category = crate::error::Category::Config;
        let text = cargo_warnings(&[located, located_defect]);
        // A located warning spans its excerpt's lines: each is a cargo warning of its own.
        assert_eq!(text.lines().count(), 4, "{text}");
        assert!(
            text.lines().all(|l| l.starts_with("cargo:warning=")),
            "{text}"
        );
        assert!(cargo_warnings(&[]).is_empty());
    }

    #[test]
    fn every_metadata_file_that_does_not_read_is_reported_in_one_run() {
        let dir = tempfile::tempdir().unwrap();
        let head =
            "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n";
        let files = [
            (
                "a.xml",
                format!("{head}<edmx:DataServices>\n<x>\n</edmx:DataServices>"),
            ),
            ("b.xml", format!("{head}<edmx:DataServices/>\n</edmx:Edmx>")),
            ("c.xml", format!("{head}<!DOCTYPE x>")),
        ];
        for (name, text) in &files {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
        let mut p = Profile::new("v1_0", dir.path().join("a.xml"));
        p.metadata.push(dir.path().join("b.xml"));
        p.metadata.push(dir.path().join("c.xml"));
        let mut config = Config::new();
        config.rerun_if_changed = false;
        config.profile(p);
        let Err(Error::Many(errors)) = config.generate() else {
            panic!("expected an error per bad file");
        };
        let places: Vec<String> = errors
            .iter()
            .map(|d| {
                let name = d.file.file_name().unwrap().to_string_lossy();
                format!("{name}:{}", d.pos.line)
            })
            .collect();
        assert_eq!(places, ["a.xml:4", "c.xml:2"]);
        assert!(
            errors[0]
                .message
                .contains("`<x>` opened at 3:1 is not closed"),
            "{errors:?}"
        );
    }

    #[test]
    fn displayed_paths_are_relative_with_forward_slashes() {
        assert_eq!(
            display_path(Path::new("metadata/v1.0/a.xml")),
            "metadata/v1.0/a.xml"
        );
        assert_eq!(display_path(Path::new("/home/me/graph.xml")), "graph.xml");
    }
}
