//! Typed builders for navigation properties that are not contained: the
//! related entities live elsewhere, and links are managed through `$ref`.

use http::{Method, Request};

use crate::{CanonicalPath, Error, KeyValue, ODataRef, Refs};

/// Defines a typed wrapper around a `RequestTarget` with `new`, `target`,
/// and `Clone`/`Debug` impls that put no bounds on `T`. The wrapper holds
/// `PhantomData<fn() -> T>`, so it is `Send`, `Sync` and `Clone` whatever `T`
/// is.
macro_rules! target_wrapper {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        pub struct $name<T> {
            target: $crate::RequestTarget,
            _model: ::std::marker::PhantomData<fn() -> T>,
        }

        impl<T> $name<T> {
            /// Wraps `target`; see the type's documentation for what it
            /// must point at.
            pub fn new(target: $crate::RequestTarget) -> Self {
                Self {
                    target,
                    _model: ::std::marker::PhantomData,
                }
            }

            /// The target this builder makes requests for.
            pub fn target(&self) -> &$crate::RequestTarget {
                &self.target
            }
        }

        impl<T> ::std::clone::Clone for $name<T> {
            fn clone(&self) -> Self {
                Self::new(self.target.clone())
            }
        }

        impl<T> ::std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(stringify!($name))
                    .field("model", &::std::any::type_name::<T>())
                    .field("target", &self.target)
                    .finish()
            }
        }
    };
}

pub(crate) use target_wrapper;

target_wrapper!(
    /// A collection-valued navigation property whose items are of type `T`,
    /// such as `accessPackages/{id}/incompatibleGroups`. The target is the
    /// navigation property itself.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{Client, NavCollection, RequestTarget};
    ///
    /// struct Group;
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let groups: NavCollection<Group> = NavCollection::new(
    ///     RequestTarget::root(&client)
    ///         .segment("identityGovernance")
    ///         .segment("entitlementManagement")
    ///         .segment("accessPackages")
    ///         .key("p1")
    ///         .segment("incompatibleGroups"),
    /// );
    /// let req = groups.by_id("g1").remove_ref_request()?;
    /// assert_eq!(req.method(), http::Method::DELETE);
    /// assert_eq!(
    ///     req.uri(),
    ///     "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/p1/incompatibleGroups/g1/$ref",
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    NavCollection
);

impl<T> NavCollection<T> {
    /// `GET nav`: lists the related entities.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn get_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.request(Method::GET)
    }

    /// `GET nav/$count` with `Accept: text/plain`. It also sends
    /// `ConsistencyLevel: eventual`, which Microsoft Graph requires to count
    /// directory objects and ignores elsewhere.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn count_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.count_request()
    }

    /// The related entity with key `key`, written in the target's
    /// [`KeyStyle`](crate::KeyStyle) like
    /// [`RequestTarget::key_value`](crate::RequestTarget::key_value):
    /// `nav/{key}`, or in parentheses the key's literal, which its type
    /// decides (`nav('x')` for a string, `nav(5)` for an integer): pass the
    /// key as the type the entity declares.
    pub fn by_id(&self, key: impl KeyValue) -> NavItem<T> {
        NavItem::new(self.target.key_value(&key))
    }

    /// The links of this navigation property (`nav/$ref`).
    pub fn refs(&self) -> Refs<T> {
        Refs::new(self.target.clone())
    }
}

target_wrapper!(
    /// One entity reached through a collection-valued navigation property.
    /// The target is `nav/{key}`.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{Client, NavItem, RequestTarget};
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let member: NavItem<()> =
    ///     NavItem::new(RequestTarget::root(&client).segment("members").key("u1"));
    /// assert_eq!(
    ///     member.get_request()?.uri(),
    ///     "https://graph.microsoft.com/v1.0/members/u1",
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    NavItem
);

impl<T> NavItem<T> {
    /// `GET nav/{key}`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn get_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.request(Method::GET)
    }

    /// `DELETE nav/{key}/$ref`: removes the link, not the entity.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn remove_ref_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.segment("$ref").request(Method::DELETE)
    }
}

target_wrapper!(
    /// A single-valued, non-contained navigation property whose entity is of type
    /// `T`, such as `catalog`: it can be read. When the metadata marks it
    /// Referenceable, generated code uses [`NavSingleRef`] instead, which can also
    /// set and remove the link.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{Client, NavSingle, RequestTarget};
    ///
    /// struct Catalog;
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let catalog: NavSingle<Catalog> = NavSingle::new(
    ///     RequestTarget::root(&client).segment("accessPackages").key("p1").segment("catalog"),
    /// );
    /// let req = catalog.get_request()?;
    /// assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/accessPackages/p1/catalog");
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    NavSingle
);

impl<T> NavSingle<T> {
    /// `GET nav`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn get_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.request(Method::GET)
    }
}

target_wrapper!(
    /// A single-valued, non-contained navigation property that is Referenceable
    /// (`NavigationRestrictions/Referenceable`), such as `manager`: it can be read,
    /// and its `$ref` link set and removed.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{CanonicalPath, Client, NavSingleRef, RequestTarget};
    ///
    /// struct User;
    /// impl CanonicalPath for User {
    ///     const COLLECTION_PATH: &'static str = "/users";
    /// }
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let manager: NavSingleRef<User> = NavSingleRef::new(
    ///     RequestTarget::root(&client).segment("users").key("u1").segment("manager"),
    /// );
    /// let req = manager.set_ref_request("u2")?;
    /// assert_eq!(req.method(), http::Method::PUT);
    /// assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/users/u1/manager/$ref");
    /// assert_eq!(req.body(), br#"{"@odata.id":"https://graph.microsoft.com/v1.0/users/u2"}"#);
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    NavSingleRef
);

impl<T> NavSingleRef<T> {
    /// `GET nav`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn get_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.request(Method::GET)
    }

    /// `PUT nav/$ref` pointing the link at the `T` with key `key`, whose URL
    /// comes from [`CanonicalPath`].
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn set_ref_request(&self, key: impl KeyValue) -> Result<Request<Vec<u8>>, Error>
    where
        T: CanonicalPath,
    {
        let url = self.target.entity_url(T::COLLECTION_PATH, &key)?;
        self.set_ref_url_request(&url)
    }

    /// `PUT nav/$ref` with `{"@odata.id": url}`; `url` is the full URL of the
    /// entity to link.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn set_ref_url_request(&self, url: &str) -> Result<Request<Vec<u8>>, Error> {
        self.target
            .segment("$ref")
            .json_request(Method::PUT, &ODataRef::new(url))
    }

    /// `DELETE nav/$ref`: removes the link, not the entity.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn remove_ref_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.segment("$ref").request(Method::DELETE)
    }
}

#[cfg(test)]
mod tests;
