use std::path::Path;

use super::*;
use crate::config::RuntimeDep;

/// A valid crate configuration whose one metadata file does not exist: whatever reads
/// metadata fails with an I/O error, so a configuration error proves it came first.
fn config(dir: &Path) -> Config {
    let mut c = Config::new();
    c.layout(Layout::Crate).out_dir(dir.join("out"));
    c.cargo_warnings = false;
    c.rerun_if_changed = false;
    c.runtime = RuntimeDep::Path("../runtime".into());
    let mut p = Profile::new("v1_0", dir.join("missing.xml"));
    p.include("/users/**");
    c.profile(p);
    c
}

/// Runs every entry point that reads metadata and returns their errors, checking that none
/// created the output directory.
fn errors(c: &Config) -> Vec<Error> {
    let results = [
        c.generate().map(drop),
        c.write().map(drop),
        c.write_unless_fresh().map(drop),
        c.write_stamped().map(drop),
        c.check().map(drop),
        c.plans().map(drop),
    ];
    if let Some(out) = &c.out_dir {
        assert!(!out.exists(), "{} was created", out.display());
    }
    results
        .into_iter()
        .map(|r| r.expect_err("refused"))
        .collect()
}

#[test]
fn a_valid_configuration_gets_as_far_as_reading_the_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let c = config(dir.path());
    assert!(c.validate().is_ok());
    for e in errors(&c) {
        assert!(
            matches!(&e, Error::Io { path, .. } if path.ends_with("missing.xml")),
            "{e:?}"
        );
    }
}

#[test]
fn each_invalid_configuration_is_refused_before_any_metadata_is_read() {
    type Edit = fn(&mut Config);
    let cases: [(&str, Edit, &str); 25] = [
        (
            "a source that is no http URL",
            |c| c.profiles[0].source = Some("ftp://example.com/m.xml".into()),
            "profile `v1_0`: its source `ftp://example.com/m.xml` is not a URL graphgen can \
             fetch: it must start with `https://` or `http://`",
        ),
        (
            "a source without a host",
            |c| c.profiles[0].source = Some("https:///$metadata".into()),
            "it names no host",
        ),
        (
            "a source with credentials",
            |c| c.profiles[0].source = Some("https://me:pw@example.com/m.xml".into()),
            "it holds user info",
        ),
        (
            "no profile",
            |c| c.profiles.clear(),
            "configuration: no profile configured",
        ),
        (
            "crate name",
            |c| c.crate_name = "my graph".into(),
            "configuration: the crate name `my graph` is not one Cargo accepts",
        ),
        (
            "crate name with a digit first",
            |c| c.crate_name = "1graph".into(),
            "the crate name `1graph`",
        ),
        (
            "module",
            |c| c.profiles[0].module = "V1.0".into(),
            "profile `V1.0`: the module name `V1.0` is not a plain snake_case Rust module name \
             (`v1_0` would be)",
        ),
        (
            "keyword module",
            |c| c.profiles[0].module = "self".into(),
            "(`self_` would be)",
        ),
        (
            "empty module",
            |c| c.profiles[0].module = String::new(),
            "the module name `` is not a plain snake_case",
        ),
        (
            "two profiles of one module",
            |c| {
                let p = c.profiles[0].clone();
                c.profile(p);
            },
            "profile `v1_0`: another profile has this module name already",
        ),
        (
            "the default feature",
            |c| c.profiles[0].module = "default".into(),
            "profile `default`: the module name `default` is the name of a Cargo feature",
        ),
        (
            "the transport's feature",
            |c| c.profiles[0].module = "reqwest".into(),
            "the module name `reqwest` is the name of a Cargo feature",
        ),
        (
            "a forwarded runtime feature",
            |c| c.profiles[0].module = "tracing".into(),
            "the module name `tracing` is the name of a Cargo feature",
        ),
        (
            "full with root features",
            |c| {
                c.profiles[0].module = "full".into();
                c.profiles[0].root_features = true;
            },
            "the module name `full` is the name of a Cargo feature",
        ),
        (
            "the runtime's re-export",
            |c| c.profiles[0].module = "runtime".into(),
            "the module name `runtime` is taken by the crate's re-export",
        ),
        (
            "no metadata",
            |c| c.profiles[0].metadata.clear(),
            "profile `v1_0`: it lists no metadata files",
        ),
        (
            "root features in one file",
            |c| {
                c.layout(Layout::SingleFile);
                c.profiles[0].root_features = true;
            },
            "profile `v1_0`: root features need the crate layout",
        ),
        (
            "a base URL the runtime refuses",
            |c| c.profiles[0].base_url = Some("https://%zz/v1.0".into()),
            "profile `v1_0`: invalid base URL `https://%zz/v1.0`: the host `%zz` has `%`",
        ),
        (
            "a relative base URL",
            |c| c.profiles[0].base_url = Some("graph.microsoft.com/v1.0".into()),
            "invalid base URL `graph.microsoft.com/v1.0`: it must be absolute",
        ),
        (
            "an ftp base URL",
            |c| c.profiles[0].base_url = Some("ftp://graph.microsoft.com/v1.0".into()),
            "the scheme must be http or https",
        ),
        (
            "an include glob",
            |c| c.profiles[0].include = vec!["users/**".into()],
            "selection: profile v1_0: path glob `users/**` must start with `/`",
        ),
        (
            "an include's method",
            |c| c.profiles[0].include = vec!["/users/**#FETCH".into()],
            "unknown HTTP method `FETCH`",
        ),
        (
            "an exclude glob",
            |c| c.profiles[0].exclude = vec!["/users//messages".into()],
            "selection: profile v1_0: path glob `/users//messages` has an empty segment",
        ),
        (
            "a type glob",
            |c| c.profiles[0].types = vec!["microsoft..graph.user".into()],
            "selection: profile v1_0: type name `microsoft..graph.user` has an empty part",
        ),
        (
            "a type name",
            |c| c.profiles[0].types = vec!["/users".into()],
            "type name `/users` has `/`",
        ),
    ];
    for (what, edit, expected) in cases {
        let dir = tempfile::tempdir().unwrap();
        let mut c = config(dir.path());
        edit(&mut c);
        let refused = c.validate().expect_err(what);
        let kind = std::mem::discriminant(&refused);
        assert!(
            matches!(
                refused,
                Error::InvalidConfig { .. } | Error::InvalidBaseUrl { .. } | Error::Selection(_)
            ),
            "{what}: {refused:?}"
        );
        assert!(refused.to_string().contains(expected), "{what}: {refused}");
        for e in errors(&c) {
            assert_eq!(std::mem::discriminant(&e), kind, "{what}: {e:?}");
            assert_eq!(e.to_string(), refused.to_string(), "{what}");
        }
    }
}

#[test]
fn feature_names_are_reserved_only_where_they_are_features() {
    let dir = tempfile::tempdir().unwrap();
    // One file per profile has no Cargo features and no `lib.rs`.
    for module in ["default", "reqwest", "tracing", "full", "runtime"] {
        let mut c = config(dir.path());
        c.layout(Layout::SingleFile);
        c.profiles[0].module = module.into();
        assert!(c.validate().is_ok(), "{module}");
    }
    // `full` is a feature only with root features; the crate name is Cargo's only then.
    let mut c = config(dir.path());
    c.profiles[0].module = "full".into();
    assert!(c.validate().is_ok());
    c.crate_name = "my graph".into();
    c.layout(Layout::SingleFile);
    assert!(c.validate().is_ok());
}

#[test]
fn crate_names_as_cargo_takes_them() {
    for ok in ["graph", "graph-access-packages", "_g", "g_2"] {
        assert!(is_package_name(ok), "{ok}");
    }
    for bad in ["", "1graph", "-graph", "my graph", "grâph", "a.b"] {
        assert!(!is_package_name(bad), "{bad}");
    }
}

#[test]
fn sources_graphgen_can_fetch() {
    for ok in [
        "https://graph.microsoft.com/v1.0/$metadata",
        "http://127.0.0.1:8080/m.xml?raw=1",
        "https://example.com",
    ] {
        assert_eq!(check_source(ok), Ok(()), "{ok}");
    }
    for bad in [
        "",
        "graph.xml",
        "https://",
        "https://:80/x",
        "https://a b/x",
        "file:///m.xml",
    ] {
        assert!(check_source(bad).is_err(), "{bad}");
    }
}
