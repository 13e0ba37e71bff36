//! Generates a small selection of the checked-in v1.0 metadata into `OUT_DIR`, exactly as a
//! user's build script would, to prove the library API works from `build.rs`.

fn main() {
    let mut profile = graphgen::Profile::new(
        "access_package_refs",
        "../metadata/v1.0/access-packages.xml",
    );
    profile.base_url = "https://graph.microsoft.com/v1.0".to_string();
    profile.include(
        "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/**",
    );
    let mut config = graphgen::Config::new();
    config.profile(profile);
    if let Err(e) = config.write() {
        // Cargo shows this and fails the build, naming file:line:col.
        panic!("graphgen failed:\n{e}");
    }
}
