use http::header::{ACCEPT, CONTENT_TYPE};

use super::*;
use crate::{Client, RequestTarget};

struct User;
impl CanonicalPath for User {
    const COLLECTION_PATH: &'static str = "/users";
}

fn target(path: &[&str]) -> RequestTarget {
    let client = Client::new("https://graph.microsoft.com/v1.0").unwrap();
    path.iter()
        .fold(RequestTarget::root(&client), |t, s| t.segment(s))
}

#[test]
fn collection_get_and_count() {
    let nav: NavCollection<User> = NavCollection::new(target(&["groups", "g1", "members"]));
    let req = nav.get_request().unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/groups/g1/members"
    );
    assert_eq!(req.headers()[ACCEPT], "application/json");

    let req = nav.count_request().unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/groups/g1/members/$count"
    );
    assert_eq!(req.headers()[ACCEPT], "text/plain");
    assert_eq!(req.headers()["ConsistencyLevel"], "eventual");
    assert!(req.body().is_empty());
}

#[test]
fn collection_by_id_and_refs() {
    let nav: NavCollection<User> = NavCollection::new(target(&["groups", "g1", "members"]));
    let item = nav.by_id("a'b");
    assert_eq!(item.target().path(), "/groups/g1/members/a%27b");
    let req = item.get_request().unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/groups/g1/members/a%27b"
    );
    let req = item.remove_ref_request().unwrap();
    assert_eq!(req.method(), Method::DELETE);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/groups/g1/members/a%27b/$ref"
    );
    assert!(req.headers().get(CONTENT_TYPE).is_none());

    let refs = nav.refs();
    assert_eq!(refs.target().path(), "/groups/g1/members");
    let req = refs.add_request("u1").unwrap();
    assert_eq!(
        req.body(),
        br#"{"@odata.id":"https://graph.microsoft.com/v1.0/users/u1"}"#
    );
}

#[test]
fn single_get_set_and_remove() {
    let nav: NavSingleRef<User> = NavSingleRef::new(target(&["users", "u1", "manager"]));
    let req = nav.get_request().unwrap();
    assert_eq!(req.method(), Method::GET);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/users/u1/manager"
    );

    let req = nav.set_ref_request("u2").unwrap();
    assert_eq!(req.method(), Method::PUT);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/users/u1/manager/$ref"
    );
    assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(
        req.body(),
        br#"{"@odata.id":"https://graph.microsoft.com/v1.0/users/u2"}"#
    );

    let req = nav.set_ref_url_request("https://x.test/users/9").unwrap();
    assert_eq!(req.body(), br#"{"@odata.id":"https://x.test/users/9"}"#);

    let req = nav.remove_ref_request().unwrap();
    assert_eq!(req.method(), Method::DELETE);
    assert_eq!(
        req.uri(),
        "https://graph.microsoft.com/v1.0/users/u1/manager/$ref"
    );
    assert!(req.body().is_empty());
}

#[test]
fn wrappers_are_send_sync_clone_debug_for_any_model() {
    // `Rc` is neither `Send` nor `Sync`, and `NoTraits` implements nothing.
    struct NoTraits;
    type Model = std::rc::Rc<NoTraits>;
    fn assert_all<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_all::<NavCollection<Model>>();
    assert_all::<NavItem<Model>>();
    assert_all::<NavSingle<Model>>();
    assert_all::<NavSingleRef<Model>>();
    assert_all::<Refs<Model>>();

    let nav: NavCollection<NoTraits> = NavCollection::new(target(&["x"]));
    let debug = format!("{:?}", nav.clone());
    assert!(debug.starts_with("NavCollection {"), "{debug}");
    assert!(debug.contains("NoTraits"), "{debug}");
    let single: NavSingle<NoTraits> = NavSingle::new(target(&["y"]));
    assert_eq!(single.clone().target().path(), "/y");
    assert!(format!("{:?}", nav.by_id("1").clone()).starts_with("NavItem {"));
}
