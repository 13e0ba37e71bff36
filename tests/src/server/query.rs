//! Decoding OData query options (`$select`, `$filter`, `$orderby`, `$search`, `$expand`,
//! `$top`, `$skip`, `$count`, `$skiptoken`, `$id`) and applying the row-level ones.

use std::cmp::Ordering;
use std::ops::Range;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::{NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde_json::Value;

use super::odata::EntitySet;
use super::response::{ApiError, Ctx};
use super::store::Object;

/// Every system query option the server understands.
const OPTIONS: &[&str] = &[
    "$count",
    "$expand",
    "$filter",
    "$id",
    "$orderby",
    "$search",
    "$select",
    "$skip",
    "$skiptoken",
    "$top",
];

/// The options a collection of entities accepts.
pub(crate) const COLLECTION_OPTIONS: &[&str] = &[
    "$count",
    "$expand",
    "$filter",
    "$orderby",
    "$search",
    "$select",
    "$skip",
    "$skiptoken",
    "$top",
];

/// The options a single entity accepts.
pub(crate) const ENTITY_OPTIONS: &[&str] = &["$expand", "$select"];

/// The options `GET …/$count` accepts.
pub(crate) const COUNT_OPTIONS: &[&str] = &["$filter", "$search"];

/// The options a `GET …/$ref` collection accepts.
pub(crate) const REF_OPTIONS: &[&str] = &["$count", "$skip", "$skiptoken", "$top"];

const SKIPTOKEN_PREFIX: &str = "graphgen-local-offset:";

/// `<property> eq <literal>`.
#[derive(Debug)]
pub(crate) struct Filter {
    property: String,
    value: Value,
}

/// `$orderby=<property>[ asc|desc]`.
#[derive(Debug)]
pub(crate) struct OrderBy {
    property: String,
    descending: bool,
}

/// `$search="[property:]term"`.
#[derive(Debug)]
pub(crate) struct Search {
    property: Option<String>,
    term: String,
}

/// The decoded query options of one request.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pub(crate) top: Option<usize>,
    pub(crate) skip: Option<usize>,
    pub(crate) count: bool,
    pub(crate) select: Option<Vec<String>>,
    pub(crate) filter: Option<Filter>,
    pub(crate) orderby: Option<OrderBy>,
    pub(crate) search: Option<Search>,
    pub(crate) expand: Vec<String>,
    pub(crate) skiptoken: Option<usize>,
    pub(crate) id: Option<String>,
    /// The raw `name=value` pairs a nextLink carries (all but `$skip` and `$skiptoken`).
    carried: Vec<String>,
}

impl Query {
    /// Decodes the request's query; options outside `allowed` are refused with `400`.
    ///
    /// Names and values are percent-decoded; `+` stays a plus sign. Parameters without a
    /// `$` are not options and are ignored (but carried into nextLinks).
    pub(crate) fn parse(ctx: &Ctx, allowed: &[&str]) -> Result<Query, ApiError> {
        let mut query = Query::default();
        let mut seen: Vec<String> = Vec::new();
        let raw = ctx.raw_query.as_deref().unwrap_or_default();
        for pair in raw.split('&').filter(|pair| !pair.is_empty()) {
            let (raw_name, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(raw_name)?;
            let value = decode(raw_value)?;
            if !matches!(name.as_str(), "$skip" | "$skiptoken") {
                query.carried.push(pair.to_owned());
            }
            if !name.starts_with('$') {
                continue;
            }
            if !OPTIONS.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "Query option '{name}' is not allowed. Make sure that it is supported."
                )));
            }
            if !allowed.contains(&name.as_str()) {
                return Err(ApiError::unsupported_query(format!(
                    "Query option '{name}' is not supported on this resource."
                )));
            }
            if seen.contains(&name) {
                return Err(ApiError::bad_request(format!(
                    "Query option '{name}' was specified more than once, but it must be \
                     specified at most once."
                )));
            }
            query.set(&name, value, ctx)?;
            seen.push(name);
        }
        Ok(query)
    }

    fn set(&mut self, name: &str, value: String, ctx: &Ctx) -> Result<(), ApiError> {
        match name {
            "$top" => self.top = Some(parse_number(name, &value)?),
            "$skip" => self.skip = Some(parse_number(name, &value)?),
            "$count" => {
                self.count = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => return Err(ApiError::bad_request("Invalid value for $count.")),
                }
            }
            "$select" => self.select = Some(parse_list(name, &value)?),
            "$expand" => self.expand = parse_list(name, &value)?,
            "$filter" => self.filter = Some(parse_filter(&value)?),
            "$orderby" => self.orderby = Some(parse_orderby(&value)?),
            "$search" => self.search = Some(parse_search(&value, ctx)?),
            "$skiptoken" => self.skiptoken = Some(decode_skiptoken(&value)?),
            "$id" => self.id = Some(value),
            _ => {}
        }
        Ok(())
    }

    /// Checks the property and navigation names the options use against `set`.
    pub(crate) fn check(&self, set: &EntitySet) -> Result<(), ApiError> {
        let unknown = |name: &str| {
            ApiError::bad_request(format!(
                "Could not find a property named '{name}' on type '{}'.",
                set.type_name
            ))
        };
        let names = self.select.iter().flatten().map(String::as_str);
        let names = names
            .chain(self.filter.as_ref().map(|filter| filter.property.as_str()))
            .chain(self.orderby.as_ref().map(|order| order.property.as_str()));
        for name in names {
            if !set.properties.contains(&name) {
                return Err(unknown(name));
            }
        }
        for name in &self.expand {
            if name.contains('(') {
                return Err(ApiError::unsupported_query(
                    "Options inside $expand are not supported.",
                ));
            }
            if !set.expands.contains(&name.as_str()) {
                return Err(ApiError::bad_request(format!(
                    "Could not find a navigation property named '{name}' on type '{}' that \
                     can be expanded.",
                    set.type_name
                )));
            }
        }
        Ok(())
    }

    /// `(a,b)` after an entity set in `@odata.context` when `$select` is present.
    pub(crate) fn select_suffix(&self) -> String {
        self.select
            .as_ref()
            .map(|select| format!("({})", select.join(",")))
            .unwrap_or_default()
    }

    /// The rows of this page among `total`, and the nextLink when more remain.
    pub(crate) fn window(&self, ctx: &Ctx, total: usize) -> (Range<usize>, Option<String>) {
        let size = self.top.map_or(ctx.page_size, |top| top.min(ctx.page_size));
        let start = self.skiptoken.or(self.skip).unwrap_or(0).min(total);
        let end = start.saturating_add(size).min(total);
        let next = (end < total && size > 0).then(|| self.next_link(ctx, end));
        (start..end, next)
    }

    /// The request's URL with its options and a `$skiptoken` for `offset`.
    fn next_link(&self, ctx: &Ctx, offset: usize) -> String {
        let token = STANDARD.encode(format!("{SKIPTOKEN_PREFIX}{offset}"));
        let token = utf8_percent_encode(&token, NON_ALPHANUMERIC);
        let mut pairs = self.carried.clone();
        pairs.push(format!("$skiptoken={token}"));
        format!("{}{}?{}", ctx.origin, ctx.raw_path, pairs.join("&"))
    }
}

fn decode(raw: &str) -> Result<String, ApiError> {
    percent_decode_str(raw)
        .decode_utf8()
        .map(|text| text.into_owned())
        .map_err(|_| ApiError::bad_request("The query string is not valid UTF-8."))
}

fn parse_number(name: &str, value: &str) -> Result<usize, ApiError> {
    value
        .parse()
        .map_err(|_| ApiError::bad_request(format!("Invalid value '{value}' for {name}.")))
}

fn parse_list(name: &str, value: &str) -> Result<Vec<String>, ApiError> {
    let items: Vec<String> = value
        .split(',')
        .map(|item| item.trim().to_owned())
        .collect();
    if items.iter().any(String::is_empty) {
        return Err(ApiError::bad_request(format!(
            "Syntax error in {name}: '{value}'."
        )));
    }
    Ok(items)
}

fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `<property> eq '<string>'` (with `''` for a quote) or `<property> eq true|false`.
fn parse_filter(text: &str) -> Result<Filter, ApiError> {
    let unsupported = || {
        ApiError::unsupported_query(format!(
            "Unsupported or invalid query filter clause specified: '{text}'. This server \
             supports only `<property> eq '<string>'` and `<property> eq true|false`."
        ))
    };
    let (property, rest) = text.trim().split_once(' ').ok_or_else(unsupported)?;
    let literal = rest
        .trim_start()
        .strip_prefix("eq ")
        .ok_or_else(unsupported)?
        .trim();
    if !is_identifier(property) {
        return Err(unsupported());
    }
    let value = match literal {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::String(parse_string_literal(literal).ok_or_else(unsupported)?),
    };
    Ok(Filter {
        property: property.to_owned(),
        value,
    })
}

fn parse_string_literal(literal: &str) -> Option<String> {
    let inner = literal.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        text.push(c);
    }
    Some(text)
}

fn parse_orderby(text: &str) -> Result<OrderBy, ApiError> {
    let unsupported = || {
        ApiError::unsupported_query(format!(
            "Unsupported $orderby '{text}': one property with an optional asc or desc."
        ))
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let (property, descending) = match words.as_slice() {
        [property] => (*property, false),
        [property, "asc"] => (*property, false),
        [property, "desc"] => (*property, true),
        _ => return Err(unsupported()),
    };
    if !is_identifier(property) {
        return Err(unsupported());
    }
    Ok(OrderBy {
        property: property.to_owned(),
        descending,
    })
}

/// Whether the request has `ConsistencyLevel: eventual`.
pub(crate) fn eventual(ctx: &Ctx) -> bool {
    ctx.headers
        .get("consistencylevel")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("eventual"))
}

/// `"term"` or `"displayName:term"`; needs `ConsistencyLevel: eventual`.
fn parse_search(text: &str, ctx: &Ctx) -> Result<Search, ApiError> {
    if !eventual(ctx) {
        return Err(ApiError::bad_request(
            "Request with $search query parameter only works through MSGraph with a special \
             request header: 'ConsistencyLevel: eventual'",
        ));
    }
    let inner = text
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
        .ok_or_else(|| {
            ApiError::bad_request(format!(
                "Syntax error: $search must be a quoted string, got '{text}'."
            ))
        })?;
    let (property, term) = match inner.split_once(':') {
        Some((property, term)) if matches!(property, "displayName" | "description") => {
            (Some(property.to_owned()), term)
        }
        _ => (None, inner),
    };
    Ok(Search {
        property,
        term: term.to_lowercase(),
    })
}

fn decode_skiptoken(token: &str) -> Result<usize, ApiError> {
    STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| text.strip_prefix(SKIPTOKEN_PREFIX)?.parse().ok())
        .ok_or_else(|| ApiError::bad_request("The $skiptoken is not valid."))
}

impl Filter {
    fn matches(&self, object: &Object) -> bool {
        object.get(&self.property) == Some(&self.value)
    }
}

impl Search {
    fn matches(&self, object: &Object) -> bool {
        let properties: &[&str] = match &self.property {
            Some(property) => &[property.as_str()],
            None => &["displayName", "description"],
        };
        properties.iter().any(|property| {
            object
                .get(*property)
                .and_then(Value::as_str)
                .is_some_and(|text| text.to_lowercase().contains(&self.term))
        })
    }
}

/// Orders missing/null < booleans < numbers < strings (case-insensitive) < the rest.
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    fn rank(value: Option<&Value>) -> u8 {
        match value {
            None | Some(Value::Null) => 0,
            Some(Value::Bool(_)) => 1,
            Some(Value::Number(_)) => 2,
            Some(Value::String(_)) => 3,
            Some(_) => 4,
        }
    }
    match (a, b) {
        (Some(Value::Bool(a)), Some(Value::Bool(b))) => a.cmp(b),
        (Some(Value::Number(a)), Some(Value::Number(b))) => {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.total_cmp(&b)
        }
        (Some(Value::String(a)), Some(Value::String(b))) => a
            .to_lowercase()
            .cmp(&b.to_lowercase())
            .then_with(|| a.cmp(b)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// The rows of a collection that `$filter` and `$search` keep, in `$orderby` order.
pub(crate) fn rows<'a>(query: &Query, mut items: Vec<&'a Object>) -> Vec<&'a Object> {
    items.retain(|object| {
        query.filter.as_ref().is_none_or(|f| f.matches(object))
            && query.search.as_ref().is_none_or(|s| s.matches(object))
    });
    if let Some(order) = &query.orderby {
        items.sort_by(|a, b| {
            let ordering = compare(a.get(&order.property), b.get(&order.property));
            if order.descending {
                ordering.reverse()
            } else {
                ordering
            }
        });
    }
    items
}
