//! The example requests of the seed documentation pages, rebuilt with the
//! runtime API: method, URL and JSON body must match byte for byte.
//!
//! The pages' bodies are pretty-printed; the runtime sends compact JSON, so
//! each test checks the exact compact bytes (keys in the page's order) and
//! that they parse to the same JSON value as the page's text.

use graphgen_runtime::{CanonicalPath, Client, NavCollection, Refs, RequestTarget};
use http::Method;
use http::header::{ACCEPT, CONTENT_TYPE};

/// `/identityGovernance/entitlementManagement` under `base`.
fn entitlement_management(base: &str) -> RequestTarget {
    let client = Client::new(base).expect("valid base URL");
    RequestTarget::root(&client)
        .segment("identityGovernance")
        .segment("entitlementManagement")
}

/// Checks a request against a seed page's example.
fn assert_request(
    request: &http::Request<Vec<u8>>,
    method: Method,
    url: &str,
    compact_body: &str,
    page_body: &str,
) {
    assert_eq!(request.method(), method);
    assert_eq!(request.uri().to_string(), url);
    assert_eq!(request.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(request.headers()[ACCEPT], "application/json");
    assert_eq!(std::str::from_utf8(request.body()).unwrap(), compact_body);
    let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
    let page: serde_json::Value = serde_json::from_str(page_body).unwrap();
    assert_eq!(sent, page);
}

/// "Add group to incompatibleGroups" (v1.0).
#[test]
fn seed_add_incompatible_group() {
    struct Group;
    impl CanonicalPath for Group {
        const COLLECTION_PATH: &'static str = "/groups";
    }

    let groups: NavCollection<Group> = NavCollection::new(
        entitlement_management("https://graph.microsoft.com/v1.0")
            .segment("accessPackages")
            .key("73eb2497-3b88-4c0a-8bb3-68ba8162beff")
            .segment("incompatibleGroups"),
    );
    let request = groups
        .refs()
        .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
        .unwrap();
    assert_request(
        &request,
        Method::POST,
        "https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages/73eb2497-3b88-4c0a-8bb3-68ba8162beff/incompatibleGroups/$ref",
        r#"{"@odata.id":"https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"}"#,
        r#"{
    "@odata.id": "https://graph.microsoft.com/v1.0/groups/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"
}"#,
    );
}

/// "Add accessPackage to incompatibleAccessPackages" (beta). The page keeps
/// the `{id}` placeholder in its URL; `raw_segment` writes it verbatim.
#[test]
fn seed_add_incompatible_access_package() {
    struct AccessPackage;
    impl CanonicalPath for AccessPackage {
        const COLLECTION_PATH: &'static str =
            "/identityGovernance/entitlementManagement/accessPackages";
    }

    let refs: Refs<AccessPackage> = Refs::new(
        entitlement_management("https://graph.microsoft.com/beta")
            .segment("accessPackages")
            .raw_segment("{id}")
            .segment("incompatibleAccessPackages"),
    );
    let request = refs
        .add_request("c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2")
        .unwrap();
    assert_request(
        &request,
        Method::POST,
        "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/{id}/incompatibleAccessPackages/$ref",
        r#"{"@odata.id":"https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"}"#,
        r#"{
    "@odata.id": "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages/c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2"
}"#,
    );
}

/// "Add accessPackage" (beta, accessPackagesIncompatibleWith): the page posts
/// a whole object to a `$ref` URL, which only `add_raw_request` can send.
#[test]
fn seed_add_raw_access_package_incompatible_with() {
    /// The page's body, fields in the page's order; its boolean properties
    /// are the placeholder string `"Boolean"`.
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct PageBody<'a> {
        #[serde(rename = "@odata.type")]
        odata_type: &'a str,
        catalog_id: &'a str,
        display_name: &'a str,
        description: &'a str,
        is_hidden: &'a str,
        is_role_scopes_visible: &'a str,
        created_by: &'a str,
        modified_by: &'a str,
    }

    let refs: Refs<()> = Refs::new(
        entitlement_management("https://graph.microsoft.com/beta")
            .segment("accessPackageCatalogs")
            .raw_segment("{accessPackageCatalogId}")
            .segment("accessPackages")
            .raw_segment("{accessPackageId}")
            .segment("accessPackagesIncompatibleWith"),
    );
    let body = PageBody {
        odata_type: "#Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackage",
        catalog_id: "String",
        display_name: "String",
        description: "String",
        is_hidden: "Boolean",
        is_role_scopes_visible: "Boolean",
        created_by: "String",
        modified_by: "String",
    };
    let request = refs.add_raw_request(&body).unwrap();
    assert_request(
        &request,
        Method::POST,
        "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackageCatalogs/{accessPackageCatalogId}/accessPackages/{accessPackageId}/accessPackagesIncompatibleWith/$ref",
        r##"{"@odata.type":"#Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackage","catalogId":"String","displayName":"String","description":"String","isHidden":"Boolean","isRoleScopesVisible":"Boolean","createdBy":"String","modifiedBy":"String"}"##,
        r##"{
  "@odata.type": "#Microsoft.IGAELM.EC.FrontEnd.ExternalModel.accessPackage",
  "catalogId": "String",
  "displayName": "String",
  "description": "String",
  "isHidden": "Boolean",
  "isRoleScopesVisible": "Boolean",
  "createdBy": "String",
  "modifiedBy": "String"
}"##,
    );
}

/// "Create accessPackage" (beta) and "Add accessPackages" (localtest): plain
/// JSON posts to the collection.
#[test]
fn seed_create_access_package() {
    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct NewPackage<'a> {
        #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
        odata_type: Option<&'a str>,
        catalog_id: &'a str,
        display_name: &'a str,
        description: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        is_hidden: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        is_role_scopes_visible: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        created_by: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        modified_by: Option<&'a str>,
    }

    let beta = NewPackage {
        odata_type: None,
        catalog_id: "aa2f6514-3232-46e7-a08a-2411ad8d7128",
        display_name: "sales reps",
        description: "outside sales representatives",
        is_hidden: None,
        is_role_scopes_visible: None,
        created_by: None,
        modified_by: None,
    };
    let request = entitlement_management("https://graph.microsoft.com/beta")
        .segment("accessPackages")
        .json_request(Method::POST, &beta)
        .unwrap();
    assert_request(
        &request,
        Method::POST,
        "https://graph.microsoft.com/beta/identityGovernance/entitlementManagement/accessPackages",
        r#"{"catalogId":"aa2f6514-3232-46e7-a08a-2411ad8d7128","displayName":"sales reps","description":"outside sales representatives"}"#,
        r#"{
  "catalogId": "aa2f6514-3232-46e7-a08a-2411ad8d7128",
  "displayName": "sales reps",
  "description": "outside sales representatives"
}"#,
    );

    let localtest = NewPackage {
        odata_type: Some("#microsoft.graph.accessPackage"),
        catalog_id: "Catalog Id value",
        display_name: "Display Name value",
        description: "Description value",
        is_hidden: Some(true),
        is_role_scopes_visible: Some(true),
        created_by: Some("Created By value"),
        modified_by: Some("Modified By value"),
    };
    let request = entitlement_management("https://graph.microsoft.com/localtest")
        .segment("accessPackages")
        .json_request(Method::POST, &localtest)
        .unwrap();
    assert_request(
        &request,
        Method::POST,
        "https://graph.microsoft.com/localtest/identityGovernance/entitlementManagement/accessPackages",
        r##"{"@odata.type":"#microsoft.graph.accessPackage","catalogId":"Catalog Id value","displayName":"Display Name value","description":"Description value","isHidden":true,"isRoleScopesVisible":true,"createdBy":"Created By value","modifiedBy":"Modified By value"}"##,
        r##"{
  "@odata.type": "#microsoft.graph.accessPackage",
  "catalogId": "Catalog Id value",
  "displayName": "Display Name value",
  "description": "Description value",
  "isHidden": true,
  "isRoleScopesVisible": true,
  "createdBy": "Created By value",
  "modifiedBy": "Modified By value"
}"##,
    );
}
