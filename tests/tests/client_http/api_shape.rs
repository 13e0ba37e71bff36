//! The shape of the API a new user meets first: everything through the generated crate alone,
//! a profile's builder that gives that profile's `Client`, setters that take any text, and a
//! relation set by id with a constructor.

use graph_access_packages::runtime::{Page, RetryPolicy};
use graph_access_packages::v1_0::models::{AccessPackage, AccessPackageCatalog};
use graph_access_packages::{Error, beta, v1_0};
use serde_json::json;

use crate::support::{TOKEN, server};

/// `Client::builder()` builds the profile's own `Client`: no `.into()`, no annotation (the
/// method calls below only exist on `v1_0::Client`).
#[tokio::test]
async fn a_profile_builder_builds_that_profile_client() -> Result<(), Error> {
    let server = server().await;
    let client = v1_0::Client::builder()
        .base_url(server.base_url("v1.0"))
        .bearer_token(TOKEN)
        .retry(RetryPolicy::default().max_attempts(1))
        .build()?;
    let page: Page<AccessPackage> = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .list()
        .await?;
    assert!(page.items.is_empty());
    let beta = beta::Client::builder().build()?;
    assert_eq!(beta.runtime().base_url(), beta::DEFAULT_BASE_URL);
    Ok(())
}

/// Every text setter takes `&str`, `String` and `&String` alike.
#[test]
fn text_setters_take_str_string_and_string_refs() -> Result<(), Error> {
    let url = String::from("https://graph.microsoft.us/v1.0");
    let header = String::from("x-ms-test");
    let from_refs = v1_0::Client::builder()
        .base_url(&url)
        .bearer_token(&url)
        .default_header(&header, &header)
        .build()?;
    let from_owned = v1_0::Client::builder()
        .base_url(url.clone())
        .bearer_token(url.clone())
        .default_header(header.clone(), header.clone())
        .build()?;
    let from_strs = v1_0::Client::builder()
        .base_url("https://graph.microsoft.us/v1.0")
        .bearer_token("t")
        .default_header("x-ms-test", "x")
        .build()?;
    for client in [&from_refs, &from_owned, &from_strs] {
        assert_eq!(client.runtime().base_url(), url);
    }
    let filter = format!("displayName eq '{}'", "sales");
    let packages = from_owned
        .identity_governance()
        .entitlement_management()
        .access_packages();
    let owned = packages
        .list()
        .filter(filter.clone())
        .orderby(String::from("displayName"))
        .search(String::from("\"sales\""))
        .expand(String::from("catalog"))
        .header(String::from("x-a"), String::from("1"))
        .prefer(String::from("odata.maxpagesize=5"))
        .request()?;
    let borrowed = packages
        .list()
        .filter(&filter)
        .orderby("displayName")
        .search("\"sales\"")
        .expand("catalog")
        .header("x-a", "1")
        .prefer("odata.maxpagesize=5")
        .request()?;
    assert_eq!(owned.uri(), borrowed.uri());
    assert_eq!(owned.headers(), borrowed.headers());
    assert!(
        owned
            .uri()
            .to_string()
            .contains("$filter=displayName%20eq%20'sales'")
    );
    Ok(())
}

/// A relation is set by id with `Type::with_id`, and only the id goes on the wire.
#[test]
fn a_relation_is_set_by_id_with_a_constructor() -> Result<(), Error> {
    let package = AccessPackage {
        display_name: Some("sales reps".into()),
        catalog: Some(AccessPackageCatalog::with_id("beedadfe-01d5-4025-910b-84abb9369997").into()),
        ..AccessPackage::default()
    };
    let request = v1_0::Client::with_default_base_url()
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .post_request(&package)?;
    let body: serde_json::Value = serde_json::from_slice(request.body()).expect("JSON");
    assert_eq!(
        body,
        json!({
            "displayName": "sales reps",
            "catalog": {"id": "beedadfe-01d5-4025-910b-84abb9369997"}
        })
    );
    // An owned id too.
    let id = String::from("x");
    assert_eq!(AccessPackageCatalog::with_id(&id).id.as_deref(), Some("x"));
    Ok(())
}
