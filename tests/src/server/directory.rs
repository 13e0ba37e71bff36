//! The minimal neighbours of access packages: groups (`/groups`, `/groups/{id}` with
//! `PATCH` and `DELETE`, `/directoryObjects/{id}`) and access package catalogs.

use std::time::SystemTime;

use bytes::Bytes;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::odata::{
    CATALOGS, EntitySet, GROUPS, collection, collection_context, entity, entity_context,
};
use super::query::{COLLECTION_OPTIONS, ENTITY_OPTIONS, Query};
use super::response::{
    ApiError, ApiResult, Ctx, created, encode_segment, graph_timestamp, json_object, no_content,
};
use super::store::{Object, Store, put};

const CATALOGS_PATH: &str = "identityGovernance/entitlementManagement/accessPackageCatalogs";

/// `GET /groups`.
pub(crate) fn list_groups(store: &Store, ctx: &Ctx) -> ApiResult {
    let query = Query::parse(ctx, COLLECTION_OPTIONS)?;
    query.check(&GROUPS)?;
    let state = store.lock();
    let context = collection_context(ctx, &query, "groups");
    let items = state.groups.iter().collect();
    Ok(collection(ctx, &query, context, items, |_, _| Vec::new()))
}

/// `POST /groups`: needs a string `displayName`; `201`.
pub(crate) fn create_group(store: &Store, ctx: &Ctx, body: &Bytes) -> ApiResult {
    let object = new_object(ctx, body, &GROUPS)?;
    let id = object_id(&object);
    put(&mut store.lock().groups, object.clone());
    Ok(created(
        &with_context(ctx.context("groups/$entity"), object),
        &ctx.group_url(&id),
    ))
}

/// `GET /groups/{id}`, or `GET /directoryObjects/{id}` (which adds `@odata.type`).
pub(crate) fn get_group(
    store: &Store,
    ctx: &Ctx,
    id: &str,
    as_directory_object: bool,
) -> ApiResult {
    let query = Query::parse(ctx, ENTITY_OPTIONS)?;
    query.check(&GROUPS)?;
    let mut group = store
        .lock()
        .group(id)
        .cloned()
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    let path = if as_directory_object {
        group
            .entry("@odata.type")
            .or_insert_with(|| "#microsoft.graph.group".into());
        "directoryObjects"
    } else {
        "groups"
    };
    let context = entity_context(ctx, &query, path);
    Ok(entity(context, &group, &query, |_, _| Vec::new()))
}

/// `PATCH /groups/{id}`: the properties given replace the stored ones (`id` and
/// `createdDateTime` stay); `204`.
pub(crate) fn update_group(store: &Store, ctx: &Ctx, id: &str, body: &Bytes) -> ApiResult {
    let changes = json_object(ctx, body)?;
    if let Some(name) = changes.get("displayName")
        && !name.is_string()
    {
        return Err(ApiError::bad_request(
            "The property 'displayName' must be a string.",
        ));
    }
    let mut state = store.lock();
    let group = state
        .group_mut(id)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    for (name, value) in changes {
        if !matches!(name.as_str(), "id" | "createdDateTime" | "@odata.context") {
            group.insert(name, value);
        }
    }
    Ok(no_content())
}

/// `DELETE /groups/{id}`: removes the group and the links to it; `204`.
pub(crate) fn delete_group(store: &Store, id: &str) -> ApiResult {
    if store.lock().remove_group(id) {
        Ok(no_content())
    } else {
        Err(ApiError::resource_not_found(id))
    }
}

/// `GET …/accessPackageCatalogs`.
pub(crate) fn list_catalogs(store: &Store, ctx: &Ctx) -> ApiResult {
    let query = Query::parse(ctx, COLLECTION_OPTIONS)?;
    query.check(&CATALOGS)?;
    let state = store.lock();
    let context = collection_context(ctx, &query, CATALOGS_PATH);
    let items = state.catalogs.iter().collect();
    Ok(collection(ctx, &query, context, items, |_, _| Vec::new()))
}

/// `POST …/accessPackageCatalogs`: needs a string `displayName`; `201`.
pub(crate) fn create_catalog(store: &Store, ctx: &Ctx, body: &Bytes) -> ApiResult {
    let mut object = new_object(ctx, body, &CATALOGS)?;
    let created_at = object["createdDateTime"].clone();
    object.insert("modifiedDateTime".into(), created_at);
    let id = object_id(&object);
    put(&mut store.lock().catalogs, object.clone());
    let location = format!("{}/{CATALOGS_PATH}/{}", ctx.root(), encode_segment(&id));
    Ok(created(
        &with_context(ctx.context(&format!("{CATALOGS_PATH}/$entity")), object),
        &location,
    ))
}

/// `GET …/accessPackageCatalogs/{id}`.
pub(crate) fn get_catalog(store: &Store, ctx: &Ctx, id: &str) -> ApiResult {
    let query = Query::parse(ctx, ENTITY_OPTIONS)?;
    query.check(&CATALOGS)?;
    let state = store.lock();
    let catalog = state
        .catalog(id)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    let context = entity_context(ctx, &query, CATALOGS_PATH);
    Ok(entity(context, catalog, &query, |_, _| Vec::new()))
}

/// A created object: checked `@odata.type` and `displayName`, server-assigned `id` and
/// `createdDateTime`, other properties as given.
fn new_object(ctx: &Ctx, body: &Bytes, set: &EntitySet) -> Result<Object, ApiError> {
    let mut object = json_object(ctx, body)?;
    let odata_type = format!("#{}", set.type_name);
    if let Some(given) = object.get("@odata.type")
        && given.as_str() != Some(odata_type.as_str())
    {
        return Err(ApiError::bad_request(format!(
            "Invalid @odata.type {given}: expected '{odata_type}'."
        )));
    }
    if !object.get("displayName").is_some_and(Value::is_string) {
        return Err(ApiError::bad_request(
            "The property 'displayName' is required and must be a string.",
        ));
    }
    object.remove("@odata.context");
    object.insert("id".into(), Uuid::new_v4().to_string().into());
    object.insert(
        "createdDateTime".into(),
        graph_timestamp(SystemTime::now()).into(),
    );
    Ok(object)
}

fn object_id(object: &Object) -> String {
    object
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn with_context(context: String, object: Object) -> Value {
    let mut body = Map::new();
    body.insert("@odata.context".into(), context.into());
    body.extend(object);
    Value::Object(body)
}
