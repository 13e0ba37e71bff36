//! A hand-built model that exercises every emitter feature, independent of the CSDL
//! front-end: inheritance, polymorphism, self-reference, enums (with a member called
//! `unrecognized`), flags, a type definition, a sub-namespace, hostile names (`Option`,
//! `type`), navigation of every kind, keys, alternate keys and bound operations.

use std::collections::BTreeMap;

use crate::ir::select::{CollectionBuilder, Edge, ItemBuilder, Selection};
use crate::ir::{
    AlternateKey, AlternateKeyPart, Binding, Capabilities, EnumDef, EnumMember, Field, KeyProperty,
    Model, Namespace, Navigation, OpId, Operation, OperationKind, Param, Primitive, Root, RootKind,
    StructDef, TypeDef, TypeId, TypeKind, TypeRef,
};

pub(super) const ENTITY: TypeId = TypeId(0);
pub(super) const ACCESS_PACKAGE: TypeId = TypeId(1);
pub(super) const GROUP: TypeId = TypeId(2);
pub(super) const SUBJECT_SET: TypeId = TypeId(3);
pub(super) const SINGLE_USER: TypeId = TypeId(4);
pub(super) const STATE: TypeId = TypeId(5);
pub(super) const DAYS: TypeId = TypeId(6);
pub(super) const TREE_NODE: TypeId = TypeId(7);
pub(super) const PING: TypeId = TypeId(8);
pub(super) const PONG: TypeId = TypeId(9);
pub(super) const POLICY: TypeId = TypeId(10);
pub(super) const GOVERNANCE: TypeId = TypeId(11);
pub(super) const ALERT: TypeId = TypeId(12);
pub(super) const CUSTOM_STRING: TypeId = TypeId(13);
pub(super) const OPTION: TypeId = TypeId(14);
pub(super) const ALL_PRIMITIVES: TypeId = TypeId(15);
pub(super) const BY_GUID: TypeId = TypeId(16);
pub(super) const PAIR: TypeId = TypeId(17);

pub(super) const ASSIGN: OpId = OpId(0);
pub(super) const GET_APPLICABLE: OpId = OpId(1);
pub(super) const REPROCESS: OpId = OpId(2);
pub(super) const PROBE: OpId = OpId(3);
pub(super) const FROM_TEMPLATE: OpId = OpId(4);

/// Every `Edm` primitive, for a struct that holds one of each.
const PRIMITIVES: &[(&str, Primitive)] = &[
    ("string", Primitive::String),
    ("boolean", Primitive::Boolean),
    ("byte", Primitive::Byte),
    ("sByte", Primitive::SByte),
    ("int16", Primitive::Int16),
    ("int32", Primitive::Int32),
    ("int64", Primitive::Int64),
    ("single", Primitive::Single),
    ("double", Primitive::Double),
    ("decimal", Primitive::Decimal),
    ("guid", Primitive::Guid),
    ("date", Primitive::Date),
    ("timeOfDay", Primitive::TimeOfDay),
    ("dateTimeOffset", Primitive::DateTimeOffset),
    ("duration", Primitive::Duration),
    ("binary", Primitive::Binary),
    ("stream", Primitive::Stream),
    ("untyped", Primitive::Untyped),
    ("geo", Primitive::Geo),
];

const GRAPH: &str = "microsoft.graph";
const SECURITY: &str = "microsoft.graph.security";

fn name(wire: &str) -> String {
    wire.to_owned()
}

fn field(wire: &str, ty: TypeRef) -> Field {
    Field {
        name: name(wire),
        ty,
        nullable: true,
        doc: None,
    }
}

fn prim(p: Primitive) -> TypeRef {
    TypeRef::Primitive(p)
}

fn named(id: TypeId) -> TypeRef {
    TypeRef::Named(id)
}

fn coll(tr: TypeRef) -> TypeRef {
    TypeRef::Collection(Box::new(tr))
}

fn nav(wire: &str, target: TypeId, collection: bool, contains: bool) -> Navigation {
    Navigation {
        name: name(wire),
        target,
        collection,
        contains_target: contains,
        nullable: true,
        doc: None,
        caps: Capabilities::default(),
    }
}

fn ty(id: TypeId, ns: &str, wire: &str, doc: Option<&str>, kind: TypeKind) -> TypeDef {
    TypeDef {
        id,
        namespace: ns.to_owned(),
        name: name(wire),
        qualified: format!("{ns}.{wire}"),
        doc: doc.map(str::to_owned),
        kind,
    }
}

fn member(wire: &str, value: i64) -> EnumMember {
    EnumMember {
        name: name(wire),
        value,
        doc: None,
    }
}

fn param(wire: &str, ty: TypeRef, nullable: bool, optional: bool) -> Param {
    Param {
        name: name(wire),
        ty,
        nullable,
        optional,
    }
}

/// The model.
pub(super) fn model() -> Model {
    let entity = StructDef {
        is_abstract: true,
        key: vec![KeyProperty::own("id", prim(Primitive::String))],
        fields: vec![Field {
            nullable: false,
            doc: Some("Key of the object.".to_owned()),
            ..field("id", prim(Primitive::String))
        }],
        derived: vec![ACCESS_PACKAGE, GROUP, GOVERNANCE, ALERT],
        ..StructDef::default()
    };
    let access_package = StructDef {
        base: Some(ENTITY),
        key: vec![KeyProperty::own("id", prim(Primitive::String))],
        fields: vec![
            field("displayName", prim(Primitive::String)),
            field("isHidden", prim(Primitive::Boolean)),
            field("state", named(STATE)),
            field("days", named(DAYS)),
            field("createdDateTime", prim(Primitive::DateTimeOffset)),
            field("duration", prim(Primitive::Duration)),
            field("tags", coll(prim(Primitive::String))),
            field("type", prim(Primitive::String)),
            field("option", named(OPTION)),
            field("custom", named(CUSTOM_STRING)),
            field("policy", named(POLICY)),
        ],
        navigations: vec![nav("incompatibleGroups", GROUP, true, false)],
        alternate_keys: vec![AlternateKey {
            parts: vec![AlternateKeyPart {
                alias: name("uniqueName"),
                ty: prim(Primitive::String),
            }],
        }],
        ..StructDef::default()
    };
    let group = StructDef {
        base: Some(ENTITY),
        key: vec![KeyProperty::own("id", prim(Primitive::String))],
        fields: vec![field("displayName", prim(Primitive::String))],
        ..StructDef::default()
    };
    let subject_set = StructDef {
        is_abstract: true,
        derived: vec![SINGLE_USER],
        ..StructDef::default()
    };
    let single_user = StructDef {
        base: Some(SUBJECT_SET),
        fields: vec![field("userId", prim(Primitive::String))],
        ..StructDef::default()
    };
    let state = EnumDef {
        underlying: Primitive::Int32,
        is_flags: false,
        members: vec![
            EnumMember {
                doc: Some("The package can be requested.".to_owned()),
                ..member("active", 0)
            },
            member("unrecognized", 1),
            member("unknownFutureValue", 2),
        ],
    };
    let days = EnumDef {
        underlying: Primitive::Int32,
        is_flags: true,
        members: vec![member("monday", 1), member("tuesday", 2)],
    };
    let tree_node = StructDef {
        fields: vec![
            field("label", prim(Primitive::String)),
            field("parent", named(TREE_NODE)),
            field("children", coll(named(TREE_NODE))),
        ],
        ..StructDef::default()
    };
    let ping = StructDef {
        fields: vec![field("pong", named(PONG))],
        ..StructDef::default()
    };
    let pong = StructDef {
        fields: vec![field("ping", named(PING)), field("node", named(TREE_NODE))],
        ..StructDef::default()
    };
    let policy = StructDef {
        fields: vec![
            field("primary", named(SUBJECT_SET)),
            field("subjects", coll(named(SUBJECT_SET))),
        ],
        ..StructDef::default()
    };
    let governance = StructDef {
        base: Some(ENTITY),
        key: vec![KeyProperty::own("id", prim(Primitive::String))],
        navigations: vec![
            nav("accessPackages", ACCESS_PACKAGE, true, true),
            // Collides with the builder's own `target()`.
            nav("target", GROUP, false, false),
            nav("clone", GROUP, false, false),
        ],
        ..StructDef::default()
    };
    let alert = StructDef {
        base: Some(ENTITY),
        key: vec![KeyProperty::own("id", prim(Primitive::String))],
        fields: vec![field("severity", prim(Primitive::String))],
        ..StructDef::default()
    };
    let option = StructDef {
        fields: vec![field("result", prim(Primitive::String))],
        ..StructDef::default()
    };

    let all_primitives = StructDef {
        fields: PRIMITIVES
            .iter()
            .map(|&(wire, p)| field(wire, prim(p)))
            .collect(),
        ..StructDef::default()
    };
    let by_guid = StructDef {
        key: vec![KeyProperty::own("guid", prim(Primitive::Guid))],
        fields: vec![
            field("guid", prim(Primitive::Guid)),
            field("values", named(ALL_PRIMITIVES)),
        ],
        ..StructDef::default()
    };
    let pair = StructDef {
        key: vec![
            KeyProperty::own("left", prim(Primitive::String)),
            KeyProperty::own("right", prim(Primitive::Int32)),
        ],
        fields: vec![
            field("left", prim(Primitive::String)),
            field("right", prim(Primitive::Int32)),
        ],
        ..StructDef::default()
    };

    let types = vec![
        ty(ENTITY, GRAPH, "entity", None, TypeKind::Entity(entity)),
        ty(
            ACCESS_PACKAGE,
            GRAPH,
            "accessPackage",
            Some("A bundle of resource roles.\n\nRequested in one step."),
            TypeKind::Entity(access_package),
        ),
        ty(GROUP, GRAPH, "group", None, TypeKind::Entity(group)),
        ty(
            SUBJECT_SET,
            GRAPH,
            "subjectSet",
            None,
            TypeKind::Complex(subject_set),
        ),
        ty(
            SINGLE_USER,
            GRAPH,
            "singleUser",
            None,
            TypeKind::Complex(single_user),
        ),
        ty(
            STATE,
            GRAPH,
            "accessPackageState",
            None,
            TypeKind::Enum(state),
        ),
        ty(DAYS, GRAPH, "dayOfWeek", None, TypeKind::Enum(days)),
        ty(
            TREE_NODE,
            GRAPH,
            "treeNode",
            None,
            TypeKind::Complex(tree_node),
        ),
        ty(PING, GRAPH, "ping", None, TypeKind::Complex(ping)),
        ty(PONG, GRAPH, "pong", None, TypeKind::Complex(pong)),
        ty(POLICY, GRAPH, "policy", None, TypeKind::Complex(policy)),
        ty(
            GOVERNANCE,
            GRAPH,
            "identityGovernance",
            None,
            TypeKind::Entity(governance),
        ),
        ty(ALERT, SECURITY, "alert", None, TypeKind::Entity(alert)),
        ty(
            CUSTOM_STRING,
            GRAPH,
            "customString",
            None,
            TypeKind::Definition(Primitive::String),
        ),
        ty(OPTION, GRAPH, "option", None, TypeKind::Complex(option)),
        ty(
            ALL_PRIMITIVES,
            GRAPH,
            "allPrimitives",
            None,
            TypeKind::Complex(all_primitives),
        ),
        ty(BY_GUID, GRAPH, "byGuid", None, TypeKind::Entity(by_guid)),
        ty(PAIR, GRAPH, "pair", None, TypeKind::Entity(pair)),
    ];
    let type_index = types.iter().map(|t| (t.qualified.clone(), t.id)).collect();

    let operations = vec![
        Operation {
            id: ASSIGN,
            kind: OperationKind::Action,
            namespace: GRAPH.to_owned(),
            name: name("assign"),
            binding: Some(Binding {
                ty: ACCESS_PACKAGE,
                collection: false,
            }),
            params: vec![
                param("note", prim(Primitive::String), false, false),
                param("when", prim(Primitive::DateTimeOffset), true, false),
            ],
            returns: None,
            composable: false,
            doc: Some("Assigns the package.".to_owned()),
        },
        Operation {
            id: GET_APPLICABLE,
            kind: OperationKind::Function,
            namespace: GRAPH.to_owned(),
            name: name("getApplicable"),
            binding: Some(Binding {
                ty: ACCESS_PACKAGE,
                collection: true,
            }),
            params: vec![
                param("state", named(STATE), false, false),
                param("top", prim(Primitive::Int32), true, true),
                param("policy", named(POLICY), true, true),
                param("since", prim(Primitive::Date), true, false),
            ],
            returns: None,
            composable: false,
            doc: None,
        },
        Operation {
            id: REPROCESS,
            kind: OperationKind::Action,
            namespace: GRAPH.to_owned(),
            name: name("reprocess"),
            binding: Some(Binding {
                ty: ACCESS_PACKAGE,
                collection: false,
            }),
            params: Vec::new(),
            returns: None,
            composable: false,
            doc: None,
        },
        Operation {
            id: PROBE,
            kind: OperationKind::Function,
            namespace: GRAPH.to_owned(),
            name: name("probe"),
            binding: Some(Binding {
                ty: BY_GUID,
                collection: false,
            }),
            params: PRIMITIVES
                .iter()
                .map(|&(wire, p)| param(wire, prim(p), false, false))
                .chain([
                    param("days", named(DAYS), false, false),
                    param("list", coll(prim(Primitive::String)), false, false),
                    param("custom", named(CUSTOM_STRING), false, false),
                    param("subject", named(SUBJECT_SET), true, true),
                ])
                .collect(),
            returns: None,
            composable: false,
            doc: None,
        },
        Operation {
            id: FROM_TEMPLATE,
            kind: OperationKind::Action,
            namespace: GRAPH.to_owned(),
            name: name("fromTemplate"),
            binding: Some(Binding {
                ty: ACCESS_PACKAGE,
                collection: false,
            }),
            params: Vec::new(),
            returns: None,
            composable: false,
            doc: None,
        },
    ];

    let root = |wire: &str, kind: RootKind, ty: TypeId| Root {
        name: name(wire),
        kind,
        ty,
        caps: Capabilities::default(),
        doc: None,
    };
    let roots = vec![
        root("groups", RootKind::EntitySet, GROUP),
        root("identityGovernance", RootKind::Singleton, GOVERNANCE),
        root("alerts", RootKind::EntitySet, ALERT),
        root("guids", RootKind::EntitySet, BY_GUID),
        root("pairs", RootKind::EntitySet, PAIR),
    ];

    let mut namespaces = BTreeMap::new();
    namespaces.insert(
        GRAPH.to_owned(),
        Namespace {
            name: GRAPH.to_owned(),
            alias: Some("graph".to_owned()),
            path: Vec::new(),
        },
    );
    namespaces.insert(
        SECURITY.to_owned(),
        Namespace {
            name: SECURITY.to_owned(),
            alias: None,
            path: vec!["security".to_owned()],
        },
    );

    Model {
        namespaces,
        types,
        type_index,
        operations,
        roots,
        imports: Vec::new(),
        warnings: Vec::new(),
        main_namespace: "microsoft.graph".to_owned(),
        key_as_segment: None,
        default_namespaces: Default::default(),
    }
}

fn collection(ty: TypeId) -> CollectionBuilder {
    CollectionBuilder {
        ty,
        list: true,
        create: true,
        count: true,
        refs: false,
        by_key: true,
        ..CollectionBuilder::new(ty)
    }
}

/// Everything selected.
pub(super) fn selection() -> Selection {
    let mut sel = Selection {
        types: (0..=17).map(TypeId).collect(),
        roots: [0, 1, 2, 3, 4].into_iter().collect(),
        operations: [ASSIGN, GET_APPLICABLE, REPROCESS, PROBE, FROM_TEMPLATE]
            .into_iter()
            .collect(),
        ..Selection::default()
    };
    sel.items.insert(
        ACCESS_PACKAGE,
        ItemBuilder {
            get: true,
            patch: true,
            delete: true,
            navs: [(ACCESS_PACKAGE, 0)].into_iter().collect(),
            operations: [ASSIGN, REPROCESS, FROM_TEMPLATE].into_iter().collect(),
            ..ItemBuilder::default()
        },
    );
    sel.items.insert(
        GOVERNANCE,
        ItemBuilder {
            get: true,
            navs: [(GOVERNANCE, 0), (GOVERNANCE, 1), (GOVERNANCE, 2)]
                .into_iter()
                .collect(),
            ..ItemBuilder::default()
        },
    );
    sel.items.insert(
        GROUP,
        ItemBuilder {
            get: true,
            ..ItemBuilder::default()
        },
    );
    sel.collections.insert(Edge::Root(0), collection(GROUP));
    sel.collections.insert(
        Edge::Nav {
            owner: GOVERNANCE,
            nav: 0,
        },
        CollectionBuilder {
            operations: [GET_APPLICABLE].into_iter().collect(),
            ..collection(ACCESS_PACKAGE)
        },
    );
    sel.collections.insert(
        Edge::Root(2),
        CollectionBuilder {
            create: false,
            count: false,
            by_key: false,
            ..collection(ALERT)
        },
    );
    sel.collections.insert(Edge::Root(3), collection(BY_GUID));
    sel.collections.insert(Edge::Root(4), collection(PAIR));
    sel.items.insert(
        BY_GUID,
        ItemBuilder {
            get: true,
            put: true,
            operations: [PROBE].into_iter().collect(),
            ..ItemBuilder::default()
        },
    );
    sel.canonical.insert(GROUP, "/groups".to_owned());
    sel.canonical.insert(
        ACCESS_PACKAGE,
        "/identityGovernance/accessPackages".to_owned(),
    );
    sel
}
