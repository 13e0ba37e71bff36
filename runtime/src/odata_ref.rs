//! Entity references: the `@odata.id` body of `$ref` requests, and the
//! canonical collection of an entity type.

use serde::{Deserialize, Serialize};

/// An entity reference, `{"@odata.id": "<url>"}`: the body that adds a link
/// through `$ref`, and the items that `GET .../$ref` returns.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::ODataRef;
///
/// let r = ODataRef::new("https://graph.microsoft.com/v1.0/groups/1");
/// assert_eq!(
///     serde_json::to_string(&r)?,
///     r#"{"@odata.id":"https://graph.microsoft.com/v1.0/groups/1"}"#,
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ODataRef {
    /// The absolute URL of the referenced entity.
    #[serde(rename = "@odata.id")]
    pub odata_id: String,
}

impl ODataRef {
    /// A reference to the entity at `url`.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            odata_id: url.into(),
        }
    }
}

/// Implemented by generated entity types whose canonical URL is known: the
/// entity with key `k` lives at `{base}{COLLECTION_PATH}/{k}`.
///
/// [`Refs::add_request`](crate::Refs::add_request) and
/// [`NavSingleRef::set_ref_request`](crate::NavSingleRef::set_ref_request) use it
/// to build the `@odata.id` of the entity being linked.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::{CanonicalPath, Client};
///
/// struct Group;
/// impl CanonicalPath for Group {
///     const COLLECTION_PATH: &'static str = "/groups";
/// }
///
/// let client = Client::new("https://graph.microsoft.com/v1.0")?;
/// assert_eq!(
///     client.entity_url(Group::COLLECTION_PATH, "42"),
///     "https://graph.microsoft.com/v1.0/groups/42",
/// );
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
pub trait CanonicalPath {
    /// The path of the entity set or contained collection that holds every
    /// instance, relative to the service root and starting with `/`, such as
    /// `/identityGovernance/entitlementManagement/accessPackages`.
    const COLLECTION_PATH: &'static str;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odata_ref_round_trips() {
        let json = r#"{"@odata.id":"https://graph.microsoft.com/v1.0/groups/a"}"#;
        let r: ODataRef = serde_json::from_str(json).unwrap();
        assert_eq!(
            r,
            ODataRef::new("https://graph.microsoft.com/v1.0/groups/a")
        );
        assert_eq!(serde_json::to_string(&r).unwrap(), json);
    }

    #[test]
    fn odata_ref_ignores_other_annotations() {
        let json = r#"{"@odata.context":"x","@odata.id":"u"}"#;
        let r: ODataRef = serde_json::from_str(json).unwrap();
        assert_eq!(r.odata_id, "u");
    }
}
