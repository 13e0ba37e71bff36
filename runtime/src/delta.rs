//! Delta queries: a collection's `delta` function pages with
//! `@odata.nextLink` and ends with an `@odata.deltaLink`; a later round from
//! that link gives only what changed since, with removed items marked
//! `@removed`.

use std::fmt;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
use http::{HeaderMap, Method, Response, StatusCode};
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde_json::Value;

use crate::decode::{Decode, List, from_json};
use crate::error::Exchange;
use crate::{Call, Client, Error};

/// One entry of a delta round: an item added or changed, or one removed.
///
/// ```
/// use graphgen_runtime::Delta;
///
/// let changed: Delta<serde_json::Value> =
///     serde_json::from_str(r#"{"id": "1", "displayName": "Sales"}"#)?;
/// assert_eq!(changed.changed().map(|g| &g["displayName"]), Some(&"Sales".into()));
/// let removed: Delta<serde_json::Value> =
///     serde_json::from_str(r#"{"id": "2", "@removed": {"reason": "deleted"}}"#)?;
/// assert_eq!(
///     removed,
///     Delta::Removed { id: "2".into(), reason: "deleted".into() },
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Delta<T> {
    /// Added or changed since the last round (in the first round: every
    /// item). Graph may send only the properties that changed.
    Changed(T),
    /// Removed since the last round (an entry with `@removed`).
    Removed {
        /// The item's id.
        id: String,
        /// `@removed.reason`: Graph's `changed` (deleted but restorable, or
        /// no longer in scope) or `deleted` (gone for good).
        reason: String,
    },
}

impl<T> Delta<T> {
    /// The item, when it was added or changed.
    pub fn changed(&self) -> Option<&T> {
        match self {
            Delta::Changed(item) => Some(item),
            Delta::Removed { .. } => None,
        }
    }

    /// The id of a removed item.
    pub fn removed_id(&self) -> Option<&str> {
        match self {
            Delta::Changed(_) => None,
            Delta::Removed { id, .. } => Some(id),
        }
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Delta<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        if let Some(removed) = value.get("@removed") {
            let id = value
                .get("id")
                .and_then(Value::as_str)
                .ok_or_else(|| D::Error::custom("an `@removed` entry without a string `id`"))?;
            let reason = removed
                .get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default();
            return Ok(Delta::Removed {
                id: id.to_owned(),
                reason: reason.to_owned(),
            });
        }
        T::deserialize(value)
            .map(Delta::Changed)
            .map_err(D::Error::custom)
    }
}

/// One page of a delta round.
#[derive(Debug, Deserialize)]
#[serde(bound(deserialize = "T: DeserializeOwned"))]
struct DeltaPage<T> {
    #[serde(rename = "value", default = "Vec::new")]
    items: Vec<Delta<T>>,
    #[serde(rename = "@odata.nextLink", default)]
    next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink", default)]
    delta_link: Option<String>,
}

/// The response shape of a delta page.
struct DeltaList<T>(PhantomData<fn() -> T>);

impl<T: DeserializeOwned + Send + 'static> Decode for DeltaList<T> {
    type Output = DeltaPage<T>;

    fn decode(response: Response<Bytes>, exchange: &Exchange) -> Result<DeltaPage<T>, Error> {
        from_json(&response, exchange)
    }
}

impl<T: DeserializeOwned + Send + 'static> Call<List<T>> {
    /// This call (a collection's `delta` function, with its query options and
    /// headers) as a delta round: every item, page after page, then the
    /// [`DeltaStream::delta_link`] to start the next round from.
    ///
    /// Read a `delta` function's pages this way, not with
    /// [`stream`](Self::stream): a removed entry (`{"id", "@removed"}`) would
    /// read there as a `T` with only its id.
    pub fn delta_stream(self) -> DeltaStream<T> {
        let client = self.client().clone();
        let headers = self.headers().clone();
        DeltaStream::new(client, headers, Ok(self.retype()))
    }
}

/// A delta round, item by item ([`Delta::Changed`] or [`Delta::Removed`]),
/// from [`Call::delta_stream`] (a first round) or [`DeltaStream::resume`] (a round
/// from a saved delta link); once it has ended, [`delta_link`](Self::delta_link)
/// is where the next round starts.
///
/// It is a [`Stream`] that is `Unpin`, `Send` and `'static`; links are only
/// followed under the client's base URL (otherwise
/// [`Error::ForeignNextLink`]). A saved link Graph no longer knows (`410
/// Gone`) ends it with [`Error::DeltaLinkExpired`]: start a full round again.
///
/// ```no_run
/// # async fn run() -> Result<(), graphgen_runtime::Error> {
/// use graphgen_runtime::{Client, Delta, DeltaStream, RequestTarget, decode};
///
/// let client = Client::builder("https://graph.microsoft.com/v1.0")
///     .bearer_token("…")
///     .build()?;
/// let delta = RequestTarget::root(&client)
///     .segment("groups")
///     .function_call("delta", &[])
///     .call::<decode::List<serde_json::Value>>(http::Method::GET);
/// // The first round: every group, then the link to save.
/// let mut round = delta.delta_stream();
/// while let Some(group) = round.try_next().await? {
///     println!("{:?}", group.changed().map(|g| &g["displayName"]));
/// }
/// let saved = round.delta_link().expect("a round ends with a delta link");
///
/// // Later: only what changed since.
/// let mut round = DeltaStream::<serde_json::Value>::resume(&client, &saved);
/// while let Some(change) = round.try_next().await? {
///     match change {
///         Delta::Changed(group) => println!("changed: {}", group["id"]),
///         Delta::Removed { id, reason } => println!("removed: {id} ({reason})"),
///     }
/// }
/// # Ok(())
/// # }
/// ```
#[must_use = "a stream sends nothing until it is polled"]
pub struct DeltaStream<T> {
    inner: BoxStream<'static, Result<Delta<T>, Error>>,
    delta_link: Arc<Mutex<Option<String>>>,
}

impl<T: DeserializeOwned + Send + 'static> DeltaStream<T> {
    /// A round from a saved delta link (or a next link), with no extra
    /// headers: what changed since the round that gave the link.
    ///
    /// The link must lie under the client's base URL; otherwise the stream's
    /// first item is [`Error::ForeignNextLink`] and nothing is sent.
    pub fn resume(client: &Client, link: &str) -> Self {
        let first = follow(client, &HeaderMap::new(), link, || Exchange {
            method: Method::GET,
            url: link.to_owned(),
            client_request_id: String::new(),
            attempts: 0,
        });
        Self::new(client.clone(), HeaderMap::new(), first)
    }

    fn new(client: Client, headers: HeaderMap, first: Result<Call<DeltaList<T>>, Error>) -> Self {
        let slot = Arc::new(Mutex::new(None));
        let saved = Arc::clone(&slot);
        let pages = stream::try_unfold(Some(first), move |next| {
            let client = client.clone();
            let headers = headers.clone();
            let saved = Arc::clone(&saved);
            async move {
                let Some(call) = next else {
                    return Ok::<_, Error>(None);
                };
                let (page, exchange) = call?.send_for_exchange().await.map_err(expired)?;
                let next = match (&page.next_link, &page.delta_link) {
                    (Some(link), _) => Some(follow(&client, &headers, link, || exchange)),
                    (None, Some(link)) => {
                        *saved.lock().unwrap_or_else(PoisonError::into_inner) = Some(link.clone());
                        None
                    }
                    (None, None) => None,
                };
                Ok(Some((page.items, next)))
            }
        });
        let items = pages
            .map_ok(|items| stream::iter(items.into_iter().map(Ok)))
            .try_flatten();
        DeltaStream {
            inner: items.boxed(),
            delta_link: slot,
        }
    }
}

impl<T> DeltaStream<T> {
    /// The next entry, `None` after the last; an error ends the stream.
    ///
    /// # Errors
    ///
    /// The error of the request that failed; [`Error::DeltaLinkExpired`]
    /// for a link Graph no longer knows.
    pub async fn try_next(&mut self) -> Result<Option<Delta<T>>, Error> {
        self.inner.try_next().await
    }

    /// The `@odata.deltaLink` of the last page, once the round has ended:
    /// save it and [`resume`](Self::resume) from it for the next round.
    pub fn delta_link(&self) -> Option<String> {
        self.delta_link
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Reads the whole round: every entry, and the delta link it ended with.
    ///
    /// # Errors
    ///
    /// As [`try_next`](Self::try_next).
    pub async fn round(mut self) -> Result<DeltaRound<T>, Error> {
        let mut changes = Vec::new();
        while let Some(change) = self.try_next().await? {
            changes.push(change);
        }
        Ok(DeltaRound {
            delta_link: self.delta_link(),
            changes,
        })
    }
}

/// A whole delta round, from [`DeltaStream::round`].
#[derive(Clone, Debug, PartialEq)]
pub struct DeltaRound<T> {
    /// Every entry of the round, in order.
    pub changes: Vec<Delta<T>>,
    /// Where the next round starts ([`DeltaStream::resume`]); `None` if the
    /// last page had no `@odata.deltaLink`.
    pub delta_link: Option<String>,
}

impl<T> Stream for DeltaStream<T> {
    type Item = Result<Delta<T>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.poll_next_unpin(cx)
    }
}

impl<T> fmt::Debug for DeltaStream<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DeltaStream")
            .field("delta_link", &self.delta_link().is_some())
            .finish_non_exhaustive()
    }
}

/// A `GET` of `link` with `headers`, if the link lies under the base URL.
fn follow<T: DeserializeOwned + Send + 'static>(
    client: &Client,
    headers: &HeaderMap,
    link: &str,
    exchange: impl FnOnce() -> Exchange,
) -> Result<Call<DeltaList<T>>, Error> {
    if client.path_under_base(link).is_none() {
        return Err(Error::ForeignNextLink {
            exchange: Box::new(exchange()),
            link: link.to_owned(),
        });
    }
    Ok(Call::link(client, link.to_owned(), headers.clone()))
}

/// `410 Gone` from a delta link: the sync state is gone.
fn expired(error: Error) -> Error {
    match error {
        Error::Service(e) if e.status == StatusCode::GONE => Error::DeltaLinkExpired(e),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_tells_removed_from_changed_and_names_a_bad_item() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Group {
            id: String,
            #[serde(rename = "displayName")]
            name: Option<String>,
        }
        let body = r#"{"value":[{"id":"1","displayName":"A"},
            {"id":"2","@removed":{"reason":"changed"}}],
            "@odata.deltaLink":"https://x.test/v1.0/groups/delta()?$deltatoken=7"}"#;
        let page: DeltaPage<Group> = serde_json::from_str(body).unwrap();
        assert_eq!(
            page.items,
            [
                Delta::Changed(Group {
                    id: "1".into(),
                    name: Some("A".into())
                }),
                Delta::Removed {
                    id: "2".into(),
                    reason: "changed".into()
                }
            ]
        );
        assert!(page.next_link.is_none());
        assert!(page.delta_link.unwrap().ends_with("$deltatoken=7"));
        let bad = r#"{"value":[{"id":"1"},{"@removed":{}}]}"#;
        let err = serde_json::from_str::<DeltaPage<Group>>(bad).unwrap_err();
        assert!(err.to_string().contains("without a string `id`"), "{err}");
    }
}
