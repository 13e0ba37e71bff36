//! The route table: percent-decoded path segments to handlers, `404` for unknown paths and
//! `405` (with `Allow`) for a wrong method on a known one.

use bytes::Bytes;
use http::Method;
use percent_encoding::percent_decode_str;

use super::odata::{self, ACCESS_PACKAGES, CATALOGS, EntitySet, GROUPS};
use super::query::{COUNT_OPTIONS, Query, eventual};
use super::response::{ApiError, ApiResult, Ctx};
use super::store::{Nav, Store};
use super::{access_packages, delta, directory, refs};

/// A known path (after the version segment), with decoded keys.
#[derive(Debug)]
enum Route<'a> {
    /// `…/accessPackages`, or `…/accessPackageCatalogs/{catalog}/accessPackages`.
    Packages,
    /// `…/accessPackages/{id}`.
    Package(&'a str),
    /// `…/accessPackages/{id}/{nav}`.
    Nav(&'a str, Nav),
    /// `…/accessPackages/{id}/{nav}/{key}`.
    NavItem(&'a str, Nav, &'a str),
    /// `…/accessPackages/{id}/{nav}/$ref`.
    Refs(&'a str, Nav),
    /// `…/accessPackages/{id}/{nav}/{key}/$ref`.
    Ref(&'a str, Nav, &'a str),
    /// `…/accessPackageCatalogs`.
    Catalogs,
    /// `…/accessPackageCatalogs/{id}`.
    Catalog(&'a str),
    /// `/groups`.
    Groups,
    /// `/groups/{id}`.
    Group(&'a str),
    /// `/groups/delta` or `/groups/delta()`.
    GroupsDelta,
    /// `/directoryObjects/{id}`.
    DirectoryObject(&'a str),
}

impl Route<'_> {
    /// The entity set of a collection route (`None` for other routes).
    fn collection_of(&self) -> Option<&'static EntitySet> {
        match self {
            Route::Packages => Some(&ACCESS_PACKAGES),
            Route::Nav(_, nav) => Some(refs::entity_set(*nav)),
            Route::Groups => Some(&GROUPS),
            Route::Catalogs => Some(&CATALOGS),
            _ => None,
        }
    }

    /// The methods the route accepts, as an `Allow` header value.
    fn allow(&self, in_catalog: bool) -> &'static str {
        match self {
            Route::Packages if in_catalog => "GET",
            Route::Packages | Route::Catalogs | Route::Groups => "GET, POST",
            Route::Package(_) | Route::Group(_) => "GET, PATCH, DELETE",
            Route::Refs(..) => "GET, POST, DELETE",
            Route::Ref(..) => "DELETE",
            Route::Nav(..)
            | Route::NavItem(..)
            | Route::Catalog(_)
            | Route::GroupsDelta
            | Route::DirectoryObject(_) => "GET",
        }
    }
}

/// Routes a request that passed faults and authentication.
/// The decoded segments of a URL path (without its leading `/`), with a parenthesised key
/// (`groups('a''b')`, OData's other key form, which clients use for keys such as `..`)
/// split into its own segment (`groups`, `a'b`). `None` when a segment is not UTF-8.
pub(crate) fn path_segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for raw in path.split('/') {
        let decoded = percent_decode_str(raw).decode_utf8().ok()?;
        match decoded
            .strip_suffix("')")
            .and_then(|head| head.split_once("('"))
        {
            Some((name, key)) if !name.is_empty() => {
                out.push(name.to_owned());
                out.push(key.replace("''", "'"));
            }
            _ => out.push(decoded.into_owned()),
        }
    }
    Some(out)
}

pub(crate) fn dispatch(store: &Store, ctx: &Ctx, body: &Bytes) -> ApiResult {
    let not_found = || {
        ApiError::not_found(format!(
            "Resource not found for the segment path '{}'.",
            ctx.raw_path
        ))
    };
    let segments = path_segments(ctx.raw_path.trim_start_matches('/'))
        .ok_or_else(|| ApiError::bad_request("The request path is not valid UTF-8."))?;
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    let rest = match segments.as_slice() {
        ["v1.0" | "beta", rest @ ..] => rest,
        _ => return Err(not_found()),
    };
    let (rest, counting) = match rest {
        [head @ .., "$count"] => (head, true),
        _ => (rest, false),
    };
    let (route, catalog) = route(rest).ok_or_else(not_found)?;
    if let Some(catalog) = catalog
        && store.lock().catalog(catalog).is_none()
    {
        return Err(ApiError::resource_not_found(catalog));
    }
    if counting {
        let set = route.collection_of().ok_or_else(not_found)?;
        return count(store, ctx, &route, catalog, set);
    }
    let allow = route.allow(catalog.is_some());
    let method = &ctx.method;
    match route {
        Route::Packages if method == Method::GET => access_packages::list(store, ctx, catalog),
        Route::Packages if method == Method::POST && catalog.is_none() => {
            access_packages::create(store, ctx, body)
        }
        Route::Package(id) if method == Method::GET => access_packages::get(store, ctx, id),
        Route::Package(id) if method == Method::PATCH => {
            access_packages::update(store, ctx, id, body)
        }
        Route::Package(id) if method == Method::DELETE => access_packages::delete(store, id),
        Route::Nav(id, nav) if method == Method::GET => refs::list_nav(store, ctx, id, nav),
        Route::NavItem(id, nav, key) if method == Method::GET => {
            refs::get_nav_item(store, ctx, id, nav, key)
        }
        Route::Refs(id, nav) if method == Method::GET => refs::list_refs(store, ctx, id, nav),
        Route::Refs(id, nav) if method == Method::POST => refs::add_ref(store, ctx, id, nav, body),
        Route::Refs(id, nav) if method == Method::DELETE => {
            refs::remove_ref(store, ctx, id, nav, None)
        }
        Route::Ref(id, nav, key) if method == Method::DELETE => {
            refs::remove_ref(store, ctx, id, nav, Some(key))
        }
        Route::Catalogs if method == Method::GET => directory::list_catalogs(store, ctx),
        Route::Catalogs if method == Method::POST => directory::create_catalog(store, ctx, body),
        Route::Catalog(id) if method == Method::GET => directory::get_catalog(store, ctx, id),
        Route::Groups if method == Method::GET => directory::list_groups(store, ctx),
        Route::Groups if method == Method::POST => directory::create_group(store, ctx, body),
        Route::Group(id) if method == Method::GET => directory::get_group(store, ctx, id, false),
        Route::Group(id) if method == Method::PATCH => {
            directory::update_group(store, ctx, id, body)
        }
        Route::Group(id) if method == Method::DELETE => directory::delete_group(store, id),
        Route::GroupsDelta if method == Method::GET => delta::groups(store, ctx),
        Route::DirectoryObject(id) if method == Method::GET => {
            directory::get_group(store, ctx, id, true)
        }
        _ => Err(ApiError::method_not_allowed(allow)),
    }
}

/// `GET <collection>/$count` as `text/plain`, with `$filter` and `$search`.
/// `/groups/$count` needs `ConsistencyLevel: eventual`, as on Graph.
fn count(
    store: &Store,
    ctx: &Ctx,
    route: &Route<'_>,
    catalog: Option<&str>,
    set: &EntitySet,
) -> ApiResult {
    if ctx.method != Method::GET {
        return Err(ApiError::method_not_allowed("GET"));
    }
    if matches!(route, Route::Groups) && !eventual(ctx) {
        return Err(ApiError::request_bad_request(
            "Count is not currently supported without 'ConsistencyLevel: eventual'.",
        ));
    }
    let query = Query::parse(ctx, COUNT_OPTIONS)?;
    query.check(set)?;
    let state = store.lock();
    let items = match route {
        Route::Packages => access_packages::in_catalog(&state, catalog),
        Route::Nav(id, nav) => state
            .linked(id, *nav)
            .ok_or_else(|| ApiError::resource_not_found(id))?,
        Route::Groups => state.groups.iter().collect(),
        _ => state.catalogs.iter().collect(),
    };
    Ok(odata::count(&query, items))
}

/// The route of `segments` (after the version) and the catalog it is scoped to, if any.
fn route<'a>(segments: &[&'a str]) -> Option<(Route<'a>, Option<&'a str>)> {
    match segments {
        ["identityGovernance", "entitlementManagement", rest @ ..] => match rest {
            ["accessPackages", tail @ ..] => package_route(tail).map(|route| (route, None)),
            ["accessPackageCatalogs"] => Some((Route::Catalogs, None)),
            ["accessPackageCatalogs", id] => Some((Route::Catalog(id), None)),
            [
                "accessPackageCatalogs",
                catalog,
                "accessPackages",
                tail @ ..,
            ] => package_route(tail).map(|route| (route, Some(*catalog))),
            _ => None,
        },
        ["groups"] => Some((Route::Groups, None)),
        ["groups", "delta" | "delta()"] => Some((Route::GroupsDelta, None)),
        ["groups", id] => Some((Route::Group(id), None)),
        ["directoryObjects", id] => Some((Route::DirectoryObject(id), None)),
        _ => None,
    }
}

/// The route of the segments after `accessPackages`.
fn package_route<'a>(tail: &[&'a str]) -> Option<Route<'a>> {
    Some(match tail {
        [] => Route::Packages,
        [id] => Route::Package(id),
        [id, nav] => Route::Nav(id, Nav::parse(nav)?),
        [id, nav, "$ref"] => Route::Refs(id, Nav::parse(nav)?),
        [id, nav, key] => Route::NavItem(id, Nav::parse(nav)?, key),
        [id, nav, key, "$ref"] => Route::Ref(id, Nav::parse(nav)?, key),
        _ => return None,
    })
}
