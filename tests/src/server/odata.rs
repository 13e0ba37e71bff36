//! Entity sets the server knows, and the bodies of entity, collection, `$count` and `$ref`
//! responses: `$select`/`$expand` shaping, `@odata.context`, paging with `@odata.nextLink`.

use axum::body::Body;
use axum::response::Response;
use http::header::CONTENT_TYPE;
use http::{HeaderValue, StatusCode};
use serde_json::{Map, Value};

use super::query::Query;
use super::response::{Ctx, json_response};
use super::store::Object;

/// What the server knows of an entity type: the names `$select`, `$filter` and `$orderby`
/// may use, and the navigation properties `$expand` may use.
#[derive(Debug)]
pub(crate) struct EntitySet {
    pub(crate) type_name: &'static str,
    pub(crate) properties: &'static [&'static str],
    pub(crate) expands: &'static [&'static str],
}

pub(crate) const ACCESS_PACKAGES: EntitySet = EntitySet {
    type_name: "microsoft.graph.accessPackage",
    properties: &[
        "catalogId",
        "createdBy",
        "createdDateTime",
        "description",
        "displayName",
        "id",
        "isHidden",
        "isRoleScopesVisible",
        "modifiedBy",
        "modifiedDateTime",
        "uniqueName",
    ],
    expands: &[
        "accessPackagesIncompatibleWith",
        "incompatibleAccessPackages",
        "incompatibleGroups",
    ],
};

pub(crate) const GROUPS: EntitySet = EntitySet {
    type_name: "microsoft.graph.group",
    properties: &[
        "createdDateTime",
        "description",
        "displayName",
        "groupTypes",
        "id",
        "isAssignableToRole",
        "mail",
        "mailEnabled",
        "mailNickname",
        "securityEnabled",
        "visibility",
    ],
    expands: &[],
};

pub(crate) const CATALOGS: EntitySet = EntitySet {
    type_name: "microsoft.graph.accessPackageCatalog",
    properties: &[
        "catalogType",
        "createdDateTime",
        "description",
        "displayName",
        "id",
        "isExternallyVisible",
        "modifiedDateTime",
        "state",
    ],
    expands: &[],
};

/// `@odata.context` of a collection at `path` (relative to the service root).
pub(crate) fn collection_context(ctx: &Ctx, query: &Query, path: &str) -> String {
    ctx.context(&format!("{path}{}", query.select_suffix()))
}

/// `@odata.context` of one entity of the entity set at `path`.
pub(crate) fn entity_context(ctx: &Ctx, query: &Query, path: &str) -> String {
    ctx.context(&format!("{path}{}/$entity", query.select_suffix()))
}

/// Applies `$select` and `$expand` to one object; `expand(object, navigation)` gives the
/// objects a navigation property holds.
fn shape(
    object: &Object,
    query: &Query,
    expand: &mut impl FnMut(&Object, &str) -> Vec<Value>,
) -> Object {
    let mut shaped: Object = match &query.select {
        None => object.clone(),
        Some(select) => object
            .iter()
            .filter(|(name, _)| {
                *name == "id" || *name == "@odata.type" || select.iter().any(|s| s == *name)
            })
            .map(|(name, value)| (name.clone(), value.clone()))
            .collect(),
    };
    for navigation in &query.expand {
        shaped.insert(navigation.clone(), Value::Array(expand(object, navigation)));
    }
    shaped
}

/// One entity: `$select`/`$expand` applied, with its `@odata.context`.
pub(crate) fn entity(
    context: String,
    object: &Object,
    query: &Query,
    mut expand: impl FnMut(&Object, &str) -> Vec<Value>,
) -> Response {
    let mut body = Map::new();
    body.insert("@odata.context".into(), context.into());
    body.extend(shape(object, query, &mut expand));
    json_response(StatusCode::OK, &Value::Object(body))
}

/// A page of a collection of entities: filtered, searched, ordered, paged, then shaped.
pub(crate) fn collection(
    ctx: &Ctx,
    query: &Query,
    context: String,
    items: Vec<&Object>,
    mut expand: impl FnMut(&Object, &str) -> Vec<Value>,
) -> Response {
    let items = super::query::rows(query, items);
    let total = items.len();
    let (range, next) = query.window(ctx, total);
    let value = items[range]
        .iter()
        .map(|object| Value::Object(shape(object, query, &mut expand)))
        .collect();
    page_body(context, query.count.then_some(total), value, next)
}

/// `GET …/$count`: how many rows `$filter` and `$search` keep, as `text/plain`.
pub(crate) fn count(query: &Query, items: Vec<&Object>) -> Response {
    let mut response = Response::new(Body::from(
        super::query::rows(query, items).len().to_string(),
    ));
    response.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// A page of plain values (`$ref` collections): `$top`, `$skip`, `$count` and paging only.
pub(crate) fn plain_collection(
    ctx: &Ctx,
    query: &Query,
    context: String,
    values: Vec<Value>,
) -> Response {
    let total = values.len();
    let (range, next) = query.window(ctx, total);
    let value = values[range].to_vec();
    page_body(context, query.count.then_some(total), value, next)
}

fn page_body(
    context: String,
    count: Option<usize>,
    value: Vec<Value>,
    next: Option<String>,
) -> Response {
    let mut body = Map::new();
    body.insert("@odata.context".into(), context.into());
    if let Some(count) = count {
        body.insert("@odata.count".into(), count.into());
    }
    if let Some(next) = next {
        body.insert("@odata.nextLink".into(), next.into());
    }
    body.insert("value".into(), Value::Array(value));
    json_response(StatusCode::OK, &Value::Object(body))
}
