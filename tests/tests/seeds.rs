//! The five seed documentation pages in `../shared/seeds`, reproduced with the generated crate.
//!
//! Each page's example request is parsed from the page itself (the ```` ```http ```` block after
//! `"blockType": "request"`) and rebuilt with `graph_access_packages`: the method, the full URL
//! and the `Content-Type` must match byte for byte, and the JSON body must be the same value with
//! exactly the same keys (the pages list keys in their own order, not the metadata's, so bytes
//! are not compared). Example responses whose body is valid JSON of the documented types are
//! deserialized into the typed model and serialized back.
//!
//! Missing `../shared` inputs skip these tests (see `graphgen_tests::shared`).

use std::collections::BTreeSet;

use chrono::{DateTime, SecondsFormat};
use graph_access_packages::{beta, v1_0};
use graphgen_tests::shared::shared_file;
use http::header::CONTENT_TYPE;
use serde_json::{Value, json};

/// One ```` ```http ```` block: its first line, its headers and its body text, if any.
#[derive(Debug)]
struct HttpBlock {
    first_line: String,
    headers: Vec<(String, String)>,
    body: Option<String>,
}

impl HttpBlock {
    /// The value of header `name` (case-insensitive).
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON; panics if there is none or it is not JSON.
    fn json(&self) -> Value {
        let text = self.body.as_deref().expect("the block has a body");
        serde_json::from_str(text).expect("the block's body is JSON")
    }
}

/// The example of a seed page.
#[derive(Debug)]
struct Example {
    method: String,
    url: String,
    request: HttpBlock,
    status: u16,
    response: HttpBlock,
}

impl Example {
    /// The service root of the request URL: scheme, host and version segment.
    fn base_url(&self) -> &str {
        split_url(&self.url).0
    }
}

/// Splits `https://host/version/rest` into `https://host/version` and `/rest`.
fn split_url(url: &str) -> (&str, &str) {
    let host = url.find("://").expect("absolute URL") + 3;
    let version = host + url[host..].find('/').expect("a path after the host") + 1;
    let end = url[version..].find('/').map_or(url.len(), |i| version + i);
    url.split_at(end)
}

/// Reads seed page `file`, or `None` (after a `skipped:` line) when `../shared` is absent.
fn load(file: &str) -> Option<Example> {
    let path = shared_file(&format!("seeds/{file}"))?;
    let page = std::fs::read_to_string(&path).expect("readable seed page");
    let request = http_block(&page, "request");
    let response = http_block(&page, "response");
    let (method, url) = request
        .first_line
        .split_once(' ')
        .expect("request line is `METHOD URL`");
    let status = response
        .first_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status line is `HTTP/1.1 CODE REASON`");
    Some(Example {
        method: method.to_owned(),
        url: url.trim().to_owned(),
        request,
        status,
        response,
    })
}

/// The first ```` ```http ```` block after the `"blockType": "<block_type>"` annotation.
fn http_block(page: &str, block_type: &str) -> HttpBlock {
    let marker = format!("\"blockType\": \"{block_type}\"");
    let start = page.find(&marker).unwrap_or_else(|| panic!("no {marker}"));
    let mut lines = page[start..]
        .lines()
        .skip_while(|l| l.trim().strip_prefix("```").map(str::trim) != Some("http"))
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with("```"))
        .skip_while(|l| l.trim().is_empty());
    let first_line = lines
        .next()
        .expect("a non-empty http block")
        .trim()
        .to_owned();
    let mut headers = Vec::new();
    for line in lines.by_ref().take_while(|l| !l.trim().is_empty()) {
        let (name, value) = line.split_once(':').expect("header is `Name: value`");
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let body = lines.collect::<Vec<_>>().join("\n");
    let body = (!body.trim().is_empty()).then(|| body.trim().to_owned());
    HttpBlock {
        first_line,
        headers,
        body,
    }
}

/// The keys of a JSON object.
fn keys(value: &Value) -> BTreeSet<&str> {
    let object = value.as_object().expect("a JSON object");
    object.keys().map(String::as_str).collect()
}

/// Checks a request built with the generated crate against the page's example request.
fn assert_reproduces(page: &Example, request: &http::Request<Vec<u8>>) {
    assert_eq!(request.method().as_str(), page.method);

    // Placeholders such as `{id}` are passed as keys, and keys are percent-encoded like any
    // other key value (`{` -> `%7B`, `}` -> `%7D`), so the page's URL is compared with its
    // braces encoded: every other byte, and every real id (GUID), must match as it is. (This is
    // stricter than comparing after percent-decoding our URL.)
    let expected_url = page.url.replace('{', "%7B").replace('}', "%7D");
    let url = request.uri().to_string();
    assert_eq!(url, expected_url);
    let (base, path) = split_url(&url);
    assert_eq!(base, page.base_url());
    assert_eq!(path, split_url(&expected_url).1);

    let page_content_type = page.request.header("content-type");
    assert_eq!(page_content_type, Some("application/json"));
    let content_type = request.headers().get(CONTENT_TYPE).map(|v| v.as_bytes());
    assert_eq!(content_type, page_content_type.map(str::as_bytes));

    let sent: Value = serde_json::from_slice(request.body()).expect("the body sent is JSON");
    let expected = page.request.json();
    assert_eq!(keys(&sent), keys(&expected), "no missing or extra keys");
    assert_eq!(sent, expected);
}

/// Deserializes a response body into `AccessPackage` and checks that it serializes back to the
/// same JSON. DateTimeOffset values are compared as instant and offset: chrono writes 0, 3, 6 or
/// 9 fraction digits, so the page's 7-digit `.1102355` comes back as `.110235500`.
fn assert_round_trips(body: &str) -> beta::models::AccessPackage {
    let model: beta::models::AccessPackage =
        serde_json::from_str(body).expect("the response body deserializes");
    assert!(
        model.additional_data.is_empty(),
        "every property is a declared one: {:?}",
        model.additional_data
    );
    let normalize = |mut value: Value| {
        for key in ["createdDateTime", "modifiedDateTime"] {
            if let Some(slot) = value.get_mut(key) {
                let text = slot.as_str().expect("a DateTimeOffset string");
                let parsed = DateTime::parse_from_rfc3339(text).expect("an RFC 3339 timestamp");
                *slot = Value::from(parsed.to_rfc3339_opts(SecondsFormat::Nanos, false));
            }
        }
        value
    };
    let original: Value = serde_json::from_str(body).expect("JSON");
    let again = serde_json::to_value(&model).expect("the model serializes");
    assert_eq!(keys(&again), keys(&original), "no missing or extra keys");
    assert_eq!(normalize(again), normalize(original));
    model
}

/// The parser finds every page's example: POST requests with a JSON body, and the documented
/// response status.
#[test]
fn parser_reads_every_seed_page() {
    let pages = [
        ("000_8322306e805bd884.txt", 204, true),
        ("001_e019370a9c567669.txt", 204, false),
        ("002_4dd4655545d85bfb.txt", 201, true),
        ("003_6af564bee3c101df.txt", 201, true),
        ("004_26c36f2a1b0d1b4e.txt", 204, false),
    ];
    for (file, status, response_body) in pages {
        let Some(page) = load(file) else { return };
        assert_eq!(page.method, "POST", "{file}");
        assert!(
            page.url.starts_with("https://graph.microsoft.com/"),
            "{file}"
        );
        assert!(page.request.json().is_object(), "{file}");
        assert_eq!(page.status, status, "{file}");
        assert_eq!(page.response.body.is_some(), response_body, "{file}");
    }
}

/// 000 "Add accessPackage" (beta): a TODO template that posts a whole accessPackage, with
/// `"Boolean"` strings for its booleans, to `accessPackagesIncompatibleWith/$ref`.
#[test]
fn seed_000_incompatible_with_raw_ref() {
    let Some(page) = load("000_8322306e805bd884.txt") else {
        return;
    };
    let client = beta::Client::new(page.base_url()).expect("valid base URL");
    // The page's body is not a valid `$ref` body (that is `{"@odata.id": url}`), nor a valid
    // accessPackage (`"isHidden": "Boolean"`), so it can only be sent through the `$ref` escape
    // hatch `add_raw_request`, which posts any JSON.
    let body = json!({
        "@odata.type": "#Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackage",
        "catalogId": "String",
        "displayName": "String",
        "description": "String",
        "isHidden": "Boolean",
        "isRoleScopesVisible": "Boolean",
        "createdBy": "String",
        "modifiedBy": "String",
    });
    let request = client
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id("{accessPackageCatalogId}")
        .access_packages()
        .by_id("{accessPackageId}")
        .access_packages_incompatible_with()
        .refs()
        .add_raw_request(&body)
        .expect("request");
    assert_reproduces(&page, &request);
    assert!(
        serde_json::from_value::<beta::models::AccessPackage>(page.request.json()).is_err(),
        "\"Boolean\" is not a bool, so the typed model rejects the page's body"
    );
}

/// 000's response has `"String (timestamp)"` for its DateTimeOffset properties: the typed model
/// must reject it, and accept it once the placeholders are replaced by real values.
#[test]
fn seed_000_response_is_rejected_by_the_typed_model() {
    let Some(page) = load("000_8322306e805bd884.txt") else {
        return;
    };
    let mut body = page.response.json();
    let parse = |v: &Value| serde_json::from_value::<beta::models::AccessPackage>(v.clone());
    assert!(parse(&body).is_err(), "the page's response as it is");
    body["isHidden"] = json!(false);
    body["isRoleScopesVisible"] = json!(true);
    let err = parse(&body).expect_err("\"String (timestamp)\" is not a DateTimeOffset");
    assert!(err.is_data(), "a data error, not a syntax one: {err}");
    body["createdDateTime"] = json!("2019-02-04T14:57:30Z");
    assert!(
        parse(&body).is_err(),
        "modifiedDateTime is still a placeholder"
    );
    body["modifiedDateTime"] = json!("2019-02-04T14:57:30.5+01:00");
    let model = parse(&body).expect("real values deserialize");
    assert_eq!(model.is_hidden, Some(false));
    assert!(model.created_date_time.is_some() && model.modified_date_time.is_some());
}

/// 001 "Add accessPackage to incompatibleAccessPackages" (beta): the `@odata.id` is computed
/// from `AccessPackage`'s canonical path.
#[test]
fn seed_001_incompatible_access_packages_ref() {
    let Some(page) = load("001_e019370a9c567669.txt") else {
        return;
    };
    let client = beta::Client::new(page.base_url()).expect("valid base URL");
    let refs = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .by_id("{id}")
        .incompatible_access_packages()
        .refs();
    let request = refs
        .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
        .expect("request");
    assert_reproduces(&page, &request);
    let by_url = refs
        .add_url_request(
            "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2",
        )
        .expect("request");
    assert_same_request(&request, &by_url);
}

/// 002 "Add accessPackages" (the 2020 beta shape, under the odd version segment `localtest`):
/// a typed create with `@odata.type`.
#[test]
fn seed_002_create_localtest() {
    let Some(page) = load("002_4dd4655545d85bfb.txt") else {
        return;
    };
    assert_eq!(page.base_url(), "https://graph.microsoft.com/localtest");
    let client = beta::Client::new(page.base_url()).expect("valid base URL");
    let package = beta::models::AccessPackage {
        odata_type: Some("#microsoft.graph.accessPackage".into()),
        catalog_id: Some("Catalog Id value".into()),
        display_name: Some("Display Name value".into()),
        description: Some("Description value".into()),
        is_hidden: Some(true),
        is_role_scopes_visible: Some(true),
        created_by: Some("Created By value".into()),
        modified_by: Some("Modified By value".into()),
        ..Default::default()
    };
    let request = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .post_request(&package)
        .expect("request");
    assert_reproduces(&page, &request);

    let body = page.response.body.as_deref().expect("a response body");
    let model = assert_round_trips(body);
    assert_eq!(
        model.odata_type.as_deref(),
        Some("#microsoft.graph.accessPackage")
    );
    assert_eq!(model.is_role_scopes_visible, Some(true));
}

/// 003 "Create accessPackage" (beta): a typed create.
#[test]
fn seed_003_create() {
    let Some(page) = load("003_6af564bee3c101df.txt") else {
        return;
    };
    let client = beta::Client::new(page.base_url()).expect("valid base URL");
    let package = beta::models::AccessPackage {
        catalog_id: Some("aa2f6514-3232-46e7-a08a-2411ad8d7128".into()),
        display_name: Some("sales reps".into()),
        description: Some("outside sales representatives".into()),
        ..Default::default()
    };
    let request = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .post_request(&package)
        .expect("request");
    assert_reproduces(&page, &request);

    let body = page.response.body.as_deref().expect("a response body");
    let model = assert_round_trips(body);
    assert_eq!(
        model.id.as_deref(),
        Some("56ff43fd-6b05-48df-9634-956a777fce6d")
    );
    assert_eq!(model.is_hidden, Some(false));
}

/// 004 "Add group to incompatibleGroups" (v1.0): the `@odata.id` is computed from `Group`'s
/// canonical path.
#[test]
fn seed_004_incompatible_groups_ref() {
    let Some(page) = load("004_26c36f2a1b0d1b4e.txt") else {
        return;
    };
    let client = v1_0::Client::new(page.base_url()).expect("valid base URL");
    let refs = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .by_id("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
        .incompatible_groups()
        .refs();
    let request = refs
        .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
        .expect("request");
    assert_reproduces(&page, &request);
    let by_url = refs
        .add_url_request(
            "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2",
        )
        .expect("request");
    assert_same_request(&request, &by_url);
}

/// Two requests are identical: method, URL, headers and body bytes.
fn assert_same_request(a: &http::Request<Vec<u8>>, b: &http::Request<Vec<u8>>) {
    assert_eq!(a.method(), b.method());
    assert_eq!(a.uri(), b.uri());
    assert_eq!(a.headers(), b.headers());
    assert_eq!(a.body(), b.body());
}

/// The same requests from a crate generated from Graph's real OpenAPI description (the
/// PowerShell SDK's Identity.Governance document): `graphgen_tests::openapi`, which
/// `build.rs` generates when `../shared` is there.
#[cfg(graphgen_openapi)]
mod from_openapi {
    use graphgen_tests::openapi::graph_openapi as oas;

    use super::{assert_reproduces, assert_same_request, load, v1_0};

    /// 004 "Add group to incompatibleGroups" (v1.0), from OpenAPI. The document holds no
    /// `/groups` entity set, so a group has no canonical URL to compute `@odata.id` from: the
    /// reference is added by URL, and the request is the page's, byte for byte, and the CSDL
    /// crate's.
    #[test]
    fn seed_004_incompatible_groups_ref() {
        let Some(page) = load("004_26c36f2a1b0d1b4e.txt") else {
            return;
        };
        let group = "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2";
        let request = oas::Client::new(page.base_url())
            .expect("valid base URL")
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .by_id("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
            .incompatible_groups()
            .refs()
            .add_url_request(group)
            .expect("request");
        assert_reproduces(&page, &request);
        let from_csdl = v1_0::Client::new(page.base_url())
            .expect("valid base URL")
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .by_id("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
            .incompatible_groups()
            .refs()
            .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
            .expect("request");
        assert_same_request(&request, &from_csdl);
    }

    /// A v1.0 create of an accessPackage (seed 003 is beta; v1.0 links the catalog instead of
    /// naming `catalogId`): the OpenAPI crate sends the CSDL crate's request byte for byte.
    #[test]
    fn v1_0_create_access_package() {
        let base = "https://graph.microsoft.com/v1.0";
        let catalog = "aa2f6514-3232-46e7-a08a-2411ad8d7128";
        let package = oas::models::AccessPackage {
            display_name: Some("sales reps".into()),
            description: Some("outside sales representatives".into()),
            is_hidden: Some(false),
            catalog: Some(oas::models::AccessPackageCatalog::with_id(catalog).into()),
            ..Default::default()
        };
        let request = oas::Client::new(base)
            .expect("valid base URL")
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .post_request(&package)
            .expect("request");
        let expected = v1_0::models::AccessPackage {
            display_name: Some("sales reps".into()),
            description: Some("outside sales representatives".into()),
            is_hidden: Some(false),
            catalog: Some(v1_0::models::AccessPackageCatalog::with_id(catalog).into()),
            ..Default::default()
        };
        let from_csdl = v1_0::Client::new(base)
            .expect("valid base URL")
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .post_request(&expected)
            .expect("request");
        assert_same_request(&request, &from_csdl);
        assert_eq!(
            request.uri().to_string(),
            "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages"
        );
        let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
        assert_eq!(
            body,
            serde_json::json!({
                "displayName": "sales reps",
                "description": "outside sales representatives",
                "isHidden": false,
                "catalog": {"id": catalog},
            })
        );
    }
}

/// Without `../shared`, `build.rs` generates no OpenAPI crate: say so once.
#[cfg(not(graphgen_openapi))]
#[test]
fn seeds_from_openapi() {
    println!(
        "skipped: ../shared/openapi/identity-governance.v1.0.powershell.yml not found, so \
         build.rs generated no crate from OpenAPI"
    );
}
