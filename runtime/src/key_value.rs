//! The value of a single-part key, written the way the target's
//! [`KeyStyle`](crate::KeyStyle) says: as a path segment (its text) or as a
//! literal in parentheses (`('abc')`, `(5)`), which differ for every type but
//! strings' segment form.

use std::borrow::Cow;

use crate::Literal;

/// A key value that runtime builders such as
/// [`NavCollection::by_id`](crate::NavCollection::by_id) accept: strings,
/// integers and GUIDs (what OData keys are), and references to them.
///
/// ```
/// use graphgen_runtime::{Client, KeyStyle, NavCollection, RequestTarget};
///
/// struct Product;
/// let client = Client::new("https://example.com/odata")?;
/// let root = RequestTarget::root(&client).with_key_style(KeyStyle::Parentheses);
/// let products: NavCollection<Product> = NavCollection::new(root.segment("Products"));
/// assert_eq!(products.by_id(5).target().path(), "/Products(5)");
/// assert_eq!(products.by_id("5").target().path(), "/Products('5')");
/// # Ok::<(), graphgen_runtime::Error>(())
/// ```
pub trait KeyValue {
    /// The key as a path segment, before percent-encoding: its text.
    fn segment(&self) -> Cow<'_, str>;
    /// The key as an OData literal (`'abc'`, `5`).
    fn literal(&self) -> Literal;
}

impl KeyValue for str {
    fn segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn literal(&self) -> Literal {
        Literal::from(self)
    }
}

impl KeyValue for String {
    fn segment(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
    fn literal(&self) -> Literal {
        Literal::from(self)
    }
}

impl<K: KeyValue + ?Sized> KeyValue for &K {
    fn segment(&self) -> Cow<'_, str> {
        (**self).segment()
    }
    fn literal(&self) -> Literal {
        (**self).literal()
    }
}

macro_rules! display_key {
    ($($ty:ty),*) => {$(
        impl KeyValue for $ty {
            fn segment(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
            fn literal(&self) -> Literal {
                Literal::from(*self)
            }
        }
    )*};
}

display_key!(i8, i16, i32, i64, u8, u16, u32, u64, uuid::Uuid);
