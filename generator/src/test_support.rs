//! What the unit tests of several modules share: finding the real Graph inputs in `../shared`,
//! and the base of the API-diff fixtures.

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

/// `tests/fixtures/diff/base.xml`: the small model the API-diff tests (and those of what is
/// built on the diff: `diff --since`, `update`) edit one thing of at a time.
pub(crate) fn diff_base() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/diff/base.xml");
    std::fs::read_to_string(path).expect("the base fixture reads")
}
