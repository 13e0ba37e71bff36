//! Seed page "Create accessPackage" (beta): `POST /identityGovernance/entitlementManagement/
//! accessPackages` with a catalog id, a display name and a description; the service answers
//! `201 Created` with the new package, its `id` assigned.
//!
//! ```text
//! GRAPH_TOKEN=… CATALOG_ID=… cargo run -p graph-access-packages --features beta \
//!     --example seed_003_create_access_package
//! ```

mod common;

use graph_access_packages::beta::{self, models};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client(beta::Client::builder())?;
    let catalog_id = common::var_or("CATALOG_ID", "aa2f6514-3232-46e7-a08a-2411ad8d7128");
    let created = run(&client, &catalog_id).await?;
    println!(
        "created access package {} ({:?})",
        created.id.as_deref().unwrap_or("?"),
        created.display_name.as_deref().unwrap_or_default()
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
        catalog_id: Some(catalog_id.to_owned()),
        display_name: Some("sales reps".to_owned()),
        description: Some("outside sales representatives".to_owned()),
        ..Default::default()
    };
    client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .post(&body)
        .await
}
