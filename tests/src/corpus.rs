//! A seeded generator of small, hostile CSDL documents: the corpus that `tests/corpus.rs`
//! generates and compiles (through `build.rs`, one module per document, in one crate).
//!
//! Each document is one schema with a few entity, complex and enum types whose names come
//! from a hostile alphabet: Rust keywords (`as`, `Self`, `type`), prelude names (`Option`,
//! `Result`, `Box`, `Default`), names of items the generator makes itself (`…Item`,
//! `…Field`, `…Kind`, `…Collection`, `Client`), Unicode letters, names that differ only in
//! case, names that start with a digit or `_`. It builds inheritance chains (abstract bases,
//! keys on the root), navigation graphs with rings (single and collection, contained or not,
//! bound in the container), overloaded bound functions and actions, and enums with odd values
//! (flags, negative, members equal after case conversion, `Unrecognized`). A few documents
//! are invalid on purpose (an unknown type, a property declared twice): they must be rejected
//! with located errors.
//!
//! The generator is a pure function of the seed: `document(seed)` is the same text on every
//! machine and every run (a hand-written SplitMix64, not a crate whose output may change
//! between versions), so a failing seed can be written out and shrunk into a fixture by hand.

use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The seeds CI generates and compiles; `GRAPHGEN_CORPUS_SEEDS=a..b` replaces them.
pub const DEFAULT_SEEDS: std::ops::Range<u64> = 0..200;

/// The environment variable holding a seed range (`0..500`) for a longer run.
pub const SEEDS_ENV: &str = "GRAPHGEN_CORPUS_SEEDS";

/// The seeds to run: [`SEEDS_ENV`] when set (`a..b`), else [`DEFAULT_SEEDS`].
///
/// # Errors
///
/// The variable's value when it is not `a..b` with `a <= b`.
pub fn seeds(env: Option<&str>) -> Result<std::ops::Range<u64>, String> {
    let Some(text) = env else {
        return Ok(DEFAULT_SEEDS);
    };
    let parsed = text.split_once("..").and_then(|(a, b)| {
        let (a, b) = (a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?);
        (a <= b).then_some(a..b)
    });
    parsed.ok_or_else(|| format!("{SEEDS_ENV}={text:?}: expected a range like 0..500"))
}

/// The profile (and module) name of the document of `seed`.
pub fn module_name(seed: u64) -> String {
    format!("c{seed}")
}

/// The lengths of the navigation rings generated beside the corpus (`ring<n>`): 32 entity
/// types in a ring failed with E0275 before fields on a cycle became `Indirect`.
pub const RING_LENGTHS: &[usize] = &[64, 300];

/// A ring of `n` entity types `E0` … `E<n-1>`, each with a single-valued navigation property
/// `next` and a collection-valued `all` to the next type, each in its own entity set with
/// the bindings that close the ring.
pub fn ring(n: usize) -> String {
    let mut out = String::from(
        r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>
<Schema Namespace="n" xmlns="http://docs.oasis-open.org/odata/ns/edm">
"#,
    );
    for i in 0..n {
        let next = (i + 1) % n;
        let _ = writeln!(
            out,
            r#"<EntityType Name="E{i}"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/><NavigationProperty Name="next" Type="n.E{next}"/><NavigationProperty Name="all" Type="Collection(n.E{next})"/></EntityType>"#
        );
    }
    out.push_str(r#"<EntityContainer Name="c">"#);
    for i in 0..n {
        let next = (i + 1) % n;
        let _ = write!(
            out,
            r#"<EntitySet Name="S{i}" EntityType="n.E{i}"><NavigationPropertyBinding Path="next" Target="S{next}"/><NavigationPropertyBinding Path="all" Target="S{next}"/></EntitySet>"#
        );
    }
    out.push_str("</EntityContainer>\n</Schema></edmx:DataServices></edmx:Edmx>\n");
    out
}

/// SplitMix64: small, fast, and fixed forever, so seeds stay reproducible.
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Names that have broken generated code somewhere, grouped by why.
const KEYWORDS: &[&str] = &[
    "as", "type", "Self", "self", "super", "crate", "fn", "mod", "ref", "move", "async", "await",
    "dyn", "gen", "try", "box", "match", "impl", "use", "where", "_",
];
const PRELUDE: &[&str] = &[
    "Option",
    "Result",
    "String",
    "Box",
    "Vec",
    "Default",
    "Some",
    "None",
    "Ok",
    "Err",
    "Send",
    "Sync",
    "Clone",
    "Debug",
    "Into",
    "From",
    "Iterator",
    "Sized",
    "Copy",
    "Drop",
    "Fn",
    "ToString",
    "PartialEq",
    "Serialize",
    "Deserialize",
    "serde",
    "std",
    "core",
    "http",
];
const GENERATED: &[&str] = &[
    "Client",
    "Item",
    "Field",
    "Kind",
    "Collection",
    "Params",
    "models",
    "requests",
    "Unrecognized",
    "odata_type",
    "additional_data",
    "target",
    "new",
    "get",
    "list",
    "refs",
    "by_id",
    "count",
    "with_id",
    "with_key",
    "graphgen_runtime",
    "Models",
    "Requests",
];
const UNICODE: &[&str] = &[
    "Größe",
    "größe",
    "Émile",
    "émile",
    "日本",
    "ǅemal",
    "İstanbul",
    "Ωmega",
    "ωmega",
    "Ärger",
    "straße",
    "STRASSE",
    "ŉumber",
    "ﬁle",
];
const PLAIN: &[&str] = &[
    "user", "group", "member", "owner", "parent", "child", "next", "prev", "node", "tree",
    "policy", "item", "value", "id", "ID", "Id", "name", "Name", "NAME", "kind", "data", "a", "A",
    "a_b", "aB", "AB", "_x", "__y", "x_", "v2", "2fa", "3d", "_3d", "e10", "E10",
];
/// Suffixes that make a name look like one the generator derives.
const SUFFIXES: &[&str] = &[
    "Item",
    "Field",
    "Kind",
    "Collection",
    "Params",
    "_",
    "2",
    "_2",
    "",
];

/// A hostile simple identifier.
fn raw_name(rng: &mut Rng) -> String {
    let base = match rng.below(10) {
        0 | 1 => rng.pick(KEYWORDS),
        2 | 3 => rng.pick(PRELUDE),
        4 | 5 => rng.pick(GENERATED),
        6 => rng.pick(UNICODE),
        _ => rng.pick(PLAIN),
    };
    if rng.chance(25) {
        format!("{base}{}", rng.pick(SUFFIXES))
    } else {
        base.to_owned()
    }
}

/// A name not yet in `taken` (compared exactly: names that differ in case are kept apart
/// only by the generator).
fn fresh(rng: &mut Rng, taken: &mut BTreeSet<String>) -> String {
    loop {
        let mut name = raw_name(rng);
        if taken.contains(&name) {
            name = format!("{name}{}", taken.len());
        }
        if taken.insert(name.clone()) {
            return name;
        }
    }
}

/// XML-escapes an attribute value.
fn attr(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}

const PRIMITIVES: &[&str] = &[
    "Edm.String",
    "Edm.Int32",
    "Edm.Int64",
    "Edm.Boolean",
    "Edm.Double",
    "Edm.Decimal",
    "Edm.Guid",
    "Edm.DateTimeOffset",
    "Edm.Date",
    "Edm.Duration",
    "Edm.Binary",
    "Edm.Byte",
    "Edm.TimeOfDay",
    "Edm.Single",
    "Edm.SByte",
    "Edm.Int16",
];
const KEY_TYPES: &[&str] = &["Edm.String", "Edm.Int32", "Edm.Int64", "Edm.Guid"];

struct Entity {
    name: String,
    base: Option<usize>,
    /// The names of its own and its bases' properties and navigation properties.
    members: BTreeSet<String>,
}

/// The CSDL document of `seed`.
pub fn document(seed: u64) -> String {
    let mut rng = Rng(seed ^ 0x6772_6170_6867_656E);
    let ns = match rng.below(6) {
        0 => "as".to_owned(),
        1 => "Self.type".to_owned(),
        2 => "Größe.model".to_owned(),
        _ => "n".to_owned(),
    };
    let mut types = BTreeSet::new();
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0"><edmx:DataServices>"#
    );
    let _ = writeln!(
        out,
        r#"<Schema Namespace="{}" xmlns="http://docs.oasis-open.org/odata/ns/edm">"#,
        attr(&ns)
    );
    let q = |name: &str| attr(&format!("{ns}.{name}"));

    // Enums.
    let mut enums = Vec::new();
    for _ in 0..rng.below(3) {
        let name = fresh(&mut rng, &mut types);
        let flags = rng.chance(30);
        let _ = write!(
            out,
            r#"<EnumType Name="{}"{}>"#,
            attr(&name),
            if flags { r#" IsFlags="true""# } else { "" }
        );
        let mut members = BTreeSet::new();
        for i in 0..1 + rng.below(5) {
            let member = if rng.chance(15) {
                "Unrecognized".to_owned()
            } else {
                raw_name(&mut rng)
            };
            if !members.insert(member.clone()) {
                continue;
            }
            let value: i64 = if flags {
                if i == 0 { 0 } else { 1 << (i - 1) }
            } else if rng.chance(30) {
                -(i as i64) - 1
            } else {
                i as i64
            };
            let _ = write!(out, r#"<Member Name="{}" Value="{value}"/>"#, attr(&member));
        }
        let _ = writeln!(out, "</EnumType>");
        enums.push(name);
    }

    // Complex types, each maybe holding an earlier one, or itself through a collection.
    let mut complexes: Vec<String> = Vec::new();
    for _ in 0..rng.below(3) {
        let name = fresh(&mut rng, &mut types);
        let _ = write!(out, r#"<ComplexType Name="{}">"#, attr(&name));
        let mut props = BTreeSet::new();
        for _ in 0..1 + rng.below(3) {
            let p = fresh(&mut rng, &mut props);
            let ty = property_type(&mut rng, &q, &enums, &complexes, Some(&name));
            let _ = write!(out, r#"<Property Name="{}" Type="{ty}"/>"#, attr(&p));
        }
        let _ = writeln!(out, "</ComplexType>");
        complexes.push(name);
    }

    // Entity types: roots with keys, derived ones in chains.
    let count = 1 + rng.below(7);
    let mut entities: Vec<Entity> = Vec::new();
    let mut bodies: Vec<String> = Vec::new();
    for i in 0..count {
        let name = fresh(&mut rng, &mut types);
        let base = (i > 0 && rng.chance(35)).then(|| rng.below(i));
        let mut members = base
            .map(|b| entities[b].members.clone())
            .unwrap_or_default();
        let mut body = String::new();
        if base.is_none() {
            let key = fresh(&mut rng, &mut members);
            let _ = write!(
                body,
                r#"<Key><PropertyRef Name="{0}"/></Key><Property Name="{0}" Type="{1}" Nullable="false"/>"#,
                attr(&key),
                rng.pick(KEY_TYPES)
            );
        }
        for _ in 0..rng.below(4) {
            let p = fresh(&mut rng, &mut members);
            let ty = property_type(&mut rng, &q, &enums, &complexes, None);
            let _ = write!(body, r#"<Property Name="{}" Type="{ty}"/>"#, attr(&p));
        }
        // Now and then an invalid document, which must be rejected with located errors: a
        // type that does not exist, or a property declared twice.
        if rng.chance(3) {
            let _ = write!(
                body,
                r#"<Property Name="broken" Type="{}"/>"#,
                q("NoSuchType")
            );
        }
        if rng.chance(3)
            && let Some(p) = members.iter().next()
        {
            let _ = write!(body, r#"<Property Name="{}" Type="Edm.String"/>"#, attr(p));
        }
        entities.push(Entity {
            name,
            base,
            members,
        });
        bodies.push(body);
    }
    // Navigation properties: a ring through all entity types, and random extra edges.
    let mut navs: Vec<Vec<(String, usize, bool)>> = vec![Vec::new(); count];
    let ring = rng.chance(60);
    for from in 0..count {
        let mut targets = Vec::new();
        if ring {
            targets.push((from + 1) % count);
        }
        for _ in 0..rng.below(3) {
            targets.push(rng.below(count));
        }
        for to in targets {
            let mut taken = entities[from].members.clone();
            // A name no derived type uses either: derived types copy members when made, so
            // check every type that has `from` as an ancestor.
            for e in &entities {
                taken.extend(e.members.iter().cloned());
            }
            let name = fresh(&mut rng, &mut taken);
            entities[from].members.insert(name.clone());
            let collection = rng.chance(50);
            let contained = rng.chance(20);
            let ty = if collection {
                format!("Collection({})", q(&entities[to].name))
            } else {
                q(&entities[to].name)
            };
            let _ = write!(
                bodies[from],
                r#"<NavigationProperty Name="{}" Type="{ty}"{}{}/>"#,
                attr(&name),
                if collection {
                    ""
                } else {
                    r#" Nullable="true""#
                },
                if contained {
                    r#" ContainsTarget="true""#
                } else {
                    ""
                }
            );
            navs[from].push((name, to, contained));
        }
    }
    for (e, body) in entities.iter().zip(&bodies) {
        let base = e
            .base
            .map(|b| format!(r#" BaseType="{}""#, q(&entities[b].name)))
            .unwrap_or_default();
        let abstract_ = if e.base.is_none() && rng.chance(10) {
            r#" Abstract="true""#
        } else {
            ""
        };
        let _ = writeln!(
            out,
            r#"<EntityType Name="{}"{base}{abstract_}>{body}</EntityType>"#,
            attr(&e.name)
        );
    }

    // Bound operations, some overloaded (same name, other binding or parameters).
    let mut op_names: Vec<String> = Vec::new();
    for _ in 0..rng.below(4) {
        let name = if !op_names.is_empty() && rng.chance(40) {
            op_names[rng.below(op_names.len())].clone()
        } else {
            let n = raw_name(&mut rng);
            op_names.push(n.clone());
            n
        };
        let action = rng.chance(50);
        let binding = rng.below(count);
        let collection = rng.chance(30);
        let binding_ty = if collection {
            format!("Collection({})", q(&entities[binding].name))
        } else {
            q(&entities[binding].name)
        };
        let element = if action { "Action" } else { "Function" };
        let _ = write!(
            out,
            r#"<{element} Name="{}" IsBound="true"><Parameter Name="bindingParameter" Type="{binding_ty}"/>"#,
            attr(&name)
        );
        let mut params = BTreeSet::from(["bindingParameter".to_owned()]);
        for _ in 0..rng.below(3) {
            let p = fresh(&mut rng, &mut params);
            let ty = property_type(&mut rng, &q, &enums, &complexes, None);
            let _ = write!(out, r#"<Parameter Name="{}" Type="{ty}"/>"#, attr(&p));
        }
        if !action || rng.chance(50) {
            let ty = if rng.chance(50) {
                q(&entities[rng.below(count)].name)
            } else {
                property_type(&mut rng, &q, &enums, &complexes, None)
            };
            let _ = write!(out, r#"<ReturnType Type="{ty}"/>"#);
        }
        let _ = writeln!(out, "</{element}>");
    }

    // The container: a set for some types (always the first), bindings for the navigation
    // properties that are not contained and whose target has a set.
    let mut sets: Vec<Option<String>> = vec![None; count];
    let mut set_names = BTreeSet::new();
    for (i, set) in sets.iter_mut().enumerate() {
        if i == 0 || rng.chance(60) {
            *set = Some(fresh(&mut rng, &mut set_names));
        }
    }
    let _ = write!(
        out,
        r#"<EntityContainer Name="{}">"#,
        attr(&raw_name(&mut rng))
    );
    for (i, set) in sets.iter().enumerate() {
        let Some(set) = set else { continue };
        let _ = write!(
            out,
            r#"<EntitySet Name="{}" EntityType="{}">"#,
            attr(set),
            q(&entities[i].name)
        );
        for (nav, to, contained) in &navs[i] {
            if let (false, Some(target)) = (contained, &sets[*to]) {
                let _ = write!(
                    out,
                    r#"<NavigationPropertyBinding Path="{}" Target="{}"/>"#,
                    attr(nav),
                    attr(target)
                );
            }
        }
        let _ = write!(out, "</EntitySet>");
    }
    if rng.chance(30) {
        let name = fresh(&mut rng, &mut set_names);
        let _ = write!(
            out,
            r#"<Singleton Name="{}" Type="{}"/>"#,
            attr(&name),
            q(&entities[rng.below(count)].name)
        );
    }
    let _ = writeln!(out, "</EntityContainer>");
    let _ = writeln!(out, "</Schema></edmx:DataServices></edmx:Edmx>");
    out
}

/// A property type: a primitive, an enum, an earlier complex type (or `this`, the complex
/// type being written, inside a collection), any of them maybe a collection.
fn property_type(
    rng: &mut Rng,
    q: &dyn Fn(&str) -> String,
    enums: &[String],
    complexes: &[String],
    this: Option<&str>,
) -> String {
    let single = match rng.below(6) {
        0 if !enums.is_empty() => q(&enums[rng.below(enums.len())]),
        1 if !complexes.is_empty() => q(&complexes[rng.below(complexes.len())]),
        2 if this.is_some() => {
            return format!("Collection({})", q(this.unwrap_or_default()));
        }
        _ => rng.pick(PRIMITIVES).to_owned(),
    };
    if rng.chance(25) {
        format!("Collection({single})")
    } else {
        single
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_document() {
        assert_eq!(document(7), document(7));
        assert_ne!(document(7), document(8));
    }

    #[test]
    fn seed_ranges_parse() {
        assert_eq!(seeds(None), Ok(DEFAULT_SEEDS));
        assert_eq!(seeds(Some("3..10")), Ok(3..10));
        assert!(seeds(Some("10..3")).is_err());
        assert!(seeds(Some("ten")).is_err());
    }
}
