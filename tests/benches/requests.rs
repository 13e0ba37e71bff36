//! The runtime's cost per request against the local server, printed (run with
//! `cargo bench -p graphgen-tests --bench requests`).
//!
//! Each case is sent through the generated client (the runtime: request building, a
//! `client-request-id`, the token, the retry loop and timeout, decoding) and the same request
//! sent by hand with `reqwest` (the same token, `Accept`, and model type), in the same run,
//! one request of each in turn. Figures are medians of every request timed after a warm-up;
//! the overhead is the runtime's median over the hand-written one's. Cases: one `GET` of an
//! accessPackage against a plain request by hand; the same against a hand-written request
//! with what the runtime adds to each (a `client-request-id` and a timeout), so both send the
//! same request; and through a client with `client_request_ids(false)` against the plain
//! request, again the same request on both sides; one `$batch` of 20 such `GET`s (the runtime's `Batch`
//! against the JSON batch body written and read by hand, each answer decoded as the model),
//! one page of 1,000 (`$top=1000`). A case is one [`Case`] in `main`'s list. Then the runtime
//! alone: the same `GET` through a transport that answers at once with the body the server
//! gave (no I/O), so what is left is the runtime's own work per call (building, headers,
//! token, retry loop, decoding).
//!
//! The server runs in the same process on the same tokio runtime (2 worker threads), so both
//! sides' times include its work; the difference is the client's. The process keeps the
//! system allocator: a counting one (as `benches/upload.rs` needs) adds a shared atomic to
//! every allocation, which taxes whichever side allocates more.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

use graph_access_packages::v1_0::{self, models::AccessPackage};
use graphgen_runtime::Page;
use graphgen_tests::server::{GraphServer, ServerOptions};
const TOKEN: &str = "bench-token";

/// What a key segment keeps as it is (RFC 3986 `unreserved`); the rest is percent-encoded.
const UNRESERVED: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The unit of a case's `rounds`, and the fewest pairs of its warm-up.
const PER_ROUND: usize = 50;

/// How long each case warms up before it is timed: the first case of a run would otherwise
/// also time the process warming up (allocator arenas, caches, the connection pools), which
/// lands on the side that allocates more.
const WARM_UP: Duration = Duration::from_secs(1);

type BoxFuture<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

/// One request sent both ways: `runtime` through the generated client, `by_hand` with
/// `reqwest`; each future sends it once and checks the answer.
struct Case<'a> {
    name: &'static str,
    rounds: usize,
    runtime: Box<dyn Fn() -> BoxFuture<'a> + 'a>,
    by_hand: Box<dyn Fn() -> BoxFuture<'a> + 'a>,
}

/// The median of `times`.
fn median(times: &mut [Duration]) -> Duration {
    times.sort_unstable();
    times[times.len() / 2]
}

/// Times `case`: a warm-up of [`WARM_UP`] (at least [`PER_ROUND`] pairs), then
/// `rounds * PER_ROUND` pairs, one request of each side per pair, the side that goes first
/// alternating, so that both sides meet the same state of the machine (a drift in CPU speed
/// or load lands on both); returns the medians (runtime, by hand).
async fn measure(case: &Case<'_>) -> (Duration, Duration) {
    let start = Instant::now();
    let mut warm = 0;
    while warm < PER_ROUND || start.elapsed() < WARM_UP {
        (case.runtime)().await;
        (case.by_hand)().await;
        warm += 1;
    }
    let pairs = case.rounds * PER_ROUND;
    let mut runtime = Vec::with_capacity(pairs);
    let mut by_hand = Vec::with_capacity(pairs);
    for pair in 0..pairs {
        let order = if pair % 2 == 0 {
            [(&case.runtime, &mut runtime), (&case.by_hand, &mut by_hand)]
        } else {
            [(&case.by_hand, &mut by_hand), (&case.runtime, &mut runtime)]
        };
        for (send, times) in order {
            let start = Instant::now();
            send().await;
            times.push(start.elapsed());
        }
    }
    (median(&mut runtime), median(&mut by_hand))
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    rt.block_on(run());
}

async fn run() {
    let server = GraphServer::start_with(ServerOptions {
        token: Some(TOKEN.to_owned()),
        page_size: 1000,
        record_requests: false,
        ..ServerOptions::default()
    })
    .await;
    let ids: Vec<String> = (0..1000)
        .map(|n| {
            server.store().insert_access_package_raw(serde_json::json!({
                "displayName": format!("Package {n} for the sales and marketing teams"),
                "description": "Outside sales representatives, with access to the CRM.",
                "isHidden": n % 7 == 0,
            }))
        })
        .collect();
    let base = server.base_url("v1.0");
    let client = v1_0::Client::builder()
        .base_url(&base)
        .bearer_token(TOKEN)
        .build()
        .expect("a client");
    let packages = || {
        client
            .identity_governance()
            .entitlement_management()
            .access_packages()
    };
    // The same client without client-request-ids, to compare with the plain request by hand.
    let without_ids = v1_0::Client::builder()
        .base_url(&base)
        .bearer_token(TOKEN)
        .client_request_ids(false)
        .build()
        .expect("a client");
    let packages_without_ids = || {
        without_ids
            .identity_governance()
            .entitlement_management()
            .access_packages()
    };
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a reqwest client");
    let by_hand = |url: String| {
        let http = &http;
        async move {
            let response = http
                .get(url)
                .bearer_auth(TOKEN)
                .header("accept", "application/json")
                .send()
                .await
                .expect("a response");
            assert!(response.status().is_success());
            response.bytes().await.expect("a body")
        }
    };
    // By hand with two things the runtime adds to every request: a `client-request-id` (a
    // fresh UUID v4) and a timeout around the attempt.
    let by_hand_with_id = |url: String| {
        let http = &http;
        async move {
            let sent = http
                .get(url)
                .bearer_auth(TOKEN)
                .header("accept", "application/json")
                .header("client-request-id", uuid::Uuid::new_v4().to_string())
                .send();
            let response = tokio::time::timeout(graphgen_runtime::DEFAULT_TIMEOUT, sent)
                .await
                .expect("in time")
                .expect("a response");
            assert!(response.status().is_success());
            response.bytes().await.expect("a body")
        }
    };
    let twenty: Vec<String> = ids[..20].to_vec();
    // The batch body by hand, written for each batch as a hand-written client would.
    let batch_body = |ids: &[String]| {
        serde_json::json!({
            "requests": ids.iter().enumerate().map(|(i, id)| serde_json::json!({
                "id": (i + 1).to_string(),
                "method": "GET",
                "url": format!("/identityGovernance/entitlementManagement/accessPackages/{id}"),
                "headers": {"accept": "application/json"},
            })).collect::<Vec<_>>()
        })
        .to_string()
    };
    let batch_url = format!("{base}/$batch");
    let runtime_client = client.runtime();
    let http_ref = &http;
    let one = ids[500].clone();
    // The URLs by hand, written for each request as a hand-written client would (the key
    // percent-encoded as the runtime does).
    let one_url = |id: &str| {
        let id = percent_encoding::utf8_percent_encode(id, UNRESERVED);
        format!("{base}/identityGovernance/entitlementManagement/accessPackages/{id}")
    };
    let page_url =
        || format!("{base}/identityGovernance/entitlementManagement/accessPackages?$top=1000");
    let (packages, packages_without_ids, by_hand, by_hand_with_id, one, one_url, page_url) = (
        &packages,
        &packages_without_ids,
        &by_hand,
        &by_hand_with_id,
        &one,
        &one_url,
        &page_url,
    );
    let (twenty, batch_body, batch_url) = (&twenty, &batch_body, &batch_url);

    let cases = [
        Case {
            name: "GET one accessPackage",
            rounds: 40,
            runtime: Box::new(move || {
                Box::pin(async move {
                    let p = packages().by_id(one).get().await.expect("the package");
                    assert!(p.id.is_some());
                })
            }),
            by_hand: Box::new(move || {
                Box::pin(async move {
                    let body = by_hand(one_url(one)).await;
                    let p: AccessPackage = serde_json::from_slice(&body).expect("a package");
                    assert!(p.id.is_some());
                })
            }),
        },
        Case {
            name: "GET one, vs by hand + id + timeout",
            rounds: 40,
            runtime: Box::new(move || {
                Box::pin(async move {
                    let p = packages().by_id(one).get().await.expect("the package");
                    assert!(p.id.is_some());
                })
            }),
            by_hand: Box::new(move || {
                Box::pin(async move {
                    let body = by_hand_with_id(one_url(one)).await;
                    let p: AccessPackage = serde_json::from_slice(&body).expect("a package");
                    assert!(p.id.is_some());
                })
            }),
        },
        Case {
            name: "GET one, no ids (client_request_ids off)",
            rounds: 40,
            runtime: Box::new(move || {
                Box::pin(async move {
                    let p = packages_without_ids()
                        .by_id(one)
                        .get()
                        .await
                        .expect("the package");
                    assert!(p.id.is_some());
                })
            }),
            by_hand: Box::new(move || {
                Box::pin(async move {
                    let body = by_hand(one_url(one)).await;
                    let p: AccessPackage = serde_json::from_slice(&body).expect("a package");
                    assert!(p.id.is_some());
                })
            }),
        },
        Case {
            name: "$batch of 20 GETs",
            rounds: 10,
            runtime: Box::new(move || {
                Box::pin(async move {
                    let mut batch = runtime_client.batch();
                    let ids: Vec<String> = twenty
                        .iter()
                        .map(|id| {
                            let request = packages().by_id(id).get_request().expect("a request");
                            batch.add(request).expect("added")
                        })
                        .collect();
                    let answers = batch.send().await.expect("the batch");
                    for id in &ids {
                        let p: AccessPackage = answers.get(id).expect("a package");
                        assert!(p.id.is_some());
                    }
                })
            }),
            by_hand: Box::new(move || {
                Box::pin(async move {
                    let response = http_ref
                        .post(batch_url.as_str())
                        .bearer_auth(TOKEN)
                        .header("accept", "application/json")
                        .header("content-type", "application/json")
                        .body(batch_body(twenty))
                        .send()
                        .await
                        .expect("a response");
                    assert!(response.status().is_success());
                    let body = response.bytes().await.expect("a body");
                    let answers: serde_json::Value =
                        serde_json::from_slice(&body).expect("a batch response");
                    let parts = answers["responses"].as_array().expect("responses");
                    assert_eq!(parts.len(), 20);
                    for part in parts {
                        assert_eq!(part["status"], 200);
                        let p: AccessPackage =
                            serde_json::from_value(part["body"].clone()).expect("a package");
                        assert!(p.id.is_some());
                    }
                })
            }),
        },
        Case {
            name: "GET a page of 1,000 ($top=1000)",
            rounds: 4,
            runtime: Box::new(move || {
                Box::pin(async move {
                    let page = packages().list().top(1000).await.expect("the page");
                    assert_eq!(page.items.len(), 1000);
                })
            }),
            by_hand: Box::new(move || {
                Box::pin(async move {
                    let body = by_hand(page_url()).await;
                    let page: Page<AccessPackage> = serde_json::from_slice(&body).expect("a page");
                    assert_eq!(page.items.len(), 1000);
                })
            }),
        },
    ];
    println!(
        "per request against the local server, median of every request after a warm-up \
         of a second (one request of each side in turn):"
    );
    println!(
        "  {:<34} {:>12} {:>12} {:>10}",
        "", "runtime", "by hand", "overhead"
    );
    for case in &cases {
        let (runtime, hand) = measure(case).await;
        let overhead = 100.0 * (runtime.as_secs_f64() / hand.as_secs_f64() - 1.0);
        println!(
            "  {:<34} {:>9.1} µs {:>9.1} µs {:>+9.1}%  ({} requests each)",
            case.name,
            runtime.as_secs_f64() * 1e6,
            hand.as_secs_f64() * 1e6,
            overhead,
            case.rounds * PER_ROUND
        );
    }

    runtime_alone(one).await;
}

/// A transport that answers every request at once with `body`.
#[derive(Debug)]
struct Canned(bytes::Bytes);

impl graphgen_runtime::Transport for Canned {
    fn send(
        &self,
        _request: http::Request<bytes::Bytes>,
    ) -> graphgen_runtime::BoxFuture<
        '_,
        Result<http::Response<bytes::Bytes>, graphgen_runtime::TransportError>,
    > {
        let body = self.0.clone();
        Box::pin(async move {
            http::Response::builder()
                .status(200)
                .header("content-type", "application/json")
                .body(body)
                .map_err(graphgen_runtime::TransportError::new)
        })
    }
}

/// The runtime's own time per `GET`: a canned transport answers at once (no I/O) with an
/// accessPackage like the server's.
async fn runtime_alone(one: &str) {
    const N: u32 = 100_000;
    let client = v1_0::Client::builder()
        .base_url("http://127.0.0.1:9/v1.0")
        .bearer_token(TOKEN)
        .transport(Canned(bytes::Bytes::from(
            serde_json::json!({
                "id": one,
                "displayName": "Package 500 for the sales and marketing teams",
                "description": "Outside sales representatives, with access to the CRM.",
                "isHidden": false,
            })
            .to_string(),
        )))
        .build()
        .expect("a client");
    let get = || {
        client
            .identity_governance()
            .entitlement_management()
            .access_packages()
            .by_id(one)
            .get()
    };
    for _ in 0..1000 {
        get().await.expect("the package");
    }
    let start = Instant::now();
    for _ in 0..N {
        let p = get().await.expect("the package");
        assert!(p.id.is_some());
    }
    let per_call = start.elapsed() / N;
    println!(
        "the runtime alone (a canned transport, no I/O): {:.2} µs per GET, mean of {N}",
        per_call.as_secs_f64() * 1e6
    );
}
