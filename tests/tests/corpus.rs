//! The generated corpus: hostile CSDL documents from a seeded generator
//! (`graphgen_tests::corpus`), each either rejected with located errors or generated into a
//! module that compiles here with warnings denied. `build.rs` generates them all into one
//! file, so that one compilation checks every document (one module per document).
//!
//! CI runs the seeds of `corpus::DEFAULT_SEEDS`. A longer run takes a seed range:
//!
//! ```text
//! GRAPHGEN_CORPUS_SEEDS=0..2000 cargo test -p graphgen-tests --test corpus
//! ```
//!
//! A seed that fails to compile shows up as a compile error in module `c<seed>`; its document
//! is `OUT_DIR/corpus/xml/c<seed>.xml` (the test prints the directory), to shrink by hand
//! into a fixture of `tests/fixtures`.
#![deny(warnings)]

/// What the generator did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Generated; its module is in `corpus::generated`.
    Accepted,
    /// Rejected, with these errors.
    Rejected,
    /// The generator panicked.
    Panicked,
}

#[rustfmt::skip]
pub mod corpus {
    use super::Outcome;
    include!(concat!(env!("OUT_DIR"), "/corpus/corpus.rs"));
}

/// The documents of `../shared/repros/csdl` whose crates did not compile (issue 13).
#[cfg(graphgen_shared_repros)]
#[rustfmt::skip]
pub mod shared_repros {
    include!(concat!(env!("OUT_DIR"), "/corpus/repros.rs"));
}

use corpus::{OUTCOMES, XML_DIR};

/// The shared repros compiled above with warnings denied: a ring of 32 entity types (E0275 on
/// `Send`), a module split after a keyword (`as__2`), and a type named `Self` (`Self_Item`).
#[test]
fn the_shared_repros_compile() {
    #[cfg(graphgen_shared_repros)]
    {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<shared_repros::navigation_ring_32::models::E0>();
        send_sync::<shared_repros::navigation_ring_32::models::E31>();
        let client = shared_repros::entity_type_named_self::Client::new("https://example.com")
            .expect("valid URL");
        let item: shared_repros::entity_type_named_self::requests::SelfItem =
            client.things().by_id("x");
        // (How the key is written is the URL conventions' business, not this test's.)
        assert!(item.target().path().starts_with("/Things"));
    }
    #[cfg(not(graphgen_shared_repros))]
    if graphgen_tests::shared::shared_file("repros/csdl/navigation-ring-32.xml").is_some() {
        panic!("../shared/repros/csdl is there, but build.rs did not generate it");
    }
}

/// Whether `errors` starts with the location of an error in document `c<seed>.xml`:
/// `…/c12.xml:3:40: Schema(n)/EntityType(x)/Property(y): …`, with the element path.
fn located(seed: u64, errors: &str) -> bool {
    let first = errors.lines().next().unwrap_or_default();
    let Some((_, rest)) = first.split_once(&format!("c{seed}.xml:")) else {
        return false;
    };
    let mut parts = rest.splitn(3, ':');
    let number =
        |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    number(parts.next())
        && number(parts.next())
        && parts
            .next()
            .is_some_and(|p| p.trim_start().starts_with("Schema("))
}

#[test]
fn every_document_is_generated_or_rejected_with_located_errors() {
    let mut failures = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for &(seed, outcome, text) in OUTCOMES {
        match outcome {
            Outcome::Accepted => accepted += 1,
            Outcome::Rejected => {
                rejected += 1;
                if !located(seed, text) {
                    failures.push(format!("seed {seed}: errors without a location:\n{text}"));
                }
            }
            Outcome::Panicked => {
                failures.push(format!("seed {seed}: the generator panicked: {text}"))
            }
        }
    }
    println!(
        "corpus: {} documents, {accepted} accepted (compiled), {rejected} rejected; documents in {XML_DIR}",
        OUTCOMES.len()
    );
    assert!(
        failures.is_empty(),
        "documents in {XML_DIR}\n{}",
        failures.join("\n\n")
    );
    // A corpus where almost everything is rejected would prove nothing about the output.
    assert!(
        accepted * 2 > OUTCOMES.len(),
        "only {accepted} of {} accepted",
        OUTCOMES.len()
    );
}

/// Navigation rings: 32 entity types failed with E0275 (`Send`) before fields on a cycle were
/// `Indirect`. The rings of `corpus::RING_LENGTHS` (64 and 300 types) compiled above; their
/// models are `Send + Sync`, and so are the futures that fetch them.
mod rings {
    use crate::corpus::generated::{ring64, ring300};

    fn send_sync<T: Send + Sync + std::panic::UnwindSafe + Unpin + 'static>() {}
    fn send<T: Send + 'static>() {}

    #[test]
    fn models_and_requests_on_long_rings_are_send_and_sync() {
        send_sync::<ring64::models::E0>();
        send_sync::<ring300::models::E0>();
        send_sync::<ring300::models::E299>();
        send::<graphgen_runtime::Call<graphgen_runtime::decode::Json<ring300::models::E0>>>();
        let client = ring300::Client::new("https://example.com/svc").expect("valid URL");
        let next = client.s0().by_id("a").next();
        let request = next.get_request().expect("request");
        // A service that is not Graph: OData's key in parentheses.
        assert_eq!(request.uri(), "https://example.com/svc/S0('a')/next");
    }

    #[test]
    fn a_value_along_a_ring_clones_compares_and_round_trips() {
        use ring64::models::{E0, E1, E2};
        let value = E0 {
            id: Some("0".into()),
            next: Some(
                E1 {
                    id: Some("1".into()),
                    all: Some(vec![E2::with_id("2")].into()),
                    ..E1::default()
                }
                .into(),
            ),
            ..E0::default()
        };
        let copy = value.clone();
        assert_eq!(copy, value);
        let json = serde_json::to_value(&value).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"id": "0", "next": {"id": "1", "all": [{"id": "2"}]}})
        );
        let back: E0 = serde_json::from_value(json).expect("deserializes");
        assert_eq!(back, value);
        assert!(format!("{back:?}").contains("E2 {"));
    }
}
