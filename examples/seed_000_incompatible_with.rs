//! Seed page "Add accessPackage" to `accessPackagesIncompatibleWith` (beta), through the
//! catalog: `POST …/accessPackageCatalogs/{catalogId}/accessPackages/{id}/
//! accessPackagesIncompatibleWith/$ref`. The page's body is a template (a whole package); a
//! `$ref` body is `{"@odata.id": url}`, which is what this sends. Then it reads the packages
//! `{id}` is incompatible with, through the same path.
//!
//! ```text
//! GRAPH_TOKEN=… CATALOG_ID=… PACKAGE_ID=… OTHER_PACKAGE_ID=… cargo run \
//!     -p graph-access-packages --features beta --example seed_000_incompatible_with
//! ```

mod common;

use graph_access_packages::beta::{self, models};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client(beta::Client::builder())?;
    let catalog = common::var_or("CATALOG_ID", "aa2f6514-3232-46e7-a08a-2411ad8d7128");
    let package = common::var_or("PACKAGE_ID", "4ba6ae8a-37e8-4a3c-9ff8-3d5c1da5c4ec");
    let other = common::var_or("OTHER_PACKAGE_ID", "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2");
    for p in run(&client, &catalog, &package, &other).await? {
        println!("{}", p.id.as_deref().unwrap_or("?"));
    }
    Ok(())
}

/// Records that package `other` lists package `package` as incompatible (the reverse link);
/// returns the packages that list `package` as incompatible.
///
/// # Errors
///
/// Whatever the service or the transport reports.
pub async fn run(
    client: &beta::Client,
    catalog: &str,
    package: &str,
    other: &str,
) -> Result<Vec<models::AccessPackage>, graph_access_packages::Error> {
    let incompatible_with = client
        .identity_governance()
        .entitlement_management()
        .access_package_catalogs()
        .by_id(catalog)
        .access_packages()
        .by_id(package)
        .access_packages_incompatible_with();
    incompatible_with.refs().add(other).await?;
    incompatible_with.list().all().await
}
