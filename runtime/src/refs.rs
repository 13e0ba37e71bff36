//! `$ref` requests on collection-valued navigation properties.

use http::{Method, Request};

use crate::nav::target_wrapper;
use crate::{CanonicalPath, Error, KeyValue, ODataRef};

target_wrapper!(
    /// The links of a collection-valued navigation property whose items are
    /// of type `T`. The target is the navigation property itself (without
    /// `$ref`); each request appends `$ref` where it belongs.
    ///
    /// # Examples
    ///
    /// ```
    /// use graphgen_runtime::{CanonicalPath, Client, Refs, RequestTarget};
    ///
    /// struct Group;
    /// impl CanonicalPath for Group {
    ///     const COLLECTION_PATH: &'static str = "/groups";
    /// }
    ///
    /// let client = Client::new("https://graph.microsoft.com/v1.0")?;
    /// let refs: Refs<Group> = Refs::new(
    ///     RequestTarget::root(&client)
    ///         .segment("identityGovernance")
    ///         .segment("entitlementManagement")
    ///         .segment("accessPackages")
    ///         .key("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
    ///         .segment("incompatibleGroups"),
    /// );
    /// let req = refs.add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")?;
    /// assert_eq!(req.method(), http::Method::POST);
    /// assert_eq!(
    ///     req.uri(),
    ///     "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/73eb2497-3b88-4c0a-8bb3-68ba8162beff/incompatibleGroups/$ref",
    /// );
    /// assert_eq!(
    ///     req.body(),
    ///     br#"{"@odata.id":"https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"}"#,
    /// );
    /// # Ok::<(), graphgen_runtime::Error>(())
    /// ```
    Refs
);

impl<T> Refs<T> {
    /// `POST nav/$ref` linking the `T` with key `key`, whose `@odata.id`
    /// comes from [`CanonicalPath`] and
    /// [`RequestTarget::entity_url`](crate::RequestTarget::entity_url).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid, [`Error::EmptyKey`]
    /// for an empty key written as a segment.
    pub fn add_request(&self, key: impl KeyValue) -> Result<Request<Vec<u8>>, Error>
    where
        T: CanonicalPath,
    {
        let url = self.target.entity_url(T::COLLECTION_PATH, &key)?;
        self.add_url_request(&url)
    }

    /// `POST nav/$ref` with `{"@odata.id": url}`; `url` is the full URL of
    /// the entity to link.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn add_url_request(&self, url: &str) -> Result<Request<Vec<u8>>, Error> {
        self.add_raw_request(&ODataRef::new(url))
    }

    /// `POST nav/$ref` with any JSON body: an escape hatch for services that
    /// expect more than `@odata.id`.
    ///
    /// # Errors
    ///
    /// [`Error::Serialize`] if the body cannot be serialized,
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn add_raw_request<B: serde::Serialize + ?Sized>(
        &self,
        body: &B,
    ) -> Result<Request<Vec<u8>>, Error> {
        self.target.segment("$ref").json_request(Method::POST, body)
    }

    /// `GET nav/$ref`: lists the links as `@odata.id` values.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn get_request(&self) -> Result<Request<Vec<u8>>, Error> {
        self.target.segment("$ref").request(Method::GET)
    }

    /// `DELETE nav/{key}/$ref`: removes the link to the item with key `key`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] if the URL is invalid.
    pub fn remove_request(&self, key: impl KeyValue) -> Result<Request<Vec<u8>>, Error> {
        self.target
            .key_value(&key)
            .segment("$ref")
            .request(Method::DELETE)
    }
}

#[cfg(test)]
mod tests {
    use http::header::{ACCEPT, CONTENT_TYPE};

    use super::*;
    use crate::{Client, RequestTarget};

    struct Group;
    impl CanonicalPath for Group {
        const COLLECTION_PATH: &'static str = "/groups";
    }

    fn refs() -> Refs<Group> {
        let client = Client::new("https://graph.microsoft.com/v1.0").unwrap();
        Refs::new(
            RequestTarget::root(&client)
                .segment("p")
                .key("1")
                .segment("nav"),
        )
    }

    #[test]
    fn add_request_posts_the_canonical_url() {
        let req = refs().add_request("g/1").unwrap();
        assert_eq!(req.method(), Method::POST);
        assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/p/1/nav/$ref");
        assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
        assert_eq!(req.headers()[ACCEPT], "application/json");
        assert_eq!(
            req.body(),
            br#"{"@odata.id":"https://graph.microsoft.com/v1.0/groups/g%2F1"}"#
        );
    }

    #[test]
    fn add_url_request_uses_the_url_verbatim() {
        let req = refs().add_url_request("https://x.test/a b").unwrap();
        assert_eq!(req.body(), br#"{"@odata.id":"https://x.test/a b"}"#);
    }

    #[test]
    fn add_raw_request_posts_any_body() {
        let req = refs()
            .add_raw_request(&serde_json::json!({"id": "x"}))
            .unwrap();
        assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/p/1/nav/$ref");
        assert_eq!(req.body(), br#"{"id":"x"}"#);
    }

    #[test]
    fn get_and_remove() {
        let req = refs().get_request().unwrap();
        assert_eq!(req.method(), Method::GET);
        assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/p/1/nav/$ref");
        assert!(req.body().is_empty());

        let req = refs().remove_request("g 1").unwrap();
        assert_eq!(req.method(), Method::DELETE);
        assert_eq!(
            req.uri(),
            "https://graph.microsoft.com/v1.0/p/1/nav/g%201/$ref"
        );
        assert!(req.body().is_empty());
    }

    #[test]
    fn clone_and_debug_need_no_bounds() {
        struct NotCloneNotDebug;
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Refs<std::rc::Rc<NotCloneNotDebug>>>();
        let r: Refs<NotCloneNotDebug> = Refs::new(refs().target().clone());
        let copy = r.clone();
        assert_eq!(copy.target().path(), "/p/1/nav");
        assert!(format!("{copy:?}").starts_with("Refs {"));
    }
}
