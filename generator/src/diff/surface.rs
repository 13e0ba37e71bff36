//! A plan's public API as keyed lines: what the diff compares.
//!
//! The plan's dump ([`Plan::dump`]) is the one canonical text of a profile's API, one line per
//! item and member, which the golden files snapshot; the surface reads it back keyed by what a
//! user names: an item by its public path (the private file it is in is not API, so
//! `models::access_package::AccessPackage` is `models::AccessPackage`), a member by its kind
//! and name (`field display_name`, `variant Active`, `fn list_request/list`). Item docs come
//! from the plan itself (the dump leaves docs out).

use std::collections::BTreeMap;

use crate::plan::{ItemKind, Place, Plan};

/// One item of the API: what its header says, and its members by key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct ItemSurface {
    /// `struct`, `enum`, `builder`, `params`, `type`, `mod`, `client fn`, `feature`.
    pub(super) kind: String,
    /// The `[cfg …]` part of the header, if any.
    pub(super) gate: String,
    /// Member key (`field id`) → the whole member line.
    pub(super) members: BTreeMap<String, String>,
    /// The item's docs, joined.
    pub(super) docs: String,
    /// The docs of its fields and enum members, by member key.
    pub(super) member_docs: BTreeMap<String, String>,
}

/// A profile's API: items by public path (`models::AccessPackage`, `client fn users`,
/// `feature users`).
pub(super) type Surface = BTreeMap<String, ItemSurface>;

/// The surface of `plan`.
pub(super) fn surface(plan: &Plan) -> Surface {
    let mut out = Surface::new();
    let mut current: Option<String> = None;
    for line in plan.dump().lines() {
        if let Some(member) = line.strip_prefix("  ") {
            let member = member.trim_start();
            // Which `impl` block a method is in is placement, not API.
            let member = match member.find(" (impl block ") {
                Some(i) => &member[..i],
                None => member,
            };
            if let Some(item) = current.as_ref().and_then(|c| out.get_mut(c)) {
                item.members
                    .insert(member_key(member).to_owned(), member.to_owned());
            }
            continue;
        }
        current = None;
        let Some((word, rest)) = line.split_once(' ') else {
            continue;
        };
        match word {
            // The conventions show in every URL of the members already.
            "profile" | "conventions" | "file" | "impl" => {}
            "features" => {
                for f in rest.split(' ') {
                    out.insert(
                        format!("feature {f}"),
                        ItemSurface {
                            kind: "feature".into(),
                            ..ItemSurface::default()
                        },
                    );
                }
            }
            "client" => {
                // `client fn users() -> requests::UsersCollection /users [cfg users]`
                let name = rest.trim_start_matches("fn ");
                let name = name.split('(').next().unwrap_or(name);
                let (sig, gate) = split_gate(rest);
                let mut item = ItemSurface {
                    kind: "client fn".into(),
                    gate,
                    ..ItemSurface::default()
                };
                item.members.insert("signature".into(), sig.to_owned());
                out.insert(format!("client fn {name}"), item);
            }
            "mod" => {
                let (path, gate) = split_gate(rest);
                out.insert(
                    format!("mod {path}"),
                    ItemSurface {
                        kind: "mod".into(),
                        gate,
                        ..ItemSurface::default()
                    },
                );
            }
            kind => {
                let (path, gate) = split_gate(rest);
                let key = public_path(path);
                out.insert(
                    key.clone(),
                    ItemSurface {
                        kind: kind.to_owned(),
                        gate,
                        ..ItemSurface::default()
                    },
                );
                current = Some(key);
            }
        }
    }
    for item in &plan.items {
        let key = public_path(&format!("{}::{}", module_path(&item.place), item.name));
        let Some(s) = out.get_mut(&key) else {
            continue;
        };
        s.docs = item.docs.join("\n");
        let members: Vec<(String, &Vec<String>)> = match &item.kind {
            ItemKind::Struct(st) => st
                .fields
                .iter()
                .map(|f| (format!("field {}", f.rust), &f.docs))
                .collect(),
            ItemKind::Enum(e) => e
                .members
                .iter()
                .map(|v| (format!("variant {}", v.rust), &v.docs))
                .collect(),
            _ => Vec::new(),
        };
        for (k, docs) in members {
            s.member_docs.insert(k, docs.join("\n"));
        }
    }
    out
}

/// `models::access_package::AccessPackage` → `models::AccessPackage`: the segment before the
/// name is the private file the item is in.
fn public_path(path: &str) -> String {
    let mut segments: Vec<&str> = path.split("::").collect();
    if segments.len() >= 3 {
        segments.remove(segments.len() - 2);
    }
    segments.join("::")
}

/// The path of `place` as the dump writes it (`models::security::alert`).
fn module_path(place: &Place) -> String {
    let mut parts = vec![place.top.name().to_owned()];
    parts.extend(place.ns.iter().cloned());
    if !place.bucket.is_empty() {
        parts.push(place.bucket.clone());
    }
    parts.retain(|p| !p.is_empty());
    parts.join("::")
}

/// `text [cfg a b]` → (`text`, `[cfg a b]`).
fn split_gate(text: &str) -> (&str, String) {
    match text.find(" [cfg ") {
        Some(i) => (&text[..i], text[i + 1..].to_owned()),
        None => (text, String::new()),
    }
}

/// What a member line is keyed by: its kind and name (`field id`, `variant User`,
/// `fn list_request/list`, `canonical`, `selects`, `addresses`, `=`).
fn member_key(line: &str) -> &str {
    let mut words = line.splitn(2, ' ');
    let kind = words.next().unwrap_or_default();
    match kind {
        "field" | "variant" | "fn" => {
            let rest = words.next().unwrap_or_default();
            let end = rest.find([' ', ':', '(', '"']).unwrap_or(rest.len());
            &line[..kind.len() + 1 + end]
        }
        _ => kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_keys_name_the_member() {
        for (line, key) in [
            (
                "field display_name: String \"displayName\"",
                "field display_name",
            ),
            ("field r#type: models::RoleType \"type\"", "field r#type"),
            ("variant Active \"active\"", "variant Active"),
            ("variant Unrecognized(String)", "variant Unrecognized"),
            (
                "variant User(models::User) = microsoft.graph.user",
                "variant User",
            ),
            (
                "fn list_request/list GET … -> List<models::User>",
                "fn list_request/list",
            ),
            (
                "fn by_id() …/{id: String} -> requests::UserItem",
                "fn by_id",
            ),
            ("fn with_id(id: String)", "fn with_id"),
            ("canonical /users", "canonical"),
            ("selects models::User", "selects"),
            ("addresses one `user`", "addresses"),
            ("= String", "="),
        ] {
            assert_eq!(member_key(line), key, "{line}");
        }
        assert_eq!(
            public_path("models::access_package::AccessPackage"),
            "models::AccessPackage"
        );
        assert_eq!(
            public_path("models::security::alert::Alert"),
            "models::security::Alert"
        );
        assert_eq!(
            split_gate("models::x [cfg users groups]"),
            ("models::x", "[cfg users groups]".to_owned())
        );
    }
}
