//! Bodies that need not be in memory whole: [`ByteStream`], a body read as it arrives, and
//! [`MediaBody`], what an upload sends (bytes, or a stream read once). A leaf: the transport
//! (which sends them) and the media requests (which make them) both build on it.

use std::fmt;
use std::pin::Pin;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt as _, TryStreamExt as _};

use crate::error::BoxError;

/// A body read as it arrives: chunks of bytes, or the error that stopped it.
pub type ByteStream = Pin<Box<dyn Stream<Item = Result<Bytes, BoxError>> + Send>>;

/// What an upload sends: bytes (sent again on a retry), or a stream read once.
///
/// ```
/// use graphgen_runtime::MediaBody;
///
/// let small = MediaBody::from(b"hello".to_vec());
/// assert_eq!(small.len(), Some(5));
/// let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes::Bytes::from("a"))]);
/// let streamed = MediaBody::from_stream(chunks, Some(1));
/// assert_eq!(streamed.len(), Some(1));
/// ```
pub struct MediaBody {
    inner: Inner,
}

enum Inner {
    Bytes(Bytes),
    Stream {
        stream: ByteStream,
        length: Option<u64>,
    },
}

impl MediaBody {
    /// A body read from `stream` as the request is sent, chunk by chunk; `length`, when
    /// known, is sent as `Content-Length` (otherwise the body is chunked).
    pub fn from_stream<S, E>(stream: S, length: Option<u64>) -> Self
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<BoxError> + 'static,
    {
        Self {
            inner: Inner::Stream {
                stream: Box::pin(stream.map_err(Into::into)),
                length,
            },
        }
    }

    /// The body's length in bytes, when known.
    pub fn len(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(b) => Some(b.len() as u64),
            Inner::Stream { length, .. } => *length,
        }
    }

    /// Whether the body is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// The bytes, when the body is not a stream (and so can be sent again).
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.inner {
            Inner::Bytes(b) => Some(b),
            Inner::Stream { .. } => None,
        }
    }

    /// The body as a stream of chunks.
    pub fn into_stream(self) -> ByteStream {
        match self.inner {
            Inner::Bytes(b) => Box::pin(futures_util::stream::once(async move { Ok(b) })),
            Inner::Stream { stream, .. } => stream,
        }
    }

    /// Reads the whole body into memory (what a transport that cannot stream does).
    ///
    /// # Errors
    ///
    /// The error the stream stopped with.
    pub async fn collect(self) -> Result<Bytes, BoxError> {
        match self.inner {
            Inner::Bytes(b) => Ok(b),
            Inner::Stream { stream, .. } => read_all(stream, usize::MAX).await,
        }
    }
}

impl fmt::Debug for MediaBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            Inner::Bytes(b) => f.debug_struct("MediaBody").field("len", &b.len()).finish(),
            Inner::Stream { length, .. } => f
                .debug_struct("MediaBody")
                .field("stream", &true)
                .field("length", length)
                .finish(),
        }
    }
}

impl Default for MediaBody {
    fn default() -> Self {
        Self::from(Bytes::new())
    }
}

impl From<Bytes> for MediaBody {
    fn from(b: Bytes) -> Self {
        Self {
            inner: Inner::Bytes(b),
        }
    }
}

impl From<Vec<u8>> for MediaBody {
    fn from(b: Vec<u8>) -> Self {
        Self::from(Bytes::from(b))
    }
}

impl From<&'static [u8]> for MediaBody {
    fn from(b: &'static [u8]) -> Self {
        Self::from(Bytes::from_static(b))
    }
}

impl From<String> for MediaBody {
    fn from(s: String) -> Self {
        Self::from(Bytes::from(s))
    }
}

/// Reads `stream` to its end, or to `limit` bytes.
pub(crate) async fn read_all(mut stream: ByteStream, limit: usize) -> Result<Bytes, BoxError> {
    let mut all = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = limit.saturating_sub(all.len());
        all.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if all.len() >= limit {
            break;
        }
    }
    Ok(all.freeze())
}
