//! Seed page "Add group to incompatibleGroups" (v1.0): `POST …/accessPackages/{id}/
//! incompatibleGroups/$ref` with the group's `@odata.id` (`…/groups/{id}`); then the
//! incompatible groups are listed.
//!
//! ```text
//! GRAPH_TOKEN=… PACKAGE_ID=… GROUP_ID=… cargo run -p graph-access-packages \
//!     --example seed_004_incompatible_groups
//! ```

mod common;

use graph_access_packages::v1_0::{self, models};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = common::client(v1_0::Client::builder())?;
    let package = common::var_or("PACKAGE_ID", "73eb2497-3b88-4c0a-8bb3-68ba8162beff");
    let group = common::var_or("GROUP_ID", "c0a74b4d-2694-4d5d-a964-1bee4ff0aaf2");
    for g in run(&client, &package, &group).await? {
        println!(
            "{} {}",
            g.id.as_deref().unwrap_or("?"),
            g.display_name.as_deref().unwrap_or_default()
        );
    }
    Ok(())
}

/// Makes group `group` incompatible with package `package`; returns the package's
/// incompatible groups.
///
/// # Errors
///
/// Whatever the service or the transport reports.
pub async fn run(
    client: &v1_0::Client,
    package: &str,
    group: &str,
) -> Result<Vec<models::Group>, graph_access_packages::Error> {
    let groups = client
        .identity_governance()
        .entitlement_management()
        .access_packages()
        .by_id(package)
        .incompatible_groups();
    groups.refs().add(group).await?;
    groups.list().all().await
}
