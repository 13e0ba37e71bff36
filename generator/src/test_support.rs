//! What the unit tests of several modules share: finding the real Graph inputs in `../shared`.

use std::path::{Path, PathBuf};

/// `../shared/<rel>` beside the workspace, or `None` (after printing one `skipped:` line)
/// when it is absent; with `GRAPHGEN_REQUIRE_SHARED=1` (as CI sets it) a missing file fails
/// the test instead.
pub(crate) fn shared_file(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared")
        .join(rel);
    if path.is_file() {
        return Some(path);
    }
    assert!(
        std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() != Ok("1"),
        "{} is missing and GRAPHGEN_REQUIRE_SHARED=1",
        path.display()
    );
    println!("skipped: {} not found", path.display());
    None
}
