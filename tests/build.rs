//! Generates a small selection of the checked-in v1.0 metadata into `OUT_DIR`, exactly as a
//! user's build script would (the README's "From a build script" shows this file), to prove
//! the library API works from `build.rs`.

fn main() {
    let mut profile = graphgen::Profile::new("graph", "../metadata/v1.0/access-packages.xml");
    profile.base_url = "https://graph.microsoft.com/v1.0".into();
    profile.include(
        "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/**",
    );
    let mut config = graphgen::Config::new(); // single-file layout, output in $OUT_DIR
    config.profile(profile);
    // Prints cargo:rerun-if-changed for the inputs, and the warnings as cargo:warning= lines.
    if let Err(e) = config.write() {
        panic!("{e}"); // the file, line, column and CSDL element; `{e:?}` would escape them
    }
}
