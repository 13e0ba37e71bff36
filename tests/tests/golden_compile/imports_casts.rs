//! Imports (`Client` methods at the service root) and type casts (`as_<type>()`), request by
//! request: the exact method, URL and body.

use super::*;
use crate::imports_casts_golden::imports_casts::Client;
use crate::imports_casts_golden::imports_casts::requests::{
    FindWithNameLimitParams, FindWithNameParams, HireParams, MentorParams, PromoteParams, TopParams,
};

fn client() -> Client {
    Client::new("https://example.com/v1").unwrap()
}

#[test]
fn an_action_import_posts_its_parameters_to_the_service_root() {
    let request = client()
        .promote_request(&PromoteParams {
            person_id: "p1".into(),
            level: Some(3),
        })
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://example.com/v1/promote");
    assert_eq!(body(&request), json!({"personId": "p1", "level": 3}));
    let request = client().reset_request().unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://example.com/v1/reset");
    assert!(request.body().is_empty());
}

#[test]
fn a_function_import_writes_its_parameters_into_the_url() {
    let request = client().top_request(&TopParams { n: 5 }).unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "https://example.com/v1/top(n=5)");
    assert!(request.body().is_empty());
    // Overloads are told apart by their parameters; both call the import `find`.
    let one = client()
        .find_with_name_request(&FindWithNameParams {
            name: "O'Neil".into(),
        })
        .unwrap();
    assert_eq!(one.uri(), "https://example.com/v1/find(name='O''Neil')");
    let two = client()
        .find_with_name_limit_request(&FindWithNameLimitParams {
            name: "a".into(),
            limit: 2,
        })
        .unwrap();
    assert_eq!(two.uri(), "https://example.com/v1/find(name='a',limit=2)");
    // The import's name, not its function's (`findOne`).
    let lookup = client().lookup_request().unwrap();
    assert_eq!(lookup.method(), http::Method::GET);
    assert_eq!(lookup.uri(), "https://example.com/v1/lookup()");
}

#[test]
fn an_item_cast_reaches_the_operations_of_the_derived_type() {
    let manager = client().people().by_id("m1").as_manager();
    let request = manager.get_request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/m1/microsoft.graph.manager"
    );
    let request = manager
        .hire_request(&HireParams { who: "p2".into() })
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/m1/microsoft.graph.manager/hire"
    );
    assert_eq!(body(&request), json!({"who": "p2"}));
    assert_eq!(
        manager.reports().target().url(),
        "https://example.com/v1/people/m1/microsoft.graph.manager/reports"
    );
    // A cast to a type two levels down is offered on the base type's builder itself.
    let request = client()
        .people()
        .by_id("d1")
        .as_director()
        .get_request()
        .unwrap();
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/d1/microsoft.graph.director"
    );
}

#[test]
fn a_collection_cast_lists_counts_and_addresses_derived_members() {
    let managers = client().people().as_manager();
    let request = managers.list_request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/microsoft.graph.manager"
    );
    assert_eq!(
        managers.count_request().unwrap().uri(),
        "https://example.com/v1/people/microsoft.graph.manager/$count"
    );
    assert_eq!(
        managers.count_reports_request().unwrap().uri(),
        "https://example.com/v1/people/microsoft.graph.manager/countReports()"
    );
    assert_eq!(
        managers.by_id("m1").get_request().unwrap().uri(),
        "https://example.com/v1/people/microsoft.graph.manager/m1"
    );
}

#[test]
fn a_navigation_that_is_not_contained_casts_to_the_types_derived_from_its_target() {
    use crate::imports_casts_golden::imports_casts::models::{Director, Manager};
    // `reports` is a `Collection(person)` the manager does not contain: the runtime's
    // `NavCollection<Person>`, cast with the generated `DerivedFrom<Person>` impls.
    let reports = client().people().by_id("m1").as_manager().reports();
    let managers = reports.cast::<Manager>();
    let request = managers.get_request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/m1/microsoft.graph.manager/reports/microsoft.graph.manager"
    );
    // Down two levels at once, and from one related entity.
    assert_eq!(
        reports.cast::<Director>().count_request().unwrap().uri(),
        "https://example.com/v1/people/m1/microsoft.graph.manager/reports/microsoft.graph.director/$count"
    );
    assert_eq!(
        reports
            .by_id("p2")
            .cast::<Director>()
            .get_request()
            .unwrap()
            .uri(),
        "https://example.com/v1/people/m1/microsoft.graph.manager/reports/p2/microsoft.graph.director"
    );
    // Each cast is typed by the derived model: a page of it reads the derived fields.
    let page: graphgen_runtime::Page<Director> = serde_json::from_value(json!({
        "value": [{"@odata.type": "#microsoft.graph.director", "id": "d1", "budget": "1.5"}]
    }))
    .expect("deserializes");
    assert_eq!(page.items[0].id.as_deref(), Some("d1"));
}

#[test]
fn a_composable_function_s_result_is_addressed_by_further_segments() {
    // OData URL Conventions 4.01 §4.5.2 (and the ABNF's `boundComposableFuncCall`): a
    // composable function's result takes further segments.
    let mentor = client()
        .people()
        .by_id("p1")
        .mentor_builder(&MentorParams { year: 2020 })
        .unwrap();
    let request = mentor.get_request().unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/p1/mentor(year=2020)"
    );
    let request = mentor
        .as_manager()
        .hire_request(&HireParams { who: "p2".into() })
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(
        request.uri(),
        "https://example.com/v1/people/p1/mentor(year=2020)/microsoft.graph.manager/hire"
    );
    // On a collection, without parameters, and composed twice.
    let oldest = client().people().oldest_builder();
    assert_eq!(
        oldest.get_request().unwrap().uri(),
        "https://example.com/v1/people/oldest()"
    );
    assert_eq!(
        oldest
            .mentor_builder(&MentorParams { year: 1999 })
            .unwrap()
            .get_request()
            .unwrap()
            .uri(),
        "https://example.com/v1/people/oldest()/mentor(year=1999)"
    );
}

#[test]
fn a_cast_item_reads_the_derived_model() {
    use crate::imports_casts_golden::imports_casts::models::ManagerKind;
    let json = json!({
        "@odata.type": "#microsoft.graph.director", "id": "d1", "level": 2, "budget": "10.5"
    });
    let read: ManagerKind = serde_json::from_value(json).expect("deserializes");
    match read {
        ManagerKind::Director(d) => {
            assert_eq!(d.id.as_deref(), Some("d1"));
            assert_eq!(d.level, Some(2));
        }
        other => panic!("expected a director, got {other:?}"),
    }
}
