//! `graphgen.lock`: which metadata a repository's crate was generated from.
//!
//! The lock sits next to `graphgen.toml` and is checked in. For each metadata file of each
//! profile it records the path (as `graphgen.toml` writes it, with `/` separators), the
//! profile's `source` URL (for its first file), the file's sha256 and size, what a fetch
//! learnt about it (`etag`, `last_modified`, and `fetched`, the time of the fetch that last
//! changed the file), the graphgen version that last generated from it, and, for a slice
//! written by hand, the real file it was checked against (`checked_against`).
//!
//! It is written with a stable key order (the fields' order below, entries in profile and file
//! order), atomically, and only when its bytes change; nothing in it changes when nothing
//! changed, so generating twice leaves it byte-identical. `graphgen generate` updates it
//! ([`Config::update_lock`]); `graphgen check` compares the files with it
//! ([`Config::check_lock`]).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::config::Config;
use crate::error::{Error, Result};
use crate::marker::LOCK_FILE;

/// The lock format's version: the `version` key.
const FORMAT: u32 = 1;

/// The comment the file starts with (TOML comments are not data; the serializer writes none).
const HEADER: &str = "# graphgen.lock: the metadata the crate is generated from. Written by `graphgen generate`\n\
# (and `graphgen fetch`); check it in. `graphgen check` fails when a file differs from it.\n\n";

/// The whole lock file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Lock {
    /// The format version ([`FORMAT`]).
    pub version: u32,
    /// One entry per metadata file of each profile, in the configuration's order.
    #[serde(default, rename = "input")]
    pub inputs: Vec<LockEntry>,
}

/// One metadata file of one profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LockEntry {
    /// The profile's module.
    pub profile: String,
    /// The path as `graphgen.toml` writes it, `/` separators.
    pub path: String,
    /// The profile's `source` URL, on its first file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Lowercase hex sha256 of the file's bytes.
    pub sha256: String,
    /// The file's size in bytes.
    pub size: u64,
    /// The `ETag` the server sent with these bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The `Last-Modified` the server sent with these bytes, as it sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified: Option<String>,
    /// When the fetch that last changed the file ran (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched: Option<String>,
    /// The graphgen version that last generated from the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub generated_by: Option<String>,
    /// For a slice written by hand: the real file it was checked against. Kept as it is by
    /// `generate`; a workspace test compares it with the real file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked_against: Option<CheckedAgainst>,
}

/// The real file a hand-written slice was checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CheckedAgainst {
    /// Relative to the lock's directory, `/` separators.
    pub path: String,
    /// Lowercase hex sha256 of the real file when the slice was checked.
    pub sha256: String,
}

impl Lock {
    /// Reads the lock at `path`; `None` when there is none.
    pub(crate) fn read(path: &Path) -> Result<Option<Lock>> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(Error::Io {
                    path: path.to_path_buf(),
                    source,
                });
            }
        };
        Lock::parse(&text)
            .map(Some)
            .map_err(|message| Error::Config {
                path: path.to_path_buf(),
                message,
            })
    }

    /// A lock's text, parsed and of this graphgen's format; what is wrong, otherwise.
    pub(crate) fn parse(text: &str) -> std::result::Result<Lock, String> {
        let lock: Lock = toml::from_str(text).map_err(|e| e.to_string())?;
        if lock.version != FORMAT {
            return Err(format!(
                "lock format version {} is not the {FORMAT} this graphgen writes",
                lock.version
            ));
        }
        Ok(lock)
    }

    /// The file's text: the header, then the TOML.
    pub(crate) fn text(&self) -> String {
        let body = toml::to_string(self).expect("a lock is plain strings and integers");
        format!("{HEADER}{body}")
    }

    /// The entry of `path` in `profile`.
    pub(crate) fn entry(&self, profile: &str, path: &str) -> Option<&LockEntry> {
        self.inputs
            .iter()
            .find(|e| e.profile == profile && e.path == path)
    }

    /// Writes the lock to `path` when its bytes differ from the file's, atomically (a
    /// temporary file beside it, then a rename). Whether it wrote.
    pub(crate) fn write_if_changed(&self, path: &Path) -> Result<bool> {
        write_if_changed(path, self.text().as_bytes())
    }
}

/// Writes `bytes` to `path` unless it holds them already, atomically
/// ([`crate::write::write_atomic`]: a temporary file beside it, renamed over it), so a reader
/// sees the old file or the new one, never a part.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    crate::write::write_atomic(path, bytes)?;
    Ok(true)
}

/// Lowercase hex sha256 of `bytes`.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lowercase hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// A path of `graphgen.toml` as the lock writes it.
pub(crate) fn lock_path(p: &Path) -> String {
    p.to_string_lossy().replace('\\', "/")
}

/// The first characters of a hash, as messages show it.
fn short(hash: &str) -> String {
    format!("{}…", &hash[..hash.len().min(12)])
}

/// How the metadata on disk differs from `graphgen.lock` ([`Config::check_lock`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LockProblem {
    /// The configuration has a lock file, but it does not exist.
    NoLock {
        /// Where it should be.
        lock: PathBuf,
    },
    /// A metadata file of the configuration has no entry.
    NoEntry {
        /// The profile's module.
        profile: String,
        /// The file, as `graphgen.toml` writes it.
        path: String,
    },
    /// A metadata file's bytes are not the ones the lock records.
    Differs {
        /// The file, as `graphgen.toml` writes it.
        path: String,
        /// The sha256 the lock records.
        locked: String,
        /// The sha256 of the file on disk.
        on_disk: String,
    },
    /// The lock lists a file the configuration no longer has.
    Unused {
        /// The profile's module.
        profile: String,
        /// The file.
        path: String,
    },
}

impl fmt::Display for LockProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LockProblem::NoLock { lock } => write!(
                f,
                "{}: not found; run `graphgen generate` once to create it, and check it in",
                lock.display()
            ),
            LockProblem::NoEntry { profile, path } => write!(
                f,
                "{path}: no entry for profile {profile} in {LOCK_FILE}; run `graphgen generate` \
                 to record it"
            ),
            LockProblem::Differs {
                path,
                locked,
                on_disk,
            } => write!(
                f,
                "{path}: sha256 {} in {LOCK_FILE}, {} on disk; run `graphgen generate` (or \
                 `graphgen fetch`) to record the new file, or restore the locked one",
                short(locked),
                short(on_disk)
            ),
            LockProblem::Unused { profile, path } => write!(
                f,
                "{path}: {LOCK_FILE} lists it for profile {profile}, which graphgen.toml no \
                 longer reads; run `graphgen generate` to drop it"
            ),
        }
    }
}

impl Config {
    /// Each metadata file of each profile: (profile, path as written, path on disk, source).
    fn lock_inputs(&self) -> Vec<(&str, String, PathBuf, Option<&str>)> {
        let mut out = Vec::new();
        for p in &self.profiles {
            for (i, m) in p.metadata.iter().enumerate() {
                let source = if i == 0 { p.source.as_deref() } else { None };
                out.push((
                    p.module.as_str(),
                    lock_path(m),
                    self.base_dir.join(m),
                    source,
                ));
            }
        }
        out
    }

    /// The lock that records the metadata as it is on disk now, keeping from `old` what still
    /// holds: what a fetch learnt about a file whose bytes did not change, and every
    /// `checked_against`.
    pub(crate) fn current_lock(&self, old: Option<&Lock>) -> Result<Lock> {
        let mut inputs = Vec::new();
        for (profile, path, disk, source) in self.lock_inputs() {
            let bytes = std::fs::read(&disk).map_err(|source| Error::Io {
                path: disk.clone(),
                source,
            })?;
            let sha256 = sha256_hex(&bytes);
            let mut entry = LockEntry {
                profile: profile.to_owned(),
                path: path.clone(),
                source: source.map(str::to_owned),
                sha256,
                size: bytes.len() as u64,
                etag: None,
                last_modified: None,
                fetched: None,
                generated_by: Some(env!("CARGO_PKG_VERSION").to_owned()),
                checked_against: None,
            };
            if let Some(old) = old {
                if let Some(o) = old.entry(profile, &path)
                    && o.sha256 == entry.sha256
                {
                    entry.etag.clone_from(&o.etag);
                    entry.last_modified.clone_from(&o.last_modified);
                    entry.fetched.clone_from(&o.fetched);
                }
                entry.checked_against = old
                    .inputs
                    .iter()
                    .find(|o| o.path == path && o.checked_against.is_some())
                    .and_then(|o| o.checked_against.clone());
            }
            inputs.push(entry);
        }
        Ok(Lock {
            version: FORMAT,
            inputs,
        })
    }

    /// The configuration's lock as it is on disk: `None` when the configuration has no lock
    /// file ([`Config::lock`]) or the file does not exist yet. Used by `fetch` and `update`.
    #[cfg(feature = "fetch")]
    pub(crate) fn read_lock(&self) -> Result<Option<Lock>> {
        match &self.lock {
            Some(p) => Lock::read(p),
            None => Ok(None),
        }
    }

    /// Records the metadata files as they are on disk in the configuration's lock file
    /// ([`Config::lock`]), when it has one: what `graphgen generate` does after generating.
    /// Writes only when the lock's bytes change. Whether it wrote.
    pub(crate) fn update_lock(&self) -> Result<bool> {
        let Some(path) = &self.lock else {
            return Ok(false);
        };
        let old = Lock::read(path)?;
        self.current_lock(old.as_ref())?.write_if_changed(path)
    }

    /// How the metadata files on disk differ from the configuration's lock file
    /// ([`Config::lock`]): what `graphgen check` reports besides the output's drift. Empty
    /// when they match, or when the configuration has no lock file (a build script's, or the
    /// CLI's `--metadata`). A missing `graphgen.lock` is one problem
    /// ([`LockProblem::NoLock`]): run `graphgen generate` once to create it.
    ///
    /// ```no_run
    /// let config = graphgen::Config::from_toml_file(std::path::Path::new("graphgen.toml"))?;
    /// for problem in config.check_lock()? {
    ///     eprintln!("{problem}");
    /// }
    /// # Ok::<(), graphgen::Error>(())
    /// ```
    ///
    /// # Errors
    /// A lock file that cannot be read or parsed, or a metadata file that cannot be read.
    pub fn check_lock(&self) -> Result<Vec<LockProblem>> {
        let Some(path) = &self.lock else {
            return Ok(Vec::new());
        };
        let Some(old) = Lock::read(path)? else {
            return Ok(vec![LockProblem::NoLock { lock: path.clone() }]);
        };
        let now = self.current_lock(None)?;
        let mut problems = Vec::new();
        for e in &now.inputs {
            match old.entry(&e.profile, &e.path) {
                None => problems.push(LockProblem::NoEntry {
                    profile: e.profile.clone(),
                    path: e.path.clone(),
                }),
                Some(o) if o.sha256 != e.sha256 => problems.push(LockProblem::Differs {
                    path: e.path.clone(),
                    locked: o.sha256.clone(),
                    on_disk: e.sha256.clone(),
                }),
                Some(_) => {}
            }
        }
        for o in &old.inputs {
            if now.entry(&o.profile, &o.path).is_none() {
                problems.push(LockProblem::Unused {
                    profile: o.profile.clone(),
                    path: o.path.clone(),
                });
            }
        }
        Ok(problems)
    }
}

#[cfg(test)]
mod tests;
