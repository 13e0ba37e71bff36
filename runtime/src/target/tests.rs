use chrono::NaiveDate;
use http::Method;
use http::header::{ACCEPT, CONTENT_TYPE};

use super::*;

const BASE: &str = "https://graph.microsoft.com/v1.0";

fn root() -> RequestTarget {
    RequestTarget::root(&Client::new(BASE).unwrap())
}

fn packages() -> RequestTarget {
    root()
        .segment("identityGovernance")
        .segment("entitlementManagement")
        .segment("accessPackages")
}

#[test]
fn root_has_an_empty_path_and_the_base_url() {
    let t = root();
    assert_eq!(t.path(), "");
    assert_eq!(t.url(), BASE);
    assert_eq!(t.client().base_url(), BASE);
}

#[test]
fn segments_build_the_path_without_changing_the_parent() {
    let parent = packages();
    let child = parent.segment("$count");
    assert_eq!(
        parent.path(),
        "/identityGovernance/entitlementManagement/accessPackages"
    );
    assert_eq!(
        child.url(),
        "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/$count"
    );
    assert_eq!(root().segment("a b/c").path(), "/a%20b%2Fc");
}

#[test]
fn key_as_segment_encoding_table() {
    let table = [
        (
            "73eb2497-3b88-4c0a-8bb3-68ba8162beff",
            "/x/73eb2497-3b88-4c0a-8bb3-68ba8162beff",
        ),
        ("a/b", "/x/a%2Fb"),
        ("it's", "/x/it%27s"),
        ("two words", "/x/two%20words"),
        ("100%", "/x/100%25"),
        ("f(1)", "/x/f%281%29"),
        ("ä€", "/x/%C3%A4%E2%82%AC"),
        // Dot segments would be resolved by URL parsers: the parenthesised form.
        ("..", "/x('..')"),
        (".", "/x('.')"),
    ];
    for (key, expected) in table {
        assert_eq!(root().segment("x").key(key).path(), expected, "{key:?}");
    }
}

#[test]
fn raw_segment_is_verbatim() {
    let t = root().segment("x").raw_segment("{id}");
    assert_eq!(t.path(), "/x/{id}");
    let req = t.request(Method::GET).unwrap();
    assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/x/{id}");
    let bad = root().raw_segment("a b").request(Method::GET);
    assert!(matches!(bad, Err(Error::InvalidRequest(_))));
}

#[test]
fn key_parens_single_part_attaches_to_the_last_segment() {
    let t = root()
        .segment("accessPackages")
        .key_parens(&[("uniqueName", Literal::from("a'b"))]);
    assert_eq!(t.path(), "/accessPackages(uniqueName='a''b')");
}

#[test]
fn key_parens_multiple_parts_and_bare_key() {
    let t = root()
        .segment("items")
        .key_parens(&[("a", Literal::from("x")), ("b", Literal::from(1_i32))]);
    assert_eq!(t.path(), "/items(a='x',b=1)");
    let t = root()
        .segment("items")
        .key_parens(&[("", Literal::from("k"))]);
    assert_eq!(t.path(), "/items('k')");
}

#[test]
fn key_parens_encodes_literal_text_but_keeps_quotes() {
    let t = root()
        .segment("items")
        .key_parens(&[("name", Literal::from("O'Neil & co/ü (1)"))]);
    assert_eq!(
        t.path(),
        "/items(name='O''Neil%20%26%20co%2F%C3%BC%20%281%29')"
    );
}

#[test]
fn function_call_with_and_without_parameters() {
    let date = NaiveDate::from_ymd_opt(2017, 1, 1).unwrap();
    let t = root().segment("reports").function_call(
        "getEmailActivityUserDetail",
        &[("date", Literal::from(date))],
    );
    assert_eq!(
        t.path(),
        "/reports/getEmailActivityUserDetail(date=2017-01-01)"
    );

    let t = root().segment("x").function_call(
        "f",
        &[("p1", Literal::from("x")), ("p2", Literal::from(3_i64))],
    );
    assert_eq!(t.path(), "/x/f(p1='x',p2=3)");

    let t = root().segment("users").function_call("delta", &[]);
    assert_eq!(t.path(), "/users/delta()");
}

#[test]
fn function_call_with_json_parameter_goes_through_an_alias() {
    // OData URL Conventions 4.01 §5.1.1.6.2: JSON literals MUST NOT appear in the path; they
    // are passed with parameter aliases (§5.3), whose values are query options.
    let t = root().function_call(
        "microsoft.graph.f",
        &[
            ("ids", Literal::json(serde_json::json!(["a", "b"]))),
            ("n", Literal::from(2_i32)),
        ],
    );
    assert_eq!(t.path(), "/microsoft.graph.f(ids=@ids,n=2)");
    assert_eq!(
        t.url(),
        format!("{BASE}/microsoft.graph.f(ids=@ids,n=2)?@ids=%5B%22a%22%2C%22b%22%5D")
    );
    // A composed path keeps the aliases at the end, numbered apart.
    let t = t.segment("next").function_call(
        "g",
        &[("ids", Literal::json(serde_json::json!({"k": "v&w"})))],
    );
    assert_eq!(
        t.url(),
        format!(
            "{BASE}/microsoft.graph.f(ids=@ids,n=2)/next/g(ids=@ids2)\
             ?@ids=%5B%22a%22%2C%22b%22%5D&@ids2=%7B%22k%22%3A%22v%26w%22%7D"
        )
    );
    // The query survives into requests and calls, with query options after it.
    let req = t.request(Method::GET).unwrap();
    assert_eq!(req.uri().to_string(), t.url());
    let call = t
        .call::<crate::decode::List<serde_json::Value>>(Method::GET)
        .top(1);
    assert_eq!(call.url(), format!("{}&$top=1", t.url()));
}

#[test]
fn key_styles() {
    let people = || {
        root()
            .with_key_style(KeyStyle::Parentheses)
            .segment("People")
    };
    // §4.3.1: the canonical key predicate; §2.2: quotes doubled, `/` percent-encoded.
    assert_eq!(people().key("O'Neil").path(), "/People('O''Neil')");
    assert_eq!(
        people().key("Smartphone/Tablet").path(),
        "/People('Smartphone%2FTablet')"
    );
    // The style holds along the path.
    assert_eq!(
        people().key("a").segment("Friends").key("b").path(),
        "/People('a')/Friends('b')"
    );
    // §4.3.6: the key-as-segment default.
    assert_eq!(root().segment("People").key("a b").path(), "/People/a%20b");
    assert_eq!(root().key_style(), KeyStyle::Segment);
}

#[test]
fn an_empty_key_never_addresses_the_collection() {
    // In parentheses it is the empty string literal.
    let t = root()
        .with_key_style(KeyStyle::Parentheses)
        .segment("People")
        .key("");
    assert_eq!(t.path(), "/People('')");
    assert!(t.request(Method::GET).is_ok());
    // As a segment it is refused, by every way of making a request, also further down.
    let t = packages().key("");
    let collection = "/identityGovernance/entitlementManagement/accessPackages";
    let refused = |r: Result<http::Request<Vec<u8>>, Error>| match r {
        Err(Error::EmptyKey { collection: c }) => assert_eq!(c, collection),
        other => panic!("expected EmptyKey, got {other:?}"),
    };
    refused(t.request(Method::GET));
    refused(t.request(Method::DELETE));
    refused(t.json_request(Method::PATCH, &serde_json::json!({})));
    refused(t.bytes_request(Method::PUT, "text/plain", vec![]));
    refused(t.segment("catalog").request(Method::GET));
    refused(t.count_request());
    refused(t.call::<crate::decode::Empty>(Method::DELETE).request());
    let e = t.request(Method::GET).unwrap_err().to_string();
    assert!(e.contains("is empty"), "{e}");
    // The canonical URL of `$ref` bodies too.
    assert!(matches!(
        root().entity_url("/groups", ""),
        Err(Error::EmptyKey { .. })
    ));
    let odata = root().with_key_style(KeyStyle::Parentheses);
    assert_eq!(
        odata.entity_url("/groups", "").unwrap(),
        format!("{BASE}/groups('')")
    );
}

#[test]
fn request_has_method_uri_accept_and_no_body() {
    let req = packages().key("k1").request(Method::DELETE).unwrap();
    assert_eq!(req.method(), Method::DELETE);
    assert_eq!(
        req.uri().to_string(),
        "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/k1"
    );
    assert_eq!(req.headers()[ACCEPT], "application/json");
    assert!(req.headers().get(CONTENT_TYPE).is_none());
    assert!(req.body().is_empty());
}

#[test]
fn request_with_accept_sets_the_header() {
    let req = packages()
        .segment("$count")
        .request_with_accept(Method::GET, "text/plain")
        .unwrap();
    assert_eq!(req.headers()[ACCEPT], "text/plain");
}

#[test]
fn json_request_is_compact_with_both_headers() {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body<'a> {
        display_name: &'a str,
        is_hidden: bool,
    }
    let body = Body {
        display_name: "sales reps",
        is_hidden: false,
    };
    let req = packages().json_request(Method::POST, &body).unwrap();
    assert_eq!(req.method(), Method::POST);
    assert_eq!(req.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(req.headers()[ACCEPT], "application/json");
    assert_eq!(
        req.body().as_slice(),
        br#"{"displayName":"sales reps","isHidden":false}"#
    );
    // Unsized bodies work too.
    let req = root().json_request(Method::PATCH, "text").unwrap();
    assert_eq!(req.body().as_slice(), br#""text""#);
}

#[test]
fn bytes_request_keeps_the_body_and_content_type() {
    let req = root()
        .segment("photo")
        .segment("$value")
        .bytes_request(Method::PUT, "image/png", vec![1, 2, 3])
        .unwrap();
    assert_eq!(req.uri(), "https://graph.microsoft.com/v1.0/photo/$value");
    assert_eq!(req.headers()[CONTENT_TYPE], "image/png");
    assert_eq!(req.body(), &vec![1, 2, 3]);
}

#[test]
fn target_is_send_sync_clone() {
    fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_send_sync::<RequestTarget>();
}
