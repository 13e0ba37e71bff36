//! Seed page "Add accessPackage to incompatibleAccessPackages" (beta): `POST …/accessPackages/
//! {id}/incompatibleAccessPackages/$ref` with the `@odata.id` of the other package; then the
//! links are read back with `GET …/incompatibleAccessPackages/$ref`.
//!
//! ```text
//! GRAPH_TOKEN=… PACKAGE_ID=… OTHER_PACKAGE_ID=… cargo run -p graph-access-packages \
//!     --features beta --example seed_001_incompatible_access_packages
//! ```

mod common;

use graph_access_packages::beta;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client(beta::Client::builder())?;
    let package = common::var_or("PACKAGE_ID", "4ba6ae8a-37e8-4a3c-9ff8-3d5c1da5c4ec");
    let other = common::var_or("OTHER_PACKAGE_ID", "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2");
    for link in run(&client, &package, &other).await? {
        println!("{link}");
    }
    Ok(())
}

/// Marks package `other` incompatible with package `package`; returns the `@odata.id` of
/// every package `package` is now incompatible with.
///
/// # Errors
///
/// Whatever the service or the transport reports.
pub async fn run(
    client: &beta::Client,
    package: &str,
    other: &str,
) -> Result<Vec<String>, graph_access_packages::Error> {
    let links = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .by_id(package)
        .incompatible_access_packages()
        .refs();
    links.add(other).await?;
    let page = links.list().await?;
    Ok(page.items.into_iter().map(|r| r.odata_id).collect())
}
