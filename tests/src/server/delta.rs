//! `GET /groups/delta` (or `delta()`): Graph's delta query on groups, with change tracking
//! by snapshot.
//!
//! A round without a token lists every group; a round from `$deltatoken=N` lists what
//! differs from snapshot `N`: groups added or changed (the whole object) and groups gone
//! (`{"id", "@removed": {"reason": "deleted"}}`). A round's entries are fixed when it starts
//! and paged with `$skiptoken`s; its last page carries the `@odata.deltaLink` naming a
//! snapshot of the groups as they were when the round started, so a change made during a
//! round shows in the next. [`Store::expire_delta_links`] forgets every snapshot and round:
//! their links then get `410 Gone` (`syncStateNotFound`), as Graph's do once its sync state
//! is gone.

use std::collections::BTreeMap;

use http::StatusCode;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};

use super::response::{ApiError, ApiResult, Ctx, json_response};
use super::store::{Object, Store};

const DELTA_TOKEN: &str = "graphgen-delta-";
const SKIP_TOKEN: &str = "graphgen-round-";

/// The snapshots and rounds of group delta queries.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    /// The groups by id when each round started; a delta token is an index here. `None`
    /// once expired.
    snapshots: Vec<Option<BTreeMap<String, Object>>>,
    /// Rounds being paged: their entries and the snapshot their delta link names. `None`
    /// once finished or expired.
    rounds: Vec<Option<Round>>,
}

#[derive(Debug)]
struct Round {
    entries: Vec<Value>,
    snapshot: usize,
}

impl Tracker {
    /// Forgets every snapshot and round.
    pub(crate) fn expire(&mut self) {
        self.snapshots.iter_mut().for_each(|s| *s = None);
        self.rounds.iter_mut().for_each(|r| *r = None);
    }
}

/// `GET /groups/delta`: one page of a round.
pub(crate) fn groups(store: &Store, ctx: &Ctx) -> ApiResult {
    let (delta_token, skip_token) = tokens(ctx)?;
    let mut state = store.lock();
    let gone = || {
        ApiError::new(
            StatusCode::GONE,
            "syncStateNotFound",
            "The sync state for this delta token is not found or has expired. Start again \
             with a delta query without a token.",
        )
    };
    let (round_id, offset) = match (skip_token, delta_token) {
        (Some((round, offset)), _) => (round, offset),
        (None, since) => {
            let current: BTreeMap<String, Object> = state
                .groups
                .iter()
                .map(|group| (id_of(group), group.clone()))
                .collect();
            let entries = match since {
                None => state.groups.iter().cloned().map(Value::Object).collect(),
                Some(token) => {
                    let snapshot = state
                        .delta
                        .snapshots
                        .get(token)
                        .and_then(Option::as_ref)
                        .ok_or_else(gone)?;
                    changes(&state.groups, snapshot)
                }
            };
            let tracker = &mut state.delta;
            tracker.snapshots.push(Some(current));
            let snapshot = tracker.snapshots.len() - 1;
            tracker.rounds.push(Some(Round { entries, snapshot }));
            (tracker.rounds.len() - 1, 0)
        }
    };
    let round = state
        .delta
        .rounds
        .get_mut(round_id)
        .and_then(Option::as_mut)
        .ok_or_else(gone)?;
    let end = offset
        .saturating_add(ctx.page_size.max(1))
        .min(round.entries.len());
    let page: Vec<Value> = round.entries[offset.min(end)..end].to_vec();
    let mut body = Map::new();
    body.insert("@odata.context".into(), ctx.context("groups").into());
    let link = |option: &str| format!("{}{}?{option}", ctx.origin, ctx.raw_path);
    if end < round.entries.len() {
        body.insert(
            "@odata.nextLink".into(),
            link(&format!("$skiptoken={SKIP_TOKEN}{round_id}-{end}")).into(),
        );
    } else {
        let snapshot = round.snapshot;
        state.delta.rounds[round_id] = None;
        body.insert(
            "@odata.deltaLink".into(),
            link(&format!("$deltatoken={DELTA_TOKEN}{snapshot}")).into(),
        );
    }
    body.insert("value".into(), Value::Array(page));
    Ok(json_response(StatusCode::OK, &Value::Object(body)))
}

/// What changed from `snapshot` to `groups`: added or changed groups (in creation order),
/// then removed ones (by id).
fn changes(groups: &[Object], snapshot: &BTreeMap<String, Object>) -> Vec<Value> {
    let mut entries: Vec<Value> = groups
        .iter()
        .filter(|group| snapshot.get(&id_of(group)) != Some(*group))
        .cloned()
        .map(Value::Object)
        .collect();
    for id in snapshot.keys() {
        if !groups.iter().any(|group| id_of(group) == *id) {
            entries.push(json!({"id": id, "@removed": {"reason": "deleted"}}));
        }
    }
    entries
}

fn id_of(group: &Object) -> String {
    group
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// `$deltatoken` and `$skiptoken` (round, offset); any other option is refused.
#[allow(clippy::type_complexity)]
fn tokens(ctx: &Ctx) -> Result<(Option<usize>, Option<(usize, usize)>), ApiError> {
    let invalid = |name: &str| ApiError::bad_request(format!("The {name} is not valid."));
    let mut delta = None;
    let mut skip = None;
    for pair in ctx.raw_query.as_deref().unwrap_or_default().split('&') {
        if pair.is_empty() {
            continue;
        }
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let name = percent_decode_str(name).decode_utf8_lossy();
        let value = percent_decode_str(value).decode_utf8_lossy();
        match name.as_ref() {
            "$deltatoken" => {
                let token = value
                    .strip_prefix(DELTA_TOKEN)
                    .and_then(|n| n.parse().ok())
                    .ok_or_else(|| invalid("$deltatoken"))?;
                delta = Some(token);
            }
            "$skiptoken" => {
                let token = value
                    .strip_prefix(SKIP_TOKEN)
                    .and_then(|rest| rest.split_once('-'))
                    .and_then(|(round, offset)| Some((round.parse().ok()?, offset.parse().ok()?)))
                    .ok_or_else(|| invalid("$skiptoken"))?;
                skip = Some(token);
            }
            other => {
                return Err(ApiError::unsupported_query(format!(
                    "Query option '{other}' is not supported on this delta query."
                )));
            }
        }
    }
    Ok((delta, skip))
}
