//! The Cargo features of an emitted crate that its configuration does not name, and what a
//! feature name may be: the configuration's checks ([`crate::Config::validate`]) and the
//! manifest ([`crate::crate_files`]) read them here.
//!
//! A crate has a feature per profile, named like the profile's module, and with root
//! features one per selected entity set and singleton; beside them it always has these.

/// Cargo's own: the features on unless a dependent turns default features off.
pub const DEFAULT_FEATURE: &str = "default";

/// The feature that turns on the runtime's default transport (reqwest).
pub const RUNTIME_FEATURE: &str = "reqwest";

/// The runtime's optional features that a crate forwards under the same names: sign-in with
/// `azure_identity` and `tracing` spans.
pub const FORWARDED_FEATURES: [&str; 2] = ["azure-identity", "tracing"];

/// The feature of a crate with root features that turns them all on.
pub const FULL_FEATURE: &str = "full";

/// crates.io refuses a crate with more features than this.
pub const MAX_FEATURES: usize = 300;

/// Whether Cargo accepts `name` as a feature name: a letter, digit or `_`, then letters,
/// digits, `_`, `-`, `+` or `.`.
pub fn is_feature_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feature_names_are_what_cargo_accepts() {
        for good in ["v1_0", "identity-governance", "_x", "1a", "a+b.c"] {
            assert!(is_feature_name(good), "{good}");
        }
        for bad in ["v 1", "-x", "", "+a", "a/b", "ä"] {
            assert!(!is_feature_name(bad), "{bad}");
        }
    }
}
