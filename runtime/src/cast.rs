//! Type casts on the builders of navigation properties that are not contained
//! (`…/memberOf/microsoft.graph.group`): the cast segment is the derived type's
//! qualified name, and the result is the same kind of builder typed with the
//! derived model.

use crate::{NavCollection, NavItem, NavSingle, NavSingleRef};

/// A model whose entity type derives, directly or not, from `Base`'s, so that a
/// URL that addresses `Base` entities may be cast to it
/// (`…/memberOf/microsoft.graph.group`). Generated crates implement it for each
/// pair the metadata declares; [`NavCollection::cast`] and its siblings accept
/// only those pairs.
pub trait DerivedFrom<Base> {
    /// The derived type's qualified name: the URL's cast segment
    /// (`microsoft.graph.group`).
    const QUALIFIED_NAME: &'static str;
}

impl<T> NavCollection<T> {
    /// `nav/{qualified name of U}`: the related entities that are `U`s, as a
    /// collection of `U` (the service leaves out the others).
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{Client, DerivedFrom, NavCollection, RequestTarget};
    ///
    /// struct DirectoryObject;
    /// struct Group;
    /// impl DerivedFrom<DirectoryObject> for Group {
    ///     const QUALIFIED_NAME: &'static str = "microsoft.graph.group";
    /// }
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let member_of: NavCollection<DirectoryObject> =
    ///     NavCollection::new(RequestTarget::root(&client).segment("me").segment("memberOf"));
    /// let groups: NavCollection<Group> = member_of.cast::<Group>();
    /// assert_eq!(
    ///     groups.get_request()?.uri(),
    ///     "https://graph.microsoft.com/v1.0/me/memberOf/microsoft.graph.group",
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    pub fn cast<U: DerivedFrom<T>>(&self) -> NavCollection<U> {
        NavCollection::new(self.target().segment(U::QUALIFIED_NAME))
    }
}

impl<T> NavItem<T> {
    /// `nav/{key}/{qualified name of U}`: this related entity read as a `U`
    /// (the service answers `404 Not Found` when it is not one). The link
    /// itself is removed on `self`, not through the cast.
    pub fn cast<U: DerivedFrom<T>>(&self) -> NavSingle<U> {
        NavSingle::new(self.target().segment(U::QUALIFIED_NAME))
    }
}

impl<T> NavSingle<T> {
    /// `nav/{qualified name of U}`: the related entity read as a `U` (the
    /// service answers `404 Not Found` when it is not one).
    pub fn cast<U: DerivedFrom<T>>(&self) -> NavSingle<U> {
        NavSingle::new(self.target().segment(U::QUALIFIED_NAME))
    }
}

impl<T> NavSingleRef<T> {
    /// `nav/{qualified name of U}`: the related entity read as a `U` (the
    /// service answers `404 Not Found` when it is not one). The link itself
    /// is managed on `self`, not through the cast.
    pub fn cast<U: DerivedFrom<T>>(&self) -> NavSingle<U> {
        NavSingle::new(self.target().segment(U::QUALIFIED_NAME))
    }
}
