//! Resolving the seed pages' request paths against a slice.

use super::*;

// ----- resolving request paths against a slice -------------------------------------------------

/// Walks `/root/nav/{key}/nav/$ref` through the container and navigation properties.
pub(super) fn resolve_path(ix: &Index<'_>, path: &str) -> Result<(), String> {
    let mut segments = path.trim_start_matches('/').split('/');
    let root = segments.next().ok_or("empty path")?;
    let container = ix
        .containers
        .first()
        .map(|(_, c)| *c)
        .ok_or("no entity container")?;
    // (type name, is collection, last navigation property)
    let (mut ty, mut collection, mut last): (String, bool, Option<&NavigationProperty>) =
        if let Some(s) = container.singletons.iter().find(|s| s.name == root) {
            (ix.qualify(&s.type_name), false, None)
        } else if let Some(es) = container.entity_sets.iter().find(|s| s.name == root) {
            (ix.qualify(&es.entity_type), true, None)
        } else {
            return Err(format!("`{root}` is neither a singleton nor an entity set"));
        };
    for seg in segments {
        if seg.starts_with('{') && seg.ends_with('}') {
            if !collection {
                return Err(format!("key segment {seg} after a single-valued segment"));
            }
            collection = false;
            continue;
        }
        if seg == "$ref" {
            let nav = last.ok_or("$ref directly after the service root")?;
            let referenceable = nav.annotations.iter().any(|a| {
                ix.qualify(&a.term) == NAVIGATION_RESTRICTIONS
                    && matches!(&a.value, Some(Expr::Record(r))
                        if matches!(r.get("Referenceable"), Some(Expr::Bool(true))))
            });
            if nav.contains_target && !referenceable {
                return Err(format!(
                    "$ref on `{}`, a containment navigation without Referenceable=true",
                    nav.name
                ));
            }
            continue;
        }
        if collection {
            return Err(format!(
                "`{seg}` follows a collection without a key segment"
            ));
        }
        let nav = ix
            .with_bases(&ty)
            .into_iter()
            .find_map(|t| t.navigation_properties.iter().find(|n| n.name == seg))
            .ok_or_else(|| format!("`{ty}` has no navigation property `{seg}`"))?;
        let target = ix.qualify(&nav.type_name);
        match target
            .strip_prefix("Collection(")
            .and_then(|t| t.strip_suffix(')'))
        {
            Some(inner) => {
                ty = inner.to_string();
                collection = true;
            }
            None => {
                ty = target;
                collection = false;
            }
        }
        last = Some(nav);
    }
    Ok(())
}
