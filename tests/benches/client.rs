//! Client-side costs, printed (run with `cargo bench -p graphgen-tests --bench client`):
//!
//! 1. Deserializing a 1,000-item accessPackage collection page: the generated model vs a
//!    hand-written serde struct with the same fields (the goal: within 10%), vs smaller
//!    hand-written structs (without the navigation properties, without the catch-all map for
//!    unknown properties: what those features cost), vs `serde_json::Value`.
//! 2. Building one request: the generated builders (`post_request`, and a `Call` turned into
//!    a request) vs `http::Request::builder()` by hand.
//!
//! Each figure is the best of several rounds, in microseconds or nanoseconds per operation.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};
use graph_access_packages::v1_0::{self, models, models::AccessPackage};
use graphgen_runtime::Page;
use serde::Deserialize;

/// What the generated `AccessPackage` has, written by hand: the same fields with the same
/// types, the catch-all map included.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct SameFields {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    id: Option<String>,
    #[serde(rename = "createdDateTime")]
    created_date_time: Option<DateTime<FixedOffset>>,
    description: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "isHidden")]
    is_hidden: Option<bool>,
    #[serde(rename = "modifiedDateTime")]
    modified_date_time: Option<DateTime<FixedOffset>>,
    #[serde(rename = "accessPackagesIncompatibleWith")]
    access_packages_incompatible_with: Option<Vec<AccessPackage>>,
    #[serde(rename = "assignmentPolicies")]
    assignment_policies: Option<Vec<models::AccessPackageAssignmentPolicy>>,
    catalog: Option<Box<models::AccessPackageCatalog>>,
    #[serde(rename = "incompatibleAccessPackages")]
    incompatible_access_packages: Option<Vec<AccessPackage>>,
    #[serde(rename = "incompatibleGroups")]
    incompatible_groups: Option<Vec<models::Group>>,
    #[serde(rename = "resourceRoleScopes")]
    resource_role_scopes: Option<Vec<models::AccessPackageResourceRoleScope>>,
    #[serde(flatten)]
    additional: BTreeMap<String, serde_json::Value>,
}

/// The accessPackage properties by hand, as a user who needs only them would write them.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HandWritten {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    id: Option<String>,
    #[serde(rename = "createdDateTime")]
    created_date_time: Option<DateTime<FixedOffset>>,
    description: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "isHidden")]
    is_hidden: Option<bool>,
    #[serde(rename = "modifiedDateTime")]
    modified_date_time: Option<DateTime<FixedOffset>>,
}

/// The same, keeping unknown properties like the generated model does.
#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct HandWrittenWithExtras {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    id: Option<String>,
    #[serde(rename = "createdDateTime")]
    created_date_time: Option<DateTime<FixedOffset>>,
    description: Option<String>,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
    #[serde(rename = "isHidden")]
    is_hidden: Option<bool>,
    #[serde(rename = "modifiedDateTime")]
    modified_date_time: Option<DateTime<FixedOffset>>,
    #[serde(flatten)]
    additional: BTreeMap<String, serde_json::Value>,
}

/// A page of `n` packages shaped like Graph's (7-digit fractions, an `@odata.context`).
fn page(n: usize) -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "id": format!("{:08x}-2694-4d5d-a964-1bee4ff0aaf2", i),
                "displayName": format!("Package {i} for the sales and marketing teams"),
                "description": "Outside sales representatives, with access to the CRM and the price lists.",
                "isHidden": i % 7 == 0,
                "createdDateTime": "2026-11-23T15:00:00.1234567Z",
                "modifiedDateTime": "2026-11-23T16:30:12.7654321Z",
            })
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identityGovernance/entitlementManagement/accessPackages",
        "@odata.count": n,
        "value": items,
    }))
    .unwrap()
}

/// The best per-iteration time of `rounds` rounds of `iters` calls.
fn best(rounds: usize, iters: usize, mut f: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iters {
                f();
            }
            start.elapsed() / iters as u32
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    println!(
        "size of the generated AccessPackage: {} bytes, hand-written: {} bytes",
        std::mem::size_of::<AccessPackage>(),
        std::mem::size_of::<HandWrittenWithExtras>()
    );
    let body = page(1000);
    println!(
        "deserialize a 1,000-item accessPackage page ({} KiB), best of 15 rounds of 20:",
        body.len() / 1024
    );
    let generated = best(15, 20, || {
        let p: Page<AccessPackage> = serde_json::from_slice(black_box(&body)).unwrap();
        black_box(p);
    });
    let same = best(15, 20, || {
        let p: Page<SameFields> = serde_json::from_slice(black_box(&body)).unwrap();
        black_box(p);
    });
    let hand = best(15, 20, || {
        let p: Page<HandWritten> = serde_json::from_slice(black_box(&body)).unwrap();
        black_box(p);
    });
    let hand_extras = best(15, 20, || {
        let p: Page<HandWrittenWithExtras> = serde_json::from_slice(black_box(&body)).unwrap();
        black_box(p);
    });
    let value = best(15, 20, || {
        let p: serde_json::Value = serde_json::from_slice(black_box(&body)).unwrap();
        black_box(p);
    });
    let row = |what: &str, d: Duration| {
        let vs = |base: Duration| 100.0 * (d.as_secs_f64() / base.as_secs_f64() - 1.0);
        println!(
            "  {what:<48} {:>8.1} µs  {:>+7.1}%  {:>+7.1}%",
            d.as_secs_f64() * 1e6,
            vs(same),
            vs(hand)
        );
    };
    println!(
        "  {:<48} {:>11}  {:>8}  {:>8}",
        "", "time", "vs same", "vs min"
    );
    row("generated model", generated);
    row("hand-written, same fields (the goal: ±10%)", same);
    row("hand-written, scalars + catch-all map", hand_extras);
    row("hand-written, scalars only (min)", hand);
    row("serde_json::Value", value);

    let client = v1_0::Client::new("https://graph.microsoft.com/v1.0").unwrap();
    let package = AccessPackage {
        display_name: Some("sales reps".into()),
        description: Some("outside sales representatives".into()),
        ..Default::default()
    };
    println!("build one POST request (accessPackage body), best of 15 rounds of 20,000:");
    let builders = best(15, 20_000, || {
        let r = client
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .post_request(black_box(&package))
            .unwrap();
        black_box(r);
    });
    let call = best(15, 20_000, || {
        let r = client
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .post(black_box(&package))
            .request()
            .unwrap();
        black_box(r);
    });
    let by_hand = best(15, 20_000, || {
        let r = http::Request::builder()
            .method(http::Method::POST)
            .uri("https://graph.microsoft.com/v1.0/identityGovernance/entitlementManagement/accessPackages")
            .header("accept", "application/json")
            .header("content-type", "application/json")
            .body(serde_json::to_vec(black_box(&package)).unwrap())
            .unwrap();
        black_box(r);
    });
    println!(
        "  {:<44} {:>9} ns",
        "http::Request::builder() by hand",
        by_hand.as_nanos()
    );
    println!(
        "  {:<44} {:>9} ns",
        "generated post_request",
        builders.as_nanos()
    );
    println!(
        "  {:<44} {:>9} ns",
        "generated post(..).request()",
        call.as_nanos()
    );
}
