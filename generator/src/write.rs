//! Writing generated files to disk.
//!
//! Generation happens in memory, into an [`Output`] (relative path -> full text). This module is
//! the only place that touches the output directory:
//!
//! - [`write_tree`] writes only the files whose bytes changed (each atomically: a temporary file
//!   in the same directory, then a rename), and removes stale files graphgen owns.
//! - [`check_tree`] compares without writing, for `graphgen check` and freshness tests.
//!
//! A file is owned by graphgen iff its first line contains [`GENERATED_MARKER`]. Files without
//! it (hand-written ones) are never removed, and nothing under a `target/` or hidden directory
//! is looked at. The stamp ([`STAMP_FILE`]) is never owned, stale or compared.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::{self, Write as _};
use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Component, Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};
use crate::marker::{GENERATED_MARKER, STAMP_FILE};

mod guard;

pub use guard::{Expected, check_ownership};

/// How many lines of a unified diff a [`Drift`] keeps.
const MAX_DIFF_LINES: usize = 40;

/// How many bytes are read from a file to find its first line when deciding ownership.
const FIRST_LINE_LIMIT: u64 = 4096;

/// Generated files, in memory: relative path (with `/` separators) -> full text.
///
/// Ordered by path, so whatever is done with it never depends on the order files were
/// generated in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Relative path -> full text of the file.
    pub files: BTreeMap<PathBuf, String>,
}

impl Output {
    /// An empty output.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file, returning the text it replaces if the path was already there.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<String>) -> Option<String> {
        self.files.insert(path.into(), text.into())
    }
}

/// What writing the output did ([`crate::Config::write`] and the like). Paths are relative to
/// the output directory and sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files created or rewritten because their bytes differed.
    pub written: Vec<PathBuf>,
    /// How many files already had the right bytes and were left alone.
    pub unchanged: usize,
    /// Stale files removed: owned by graphgen but no longer generated.
    pub removed: Vec<PathBuf>,
}

/// How a file on disk differs from what would be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DriftKind {
    /// Generated, but not on disk.
    Missing,
    /// On disk with other bytes.
    Changed,
    /// On disk and owned by graphgen, but no longer generated.
    Stale,
}

impl fmt::Display for DriftKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            DriftKind::Missing => "missing",
            DriftKind::Changed => "changed",
            DriftKind::Stale => "stale",
        })
    }
}

/// One file whose disk state differs from the generated output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// Relative to the output directory.
    pub path: PathBuf,
    /// How it differs.
    pub kind: DriftKind,
    /// For [`DriftKind::Changed`], a unified diff from the disk to the generated text, cut to
    /// about 40 lines (with a note saying so); empty otherwise.
    pub diff: String,
}

/// Writes `output` under `out_dir`, rewriting only what changed and removing stale owned files.
///
/// Every path is validated before anything is written: it must be relative, made of plain
/// names only (no `..`, `.`, root or prefix), not be both a file and a directory, not pass
/// through a symbolic link under `out_dir`, and its text must have [`GENERATED_MARKER`] on
/// its first line (so that a later run recognises it as owned). A file in the output is
/// written even if the file it replaces has no marker.
///
/// Then, for each file whose bytes on disk differ, the text goes to a temporary file in the
/// same directory that is renamed over the target, so no reader sees a half-written file.
/// Finally, files under `out_dir` that carry the marker but are not in `output` are removed,
/// with the directories that removing them left empty. Files without the marker, and
/// everything under `target/` or hidden directories, are never touched.
///
/// # Errors
///
/// [`Error::Io`] for an invalid path (kind `InvalidInput`, nothing written) or a failed
/// filesystem operation, naming the path.
pub fn write_tree(out_dir: &Path, output: &Output) -> Result<WriteReport> {
    let files = validate(out_dir, output)?;
    let list: Vec<(&PathBuf, &str)> = files.iter().map(|(rel, text)| (rel, *text)).collect();
    let mut report = WriteReport::default();
    for part in in_parallel(&list, |part| write_changed(out_dir, part)) {
        let (written, unchanged) = part?;
        report.written.extend(written);
        report.unchanged += unchanged;
    }
    for rel in stale_files(out_dir, &files)? {
        let path = out_dir.join(&rel);
        fs::remove_file(&path).map_err(io_error(&path))?;
        remove_empty_parents(out_dir, &rel)?;
        report.removed.push(rel);
    }
    report.removed.sort();
    Ok(report)
}

/// Writes the files of `part` whose bytes differ on disk: the paths written, and how many
/// were unchanged.
fn write_changed(out_dir: &Path, part: &[(&PathBuf, &str)]) -> Result<(Vec<PathBuf>, usize)> {
    let mut written = Vec::new();
    let mut unchanged = 0;
    let mut buf = Vec::new();
    let mut made_dirs = BTreeSet::new();
    for &(rel, text) in part {
        let path = out_dir.join(rel);
        if has_bytes(&path, text.as_bytes(), &mut buf)? {
            unchanged += 1;
            continue;
        }
        if let Some(parent) = path.parent()
            && !made_dirs.contains(parent)
        {
            fs::create_dir_all(parent).map_err(io_error(parent))?;
            made_dirs.insert(parent.to_path_buf());
        }
        write_atomic(&path, text.as_bytes())?;
        written.push(rel.clone());
    }
    Ok((written, unchanged))
}

/// `work` over consecutive parts of `items`, one part per available thread, the results in
/// the order of the parts. Files are independent, and a sorted list keeps each thread mostly
/// in its own directories.
pub(crate) fn in_parallel<'a, T: Sync, R: Send>(
    items: &'a [T],
    work: impl Fn(&'a [T]) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    if threads < 2 || items.len() < 2 {
        return vec![work(items)];
    }
    let size = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = items
            .chunks(size)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// Compares `output` with what is under `out_dir`, without writing anything.
///
/// Reports generated files that are missing or have other bytes on disk (with a short
/// unified diff), and owned files that are no longer generated (stale), sorted by path. An
/// empty list means [`write_tree`] would change nothing.
///
/// # Errors
///
/// Like [`write_tree`]: an invalid path, or a file that cannot be read.
pub fn check_tree(out_dir: &Path, output: &Output) -> Result<Vec<Drift>> {
    let files = validate(out_dir, output)?;
    let list: Vec<(&PathBuf, &str)> = files.iter().map(|(rel, text)| (rel, *text)).collect();
    let mut drifts = Vec::new();
    for part in in_parallel(&list, |part| changed_files(out_dir, part)) {
        drifts.extend(part?);
    }
    for rel in stale_files(out_dir, &files)? {
        drifts.push(Drift {
            path: rel,
            kind: DriftKind::Stale,
            diff: String::new(),
        });
    }
    drifts.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(drifts)
}

/// The files of `part` that are missing or have other bytes on disk.
fn changed_files(out_dir: &Path, part: &[(&PathBuf, &str)]) -> Result<Vec<Drift>> {
    let mut drifts = Vec::new();
    let mut buf = Vec::new();
    for &(rel, text) in part {
        let path = out_dir.join(rel);
        if has_bytes(&path, text.as_bytes(), &mut buf)? {
            continue;
        }
        match read_if_exists(&path)? {
            None => drifts.push(Drift {
                path: rel.clone(),
                kind: DriftKind::Missing,
                diff: String::new(),
            }),
            Some(old) if old != text.as_bytes() => drifts.push(Drift {
                path: rel.clone(),
                kind: DriftKind::Changed,
                diff: short_diff(rel, &String::from_utf8_lossy(&old), text),
            }),
            Some(_) => {}
        }
    }
    Ok(drifts)
}

/// A human summary of what [`crate::Config::check`] found: counts, one line per file, then
/// the diffs.
pub fn drift_summary(drifts: &[Drift]) -> String {
    if drifts.is_empty() {
        return "generated files are up to date\n".to_owned();
    }
    let count = |kind| drifts.iter().filter(|d| d.kind == kind).count();
    let counts: Vec<String> = [DriftKind::Missing, DriftKind::Changed, DriftKind::Stale]
        .into_iter()
        .map(|kind| (kind, count(kind)))
        .filter(|&(_, n)| n > 0)
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect();
    let mut out = format!(
        "{} generated file{} out of date ({}):\n",
        drifts.len(),
        if drifts.len() == 1 { " is" } else { "s are" },
        counts.join(", ")
    );
    for d in drifts {
        let _ = writeln!(out, "  {:<8} {}", d.kind, slash_path(&d.path));
    }
    for d in drifts.iter().filter(|d| !d.diff.is_empty()) {
        out.push('\n');
        out.push_str(&d.diff);
        if !d.diff.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str("\nRun `cargo run -p graphgen -- generate` to update them.\n");
    out
}

/// Normalises and checks every output path (see [`write_tree`]), returning the files keyed by
/// their normalised paths.
fn validate<'a>(out_dir: &Path, output: &'a Output) -> Result<BTreeMap<PathBuf, &'a str>> {
    let invalid = |path: &Path, why: &str| Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, why.to_owned()),
    };
    let mut files = BTreeMap::new();
    for (path, text) in &output.files {
        let mut rel = PathBuf::new();
        for component in path.components() {
            match component {
                Component::Normal(name) => rel.push(name),
                _ => {
                    return Err(invalid(
                        path,
                        "output path must be relative and made of plain names \
                         (no `..`, `.`, root or drive)",
                    ));
                }
            }
        }
        if rel.as_os_str().is_empty() {
            return Err(invalid(path, "output path is empty"));
        }
        if !first_line(text.as_bytes()).contains(GENERATED_MARKER) {
            return Err(invalid(
                path,
                "generated text must have the @generated marker on its first line",
            ));
        }
        if files.insert(rel, text.as_str()).is_some() {
            return Err(invalid(path, "output has this path twice"));
        }
    }
    // Directories already seen not to be symbolic links: each is looked at once, not once per
    // file below it.
    let mut real_dirs = BTreeSet::new();
    for rel in files.keys() {
        if let Some(dir) = rel.ancestors().skip(1).find(|a| files.contains_key(*a)) {
            return Err(invalid(
                rel,
                &format!("{} is both a file and a directory", slash_path(dir)),
            ));
        }
        let mut at = out_dir.to_path_buf();
        let mut prefix = PathBuf::new();
        for component in rel.components() {
            at.push(component);
            prefix.push(component);
            if real_dirs.contains(&prefix) {
                continue;
            }
            match fs::symlink_metadata(&at) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Err(invalid(
                        &at,
                        "refusing to write through a symbolic link in the output directory",
                    ));
                }
                Ok(meta) => {
                    if meta.is_dir() {
                        real_dirs.insert(prefix.clone());
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::NotFound => break,
                Err(e) => return Err(io_error(&at)(e)),
            }
        }
    }
    Ok(files)
}

/// Whether the file at `path` holds exactly `bytes` (`false` if there is no such file). Reads
/// the file only when its size matches, into `buf` (reused from call to call).
fn has_bytes(path: &Path, bytes: &[u8], buf: &mut Vec<u8>) -> Result<bool> {
    let mut file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(io_error(path)(e)),
    };
    let meta = file.metadata().map_err(io_error(path))?;
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return Ok(false);
    }
    buf.clear();
    // One byte more than expected, so a file that grew since its size was read differs.
    (&mut file)
        .take(bytes.len() as u64 + 1)
        .read_to_end(buf)
        .map_err(io_error(path))?;
    Ok(buf.as_slice() == bytes)
}

/// The bytes of `path`, or `None` if there is no such file.
fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(io_error(path)(e)),
    }
}

/// Writes `bytes` to a new temporary file next to `path` and renames it over `path`.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let mut n = 0u32;
    let (tmp, mut file) = loop {
        let tmp = dir.join(format!(".{name}.graphgen-{}-{n}.tmp", std::process::id()));
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => break (tmp, file),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(io_error(&tmp)(e)),
        }
    };
    let written = file.write_all(bytes).and_then(|()| file.flush());
    drop(file);
    if let Err(e) = written.and_then(|()| fs::rename(&tmp, path)) {
        let _ = fs::remove_file(&tmp);
        return Err(io_error(path)(e));
    }
    Ok(())
}

/// Relative paths of the files under `out_dir` that graphgen owns (first line has the
/// marker) and that are not in `files`, as [`owned_files_except`] finds them.
fn stale_files(out_dir: &Path, files: &BTreeMap<PathBuf, &str>) -> Result<Vec<PathBuf>> {
    owned_files_except(out_dir, |rel| files.contains_key(rel))
}

/// Relative paths of the files under `out_dir` that graphgen owns (first line has the
/// marker) and for which `listed` is false, skipping symbolic links, `target/` and hidden
/// directories, and the stamp. Sorted. `listed` is asked about every plain file found, and
/// the files it lists are not opened.
pub(crate) fn owned_files_except(
    out_dir: &Path,
    mut listed: impl FnMut(&Path) -> bool,
) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    walk_files(out_dir, |rel, path| {
        if !listed(rel) && is_owned(path)? {
            stale.push(rel.to_path_buf());
        }
        Ok(())
    })?;
    stale.sort();
    Ok(stale)
}

/// Calls `visit` with the relative and full path of every plain file under `out_dir` that
/// writing may concern: symbolic links, `target/` and hidden directories, and the stamp are
/// skipped. A missing directory has no files.
pub(crate) fn walk_files(
    out_dir: &Path,
    mut visit: impl FnMut(&Path, &Path) -> Result<()>,
) -> Result<()> {
    let mut pending = vec![PathBuf::new()];
    while let Some(rel_dir) = pending.pop() {
        let dir = out_dir.join(&rel_dir);
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(io_error(&dir)(e)),
        };
        for entry in entries {
            let entry = entry.map_err(io_error(&dir))?;
            let name = entry.file_name();
            let rel = rel_dir.join(&name);
            let file_type = entry.file_type().map_err(io_error(&entry.path()))?;
            if file_type.is_dir() {
                let hidden = name.to_string_lossy().starts_with('.');
                if !hidden && name != "target" {
                    pending.push(rel);
                }
            } else if file_type.is_file() && !(rel_dir.as_os_str().is_empty() && name == STAMP_FILE)
            {
                visit(&rel, &entry.path())?;
            }
        }
    }
    Ok(())
}

/// Whether the first line of the file at `path` has the marker.
pub(crate) fn is_owned(path: &Path) -> Result<bool> {
    let mut head = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(FIRST_LINE_LIMIT).read_to_end(&mut head))
        .map_err(io_error(path))?;
    Ok(first_line(&head).contains(GENERATED_MARKER))
}

fn first_line(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    let end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end])
}

/// Removes the directories above `rel` (inside `out_dir`) that are now empty.
fn remove_empty_parents(out_dir: &Path, rel: &Path) -> Result<()> {
    for dir in rel.ancestors().skip(1) {
        if dir.as_os_str().is_empty() {
            break;
        }
        let path = out_dir.join(dir);
        let empty = fs::read_dir(&path)
            .map_err(io_error(&path))?
            .next()
            .is_none();
        if !empty {
            break;
        }
        fs::remove_dir(&path).map_err(io_error(&path))?;
    }
    Ok(())
}

/// A unified diff from `old` to `new`, cut to [`MAX_DIFF_LINES`] lines.
fn short_diff(rel: &Path, old: &str, new: &str) -> String {
    let name = slash_path(rel);
    let diff = similar::TextDiff::configure()
        .timeout(Duration::from_secs(2))
        .diff_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("a/{name} (on disk)"),
            &format!("b/{name} (generated)"),
        )
        .to_string();
    let total = text.lines().count();
    if total <= MAX_DIFF_LINES {
        return text;
    }
    let mut cut: String = text
        .lines()
        .take(MAX_DIFF_LINES)
        .flat_map(|line| [line, "\n"])
        .collect();
    let _ = writeln!(cut, "... diff cut: {} more lines", total - MAX_DIFF_LINES);
    cut
}

/// `path` with `/` separators, for messages.
fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn io_error(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(body: &str) -> String {
        format!("// {GENERATED_MARKER}\n{body}\n")
    }

    fn sample() -> Output {
        let mut out = Output::new();
        out.insert("Cargo.toml", format!("# {GENERATED_MARKER}\n[package]\n"));
        out.insert("src/lib.rs", rs("pub mod v1_0;"));
        out.insert("src/v1_0/mod.rs", rs("pub struct A;"));
        out.insert("src/v1_0/paths.rs", rs("pub struct P;"));
        out
    }

    fn p(s: &str) -> PathBuf {
        PathBuf::from(s)
    }

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(|s| p(s)).collect()
    }

    #[test]
    fn writes_everything_then_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = sample();
        let report = write_tree(dir.path(), &out).unwrap();
        assert_eq!(
            report.written,
            paths(&[
                "Cargo.toml",
                "src/lib.rs",
                "src/v1_0/mod.rs",
                "src/v1_0/paths.rs"
            ])
        );
        assert_eq!(report.unchanged, 0);
        for (rel, text) in &out.files {
            assert_eq!(&fs::read_to_string(dir.path().join(rel)).unwrap(), text);
        }
        let mtime = |rel: &str| {
            fs::metadata(dir.path().join(rel))
                .unwrap()
                .modified()
                .unwrap()
        };
        let before = mtime("src/lib.rs");

        let again = write_tree(dir.path(), &out).unwrap();
        assert_eq!(again.written, Vec::<PathBuf>::new());
        assert_eq!(again.removed, Vec::<PathBuf>::new());
        assert_eq!(again.unchanged, 4);
        assert_eq!(mtime("src/lib.rs"), before);
        assert!(check_tree(dir.path(), &out).unwrap().is_empty());
        // No temporary files left behind.
        let names: Vec<_> = fs::read_dir(dir.path().join("src"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn rewrites_only_the_changed_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = sample();
        write_tree(dir.path(), &out).unwrap();
        out.insert("src/v1_0/mod.rs", rs("pub struct B;"));
        let report = write_tree(dir.path(), &out).unwrap();
        assert_eq!(report.written, paths(&["src/v1_0/mod.rs"]));
        assert_eq!(report.unchanged, 3);
        assert_eq!(
            fs::read_to_string(dir.path().join("src/v1_0/mod.rs")).unwrap(),
            rs("pub struct B;")
        );
    }

    #[test]
    fn removes_stale_owned_files_and_empty_dirs_but_keeps_hand_written_ones() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut out = sample();
        out.insert("src/beta/mod.rs", rs("pub struct Old;"));
        write_tree(root, &out).unwrap();

        // Hand-written files (no marker on the first line), and owned-looking files in places
        // graphgen never looks, must all survive.
        fs::write(root.join("src/v1_0/notes.rs"), "// mine\n").unwrap();
        fs::write(
            root.join("src/v1_0/later.rs"),
            format!("// mine\n// {GENERATED_MARKER}\n"),
        )
        .unwrap();
        for hidden in ["target/debug", ".git", "src/.cache"] {
            fs::create_dir_all(root.join(hidden)).unwrap();
            fs::write(root.join(hidden).join("x.rs"), rs("")).unwrap();
        }

        out.files.remove(&p("src/beta/mod.rs"));
        out.files.remove(&p("src/v1_0/paths.rs"));
        let report = write_tree(root, &out).unwrap();
        assert_eq!(report.written, Vec::<PathBuf>::new());
        assert_eq!(
            report.removed,
            paths(&["src/beta/mod.rs", "src/v1_0/paths.rs"])
        );
        assert!(!root.join("src/beta").exists(), "empty dir left behind");
        assert!(!root.join("src/v1_0/paths.rs").exists());
        assert!(root.join("src/v1_0/mod.rs").exists());
        assert!(root.join("src/v1_0/notes.rs").exists());
        assert!(root.join("src/v1_0/later.rs").exists());
        for hidden in ["target/debug", ".git", "src/.cache"] {
            assert!(root.join(hidden).join("x.rs").exists(), "{hidden}");
        }
    }

    #[test]
    fn overwrites_a_hand_written_file_that_is_in_the_output() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("src")).unwrap();
        fs::write(dir.path().join("src/lib.rs"), "//! placeholder\n").unwrap();
        let report = write_tree(dir.path(), &sample()).unwrap();
        assert!(report.written.contains(&p("src/lib.rs")));
        assert_eq!(
            fs::read_to_string(dir.path().join("src/lib.rs")).unwrap(),
            rs("pub mod v1_0;")
        );
    }

    #[test]
    fn rejects_escaping_paths_before_writing_anything() {
        for bad in ["../x.rs", "src/../../x.rs", "/tmp/x.rs", "./x.rs", ""] {
            let dir = tempfile::tempdir().unwrap();
            let inner = dir.path().join("out");
            let mut out = sample();
            out.insert(bad, rs(""));
            let err = write_tree(&inner, &out).unwrap_err();
            match &err {
                Error::Io { source, .. } => {
                    assert_eq!(source.kind(), io::ErrorKind::InvalidInput, "{bad}: {err}")
                }
                other => panic!("{bad}: {other}"),
            }
            assert!(!inner.exists(), "{bad}: something was written");
            assert!(!dir.path().join("x.rs").exists());
            assert!(check_tree(&inner, &out).is_err(), "{bad}");
        }
    }

    #[test]
    fn rejects_text_without_marker_and_file_dir_clashes() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = sample();
        out.insert(
            "src/extra.rs",
            "pub struct X;\n// @generated by graphgen. Do not edit.\n",
        );
        assert!(write_tree(dir.path(), &out).is_err());

        let mut out = sample();
        out.insert("src/lib.rs/inner.rs", rs(""));
        assert!(write_tree(dir.path(), &out).is_err());

        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn refuses_to_write_through_a_symlink() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside");
        let out_dir = dir.path().join("out");
        fs::create_dir_all(&outside).unwrap();
        fs::create_dir_all(&out_dir).unwrap();
        std::os::unix::fs::symlink(&outside, out_dir.join("src")).unwrap();
        assert!(write_tree(&out_dir, &sample()).is_err());
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0);
    }

    #[test]
    fn check_tree_reports_each_kind_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let mut out = sample();
        write_tree(root, &out).unwrap();
        fs::write(root.join("src/stale.rs"), rs("pub struct Gone;")).unwrap();
        fs::write(root.join("src/hand.rs"), "pub struct Mine;\n").unwrap();
        fs::remove_file(root.join("src/v1_0/paths.rs")).unwrap();
        out.insert("src/v1_0/mod.rs", rs("pub struct B;"));

        let drifts = check_tree(root, &out).unwrap();
        let got: Vec<(&str, DriftKind)> = drifts
            .iter()
            .map(|d| (d.path.to_str().unwrap(), d.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("src/stale.rs", DriftKind::Stale),
                ("src/v1_0/mod.rs", DriftKind::Changed),
                ("src/v1_0/paths.rs", DriftKind::Missing),
            ]
        );
        let diff = &drifts[1].diff;
        assert!(diff.contains("-pub struct A;\n+pub struct B;\n"), "{diff}");
        assert!(diff.starts_with("--- a/src/v1_0/mod.rs"), "{diff}");
        assert!(drifts[0].diff.is_empty() && drifts[2].diff.is_empty());
        // Checking wrote nothing.
        assert!(!root.join("src/v1_0/paths.rs").exists());
        assert!(root.join("src/stale.rs").exists());

        let summary = drift_summary(&drifts);
        assert!(
            summary.starts_with(
                "3 generated files are out of date (1 missing, 1 changed, 1 stale):\n"
            ),
            "{summary}"
        );
        assert!(summary.contains("  stale    src/stale.rs\n"), "{summary}");
        assert!(
            summary.contains("  missing  src/v1_0/paths.rs\n"),
            "{summary}"
        );
        assert!(summary.contains("+pub struct B;"), "{summary}");
        assert_eq!(drift_summary(&[]), "generated files are up to date\n");
    }

    #[test]
    fn long_diffs_are_cut_with_a_note() {
        let old: String = (0..200).map(|i| format!("line {i}\n")).collect();
        let new: String = (0..200).map(|i| format!("LINE {i}\n")).collect();
        let diff = short_diff(Path::new("src/a.rs"), &old, &new);
        let lines: Vec<&str> = diff.lines().collect();
        assert_eq!(lines.len(), MAX_DIFF_LINES + 1, "{diff}");
        assert!(
            lines[MAX_DIFF_LINES].starts_with("... diff cut: "),
            "{diff}"
        );
    }
}
