//! The hand-written CSDL slices in `metadata/` must say what the real Microsoft Graph schema says.
//!
//! `metadata/v1.0/access-packages.xml` and `metadata/beta/access-packages.xml` are written by
//! hand from the public schema, with descriptions in our own words. This test reads them and the
//! real metadata in `../shared/metadata` with graphgen's own CSDL parser and checks, for each
//! version, that:
//!
//! - every entity, complex, enum and type-definition type of ours exists in the real schema with
//!   the same kind, base type, abstract/open/stream flags and key;
//! - every property has the same type, nullability and facets; every navigation property has the
//!   same type, nullability, partner and containment;
//! - enums have exactly the real members with the same values;
//! - every bound or unbound operation of ours exists (overloads are told apart by binding type)
//!   with the same parameters, return type, composability and entity set path;
//! - container children, and out-of-line `Annotations` blocks, exist with the same facts;
//! - every non-description annotation we write (capabilities, Referenceable, AlternateKeys,
//!   Revisions, ...) is one the real element carries, and the real AlternateKeys, Referenceable,
//!   OptionalParameter and RequiresExplicitBinding annotations of the elements we include are
//!   not left out;
//! - the types named in `COMPLETE_*` have all of their real properties and navigation properties;
//! - no description of ours is a copy of one of Microsoft's (same element, or anywhere).
//!
//! The real references: v1.0 is checked against `cleanMetadata.v1.0.xml`; beta against the
//! current clean beta fragment (accessPackage, entitlementManagement, entity and
//! identityGovernance, wrapped in a minimal document here) and, for every other type, against
//! `beta-USNat.csdl`. All differences are collected and reported in one failure.
//!
//! Missing `../shared` inputs skip the comparison (see `graphgen_tests::shared`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use graphgen::csdl::syntax::{
    Annotation, Annotations, Document, EntityContainer, EnumType, Expr, NavigationProperty,
    Operation, OperationKind, Property, Record, StructuredType, TypeDefinition,
};
use graphgen_tests::shared::{shared_file, workspace_root};

mod compare;
mod descriptions;
mod index;
mod paths;

use compare::*;
use descriptions::*;
use index::*;
use paths::*;

const DESCRIPTION: &str = "Org.OData.Core.V1.Description";
const LONG_DESCRIPTION: &str = "Org.OData.Core.V1.LongDescription";
const ALTERNATE_KEYS: &str = "Org.OData.Core.V1.AlternateKeys";
const OPTIONAL_PARAMETER: &str = "Org.OData.Core.V1.OptionalParameter";
const REQUIRES_EXPLICIT_BINDING: &str = "Org.OData.Core.V1.RequiresExplicitBinding";
const NAVIGATION_RESTRICTIONS: &str = "Org.OData.Capabilities.V1.NavigationRestrictions";

/// Aliases of the standard vocabularies, used when a document does not declare its own.
const VOCABULARY_ALIASES: [(&str, &str); 4] = [
    ("Core", "Org.OData.Core.V1"),
    ("Capabilities", "Org.OData.Capabilities.V1"),
    ("Validation", "Org.OData.Validation.V1"),
    ("Measures", "Org.OData.Measures.V1"),
];

/// Types whose properties and navigation properties our files must carry in full.
const COMPLETE_V1: &[&str] = &[
    "microsoft.graph.accessPackage",
    "microsoft.graph.accessPackageAssignmentPolicy",
    "microsoft.graph.accessPackageCatalog",
    "microsoft.graph.accessPackageResourceRoleScope",
];
const COMPLETE_BETA: &[&str] = COMPLETE_V1;

/// Descriptions shorter than this (after normalisation) are too generic ("Creation time.") to
/// count as copied when they merely occur somewhere else in Graph; on the same element they
/// still count.
const MIN_GLOBAL_DESCRIPTION_LEN: usize = 24;

const V1_CLEAN: &str = "metadata/v1.0/cleanMetadata.v1.0.xml";
const V1_FRAGMENT: &str =
    "metadata/v1.0/fragment.cleanMetadataWithDescriptionsv1.0.0e89238.accessPackage.xml";
const V1_DESCRIPTIONS: &str = "metadata/v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml";
const BETA_USNAT: &str = "metadata/beta/beta-USNat.csdl";
const BETA_FRAGMENT: &str = "metadata/beta/fragment.cleanMetadataWithDescriptionsbeta.b51a974.accessPackage-entitlementManagement-identityGovernance.xml";
const BETA_DESCRIPTIONS: &str = "metadata/beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml";

/// The descriptions files of both versions: a description of ours equal to any of theirs is
/// a copy, whichever version it comes from.
const DESCRIPTION_SOURCES: &[Source] = &[
    Source::Fragment(V1_FRAGMENT),
    Source::Full(V1_DESCRIPTIONS),
    Source::Fragment(BETA_FRAGMENT),
    Source::Full(BETA_DESCRIPTIONS),
];

// ----- entry points ------------------------------------------------------------------------------

#[test]
fn v1_0_slice_is_faithful_to_the_real_schema() {
    check_version(&Version {
        label: "v1.0",
        ours: "metadata/v1.0/access-packages.xml",
        references: &[Source::Full(V1_CLEAN)],
        same_element_descriptions: &[Source::Fragment(V1_FRAGMENT), Source::Full(V1_DESCRIPTIONS)],
        complete: COMPLETE_V1,
    });
}

#[test]
fn beta_slice_is_faithful_to_the_real_schema() {
    check_version(&Version {
        label: "beta",
        ours: "metadata/beta/access-packages.xml",
        references: &[Source::Fragment(BETA_FRAGMENT), Source::Full(BETA_USNAT)],
        same_element_descriptions: &[
            Source::Fragment(BETA_FRAGMENT),
            Source::Full(BETA_DESCRIPTIONS),
        ],
        complete: COMPLETE_BETA,
    });
}

/// Both files must say where they come from and that their descriptions are ours.
#[test]
fn slices_carry_their_provenance_comment() {
    for rel in [
        "metadata/v1.0/access-packages.xml",
        "metadata/beta/access-packages.xml",
    ] {
        let path = workspace_root().join(rel);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let head: String = text.chars().take(4000).collect();
        for needle in [
            "Written by hand for graphgen from the public Microsoft Graph",
            "What it covers:",
            "every Core.Description text are our own",
        ] {
            assert!(
                head.contains(needle),
                "{rel}: the top comment must contain {needle:?}"
            );
        }
    }
}

/// The request paths of the seed pages resolve, segment by segment, in our slices.
#[test]
fn seed_paths_resolve_in_the_slices() {
    // (version, seed page, path as the page writes it)
    const SEED_PATHS: &[(&str, &str, &str)] = &[
        (
            "beta",
            "000",
            "/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}/accessPackages/{accessPackageId}/accessPackagesIncompatibleWith/$ref",
        ),
        (
            "beta",
            "001",
            "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleAccessPackages/$ref",
        ),
        (
            "beta",
            "003",
            "/identityGovernance/entitlementManagement/accessPackages",
        ),
        (
            "v1.0",
            "001",
            "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleAccessPackages/$ref",
        ),
        (
            "v1.0",
            "003",
            "/identityGovernance/entitlementManagement/accessPackages",
        ),
        (
            "v1.0",
            "004",
            "/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleGroups/$ref",
        ),
        ("v1.0", "004", "/groups/{id}"),
        ("beta", "004", "/groups/{id}"),
    ];
    let docs: BTreeMap<&str, Document> = [("v1.0", "v1.0"), ("beta", "beta")]
        .into_iter()
        .map(|(label, dir)| {
            let path = workspace_root()
                .join("metadata")
                .join(dir)
                .join("access-packages.xml");
            let doc = graphgen::csdl::parse_file(&path)
                .unwrap_or_else(|e| panic!("{label}: cannot parse our slice: {e}"));
            (label, doc)
        })
        .collect();
    let mut problems = Vec::new();
    for (label, seed, path) in SEED_PATHS {
        let ix = Index::new(label, &docs[label]);
        if let Err(why) = resolve_path(&ix, path) {
            problems.push(format!("{label} seed {seed}: {path}: {why}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ----- one version ---------------------------------------------------------------------------------

/// Where a real document comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A complete CSDL document under `../shared`.
    Full(&'static str),
    /// Bare `EntityType` elements under `../shared`, to be wrapped in a `microsoft.graph` schema.
    Fragment(&'static str),
}

impl Source {
    fn rel(self) -> &'static str {
        match self {
            Source::Full(rel) | Source::Fragment(rel) => rel,
        }
    }
}

struct Version {
    label: &'static str,
    ours: &'static str,
    /// Looked up in order: a type is compared with the first reference that defines it.
    references: &'static [Source],
    /// Checked for copied descriptions on the same element.
    same_element_descriptions: &'static [Source],
    complete: &'static [&'static str],
}

fn check_version(v: &Version) {
    let ours_path = workspace_root().join(v.ours);
    let ours_doc = graphgen::csdl::parse_file(&ours_path)
        .unwrap_or_else(|e| panic!("{}: cannot parse our slice: {e}", v.label));

    // Every shared input is needed; the first missing one skips the whole comparison.
    let mut located: BTreeMap<&str, PathBuf> = BTreeMap::new();
    for source in v
        .references
        .iter()
        .chain(v.same_element_descriptions)
        .chain(DESCRIPTION_SOURCES)
    {
        if located.contains_key(source.rel()) {
            continue;
        }
        let Some(path) = shared_file(source.rel()) else {
            return;
        };
        located.insert(source.rel(), path);
    }

    let mut diffs = Vec::new();
    let mut load = |source: Source| -> Option<Document> {
        let path = &located[source.rel()];
        let parsed = match source {
            Source::Full(_) => graphgen::csdl::parse_file(path),
            Source::Fragment(_) => read_fragment(path),
        };
        match parsed {
            Ok(doc) => Some(doc),
            Err(e) => {
                diffs.push(format!("cannot parse {}: {e}", path.display()));
                None
            }
        }
    };
    let references: Vec<Document> = v.references.iter().filter_map(|s| load(*s)).collect();
    let same_element: Vec<Document> = v
        .same_element_descriptions
        .iter()
        .filter_map(|s| load(*s))
        .collect();
    let all_descriptions: Vec<Document> = DESCRIPTION_SOURCES
        .iter()
        .filter_map(|s| load(*s))
        .collect();

    if diffs.is_empty() {
        let ours = Index::new("ours", &ours_doc);
        let reals: Vec<Index<'_>> = references
            .iter()
            .zip(v.references)
            .map(|(d, s)| Index::new(s.rel(), d))
            .collect();
        let mut cmp = Compare {
            ours: &ours,
            reals: &reals,
            complete: v.complete,
            diffs: Vec::new(),
        };
        cmp.types();
        cmp.operations();
        cmp.containers();
        cmp.annotation_blocks();
        diffs.extend(cmp.diffs);

        let same: Vec<Index<'_>> = same_element
            .iter()
            .map(|d| Index::new("descriptions", d))
            .collect();
        let global: Vec<Index<'_>> = all_descriptions
            .iter()
            .chain(references.iter())
            .map(|d| Index::new("descriptions", d))
            .collect();
        check_descriptions(&ours, &same, &global, &mut diffs);
    }

    if !diffs.is_empty() {
        let mut msg = format!(
            "{}: {} is not faithful to the real schema ({} differences):\n",
            v.label,
            v.ours,
            diffs.len()
        );
        for d in &diffs {
            let _ = writeln!(msg, "  - {d}");
        }
        panic!("{msg}");
    }
}

/// Wraps bare `EntityType` elements in a minimal EDMX document with a `microsoft.graph`
/// schema (alias `graph`) and parses it. Only done in memory, at test time.
fn read_fragment(path: &Path) -> graphgen::Result<Document> {
    let text = std::fs::read_to_string(path).map_err(|source| graphgen::Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let wrapped = format!(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n\
         <edmx:DataServices>\n\
         <Schema Namespace=\"microsoft.graph\" Alias=\"graph\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n\
         {body}\n\
         </Schema>\n\
         </edmx:DataServices>\n\
         </edmx:Edmx>\n"
    );
    graphgen::csdl::parse_str(path, &wrapped)
}

/// A missing shared input is reported as skipped (or fails under GRAPHGEN_REQUIRE_SHARED=1).
#[test]
fn missing_shared_inputs_are_skipped() {
    let rel = "metadata/no-such-file-graphgen-test.xml";
    if std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() == Ok("1") {
        let result = std::panic::catch_unwind(|| shared_file(rel));
        assert!(
            result.is_err(),
            "GRAPHGEN_REQUIRE_SHARED=1 must make a missing input fail"
        );
    } else {
        assert!(shared_file(rel).is_none());
    }
}
