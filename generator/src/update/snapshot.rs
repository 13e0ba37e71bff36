//! What `graphgen update` may change, as it was before: the bytes of single files (metadata,
//! lock, configuration) and of every file under the output directory, so that a failed step
//! can put all of it back.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::marker::STAMP_FILE;
use crate::write::walk_files;

/// The files as they were: `None` for one that did not exist.
#[derive(Debug)]
pub(super) struct Snapshot {
    files: BTreeMap<PathBuf, Option<Vec<u8>>>,
    /// The output directory and its files (relative paths), `target/` and hidden directories
    /// left out as writing leaves them out.
    tree: (PathBuf, BTreeMap<PathBuf, Vec<u8>>),
}

fn read(path: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

impl Snapshot {
    /// Records `files` and everything under `out_dir` (its stamp included).
    pub(super) fn take(files: &[PathBuf], out_dir: &Path) -> Result<Snapshot> {
        let mut kept = BTreeMap::new();
        for f in files.iter().chain([&out_dir.join(STAMP_FILE)]) {
            kept.insert(f.clone(), read(f)?);
        }
        let mut tree = BTreeMap::new();
        walk_files(out_dir, |rel, path| {
            tree.insert(rel.to_path_buf(), std::fs::read(path).map_err(io(path))?);
            Ok(())
        })?;
        Ok(Snapshot {
            files: kept,
            tree: (out_dir.to_path_buf(), tree),
        })
    }

    /// Puts every file back as it was: rewrites those whose bytes differ, removes those that
    /// did not exist (and the directories that leaves empty under the output directory).
    pub(super) fn restore(&self) -> Result<()> {
        for (path, bytes) in &self.files {
            put_back(path, bytes.as_deref())?;
        }
        let (out_dir, tree) = &self.tree;
        let mut now = BTreeSet::new();
        walk_files(out_dir, |rel, _| {
            now.insert(rel.to_path_buf());
            Ok(())
        })?;
        for rel in now.iter().filter(|r| !tree.contains_key(*r)) {
            put_back(&out_dir.join(rel), None)?;
            let mut dir = rel.parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                // Only an empty directory goes; one that is not empty stays, as it should.
                if std::fs::remove_dir(out_dir.join(d)).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        for (rel, bytes) in tree {
            put_back(&out_dir.join(rel), Some(bytes))?;
        }
        Ok(())
    }

    /// `error`, after putting everything back; when that fails too, an error that says both.
    pub(super) fn restore_after(&self, error: Error) -> Error {
        match self.restore() {
            Ok(()) => error,
            Err(r) => Error::Io {
                path: self.tree.0.clone(),
                source: std::io::Error::other(format!(
                    "{error}; then putting the files back as they were failed: {r}"
                )),
            },
        }
    }
}

/// Makes `path` hold `bytes` (`None`: not exist), writing only when it differs; a directory
/// where the file was (or none was) goes.
fn put_back(path: &Path, bytes: Option<&[u8]>) -> Result<()> {
    if path.is_dir() {
        std::fs::remove_dir_all(path).map_err(io(path))?;
    } else if read(path)?.as_deref() == bytes {
        return Ok(());
    }
    match bytes {
        Some(b) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io(parent))?;
            }
            crate::write::write_atomic(path, b)
        }
        None if path.exists() => std::fs::remove_file(path).map_err(io(path)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn restore_puts_back_changed_removed_and_added_files_and_drops_new_directories() {
        let tmp = tempfile::tempdir().unwrap();
        let (out, lock) = (tmp.path().join("out"), tmp.path().join("graphgen.lock"));
        std::fs::create_dir_all(out.join("src")).unwrap();
        std::fs::write(out.join("src/lib.rs"), "old lib").unwrap();
        std::fs::write(out.join("Cargo.toml"), "old manifest").unwrap();
        let snap = Snapshot::take(&[lock.clone(), out.join("CHANGELOG.md")], &out).unwrap();

        std::fs::write(&lock, "new lock").unwrap();
        std::fs::write(out.join("src/lib.rs"), "new lib").unwrap();
        std::fs::remove_file(out.join("Cargo.toml")).unwrap();
        std::fs::create_dir_all(out.join("src/v1_0/models")).unwrap();
        std::fs::write(out.join("src/v1_0/models/a.rs"), "new").unwrap();
        std::fs::create_dir_all(out.join("CHANGELOG.md")).unwrap();
        std::fs::write(out.join(STAMP_FILE), "stamp").unwrap();
        snap.restore().unwrap();

        assert!(!lock.exists());
        assert_eq!(
            std::fs::read_to_string(out.join("src/lib.rs")).unwrap(),
            "old lib"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("Cargo.toml")).unwrap(),
            "old manifest"
        );
        assert!(!out.join("src/v1_0").exists());
        assert!(!out.join("CHANGELOG.md").exists());
        assert!(!out.join(STAMP_FILE).exists());
    }
}
