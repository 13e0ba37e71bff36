//! The input stamp, which lets an unchanged re-run skip generation, like make's and cargo's
//! fingerprints.
//!
//! [`Config::write_unless_fresh`] (what `graphgen generate` runs) and
//! [`Config::write_stamped`] (`--force`) leave [`STAMP_FILE`] in the output directory after
//! writing. It records:
//!
//! - a fingerprint of everything the output depends on: graphgen's version; the running
//!   executable (path, size, modification time and, on Unix, device and inode: rebuilding
//!   graphgen, or whatever program links it, relinks it and so changes them); the whole
//!   [`Config`] (its `Debug` text, so fields added later are covered without being listed
//!   here); and the bytes of every metadata file and of every example program copied;
//! - the content hash of every file written, and the warnings the generation gave, each
//!   with its category and every field (a skipped run gives them back as they were, so the
//!   CLI shows them as a full run does, as cargo replays the warnings of a fresh crate).
//!
//! The output is fresh when the fingerprint is the same, every recorded file is there as a
//! plain file with the recorded bytes, and no other file graphgen owns (first line has the
//! marker) has appeared. Generating again would then write and remove nothing, so it is
//! skipped. Contents are hashed, not compared by time: an edit is found even when it keeps
//! the size and modification time, and a `touch` alone regenerates nothing.
//!
//! The stamp is removed before any file is written and written last, atomically, so a failed
//! or interrupted write never leaves one that looks fresh. It holds only hashes and
//! relative paths, but some of them are of this machine (the executable), so it is not
//! output: it carries no marker, [`crate::write`] never counts it as stale or compares it,
//! and the repository ignores it.
//!
//! [`Config`]: crate::Config
//! [`Config::write_unless_fresh`]: crate::Config::write_unless_fresh
//! [`Config::write_stamped`]: crate::Config::write_stamped

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{self, Read as _};
use std::path::{Component, Path, PathBuf};
use std::time::UNIX_EPOCH;

use xxhash_rust::xxh3::{Xxh3Default, xxh3_128};

use crate::error::{Category, Diagnostic, Error, Pos, Result};
use crate::marker::STAMP_FILE;
use crate::write::{self, Output};

/// The first line of a stamp. A stamp in any other format is never fresh. (2: warnings as
/// printed; 3: warnings field by field, with their category.)
const HEADER: &str = "graphgen stamp 3";

/// What a fresh stamp says about the output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fresh {
    /// How many generated files it lists (all checked).
    pub files: usize,
    /// The warnings the generation that wrote them gave.
    pub warnings: Vec<Diagnostic>,
}

/// What a generation's output depends on besides graphgen itself, as plain data: the
/// stamp reads no configuration, only this.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Inputs {
    /// The configuration as text (its `Debug`, so that fields added later are covered
    /// without being listed), without what decides only whether to write.
    pub config: String,
    /// Every metadata file, as the path it is read from, in the order read.
    pub metadata: Vec<PathBuf>,
    /// Every example program copied, by its path in the output, with its text.
    pub examples: Vec<(String, String)>,
}

/// The fingerprint of `inputs` and of the running graphgen (see the module docs), or `None`
/// when a metadata file cannot be read (generation then reports why) or the executable
/// cannot be identified; without a fingerprint nothing is ever fresh.
pub(crate) fn fingerprint(inputs: &Inputs) -> Option<u128> {
    let mut f = Fields(Xxh3Default::new());
    f.field(env!("CARGO_PKG_VERSION").as_bytes());
    f.field(&executable()?);
    f.field(inputs.config.as_bytes());
    for path in &inputs.metadata {
        f.field(path.as_os_str().as_encoded_bytes());
        f.field(&fs::read(path).ok()?);
    }
    for (path, text) in &inputs.examples {
        f.field(path.as_bytes());
        f.field(text.as_bytes());
    }
    Some(f.0.digest128())
}

/// A hasher fed length-prefixed fields, so that no two lists of fields hash alike by
/// moving bytes from one field to the next.
struct Fields(Xxh3Default);

impl Fields {
    fn field(&mut self, bytes: &[u8]) {
        self.0.update(&(bytes.len() as u64).to_le_bytes());
        self.0.update(bytes);
    }
}

/// The running executable's path, size and modification time, and on Unix its device and
/// inode. On Linux they are read through `/proc/self/exe`, which is the file actually
/// running even after a rebuild replaced it on disk.
fn executable() -> Option<Vec<u8>> {
    let path = std::env::current_exe().ok()?;
    let meta = if cfg!(target_os = "linux") {
        fs::metadata("/proc/self/exe").ok()?
    } else {
        fs::metadata(&path).ok()?
    };
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let mut id = path.into_os_string().into_encoded_bytes();
    id.extend(meta.len().to_le_bytes());
    id.extend(mtime.as_nanos().to_le_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        id.extend(meta.dev().to_le_bytes());
        id.extend(meta.ino().to_le_bytes());
    }
    Some(id)
}

/// Whether the stamp in `out_dir` records the fingerprint `inputs` and the directory still
/// holds what was recorded: every listed file as a plain file with its bytes, and no other
/// owned file. Anything unreadable or malformed counts as not fresh.
pub(crate) fn fresh(out_dir: &Path, inputs: u128) -> Option<Fresh> {
    let text = fs::read_to_string(out_dir.join(STAMP_FILE)).ok()?;
    let stamp = Stamp::parse(&text)?;
    if stamp.inputs != inputs {
        return None;
    }
    let listed: BTreeSet<&Path> = stamp.files.iter().map(|(p, _)| p.as_path()).collect();
    if listed.len() != stamp.files.len() {
        return None;
    }
    let mut seen = 0;
    let others = write::owned_files_except(out_dir, |rel| {
        let is_listed = listed.contains(rel);
        seen += usize::from(is_listed);
        is_listed
    })
    .ok()?;
    if !others.is_empty() || seen != listed.len() {
        return None;
    }
    let same = write::in_parallel(&stamp.files, |part| {
        let mut buf = Vec::new();
        part.iter()
            .all(|(rel, hash)| read_into(&out_dir.join(rel), &mut buf) && xxh3_128(&buf) == *hash)
    });
    same.into_iter().all(|s| s).then_some(Fresh {
        files: stamp.files.len(),
        warnings: stamp.warnings,
    })
}

/// Reads the file at `path` into `buf`; false if it cannot be read.
fn read_into(path: &Path, buf: &mut Vec<u8>) -> bool {
    buf.clear();
    fs::File::open(path)
        .and_then(|mut f| f.read_to_end(buf))
        .is_ok()
}

/// Records a stamp in `out_dir` for the fingerprint `inputs`, the `output` just written and
/// the `warnings` its generation gave, atomically. An output path the stamp cannot hold (not
/// UTF-8, or with a line break), or a warning about a file whose name is not UTF-8, leaves
/// no stamp, so that output is simply never fresh.
///
/// # Errors
/// [`Error::Io`] when the stamp cannot be written.
pub(crate) fn record(
    out_dir: &Path,
    inputs: u128,
    output: &Output,
    warnings: &[Diagnostic],
) -> Result<()> {
    let mut text = format!(
        "{HEADER}\ninputs {inputs:032x}\nwarnings {}\n",
        warnings.len()
    );
    for w in warnings {
        let Some(line) = warning_line(w) else {
            return Ok(());
        };
        text.push_str(&line);
        text.push('\n');
    }
    for (path, body) in &output.files {
        let Some(rel) = slash_path(path) else {
            return Ok(());
        };
        let _ = writeln!(text, "{:032x} {rel}", xxh3_128(body.as_bytes()));
    }
    fs::create_dir_all(out_dir).map_err(|source| Error::Io {
        path: out_dir.to_path_buf(),
        source,
    })?;
    write::write_atomic(&out_dir.join(STAMP_FILE), text.as_bytes())
}

/// Removes the stamp from `out_dir`, if there is one.
///
/// # Errors
/// [`Error::Io`] when it is there but cannot be removed.
pub(crate) fn invalidate(out_dir: &Path) -> Result<()> {
    let path = out_dir.join(STAMP_FILE);
    match fs::remove_file(&path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(Error::Io { path, source: e }),
        _ => Ok(()),
    }
}

/// `path` as the stamp writes it: plain names joined by `/`, or `None` if it has anything
/// else, a name that is not UTF-8, or a line break.
fn slash_path(path: &Path) -> Option<String> {
    let mut names = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(name) => names.push(name.to_str()?),
            _ => return None,
        }
    }
    let joined = names.join("/");
    (!joined.is_empty() && !joined.contains(['\n', '\r'])).then_some(joined)
}

/// A parsed stamp.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    inputs: u128,
    warnings: Vec<Diagnostic>,
    /// Relative path and content hash of each file written.
    files: Vec<(PathBuf, u128)>,
}

impl Stamp {
    fn parse(text: &str) -> Option<Stamp> {
        let mut lines = text.lines();
        if lines.next()? != HEADER {
            return None;
        }
        let inputs = u128::from_str_radix(lines.next()?.strip_prefix("inputs ")?, 16).ok()?;
        let count: usize = lines.next()?.strip_prefix("warnings ")?.parse().ok()?;
        let mut warnings = Vec::with_capacity(count.min(1024));
        for _ in 0..count {
            warnings.push(parse_warning(lines.next()?)?);
        }
        let mut files = Vec::new();
        for line in lines {
            let (hash, rel) = line.split_once(' ')?;
            let mut path = PathBuf::new();
            for name in rel.split('/') {
                if name.is_empty() || name == "." || name == ".." || name.contains('\\') {
                    return None;
                }
                path.push(name);
            }
            if path.components().count() != rel.split('/').count() {
                return None;
            }
            files.push((path, u128::from_str_radix(hash, 16).ok()?));
        }
        Some(Stamp {
            inputs,
            warnings,
            files,
        })
    }
}

/// A warning on one line: `w`, its category and position, then its file, element, message
/// and excerpt, separated by tabs and each [`escape`]d. `None` when the file name is not
/// UTF-8.
fn warning_line(d: &Diagnostic) -> Option<String> {
    Some(format!(
        "w {} {} {} {}\t{}\t{}\t{}\t{}",
        d.category.as_str(),
        d.pos.offset,
        d.pos.line,
        d.pos.col,
        escape(d.file.to_str()?),
        escape(&d.element),
        escape(&d.message),
        escape(&d.excerpt)
    ))
}

/// A warning from the line [`warning_line`] wrote; `None` if it is malformed.
fn parse_warning(line: &str) -> Option<Diagnostic> {
    let mut fields = line.strip_prefix("w ")?.split('\t');
    let mut head = fields.next()?.split(' ');
    let category = Category::from_name(head.next()?)?;
    let pos = Pos {
        offset: head.next()?.parse().ok()?,
        line: head.next()?.parse().ok()?,
        col: head.next()?.parse().ok()?,
    };
    let mut texts = fields.map(unescape);
    let diagnostic = Diagnostic {
        file: PathBuf::from(texts.next()??),
        pos,
        element: texts.next()??,
        message: texts.next()??,
        excerpt: texts.next()??,
        category,
    };
    (head.next().is_none() && texts.next().is_none()).then_some(diagnostic)
}

/// `text` with `\\`, line breaks and tabs escaped, so it fits one tab-separated field.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t")
}

/// A field as [`escape`] wrote it: `\\`, `\n`, `\r` and `\t` back to what they stand for;
/// `None` for any other escape.
fn unescape(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        out.push(match chars.next()? {
            '\\' => '\\',
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            _ => return None,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests;
