//! Compiles every golden file of `tests/fixtures` with warnings denied, and uses a few of them.
//!
//! Each `<name>.rs` defines `pub mod <name>`; it is included as `<name>_golden`, so its items
//! are `<name>_golden::<name>::models::…` (the same name twice would be `module_inception`). The
//! modules are `pub` so that unused generated items are not dead code in this test binary;
//! every other warning (lints of the workspace included) is an error. They are
//! `#[rustfmt::skip]`: golden files are prettyplease output, compared byte for byte.
//!
//! `golden.rs` checks that this file lists every fixture.
#![deny(warnings)]

#[rustfmt::skip]
#[path = "../fixtures/containment.rs"]
pub mod containment_golden;
#[rustfmt::skip]
#[path = "../fixtures/enums.rs"]
pub mod enums_golden;
#[rustfmt::skip]
#[path = "../fixtures/hostile_names.rs"]
pub mod hostile_names_golden;
#[rustfmt::skip]
#[path = "../fixtures/imports_casts.rs"]
pub mod imports_casts_golden;
#[rustfmt::skip]
#[path = "../fixtures/inheritance.rs"]
pub mod inheritance_golden;
#[rustfmt::skip]
#[path = "../fixtures/keys_untyped.rs"]
pub mod keys_untyped_golden;
#[rustfmt::skip]
#[path = "../fixtures/library.rs"]
pub mod library_golden;
#[rustfmt::skip]
#[path = "../fixtures/media.rs"]
pub mod media_golden;
#[rustfmt::skip]
#[path = "../fixtures/odata_service.rs"]
pub mod odata_service_golden;
#[rustfmt::skip]
#[path = "../fixtures/operations.rs"]
pub mod operations_golden;
#[rustfmt::skip]
#[path = "../fixtures/polymorphism.rs"]
pub mod polymorphism_golden;
#[rustfmt::skip]
#[path = "../fixtures/refs.rs"]
pub mod refs_golden;

use serde_json::{Value, json};

/// The JSON body of a request.
fn body(request: &http::Request<Vec<u8>>) -> Value {
    serde_json::from_slice(request.body()).expect("the body is JSON")
}

/// Deserializes `value` as `T` and checks that serializing gives `value` back.
fn round_trip<T>(value: &Value) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let parsed: T = serde_json::from_value(value.clone()).expect("deserializes");
    let again = serde_json::to_value(&parsed).expect("serializes");
    assert_eq!(&again, value, "the round trip changed the JSON");
    parsed
}

mod polymorphic {
    use super::*;
    use crate::polymorphism_golden::polymorphism::models::{
        DirectoryObjectKind, ExternalGroupMembers, Group, GroupMembers, RequestorSettings,
        SingleUser, SubjectSet, SubjectSetKind, User,
    };

    #[test]
    fn the_derived_variant_is_picked_by_odata_type() {
        let json = json!({
            "allowedRequestors": [
                {"@odata.type": "#microsoft.graph.singleUser", "userId": "u1"},
                {"@odata.type": "#graph.externalGroupMembers", "groupId": "g1",
                 "tenantId": "6f1b3c33-8e35-4c2a-8a4b-1f3d2e5c7a90"},
                {"@odata.type": "microsoft.graph.groupMembers", "groupId": "g2"}
            ],
            "primaryRequestor": {"@odata.type": "#microsoft.graph.singleUser", "userId": "u2"}
        });
        let settings: RequestorSettings = round_trip(&json);
        let allowed = settings.allowed_requestors.expect("allowedRequestors");
        match &allowed[0] {
            SubjectSetKind::SingleUser(u) => assert_eq!(u.user_id.as_deref(), Some("u1")),
            other => panic!("expected a singleUser, got {other:?}"),
        }
        match &allowed[1] {
            SubjectSetKind::ExternalGroupMembers(g) => {
                assert_eq!(g.group_id.as_deref(), Some("g1"));
                assert!(g.tenant_id.is_some());
            }
            other => panic!("expected an externalGroupMembers, got {other:?}"),
        }
        assert!(matches!(&allowed[2], SubjectSetKind::GroupMembers(_)));
        assert!(matches!(
            settings.primary_requestor,
            Some(SubjectSetKind::SingleUser(_))
        ));
    }

    #[test]
    fn an_unknown_type_falls_back_to_the_base_and_keeps_its_json() {
        let json = json!({
            "@odata.type": "#microsoft.graph.connectedOrganizationMembers",
            "connectedOrganizationId": "o1",
            "description": "partners"
        });
        let kind: SubjectSetKind = round_trip(&json);
        let SubjectSetKind::SubjectSet(base) = &kind else {
            panic!("expected the base variant, got {kind:?}");
        };
        assert_eq!(
            base.odata_type.as_deref(),
            Some("#microsoft.graph.connectedOrganizationMembers")
        );
        assert_eq!(base.additional_data["connectedOrganizationId"], json!("o1"));
        assert_eq!(base.additional_data["description"], json!("partners"));

        // No @odata.type at all: the base type too.
        let kind: SubjectSetKind = round_trip(&json!({"x": 1}));
        assert!(matches!(kind, SubjectSetKind::SubjectSet(_)));
    }

    #[test]
    fn a_derived_value_made_in_code_names_its_type() {
        let user = SingleUser {
            user_id: Some("u1".into()),
            ..SingleUser::default()
        };
        let kind = SubjectSetKind::from(user);
        assert_eq!(
            serde_json::to_value(&kind).unwrap(),
            json!({"@odata.type": "#microsoft.graph.singleUser", "userId": "u1"})
        );
        let nested = SubjectSetKind::from(ExternalGroupMembers::default());
        assert_eq!(
            serde_json::to_value(&nested).unwrap(),
            json!({"@odata.type": "#microsoft.graph.externalGroupMembers"})
        );
        let members = SubjectSetKind::from(GroupMembers::default());
        assert_eq!(
            serde_json::to_value(&members).unwrap(),
            json!({"@odata.type": "#microsoft.graph.groupMembers"})
        );
        // The base type is sent as it is.
        let base = SubjectSetKind::from(SubjectSet::default());
        assert_eq!(serde_json::to_value(&base).unwrap(), json!({}));
        assert_eq!(SubjectSetKind::default(), base);
    }

    #[test]
    fn entity_kinds_dispatch_too() {
        let json = json!({
            "id": "g1",
            "displayName": "Group",
            "members": [
                {"@odata.type": "#microsoft.graph.user", "id": "u1", "mail": "a@example.com"},
                {"@odata.type": "#microsoft.graph.group", "id": "g2"},
                {"@odata.type": "#microsoft.graph.device", "id": "d1", "deviceId": "x"}
            ],
            "owner": {"@odata.type": "#microsoft.graph.user", "id": "u2"}
        });
        let group: Group = round_trip(&json);
        let members = group.members.expect("members");
        assert!(
            matches!(&members[0], DirectoryObjectKind::User(u) if u.mail.as_deref() == Some("a@example.com"))
        );
        assert!(matches!(&members[1], DirectoryObjectKind::Group(_)));
        match &members[2] {
            DirectoryObjectKind::DirectoryObject(d) => {
                assert_eq!(d.id.as_deref(), Some("d1"));
                assert_eq!(d.additional_data["deviceId"], json!("x"));
            }
            other => panic!("expected the base variant, got {other:?}"),
        }
        assert!(matches!(
            group.owner.as_deref(),
            Some(DirectoryObjectKind::User(_))
        ));
    }

    #[test]
    fn creating_through_the_base_collection_sends_the_derived_type() {
        let client = crate::polymorphism_golden::polymorphism::Client::with_default_base_url();
        let user = User {
            display_name: Some("Adele".into()),
            ..User::default()
        };
        let request = client
            .directory_objects()
            .post_request(&DirectoryObjectKind::from(user))
            .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/polymorphism/directoryObjects"
        );
        assert_eq!(
            body(&request),
            json!({"@odata.type": "#microsoft.graph.user", "displayName": "Adele"})
        );
    }
}

mod enum_types {
    use graphgen_runtime::{Flags, WireEnum};

    use super::*;
    use crate::enums_golden::enums::models::{
        Awkward, BigNumber, DayOfWeek, Level, Schedule, Status,
    };

    #[test]
    fn an_unknown_member_round_trips_through_unrecognized() {
        let json = json!({
            "id": "s1",
            "status": "hibernating",
            "history": ["active", "somethingElse", "unknownFutureValue"],
            "size": "huge",
            "level": "high",
            "awkward": "unrecognized"
        });
        let schedule: Schedule = round_trip(&json);
        assert_eq!(
            schedule.status,
            Some(Status::Unrecognized("hibernating".into()))
        );
        assert_eq!(
            schedule.history,
            Some(vec![
                Status::Active,
                Status::Unrecognized("somethingElse".into()),
                Status::UnknownFutureValue,
            ])
        );
        assert_eq!(schedule.size, Some(BigNumber::Huge));
        assert_eq!(schedule.level, Some(Level::High));
        // The member called `unrecognized` is not the fallback.
        assert!(!matches!(schedule.awkward, Some(Awkward::Unrecognized(_))));
        assert_eq!(
            schedule.awkward.as_ref().map(WireEnum::as_wire),
            Some("unrecognized")
        );
        assert_eq!(Status::Unrecognized("x".into()).to_string(), "x");
    }

    #[test]
    fn members_named_like_prelude_items_keep_their_wire_names() {
        for (member, wire) in [
            (Awkward::None, "None"),
            (Awkward::Some, "Some"),
            (Awkward::Ok, "Ok"),
            (Awkward::Error, "Error"),
            (Awkward::Default, "Default"),
            (Awkward::V2fa, "2fa"),
        ] {
            assert_eq!(serde_json::to_value(&member).unwrap(), json!(wire));
            assert_eq!(Awkward::from_wire(wire), member);
        }
    }

    #[test]
    fn flags_serialize_as_a_comma_separated_list() {
        let days: Flags<DayOfWeek> = Flags(vec![DayOfWeek::Sunday, DayOfWeek::Tuesday]);
        assert_eq!(serde_json::to_string(&days).unwrap(), r#""sunday,tuesday""#);
        let schedule = Schedule {
            days: Some(days),
            alternating_days: Some(vec![Flags(vec![DayOfWeek::Monday]), Flags::new()]),
            ..Schedule::default()
        };
        assert_eq!(
            serde_json::to_value(&schedule).unwrap(),
            json!({"days": "sunday,tuesday", "alternatingDays": ["monday", ""]})
        );
        let read: Schedule = serde_json::from_value(json!({"days": "monday, friday"})).unwrap();
        assert_eq!(
            read.days,
            Some(Flags(vec![
                DayOfWeek::Monday,
                DayOfWeek::Unrecognized("friday".into()),
            ]))
        );
    }
}

mod hostile {
    use super::*;
    use crate::hostile_names_golden::hostile_names::Client;
    use crate::hostile_names_golden::hostile_names::models::{self, security};

    #[test]
    fn keyword_and_colliding_properties_round_trip_with_their_wire_names() {
        let json = json!({
            "id": "1",
            "type": "t",
            "self": "lower",
            "Self": "upper",
            "final": true,
            "move": 3,
            "match": "m",
            "loop": "l",
            "use": "u",
            "request-id": "r1",
            "requestId": "r2",
            "summary": "plain",
            "_summary": "underscored",
            "odataType": "not the annotation",
            "additionalData": "not the map",
            "box": {"inner": {"inner": {"option": {"ok": true}}}},
            "result": {"ok": false, "error": "e"},
            "string": {"value": "v"},
            "unknownProperty": [1, 2]
        });
        let option: models::Option = round_trip(&json);
        assert_eq!(option.r#type.as_deref(), Some("t"));
        assert_eq!(option.self_.as_deref(), Some("lower"));
        assert_eq!(option.self_2.as_deref(), Some("upper"));
        assert_eq!(option.r#final, Some(true));
        assert_eq!(option.r#move, Some(3));
        assert_eq!(option.r#match.as_deref(), Some("m"));
        assert_eq!(option.r#loop.as_deref(), Some("l"));
        assert_eq!(option.r#use.as_deref(), Some("u"));
        assert_eq!(option.request_id.as_deref(), Some("r1"));
        assert_eq!(option.request_id_2.as_deref(), Some("r2"));
        assert_eq!(option.summary.as_deref(), Some("plain"));
        assert_eq!(option.summary_2.as_deref(), Some("underscored"));
        assert_eq!(option.odata_type, None);
        assert_eq!(option.odata_type_2.as_deref(), Some("not the annotation"));
        assert_eq!(option.additional_data_2.as_deref(), Some("not the map"));
        assert_eq!(option.additional_data["unknownProperty"], json!([1, 2]));
        let inner: Option<&models::Box> = option
            .r#box
            .as_ref()
            .and_then(|b| b.inner.as_deref())
            .and_then(|b| b.inner.as_deref());
        let result: Option<&models::Result> = inner.and_then(|b| b.option.as_ref());
        assert_eq!(result.and_then(|r| r.ok), Some(true));
        let string: Option<&models::String> = option.string.as_ref();
        assert_eq!(string.and_then(|s| s.value.as_deref()), Some("v"));
    }

    #[test]
    fn same_named_types_in_two_namespaces_stay_apart() {
        let json = json!({
            "id": "a1",
            "title": "graph alert",
            "securityAlert": {
                "id": "s1",
                "type": "malware",
                "severity": "self",
                "legacyAlert": {"id": "a0"}
            }
        });
        let alert: models::Alert = round_trip(&json);
        let security_alert: &security::Alert = alert.security_alert.as_deref().expect("expanded");
        assert_eq!(security_alert.r#type.as_deref(), Some("malware"));
        assert_eq!(
            security_alert.severity,
            Some(security::AlertSeverity::Self_)
        );
        let legacy: Option<&models::Alert> = security_alert.legacy_alert.as_deref();
        assert_eq!(legacy.and_then(|a| a.id.as_deref()), Some("a0"));
    }

    #[test]
    fn requests_use_the_wire_names() {
        let client = Client::new("https://example.com/root").unwrap();
        let request = client.new_2().by_id("c1").get_request().unwrap();
        assert_eq!(request.uri(), "https://example.com/root/new/c1");
        let request = client.options().by_summary("it's").get_request().unwrap();
        assert_eq!(
            request.uri(),
            "https://example.com/root/options(summary='it''s')"
        );
        let request = client
            .identity_governance()
            .workflows()
            .by_id("w1")
            .get_request()
            .unwrap();
        assert_eq!(
            request.uri(),
            "https://example.com/root/identityGovernance/workflows/w1"
        );
        let request = client
            .security_alerts()
            .by_id("s1")
            .legacy_alert()
            .get_request()
            .unwrap();
        assert_eq!(
            request.uri(),
            "https://example.com/root/securityAlerts/s1/legacyAlert"
        );
    }
}

mod links {
    use super::*;
    use crate::refs_golden::refs::Client;

    #[test]
    fn adding_a_ref_posts_the_canonical_odata_id() {
        let client = Client::with_default_base_url();
        let request = client
            .access_packages()
            .by_id("p1")
            .incompatible_groups()
            .refs()
            .add_request("g 1")
            .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/refs/accessPackages/p1/incompatibleGroups/$ref"
        );
        assert_eq!(
            body(&request),
            json!({"@odata.id": "https://graph.microsoft.com/refs/groups/g%201"})
        );
        let request = client
            .access_packages()
            .by_id("p1")
            .incompatible_groups()
            .refs()
            .remove_request("g1")
            .unwrap();
        assert_eq!(request.method(), http::Method::DELETE);
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/refs/accessPackages/p1/incompatibleGroups/g1/$ref"
        );
    }

    #[test]
    fn single_valued_and_contained_refs() {
        let client = Client::new("http://localhost:8080/v1/").unwrap();
        let request = client
            .groups()
            .by_id("g1")
            .owner()
            .set_ref_request("u1")
            .unwrap();
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            "http://localhost:8080/v1/groups/g1/owner/$ref"
        );
        assert_eq!(
            body(&request),
            json!({"@odata.id": "http://localhost:8080/v1/users/u1"})
        );
        let request = client
            .access_packages()
            .by_id("p1")
            .resource_role_scopes()
            .refs()
            .add_url_request("http://localhost:8080/v1/elsewhere/s1")
            .unwrap();
        assert_eq!(
            request.uri(),
            "http://localhost:8080/v1/accessPackages/p1/resourceRoleScopes/$ref"
        );
        assert_eq!(
            body(&request),
            json!({"@odata.id": "http://localhost:8080/v1/elsewhere/s1"})
        );
    }
}

mod bound_operations {
    use graphgen_runtime::{Duration, Flags};

    use super::*;
    use crate::operations_golden::operations::Client;
    use crate::operations_golden::operations::models::{DayOfWeek, FilterOption, RequestSchedule};
    use crate::operations_golden::operations::requests::{
        AssignParams, CheckParams, FilterByCurrentUserParams,
    };

    fn client() -> Client {
        Client::new("https://example.com/v1").unwrap()
    }

    #[test]
    fn actions_post_their_parameters_as_json() {
        let params = AssignParams {
            schedule: RequestSchedule {
                note: Some("n".into()),
                ..RequestSchedule::default()
            },
            user_ids: vec!["u1".into()],
            justification: None,
            priority: 2,
        };
        let request = client()
            .access_packages()
            .by_id("p1")
            .assign_request(&params)
            .unwrap();
        assert_eq!(request.method(), http::Method::POST);
        assert_eq!(
            request.uri(),
            "https://example.com/v1/accessPackages/p1/assign"
        );
        assert_eq!(
            body(&request),
            json!({"schedule": {"note": "n"}, "userIds": ["u1"], "priority": 2})
        );
    }

    #[test]
    fn functions_write_their_parameters_as_url_literals() {
        let packages = client().access_packages();
        let request = packages
            .filter_by_current_user_request(&FilterByCurrentUserParams {
                on: FilterOption::Approver,
            })
            .unwrap();
        assert_eq!(request.method(), http::Method::GET);
        assert_eq!(
            request.uri(),
            "https://example.com/v1/accessPackages/filterByCurrentUser(on='approver')"
        );
        assert_eq!(
            packages.delta_request().unwrap().uri(),
            "https://example.com/v1/accessPackages/delta()"
        );
        let params = CheckParams {
            count: 3,
            flag: true,
            id: uuid::Uuid::nil(),
            when: chrono::DateTime::parse_from_rfc3339("2024-05-01T10:00:00Z").unwrap(),
            amount: rust_decimal::Decimal::new(125, 2),
            span: Duration::parse("PT1H").unwrap(),
            text: "a b".into(),
            option: FilterOption::AllowedRequestor,
            days: Flags(vec![DayOfWeek::Monday, DayOfWeek::Tuesday]),
            schedule: RequestSchedule::default(),
            tags: vec!["x".into()],
            note: None,
            limit: Some(5),
        };
        let request = packages.by_id("p1").check_request(&params).unwrap();
        // The complex `schedule` and the collection `tags` go through parameter aliases: JSON
        // literals must not appear in the path (OData URL Conventions 4.01 §5.1.1.6.2, §5.3).
        assert_eq!(
            request.uri(),
            "https://example.com/v1/accessPackages/p1/check(count=3,flag=true,\
             id=00000000-0000-0000-0000-000000000000,when=2024-05-01T10%3A00%3A00Z,amount=1.25,\
             span=duration'PT1H',text='a%20b',option='allowedRequestor',days='monday%2Ctuesday',\
             schedule=@schedule,tags=@tags,note=null,limit=5)?@schedule=%7B%7D&@tags=%5B%22x%22%5D"
        );
    }
}

mod containment_paths {
    use super::*;
    use crate::containment_golden::containment::Client;
    use crate::containment_golden::containment::models::{AccessPackage, Folder, TreeNode};

    #[test]
    fn contained_paths_chain_from_the_singleton() {
        let client = Client::with_default_base_url();
        let request = client
            .identity_governance()
            .entitlement_management()
            .catalogs()
            .by_id("c1")
            .access_packages()
            .by_id("p1")
            .put_request(&AccessPackage::default())
            .unwrap();
        assert_eq!(request.method(), http::Method::PUT);
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/containment/identityGovernance/entitlementManagement/catalogs/c1/accessPackages/p1"
        );
        let request = client
            .identity_governance()
            .entitlement_management()
            .root_folder()
            .child_folders()
            .by_id("f1")
            .child_folders()
            .by_id("f2")
            .default_child()
            .get_request()
            .unwrap();
        assert_eq!(
            request.uri(),
            "https://graph.microsoft.com/containment/identityGovernance/entitlementManagement/rootFolder/childFolders/f1/childFolders/f2/defaultChild"
        );
    }

    #[test]
    fn self_referencing_types_nest() {
        let json = json!({
            "label": "root",
            "parent": {"label": "up", "parent": {"label": "top"}},
            "children": [{"label": "c1", "children": []}]
        });
        let node: TreeNode = round_trip(&json);
        let top = node.parent.as_ref().and_then(|p| p.parent.as_ref());
        assert_eq!(top.and_then(|t| t.label.as_deref()), Some("top"));
        let folder: Folder = round_trip(&json!({
            "id": "f",
            "defaultChild": {"id": "d", "parent": {"id": "f"}},
            "childFolders": [{"id": "c"}]
        }));
        let back = folder
            .default_child
            .as_ref()
            .and_then(|d| d.parent.as_ref());
        assert_eq!(back.and_then(|f| f.id.as_deref()), Some("f"));
    }
}

/// The media fixture's methods send the URL, method, content type and body the OData rules
/// give (`…/$value` of a media entity, `…/<property>` of a stream property), through a
/// transport that records each request and answers `200` with a body of its own.
mod media {
    use std::sync::{Arc, Mutex};

    use bytes::Bytes;
    use graphgen_runtime::{BoxFuture, Transport, TransportError};

    use crate::media_golden::media::Client;

    type Seen = Arc<Mutex<Vec<(String, Option<String>, Vec<u8>)>>>;

    #[derive(Debug)]
    struct Recorder(Seen);

    impl Transport for Recorder {
        fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
            let content_type = request
                .headers()
                .get(http::header::CONTENT_TYPE)
                .map(|v| v.to_str().unwrap().to_owned());
            self.0.lock().unwrap().push((
                format!("{} {}", request.method(), request.uri()),
                content_type,
                request.body().to_vec(),
            ));
            Box::pin(async {
                Ok(http::Response::builder()
                    .header(http::header::CONTENT_TYPE, "image/png")
                    .body(Bytes::from_static(b"\x89PNG"))
                    .unwrap())
            })
        }
    }

    #[tokio::test]
    async fn media_methods_send_the_value_and_stream_property_urls() {
        let seen = Seen::default();
        let runtime = graphgen_runtime::Client::builder("https://example.com/svc")
            .transport(Recorder(Arc::clone(&seen)))
            .build()
            .unwrap();
        let client = Client::from_runtime(runtime);
        let person = client.people().by_id("p1");

        let photo = person.photo().get_value().await.unwrap();
        assert_eq!(photo.content_type(), Some("image/png"));
        assert_eq!(photo.bytes().await.unwrap(), &b"\x89PNG"[..]);
        person
            .photo()
            .put_value("image/jpeg", vec![1u8, 2, 3])
            .await
            .unwrap();
        let report = person.reports().by_id("r1");
        report.get_summary_2().await.unwrap();
        report
            .put_thumbnail_content("text/plain", "thumb".to_owned())
            .await
            .unwrap();

        let seen = seen.lock().unwrap().clone();
        // A service that is not Graph: OData's key in parentheses.
        let p = "https://example.com/svc/people('p1')";
        assert_eq!(
            seen,
            [
                (format!("GET {p}/photo/$value"), None, vec![]),
                (
                    format!("PUT {p}/photo/$value"),
                    Some("image/jpeg".to_owned()),
                    vec![1, 2, 3]
                ),
                (format!("GET {p}/reports('r1')/summary"), None, vec![]),
                (
                    format!("PUT {p}/reports('r1')/thumbnailContent"),
                    Some("text/plain".to_owned()),
                    b"thumb".to_vec()
                ),
            ]
        );
    }
}

mod key_paths_and_untyped {
    use super::*;
    use crate::keys_untyped_golden::keys_untyped::Client;
    use crate::keys_untyped_golden::keys_untyped::models::{Cat, Example};

    fn client() -> Client {
        Client::new("https://example.com/svc").unwrap()
    }

    #[test]
    fn a_key_path_is_addressed_by_its_alias() {
        let request = client()
            .shelves()
            .by_id("north", "b7")
            .get_request()
            .unwrap();
        assert_eq!(
            request.uri(),
            "https://example.com/svc/Shelves(Region='north',code='b7')"
        );
        let request = client().cats().by_id(7).get_request().unwrap();
        // A single key of a service that is not Graph: in parentheses, an integer bare.
        assert_eq!(request.uri(), "https://example.com/svc/Cats(7)");
    }

    #[test]
    fn abstract_built_in_types_hold_any_json() {
        let value = json!({
            "Info": {"ID": 7},
            "Details": {
                "primitive": 3.5,
                "complex": {"a": [1, 2]},
                "untyped": [null, "x"],
                "anyEntity": {"@odata.type": "#n.Shelf", "code": "b7"},
                "anyEntities": [{"id": "t1"}],
            },
        });
        let cat: Cat = round_trip(&value);
        let details: &Example = cat.details.as_ref().unwrap();
        assert_eq!(
            details.any_entity,
            Some(json!({"@odata.type": "#n.Shelf", "code": "b7"}))
        );
        assert_eq!(
            details.any_entities.as_deref(),
            Some(&[json!({"id": "t1"})][..])
        );
    }
}

#[path = "golden_compile/imports_casts.rs"]
mod imports_and_casts;
