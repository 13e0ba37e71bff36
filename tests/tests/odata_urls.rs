//! The URLs a crate generated for a service that is not Microsoft Graph sends, compared with
//! the OData Version 4.01 URL Conventions (OASIS Standard, 23 April 2020), each case citing
//! its section; the service is `tests/fixtures/odata_service.xml` (main namespace `n`), whose
//! golden output is compiled in here. Then the same rules where the conventions are chosen
//! otherwise: by `graphgen.toml`, by the metadata (`Capabilities.KeyAsSegmentSupported`), and
//! Microsoft Graph's own (key as segment), with the empty key of every key kind.
//!
//! A literal's characters outside RFC 3986 `unreserved` are percent-encoded (`:` as `%3A`, `,`
//! as `%2C`), which §2.1 (URL Parsing) makes the same URL: path segments and query option
//! values are percent-decoded exactly once, after the URL is split.

#[rustfmt::skip]
#[path = "../fixtures/odata_service.rs"]
pub mod odata_service_golden;

use std::path::Path;

use chrono::{DateTime, NaiveDate, NaiveTime};
use graph_access_packages::beta;
use graphgen_runtime::{Duration, Error, Flags};
use http::Method;
use odata_service_golden::odata_service::models::{Address, Color};
use odata_service_golden::odata_service::requests::{GetFavoriteParams, ShareTripParams};
use odata_service_golden::odata_service::{Client, requests::SearchParams};

const ROOT: &str = "https://host/service";

fn client() -> Client {
    Client::new(format!("{ROOT}/")).expect("a valid service root")
}

/// The method and full URL of a request, and its body as text.
fn sent(request: Result<http::Request<Vec<u8>>, Error>) -> (Method, String, String) {
    let request = request.expect("the request is built");
    let body = String::from_utf8(request.body().clone()).expect("UTF-8 body");
    (request.method().clone(), request.uri().to_string(), body)
}

fn get(url: &str) -> (Method, String, String) {
    (Method::GET, format!("{ROOT}{url}"), String::new())
}

#[test]
fn section_4_3_1_canonical_url_single_part_keys_in_parentheses() {
    let people = client().people();
    // §4.3.1: "The canonical key predicate for single-part keys consists only of the key
    // property value without the key property name" (`Products(1)`); a string value is a
    // quoted literal (§5.1.1.6.1, `'Say Hello,then go'`).
    assert_eq!(
        sent(people.by_id("russellwhyte").get_request()),
        get("/People('russellwhyte')")
    );
    // §2.2 URL Syntax: "single quotes within string literals are represented as two
    // consecutive single quotes" (`People('O''Neil')`), and a forward slash in a key is
    // percent-encoded (`Categories('Smartphone%2FTablet')`).
    assert_eq!(
        sent(people.by_id("O'Neil").get_request()),
        get("/People('O''Neil')")
    );
    assert_eq!(
        sent(people.by_id("Smartphone/Tablet").get_request()),
        get("/People('Smartphone%2FTablet')")
    );
    // §5.1.1.6.1 Primitive Literals: a GUID is bare (`01234567-89ab-cdef-0123-456789abcdef`).
    let id = uuid::Uuid::parse_str("01234567-89ab-cdef-0123-456789abcdef").unwrap();
    assert_eq!(
        sent(client().shipments().by_id(id).delete_request()),
        (
            Method::DELETE,
            format!("{ROOT}/Shipments(01234567-89ab-cdef-0123-456789abcdef)"),
            String::new()
        )
    );
}

#[test]
fn section_4_3_1_multi_part_keys_in_key_order_with_typed_literals() {
    // §4.3.1: "For multi-part keys the key properties appear in the same order they appear in
    // the key definition"; §5.1.1.6.1: a date is bare (`2012-12-03`), an integer bare, an enum
    // value prefixed with its qualified type name (`Sales.Pattern'Yellow'`, which "clients that
    // want to operate across OData 4.0 and OData 4.01 services should always include").
    let day = NaiveDate::from_ymd_opt(2012, 12, 3).unwrap();
    let slot = client().slots().by_id(day, &Color::Green, -7, "B 1");
    assert_eq!(
        sent(slot.get_request()),
        get("/Slots(Day=2012-12-03,Color=n.Color'Green',Seq=-7,Room='B%201')")
    );
}

#[test]
fn section_4_3_5_alternate_keys_name_their_property() {
    // §4.3.5: "single-part alternate keys MUST specify the key property name"
    // (`Employees(SSN='123-45-6789')`).
    assert_eq!(
        sent(client().people().by_email("ann@example.com").get_request()),
        get("/People(Email='ann%40example.com')")
    );
}

#[test]
fn section_4_5_1_bound_actions_are_namespace_qualified() {
    let person = client().people().by_id("russellwhyte");
    // §4.5.1 and the ABNF's `boundActionCall`: the action's namespace-qualified name after the
    // binding resource (§4.3's `Products/Model.MostExpensive()` style). Unqualified names need
    // a default namespace (§4.5), which this service does not declare.
    assert_eq!(
        sent(person.ping_request()),
        (
            Method::POST,
            format!("{ROOT}/People('russellwhyte')/n.Ping"),
            String::new()
        )
    );
    let params = ShareTripParams {
        user_name: "scottketchum".into(),
        trip_id: 1001,
    };
    assert_eq!(
        sent(person.share_trip_request(&params)),
        (
            Method::POST,
            format!("{ROOT}/People('russellwhyte')/n.ShareTrip"),
            r#"{"UserName":"scottketchum","TripId":1001}"#.to_owned()
        )
    );
    // A singleton is a binding resource too.
    assert_eq!(
        sent(client().me().ping_request()).1,
        format!("{ROOT}/Me/n.Ping")
    );
}

#[test]
fn section_4_5_2_bound_functions_with_literals_and_parameter_aliases() {
    let params = GetFavoriteParams {
        text: "it's".into(),
        id: uuid::Uuid::parse_str("01234567-89ab-cdef-0123-456789abcdef").unwrap(),
        day: NaiveDate::from_ymd_opt(2012, 12, 3).unwrap(),
        at: DateTime::parse_from_rfc3339("2012-12-03T07:16:23Z").unwrap(),
        time: NaiveTime::from_hms_milli_opt(7, 59, 59, 999).unwrap(),
        span: Duration::parse("P12DT23H59M59S").unwrap(),
        count: -128,
        flag: true,
        color: Color::Red,
        perms: Flags::from_wire("Read,Write"),
        address: Address {
            city: Some("Zürich".into()),
            ..Address::default()
        },
        tags: vec!["a".into(), "b c".into()],
        note: None,
    };
    // §4.5.2 and the ABNF's `boundFunctionCall`: `n.GetFavorite(p=…,…)`, each primitive
    // parameter a literal of §5.1.1.6.1 (string quoted with `'` doubled, GUID, date,
    // dateTimeOffset and timeOfDay bare, `duration'…'` with its prefix, integers and Booleans
    // bare, enum and flags values with their qualified type), `null` for a null value
    // (§5.1.1.6.3). §5.1.1.6.2: complex and collection values "MUST NOT appear in the path
    // portion of the URL but can be passed to bound functions … by using parameter aliases"
    // (§5.3), their JSON percent-encoded ("`{`, `}`, `[`, `]`, and `"` MUST be
    // percent-encoded").
    let expected = format!(
        "{ROOT}/People('russellwhyte')/n.GetFavorite(text='it''s',\
         id=01234567-89ab-cdef-0123-456789abcdef,day=2012-12-03,\
         at=2012-12-03T07%3A16%3A23Z,time=07%3A59%3A59.999,span=duration'P12DT23H59M59S',\
         count=-128,flag=true,color=n.Color'Red',perms=n.Perm'Read%2CWrite',\
         address=@address,tags=@tags,note=null)\
         ?@address=%7B%22City%22%3A%22Z%C3%BCrich%22%7D&@tags=%5B%22a%22%2C%22b%20c%22%5D"
    );
    let person = client().people().by_id("russellwhyte");
    assert_eq!(
        sent(person.get_favorite_request(&params)),
        (Method::GET, expected.clone(), String::new())
    );
    // The sending twin sends the same URL, with query options after the aliases.
    assert_eq!(person.get_favorite(&params).url(), expected);

    // A function bound to the collection.
    let search = SearchParams {
        term: "Ann O'Neil".into(),
    };
    assert_eq!(
        sent(client().people().search_request(&search)),
        get("/People/n.Search(term='Ann%20O''Neil')")
    );
}

#[test]
fn navigation_keeps_the_key_convention_and_refs_use_canonical_urls() {
    let friends = client().people().by_id("a").friends();
    // §4.3 (`Categories(1)/Products`) and §4.3.1 on the related collection's key.
    assert_eq!(
        sent(friends.by_id("b").get_request()),
        get("/People('a')/Friends('b')")
    );
    assert_eq!(sent(friends.get_request()), get("/People('a')/Friends"));
    // §4.8: `/$count` on a collection.
    assert_eq!(
        sent(friends.count_request()).1,
        format!("{ROOT}/People('a')/Friends/$count")
    );
    // §4.4 Addressing References between Entities: `…/Friends/$ref`, linking the entity by
    // its canonical URL (§4.3.1: the entity set and the key predicate).
    assert_eq!(
        sent(friends.refs().add_request("b")),
        (
            Method::POST,
            format!("{ROOT}/People('a')/Friends/$ref"),
            format!(r#"{{"@odata.id":"{ROOT}/People('b')"}}"#)
        )
    );
    // OData 4.01 (§4.4): a single reference within a collection, by key, in a DELETE.
    assert_eq!(
        sent(friends.refs().remove_request("b")),
        (
            Method::DELETE,
            format!("{ROOT}/People('a')/Friends('b')/$ref"),
            String::new()
        )
    );
}

#[test]
fn a_related_collection_writes_its_key_in_the_key_type_s_literal_form() {
    // §4.3.1 and ABNF `keyPredicate`: a Guid key is the bare `guidValue`, not a string
    // literal, in a related collection as in the entity set, and in a `$ref`'s canonical URL.
    let id = "0b5e4e8c-8f7a-4b1e-9d8c-5c2a3f1e6d7b"
        .parse::<uuid::Uuid>()
        .unwrap();
    let shipments = client().people().by_id("a").shipments();
    assert_eq!(
        sent(shipments.by_id(id).get_request()),
        get(&format!("/People('a')/Shipments({id})"))
    );
    assert_eq!(
        sent(shipments.refs().add_request(id)).2,
        format!(r#"{{"@odata.id":"{ROOT}/Shipments({id})"}}"#)
    );
    assert_eq!(
        sent(shipments.refs().remove_request(id)).1,
        format!("{ROOT}/People('a')/Shipments({id})/$ref")
    );
    // A string key stays a string literal.
    assert_eq!(
        sent(
            client()
                .people()
                .by_id("a")
                .friends()
                .by_id("7")
                .get_request()
        ),
        get("/People('a')/Friends('7')")
    );
}

#[test]
fn an_empty_key_is_the_empty_string_literal_in_parentheses() {
    let people = client().people();
    // Single key: `('')`, never `People/` or `People`.
    assert_eq!(sent(people.by_id("").get_request()), get("/People('')"));
    assert_eq!(
        sent(people.by_id("").delete_request()),
        (Method::DELETE, format!("{ROOT}/People('')"), String::new())
    );
    // Alternate key.
    assert_eq!(
        sent(people.by_email("").get_request()),
        get("/People(Email='')")
    );
    // Composite key with an empty string part.
    let day = NaiveDate::from_ymd_opt(2024, 1, 31).unwrap();
    assert_eq!(
        sent(
            client()
                .slots()
                .by_id(day, &Color::Red, 0, "")
                .get_request()
        ),
        get("/Slots(Day=2024-01-31,Color=n.Color'Red',Seq=0,Room='')")
    );
    // Navigation.
    assert_eq!(
        sent(people.by_id("a").friends().by_id("").get_request()),
        get("/People('a')/Friends('')")
    );
}

#[test]
fn an_empty_key_as_a_segment_is_refused() {
    // Microsoft Graph's key-as-segment convention (§4.3.6): `…/accessPackages/` would be the
    // collection, so every request from an empty key fails before anything is sent.
    let client = beta::Client::new("https://graph.microsoft.com/beta").unwrap();
    let packages = client
        .identity_governance()
        .entitlement_management()
        .access_packages();
    let empty = |r: Result<http::Request<Vec<u8>>, Error>| match r {
        Err(Error::EmptyKey { collection }) => collection,
        other => panic!("expected EmptyKey, got {other:?}"),
    };
    let collection = "/identityGovernance/entitlementManagement/accessPackages";
    assert_eq!(empty(packages.by_id("").get_request()), collection);
    assert_eq!(empty(packages.by_id("").delete_request()), collection);
    assert_eq!(
        empty(
            packages
                .by_id("")
                .patch_request(&beta::models::AccessPackage::default())
        ),
        collection
    );
    // Below it, too: a navigation and its `$ref`.
    let nav = packages.by_id("").access_packages_incompatible_with();
    assert_eq!(empty(nav.get_request()), collection);
    // The empty key of a navigation, and of a `$ref` link's target.
    let nav = packages.by_id("p1").access_packages_incompatible_with();
    assert!(matches!(
        nav.by_id("").get_request(),
        Err(Error::EmptyKey { .. })
    ));
    assert!(matches!(
        nav.refs().add_request(""),
        Err(Error::EmptyKey { .. })
    ));
    // An alternate key is always in parentheses (§4.3.5): `(uniqueName='')` is a valid URL.
    assert_eq!(
        sent(packages.by_unique_name("").get_request()).1,
        "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/\
         accessPackages(uniqueName='')"
    );
    // Graph's own keys stay segments (§4.3.6).
    assert_eq!(
        sent(packages.by_id("a b").get_request()).1,
        "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/\
         accessPackages/a%20b"
    );
}

#[test]
fn a_service_that_is_not_graph_has_no_graph_default() {
    let text = include_str!("../fixtures/odata_service.rs");
    for absent in [
        "DEFAULT_BASE_URL",
        "with_default_base_url",
        "graph.microsoft.com",
        "Microsoft Graph",
    ] {
        assert!(!text.contains(absent), "odata_service.rs has `{absent}`");
    }
    // The builder takes the service root instead.
    let client = Client::builder(format!("{ROOT}/"))
        .bearer_token("t")
        .build()
        .expect("builds");
    assert_eq!(client.runtime().base_url(), ROOT);
    assert!(matches!(
        Client::builder("not a url").build(),
        Err(Error::InvalidBaseUrl { .. })
    ));
}

/// A small service whose main namespace is `n`, with the entity container annotations
/// `container`.
fn service(container: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="n" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="Person">
        <Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false" />
      </EntityType>
      <Action Name="Ping" IsBound="true"><Parameter Name="p" Type="n.Person" /></Action>
      <EntityContainer Name="Container">
        <EntitySet Name="People" EntityType="n.Person" />
        {container}
      </EntityContainer>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>"#
    )
}

/// The plan dump of `document` read as the profile `p` of `graphgen_toml`'s text.
fn dump(document: &str, profile_lines: &str) -> Result<String, graphgen::Error> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.xml"), document).unwrap();
    let toml = format!(
        "[crate]\nname = \"n\"\n[[profile]]\nmodule = \"p\"\nmetadata = [\"n.xml\"]\n\
         {profile_lines}\n"
    );
    let config = graphgen::Config::from_toml_str(&toml, Path::new("graphgen.toml"), dir.path())?;
    Ok(config.plans()?[0].dump())
}

/// The lines of `dump` that say how URLs are written.
fn url_lines(dump: &str) -> Vec<&str> {
    dump.lines()
        .filter(|l| {
            l.starts_with("profile ")
                || l.starts_with("conventions ")
                || l.contains("fn by_id()")
                || l.contains("fn ping_request")
        })
        .map(str::trim)
        .collect()
}

#[test]
fn the_conventions_come_from_graphgen_toml_then_the_metadata_then_the_namespace() {
    // The namespace's default: OData's (§4.3.1 keys, qualified operations).
    let odata = dump(&service(""), "").unwrap();
    assert_eq!(
        url_lines(&odata),
        [
            "profile p (no default base URL)",
            "conventions key=parentheses operations=qualified enums=qualified",
            "fn by_id() …({Id: i32}) -> requests::PersonItem",
            "fn ping_request/ping POST …/n.Ping -> Empty",
        ]
    );
    // The metadata: `Capabilities.KeyAsSegmentSupported` (a tag: no value is `true`).
    let tag = r#"<Annotation Term="Org.OData.Capabilities.V1.KeyAsSegmentSupported" />"#;
    let segment = dump(&service(tag), "").unwrap();
    assert_eq!(
        url_lines(&segment)[1..3],
        [
            "conventions key=segment operations=qualified enums=qualified",
            "fn by_id() …/{Id: i32} -> requests::PersonItem",
        ]
    );
    // The same annotation out of line, targeting the container by its qualified name.
    let out_of_line = service("").replace(
        "      <EntityContainer",
        "      <Annotations Target=\"n.Container\">\n        \
         <Annotation Term=\"Capabilities.KeyAsSegmentSupported\" Bool=\"true\" />\n      \
         </Annotations>\n      <EntityContainer",
    );
    assert_eq!(
        url_lines(&dump(&out_of_line, "").unwrap())[2],
        "fn by_id() …/{Id: i32} -> requests::PersonItem"
    );
    // `Core.DefaultNamespace` on the schema (OData URL Conventions §4.5: operations of a
    // default namespace may be unqualified), inline or out of line: `…/Ping`.
    let default_ns = service("").replace(
        "      <EntityType Name=\"Person\">",
        "      <Annotation Term=\"Org.OData.Core.V1.DefaultNamespace\" />\n      \
         <EntityType Name=\"Person\">",
    );
    assert_eq!(
        url_lines(&dump(&default_ns, "").unwrap())[1..],
        [
            "conventions key=parentheses operations=unqualified enums=qualified",
            "fn by_id() …({Id: i32}) -> requests::PersonItem",
            "fn ping_request/ping POST …/Ping -> Empty",
        ]
    );
    let default_ns_out_of_line = service("").replace(
        "      <EntityContainer",
        "      <Annotations Target=\"n\">\n        \
         <Annotation Term=\"Org.OData.Core.V1.DefaultNamespace\" Bool=\"true\" />\n      \
         </Annotations>\n      <EntityContainer",
    );
    assert_eq!(
        url_lines(&dump(&default_ns_out_of_line, "").unwrap())[3],
        "fn ping_request/ping POST …/Ping -> Empty"
    );
    // graphgen.toml, over the metadata; and a base URL of the profile's own.
    let configured = dump(
        &service(tag),
        "base_url = \"https://host/odata\"\n\
         url_conventions = { key = \"parentheses\", operations = \"unqualified\" }",
    )
    .unwrap();
    assert_eq!(
        url_lines(&configured),
        [
            "profile p https://host/odata",
            "conventions key=parentheses operations=unqualified enums=qualified",
            "fn by_id() …({Id: i32}) -> requests::PersonItem",
            "fn ping_request/ping POST …/Ping -> Empty",
        ]
    );
    // Asking for segments where the metadata says the service has none is an error.
    let refused = r#"<Annotation Term="Capabilities.KeyAsSegmentSupported" Bool="false" />"#;
    let e = dump(&service(refused), "url_conventions = { key = \"segment\" }")
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("profile `p`: "), "{e}");
    assert!(e.contains("KeyAsSegmentSupported"), "{e}");
}
