//! The link-holding navigation properties of an access package and their `$ref` routes:
//! `incompatibleAccessPackages`, `incompatibleGroups` and the reverse
//! `accessPackagesIncompatibleWith`.

use bytes::Bytes;
use serde_json::{Value, json};

use super::access_packages::{PATH, expand};
use super::odata::{
    ACCESS_PACKAGES, GROUPS, collection, collection_context, entity, entity_context,
    plain_collection,
};
use super::query::{COLLECTION_OPTIONS, ENTITY_OPTIONS, Query};
use super::response::{ApiError, ApiResult, Ctx, encode_segment, json_object, no_content};
use super::store::{Nav, Store, add_unique};

/// `GET …/accessPackages/{id}/{nav}`: the linked objects, with the collection options.
pub(crate) fn list_nav(store: &Store, ctx: &Ctx, id: &str, nav: Nav) -> ApiResult {
    let query = Query::parse(ctx, COLLECTION_OPTIONS)?;
    query.check(entity_set(nav))?;
    let state = store.lock();
    let items = state
        .linked(id, nav)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    let path = format!("{PATH}('{}')/{}", encode_segment(id), nav.name());
    let context = collection_context(ctx, &query, &path);
    Ok(collection(ctx, &query, context, items, |object, nav| {
        expand(&state, object, nav)
    }))
}

/// `GET …/accessPackages/{id}/{nav}/{key}`: one linked object.
pub(crate) fn get_nav_item(store: &Store, ctx: &Ctx, id: &str, nav: Nav, key: &str) -> ApiResult {
    let query = Query::parse(ctx, ENTITY_OPTIONS)?;
    query.check(entity_set(nav))?;
    let state = store.lock();
    let object = state
        .linked(id, nav)
        .ok_or_else(|| ApiError::resource_not_found(id))?
        .into_iter()
        .find(|object| object.get("id").and_then(Value::as_str) == Some(key))
        .ok_or_else(|| ApiError::resource_not_found(key))?;
    let path = format!("{PATH}('{}')/{}", encode_segment(id), nav.name());
    let context = entity_context(ctx, &query, &path);
    Ok(entity(context, object, &query, |object, nav| {
        expand(&state, object, nav)
    }))
}

/// `GET …/accessPackages/{id}/{nav}/$ref`: `{"value":[{"@odata.id": url}]}` in link order.
pub(crate) fn list_refs(store: &Store, ctx: &Ctx, id: &str, nav: Nav) -> ApiResult {
    let query = Query::parse(ctx, super::query::REF_OPTIONS)?;
    let state = store.lock();
    let linked = state
        .linked(id, nav)
        .ok_or_else(|| ApiError::resource_not_found(id))?;
    let values = linked
        .into_iter()
        .filter_map(|object| object.get("id").and_then(Value::as_str))
        .map(|key| match nav {
            Nav::Groups => ctx.group_url(key),
            Nav::Packages | Nav::Reverse => ctx.package_url(key),
        })
        .map(|url| json!({ "@odata.id": url }))
        .collect();
    let context = ctx.context("Collection($ref)");
    Ok(plain_collection(ctx, &query, context, values))
}

/// `POST …/accessPackages/{id}/{nav}/$ref` with `{"@odata.id": url}`: links once, `204`.
pub(crate) fn add_ref(store: &Store, ctx: &Ctx, id: &str, nav: Nav, body: &Bytes) -> ApiResult {
    if store.lock().package(id).is_none() {
        return Err(ApiError::resource_not_found(id));
    }
    let object = json_object(ctx, body)?;
    let url = match object.get("@odata.id") {
        Some(Value::String(url)) => url,
        Some(_) => {
            return Err(ApiError::request_bad_request(
                "The '@odata.id' property must be a string holding a URL.",
            ));
        }
        None => {
            return Err(ApiError::request_bad_request(
                "The request body must contain an '@odata.id' property.",
            ));
        }
    };
    let target = parse_target(ctx, url, nav)?;
    let mut state = store.lock();
    let exists = match nav {
        Nav::Groups => state.group(&target.id).is_some(),
        Nav::Packages | Nav::Reverse => state.package(&target.id).is_some(),
    };
    let catalog_exists = target
        .catalog
        .as_deref()
        .is_none_or(|catalog| state.catalog(catalog).is_some());
    if !exists || !catalog_exists {
        return Err(ApiError::request_bad_request(format!(
            "The object '{url}' referenced by '@odata.id' does not exist."
        )));
    }
    let (owner, list_of) = match nav {
        Nav::Reverse => (target.id.as_str(), id),
        Nav::Packages | Nav::Groups => (id, target.id.as_str()),
    };
    let package = state
        .package_mut(owner)
        .ok_or_else(|| ApiError::resource_not_found(owner))?;
    match nav {
        Nav::Groups => add_unique(&mut package.incompatible_groups, list_of),
        Nav::Packages | Nav::Reverse => {
            add_unique(&mut package.incompatible_packages, list_of);
        }
    }
    Ok(no_content())
}

/// `DELETE …/{nav}/{key}/$ref`, or `DELETE …/{nav}/$ref?$id=<url>`: unlinks, `204`; `404`
/// when there is no such link.
pub(crate) fn remove_ref(
    store: &Store,
    ctx: &Ctx,
    id: &str,
    nav: Nav,
    key: Option<&str>,
) -> ApiResult {
    let key = match key {
        Some(key) => key.to_owned(),
        None => {
            let query = Query::parse(ctx, &["$id"])?;
            let url = query.id.ok_or_else(|| {
                ApiError::request_bad_request(
                    "DELETE on a $ref collection needs the $id of the link to remove.",
                )
            })?;
            parse_target(ctx, &url, nav)?.id
        }
    };
    let mut state = store.lock();
    if state.package(id).is_none() {
        return Err(ApiError::resource_not_found(id));
    }
    let (owner, target) = match nav {
        Nav::Reverse => (key.as_str(), id),
        Nav::Packages | Nav::Groups => (id, key.as_str()),
    };
    let removed = state.package_mut(owner).is_some_and(|package| {
        let list = match nav {
            Nav::Groups => &mut package.incompatible_groups,
            Nav::Packages | Nav::Reverse => &mut package.incompatible_packages,
        };
        let before = list.len();
        list.retain(|linked| linked != target);
        list.len() != before
    });
    if removed {
        Ok(no_content())
    } else {
        Err(ApiError::not_found(format!(
            "There is no '{}' link from '{id}' to '{key}'.",
            nav.name()
        )))
    }
}

/// The entity set of the objects `nav` links to.
pub(crate) fn entity_set(nav: Nav) -> &'static super::odata::EntitySet {
    match nav {
        Nav::Groups => &GROUPS,
        Nav::Packages | Nav::Reverse => &ACCESS_PACKAGES,
    }
}

/// The object an `@odata.id` URL names.
#[derive(Debug)]
struct Target {
    id: String,
    /// The catalog of a catalog-scoped package URL.
    catalog: Option<String>,
}

/// Checks that `url` is an absolute URL of this server naming an object `nav` can link to:
/// `/{v}/identityGovernance/entitlementManagement/accessPackages/{id}` (or the same under
/// `accessPackageCatalogs/{cid}`) for packages, `/{v}/groups/{id}` or
/// `/{v}/directoryObjects/{id}` for groups.
fn parse_target(ctx: &Ctx, url: &str, nav: Nav) -> Result<Target, ApiError> {
    let bad =
        |why: &str| ApiError::request_bad_request(format!("Invalid '@odata.id' '{url}': {why}"));
    let (scheme, rest) = url
        .split_once("://")
        .ok_or_else(|| bad("not an absolute URL."))?;
    let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
    if !scheme.eq_ignore_ascii_case("http") || authority != ctx.authority {
        return Err(bad(&format!(
            "it points at another server than this one ({}).",
            ctx.origin
        )));
    }
    if path.contains(['?', '#']) {
        return Err(bad("a reference URL has no query or fragment."));
    }
    let segments =
        super::routes::path_segments(path).ok_or_else(|| bad("the path is not valid UTF-8."))?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let target = |id: &str, catalog: Option<&str>| Target {
        id: id.to_owned(),
        catalog: catalog.map(str::to_owned),
    };
    let found = match (nav, segments.as_slice()) {
        (Nav::Groups, ["v1.0" | "beta", "groups" | "directoryObjects", id]) => {
            Some(target(id, None))
        }
        (
            Nav::Packages | Nav::Reverse,
            [
                "v1.0" | "beta",
                "identityGovernance",
                "entitlementManagement",
                rest @ ..,
            ],
        ) => match rest {
            ["accessPackages", id] => Some(target(id, None)),
            ["accessPackageCatalogs", catalog, "accessPackages", id] => {
                Some(target(id, Some(catalog)))
            }
            _ => None,
        },
        _ => None,
    };
    found.filter(|target| !target.id.is_empty()).ok_or_else(|| {
        bad(match nav {
            Nav::Groups => "it does not name a group (/{version}/groups/{id}).",
            Nav::Packages | Nav::Reverse => {
                "it does not name an access package \
                 (/{version}/identityGovernance/entitlementManagement/accessPackages/{id})."
            }
        })
    })
}
