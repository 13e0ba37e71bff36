//! Release-mode benchmark of the whole pipeline on the full Graph v1.0 metadata:
//! `cargo bench -p graphgen --bench pipeline`. Numbers, not assertions.
//!
//! First end-to-end generation as `graphgen generate` does it (`Config::write_unless_fresh`
//! into an empty directory), with the peak memory of that generation; then unchanged re-runs:
//! forced (`--force`, `Config::write_stamped`: generates everything and compares) and with the
//! stamp (`Config::write_unless_fresh`), best of `GRAPHGEN_BENCH_RUNS` (3) runs each; then
//! each phase on its own, best of as many. `GRAPHGEN_BENCH_FILE` picks
//! another metadata file; `GRAPHGEN_BENCH_DETAIL=1` adds a breakdown of rendering on one
//! thread (CPU time of each step); `GRAPHGEN_BENCH_ROOT_FEATURES=1` generates end to end with a
//! Cargo feature per root (`--root-features`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use graphgen::emit::{self, ModuleTree};
use graphgen::ir::{lower::lower, select};
use graphgen::plan::ProfileOptions;
use graphgen::write::{Output, WriteReport, write_tree};
use graphgen::{Config, Layout, Profile, WriteOutcome};

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
    end_to_end(&file, runs, &scratch.join("e2e"));
    phases(&file, runs, &scratch.join("phases"));
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `graphgen generate --metadata FILE --out DIR`, in process: into an empty directory, then
/// unchanged with `--force` and without.
fn end_to_end(file: &Path, runs: usize, dir: &Path) {
    let mut config = Config::new();
    config.layout(Layout::Crate).out_dir(dir);
    config.rerun_if_changed = false;
    let mut profile = Profile::new("v1_0", file);
    profile.root_features = std::env::var_os("GRAPHGEN_BENCH_ROOT_FEATURES").is_some();
    if profile.root_features {
        println!("(with a Cargo feature per root)");
    }
    config.profile(profile);
    let line = |what: &str, total: Duration, g: &graphgen::Generated, report: &WriteReport| {
        let tm = g.timings;
        println!(
            "{what}: {:>7.1} ms = parse {:.1} + lower/select {:.1} + emit {:.1} + render {:.1} \
             + write {:.1} + stamp {:.1} ({} files written, {} unchanged)",
            ms(total),
            ms(tm.parse),
            ms(tm.lower),
            ms(tm.emit),
            ms(tm.render),
            ms(tm.write),
            ms(tm.stamp),
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

/// Each phase on its own, best of `runs`.
fn phases(file: &Path, runs: usize, dir: &Path) {
    let (parse, doc) = best(runs, || graphgen::csdl::parse_file(file).expect("parses"));
    let docs = [doc];
    let (lower_t, model) = best(runs, || lower(&docs).expect("lowers"));
    let (select_t, sel) = best(runs, || {
        select::select(&model, &select::SelectionConfig::default()).expect("selects")
    });
    let opts = ProfileOptions {
        module: "v1_0".into(),
        base_url: "https://graph.microsoft.com/v1.0".into(),
        doc: "Microsoft Graph v1.0.".into(),
    };
    let (emit_t, tree) = best(runs, || {
        emit::emit_profile(&model, &sel, &opts).expect("emits")
    });
    if std::env::var_os("GRAPHGEN_BENCH_DETAIL").is_some() {
        render_detail(&tree);
    }
    let (render_t, files) = best(runs, || {
        emit::render_files("src", "v1_0", &tree).expect("renders")
    });
    let t = Instant::now();
    drop(tree);
    let free_t = t.elapsed();
    let mut output = Output::new();
    let mut lines = 0;
    for (p, text) in files {
        lines += text.lines().count();
        output.insert(p, text);
    }
    let t = Instant::now();
    let first = write_tree(dir, &output).expect("writes");
    let write_t = t.elapsed();
    let (rewrite_t, second) = best(runs, || write_tree(dir, &output).expect("writes"));
    println!(
        "selection: {} types, {} paths, {} operations -> {} files, {} lines, {} MB",
        sel.types.len(),
        sel.paths.len(),
        sel.operations.len(),
        output.files.len(),
        lines,
        output.files.values().map(String::len).sum::<usize>() >> 20
    );
    println!("parse   {:>9.1} ms", ms(parse));
    println!("lower   {:>9.1} ms", ms(lower_t));
    println!("select  {:>9.1} ms", ms(select_t));
    println!("emit    {:>9.1} ms (tokens)", ms(emit_t));
    println!("render  {:>9.1} ms (syn + prettyplease)", ms(render_t));
    println!("free    {:>9.1} ms (dropping the token tree)", ms(free_t));
    println!(
        "write   {:>9.1} ms ({} files written)",
        ms(write_t),
        first.written.len()
    );
    println!(
        "rewrite {:>9.1} ms ({} files written, {} unchanged: unchanged output)",
        ms(rewrite_t),
        second.written.len(),
        second.unchanged
    );
    let total = parse + lower_t + select_t + emit_t + render_t + free_t + write_t;
    println!("total   {:>9.1} ms", ms(total));
    if let Some(mib) = peak_rss_mib() {
        println!("peak memory of the whole benchmark {mib:.0} MiB");
    }
}

/// CPU time of this thread (Linux), immune to other processes' load.
fn thread_cpu() -> Duration {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .map_or(Duration::ZERO, Duration::from_nanos)
}

/// What rendering costs, step by step, on one thread.
fn render_detail(tree: &ModuleTree) {
    fn walk<'a>(t: &'a ModuleTree, out: &mut Vec<&'a ModuleTree>) {
        out.push(t);
        for c in t.children.values() {
            walk(c, out);
        }
    }
    let mut modules = Vec::new();
    walk(tree, &mut modules);
    let step = |t: &mut Duration| {
        let now = thread_cpu();
        let d = now - *t;
        *t = now;
        ms(d)
    };
    let mut t = thread_cpu();
    // The items are text already (emit prints the tokens); this is a copy.
    let texts: Vec<String> = modules.iter().map(|m| m.items.clone()).collect();
    let to_string = step(&mut t);
    let tokens: Vec<proc_macro2::TokenStream> =
        texts.iter().map(|s| s.parse().expect("lexes")).collect();
    let lex = step(&mut t);
    let files: Vec<syn::File> = tokens
        .into_iter()
        .map(|ts| syn::parse2(ts).expect("parses"))
        .collect();
    let parse = step(&mut t);
    let printed: Vec<String> = files.iter().map(prettyplease::unparse).collect();
    let print = step(&mut t);
    drop(files);
    let free = step(&mut t);
    println!(
        "render detail (CPU ms, one thread): copy {to_string:.1} ({} MB), lex {lex:.1}, \
         syn parse {parse:.1}, prettyplease {print:.1} ({} MB), drop syn {free:.1}",
        texts.iter().map(String::len).sum::<usize>() >> 20,
        printed.iter().map(String::len).sum::<usize>() >> 20,
    );
}
