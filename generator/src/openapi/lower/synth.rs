//! Roots without a type of their own: a document cut to some paths (Graph's per-module
//! files) can hold `/roleManagement/directory` but neither `/roleManagement` nor the schema
//! `microsoft.graph.roleManagement`. Such a root gets a synthesized singleton type whose
//! navigation properties are the segments below it, typed by their GET responses, so that
//! the paths below it are still generated.

use std::collections::BTreeMap;

use crate::csdl::syntax as csdl;
use crate::error::{Pos, Result};

use super::super::syntax::{Node, pointer_segment};
use super::Cx;
use super::types::response_type;
use super::types::{StructInfo, Types, main_namespace, schema_named};

/// Navigation name → (target, collection, position of the path it was read from).
type Navs = BTreeMap<String, (String, bool, Pos)>;

/// Adds a singleton type for every root that has paths below it but no path or schema of
/// its own; warns once, with how many.
pub(super) fn root_types(cx: &mut Cx<'_>, types: &mut Types) -> Result<()> {
    let doc = cx.doc;
    let Some(items) = doc.root.get("paths").and_then(Node::as_map) else {
        return Ok(());
    };
    let main = main_namespace(types);
    let own: Vec<&str> = items.iter().map(|(k, _)| k.name.as_str()).collect();
    // Root -> (position of its first path, navigation name -> (target, collection, pos)).
    let mut found: BTreeMap<&str, (Pos, Navs)> = BTreeMap::new();
    for (k, item) in items {
        let mut segs = k.name.split('/').skip(1);
        let (Some(first), second) = (segs.next(), segs.next()) else {
            continue;
        };
        if first.is_empty()
            || first.contains(['.', '(', '{', '$'])
            || own.contains(&format!("/{first}").as_str())
            || schema_named(cx, first).is_some()
            || types.structs.contains_key(&format!("{main}.{first}"))
        {
            continue;
        }
        let entry = found
            .entry(first)
            .or_insert_with(|| (k.pos, BTreeMap::new()));
        let Some(second) = second.filter(|s| !s.contains(['.', '(', '{', '$'])) else {
            continue;
        };
        if segs.next().is_some() || entry.1.contains_key(second) {
            continue;
        }
        let Some(get) = item.get("get") else { continue };
        let pointer = format!("#/paths/{}/get", pointer_segment(&k.name));
        let Some(m) = response_type(cx, get, &pointer)? else {
            continue;
        };
        if let Some(target) = m
            .named
            .filter(|t| types.structs.get(t).is_some_and(|s| s.entity))
        {
            entry
                .1
                .insert(second.to_string(), (target, m.collection, k.pos));
        }
    }
    found.retain(|_, (_, navs)| !navs.is_empty());
    let Some((first, (pos, _))) = found.iter().next().map(|(f, v)| (*f, v.clone())) else {
        return Ok(());
    };
    let count = found.len();
    for (root, (pos, navs)) in found {
        let mut info = StructInfo {
            entity: true,
            ..StructInfo::default()
        };
        let mut t = csdl::StructuredType {
            name: root.to_string(),
            pos,
            ..csdl::StructuredType::default()
        };
        for (name, (target, collection, npos)) in navs {
            t.navigation_properties.push(csdl::NavigationProperty {
                name: name.clone(),
                pos: npos,
                type_name: if collection {
                    format!("Collection({target})")
                } else {
                    target.clone()
                },
                ..csdl::NavigationProperty::default()
            });
            info.navs.insert(name, (target, collection));
        }
        types.structs.insert(format!("{main}.{root}"), info);
        types
            .schemas
            .entry(main.clone())
            .or_insert_with(|| csdl::Schema {
                namespace: main.clone(),
                pos,
                ..csdl::Schema::default()
            })
            .entity_types
            .push(t);
    }
    cx.warn(
        pos,
        &format!("#/paths/{}", pointer_segment(&format!("/{first}"))),
        format!(
            "{count} root(s) have paths below them but no path or schema of their own: each was given a keyless singleton type `{main}.<root>` whose navigation properties are the segments below it (e.g. `{main}.{first}`)"
        ),
    );
    Ok(())
}
