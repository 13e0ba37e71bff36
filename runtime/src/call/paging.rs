//! Following `@odata.nextLink`: a collection call as a stream of pages or of
//! items.

use futures_util::stream::{self, Stream, TryStreamExt};
use http::Method;
use serde::de::DeserializeOwned;

use super::Call;
use crate::client::lowercase_origin;
use crate::decode::List;
use crate::error::Exchange;
use crate::{Error, Page};

impl<T: DeserializeOwned + Send + 'static> Call<List<T>> {
    /// The pages of the collection: this call's, then one per
    /// `@odata.nextLink`, each request carrying this call's headers, up to
    /// [`max_pages`](Self::max_pages).
    ///
    /// A next link is only followed when it lies under the client's base URL
    /// (otherwise [`Error::ForeignNextLink`]), so the token never leaves for
    /// another host.
    pub fn pages(self) -> impl Stream<Item = Result<Page<T>, Error>> + Send + 'static {
        let cap = self.max_pages.unwrap_or(usize::MAX);
        stream::try_unfold((Some(self), 0_usize), move |(call, fetched)| async move {
            let Some(call) = call else {
                return Ok(None);
            };
            if fetched >= cap {
                return Ok(None);
            }
            let template = call.next_template();
            let (page, exchange) = call.send_for_exchange().await?;
            let next = match &page.next_link {
                Some(link) if fetched + 1 < cap => Some(template.follow(link, exchange)?),
                _ => None,
            };
            Ok(Some((page, (next, fetched + 1))))
        })
    }

    /// The items of every page, in order (see [`pages`](Self::pages)).
    pub fn stream(self) -> impl Stream<Item = Result<T, Error>> + Send + 'static {
        self.pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// All items of every page, collected (see [`pages`](Self::pages)).
    ///
    /// # Errors
    ///
    /// The first error of any page.
    pub async fn all(self) -> Result<Vec<T>, Error> {
        self.stream().try_collect().await
    }

    /// A GET with this call's headers and no URL yet, for the next page.
    fn next_template(&self) -> Self {
        let mut next = Self::new(&self.client, Method::GET, String::new());
        next.headers.clone_from(&self.headers);
        next.max_pages = self.max_pages;
        next
    }

    /// Points the template at `link` (which carries the query options).
    fn follow(mut self, link: &str, exchange: Exchange) -> Result<Self, Error> {
        // The base URL's scheme and host are lowercase; the link's may not be.
        let normalized = lowercase_origin(link);
        let under_base = normalized
            .strip_prefix(self.client.base_url())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
        if !under_base {
            return Err(Error::ForeignNextLink {
                exchange: Box::new(exchange),
                link: link.to_owned(),
            });
        }
        link.clone_into(&mut self.url);
        Ok(self)
    }
}
