//! Finding the read-only inputs that live next to the workspace in `../shared`.
//!
//! Several tests compare graphgen's output or its checked-in CSDL slices with the real
//! Microsoft Graph metadata and documentation pages kept in a `shared` directory beside the
//! workspace (`<workspace root>/../shared`). That directory is not part of the repository, so
//! a checkout without it must still be able to run `cargo test`: such tests call
//! [`shared_file`], which reports the missing input on one `skipped: ...` line and lets the
//! test return early.
//!
//! Set `GRAPHGEN_REQUIRE_SHARED=1` (as CI does) to turn a missing input into a test failure
//! instead, so that a misplaced directory cannot make these tests pass silently.

use std::path::{Path, PathBuf};

/// The environment variable that makes a missing shared input a hard failure.
pub const REQUIRE_SHARED_ENV: &str = "GRAPHGEN_REQUIRE_SHARED";

/// The root of the Cargo workspace (the directory holding the top-level `Cargo.toml`).
///
/// Computed from this crate's manifest directory, which sits directly under the root.
///
/// ```
/// let root = graphgen_tests::shared::workspace_root();
/// assert!(root.join("Cargo.toml").is_file());
/// ```
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    match manifest_dir.parent() {
        Some(root) => root.to_path_buf(),
        None => manifest_dir.join(".."),
    }
}

/// The directory that holds the shared inputs: `<workspace root>/../shared`.
pub fn shared_dir() -> PathBuf {
    let root = workspace_root();
    match root.parent() {
        Some(parent) => parent.join("shared"),
        None => root.join("..").join("shared"),
    }
}

/// Locates `<workspace root>/../shared/<rel>` (a file or a directory).
///
/// Returns `Some(path)` when it exists. When it does not:
/// - if the environment variable `GRAPHGEN_REQUIRE_SHARED` is `1`, panics with a message that
///   names the missing path;
/// - otherwise prints exactly one line, `skipped: <why>`, and returns `None`, so the caller
///   can skip its checks with `let Some(path) = shared_file("...") else { return };`.
///
/// `rel` uses `/` as separator, e.g. `metadata/v1.0/cleanMetadata.v1.0.xml`.
///
/// ```
/// use graphgen_tests::shared::shared_file;
///
/// // A path that never exists: without GRAPHGEN_REQUIRE_SHARED=1 this prints a skip line.
/// if std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() != Ok("1") {
///     assert!(shared_file("no/such/input.xml").is_none());
/// }
/// ```
pub fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = rel
        .split('/')
        .filter(|part| !part.is_empty())
        .fold(shared_dir(), |dir, part| dir.join(part));
    if path.exists() {
        return Some(path);
    }
    let why = format!(
        "shared input `{rel}` not found at {} (the ../shared directory next to the workspace)",
        path.display()
    );
    if std::env::var(REQUIRE_SHARED_ENV).as_deref() == Ok("1") {
        panic!("{why}; {REQUIRE_SHARED_ENV}=1 requires it to be present");
    }
    println!("skipped: {why}");
    None
}
