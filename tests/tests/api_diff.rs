//! `graphgen diff` on real pairs of Graph metadata in `../shared/metadata`: the v1.0 of
//! 2023-05 against the current v1.0, and the beta of 2020-08 against the beta of 2021-06, each
//! whole and for `/identityGovernance/**`. Each prints its counts per class, and checks a
//! few reported changes that were verified by hand against the two files.

use std::path::Path;

use graphgen::diff::{ApiDiff, Change, ChangeKind, Class, diff_configs};
use graphgen::{Config, Layout, Profile};
use graphgen_tests::shared::shared_file;

/// The diff of `old` → `new` (under `../shared/metadata`) as module `module`, for `include`
/// (every path when empty).
fn diff(old: &str, new: &str, module: &str, include: &[&str]) -> Option<ApiDiff> {
    let (old, new) = (shared_file(old)?, shared_file(new)?);
    let side = |file: &Path| {
        let mut p = Profile::new(module, file);
        for i in include {
            p.include(i);
        }
        // The 2020 beta names two schemas it does not contain.
        p.skip_unresolved = true;
        let mut c = Config::new();
        c.layout(Layout::SingleFile);
        c.rerun_if_changed = false;
        c.cargo_warnings = false;
        c.profile(p);
        c
    };
    let d = diff_configs(&side(&old), &side(&new)).expect("both sides plan");
    println!(
        "{module} {include:?}: {} breaking, {} additive, {} docs-only",
        d.count(Class::Breaking),
        d.count(Class::Additive),
        d.count(Class::DocsOnly)
    );
    Some(d)
}

/// The change of `item`'s `member`, if reported.
fn find<'d>(d: &'d ApiDiff, item: &str, member: Option<&str>) -> Option<&'d Change> {
    d.changes
        .iter()
        .find(|c| c.item == item && c.member.as_deref() == member)
}

const V1_2023: &str = "metadata/v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml";
const V1_NOW: &str = "metadata/v1.0/cleanMetadata.v1.0.xml";
const BETA_2020: &str = "metadata/beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml";
const BETA_2021: &str = "metadata/beta/cleanMetadata.beta.2021-06-08.xml";

#[test]
fn v1_0_2023_to_now_identity_governance() {
    let Some(d) = diff(V1_2023, V1_NOW, "v1_0", &["/identityGovernance/**"]) else {
        return;
    };
    // `targetAgentIdentitySponsorOrOwner` is a member of `allowedTargetScope` in the current
    // file only (checked by hand): a new member of a non-exhaustive enum.
    let c = find(
        &d,
        "models::AllowedTargetScope",
        Some("variant AllDirectoryAgentIdentities"),
    )
    .or_else(|| {
        d.changes
            .iter()
            .find(|c| c.member.as_deref() == Some("variant TargetAgentIdentitySponsorOrOwner"))
    })
    .expect("a new enum member of 2026");
    assert_eq!((c.kind, c.class), (ChangeKind::Added, Class::Additive));
    // `customExtensionCalloutInstances` is a property of accessPackageAssignmentRequest in the
    // current file only (checked by hand).
    let c = find(
        &d,
        "models::AccessPackageAssignmentRequest",
        Some("field custom_extension_callout_instances"),
    )
    .expect("a new property");
    assert_eq!((c.kind, c.class), (ChangeKind::Added, Class::Additive));
    assert!(d.count(Class::Breaking) > 0 && d.count(Class::Additive) > 0);
    assert_eq!(d.version_step(), "major");
}

#[test]
fn v1_0_2023_to_now_whole() {
    let Some(d) = diff(V1_2023, V1_NOW, "v1_0", &[]) else {
        return;
    };
    assert!(d.count(Class::Additive) > d.count(Class::Breaking));
    // The 2023 file carries descriptions the current clean file does not: docs-only changes.
    assert!(d.count(Class::DocsOnly) > 0);
}

#[test]
fn beta_2020_to_2021_identity_governance() {
    let Some(d) = diff(BETA_2020, BETA_2021, "beta", &["/identityGovernance/**"]) else {
        return;
    };
    assert!(d.count(Class::Additive) > 0);
}

#[test]
fn beta_2020_to_2021_whole() {
    let Some(d) = diff(BETA_2020, BETA_2021, "beta", &[]) else {
        return;
    };
    assert!(d.count(Class::Additive) > 0 && d.count(Class::Breaking) > 0);
}
