//! The sending methods of the navigation and `$ref` builders: each returns a
//! [`Call`] to await, next to the `*_request` method that builds the same
//! request without sending it.

use http::Method;
use serde::de::DeserializeOwned;

use crate::decode::{Count, Empty, Json, List};
use crate::{
    Call, CanonicalPath, KeyValue, NavCollection, NavItem, NavSingle, NavSingleRef, ODataRef, Refs,
};

impl<T: DeserializeOwned + Send + 'static> NavCollection<T> {
    /// `GET nav`: the first page of related entities (query options and
    /// paging on the returned [`Call`]).
    pub fn list(&self) -> Call<List<T>> {
        self.target().call(Method::GET)
    }

    /// `GET nav/$count`.
    pub fn count(&self) -> Call<Count> {
        self.target().count_call()
    }
}

impl<T: DeserializeOwned + Send + 'static> NavItem<T> {
    /// `GET nav/{key}`.
    pub fn get(&self) -> Call<Json<T>> {
        self.target().call(Method::GET)
    }

    /// `DELETE nav/{key}/$ref`: removes the link, not the entity.
    pub fn remove_ref(&self) -> Call<Empty> {
        self.target().segment("$ref").call(Method::DELETE)
    }
}

impl<T: DeserializeOwned + Send + 'static> NavSingle<T> {
    /// `GET nav`.
    pub fn get(&self) -> Call<Json<T>> {
        self.target().call(Method::GET)
    }
}

impl<T: DeserializeOwned + Send + 'static> NavSingleRef<T> {
    /// `GET nav`.
    pub fn get(&self) -> Call<Json<T>> {
        self.target().call(Method::GET)
    }

    /// `PUT nav/$ref` pointing the link at the `T` with key `key`.
    pub fn set_ref(&self, key: impl KeyValue) -> Call<Empty>
    where
        T: CanonicalPath,
    {
        match self.target().entity_url(T::COLLECTION_PATH, &key) {
            Ok(url) => self.set_ref_url(&url),
            Err(e) => self.target().failed_call(e),
        }
    }

    /// `PUT nav/$ref` with `{"@odata.id": url}`.
    pub fn set_ref_url(&self, url: &str) -> Call<Empty> {
        self.target()
            .segment("$ref")
            .json_call(Method::PUT, &ODataRef::new(url))
    }

    /// `DELETE nav/$ref`: removes the link, not the entity.
    pub fn remove_ref(&self) -> Call<Empty> {
        self.target().segment("$ref").call(Method::DELETE)
    }
}

impl<T> Refs<T> {
    /// `POST nav/$ref` linking the `T` with key `key` (its `@odata.id` from
    /// [`CanonicalPath`]).
    pub fn add(&self, key: impl KeyValue) -> Call<Empty>
    where
        T: CanonicalPath,
    {
        match self.target().entity_url(T::COLLECTION_PATH, &key) {
            Ok(url) => self.add_url(&url),
            Err(e) => self.target().failed_call(e),
        }
    }

    /// `POST nav/$ref` with `{"@odata.id": url}`.
    pub fn add_url(&self, url: &str) -> Call<Empty> {
        self.add_raw(&ODataRef::new(url))
    }

    /// `POST nav/$ref` with any JSON body.
    pub fn add_raw<B: serde::Serialize + ?Sized>(&self, body: &B) -> Call<Empty> {
        self.target().segment("$ref").json_call(Method::POST, body)
    }

    /// `GET nav/$ref`: the links, as a page of `@odata.id` values.
    pub fn list(&self) -> Call<List<ODataRef>> {
        self.target().segment("$ref").call(Method::GET)
    }

    /// `DELETE nav/{key}/$ref`: removes the link to the item with key `key`.
    pub fn remove(&self, key: impl KeyValue) -> Call<Empty> {
        self.target()
            .key_value(&key)
            .segment("$ref")
            .call(Method::DELETE)
    }
}
