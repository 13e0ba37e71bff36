//! [`Indirect`]: a boxed value whose auto traits do not make the compiler look inside it.
//!
//! A generated model holds the entities it links to (`$expand`ed navigation properties) and
//! the values it is made of. When a field's type can reach the struct that holds it again (a
//! ring of navigation properties, a tree of complex values), proving that the struct is
//! `Send` means proving it for every struct on the ring, one nested obligation per field:
//! rustc gives up with E0275 ("overflow evaluating the requirement `…: Send`") once that
//! nesting passes its `recursion_limit`, which a ring of about 30 entity types does. Raising
//! the limit only moves the length that fails (and the caller's crate would need it too,
//! since every `tokio::spawn` of a future holding a model asks again).
//!
//! `Indirect<T>` holds its value as a `Box<dyn Held<T>>`, where `Held` has `Send`, `Sync`,
//! `UnwindSafe` and `RefUnwindSafe` as supertraits: a trait object has its supertraits' auto
//! traits without looking at `T`, so `Indirect<T>` is `Send` and `Sync` in one step, and the
//! obligation stops there. The check moves to where an `Indirect<T>` is made
//! ([`Indirect::new`] requires `T: Send + Sync + …`), which looks one struct deep, since the
//! fields of `T` that lead on are `Indirect` themselves.

use std::fmt;
use std::ops::{Deref, DerefMut};
use std::panic::{RefUnwindSafe, UnwindSafe};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value inside an [`Indirect`], behind a trait object whose supertraits give it its auto
/// traits. Cloning, printing and comparing go through it too (calls through a vtable made in
/// [`Indirect::new`]), so that compiling `Clone` of a struct on a ring does not instantiate the
/// `Clone` of the next one, and of the next, until rustc's monomorphization limit.
trait Held<T>: Send + Sync + UnwindSafe + RefUnwindSafe {
    fn get(&self) -> &T;
    fn get_mut(&mut self) -> &mut T;
    fn into_inner(self: Box<Self>) -> T;
    fn clone_boxed(&self) -> Box<dyn Held<T>>;
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn eq_value(&self, other: &T) -> bool;
}

/// What [`Indirect`] needs of the value it holds (every generated model has it).
pub trait Holdable:
    Clone + fmt::Debug + PartialEq + Send + Sync + UnwindSafe + RefUnwindSafe + 'static
{
}

impl<T> Holdable for T where
    T: Clone + fmt::Debug + PartialEq + Send + Sync + UnwindSafe + RefUnwindSafe + 'static
{
}

impl<T: Holdable> Held<T> for T {
    fn get(&self) -> &T {
        self
    }
    fn get_mut(&mut self) -> &mut T {
        self
    }
    fn into_inner(self: Box<Self>) -> T {
        *self
    }
    fn clone_boxed(&self) -> Box<dyn Held<T>> {
        Box::new(self.clone())
    }
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
    fn eq_value(&self, other: &T) -> bool {
        self == other
    }
}

/// A value on the heap, like `Box<T>`, that is `Send` and `Sync` without the compiler
/// proving it for `T` at each use: generated models hold a value through `Indirect` where its
/// type can lead back to the model holding it (see "CSDL → Rust types" in the README). It
/// derefs to `T`, and reads, writes, clones, compares and prints as `T`.
///
/// # Examples
///
/// ```
/// use graphgen_runtime::Indirect;
///
/// #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
/// struct Node {
///     name: String,
///     next: Option<Indirect<Node>>,
/// }
///
/// let mut node = Node { name: "a".into(), next: Some(Indirect::new(Node::default())) };
/// node.next.as_mut().unwrap().name = "b".into();
/// assert_eq!(node.next.as_deref().map(|n| n.name.as_str()), Some("b"));
/// let json = serde_json::to_string(&node)?;
/// assert_eq!(json, r#"{"name":"a","next":{"name":"b","next":null}}"#);
/// assert_eq!(serde_json::from_str::<Node>(&json)?, node);
/// fn is_send<T: Send + Sync>(_: &T) {}
/// is_send(&node);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub struct Indirect<T> {
    value: Box<dyn Held<T>>,
}

impl<T: Holdable> Indirect<T> {
    /// Moves `value` to the heap.
    pub fn new(value: T) -> Self {
        Self {
            value: Box::new(value),
        }
    }
}

impl<T> Indirect<T> {
    /// The value, moved out of its box.
    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for Indirect<T> {
    type Target = T;
    fn deref(&self) -> &T {
        Held::get(&*self.value)
    }
}

impl<T> DerefMut for Indirect<T> {
    fn deref_mut(&mut self) -> &mut T {
        Held::get_mut(&mut *self.value)
    }
}

impl<T> AsRef<T> for Indirect<T> {
    fn as_ref(&self) -> &T {
        self
    }
}

impl<T> AsMut<T> for Indirect<T> {
    fn as_mut(&mut self) -> &mut T {
        self
    }
}

impl<T: Holdable> From<T> for Indirect<T> {
    fn from(value: T) -> Self {
        Self::new(value)
    }
}

impl<T> Clone for Indirect<T> {
    fn clone(&self) -> Self {
        Self {
            value: self.value.clone_boxed(),
        }
    }
}

impl<T: Holdable + Default> Default for Indirect<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T> fmt::Debug for Indirect<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt_debug(f)
    }
}

impl<T> PartialEq for Indirect<T> {
    fn eq(&self, other: &Self) -> bool {
        self.value.eq_value(other)
    }
}

impl<T: Serialize> Serialize for Indirect<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        T::serialize(self, serializer)
    }
}

impl<'de, T> Deserialize<'de> for Indirect<T>
where
    T: Deserialize<'de> + Holdable,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Self::new)
    }
}

#[cfg(test)]
mod tests {
    use super::Indirect;

    /// A ring of `$n` structs, each holding the next through `Indirect`, and a function that
    /// needs the first to be `Send + Sync`: with `Box` this overflows (E0275) past about 30.
    macro_rules! ring {
        ($first:ident $($rest:ident)*) => {
            ring!(@ $first $first $($rest)*);
        };
        (@ $first:ident $a:ident $b:ident $($rest:ident)*) => {
            #[derive(Debug, Clone, PartialEq, Default)]
            #[allow(dead_code)]
            struct $a(Option<Indirect<$b>>);
            ring!(@ $first $b $($rest)*);
        };
        (@ $first:ident $last:ident) => {
            #[derive(Debug, Clone, PartialEq, Default)]
            #[allow(dead_code)]
            struct $last(Option<Indirect<$first>>);
        };
    }

    ring!(
        R00 R01 R02 R03 R04 R05 R06 R07 R08 R09 R10 R11 R12 R13 R14 R15 R16 R17 R18 R19 R20
        R21 R22 R23 R24 R25 R26 R27 R28 R29 R30 R31 R32 R33 R34 R35 R36 R37 R38 R39 R40 R41
        R42 R43 R44 R45 R46 R47 R48 R49 R50 R51 R52 R53 R54 R55 R56 R57 R58 R59 R60 R61 R62
        R63 R64 R65 R66 R67 R68 R69 R70 R71 R72 R73 R74 R75 R76 R77 R78 R79
    );

    fn send_sync_unwind_safe<T: Send + Sync + std::panic::UnwindSafe + Unpin>() {}

    #[test]
    fn a_long_ring_is_send_and_sync() {
        send_sync_unwind_safe::<R00>();
        send_sync_unwind_safe::<R40>();
        let r = R00(Some(Indirect::new(R01(None))));
        assert_eq!(r.clone(), r);
        assert_eq!(format!("{r:?}"), "R00(Some(R01(None)))");
    }

    #[test]
    fn it_moves_out_and_mutates_in_place() {
        let mut v = Indirect::new(vec![1, 2]);
        v.push(3);
        assert_eq!(*v, [1, 2, 3]);
        assert_eq!(v.into_inner(), vec![1, 2, 3]);
    }
}
