//! Smoke test over the real Microsoft Graph metadata in `../shared/metadata`: every file
//! parses, lowers and emits with everything selected, and every emitted file parses as Rust.
//! (Compiling the whole service is a later issue's work.)

use graphgen_tests::shared::shared_file;

fn smoke(rel: &str) {
    smoke_with(rel, false);
}

fn smoke_with(rel: &str, skip_unresolved: bool) -> Option<graphgen::Generated> {
    let path = shared_file(rel)?;
    let mut profile = graphgen::Profile::new("whole", path);
    profile.skip_unresolved = skip_unresolved;
    let mut config = graphgen::Config::new();
    config.profile(profile).layout(graphgen::Layout::Crate);
    let g = config.generate().unwrap_or_else(|e| panic!("{rel}: {e}"));
    let p = &g.profiles[0];
    assert!(p.type_count > 500, "{rel}: only {} types", p.type_count);
    assert!(p.path_count > 1000, "{rel}: only {} paths", p.path_count);
    let mut files = 0;
    let started = std::time::Instant::now();
    for (name, text) in &g.output.files {
        if name.extension().is_some_and(|e| e == "rs") {
            syn::parse_file(text)
                .unwrap_or_else(|e| panic!("{rel}: {} does not parse: {e}", name.display()));
            files += 1;
        }
    }
    println!(
        "{rel}: {} types, {} paths, {} operations, {files} Rust files, {} warnings; parse {:?}, lower {:?}, emit {:?}, render {:?}, files parsed again in {:?}",
        p.type_count,
        p.path_count,
        p.operation_count,
        g.warnings.len(),
        g.timings.parse,
        g.timings.lower,
        g.timings.emit,
        g.timings.render,
        started.elapsed()
    );
    Some(g)
}

#[test]
fn v1_0_clean() {
    smoke("metadata/v1.0/cleanMetadata.v1.0.xml");
}

#[test]
fn v1_0_raw() {
    smoke("metadata/v1.0/v1.0-Prod.csdl");
}

#[test]
fn v1_0_with_descriptions_2023() {
    smoke("metadata/v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml");
}

#[test]
fn beta_usnat() {
    smoke("metadata/beta/beta-USNat.csdl");
}

#[test]
fn beta_clean_2021() {
    smoke("metadata/beta/cleanMetadata.beta.2021-06-08.xml");
}

/// This 2020 snapshot is defective: `cloudCommunications.callRecords` names
/// `microsoft.graph.callRecords.callRecord`, but the file has no `callRecords` schema. By
/// default the generator refuses it with the exact location rather than guess; with
/// `skip_unresolved` it leaves the dangling members out, warns where they are, and the rest
/// of the file generates.
#[test]
fn beta_with_descriptions_2020_generates_with_skip_unresolved() {
    let rel = "metadata/beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml";
    let Some(g) = smoke_with(rel, true) else {
        return;
    };
    let dangling: Vec<String> = g
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("left out (skip_unresolved)"))
        .collect();
    assert!(
        dangling.iter().any(|w| w.contains(":10235:9: Schema(microsoft.graph)/EntityType(cloudCommunications)/NavigationProperty(callRecords)")),
        "{dangling:#?}"
    );
}

#[test]
fn beta_with_descriptions_2020_dangling_reference_is_reported() {
    let rel = "metadata/beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml";
    let Some(path) = shared_file(rel) else { return };
    let mut config = graphgen::Config::new();
    config.profile(graphgen::Profile::new("whole", path));
    let err = config.generate().unwrap_err().to_string();
    assert!(
        err.contains(":10235:9: Schema(microsoft.graph)/EntityType(cloudCommunications)/NavigationProperty(callRecords): unknown type `microsoft.graph.callRecords.callRecord`"),
        "{err}"
    );
}
