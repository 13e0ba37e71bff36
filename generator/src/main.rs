//! `graphgen`: a thin command-line shell over [`graphgen::Config`].

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use graphgen::{Config, Diagnostic, Layout, Profile, RuntimeDep, WriteOutcome};

/// See the `mimalloc` feature in Cargo.toml.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generates Rust bindings for Microsoft Graph from OData CSDL metadata.
#[derive(Debug, Parser)]
#[command(name = "graphgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Regenerate the output crate (from graphgen.toml, or from --metadata); skipped when
    /// its stamp shows nothing changed since the last run. With graphgen.toml, also records
    /// the metadata's hashes in graphgen.lock beside it.
    Generate(GenerateOptions),
    /// Exit 1 with a diff summary when the output on disk is not what generation gives, or
    /// when a metadata file differs from graphgen.lock (with a configuration file).
    Check(Options),
    /// The changes of the generated crate's public API, each classified as breaking, additive
    /// or docs-only (exit 0 unless --deny says otherwise): between two metadata files, or,
    /// with none, between the configuration's metadata as git's --since revision holds it
    /// (checked against its graphgen.lock) and the working copy.
    Diff(DiffOptions),
    /// Download each profile's `source` URL into its first metadata file (a conditional
    /// request from graphgen.lock; the body must be CSDL or OpenAPI before it replaces the
    /// file) and record it in graphgen.lock. Run `generate` afterwards.
    Fetch(FetchArgs),
    /// Fetch, diff, regenerate, and add an entry to the generated crate's CHANGELOG.md
    /// (dated by the metadata, the API changes by semver class) with the version they call
    /// for; all of it, or (on any failure) none of it.
    Update(UpdateArgs),
}

#[derive(Debug, Args)]
struct UpdateArgs {
    #[command(flatten)]
    fetch: FetchArgs,
    /// Write the suggested version into graphgen.toml (and so the crate's Cargo.toml).
    #[arg(long)]
    bump: bool,
}

#[derive(Debug, Args)]
struct FetchArgs {
    /// The configuration file.
    #[arg(long, default_value = "graphgen.toml")]
    config: PathBuf,
    /// The most one source may take, in seconds, retries included.
    #[arg(long, default_value_t = 300)]
    timeout: u64,
}

impl FetchArgs {
    fn options(&self) -> graphgen::FetchOptions {
        graphgen::FetchOptions {
            timeout: std::time::Duration::from_secs(self.timeout),
            ..graphgen::FetchOptions::default()
        }
    }
}

#[derive(Debug, Args)]
struct DiffOptions {
    /// The old metadata file (CSDL or OpenAPI); without it, the configuration's metadata at
    /// the --since revision.
    #[arg(requires = "new")]
    old: Option<PathBuf>,
    /// The new metadata file.
    new: Option<PathBuf>,
    /// Module name of the profile of two files (as in the generated crate).
    #[arg(long, default_value = "v1_0")]
    module: String,
    /// The configuration file, without files.
    #[arg(long, default_value = "graphgen.toml", conflicts_with = "old")]
    config: PathBuf,
    /// The git revision whose metadata is the old side, without files.
    #[arg(long, default_value = "HEAD", conflicts_with = "old")]
    since: String,
    #[command(flatten)]
    selection: Selection,
    /// `markdown` (for a human or a pull-request comment) or `json` (for tools).
    #[arg(long, default_value = "markdown", value_parser = ["markdown", "json"])]
    format: String,
    /// Exit 1 when there is a change of this class (`breaking`).
    #[arg(long, value_parser = ["breaking"])]
    deny: Option<String>,
}

/// One side of a diff: the profile of `metadata` with the diff's selection.
fn diff_side(o: &DiffOptions, metadata: &std::path::Path) -> Config {
    let mut c = Config::new();
    c.rerun_if_changed = false;
    c.cargo_warnings = false;
    let mut p = Profile::new(&o.module, metadata);
    o.selection.apply(&mut p);
    c.layout(if o.selection.root_features {
        Layout::Crate
    } else {
        Layout::SingleFile
    });
    c.profile(p);
    c
}

#[derive(Debug, Args)]
struct GenerateOptions {
    #[command(flatten)]
    options: Options,
    /// Regenerate even when the output's stamp (.graphgen-stamp) shows it up to date, and
    /// write even into a directory that holds another crate or files graphgen did not write.
    #[arg(long)]
    force: bool,
}

#[derive(Debug, Args)]
struct Options {
    /// The configuration file (ignored when --metadata is given).
    #[arg(long, default_value = "graphgen.toml")]
    config: PathBuf,
    /// CSDL file(s) to generate from, instead of the configuration's profiles (needs --out:
    /// the configuration's output directory belongs to the configuration).
    #[arg(long, requires = "out")]
    metadata: Vec<PathBuf>,
    /// Module (and feature) name of the profile given by --metadata.
    #[arg(long, default_value = "v1_0")]
    module: String,
    /// Base URL of that profile (default: Graph's URL for --module when the metadata is
    /// Microsoft Graph's, none for another service).
    #[arg(long)]
    base_url: Option<String>,
    #[command(flatten)]
    selection: Selection,
    /// Output directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Package name of the generated crate.
    #[arg(long)]
    crate_name: Option<String>,
    /// Path from the generated crate to graphgen-runtime (default: a crates.io version).
    #[arg(long)]
    runtime_path: Option<String>,
    /// List each defect of the metadata itself that was worked around, not only their count.
    #[arg(long, short)]
    verbose: bool,
}

/// What to generate (or compare), shared by `generate`, `check` and `diff`.
#[derive(Debug, Args)]
struct Selection {
    /// Path globs to generate (replaces the configuration's), e.g. '/identityGovernance/**';
    /// a '#GET' or '#GET,POST' suffix selects only those HTTP methods.
    #[arg(long)]
    include: Vec<String>,
    /// Path globs to leave out (added to the configuration's), with the same optional
    /// method suffix, e.g. '/**#DELETE'.
    #[arg(long)]
    exclude: Vec<String>,
    /// A type to emit even when no selected path uses it (replaces the configuration's
    /// types), by qualified name or glob: 'microsoft.graph.user', 'microsoft.graph.security.*'.
    #[arg(long = "type", value_name = "NAME")]
    types: Vec<String>,
    /// Leave out (with a warning) members whose types the metadata does not define,
    /// instead of failing: for metadata known to be incomplete or defective (a structural
    /// property of an entity type is then kept, with a warning).
    #[arg(long)]
    skip_unresolved: bool,
    /// Put each entity set and singleton behind a Cargo feature named like its `Client`
    /// method (`users`), plus `full` for all of them.
    #[arg(long)]
    root_features: bool,
}

impl Selection {
    /// Applies the options to profile `p`: patterns and types replace its own (when given),
    /// excludes are added, the flags are turned on.
    fn apply(&self, p: &mut Profile) {
        if !self.include.is_empty() {
            p.include = self.include.clone();
        }
        if !self.types.is_empty() {
            p.types = self.types.clone();
        }
        p.exclude.extend(self.exclude.iter().cloned());
        p.skip_unresolved |= self.skip_unresolved;
        p.root_features |= self.root_features;
    }
}

fn config(o: &Options) -> graphgen::Result<Config> {
    let mut c = if o.metadata.is_empty() {
        Config::from_toml_file(&o.config)?
    } else {
        let mut c = Config::new();
        c.layout(Layout::Crate);
        c.rerun_if_changed = false;
        c.cargo_warnings = false;
        let mut p = Profile::new(&o.module, o.metadata[0].clone());
        p.metadata = o.metadata.clone();
        c.profile(p);
        c
    };
    for p in &mut c.profiles {
        o.selection.apply(p);
        if let Some(u) = &o.base_url {
            p.base_url = Some(u.clone());
        }
    }
    if let Some(out) = &o.out {
        c.out_dir(out.clone());
    }
    if let Some(n) = &o.crate_name {
        c.crate_name(n);
    }
    if let Some(r) = &o.runtime_path {
        c.runtime = RuntimeDep::Path(r.clone());
    }
    Ok(c)
}

/// Prints the warnings as [`graphgen::shown_warnings`] shows them.
fn print_warnings(warnings: &[Diagnostic], verbose: bool) {
    for line in graphgen::shown_warnings(warnings, verbose, "--verbose lists them") {
        eprintln!("{line}");
    }
}

fn run(cli: Cli) -> graphgen::Result<ExitCode> {
    match cli.command {
        Command::Generate(GenerateOptions { options: o, force }) => {
            let mut c = config(&o)?;
            c.overwrite = force;
            let (g, report) = if force {
                c.write_stamped()?
            } else {
                match c.write_unless_fresh()? {
                    WriteOutcome::Written(g, report) => (*g, report),
                    WriteOutcome::UpToDate(u) => {
                        eprintln!(
                            "up to date (stamp): {} files unchanged, checked in {} ms \
                             (--force regenerates)",
                            u.files,
                            u.checked_in.as_millis()
                        );
                        // As cargo replays a fresh crate's warnings: they still hold.
                        print_warnings(&u.warnings, o.verbose);
                        return Ok(ExitCode::SUCCESS);
                    }
                }
            };
            print_warnings(&g.warnings, o.verbose);
            for p in &g.profiles {
                eprintln!(
                    "{}: {} types, {} paths, {} operations",
                    p.module, p.type_count, p.path_count, p.operation_count
                );
                if let (Some(c), true) = (p.coverage, o.verbose) {
                    eprintln!(
                        "{}: OpenAPI operations covered: {} of {} (each other one is a warning \
                         that says why)",
                        p.module, c.covered, c.total
                    );
                }
            }
            eprintln!(
                "{} files written, {} unchanged, {} removed",
                report.written.len(),
                report.unchanged,
                report.removed.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Diff(o) => {
            let diff = match (&o.old, &o.new) {
                (Some(old), Some(new)) => {
                    graphgen::diff::diff_configs(&diff_side(&o, old), &diff_side(&o, new))?
                }
                _ => {
                    let mut c = Config::from_toml_file(&o.config)?;
                    for p in &mut c.profiles {
                        o.selection.apply(p);
                    }
                    graphgen::diff::diff_since(&c, &o.since)?
                }
            };
            if o.format == "json" {
                let text =
                    serde_json::to_string_pretty(&diff).map_err(|e| graphgen::Error::Io {
                        path: "<stdout>".into(),
                        source: std::io::Error::other(e),
                    })?;
                println!("{text}");
            } else {
                print!("{}", diff.markdown());
            }
            let denied = o.deny.is_some() && diff.count(graphgen::diff::Class::Breaking) > 0;
            Ok(if denied {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Fetch(a) => {
            for f in Config::from_toml_file(&a.config)?.fetch(&a.options())? {
                print_fetched(&f, "; run `graphgen generate`");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Update(a) => {
            let mut options = graphgen::UpdateOptions::default();
            options.fetch = a.fetch.options();
            options.bump = a.bump;
            let u = graphgen::update(&a.fetch.config, &options)?;
            for f in &u.fetched {
                print_fetched(f, "");
            }
            match (&u.suggested, &u.changelog_entry) {
                (Some(v), Some(entry)) => {
                    print!("{entry}");
                    let how = if u.bumped {
                        "written to graphgen.toml"
                    } else {
                        "--bump writes it"
                    };
                    eprintln!(
                        "{} files written; CHANGELOG.md has a new entry; version {} -> {v} ({how})",
                        u.written.written.len(),
                        u.version
                    );
                }
                _ => eprintln!("no metadata changed; nothing to add to the changelog"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(o) => {
            let c = config(&o)?;
            let (g, drifts) = c.check()?;
            let lock = c.check_lock()?;
            print_warnings(&g.warnings, o.verbose);
            for problem in &lock {
                println!("{problem}");
            }
            if drifts.is_empty() && lock.is_empty() {
                eprintln!("up to date");
                Ok(ExitCode::SUCCESS)
            } else {
                if !drifts.is_empty() {
                    println!("{}", graphgen::drift_summary(&drifts));
                }
                Ok(ExitCode::from(1))
            }
        }
    }
}

/// One line per source fetched, `then` after an updated one.
fn print_fetched(f: &graphgen::Fetched, then: &str) {
    let what = match f.outcome {
        graphgen::FetchOutcome::NotModified => "not modified".to_owned(),
        graphgen::FetchOutcome::Unchanged => format!("{} bytes, unchanged", f.size),
        _ => format!("{} bytes, updated{then}", f.size),
    };
    eprintln!("{}: {} from {}: {what}", f.profile, f.path, f.url);
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
