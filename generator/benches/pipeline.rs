//! Release-mode benchmark of the whole pipeline on the full Graph v1.0 metadata:
//! `cargo bench -p graphgen --bench pipeline`. Numbers, not assertions.
//!
//! First end-to-end generation as `graphgen generate` does it (`Config::write_unless_fresh`
//! into an empty directory), with the peak memory of that generation; then unchanged re-runs:
//! forced (`--force`, `Config::write_stamped`: generates everything and compares) and with the
//! stamp (`Config::write_unless_fresh`), best of `GRAPHGEN_BENCH_RUNS` (3) runs each; then
//! generation in memory as a build script does it (`Config::generate`), best of as many, with
//! the time of each phase (parse, lower and select, plan, emit, render). `GRAPHGEN_BENCH_FILE`
//! picks another metadata file; `GRAPHGEN_BENCH_ROOT_FEATURES=1` generates with a Cargo
//! feature per root (`--root-features`). Last, the OpenAPI front-end on Graph's PowerShell
//! Identity.Governance document, against the same paths from the CSDL.
//!
//! It uses graphgen's public API only, so the numbers are what a user of it gets.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use graphgen::{Config, Layout, Profile, WriteOutcome, WriteReport};

/// The allocator the CLI uses (the `mimalloc` feature), so the numbers are the CLI's.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The process's peak resident memory (`VmHWM`), in MiB.
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Resets the peak to the current resident memory (Linux: `5` into `clear_refs`).
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The fastest of `runs` runs of `f`, with what that run gave (its own timings, where it
/// has some).
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best: Option<(Duration, T)> = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        let elapsed = t.elapsed();
        if best.as_ref().is_none_or(|(b, _)| elapsed < *b) {
            best = Some((elapsed, v));
        }
    }
    best.expect("runs > 0")
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let file = std::env::var_os("GRAPHGEN_BENCH_FILE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/metadata/v1.0/cleanMetadata.v1.0.xml")
        });
    if !file.exists() {
        println!("skipped: {} not found", file.display());
        return;
    }
    let runs = std::env::var("GRAPHGEN_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .filter(|&r| r > 0)
        .unwrap_or(3);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    println!(
        "input: {} ({threads} threads, best of {runs})",
        file.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default()
    );
    // Output directories are removed at the end only: creating files right after removing as
    // many makes ext4 search longer for free inodes, which would be counted as writing time.
    let scratch = std::env::temp_dir().join(format!("graphgen-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let mut config = Config::new();
    config.layout(Layout::Crate).out_dir(scratch.join("e2e"));
    config.rerun_if_changed = false;
    let mut profile = Profile::new("v1_0", &file);
    profile.root_features = std::env::var_os("GRAPHGEN_BENCH_ROOT_FEATURES").is_some();
    if profile.root_features {
        println!("(with a Cargo feature per root)");
    }
    config.profile(profile);
    end_to_end(&config, runs);
    in_memory(&config, runs);
    let _ = std::fs::remove_dir_all(&scratch);
    openapi(&file, runs);
}

/// The OpenAPI front-end on Graph's PowerShell Identity.Governance document (3.3 MB;
/// `GRAPHGEN_BENCH_OPENAPI` picks another): the whole document in memory, its parse rate, and
/// the same paths from the CSDL (`file`) for comparison.
fn openapi(csdl: &Path, runs: usize) {
    let file = std::env::var_os("GRAPHGEN_BENCH_OPENAPI")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../shared/openapi/identity-governance.v1.0.powershell.yml")
        });
    let Ok(text) = std::fs::read_to_string(&file) else {
        println!("skipped: {} not found", file.display());
        return;
    };
    let mb = text.len() as f64 / 1e6;
    println!(
        "\nOpenAPI: {} ({mb:.1} MB), best of {runs}",
        file.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default()
    );
    let mut config = Config::new();
    config.rerun_if_changed = false;
    config.cargo_warnings = false;
    config.profile(Profile::new("v1_0", &file));
    reset_peak_rss();
    let (total, g) = best(runs, || config.generate().expect("generates"));
    let peak = peak_rss_mib();
    let p = &g.profiles[0];
    println!(
        "  whole document: {:>7.1} ms = {} ({} types, {} paths, {} operations)",
        ms(total),
        phases(&g.timings),
        p.type_count,
        p.path_count,
        p.operation_count
    );
    println!(
        "  parse rate (YAML to OpenAPI tree to CSDL tree): {:.1} MB/s",
        mb / g.timings.parse.as_secs_f64()
    );
    if let Some(mib) = peak {
        println!("  peak memory of those runs {mib:.0} MiB");
    }
    // The same paths from the CSDL: one include pattern per path prefix of the document (its
    // first three segments, keys as `{id}`), read off the document's `paths` keys.
    let mut same = Profile::new("v1_0", csdl);
    for pattern in path_prefixes(&text) {
        same.include(&pattern);
    }
    let mut from_csdl = Config::new();
    from_csdl.rerun_if_changed = false;
    from_csdl.cargo_warnings = false;
    from_csdl.profile(same);
    let (csdl_total, g) = best(runs, || from_csdl.generate().expect("generates"));
    let p = &g.profiles[0];
    println!(
        "  the same paths from CSDL: {:>7.1} ms = {} ({} types, {} paths, {} operations)",
        ms(csdl_total),
        phases(&g.timings),
        p.type_count,
        p.path_count,
        p.operation_count
    );
    println!(
        "  OpenAPI / CSDL: {:.2}x",
        total.as_secs_f64() / csdl_total.as_secs_f64()
    );
}

/// Include patterns for the paths of an OpenAPI document: each `paths` key (an indented
/// line `  /a/b/c…:` or `  '/a/{x}/c…':`) cut to its first three segments, with keys written
/// `{id}`, and `/**` when it was longer.
fn path_prefixes(yaml: &str) -> std::collections::BTreeSet<String> {
    yaml.lines()
        .filter_map(|l| l.strip_prefix("  "))
        .filter_map(|l| l.trim_matches(['\'', ':']).strip_prefix('/'))
        .filter(|p| !p.starts_with(' '))
        .map(|p| {
            let segments: Vec<&str> = p.split('/').collect();
            let head: Vec<&str> = segments
                .iter()
                .take(3)
                .map(|s| if s.starts_with('{') { "{id}" } else { s })
                .collect();
            let tail = if segments.len() > 3 { "/**" } else { "" };
            format!("/{}{tail}", head.join("/"))
        })
        .collect()
}

/// The phases of a generation, as one line: `parse 1.0 + lower/select 2.0 + ...`.
fn phases(tm: &graphgen::Timings) -> String {
    format!(
        "parse {:.1} + lower/select {:.1} + plan {:.1} + emit {:.1} + render {:.1} + write {:.1} \
         + stamp {:.1}",
        ms(tm.parse),
        ms(tm.lower),
        ms(tm.plan),
        ms(tm.emit),
        ms(tm.render),
        ms(tm.write),
        ms(tm.stamp),
    )
}

/// `graphgen generate --metadata FILE --out DIR`, in process: into an empty directory, then
/// unchanged with `--force` and without.
fn end_to_end(config: &Config, runs: usize) {
    let dir = config.resolved_out_dir().expect("has an output directory");
    let line = |what: &str, total: Duration, g: &graphgen::Generated, report: &WriteReport| {
        println!(
            "{what}: {:>7.1} ms = {} ({} files written, {} unchanged)",
            ms(total),
            phases(&g.timings),
            report.written.len(),
            report.unchanged,
        );
    };
    println!("end to end, as `graphgen generate`:");
    reset_peak_rss();
    let t = Instant::now();
    let WriteOutcome::Written(g, report) = config.write_unless_fresh().expect("generates") else {
        panic!("{} was not empty", dir.display());
    };
    line("  into an empty directory", t.elapsed(), &g, &report);
    if let Some(mib) = peak_rss_mib() {
        println!("  peak memory of that generation {mib:.0} MiB");
    }
    drop(g);
    let (total, (g, report)) = best(runs, || config.write_stamped().expect("generates"));
    line("  unchanged, --force     ", total, &g, &report);
    drop(g);
    let (total, outcome) = best(runs, || config.write_unless_fresh().expect("checks"));
    let WriteOutcome::UpToDate(u) = outcome else {
        panic!("the stamp did not show the output up to date");
    };
    println!(
        "  unchanged, stamp       : {:>7.1} ms (stamp check {:.1} ms, {} files, nothing generated)",
        ms(total),
        ms(u.checked_in),
        u.files
    );
}

/// `Config::generate`, as a build script calls it: everything in memory, nothing written.
fn in_memory(config: &Config, runs: usize) {
    reset_peak_rss();
    let (total, g) = best(runs, || config.generate().expect("generates"));
    let p = &g.profiles[0];
    let files = &g.output.files;
    println!(
        "selection: {} types, {} paths, {} operations -> {} files, {} lines, {} MB",
        p.type_count,
        p.path_count,
        p.operation_count,
        files.len(),
        files.values().map(|t| t.lines().count()).sum::<usize>(),
        files.values().map(String::len).sum::<usize>() >> 20
    );
    println!(
        "in memory, as a build script: {:>7.1} ms = {}",
        ms(total),
        phases(&g.timings)
    );
    if let Some(mib) = peak_rss_mib() {
        println!("  peak memory of those runs {mib:.0} MiB");
    }
}
