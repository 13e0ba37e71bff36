//! One page of a collection response.

use serde::{Deserialize, Serialize};

/// A page of a collection: its items, the total count when `$count=true`
/// asked for it, and the link to the next page.
///
/// ```
/// use graphgen_runtime::Page;
///
/// let page: Page<serde_json::Value> = serde_json::from_str(
///     r#"{"@odata.count": 250, "value": [{"id": "1"}],
///         "@odata.nextLink": "https://graph.microsoft.com/v1.0/groups?$skiptoken=X"}"#,
/// )?;
/// assert_eq!(page.items.len(), 1);
/// assert_eq!(page.count, Some(250));
/// assert!(page.next_link.is_some());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    /// The items of this page.
    #[serde(rename = "value", default = "Vec::new")]
    pub items: Vec<T>,
    /// `@odata.count`: the size of the whole collection, when requested.
    #[serde(
        rename = "@odata.count",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub count: Option<u64>,
    /// `@odata.nextLink`: the URL of the next page, if there is one.
    #[serde(
        rename = "@odata.nextLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub next_link: Option<String>,
    /// `@odata.deltaLink`: the URL for changes since this response (delta
    /// queries).
    #[serde(
        rename = "@odata.deltaLink",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub delta_link: Option<String>,
}
