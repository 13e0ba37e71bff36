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

// ----- an index of one document ------------------------------------------------------------------

#[derive(Clone, Copy)]
enum TypeRef<'d> {
    Entity(&'d StructuredType),
    Complex(&'d StructuredType),
    Enum(&'d EnumType),
    Definition(&'d TypeDefinition),
}

impl TypeRef<'_> {
    fn kind(self) -> &'static str {
        match self {
            TypeRef::Entity(_) => "EntityType",
            TypeRef::Complex(_) => "ComplexType",
            TypeRef::Enum(_) => "EnumType",
            TypeRef::Definition(_) => "TypeDefinition",
        }
    }
}

/// An operation with its qualified name.
struct Op<'d> {
    name: String,
    op: &'d Operation,
}

/// What one document declares, by qualified name (aliases resolved).
struct Index<'d> {
    label: String,
    aliases: BTreeMap<String, String>,
    types: BTreeMap<String, TypeRef<'d>>,
    operations: Vec<Op<'d>>,
    containers: Vec<(String, &'d EntityContainer)>,
    annotations: Vec<(String, &'d Annotations)>,
}

/// How operations are told apart: kind, qualified name, and the binding parameter's type (bound)
/// or all parameter types (unbound).
type OpKey = (OperationKind, String, String);

impl<'d> Index<'d> {
    fn new(label: &str, doc: &'d Document) -> Self {
        let mut aliases: BTreeMap<String, String> = VOCABULARY_ALIASES
            .iter()
            .map(|(a, ns)| (a.to_string(), ns.to_string()))
            .collect();
        for r in &doc.references {
            for inc in &r.includes {
                if let Some(alias) = &inc.alias {
                    aliases.insert(alias.clone(), inc.namespace.clone());
                }
            }
        }
        for s in &doc.schemas {
            if let Some(alias) = &s.alias {
                aliases.insert(alias.clone(), s.namespace.clone());
            }
        }
        let mut ix = Index {
            label: label.to_string(),
            aliases,
            types: BTreeMap::new(),
            operations: Vec::new(),
            containers: Vec::new(),
            annotations: Vec::new(),
        };
        for s in &doc.schemas {
            let ns = &s.namespace;
            for t in &s.entity_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Entity(t));
            }
            for t in &s.complex_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Complex(t));
            }
            for t in &s.enum_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Enum(t));
            }
            for t in &s.type_definitions {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Definition(t));
            }
            for op in &s.operations {
                ix.operations.push(Op {
                    name: format!("{ns}.{}", op.name),
                    op,
                });
            }
            for c in &s.containers {
                ix.containers.push((format!("{ns}.{}", c.name), c));
            }
        }
        let blocks: Vec<(String, &'d Annotations)> = doc
            .schemas
            .iter()
            .flat_map(|s| s.annotations.iter())
            .map(|a| (ix.target(&a.target), a))
            .collect();
        ix.annotations = blocks;
        ix
    }

    /// Resolves an alias-qualified name (`graph.group`, `Collection(graph.group)`,
    /// `Core.Description`) to its namespace-qualified form.
    fn qualify(&self, name: &str) -> String {
        let name = name.trim();
        if let Some(inner) = name
            .strip_prefix("Collection(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            return format!("Collection({})", self.qualify(inner));
        }
        match name.rsplit_once('.') {
            Some((prefix, local)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{local}"),
                None => name.to_string(),
            },
            None => name.to_string(),
        }
    }

    fn qualify_opt(&self, name: Option<&String>) -> Option<String> {
        name.map(|n| self.qualify(n))
    }

    /// Normalises an annotation target: `Qualified.Name[(params)][/path]`.
    fn target(&self, target: &str) -> String {
        let (head, rest) = match target.find('/') {
            Some(i) if !target[..i].contains('(') || target[..i].contains(')') => {
                (&target[..i], &target[i..])
            }
            _ => (target, ""),
        };
        let head = match head.find('(') {
            Some(i) if head.ends_with(')') => {
                let params: Vec<String> = split_params(&head[i + 1..head.len() - 1])
                    .into_iter()
                    .map(|p| self.qualify(p))
                    .collect();
                format!("{}({})", self.qualify(&head[..i]), params.join(","))
            }
            _ => self.qualify(head),
        };
        format!("{head}{rest}")
    }

    /// Normalises an `EnumMember` expression (`Alias.Type/Member`, space-separated for flags).
    fn enum_member_expr(&self, text: &str) -> String {
        text.split_whitespace()
            .map(|m| match m.split_once('/') {
                Some((ty, member)) => format!("{}/{member}", self.qualify(ty)),
                None => m.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn op_key(&self, op: &Op<'_>) -> OpKey {
        let sig = if op.op.is_bound {
            op.op
                .parameters
                .first()
                .map(|p| self.qualify(&p.type_name))
                .unwrap_or_default()
        } else {
            let types: Vec<String> = op
                .op
                .parameters
                .iter()
                .map(|p| self.qualify(&p.type_name))
                .collect();
            format!("unbound({})", types.join(","))
        };
        (op.op.kind, op.name.clone(), sig)
    }

    /// The element key of an operation, in annotation-target syntax.
    fn op_target(&self, op: &Op<'_>) -> String {
        let (_, name, sig) = self.op_key(op);
        if op.op.is_bound {
            format!("{name}({sig})")
        } else {
            format!("{name}()")
        }
    }

    /// A structured type and its base types, nearest first (stops at unknown or cyclic bases).
    fn with_bases(&self, name: &str) -> Vec<&'d StructuredType> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut current = Some(name.to_string());
        while let Some(n) = current.take() {
            if !seen.insert(n.clone()) {
                break;
            }
            match self.types.get(&n) {
                Some(TypeRef::Entity(t) | TypeRef::Complex(t)) => {
                    out.push(*t);
                    current = self.qualify_opt(t.base_type.as_ref());
                }
                _ => break,
            }
        }
        out
    }
}

/// Splits `a,Collection(b),c` at top-level commas.
fn split_params(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

fn is_description(term: &str) -> bool {
    term == DESCRIPTION || term == LONG_DESCRIPTION
}

fn eff_nullable(n: Option<bool>) -> bool {
    n.unwrap_or(true)
}

// ----- comparing our index with the real ones ----------------------------------------------------

struct Compare<'a, 'd> {
    ours: &'a Index<'d>,
    reals: &'a [Index<'d>],
    complete: &'a [&'a str],
    diffs: Vec<String>,
}

impl<'a, 'd> Compare<'a, 'd> {
    fn diff(&mut self, what: String) {
        self.diffs.push(what);
    }

    fn real_type(&self, name: &str) -> Option<(&'a Index<'d>, TypeRef<'d>)> {
        self.reals
            .iter()
            .find_map(|ix| ix.types.get(name).map(|t| (ix, *t)))
    }

    fn types(&mut self) {
        let ours = self.ours;
        for (name, t) in &ours.types {
            let Some((rix, rt)) = self.real_type(name) else {
                self.diff(format!("{name}: {} not in the real schema", t.kind()));
                continue;
            };
            match (*t, rt) {
                (TypeRef::Entity(o), TypeRef::Entity(r))
                | (TypeRef::Complex(o), TypeRef::Complex(r)) => {
                    self.structured(name, o, rix, r);
                    self.cross_check(name, o, rix);
                }
                (TypeRef::Enum(o), TypeRef::Enum(r)) => self.enum_type(name, o, rix, r),
                (TypeRef::Definition(o), TypeRef::Definition(r)) => {
                    let (a, b) = (
                        ours.qualify(&o.underlying_type),
                        rix.qualify(&r.underlying_type),
                    );
                    if a != b {
                        self.diff(format!("{name}: underlying type {a}, real {b}"));
                    }
                    self.annotations(name, &o.annotations, rix, &r.annotations, &[]);
                }
                (o, r) => self.diff(format!(
                    "{name}: ours is an {}, the real one an {} (in {})",
                    o.kind(),
                    r.kind(),
                    rix.label
                )),
            }
        }
    }

    fn structured(&mut self, name: &str, o: &StructuredType, rix: &Index<'d>, r: &StructuredType) {
        let ours = self.ours;
        let (ob, rb) = (
            ours.qualify_opt(o.base_type.as_ref()),
            rix.qualify_opt(r.base_type.as_ref()),
        );
        if ob != rb {
            self.diff(format!("{name}: base type {ob:?}, real {rb:?}"));
        }
        for (what, a, b) in [
            ("Abstract", o.is_abstract, r.is_abstract),
            ("OpenType", o.open_type, r.open_type),
            ("HasStream", o.has_stream, r.has_stream),
        ] {
            if a != b {
                self.diff(format!("{name}: {what}={a}, real {what}={b}"));
            }
        }
        let key = |t: &StructuredType| {
            t.key
                .as_ref()
                .map(|k| k.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
        };
        if key(o) != key(r) {
            self.diff(format!("{name}: key {:?}, real {:?}", key(o), key(r)));
        }
        for p in &o.properties {
            let element = format!("{name}/{}", p.name);
            match r.properties.iter().find(|rp| rp.name == p.name) {
                Some(rp) => self.property(&element, p, rix, rp),
                None => self.diff(format!("{element}: property not in the real type")),
            }
        }
        for n in &o.navigation_properties {
            let element = format!("{name}/{}", n.name);
            match r.navigation_properties.iter().find(|rn| rn.name == n.name) {
                Some(rn) => self.navigation(&element, n, rix, rn),
                None => self.diff(format!(
                    "{element}: navigation property not in the real type"
                )),
            }
        }
        self.annotations(name, &o.annotations, rix, &r.annotations, &[ALTERNATE_KEYS]);
        if self.complete.contains(&name) {
            for rp in &r.properties {
                if !o.properties.iter().any(|p| p.name == rp.name) {
                    self.diff(format!(
                        "{name}/{}: real property missing from our file (the type must be complete)",
                        rp.name
                    ));
                }
            }
            for rn in &r.navigation_properties {
                if !o.navigation_properties.iter().any(|n| n.name == rn.name) {
                    self.diff(format!(
                        "{name}/{}: real navigation property missing from our file (the type must be complete)",
                        rn.name
                    ));
                }
            }
        }
    }

    /// When a later reference also defines the type (beta: `beta-USNat.csdl` behind the clean
    /// fragment), the members both define must agree on type, nullability and containment.
    /// Members or annotations only the first reference has are expected (clean-up transform).
    fn cross_check(&mut self, name: &str, o: &StructuredType, first: &Index<'d>) {
        let ours = self.ours;
        let later = self
            .reals
            .iter()
            .skip_while(|ix| !std::ptr::eq(*ix, first))
            .skip(1);
        for rix in later {
            let (Some(TypeRef::Entity(r)) | Some(TypeRef::Complex(r))) = rix.types.get(name) else {
                continue;
            };
            let label = &rix.label;
            for p in &o.properties {
                if let Some(rp) = r.properties.iter().find(|x| x.name == p.name) {
                    let (a, b) = (ours.qualify(&p.type_name), rix.qualify(&rp.type_name));
                    if a != b || eff_nullable(p.nullable) != eff_nullable(rp.nullable) {
                        self.diff(format!(
                            "{name}/{}: (cross-check with {label}) type {a} nullable {}, there {b} nullable {}",
                            p.name,
                            eff_nullable(p.nullable),
                            eff_nullable(rp.nullable)
                        ));
                    }
                }
            }
            for n in &o.navigation_properties {
                if let Some(rn) = r.navigation_properties.iter().find(|x| x.name == n.name) {
                    let (a, b) = (ours.qualify(&n.type_name), rix.qualify(&rn.type_name));
                    if a != b || n.contains_target != rn.contains_target {
                        self.diff(format!(
                            "{name}/{}: (cross-check with {label}) type {a} ContainsTarget={}, there {b} ContainsTarget={}",
                            n.name, n.contains_target, rn.contains_target
                        ));
                    }
                }
            }
        }
    }

    fn property(&mut self, element: &str, o: &Property, rix: &Index<'d>, r: &Property) {
        let (ot, rt) = (self.ours.qualify(&o.type_name), rix.qualify(&r.type_name));
        if ot != rt {
            self.diff(format!("{element}: type {ot}, real {rt}"));
        }
        if eff_nullable(o.nullable) != eff_nullable(r.nullable) {
            self.diff(format!(
                "{element}: Nullable={}, real Nullable={}",
                eff_nullable(o.nullable),
                eff_nullable(r.nullable)
            ));
        }
        for (what, a, b) in [
            ("MaxLength", &o.max_length, &r.max_length),
            ("Scale", &o.scale, &r.scale),
            ("DefaultValue", &o.default_value, &r.default_value),
        ] {
            if a != b {
                self.diff(format!("{element}: {what} {a:?}, real {b:?}"));
            }
        }
        if o.precision != r.precision {
            self.diff(format!(
                "{element}: Precision {:?}, real {:?}",
                o.precision, r.precision
            ));
        }
        self.annotations(element, &o.annotations, rix, &r.annotations, &[]);
    }

    fn navigation(
        &mut self,
        element: &str,
        o: &NavigationProperty,
        rix: &Index<'d>,
        r: &NavigationProperty,
    ) {
        let (ot, rt) = (self.ours.qualify(&o.type_name), rix.qualify(&r.type_name));
        if ot != rt {
            self.diff(format!("{element}: type {ot}, real {rt}"));
        }
        if o.contains_target != r.contains_target {
            self.diff(format!(
                "{element}: ContainsTarget={}, real ContainsTarget={}",
                o.contains_target, r.contains_target
            ));
        }
        if eff_nullable(o.nullable) != eff_nullable(r.nullable) {
            self.diff(format!(
                "{element}: Nullable={}, real Nullable={}",
                eff_nullable(o.nullable),
                eff_nullable(r.nullable)
            ));
        }
        if o.partner != r.partner {
            self.diff(format!(
                "{element}: Partner {:?}, real {:?}",
                o.partner, r.partner
            ));
        }
        self.annotations(
            element,
            &o.annotations,
            rix,
            &r.annotations,
            &[NAVIGATION_RESTRICTIONS],
        );
    }

    fn enum_type(&mut self, name: &str, o: &EnumType, rix: &Index<'d>, r: &EnumType) {
        let underlying = |ix: &Index<'_>, t: &EnumType| {
            t.underlying_type
                .as_ref()
                .map_or_else(|| "Edm.Int32".to_string(), |u| ix.qualify(u))
        };
        let (ou, ru) = (underlying(self.ours, o), underlying(rix, r));
        if ou != ru {
            self.diff(format!("{name}: UnderlyingType {ou}, real {ru}"));
        }
        if o.is_flags != r.is_flags {
            self.diff(format!(
                "{name}: IsFlags={}, real IsFlags={}",
                o.is_flags, r.is_flags
            ));
        }
        // Implicit values count from 0 in document order (CSDL 4.0, 10.2.2).
        let values = |t: &EnumType| -> Vec<(String, Option<i64>)> {
            t.members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let implicit = i64::try_from(i).ok();
                    (m.name.clone(), m.value.or(implicit))
                })
                .collect()
        };
        let (om, rm) = (values(o), values(r));
        for (m, v) in &om {
            match rm.iter().find(|(rn, _)| rn == m) {
                None => self.diff(format!("{name}/{m}: member not in the real enum")),
                Some((_, rv)) if rv != v => {
                    self.diff(format!("{name}/{m}: value {v:?}, real {rv:?}"));
                }
                Some(_) => {}
            }
        }
        for (m, _) in &rm {
            if !om.iter().any(|(n, _)| n == m) {
                self.diff(format!(
                    "{name}/{m}: real member missing from our enum (enums must be complete)"
                ));
            }
        }
        self.annotations(name, &o.annotations, rix, &r.annotations, &[]);
        for m in &o.members {
            if let Some(rmember) = r.members.iter().find(|x| x.name == m.name) {
                self.annotations(
                    &format!("{name}/{}", m.name),
                    &m.annotations,
                    rix,
                    &rmember.annotations,
                    &[],
                );
            }
        }
    }

    /// Our non-description annotations must be covered by the real element's; the real
    /// element's annotations with a term in `required` must be present in ours.
    fn annotations(
        &mut self,
        element: &str,
        ours: &[Annotation],
        rix: &Index<'d>,
        real: &[Annotation],
        required: &[&str],
    ) {
        let oix = self.ours;
        for a in ours {
            let term = oix.qualify(&a.term);
            if is_description(&term) {
                continue;
            }
            let covered = real.iter().any(|ra| {
                rix.qualify(&ra.term) == term
                    && ra.qualifier == a.qualifier
                    && covers(oix, a.value.as_ref(), rix, ra.value.as_ref(), None)
            });
            if !covered {
                let real_same_term: Vec<String> = real
                    .iter()
                    .filter(|ra| rix.qualify(&ra.term) == term)
                    .map(|ra| show(rix, ra.value.as_ref()))
                    .collect();
                self.diff(format!(
                    "{element}: annotation {term}{} = {} is not in the real schema (real: {})",
                    qualifier_suffix(a.qualifier.as_deref()),
                    show(oix, a.value.as_ref()),
                    if real_same_term.is_empty() {
                        "none".to_string()
                    } else {
                        real_same_term.join(" | ")
                    }
                ));
            }
        }
        for ra in real {
            let term = rix.qualify(&ra.term);
            if required.contains(&term.as_str())
                && !ours
                    .iter()
                    .any(|a| oix.qualify(&a.term) == term && a.qualifier == ra.qualifier)
            {
                self.diff(format!(
                    "{element}: the real schema has annotation {term}{} = {}, ours does not",
                    qualifier_suffix(ra.qualifier.as_deref()),
                    show(rix, ra.value.as_ref())
                ));
            }
        }
    }

    fn operations(&mut self) {
        let ours = self.ours;
        for op in &ours.operations {
            let key = ours.op_key(op);
            let element = ours.op_target(op);
            let found = self.reals.iter().find_map(|rix| {
                rix.operations
                    .iter()
                    .find(|rop| rix.op_key(rop) == key)
                    .map(|rop| (rix, rop))
            });
            let Some((rix, rop)) = found else {
                self.diff(format!(
                    "{element}: {:?} not in the real schema (overloads are matched by binding type)",
                    op.op.kind
                ));
                continue;
            };
            let (o, r) = (op.op, rop.op);
            for (what, a, b) in [
                ("IsBound", o.is_bound, r.is_bound),
                ("IsComposable", o.is_composable, r.is_composable),
            ] {
                if a != b {
                    self.diff(format!("{element}: {what}={a}, real {what}={b}"));
                }
            }
            if o.entity_set_path != r.entity_set_path {
                self.diff(format!(
                    "{element}: EntitySetPath {:?}, real {:?}",
                    o.entity_set_path, r.entity_set_path
                ));
            }
            let params = |ix: &Index<'_>, op: &Operation| -> Vec<(String, String, bool)> {
                op.parameters
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            ix.qualify(&p.type_name),
                            eff_nullable(p.nullable),
                        )
                    })
                    .collect()
            };
            let (op_params, rp_params) = (params(ours, o), params(rix, r));
            if op_params != rp_params {
                self.diff(format!(
                    "{element}: parameters (name, type, nullable) {op_params:?}, real {rp_params:?}"
                ));
            }
            for p in &o.parameters {
                if let Some(rp) = r.parameters.iter().find(|x| x.name == p.name) {
                    self.annotations(
                        &format!("{element}/{}", p.name),
                        &p.annotations,
                        rix,
                        &rp.annotations,
                        &[OPTIONAL_PARAMETER],
                    );
                }
            }
            let ret = |ix: &Index<'_>, op: &Operation| {
                op.return_type
                    .as_ref()
                    .map(|rt| (ix.qualify(&rt.type_name), eff_nullable(rt.nullable)))
            };
            let (or, rr) = (ret(ours, o), ret(rix, r));
            if or != rr {
                self.diff(format!("{element}: return type {or:?}, real {rr:?}"));
            }
            self.annotations(
                &element,
                &o.annotations,
                rix,
                &r.annotations,
                &[REQUIRES_EXPLICIT_BINDING],
            );
        }
    }

    fn containers(&mut self) {
        let ours = self.ours;
        for (cname, c) in &ours.containers {
            let found = self.reals.iter().find_map(|rix| {
                rix.containers
                    .iter()
                    .find(|(n, _)| n == cname)
                    .map(|(_, rc)| (rix, *rc))
            });
            let Some((rix, rc)) = found else {
                self.diff(format!("{cname}: entity container not in the real schema"));
                continue;
            };
            for es in &c.entity_sets {
                let element = format!("{cname}/{}", es.name);
                let Some(res) = rc.entity_sets.iter().find(|x| x.name == es.name) else {
                    self.diff(format!("{element}: entity set not in the real container"));
                    continue;
                };
                let (a, b) = (ours.qualify(&es.entity_type), rix.qualify(&res.entity_type));
                if a != b {
                    self.diff(format!("{element}: EntityType {a}, real {b}"));
                }
                for bnd in &es.bindings {
                    if !res
                        .bindings
                        .iter()
                        .any(|x| x.path == bnd.path && x.target == bnd.target)
                    {
                        self.diff(format!(
                            "{element}: binding {} -> {} not in the real schema",
                            bnd.path, bnd.target
                        ));
                    }
                }
                self.annotations(&element, &es.annotations, rix, &res.annotations, &[]);
            }
            for s in &c.singletons {
                let element = format!("{cname}/{}", s.name);
                let Some(rs) = rc.singletons.iter().find(|x| x.name == s.name) else {
                    self.diff(format!("{element}: singleton not in the real container"));
                    continue;
                };
                let (a, b) = (ours.qualify(&s.type_name), rix.qualify(&rs.type_name));
                if a != b {
                    self.diff(format!("{element}: Type {a}, real {b}"));
                }
                for bnd in &s.bindings {
                    if !rs
                        .bindings
                        .iter()
                        .any(|x| x.path == bnd.path && x.target == bnd.target)
                    {
                        self.diff(format!(
                            "{element}: binding {} -> {} not in the real schema",
                            bnd.path, bnd.target
                        ));
                    }
                }
                self.annotations(&element, &s.annotations, rix, &rs.annotations, &[]);
            }
            for (imports, real_imports, what) in [
                (&c.action_imports, &rc.action_imports, "ActionImport"),
                (&c.function_imports, &rc.function_imports, "FunctionImport"),
            ] {
                for imp in imports {
                    let element = format!("{cname}/{}", imp.name);
                    match real_imports.iter().find(|x| x.name == imp.name) {
                        None => self.diff(format!("{element}: {what} not in the real container")),
                        Some(ri) => {
                            let (a, b) = (ours.qualify(&imp.operation), rix.qualify(&ri.operation));
                            if a != b || imp.entity_set != ri.entity_set {
                                self.diff(format!(
                                    "{element}: {what} of {a} (entity set {:?}), real {b} ({:?})",
                                    imp.entity_set, ri.entity_set
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    fn annotation_blocks(&mut self) {
        let ours = self.ours;
        for (target, block) in &ours.annotations {
            let real_blocks: Vec<(&Index<'d>, &Annotations)> = self
                .reals
                .iter()
                .flat_map(|rix| {
                    rix.annotations
                        .iter()
                        .filter(|(t, b)| t == target && b.qualifier == block.qualifier)
                        .map(move |(_, b)| (rix, *b))
                })
                .collect();
            let element = format!("Annotations({target})");
            if real_blocks.is_empty() {
                self.diff(format!(
                    "{element}: no out-of-line annotations with this target in the real schema"
                ));
                continue;
            }
            for a in &block.annotations {
                let term = ours.qualify(&a.term);
                if is_description(&term) {
                    continue;
                }
                let covered = real_blocks.iter().any(|(rix, b)| {
                    b.annotations.iter().any(|ra| {
                        rix.qualify(&ra.term) == term
                            && ra.qualifier == a.qualifier
                            && covers(ours, a.value.as_ref(), rix, ra.value.as_ref(), None)
                    })
                });
                if !covered {
                    self.diff(format!(
                        "{element}: annotation {term}{} = {} is not in the real schema",
                        qualifier_suffix(a.qualifier.as_deref()),
                        show(ours, a.value.as_ref())
                    ));
                }
            }
        }
    }
}

fn qualifier_suffix(q: Option<&str>) -> String {
    q.map(|q| format!("#{q}")).unwrap_or_default()
}

/// Whether the real value says at least what ours says: records may have more properties,
/// collections more items; strings under a `Description`/`LongDescription` property are free
/// text (ours are our own words) and are not compared. An absent value is the Boolean `true`.
fn covers(
    oix: &Index<'_>,
    ours: Option<&Expr>,
    rix: &Index<'_>,
    real: Option<&Expr>,
    property: Option<&str>,
) -> bool {
    if matches!(property, Some("Description" | "LongDescription")) {
        return true;
    }
    const TRUE: Expr = Expr::Bool(true);
    let o = ours.unwrap_or(&TRUE);
    let r = real.unwrap_or(&TRUE);
    match (o, r) {
        (Expr::Record(o), Expr::Record(r)) => record_covers(oix, o, rix, r),
        (Expr::Collection(o), Expr::Collection(r)) => o.iter().all(|item| {
            r.iter()
                .any(|ritem| covers(oix, Some(item), rix, Some(ritem), property))
        }),
        (Expr::EnumMember(o), Expr::EnumMember(r)) => {
            oix.enum_member_expr(o) == rix.enum_member_expr(r)
        }
        (Expr::Path { kind: ok, path: op }, Expr::Path { kind: rk, path: rp }) => {
            ok == rk && op == rp
        }
        (Expr::String(o), Expr::String(r)) => o == r,
        (Expr::Bool(o), Expr::Bool(r)) => o == r,
        (Expr::Int(o), Expr::Int(r)) => o == r,
        (Expr::Literal { kind: ok, text: ot }, Expr::Literal { kind: rk, text: rt }) => {
            ok == rk && ot.trim() == rt.trim()
        }
        (Expr::Null, Expr::Null) => true,
        (Expr::Other(o), Expr::Other(r)) => o == r,
        _ => false,
    }
}

fn record_covers(oix: &Index<'_>, o: &Record, rix: &Index<'_>, r: &Record) -> bool {
    if let Some(ot) = &o.type_name
        && r.type_name.as_ref().map(|rt| rix.qualify(rt)) != Some(oix.qualify(ot))
    {
        return false;
    }
    o.properties.iter().all(|pv| {
        r.properties.iter().any(|rpv| {
            rpv.property == pv.property
                && covers(
                    oix,
                    pv.value.as_ref(),
                    rix,
                    rpv.value.as_ref(),
                    Some(&pv.property),
                )
        })
    })
}

/// A compact rendering of an annotation value for messages (no positions).
fn show(ix: &Index<'_>, e: Option<&Expr>) -> String {
    match e {
        None => "(default true)".to_string(),
        Some(Expr::String(s)) => format!("{s:?}"),
        Some(Expr::Bool(b)) => b.to_string(),
        Some(Expr::Int(i)) => i.to_string(),
        Some(Expr::Literal { kind, text }) => format!("{kind}({text})"),
        Some(Expr::EnumMember(m)) => ix.enum_member_expr(m),
        Some(Expr::Path { kind, path }) => format!("{kind}({path})"),
        Some(Expr::Null) => "null".to_string(),
        Some(Expr::Record(r)) => {
            let props: Vec<String> = r
                .properties
                .iter()
                .map(|p| format!("{}: {}", p.property, show(ix, p.value.as_ref())))
                .collect();
            format!(
                "{}{{{}}}",
                r.type_name.as_deref().unwrap_or(""),
                props.join(", ")
            )
        }
        Some(Expr::Collection(items)) => {
            let items: Vec<String> = items.iter().map(|i| show(ix, Some(i))).collect();
            format!("[{}]", items.join(", "))
        }
        Some(Expr::Other(name)) => format!("<{name}>"),
    }
}

// ----- descriptions ------------------------------------------------------------------------------

/// Every description of a document, by element key (annotation-target syntax), plus the free
/// text `Description` properties inside annotation records (custom headers, revisions).
fn descriptions(ix: &Index<'_>) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut by_element: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut nested = Vec::new();
    let mut add = |element: String, annotations: &[Annotation], nested: &mut Vec<String>| {
        for a in annotations {
            let term = ix.qualify(&a.term);
            if is_description(&term) {
                if let Some(Expr::String(s)) = &a.value {
                    by_element
                        .entry(element.clone())
                        .or_default()
                        .push(s.clone());
                }
            } else {
                nested_descriptions(a.value.as_ref(), None, nested);
            }
        }
    };
    for (name, t) in &ix.types {
        match t {
            TypeRef::Entity(t) | TypeRef::Complex(t) => {
                add(name.clone(), &t.annotations, &mut nested);
                for p in &t.properties {
                    add(format!("{name}/{}", p.name), &p.annotations, &mut nested);
                }
                for n in &t.navigation_properties {
                    add(format!("{name}/{}", n.name), &n.annotations, &mut nested);
                }
            }
            TypeRef::Enum(t) => {
                add(name.clone(), &t.annotations, &mut nested);
                for m in &t.members {
                    add(format!("{name}/{}", m.name), &m.annotations, &mut nested);
                }
            }
            TypeRef::Definition(t) => add(name.clone(), &t.annotations, &mut nested),
        }
    }
    for op in &ix.operations {
        let element = ix.op_target(op);
        add(element.clone(), &op.op.annotations, &mut nested);
        for p in &op.op.parameters {
            add(format!("{element}/{}", p.name), &p.annotations, &mut nested);
        }
    }
    for (cname, c) in &ix.containers {
        add(cname.clone(), &c.annotations, &mut nested);
        for es in &c.entity_sets {
            add(format!("{cname}/{}", es.name), &es.annotations, &mut nested);
        }
        for s in &c.singletons {
            add(format!("{cname}/{}", s.name), &s.annotations, &mut nested);
        }
    }
    for (target, block) in &ix.annotations {
        add(target.clone(), &block.annotations, &mut nested);
    }
    (by_element, nested)
}

fn nested_descriptions(e: Option<&Expr>, property: Option<&str>, out: &mut Vec<String>) {
    match e {
        Some(Expr::String(s)) if matches!(property, Some("Description" | "LongDescription")) => {
            out.push(s.clone());
        }
        Some(Expr::Record(r)) => {
            for p in &r.properties {
                nested_descriptions(p.value.as_ref(), Some(&p.property), out);
            }
        }
        Some(Expr::Collection(items)) => {
            for i in items {
                nested_descriptions(Some(i), property, out);
            }
        }
        _ => {}
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// No description of ours may equal Microsoft's description of the same element, nor (when it
/// is not a short generic phrase) any Microsoft description at all.
fn check_descriptions(
    ours: &Index<'_>,
    same_element: &[Index<'_>],
    global: &[Index<'_>],
    diffs: &mut Vec<String>,
) {
    let (our_by_element, our_nested) = descriptions(ours);
    if our_by_element.is_empty() {
        diffs.push("our file has no Core.Description annotations at all".to_string());
    }
    let mut theirs_by_element: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ix in same_element {
        for (element, texts) in descriptions(ix).0 {
            theirs_by_element
                .entry(element)
                .or_default()
                .extend(texts.iter().map(|t| normalise(t)));
        }
    }
    let mut theirs_anywhere = BTreeSet::new();
    for ix in global {
        let (by_element, nested) = descriptions(ix);
        theirs_anywhere.extend(by_element.values().flatten().map(|t| normalise(t)));
        theirs_anywhere.extend(nested.iter().map(|t| normalise(t)));
    }
    if theirs_by_element.is_empty() || theirs_anywhere.is_empty() {
        diffs.push(
            "no descriptions found in Microsoft's descriptions files (parser problem?)".to_string(),
        );
    } else if !our_by_element
        .keys()
        .any(|element| theirs_by_element.contains_key(element))
    {
        diffs.push(
            "none of our described elements has a description in Microsoft's files: element keys do not line up"
                .to_string(),
        );
    }
    for (element, texts) in &our_by_element {
        for text in texts {
            let n = normalise(text);
            if theirs_by_element
                .get(element)
                .is_some_and(|set| set.contains(&n))
            {
                diffs.push(format!(
                    "{element}: description {text:?} is Microsoft's description of the same element; write our own"
                ));
            } else if n.len() >= MIN_GLOBAL_DESCRIPTION_LEN && theirs_anywhere.contains(&n) {
                diffs.push(format!(
                    "{element}: description {text:?} is copied from Microsoft's metadata; write our own"
                ));
            }
        }
    }
    for text in &our_nested {
        let n = normalise(text);
        if n.len() >= MIN_GLOBAL_DESCRIPTION_LEN && theirs_anywhere.contains(&n) {
            diffs.push(format!(
                "annotation record description {text:?} is copied from Microsoft's metadata; write our own"
            ));
        }
    }
}

// ----- resolving request paths against a slice -------------------------------------------------

/// Walks `/root/nav/{key}/nav/$ref` through the container and navigation properties.
fn resolve_path(ix: &Index<'_>, path: &str) -> Result<(), String> {
    let mut segments = path.trim_start_matches('/').split('/');
    let root = segments.next().ok_or("empty path")?;
    let container = ix
        .containers
        .first()
        .map(|(_, c)| *c)
        .ok_or("no entity container")?;
    // (type name, is collection, last navigation property)
    let (mut ty, mut collection, mut last): (String, bool, Option<&NavigationProperty>) =
        if let Some(s) = container.singletons.iter().find(|s| s.name == root) {
            (ix.qualify(&s.type_name), false, None)
        } else if let Some(es) = container.entity_sets.iter().find(|s| s.name == root) {
            (ix.qualify(&es.entity_type), true, None)
        } else {
            return Err(format!("`{root}` is neither a singleton nor an entity set"));
        };
    for seg in segments {
        if seg.starts_with('{') && seg.ends_with('}') {
            if !collection {
                return Err(format!("key segment {seg} after a single-valued segment"));
            }
            collection = false;
            continue;
        }
        if seg == "$ref" {
            let nav = last.ok_or("$ref directly after the service root")?;
            let referenceable = nav.annotations.iter().any(|a| {
                ix.qualify(&a.term) == NAVIGATION_RESTRICTIONS
                    && matches!(&a.value, Some(Expr::Record(r))
                        if matches!(r.get("Referenceable"), Some(Expr::Bool(true))))
            });
            if nav.contains_target && !referenceable {
                return Err(format!(
                    "$ref on `{}`, a containment navigation without Referenceable=true",
                    nav.name
                ));
            }
            continue;
        }
        if collection {
            return Err(format!(
                "`{seg}` follows a collection without a key segment"
            ));
        }
        let nav = ix
            .with_bases(&ty)
            .into_iter()
            .find_map(|t| t.navigation_properties.iter().find(|n| n.name == seg))
            .ok_or_else(|| format!("`{ty}` has no navigation property `{seg}`"))?;
        let target = ix.qualify(&nav.type_name);
        match target
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            Some(inner) => {
                ty = inner.to_string();
                collection = true;
            }
            None => {
                ty = target;
                collection = false;
            }
        }
        last = Some(nav);
    }
    Ok(())
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
