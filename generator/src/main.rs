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
    /// Download each profile's `source` URL into its first metadata file (a conditional
    /// request from graphgen.lock; the body must be CSDL or OpenAPI before it replaces the
    /// file) and record it in graphgen.lock. Run `generate` afterwards.
    Fetch(FetchArgs),
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
    /// Base URL of that profile (default: Graph's URL for --module).
    #[arg(long)]
    base_url: Option<String>,
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
    /// Output directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Package name of the generated crate.
    #[arg(long)]
    crate_name: Option<String>,
    /// Path from the generated crate to graphgen-runtime (default: a crates.io version).
    #[arg(long)]
    runtime_path: Option<String>,
    /// Leave out (with a warning) members whose types the metadata does not define,
    /// instead of failing: for metadata known to be incomplete.
    #[arg(long)]
    skip_unresolved: bool,
    /// Put each entity set and singleton behind a Cargo feature named like its `Client`
    /// method (`users`), plus `full` for all of them.
    #[arg(long)]
    root_features: bool,
    /// List each defect of the metadata itself that was worked around, not only their count.
    #[arg(long, short)]
    verbose: bool,
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
        if !o.include.is_empty() {
            p.include = o.include.clone();
        }
        if !o.types.is_empty() {
            p.types = o.types.clone();
        }
        p.exclude.extend(o.exclude.iter().cloned());
        if let Some(u) = &o.base_url {
            p.base_url = u.clone();
        }
        p.skip_unresolved |= o.skip_unresolved;
        p.root_features |= o.root_features;
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
        Command::Fetch(a) => {
            let options = graphgen::FetchOptions {
                timeout: std::time::Duration::from_secs(a.timeout),
                ..graphgen::FetchOptions::default()
            };
            for f in Config::from_toml_file(&a.config)?.fetch(&options)? {
                let what = match f.outcome {
                    graphgen::FetchOutcome::NotModified => "not modified".to_owned(),
                    graphgen::FetchOutcome::Unchanged => format!("{} bytes, unchanged", f.size),
                    _ => format!("{} bytes, updated; run `graphgen generate`", f.size),
                };
                eprintln!("{}: {} from {}: {what}", f.profile, f.path, f.url);
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

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
