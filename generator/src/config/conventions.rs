//! A profile's URL conventions: how a key addresses one member of a collection, and whether
//! bound operations and enum literals carry their namespace. Each is set in `graphgen.toml`
//! (`url_conventions = { key = "parentheses", operations = "qualified" }`), or said by the
//! metadata (`Capabilities.KeyAsSegmentSupported` on the entity container), or else follows the
//! document's main namespace: Microsoft Graph's conventions for `microsoft.graph`, OData's own
//! (OData URL Conventions 4.01 §4.3.1, §4.5) for any other.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The main namespace whose documents get Microsoft Graph's conventions by default.
pub const GRAPH_NAMESPACE: &str = "microsoft.graph";

/// How a key addresses one member of a collection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KeyStyle {
    /// `/People/{id}`: the key value as a path segment of its own, unquoted (OData URL
    /// Conventions 4.01 §4.3.6, Key-as-Segment Convention; what Microsoft Graph uses). A
    /// composite or alternate key is still written in parentheses, which this convention
    /// does not cover.
    Segment,
    /// `/People('id')`, `/Orders(a=1,b='x')`: the key in parentheses after the collection, as
    /// an OData literal of the key's type (§4.3.1, Canonical URL; OData's default).
    Parentheses,
}

/// Whether a name in a URL carries its namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Qualification {
    /// `…/Ping`, `'red'`: the bare name (Microsoft Graph accepts its own namespace's
    /// operations unqualified, and OData 4.01 enum literals without their type, §5.1.1.6.1).
    Unqualified,
    /// `…/n.Ping`, `n.Color'red'`: namespace-qualified, which every OData service accepts
    /// (§4.5.1 for bound operations; the ABNF's `enum` with its `qualifiedEnumTypeName`).
    Qualified,
}

/// A profile's URL conventions as configured: each one that is `None` is decided from the
/// metadata (`Capabilities.KeyAsSegmentSupported` on the entity container decides `key`), or
/// else by the main namespace: [`Conventions::GRAPH`] for `microsoft.graph`,
/// [`Conventions::ODATA`] for any other.
///
/// ```toml
/// [[profile]]
/// module = "trips"
/// metadata = ["trippin.xml"]
/// url_conventions = { key = "parentheses", operations = "qualified", enums = "qualified" }
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrlConventions {
    /// How keys address members: `"segment"` or `"parentheses"`.
    pub key: Option<KeyStyle>,
    /// Bound operations: `"unqualified"` or `"qualified"`.
    pub operations: Option<Qualification>,
    /// Enum values in keys and function parameters: `"unqualified"` or `"qualified"`.
    pub enums: Option<Qualification>,
}

/// Where a convention came from, for the module docs and the plan dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decided {
    /// `graphgen.toml` (or the profile's setter) said so.
    Config,
    /// The metadata said so (`Capabilities.KeyAsSegmentSupported`).
    Metadata,
    /// The default for the document's main namespace.
    Default,
}

/// A profile's URL conventions, every one decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Conventions {
    /// How keys address members.
    pub key: KeyStyle,
    /// Where [`key`](Self::key) came from.
    pub key_from: Decided,
    /// Whether bound operations are namespace-qualified.
    pub operations: Qualification,
    /// Whether enum literals carry their type's qualified name.
    pub enums: Qualification,
    /// Whether the document is Microsoft Graph's (its main namespace is `microsoft.graph`).
    pub graph: bool,
}

impl Conventions {
    /// Microsoft Graph's conventions: keys as segments, bound operations and enum literals
    /// unqualified.
    pub const GRAPH: Conventions = Conventions {
        key: KeyStyle::Segment,
        key_from: Decided::Default,
        operations: Qualification::Unqualified,
        enums: Qualification::Unqualified,
        graph: true,
    };

    /// OData's own: keys in parentheses, bound operations and enum literals qualified.
    pub const ODATA: Conventions = Conventions {
        key: KeyStyle::Parentheses,
        key_from: Decided::Default,
        operations: Qualification::Qualified,
        enums: Qualification::Qualified,
        graph: false,
    };
}

impl UrlConventions {
    /// Decides each convention: what the configuration says, else what the metadata says
    /// (`key_as_segment`, the entity container's `Capabilities.KeyAsSegmentSupported`), else
    /// the default for the main namespace ([`Conventions::GRAPH`] for `microsoft.graph`,
    /// [`Conventions::ODATA`] for any other).
    ///
    /// # Errors
    /// [`Error::InvalidConfig`] for `profile` when the configuration asks for keys as segments
    /// and the metadata says the service does not support them
    /// (`KeyAsSegmentSupported="false"`).
    pub(crate) fn resolve(
        &self,
        profile: &str,
        main_namespace: &str,
        key_as_segment: Option<bool>,
        default_namespace: bool,
    ) -> Result<Conventions> {
        let graph = main_namespace == GRAPH_NAMESPACE;
        let base = if graph {
            Conventions::GRAPH
        } else {
            Conventions::ODATA
        };
        let (key, key_from) = match (self.key, key_as_segment) {
            (Some(KeyStyle::Segment), Some(false)) => {
                return Err(Error::InvalidConfig {
                    scope: format!("profile `{profile}`"),
                    message: "`url_conventions.key` is \"segment\", but the metadata's entity \
                              container says `Capabilities.KeyAsSegmentSupported` is false: \
                              the service does not accept keys as path segments; use \
                              \"parentheses\" or leave `key` out"
                        .to_owned(),
                });
            }
            (Some(k), _) => (k, Decided::Config),
            (None, Some(true)) => (KeyStyle::Segment, Decided::Metadata),
            (None, Some(false)) => (KeyStyle::Parentheses, Decided::Metadata),
            (None, None) => (base.key, Decided::Default),
        };
        Ok(Conventions {
            key,
            key_from,
            // `Core.DefaultNamespace` on the main schema: its operations may go unqualified
            // (OData URL Conventions §4.5), as Graph's do.
            operations: self.operations.unwrap_or(if default_namespace {
                Qualification::Unqualified
            } else {
                base.operations
            }),
            enums: self.enums.unwrap_or(base.enums),
            graph,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(c: UrlConventions, ns: &str, tag: Option<bool>) -> Conventions {
        c.resolve("p", ns, tag, false).unwrap()
    }

    #[test]
    fn a_default_namespace_makes_operations_unqualified_unless_configured() {
        let none = UrlConventions::default();
        let c = none.resolve("p", "n", None, true).unwrap();
        assert_eq!(c.operations, Qualification::Unqualified);
        // The rest stays OData's.
        assert_eq!(c.key, KeyStyle::Parentheses);
        let set = UrlConventions {
            operations: Some(Qualification::Qualified),
            ..UrlConventions::default()
        };
        let c = set.resolve("p", "n", None, true).unwrap();
        assert_eq!(c.operations, Qualification::Qualified);
    }

    #[test]
    fn the_main_namespace_picks_the_defaults() {
        let none = UrlConventions::default();
        assert_eq!(resolve(none, "microsoft.graph", None), Conventions::GRAPH);
        assert_eq!(resolve(none, "n", None), Conventions::ODATA);
        // Only the exact namespace is Graph's.
        assert_eq!(
            resolve(none, "microsoft.graph.security", None),
            Conventions::ODATA
        );
        assert_eq!(resolve(none, "Microsoft.Graph", None), Conventions::ODATA);
    }

    #[test]
    fn the_metadata_decides_the_key_style_when_the_configuration_does_not() {
        let none = UrlConventions::default();
        let c = resolve(none, "n", Some(true));
        assert_eq!((c.key, c.key_from), (KeyStyle::Segment, Decided::Metadata));
        // The rest stays OData's.
        assert_eq!(c.operations, Qualification::Qualified);
        let c = resolve(none, "microsoft.graph", Some(false));
        assert_eq!(
            (c.key, c.key_from),
            (KeyStyle::Parentheses, Decided::Metadata)
        );
        assert_eq!(c.operations, Qualification::Unqualified);
    }

    #[test]
    fn the_configuration_wins_and_a_contradiction_is_an_error() {
        let set = UrlConventions {
            key: Some(KeyStyle::Parentheses),
            operations: Some(Qualification::Unqualified),
            enums: None,
        };
        let c = resolve(set, "n", Some(true));
        assert_eq!(
            (c.key, c.key_from),
            (KeyStyle::Parentheses, Decided::Config)
        );
        assert_eq!(c.operations, Qualification::Unqualified);
        assert_eq!(c.enums, Qualification::Qualified);
        let segment = UrlConventions {
            key: Some(KeyStyle::Segment),
            ..UrlConventions::default()
        };
        assert_eq!(resolve(segment, "n", None).key, KeyStyle::Segment);
        let e = segment
            .resolve("p", "n", Some(false), false)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("profile `p`: "), "{e}");
        assert!(e.contains("KeyAsSegmentSupported"), "{e}");
    }
}
