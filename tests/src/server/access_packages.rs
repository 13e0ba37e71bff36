//! `…/entitlementManagement/accessPackages`: list, create, get, update, delete.

use std::time::SystemTime;

use bytes::Bytes;
use serde_json::{Map, Value};
use uuid::Uuid;

use super::odata::{ACCESS_PACKAGES, collection, collection_context, entity, entity_context};
use super::query::{COLLECTION_OPTIONS, ENTITY_OPTIONS, Query};
use super::response::{
    ApiError, ApiResult, Ctx, created, encode_segment, graph_timestamp, json_object, no_content,
};
use super::store::{Nav, Object, State, Store};

/// The entity set's path below the service root.
pub(crate) const PATH: &str = "identityGovernance/entitlementManagement/accessPackages";

const ODATA_TYPE: &str = "#microsoft.graph.accessPackage";

/// The objects an `$expand`ed navigation property of `object` holds.
pub(crate) fn expand(state: &State, object: &Object, navigation: &str) -> Vec<Value> {
    let id = object.get("id").and_then(Value::as_str).unwrap_or_default();
    Nav::parse(navigation)
        .and_then(|nav| state.linked(id, nav))
        .unwrap_or_default()
        .into_iter()
        .map(|object| Value::Object(object.clone()))
        .collect()
}

/// `GET …/accessPackages`, or the packages of one catalog (by `catalogId`).
pub(crate) fn list(store: &Store, ctx: &Ctx, catalog: Option<&str>) -> ApiResult {
    let query = Query::parse(ctx, COLLECTION_OPTIONS)?;
    query.check(&ACCESS_PACKAGES)?;
    let path = match catalog {
        None => PATH.to_owned(),
        Some(catalog) => format!(
            "identityGovernance/entitlementManagement/accessPackageCatalogs('{}')/accessPackages",
            encode_segment(catalog)
        ),
    };
    let state = store.lock();
    let items = in_catalog(&state, catalog);
    let context = collection_context(ctx, &query, &path);
    Ok(collection(ctx, &query, context, items, |object, nav| {
        expand(&state, object, nav)
    }))
}

/// The packages, in creation order; only those whose `catalogId` is `catalog` if given.
pub(crate) fn in_catalog<'a>(state: &'a State, catalog: Option<&str>) -> Vec<&'a Object> {
    state
        .packages
        .iter()
        .filter(|package| {
            catalog.is_none_or(|catalog| {
                package.object.get("catalogId").and_then(Value::as_str) == Some(catalog)
            })
        })
        .map(|package| &package.object)
        .collect()
}

/// `POST …/accessPackages`: `201` with the stored object, [`defaults`] filled in.
pub(crate) fn create(store: &Store, ctx: &Ctx, body: &Bytes) -> ApiResult {
    let mut object = json_object(ctx, body)?;
    validate(&object, true)?;
    for ignored in [
        "@odata.context",
        "id",
        "createdDateTime",
        "modifiedDateTime",
    ] {
        object.remove(ignored);
    }
    for (name, default) in defaults(ctx) {
        object.entry(*name).or_insert(Value::Bool(*default));
    }
    let id = Uuid::new_v4().to_string();
    let now = graph_timestamp(SystemTime::now());
    object.insert("id".into(), id.clone().into());
    object.insert("createdDateTime".into(), now.clone().into());
    object.insert("modifiedDateTime".into(), now.into());
    store.lock().put_package(id.clone(), object.clone());
    let mut body = Map::new();
    body.insert(
        "@odata.context".into(),
        ctx.context(&format!("{PATH}/$entity")).into(),
    );
    body.extend(object);
    Ok(created(&Value::Object(body), &ctx.package_url(&id)))
}

/// The properties a created package gets when its body leaves them out, as Graph answers
/// the seed page "Create accessPackage" (a body without them comes back with
/// `"isHidden": false, "isRoleScopesVisible": false`). `isRoleScopesVisible` is beta's alone
/// (v1.0's accessPackage has no such property), so only a create under `/beta` gets it.
fn defaults(ctx: &Ctx) -> &'static [(&'static str, bool)] {
    if ctx.version == "beta" {
        &[("isHidden", false), ("isRoleScopesVisible", false)]
    } else {
        &[("isHidden", false)]
    }
}

/// `GET …/accessPackages/{id}` with `$select` and `$expand`.
pub(crate) fn get(store: &Store, ctx: &Ctx, id: &str) -> ApiResult {
    let query = Query::parse(ctx, ENTITY_OPTIONS)?;
    query.check(&ACCESS_PACKAGES)?;
    let state = store.lock();
    let package = state
        .package(id)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    let context = entity_context(ctx, &query, PATH);
    Ok(entity(context, &package.object, &query, |object, nav| {
        expand(&state, object, nav)
    }))
}

/// `PATCH …/accessPackages/{id}`: merges the body's properties, `204`.
pub(crate) fn update(store: &Store, ctx: &Ctx, id: &str, body: &Bytes) -> ApiResult {
    if store.lock().package(id).is_none() {
        return Err(ApiError::resource_not_found(id));
    }
    let patch = json_object(ctx, body)?;
    validate(&patch, false)?;
    if patch.get("id").is_some_and(|new_id| new_id != id) {
        return Err(ApiError::bad_request(
            "The property 'id' cannot be changed.",
        ));
    }
    let mut state = store.lock();
    let package = state
        .package_mut(id)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    for (name, value) in patch {
        if !matches!(
            name.as_str(),
            "id" | "createdDateTime" | "modifiedDateTime" | "@odata.context"
        ) {
            package.object.insert(name, value);
        }
    }
    package.object.insert(
        "modifiedDateTime".into(),
        graph_timestamp(SystemTime::now()).into(),
    );
    Ok(no_content())
}

/// `DELETE …/accessPackages/{id}`: removes the package and every link to it, `204`.
pub(crate) fn delete(store: &Store, id: &str) -> ApiResult {
    if store.lock().remove_package(id) {
        Ok(no_content())
    } else {
        Err(ApiError::resource_not_found(id))
    }
}

/// The checks Graph makes on an access package body (`creating`: `displayName` required).
///
/// `description` and `catalogId` may be strings or `null`, `isHidden` and
/// `isRoleScopesVisible` booleans or `null`; `displayName` must be a string; other
/// properties are kept as given.
fn validate(object: &Object, creating: bool) -> Result<(), ApiError> {
    if let Some(odata_type) = object.get("@odata.type")
        && odata_type.as_str() != Some(ODATA_TYPE)
    {
        return Err(ApiError::bad_request(format!(
            "Invalid @odata.type {odata_type}: expected '{ODATA_TYPE}'."
        )));
    }
    match object.get("displayName") {
        Some(Value::String(_)) => {}
        None if !creating => {}
        None => {
            return Err(ApiError::bad_request(
                "The property 'displayName' is required when creating an accessPackage.",
            ));
        }
        Some(other) => return Err(wrong_type("displayName", "Edm.String", other)),
    }
    for name in ["description", "catalogId"] {
        match object.get(name) {
            None | Some(Value::Null | Value::String(_)) => {}
            Some(other) => return Err(wrong_type(name, "Edm.String", other)),
        }
    }
    for name in ["isHidden", "isRoleScopesVisible"] {
        match object.get(name) {
            None | Some(Value::Null | Value::Bool(_)) => {}
            Some(other) => return Err(wrong_type(name, "Edm.Boolean", other)),
        }
    }
    Ok(())
}

fn wrong_type(name: &str, expected: &str, value: &Value) -> ApiError {
    ApiError::bad_request(format!(
        "Cannot convert the literal '{value}' of property '{name}' to the expected type \
         '{expected}'."
    ))
}
