//! The old side of `graphgen diff` without files: the metadata a git revision (`HEAD` unless
//! told otherwise) holds, which its `graphgen.lock` says the crate checked in there was
//! generated from.
//!
//! The lock holds hashes, not bytes; git holds the bytes. Each metadata file of the
//! configuration is read at the revision (`git show REV:./path`, run in the configuration's
//! directory) into a temporary directory, with the same relative paths, and checked against
//! the revision's lock when it has one: bytes the lock does not record are not the locked
//! metadata, and are refused rather than compared. The new side is the working copy.

use std::path::Path;
use std::process::Command;

use super::{ApiDiff, diff_configs};
use crate::config::Config;
use crate::error::{Error, Result};
use crate::lock::{Lock, lock_path, sha256_hex};
use crate::marker::LOCK_FILE;

/// The API changes from the metadata at git revision `rev` (`HEAD`: what was last committed)
/// to the working copy, for every profile of `config`: what `graphgen diff` with no files
/// does. Nothing is written but a temporary directory, removed before this returns.
///
/// ```no_run
/// let config = graphgen::Config::from_toml_file(std::path::Path::new("graphgen.toml"))?;
/// let diff = graphgen::diff::diff_since(&config, "HEAD")?;
/// print!("{}", diff.markdown());
/// # Ok::<(), graphgen::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::InvalidConfig`] when git cannot be run, the revision is unknown, a metadata file
/// is not in it, or its bytes differ from the revision's `graphgen.lock`; then what
/// [`diff_configs`] gives.
pub fn diff_since(config: &Config, rev: &str) -> Result<ApiDiff> {
    config.validate()?;
    let dir = tempfile::Builder::new()
        .prefix("graphgen-baseline-")
        .tempdir()
        .map_err(|source| Error::Io {
            path: std::env::temp_dir(),
            source,
        })?;
    let locked = match git_show(&config.base_dir, rev, LOCK_FILE) {
        Ok(bytes) => Some(parse_lock(rev, &bytes)?),
        Err(_) if config.lock.is_none() => None,
        // A revision before the lock existed: its metadata is all there is to compare with.
        Err(GitError::Missing) => None,
        Err(GitError::Failed(message)) => return Err(baseline_error(rev, message)),
    };
    for p in &config.profiles {
        for m in &p.metadata {
            let rel = lock_path(m);
            let bytes = git_show(&config.base_dir, rev, &rel).map_err(|e| match e {
                GitError::Missing => baseline_error(
                    rev,
                    format!(
                        "{rel} (profile {}) is not in it; compare two files instead: \
                         `graphgen diff OLD NEW`",
                        p.module
                    ),
                ),
                GitError::Failed(message) => baseline_error(rev, message),
            })?;
            if let Some(entry) = locked.as_ref().and_then(|l| l.entry(&p.module, &rel)) {
                let sha256 = sha256_hex(&bytes);
                if entry.sha256 != sha256 {
                    return Err(baseline_error(
                        rev,
                        format!(
                            "{rel} there is not the file its {LOCK_FILE} records (sha256 {} \
                             there, {} locked): the crate committed with it was not generated \
                             from it; commit a generated crate, or compare two files",
                            &sha256[..12],
                            &entry.sha256[..entry.sha256.len().min(12)]
                        ),
                    ));
                }
            }
            let path = dir.path().join(m);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|source| Error::Io {
                    path: parent.to_path_buf(),
                    source,
                })?;
            }
            std::fs::write(&path, &bytes).map_err(|source| Error::Io { path, source })?;
        }
    }
    let mut old = config.clone();
    old.base_dir = dir.path().to_path_buf();
    old.lock = None;
    old.examples = None;
    diff_configs(&old, config)
}

/// Why `git show` gave no bytes.
enum GitError {
    /// The revision has no such file.
    Missing,
    /// git could not be run, or failed otherwise: what it said.
    Failed(String),
}

/// The bytes of `rel` (relative to `dir`, `/` separators) at `rev`.
fn git_show(dir: &Path, rev: &str, rel: &str) -> std::result::Result<Vec<u8>, GitError> {
    let mut command = Command::new("git");
    if !dir.as_os_str().is_empty() {
        command.arg("-C").arg(dir);
    }
    let out = command
        .args(["show", &format!("{rev}:./{rel}")])
        .output()
        .map_err(|e| GitError::Failed(format!("cannot run git: {e}")))?;
    if out.status.success() {
        return Ok(out.stdout);
    }
    let said = String::from_utf8_lossy(&out.stderr).trim().to_owned();
    // git's words for a path the revision does not have (the revision itself exists).
    if said.contains("does not exist in") || said.contains("exists on disk, but not in") {
        Err(GitError::Missing)
    } else {
        Err(GitError::Failed(format!("git show {rev}:./{rel}: {said}")))
    }
}

/// The lock as the revision holds it.
fn parse_lock(rev: &str, bytes: &[u8]) -> Result<Lock> {
    let text = String::from_utf8_lossy(bytes);
    Lock::parse(&text).map_err(|message| baseline_error(rev, format!("{LOCK_FILE}: {message}")))
}

fn baseline_error(rev: &str, message: String) -> Error {
    Error::InvalidConfig {
        scope: format!("diff against git revision `{rev}`"),
        message,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::test_support::diff_base;

    /// Runs git in `dir` with a fixed identity; panics with what it said when it fails.
    fn git(dir: &Path, args: &[&str]) {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A repository with `graphgen.toml` reading `m/v1.xml` (the diff fixture), committed
    /// with its lock: the configuration.
    fn repo() -> (tempfile::TempDir, Config) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        std::fs::create_dir_all(dir.join("m")).unwrap();
        std::fs::write(dir.join("m/v1.xml"), diff_base()).unwrap();
        let toml =
            "[crate]\nname = \"g\"\n[[profile]]\nmodule = \"v1_0\"\nmetadata = [\"m/v1.xml\"]\n";
        std::fs::write(dir.join("graphgen.toml"), toml).unwrap();
        let config = Config::from_toml_file(&dir.join("graphgen.toml")).unwrap();
        config.update_lock().unwrap();
        git(dir, &["init", "-q"]);
        git(dir, &["add", "."]);
        git(dir, &["commit", "-q", "-m", "first"]);
        (tmp, config)
    }

    #[test]
    fn the_working_copy_is_compared_with_the_committed_metadata() {
        let (tmp, config) = repo();
        assert!(diff_since(&config, "HEAD").unwrap().changes.is_empty());
        let edited = diff_base().replacen(
            r#"<Property Name="state" Type="n.state" />"#,
            r#"<Property Name="state" Type="n.state" /><Property Name="size" Type="Edm.Int32" />"#,
            1,
        );
        std::fs::write(tmp.path().join("m/v1.xml"), edited).unwrap();
        let diff = diff_since(&config, "HEAD").unwrap();
        let members: Vec<_> = diff.changes.iter().map(|c| c.member.clone()).collect();
        assert!(
            members.contains(&Some("field size".to_owned())),
            "{members:?}"
        );
        assert_eq!(diff.version_step(), "minor");
        // The other way round, from a commit of the edit (generated: the lock records it)
        // back to the first commit.
        config.update_lock().unwrap();
        git(tmp.path(), &["commit", "-q", "-am", "size"]);
        std::fs::write(tmp.path().join("m/v1.xml"), diff_base()).unwrap();
        assert_eq!(diff_since(&config, "HEAD").unwrap().version_step(), "major");
        assert!(diff_since(&config, "HEAD~1").unwrap().changes.is_empty());
    }

    #[test]
    fn committed_metadata_its_lock_does_not_record_is_refused() {
        let (tmp, config) = repo();
        std::fs::write(
            tmp.path().join("m/v1.xml"),
            diff_base().replace("item", "thing"),
        )
        .unwrap();
        git(
            tmp.path(),
            &["commit", "-q", "-am", "metadata without generating"],
        );
        let e = diff_since(&config, "HEAD").unwrap_err().to_string();
        assert!(e.contains("git revision `HEAD`"), "{e}");
        assert!(
            e.contains("m/v1.xml there is not the file its graphgen.lock records"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_revision_or_an_uncommitted_file_is_an_error_that_says_so() {
        let (tmp, mut config) = repo();
        let e = diff_since(&config, "no-such-rev").unwrap_err().to_string();
        assert!(
            e.contains("`no-such-rev`") && e.contains("invalid object name"),
            "{e}"
        );
        std::fs::write(tmp.path().join("m/beta.xml"), diff_base()).unwrap();
        config
            .profiles
            .push(crate::Profile::new("beta", "m/beta.xml"));
        let e = diff_since(&config, "HEAD").unwrap_err().to_string();
        assert!(e.contains("m/beta.xml (profile beta) is not in it"), "{e}");
    }
}
