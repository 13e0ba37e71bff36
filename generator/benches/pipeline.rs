//! Release-mode benchmark of the whole pipeline on the full Graph v1.0 metadata:
//! `cargo bench -p graphgen --bench pipeline`. Prints per-phase wall time (best of a few
//! runs) and the process's peak memory. Numbers, not assertions: see the closing notes.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use graphgen::emit::{self, ProfileOptions};
use graphgen::ir::{lower::lower, select};
use graphgen::write::{Output, write_tree};

fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed());
        last = Some(v);
    }
    (best, last.expect("runs > 0"))
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
    let runs = 3;
    let (parse, doc) = best(runs, || graphgen::csdl::parse_file(&file).expect("parses"));
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
    let (render_t, files) = best(runs, || {
        emit::render_files("src", "v1_0", &tree).expect("renders")
    });
    let mut output = Output::new();
    let mut lines = 0;
    for (p, text) in files {
        lines += text.lines().count();
        output.insert(p, text);
    }
    let dir = std::env::temp_dir().join(format!("graphgen-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let t = Instant::now();
    let first = write_tree(&dir, &output).expect("writes");
    let write_t = t.elapsed();
    let t = Instant::now();
    let second = write_tree(&dir, &output).expect("writes");
    let rewrite_t = t.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "input: {}",
        file.file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default()
    );
    println!(
        "selection: {} types, {} paths, {} operations -> {} files, {} lines",
        sel.types.len(),
        sel.paths.len(),
        sel.operations.len(),
        output.files.len(),
        lines
    );
    println!("parse   {:>9.1} ms", parse.as_secs_f64() * 1e3);
    println!("lower   {:>9.1} ms", lower_t.as_secs_f64() * 1e3);
    println!("select  {:>9.1} ms", select_t.as_secs_f64() * 1e3);
    println!("emit    {:>9.1} ms (tokens)", emit_t.as_secs_f64() * 1e3);
    println!(
        "render  {:>9.1} ms (syn + prettyplease)",
        render_t.as_secs_f64() * 1e3
    );
    println!(
        "write   {:>9.1} ms ({} files written)",
        write_t.as_secs_f64() * 1e3,
        first.written.len()
    );
    println!(
        "rewrite {:>9.1} ms ({} files written, unchanged input)",
        rewrite_t.as_secs_f64() * 1e3,
        second.written.len()
    );
    let total = parse + lower_t + select_t + emit_t + render_t + write_t;
    println!("total   {:>9.1} ms", total.as_secs_f64() * 1e3);
    if let Some(mib) = peak_rss_mib() {
        println!("peak memory {mib:.0} MiB");
    }
}
