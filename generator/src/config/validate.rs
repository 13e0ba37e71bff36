//! [`Config::validate`]: everything about a configuration that can be refused without reading
//! the metadata, checked in one place, before anything is read.

use std::collections::BTreeSet;

use super::{Config, Layout, Profile, base_url};
use crate::error::{Error, Result};
use crate::features::{DEFAULT_FEATURE, FORWARDED_FEATURES, FULL_FEATURE, RUNTIME_FEATURE};
use crate::ir::select::SelectionConfig;

/// The top-level names of an emitted crate's `lib.rs` besides the profiles' modules.
const LIB_NAMES: [&str; 1] = ["runtime"];

impl Config {
    /// Checks everything about the configuration that does not need the metadata, so that a
    /// mistake is reported before any file is read: [`Config::generate`], [`Config::write`],
    /// [`Config::write_unless_fresh`], [`Config::write_stamped`] and [`Config::check`] call it
    /// first, and a build script may call it on its own.
    ///
    /// - There is at least one profile, and with the crate layout the crate name is one Cargo
    ///   accepts.
    /// - Each profile's module is a plain snake_case Rust module name (`v1_0`, not `V1.0`),
    ///   used by no other profile. With the crate layout it is also the profile's Cargo
    ///   feature, so it is not one the crate has anyway (`default`, `reqwest`, and `full` with
    ///   root features) nor `runtime` (the crate's re-export of the runtime).
    /// - Each profile lists metadata files, and asks for root features only with the crate
    ///   layout.
    /// - Each base URL is one the runtime's `Client::new` accepts (`http` or `https`, a host,
    ///   no user info, query or fragment; see `config/base_url.rs`).
    /// - A profile's `source`, when it names one, is an absolute `http` or `https` URL with a
    ///   host and no spaces or control characters (what `graphgen fetch` can request).
    /// - Include and exclude patterns and type roots are well-formed (whether they match
    ///   anything needs the metadata).
    ///
    /// ```
    /// let mut c = graphgen::Config::new();
    /// c.profile(graphgen::Profile::new("v1_0", "graph.xml"));
    /// assert!(c.validate().is_ok());
    /// c.profiles[0].base_url = Some("https://%zz/v1.0".into());
    /// let e = c.validate().unwrap_err();
    /// assert!(matches!(e, graphgen::Error::InvalidBaseUrl { .. }), "{e}");
    /// ```
    ///
    /// # Errors
    /// The first problem found: [`Error::InvalidConfig`] naming the profile (or the whole
    /// configuration), [`Error::InvalidBaseUrl`], or [`Error::Selection`] for a malformed
    /// pattern or type name.
    pub fn validate(&self) -> Result<()> {
        let whole = |message: String| Error::InvalidConfig {
            scope: "configuration".to_owned(),
            message,
        };
        if self.profiles.is_empty() {
            return Err(whole("no profile configured".to_owned()));
        }
        if self.layout == Layout::Crate && !is_package_name(&self.crate_name) {
            return Err(whole(format!(
                "the crate name `{}` is not one Cargo accepts (ASCII letters, digits, `-` and \
                 `_`, starting with a letter or `_`)",
                self.crate_name
            )));
        }
        let root_features = self.profiles.iter().any(|p| p.root_features);
        let mut modules = BTreeSet::new();
        for p in &self.profiles {
            self.validate_profile(p, root_features)?;
            if !modules.insert(p.module.as_str()) {
                return Err(profile_error(
                    p,
                    "another profile has this module name already".to_owned(),
                ));
            }
        }
        Ok(())
    }

    /// The checks of one profile (see [`Config::validate`]); `root_features` tells whether
    /// any profile asks for them.
    fn validate_profile(&self, p: &Profile, root_features: bool) -> Result<()> {
        let module = crate::naming::module_name(&p.module);
        if module != p.module {
            return Err(profile_error(
                p,
                format!(
                    "the module name `{}` is not a plain snake_case Rust module name (`{module}` \
                     would be)",
                    p.module
                ),
            ));
        }
        if self.layout == Layout::Crate {
            let mut taken = vec![DEFAULT_FEATURE, RUNTIME_FEATURE];
            taken.extend(FORWARDED_FEATURES);
            if root_features {
                taken.push(FULL_FEATURE);
            }
            if taken.contains(&p.module.as_str()) {
                return Err(profile_error(
                    p,
                    format!(
                        "the module name `{}` is the name of a Cargo feature the crate has \
                         anyway; name the profile otherwise",
                        p.module
                    ),
                ));
            }
            if LIB_NAMES.contains(&p.module.as_str()) {
                return Err(profile_error(
                    p,
                    format!(
                        "the module name `{}` is taken by the crate's re-export of \
                         graphgen-runtime; name the profile otherwise",
                        p.module
                    ),
                ));
            }
        }
        if p.metadata.is_empty() {
            return Err(profile_error(p, "it lists no metadata files".to_owned()));
        }
        if p.root_features && self.layout != Layout::Crate {
            return Err(profile_error(
                p,
                "root features need the crate layout (they are features of the emitted crate)"
                    .to_owned(),
            ));
        }
        if let Some(url) = &p.base_url {
            base_url::check(url).map_err(|reason| Error::InvalidBaseUrl {
                profile: p.module.clone(),
                url: url.clone(),
                reason,
            })?;
        }
        if let Some(source) = &p.source
            && let Err(why) = check_source(source)
        {
            return Err(profile_error(
                p,
                format!("its source `{source}` is not a URL graphgen can fetch: {why}"),
            ));
        }
        SelectionConfig::from(p)
            .check_syntax()
            .map_err(|e| match e {
                Error::Selection(m) => Error::Selection(format!("profile {}: {m}", p.module)),
                e => e,
            })
    }
}

/// An [`Error::InvalidConfig`] about profile `p`.
fn profile_error(p: &Profile, message: String) -> Error {
    Error::InvalidConfig {
        scope: format!("profile `{}`", p.module),
        message,
    }
}

/// Why `url` is not an absolute `http(s)` URL with a host that `graphgen fetch` can request.
fn check_source(url: &str) -> std::result::Result<(), &'static str> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with `https://` or `http://`")?;
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("it holds a space or a control character");
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("it names no host");
    }
    if authority.contains('@') {
        return Err("it holds user info (credentials do not belong in graphgen.toml)");
    }
    Ok(())
}

/// Whether Cargo accepts `name` as a package name, in the ASCII form crates.io requires: a
/// letter or `_`, then letters, digits, `-` and `_`.
fn is_package_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
}

#[cfg(test)]
mod tests;
