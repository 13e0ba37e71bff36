//! The OpenAPI front-end gives the crate the CSDL one gives, wherever both documents carry the
//! same information: the public API of the two generations (their plans: types, fields with
//! wire names and Rust types, enum members, builders, methods with URL templates and HTTP
//! methods, features) is compared item by item through [`graphgen::plan::Plan::dump`].
//!
//! Every difference must be listed below with its reason: what OpenAPI cannot say, or how the
//! two documents' dates differ (the OpenAPI files are older than the CSDL). A listed difference
//! that no longer occurs fails the test too, so the list stays true. The test prints it.

use std::collections::BTreeSet;
use std::path::Path;

use graphgen::{Config, Profile};
use graphgen_tests::shared::shared_file;

/// The plan dump of one profile generated from `metadata` with the `include` patterns, without
/// type casts (`…/microsoft.graph.<type>`): the OpenAPI files leave out most derived types,
/// so only the CSDL would have them, and the comparison is of what both describe.
fn dump(metadata: &Path, include: &[&str]) -> String {
    let mut profile = Profile::new("v1_0", metadata);
    profile.base_url = Some("https://graph.microsoft.com/v1.0".into());
    for pattern in include {
        profile.include(pattern);
    }
    profile.exclude("/**/microsoft.graph.*/**");
    let mut config = Config::new();
    config.profile(profile);
    config.rerun_if_changed = false;
    config.cargo_warnings = false;
    let plans = config
        .plans()
        .unwrap_or_else(|e| panic!("{}: {e}", metadata.display()));
    plans[0].dump()
}

/// The dump's public API as lines: each member line prefixed with its item's header, so that
/// a line says on its own which item it belongs to (`struct models::AccessPackage | field id:
/// …`). Which private file an item is in is not API (files are re-exported, and how the items
/// are spread over files depends on how many there are), so `file` lines are left out and item
/// paths lose their file segment (`models::access_package::AccessPackage` is
/// `models::AccessPackage` to a user).
fn qualified_lines(dump: &str) -> BTreeSet<String> {
    let mut item = String::new();
    let mut lines = BTreeSet::new();
    for line in dump.lines() {
        if let Some(member) = line.strip_prefix("  ") {
            lines.insert(format!("{item} | {}", member.trim_start()));
        } else if line.starts_with("file ") || line.starts_with("impl mod ") {
            continue;
        } else {
            item = public_header(line);
            lines.insert(item.clone());
        }
    }
    lines
}

/// An item header (`struct models::access_package::AccessPackage [cfg …]`) with the item's
/// public path (`struct models::AccessPackage [cfg …]`): the file is the segment before the
/// name. Other lines (`profile`, `client fn`, `mod`) are kept as they are.
fn public_header(line: &str) -> String {
    let mut words = line.splitn(3, ' ');
    let (Some(kind), Some(path)) = (words.next(), words.next()) else {
        return line.to_owned();
    };
    if matches!(kind, "profile" | "features" | "client" | "mod") {
        return line.to_owned();
    }
    let rest = words.next().map(|r| format!(" {r}")).unwrap_or_default();
    let mut segments: Vec<&str> = path.split("::").collect();
    if segments.len() >= 3 {
        segments.remove(segments.len() - 2);
    }
    format!("{kind} {}{rest}", segments.join("::"))
}

/// A difference the test expects: lines (of one side) containing `needle`, and why.
struct Allowed {
    /// `"csdl"`: only the CSDL generation has the line; `"openapi"`: only the OpenAPI one.
    side: &'static str,
    needle: &'static str,
    why: &'static str,
}

/// Compares the two dumps; every differing line must match an allowance of its side, and
/// every allowance must match a differing line. Returns the report it printed.
fn compare(csdl: &str, openapi: &str, allowed: &[Allowed]) -> String {
    let a = qualified_lines(csdl);
    let b = qualified_lines(openapi);
    let mut used = vec![0usize; allowed.len()];
    let mut unexplained = Vec::new();
    for (side, line) in a
        .difference(&b)
        .map(|l| ("csdl", l))
        .chain(b.difference(&a).map(|l| ("openapi", l)))
    {
        match allowed
            .iter()
            .position(|x| x.side == side && line.contains(x.needle))
        {
            Some(i) => used[i] += 1,
            None => unexplained.push(format!("only in {side}: {line}")),
        }
    }
    let mut report = String::new();
    for (x, n) in allowed.iter().zip(&used) {
        report.push_str(&format!(
            "allowed, only in {}: {n} line(s) with `{}`: {}\n",
            x.side, x.needle, x.why
        ));
    }
    print!("{report}");
    let stale: Vec<_> = allowed
        .iter()
        .zip(&used)
        .filter(|(_, n)| **n == 0)
        .map(|(x, _)| format!("{} `{}`", x.side, x.needle))
        .collect();
    assert!(
        unexplained.is_empty() && stale.is_empty(),
        "{} unexplained difference(s):\n{}\nallowances that match nothing: {stale:?}",
        unexplained.len(),
        unexplained.join("\n")
    );
    report
}

#[test]
fn access_packages_from_the_powershell_openapi_match_the_csdl() {
    let (Some(csdl), Some(openapi)) = (
        shared_file("metadata/v1.0/cleanMetadata.v1.0.xml"),
        shared_file("openapi/identity-governance.v1.0.powershell.yml"),
    ) else {
        return;
    };
    let include = ["/identityGovernance/entitlementManagement/accessPackages/**"];
    let a = dump(&csdl, &include);
    let b = dump(&openapi, &include);
    assert!(
        a.contains("struct models::access_package::AccessPackage\n"),
        "{a}"
    );
    compare(&a, &b, ACCESS_PACKAGES);
}

/// Graph's PowerShell profile drops discriminators and the schemas of types derived from a
/// complex type that no path returns, so OpenAPI cannot say a field holds a derived type.
const NO_DERIVED: &str = "the PowerShell profile has no discriminators and leaves out the \
                          schemas derived from this complex type: no `…Kind` enum, no derived \
                          structs, and fields are of the base type";
/// The OpenAPI document is two years older than the CSDL (see `../shared/openapi/SOURCES.md`).
const NEWER_CSDL: &str = "added to Graph after the OpenAPI document was converted \
                          (2024-10; the CSDL is two years newer)";

/// A derived type or `…Kind` enum of the CSDL that OpenAPI cannot carry.
const fn derived(needle: &'static str) -> Allowed {
    Allowed {
        side: "csdl",
        needle,
        why: NO_DERIVED,
    }
}

/// An item or member of the CSDL that the older OpenAPI document does not have yet.
const fn newer(needle: &'static str) -> Allowed {
    Allowed {
        side: "csdl",
        needle,
        why: NEWER_CSDL,
    }
}

/// A field the OpenAPI generation types as the base of a polymorphic type.
const fn base_typed(needle: &'static str) -> Allowed {
    Allowed {
        side: "openapi",
        needle,
        why: NO_DERIVED,
    }
}

/// The differences between the accessPackage selections of the two documents.
const ACCESS_PACKAGES: &[Allowed] = &[
    // Polymorphic complex types, whose derived schemas the PowerShell profile leaves out.
    derived("SubjectSetKind"),
    derived("AccessPackageResourceAttributeDestinationKind"),
    derived("AccessPackageResourceAttributeSourceKind"),
    derived("CustomExtensionAuthenticationConfigurationKind"),
    derived("CustomExtensionEndpointConfigurationKind"),
    derived("ServiceProvisioningErrorKind"),
    derived("custom_data_provided_resource_payloads::DataKind"),
    derived("struct models::SingleUser"),
    derived("struct models::SingleServicePrincipal"),
    derived("struct models::GroupMembers"),
    derived("struct models::ConnectedOrganizationMembers"),
    derived("struct models::AttributeRuleMembers"),
    derived("struct models::RequestorManager"),
    derived("struct models::TargetManager"),
    derived("struct models::InternalSponsors"),
    derived("struct models::ExternalSponsors"),
    derived("struct models::TargetUserSponsors"),
    derived("struct models::TargetApplicationOwners"),
    derived("mod models::identity_governance"),
    derived("struct models::identity_governance::"),
    derived("struct models::AccessPackageResourceAttributeQuestion"),
    derived("struct models::AccessPackageUserDirectoryAttributeStore"),
    derived("struct models::AzureAdTokenAuthentication"),
    derived("struct models::AzureAdPopTokenAuthentication"),
    derived("struct models::HttpRequestEndpoint"),
    derived("struct models::LogicAppTriggerEndpointConfiguration"),
    derived("struct models::ServiceProvisioningXmlError"),
    base_typed("Vec<models::SubjectSet> "),
    base_typed("Vec<models::ServiceProvisioningError> "),
    base_typed("models::AccessPackageResourceAttributeDestination \""),
    base_typed("models::AccessPackageResourceAttributeSource \""),
    base_typed("models::CustomExtensionAuthenticationConfiguration \""),
    base_typed("models::CustomExtensionEndpointConfiguration \""),
    // What the CSDL has and the older OpenAPI document does not.
    newer("UploadSession"),
    newer("CustomDataProvidedResource"),
    newer("mod models::custom_data_provided_resource_payloads"),
    newer("custom_data_provided_resource_payloads::"),
    newer("builder requests::AccessPackageResourceItem | fn refresh_request/refresh"),
    newer("struct models::TargetAgentIdentitySponsorsOrOwners"),
    newer("AllDirectoryAgentIdentities"),
    newer("ApproverInformationVisibility"),
    newer("is_requestor_justification_required"),
    newer("NotificationSettings"),
    newer("models::RoleType"),
    newer("AccessPackageResourceRoleField | variant Type"),
    newer("struct models::IdentityGovernance | field catalogs"),
    newer("GroupAccessType"),
    newer("OnPremisesExtensionAttributes"),
    newer("models::Group | field "),
    newer("models::GroupField | variant "),
    Allowed {
        side: "openapi",
        needle: "canonical /identityGovernance/entitlementManagement/catalogs",
        why: "in the CSDL, catalogs are also contained in `identityGovernance/catalogs` \
              (newer than the OpenAPI document), so they have no one canonical path",
    },
    // What the CSDL says beyond OpenAPI.
    Allowed {
        side: "csdl",
        needle: "canonical /groups",
        why: "the OpenAPI document holds the Identity.Governance module's paths only: no \
              `/groups` entity set, so a group has no canonical URL",
    },
    Allowed {
        side: "csdl",
        needle: "canonical /directoryObjects",
        why: "the OpenAPI document has no `/directoryObjects` entity set (module subset)",
    },
    Allowed {
        side: "csdl",
        needle: "= microsoft.graph.group | graph.group",
        why: "OpenAPI has no namespace aliases, so only the full `@odata.type` name is \
              accepted for the variant",
    },
    Allowed {
        side: "openapi",
        needle: "= microsoft.graph.group",
        why: "(the same variant, without the alias)",
    },
];

#[test]
fn users_and_groups_from_the_kiota_openapi_match_the_csdl() {
    let (Some(csdl), Some(openapi)) = (
        shared_file("metadata/v1.0/cleanMetadata.v1.0.xml"),
        shared_file("openapi/users-groups.v1.0.kiota-subset.yaml"),
    ) else {
        return;
    };
    // The five paths the subset was cut to, and what they return.
    let include = [
        "/users#GET,POST",
        "/users/{id}#GET,PATCH,DELETE",
        "/users/{id}/memberOf#GET",
        "/groups#GET,POST",
        "/groups/{id}#GET,PATCH,DELETE",
    ];
    let a = dump(&csdl, &include);
    let b = dump(&openapi, &include);
    compare(&a, &b, USERS_GROUPS);
}

/// The Kiota subset's cut, which kept the GET of its five paths only.
const GET_ONLY: &str = "the subset was cut to the GET of five paths (its filter), so the \
                        document has no POST, PATCH or DELETE for them";
/// The Kiota subset is two years older than the CSDL (see `../shared/openapi/SOURCES.md`).
const NEWER_THAN_KIOTA: &str = "added to Graph after the Kiota subset was taken (2024-01; \
                                the CSDL is about two years newer)";

/// An item or member of the CSDL that the older Kiota subset does not have yet.
const fn newer_than_kiota(needle: &'static str) -> Allowed {
    Allowed {
        side: "csdl",
        needle,
        why: NEWER_THAN_KIOTA,
    }
}

/// The differences between the `/users` and `/groups` selections of the two documents.
/// Polymorphism comes through: `DirectoryObjectKind` with its `User` and `Group` variants is
/// in both, from the Kiota profile's `allOf` and discriminators.
const USERS_GROUPS: &[Allowed] = &[
    Allowed {
        side: "csdl",
        needle: "fn post_request/post POST",
        why: GET_ONLY,
    },
    Allowed {
        side: "csdl",
        needle: "fn patch_request/patch PATCH",
        why: GET_ONLY,
    },
    Allowed {
        side: "csdl",
        needle: "fn delete_request/delete DELETE",
        why: GET_ONLY,
    },
    Allowed {
        side: "csdl",
        needle: "fn by_unique_name()",
        why: "an alternate key is in OpenAPI only as a path (`/groups(uniqueName='…')`), which \
              the subset's cut left out",
    },
    Allowed {
        side: "csdl",
        needle: "fn by_user_principal_name()",
        why: "an alternate key is in OpenAPI only as a path \
              (`/users(userPrincipalName='…')`), which the subset's cut left out",
    },
    Allowed {
        side: "csdl",
        needle: "ServiceProvisioningXmlError",
        why: "the cut dropped the schema its discriminator mapping names (a dangling mapping, \
              warned about), so `serviceProvisioningError` has no derived type",
    },
    Allowed {
        side: "csdl",
        needle: "ServiceProvisioningErrorKind",
        why: "(the same: with no derived type, no `…Kind` enum)",
    },
    Allowed {
        side: "openapi",
        needle: "Vec<models::ServiceProvisioningError> ",
        why: "(the same: the field is of the base type)",
    },
    Allowed {
        side: "csdl",
        needle: "canonical /directoryObjects",
        why: "the subset has no `/directoryObjects` path",
    },
    Allowed {
        side: "csdl",
        needle: "| graph.group",
        why: "OpenAPI has no namespace aliases: only `microsoft.graph.group` is accepted",
    },
    Allowed {
        side: "csdl",
        needle: "| graph.user",
        why: "OpenAPI has no namespace aliases: only `microsoft.graph.user` is accepted",
    },
    Allowed {
        side: "openapi",
        needle: "= microsoft.graph.",
        why: "(the same variants, without the alias)",
    },
    newer_than_kiota("GroupAccessType"),
    newer_than_kiota("models::GroupField | variant "),
    newer_than_kiota("models::Group | field "),
    newer_than_kiota("models::UserField | variant "),
    newer_than_kiota("models::User | field identity_parent_id"),
    newer_than_kiota("models::User | field is_management_restricted"),
    newer_than_kiota("models::User | field sponsor"),
    newer_than_kiota("models::SignInActivity | field last_successful_sign_in"),
];
