//! Generates a small selection of the checked-in v1.0 metadata into `OUT_DIR`, exactly as a
//! user's build script would (the README's "From a build script" shows this file), to prove
//! the library API works from `build.rs`.
//!
//! Then, when `../shared` is beside the workspace, the accessPackage selection of Graph's real
//! OpenAPI description (the PowerShell SDK's Identity.Governance document) into
//! `OUT_DIR/openapi`, for the tests that reproduce the seed pages from OpenAPI
//! (`tests/openapi_seeds.rs`); they are compiled with `cfg(graphgen_openapi)` only then.

fn main() {
    let mut profile = graphgen::Profile::new("graph", "../metadata/v1.0/access-packages.xml");
    profile.base_url = Some("https://graph.microsoft.com/v1.0".into());
    profile.include(
        "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/**",
    );
    let mut config = graphgen::Config::new(); // single-file layout, output in $OUT_DIR
    config.profile(profile);
    // Prints cargo:rerun-if-changed for the inputs, and the warnings as cargo:warning= lines.
    if let Err(e) = config.write() {
        panic!("{e}"); // the file, line, column and CSDL element; `{e:?}` would escape them
    }
    openapi_selection();
    corpus::generate();
    corpus::shared_repros();
}

/// The generated corpus (`tests/corpus.rs`): hostile CSDL documents from `src/corpus.rs`.
#[path = "build/corpus.rs"]
mod corpus;

/// The accessPackage selection of `../shared/openapi/identity-governance.v1.0.powershell.yml`
/// as module `graph_openapi` in `OUT_DIR/openapi/graph_openapi.rs`, and `cfg(graphgen_openapi)`;
/// without the file, nothing (or a failure when `GRAPHGEN_REQUIRE_SHARED=1`).
fn openapi_selection() {
    println!("cargo:rustc-check-cfg=cfg(graphgen_openapi)");
    println!("cargo:rerun-if-env-changed=GRAPHGEN_REQUIRE_SHARED");
    let file = std::path::Path::new("../../shared/openapi/identity-governance.v1.0.powershell.yml");
    println!("cargo:rerun-if-changed={}", file.display());
    if !file.is_file() {
        assert!(
            std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() != Ok("1"),
            "{} is missing and GRAPHGEN_REQUIRE_SHARED=1",
            file.display()
        );
        return;
    }
    let mut profile = graphgen::Profile::new("graph_openapi", file);
    profile.base_url = Some("https://graph.microsoft.com/v1.0".into());
    profile.include("/identityGovernance/entitlementManagement/accessPackages/**");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let mut config = graphgen::Config::new();
    config.profile(profile).out_dir(out.join("openapi"));
    // The document's own gaps (what OpenAPI cannot say, paths of other modules) are listed by
    // `graphgen --verbose`; here they would be noise on every build.
    config.cargo_warnings = false;
    if let Err(e) = config.write() {
        panic!("{e}");
    }
    println!("cargo:rustc-cfg=graphgen_openapi");
}
