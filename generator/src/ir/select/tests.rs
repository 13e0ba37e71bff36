//! Tests of method suffixes, type roots and method-aware selection, on the inline slice of
//! `ir/tests.rs` and the `operations` golden fixture.

use std::path::Path;

use super::report::Problem;
use super::{
    Edge, Glob, Methods, Pattern, PatternWarning, Selection, SelectionConfig, Side, select,
};
use crate::ir::tests::{SLICE, id, model};
use crate::ir::{Model, lower::lower};

/// `tests/fixtures/operations.xml`: `accessPackages` with bound actions and functions.
fn operations() -> Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/operations.xml");
    lower(&[crate::csdl::parse_file(&path).expect("parses")]).expect("lowers")
}

fn paths(sel: &Selection) -> Vec<String> {
    sel.paths
        .iter()
        .map(|p| format!("{} {}", p.path, p.methods.join(",")))
        .collect()
}

fn op_names(m: &Model, sel: &Selection) -> Vec<String> {
    sel.operations
        .iter()
        .map(|&o| {
            let o = m.op(o);
            let kind = format!("{:?}", o.kind);
            format!("{kind} {}", o.name)
        })
        .collect()
}

fn err(m: &Model, c: &SelectionConfig) -> String {
    select(m, c).expect_err("must fail").to_string()
}

#[test]
fn method_suffixes_parse_case_insensitively() {
    let cases: [(&str, Methods); 5] = [
        ("/a/**", Methods::ALL),
        ("/a/**#GET", Methods::GET),
        ("/a#get,Post", Methods::GET | Methods::POST),
        (
            " /a/{id} # patch , PUT,delete ",
            Methods::PATCH | Methods::PUT | Methods::DELETE,
        ),
        ("/a#GET,GET", Methods::GET),
    ];
    for (text, methods) in cases {
        let p = Pattern::new(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(p.methods, methods, "{text}");
        assert!(!p.glob.as_str().contains('#'), "{text}");
    }
    assert_eq!(Methods::of(&["PUT", "DELETE"]).names(), ["DELETE", "PUT"]);
    assert_eq!(
        format!("{:?}", Methods::GET | Methods::POST),
        "Methods(GET,POST)"
    );
}

#[test]
fn bad_method_suffixes_are_selection_errors_naming_the_pattern() {
    let cases: [(&str, &str); 6] = [
        ("/a#", "no method after `#`"),
        ("/a# ", "no method after `#`"),
        ("/a#FETCH", "unknown HTTP method `FETCH`"),
        ("/a#GET,", "empty method name"),
        ("/a#GET#POST", "unknown HTTP method `GET#POST`"),
        ("a#GET", "must start with `/`"),
    ];
    for (text, expected) in cases {
        let e = Pattern::new(text).expect_err(text);
        assert!(
            matches!(e, crate::error::Error::Selection(_)),
            "{text}: {e:?}"
        );
        let e = e.to_string();
        assert!(e.contains(expected), "{text}: {e}");
        if expected != "must start with `/`" {
            assert!(e.contains(text.trim()), "{text}: {e}");
        }
    }
    assert!(
        Glob::new("/a#GET").is_err(),
        "a bare glob has no method suffix"
    );
    // Bad patterns fail the selection, excludes too.
    let m = operations();
    let e = err(&m, &SelectionConfig::new().exclude("/**#HEAD"));
    assert!(e.contains("HEAD"), "{e}");
}

#[test]
fn get_keeps_reads_and_functions_and_drops_writes_and_actions() {
    let m = operations();
    let all = select(&m, &SelectionConfig::new().include("/accessPackages/**")).unwrap();
    let get = select(
        &m,
        &SelectionConfig::new().include("/accessPackages/**#GET"),
    )
    .unwrap();
    let ap = id(&m, "microsoft.graph.accessPackage");
    let set = Edge::Root(0);

    let c = &all.collections[&set];
    assert!(c.list && c.create && c.count && c.by_key);
    let i = &all.items[&ap];
    assert!(i.get && i.patch && i.delete);
    assert!(op_names(&m, &all).contains(&"Action assign".to_string()));

    let c = &get.collections[&set];
    assert!(c.list && !c.create && c.count && c.by_key, "{c:?}");
    let i = &get.items[&ap];
    assert!(i.get && !i.patch && !i.put && !i.delete, "{i:?}");
    assert_eq!(
        op_names(&m, &get),
        [
            "Function assign",
            "Function check",
            "Function filterByCurrentUser",
            "Function delta",
            "Function delta"
        ]
    );
    let p = paths(&get);
    assert!(p.contains(&"/accessPackages GET".to_string()), "{p:#?}");
    assert!(
        p.contains(&"/accessPackages/{id} GET".to_string()),
        "{p:#?}"
    );
    assert!(!p.iter().any(|p| p.contains("POST")), "{p:#?}");
    // Types follow: the action-only return type goes, a function's parameter type stays.
    let requirements = id(&m, "microsoft.graph.policyRequirements");
    let schedule = id(&m, "microsoft.graph.requestSchedule");
    assert!(all.types.contains(&requirements));
    assert!(!get.types.contains(&requirements));
    assert!(
        get.types.contains(&schedule),
        "a parameter of the `check` function"
    );

    // The read of one collection path: list only, no create, no item methods.
    let list = select(&m, &SelectionConfig::new().include("/accessPackages#GET")).unwrap();
    assert_eq!(paths(&list), ["/accessPackages GET"]);
    let c = &list.collections[&set];
    assert!(c.list && !c.create && !c.count && !c.by_key, "{c:?}");
    assert!(list.operations.is_empty());
    assert!(!list.types.contains(&schedule));

    // POST: create and actions only.
    let post = select(
        &m,
        &SelectionConfig::new().include("/accessPackages/**#POST"),
    )
    .unwrap();
    let c = &post.collections[&set];
    assert!(!c.list && c.create && !c.count, "{c:?}");
    assert!(op_names(&m, &post).iter().all(|o| o.starts_with("Action")));
    // Ancestors of the bound actions give navigation only.
    assert!(!post.items[&ap].get && post.collections[&set].by_key);
}

#[test]
fn exclude_with_a_method_removes_only_that_method() {
    let m = operations();
    let cfg = SelectionConfig::new()
        .include("/accessPackages/**")
        .exclude("/**#DELETE");
    let sel = select(&m, &cfg).unwrap();
    let i = &sel.items[&id(&m, "microsoft.graph.accessPackage")];
    assert!(i.get && i.patch && !i.delete, "{i:?}");
    assert!(paths(&sel).contains(&"/accessPackages/{id} GET,PATCH".to_string()));
    assert!(sel.collections[&Edge::Root(0)].create);
    // An exclude with a method prunes nothing: `/accessPackages/{id}/…` is still walked.
    assert!(
        !sel.items[&id(&m, "microsoft.graph.accessPackage")]
            .operations
            .is_empty()
    );
    // Excluding every method a path has removes the path.
    let cfg = SelectionConfig::new()
        .include("/accessPackages")
        .exclude("/accessPackages#GET,POST");
    assert!(err(&m, &cfg).contains("match no path and method"));
    // A method the metadata does not allow there matches nothing.
    let cfg =
        SelectionConfig::new().include("/accessPackages/{id}/getApplicablePolicyRequirements#GET");
    assert!(err(&m, &cfg).contains("match no path and method"));
}

#[test]
fn ref_methods_set_the_one_refs_flag_and_keep_navigation() {
    let m = model(SLICE);
    let thing = id(&m, "microsoft.graph.thing");
    let group = id(&m, "microsoft.graph.group");
    let members = Edge::Nav {
        owner: thing,
        nav: 3,
    };
    // Remove (`DELETE …/{id}/$ref`) alone keeps `$ref`; the member item gets `delete` only.
    let sel = select(
        &m,
        &SelectionConfig::new().include("/root/things/{id}/members/**#DELETE"),
    )
    .unwrap();
    assert_eq!(
        paths(&sel),
        [
            "/root/things/{id}/members/{id} DELETE",
            "/root/things/{id}/members/{id}/$ref DELETE"
        ]
    );
    let c = &sel.collections[&members];
    assert!(c.refs && !c.list && !c.create && c.by_key, "{c:?}");
    let g = &sel.items[&group];
    assert!(g.delete && !g.get, "{g:?}");
    // List (`GET …/$ref`) alone keeps it too.
    let sel = select(
        &m,
        &SelectionConfig::new().include("/root/things/{id}/members/$ref#GET"),
    )
    .unwrap();
    assert!(sel.collections[&members].refs);
    // Below a non-contained navigation property, `nav/{id}/$ref` is reached through
    // `nav`, which the owner's builder offers.
    let sel = select(
        &m,
        &SelectionConfig::new().include("/root/things/{id}/friends/{id}/$ref#DELETE"),
    )
    .unwrap();
    assert!(sel.items[&thing].navs.contains(&(thing, 0)), "{sel:#?}");
    assert!(!sel.items[&thing].get);
    // A single-valued `$ref` (PUT set, DELETE remove): either keeps the pair.
    let sel = select(
        &m,
        &SelectionConfig::new().include("/root/things/{id}/owner/$ref#PUT"),
    )
    .unwrap();
    assert!(sel.items[&thing].nav_refs.contains(&(thing, 1)));
}

#[test]
fn type_roots_are_emitted_without_paths_and_closed_over() {
    let m = operations();
    let requirements = id(&m, "microsoft.graph.policyRequirements");
    let schedule = id(&m, "microsoft.graph.requestSchedule");
    let list = SelectionConfig::new().include("/accessPackages#GET");
    assert!(!select(&m, &list).unwrap().types.contains(&requirements));
    let sel = select(&m, &list.clone().ty("microsoft.graph.policyRequirements")).unwrap();
    assert!(sel.types.contains(&requirements), "no path reaches it");
    assert_eq!(sel.paths.len(), 1, "type roots add no paths");

    // Types alone: no path at all, and closed over base types.
    let sel = select(
        &m,
        &SelectionConfig::new().ty("microsoft.graph.accessPackage"),
    )
    .unwrap();
    assert!(sel.paths.is_empty() && sel.items.is_empty() && sel.roots.is_empty());
    assert!(sel.types.contains(&id(&m, "microsoft.graph.entity")));
    assert!(!sel.types.contains(&schedule));

    // Globs: `*` within one part of the name.
    let sel = select(&m, &SelectionConfig::new().ty("microsoft.graph.*Schedule")).unwrap();
    assert_eq!(sel.types.iter().copied().collect::<Vec<_>>(), [schedule]);
    let e = err(&m, &SelectionConfig::new().ty("microsoft.*"));
    assert!(e.contains("`microsoft.*` (matches no type)"), "{e}");
    let sel = select(&m, &SelectionConfig::new().ty("microsoft.**")).unwrap();
    assert_eq!(sel.types.len(), m.types.len());
}

#[test]
fn unknown_type_roots_are_errors_naming_them() {
    let m = operations();
    let cfg = SelectionConfig::new()
        .include("/accessPackages")
        .ty("microsoft.graph.nope")
        .ty("microsoft.graph.accessPackage")
        .ty("microsoft.graph.AccessPackage")
        .ty("microsoft.graph.security.*");
    let e = select(&m, &cfg).unwrap_err();
    assert!(matches!(e, crate::error::Error::Selection(_)), "{e:?}");
    let e = e.to_string();
    assert!(e.contains("unknown types"), "{e}");
    assert!(e.contains("`microsoft.graph.nope`"), "{e}");
    assert!(
        e.contains(
            "`microsoft.graph.AccessPackage` (did you mean `microsoft.graph.accessPackage`?)"
        ),
        "{e}"
    );
    assert!(
        e.contains("`microsoft.graph.security.*` (matches no type)"),
        "{e}"
    );
    assert!(!e.contains("`microsoft.graph.accessPackage`,"), "{e}");
    // Include patterns that match nothing are still an error when types are named.
    let cfg = SelectionConfig::new()
        .include("/nope")
        .ty("microsoft.graph.accessPackage");
    assert!(err(&m, &cfg).contains("match no path"));
}

/// The warnings of a selection that succeeds, as printed.
fn warnings(m: &Model, c: &SelectionConfig) -> Vec<String> {
    let sel = select(m, c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
    sel.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn an_include_that_matches_nothing_beside_one_that_works_is_a_warning_with_a_suggestion() {
    let m = model(SLICE);
    let works = SelectionConfig::new().include("/root/things/**");
    let alone = select(&m, &works).unwrap();
    assert!(alone.warnings.is_empty(), "{:?}", alone.warnings);

    let sel = select(&m, &works.clone().include("/group/**")).unwrap();
    assert_eq!(
        sel.warnings,
        [PatternWarning {
            side: Side::Include,
            pattern: "/group/**".into(),
            problem: Problem::NoPath {
                suggestion: Some("/groups/**".into())
            },
        }]
    );
    assert_eq!(
        sel.paths, alone.paths,
        "the selection is the working pattern's"
    );

    let cases: [(&str, &str); 6] = [
        // Case; the method suffix is kept as written.
        (
            "/Root/things#get",
            "`/Root/things#get` matches no path; did you mean `/root/things#get`?",
        ),
        // Two segments corrected, the rest kept.
        (
            "/root/thing/{id}/member/**",
            "did you mean `/root/things/{id}/members/**`?",
        ),
        // Edit distance.
        (
            "/root/things/{id}/frends",
            "did you mean `/root/things/{id}/friends`?",
        ),
        // After `**`: the furthest segment reached is the one corrected.
        ("/**/membrs/$ref", "did you mean `/**/members/$ref`?"),
        // Nothing close, and a wildcard that cannot be corrected: no suggestion.
        ("/root/xyzzy/**", "`/root/xyzzy/**` matches no path"),
        ("/root/x*/{id}", "`/root/x*/{id}` matches no path"),
    ];
    for (pattern, expected) in cases {
        let w = warnings(&m, &works.clone().include(pattern));
        assert_eq!(w.len(), 1, "{pattern}: {w:?}");
        assert!(w[0].starts_with("include pattern `"), "{pattern}: {w:?}");
        assert!(w[0].contains(expected), "{pattern}: {w:?}");
        if !expected.contains("did you mean") {
            assert!(w[0].ends_with("matches no path"), "{pattern}: {w:?}");
        }
    }
}

#[test]
fn suggestions_match_a_path() {
    let m = model(SLICE);
    for pattern in ["/group/**", "/root/thing/{id}/member/**", "/**/membrs/$ref"] {
        let sel = select(&m, &SelectionConfig::new().include(pattern)).unwrap_err();
        let e = sel.to_string();
        let suggestion = e
            .split("did you mean `")
            .nth(1)
            .unwrap()
            .trim_end_matches("`?");
        let fixed = select(&m, &SelectionConfig::new().include(suggestion)).unwrap();
        assert!(!fixed.paths.is_empty() && fixed.warnings.is_empty(), "{e}");
    }
}

#[test]
fn includes_that_select_nothing_for_other_reasons_say_why() {
    let m = model(SLICE);
    let works = SelectionConfig::new().include("/root/things/**");
    // The path is there, but does not allow the method.
    let w = warnings(&m, &works.clone().include("/root#POST"));
    assert_eq!(
        w,
        ["include pattern `/root#POST` matches 1 path, which does not allow POST"]
    );
    let w = warnings(
        &m,
        &works
            .clone()
            .include("/root/things/{id}/members/$ref#PUT,PATCH"),
    );
    assert_eq!(
        w,
        [
            "include pattern `/root/things/{id}/members/$ref#PUT,PATCH` matches 1 path, which does not allow PATCH or PUT"
        ]
    );
    // `/groups/{id}` and `/groups/$count`.
    let w = warnings(&m, &works.clone().include("/groups/*#PUT"));
    assert_eq!(
        w,
        ["include pattern `/groups/*#PUT` matches 2 paths, none of which allows PUT"]
    );
    // Everything it selects is excluded: where the walk reached it, and where an exclude
    // pruned the walk above it.
    for include in ["/groups/**", "/groups/{id}", "/groups#GET"] {
        let cfg = works.clone().include(include).exclude("/groups/**");
        assert_eq!(
            warnings(&m, &cfg),
            [format!(
                "include pattern `{include}` selects only what the exclude patterns take away"
            )]
        );
    }
    // A pattern that selects nothing new, since another selects it too, is fine.
    assert!(warnings(&m, &works.clone().include("/root/things/{id}")).is_empty());
}

#[test]
fn an_exclude_that_matches_no_path_is_a_warning_and_one_outside_the_selection_is_not() {
    let m = model(SLICE);
    let cfg = SelectionConfig::new()
        .include("/root/things/**")
        .exclude("/root/things/{id}/parts/**")
        .exclude("/groups/**")
        .exclude("/root/thngs/{id}/owner#DELETE")
        .exclude("/nothing");
    let sel = select(&m, &cfg).unwrap();
    assert_eq!(
        sel.warnings,
        [
            PatternWarning {
                side: Side::Exclude,
                pattern: "/root/thngs/{id}/owner#DELETE".into(),
                problem: Problem::NoPath {
                    suggestion: Some("/root/things/{id}/owner#DELETE".into())
                },
            },
            PatternWarning {
                side: Side::Exclude,
                pattern: "/nothing".into(),
                problem: Problem::NoPath { suggestion: None },
            }
        ]
    );
    assert!(!sel.paths.iter().any(|p| p.path.contains("/parts")));
    // Without include patterns every path is walked, and excludes are checked the same.
    let w = warnings(&m, &SelectionConfig::new().exclude("/grups"));
    assert_eq!(
        w,
        ["exclude pattern `/grups` matches no path; did you mean `/groups`?"]
    );
    // Nor does selecting types only, without a walk, skip the check.
    let types_only = SelectionConfig::new().ty("microsoft.graph.group");
    let w = warnings(&m, &types_only.clone().exclude("/grups").exclude("/groups"));
    assert_eq!(
        w,
        ["exclude pattern `/grups` matches no path; did you mean `/groups`?"]
    );
}

#[test]
fn when_no_include_selects_anything_the_error_says_why_for_each() {
    let m = model(SLICE);
    let cfg = SelectionConfig::new()
        .include("/group/**")
        .include("/root#POST")
        .exclude("/nothing");
    let e = err(&m, &cfg);
    assert_eq!(
        e,
        "selection: the include patterns match no path and method: \
         include pattern `/group/**` matches no path; did you mean `/groups/**`?; \
         include pattern `/root#POST` matches 1 path, which does not allow POST"
    );
    // An exclude that takes everything away, with and without include patterns.
    let e = err(
        &m,
        &SelectionConfig::new()
            .include("/groups#GET")
            .exclude("/**#GET"),
    );
    assert!(
        e.ends_with("`/groups#GET` selects only what the exclude patterns take away"),
        "{e}"
    );
    let e = err(&m, &SelectionConfig::new().exclude("/**"));
    assert_eq!(
        e,
        "selection: the exclude patterns [\"/**\"] leave no path and method"
    );
}

/// The qualified names of the selected types, sorted.
fn type_names(m: &Model, sel: &Selection) -> Vec<String> {
    let mut names: Vec<String> = sel
        .types
        .iter()
        .map(|&t| m.ty(t).qualified.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn a_model_without_entity_sets_or_singletons_selects_every_type() {
    // Types only: one schema with an empty container, another with none at all.
    let xml = r#"<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
      <edmx:DataServices><Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="n">
        <ComplexType Name="c"><Property Name="p" Type="Edm.String"/></ComplexType>
        <EnumType Name="e"><Member Name="m"/></EnumType>
        <EntityContainer Name="Container"/>
      </Schema><Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="o">
        <ComplexType Name="d"><Property Name="c" Type="n.c"/></ComplexType>
        <EntityType Name="t"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.Int32"/></EntityType>
      </Schema></edmx:DataServices></edmx:Edmx>"#;
    let m = lower(&[crate::csdl::parse_str(Path::new("types.xml"), xml).unwrap()]).unwrap();
    let sel = select(&m, &SelectionConfig::new()).expect("selects");
    assert_eq!(type_names(&m, &sel), ["n.c", "n.e", "o.d", "o.t"]);
    assert!(sel.paths.is_empty() && sel.items.is_empty() && sel.collections.is_empty());
    // `--type` still narrows it, to the named types and what they need.
    let sel = select(&m, &SelectionConfig::new().ty("o.d")).expect("selects");
    assert_eq!(type_names(&m, &sel), ["n.c", "o.d"]);
    // Include patterns have no path to match: an error that says why and what to do.
    assert_eq!(
        err(&m, &SelectionConfig::new().include("/things/**")),
        "selection: the metadata has no entity set or singleton (no entity container), so the \
         include patterns [\"/things/**\"] have no URL path to match; leave them out to \
         generate every type, or name types with `--type` (`types` in graphgen.toml)"
    );
}

/// The shared repro of a schema of types only (a complex type and no entity container),
/// which graphgen used to refuse.
#[test]
fn the_types_only_repro_selects_its_type() {
    let Some(path) = crate::test_support::shared_file("repros/csdl/types-only-schema.xml") else {
        return;
    };
    let m = lower(&[crate::csdl::parse_file(&path).expect("parses")]).expect("lowers");
    let sel = select(&m, &SelectionConfig::new()).expect("selects");
    assert_eq!(type_names(&m, &sel), ["n.Money"]);
}

/// The whole Graph v1.0 in `../shared/metadata`, lowered; `None` (after saying why) when
/// it is absent and `GRAPHGEN_REQUIRE_SHARED=1` is not set.
fn whole_v1_0() -> Option<Model> {
    let path = crate::test_support::shared_file("metadata/v1.0/cleanMetadata.v1.0.xml")?;
    Some(lower(&[crate::csdl::parse_file(&path).expect("parses")]).expect("lowers"))
}

#[test]
fn suggestions_on_the_whole_v1_0() {
    let Some(m) = whole_v1_0() else { return };
    let works = SelectionConfig::new().include("/identityGovernance/**");
    let t = std::time::Instant::now();
    let alone = select(&m, &works).unwrap();
    let plain = t.elapsed();
    assert!(alone.warnings.is_empty(), "{:?}", alone.warnings);
    let cases: [(&str, Option<&str>); 7] = [
        ("/group/**", Some("/groups/**")),
        ("/identitygovernance/**", Some("/identityGovernance/**")),
        ("/users/{id}/mesages#GET", Some("/users/{id}/messages#GET")),
        (
            "/identityGovernance/entitlementManagment/accessPackage/**",
            Some("/identityGovernance/entitlementManagement/accessPackages/**"),
        ),
        (
            "/**/incompatibleGroup/$ref",
            Some("/**/incompatibleGroups/$ref"),
        ),
        ("/nonsense/**", None),
        ("/users/{id}/xyzzy", None),
    ];
    let mut cfg = works.clone();
    for (pattern, _) in cases {
        cfg = cfg.include(pattern);
    }
    let t = std::time::Instant::now();
    let sel = select(&m, &cfg).unwrap();
    let with = t.elapsed();
    let got: Vec<(&str, Option<&str>)> = sel
        .warnings
        .iter()
        .map(|w| match &w.problem {
            Problem::NoPath { suggestion } => (w.pattern.as_str(), suggestion.as_deref()),
            other => panic!("{w}: {other:?}"),
        })
        .collect();
    assert_eq!(got, cases);
    assert_eq!(sel.paths, alone.paths);
    println!(
        "whole v1.0, /identityGovernance/**: select {plain:?}; with {} unmatched patterns and their suggestions {with:?}",
        cases.len()
    );
}

#[test]
fn configuration_syntax_is_checked_without_a_model() {
    let good = SelectionConfig {
        include: vec!["/users/**#GET".into()],
        exclude: vec!["/users/**#DELETE".into()],
        types: vec!["microsoft.graph.*".into()],
    };
    assert!(good.check_syntax().is_ok());
    let relative = SelectionConfig {
        exclude: vec!["users/**".into()],
        ..SelectionConfig::default()
    };
    assert!(relative.check_syntax().is_err());
    let empty_part = SelectionConfig {
        types: vec!["microsoft..graph.user".into()],
        ..SelectionConfig::default()
    };
    assert!(empty_part.check_syntax().is_err());
}

#[test]
fn method_lists_and_suffixes_parse() {
    assert_eq!(Methods::of(&["GET", "POST"]), Methods::GET | Methods::POST);
    assert_eq!(
        Pattern::new("/users#get, Delete").unwrap().methods,
        Methods::GET | Methods::DELETE
    );
    assert!(Pattern::new("/users#HEAD").is_err());
    let p = Pattern::new("/users/{id}/messages#get").unwrap();
    assert_eq!(p.methods, Methods::GET);
    assert!(p.glob.matches("/users/{id}/messages"));
    assert!(Pattern::new("/users#FETCH").is_err());
}

#[test]
fn dotted_globs_match_qualified_names() {
    let security = Glob::dotted("microsoft.graph.security.*").unwrap();
    assert!(security.matches_dotted("microsoft.graph.security.alert"));
    assert!(!security.matches_dotted("microsoft.graph.security.a.b"));
    assert!(Glob::dotted("microsoft.graph.").is_err());
    assert!(Glob::dotted("/users/**").is_err());
}
