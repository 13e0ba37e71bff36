//! Seed page "Add accessPackages" (beta shape): a create that names its type with
//! `@odata.type` and sets every writable property; the page sends it to the version segment
//! `localtest`, so point `GRAPH_BASE_URL` there to repeat it exactly.
//!
//! ```text
//! GRAPH_TOKEN=… cargo run -p graph-access-packages --features beta \
//!     --example seed_002_create_with_odata_type
//! ```

mod common;

use graph_access_packages::beta::{self, models};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client(beta::Client::builder())?;
    let catalog_id = common::var_or("CATALOG_ID", "Catalog Id value");
    let created = run(&client, &catalog_id).await?;
    println!(
        "created access package {} (hidden: {:?})",
        created.id.as_deref().unwrap_or("?"),
        created.is_hidden
    );
    Ok(())
}

/// Creates the page's package in catalog `catalog_id`; returns what the service made.
///
/// # Errors
///
/// Whatever the service or the transport reports.
pub async fn run(
    client: &beta::Client,
    catalog_id: &str,
) -> Result<models::AccessPackage, graph_access_packages::Error> {
    let body = models::AccessPackage {
        odata_type: Some("#microsoft.graph.accessPackage".to_owned()),
        catalog_id: Some(catalog_id.to_owned()),
        display_name: Some("Display Name value".to_owned()),
        description: Some("Description value".to_owned()),
        is_hidden: Some(true),
        is_role_scopes_visible: Some(true),
        created_by: Some("Created By value".to_owned()),
        modified_by: Some("Modified By value".to_owned()),
        ..Default::default()
    };
    client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .post(&body)
        .await
}
