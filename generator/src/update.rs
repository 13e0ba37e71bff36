//! `graphgen update`: fetch, diff, regenerate, and a changelog entry with the version the
//! changes call for, as one step that either all happens or leaves everything as it was.
//!
//! In order:
//! 1. the configuration is read and checked, and the crate's API planned from the metadata as
//!    it is (the old side of the diff; if that fails, nothing was touched);
//! 2. every file the update may change is kept in memory ([`snapshot`]): the metadata files,
//!    `graphgen.lock`, `graphgen.toml` and the whole output directory;
//! 3. [`Config::fetch`] downloads each profile's `source` (a conditional request; nothing
//!    replaced unless every download parsed);
//! 4. the API is planned again from the new metadata and compared ([`crate::diff`]);
//! 5. when a file changed: the next version ([`version`]; written into `graphgen.toml` with
//!    `--bump`), the crate regenerated from the plans of step 4 (and the lock with it), and an entry added to the
//!    crate's `CHANGELOG.md` ([`changelog`]), dated by the metadata, not by the run.
//!
//! A failure in steps 3 to 5 puts every kept file back before the error is returned.

mod changelog;
mod snapshot;
mod version;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::diff::ApiDiff;
use crate::error::{Error, Result};
use crate::fetch::{FetchOptions, FetchOutcome, Fetched};
use crate::marker::CHANGELOG_FILE;
use crate::write::WriteReport;
use snapshot::Snapshot;

/// What `graphgen update` is asked to do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct UpdateOptions {
    /// How to fetch.
    pub fetch: FetchOptions,
    /// Write the suggested version into `graphgen.toml` (and so into the generated crate's
    /// `Cargo.toml`), and head the changelog entry with it; otherwise the entry is
    /// `Unreleased` and names the suggestion.
    pub bump: bool,
}

/// What an update did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Updated {
    /// Each source fetched.
    pub fetched: Vec<Fetched>,
    /// The API changes from the metadata before to the metadata after.
    pub diff: ApiDiff,
    /// The crate's version before.
    pub version: String,
    /// The version the changes call for; `None` when no metadata file changed.
    pub suggested: Option<String>,
    /// Whether the suggested version was written.
    pub bumped: bool,
    /// The changelog entry added, `None` when no metadata file changed.
    pub changelog_entry: Option<String>,
    /// What regenerating wrote.
    pub written: WriteReport,
}

/// Runs `graphgen update` for the configuration file `config_file` (see the module's docs).
///
/// ```no_run
/// let options = graphgen::UpdateOptions::default();
/// let updated = graphgen::update(std::path::Path::new("graphgen.toml"), &options)?;
/// if let Some(v) = &updated.suggested {
///     println!("{}; suggested version {v}", updated.diff.markdown());
/// }
/// # Ok::<(), graphgen::Error>(())
/// ```
///
/// # Errors
///
/// An invalid configuration or crate version, metadata that does not generate (before or
/// after the fetch), a failed fetch, or a file that cannot be written. Every file is then
/// as it was.
pub fn update(config_file: &Path, options: &UpdateOptions) -> Result<Updated> {
    let config = Config::from_toml_file(config_file)?;
    config.validate()?;
    let before = config.plans()?;
    let out_dir = config.resolved_out_dir()?;
    let mut files: Vec<PathBuf> = config
        .profiles
        .iter()
        .flat_map(|p| p.metadata.iter().map(|m| config.base_dir.join(m)))
        .collect();
    files.extend(config.lock.clone());
    files.push(config_file.to_path_buf());
    files.push(out_dir.join(CHANGELOG_FILE));
    let snapshot = Snapshot::take(&files, &out_dir)?;
    let result = config
        .fetch(&options.fetch)
        .and_then(|fetched| finish(config, config_file, &out_dir, options, &before, fetched));
    result.map_err(|e| snapshot.restore_after(e))
}

/// Steps 4 and 5, after the fetch.
fn finish(
    mut config: Config,
    config_file: &Path,
    out_dir: &Path,
    options: &UpdateOptions,
    before: &[crate::plan::Plan],
    fetched: Vec<Fetched>,
) -> Result<Updated> {
    let after = config.planned()?;
    let mut diff = ApiDiff::default();
    for (old, (new, _)) in before.iter().zip(&after.plans) {
        diff.extend(ApiDiff::between(old, new));
    }
    let version = config.version.clone();
    let changed: Vec<&Fetched> = fetched
        .iter()
        .filter(|f| f.outcome == FetchOutcome::Updated)
        .collect();
    let mut suggested = None;
    let mut entry_text = None;
    if !changed.is_empty() {
        let next = version::next(&version, diff.verdict()).map_err(|message| Error::Config {
            path: config_file.to_path_buf(),
            message,
        })?;
        if options.bump {
            let text = std::fs::read_to_string(config_file).map_err(|source| Error::Io {
                path: config_file.to_path_buf(),
                source,
            })?;
            let bumped = version::with_version(&text, &next, config_file)?;
            crate::write::write_atomic(config_file, bumped.as_bytes())?;
            config.version.clone_from(&next);
        }
        suggested = Some(next);
    }
    // From the plans the diff was made of: planned once, not again while generating.
    let (_, written) = config.write_stamped_planned(after)?;
    if let Some(next) = &suggested {
        let lock = config.read_lock()?;
        let mut sources = Vec::new();
        let mut date: Option<String> = None;
        for f in &changed {
            let entry = lock.as_ref().and_then(|l| l.entry(&f.profile, &f.path));
            let day = entry
                .and_then(|e| changelog::date(e.last_modified.as_deref(), e.fetched.as_deref()));
            date = date.max(day);
            sources.push(changelog::Source {
                profile: f.profile.clone(),
                path: f.path.clone(),
                url: f.url.clone(),
                sha256: entry.map(|e| e.sha256.clone()).unwrap_or_default(),
                size: f.size,
            });
        }
        let text = changelog::entry(&changelog::Entry {
            version: options.bump.then_some(next.as_str()),
            suggested: next,
            date: date.as_deref().unwrap_or("undated"),
            sources: &sources,
            diff: &diff,
        });
        changelog::add(&out_dir.join(CHANGELOG_FILE), &text)?;
        entry_text = Some(text);
    }
    Ok(Updated {
        fetched,
        diff,
        version,
        bumped: options.bump && suggested.is_some(),
        suggested,
        changelog_entry: entry_text,
        written,
    })
}

#[cfg(test)]
mod tests;
