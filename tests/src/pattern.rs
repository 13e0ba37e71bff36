//! A deterministic byte stream of any length, made as it is read: a large upload's source
//! that is never in memory whole (tests and the client benchmark upload 50 MB of it).

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, ReadBuf};

/// The byte at `offset` of every pattern: not periodic at any chunk size, so a range sent
/// twice or skipped changes the whole stream's hash.
pub fn byte_at(offset: u64) -> u8 {
    let x = offset.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (x >> 56) as u8 ^ (offset >> 20) as u8
}

/// An [`AsyncRead`] of `len` bytes, byte `i` being [`byte_at`]`(i)`, in reads of at most
/// 64 KiB.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use tokio::io::AsyncReadExt as _;
///
/// let mut all = Vec::new();
/// graphgen_tests::pattern::Pattern::new(1000).read_to_end(&mut all).await.unwrap();
/// assert_eq!(all.len(), 1000);
/// assert_eq!(all[999], graphgen_tests::pattern::byte_at(999));
/// # }
/// ```
#[derive(Clone, Debug)]
pub struct Pattern {
    offset: u64,
    len: u64,
}

impl Pattern {
    /// A pattern of `len` bytes.
    pub fn new(len: u64) -> Self {
        Pattern { offset: 0, len }
    }

    /// The sha256 of the `len` bytes, lowercase hex (computed by reading them).
    pub fn sha256(len: u64) -> String {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let mut buffer = vec![0_u8; 64 * 1024];
        let mut offset = 0;
        while offset < len {
            let n = (len - offset).min(buffer.len() as u64) as usize;
            fill(offset, &mut buffer[..n]);
            hasher.update(&buffer[..n]);
            offset += n as u64;
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

fn fill(offset: u64, out: &mut [u8]) {
    for (i, b) in out.iter_mut().enumerate() {
        *b = byte_at(offset + i as u64);
    }
}

impl AsyncRead for Pattern {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let n = (self.len - self.offset).min(buf.remaining().min(64 * 1024) as u64) as usize;
        let offset = self.offset;
        fill(offset, buf.initialize_unfilled_to(n));
        buf.advance(n);
        self.offset += n as u64;
        Poll::Ready(Ok(()))
    }
}
