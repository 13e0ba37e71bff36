//! Following `@odata.nextLink`: a collection call as a stream of pages or of
//! items.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, BoxStream, Stream, StreamExt, TryStreamExt};
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
    pub fn pages(self) -> PageStream<T> {
        let cap = self.max_pages.unwrap_or(usize::MAX);
        let pages = stream::try_unfold((Some(self), 0_usize), move |(call, fetched)| async move {
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
        });
        PageStream {
            inner: pages.boxed(),
        }
    }

    /// The items of every page, in order (see [`pages`](Self::pages)).
    pub fn stream(self) -> ItemStream<T> {
        let items = self
            .pages()
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten();
        ItemStream {
            inner: items.boxed(),
        }
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
        let mut next = Self::new(
            &self.client,
            Method::GET,
            String::new(),
            self.template.clone(),
        );
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

/// Declares a boxed, `Unpin` stream type of `Result<$item, Error>` with an
/// inherent `try_next`.
macro_rules! boxed_stream {
    ($(#[$doc:meta])* $name:ident, $item:ty) => {
        $(#[$doc])*
        #[must_use = "a stream sends nothing until it is polled"]
        pub struct $name<T> {
            inner: BoxStream<'static, Result<$item, Error>>,
        }

        impl<T> $name<T> {
            /// The next element, `None` after the last; an error ends the
            /// stream. The same as `futures::TryStreamExt::try_next`, with no
            /// `futures` import.
            ///
            /// # Errors
            ///
            /// The error of the request that failed.
            pub async fn try_next(&mut self) -> Result<Option<$item>, Error> {
                self.inner.try_next().await
            }
        }

        impl<T> Stream for $name<T> {
            type Item = Result<$item, Error>;

            fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
                self.inner.poll_next_unpin(cx)
            }

            fn size_hint(&self) -> (usize, Option<usize>) {
                self.inner.size_hint()
            }
        }

        impl<T> fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($name)).finish_non_exhaustive()
            }
        }
    };
}

boxed_stream!(
    /// The pages of a collection, from [`Call::pages`]: a [`Stream`] that is
    /// `Unpin`, `Send` and `'static`, so it can be read with
    /// [`try_next`](Self::try_next) (or `futures`' combinators), kept in a
    /// struct, or moved to another task.
    PageStream,
    Page<T>
);

boxed_stream!(
    /// The items of a collection, page after page, from [`Call::stream`]: a
    /// [`Stream`] that is `Unpin`, `Send` and `'static`, so it can be read
    /// with [`try_next`](Self::try_next) (or `futures`' combinators), kept in
    /// a struct, or moved to another task.
    ItemStream,
    T
);
