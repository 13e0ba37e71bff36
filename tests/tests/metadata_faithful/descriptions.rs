//! Our descriptions must be our own words: none may copy Microsoft's.

use super::*;

// ----- descriptions ------------------------------------------------------------------------------

/// Every description of a document, by element key (annotation-target syntax), plus the free
/// text `Description` properties inside annotation records (custom headers, revisions).
pub(super) fn descriptions(ix: &Index<'_>) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut by_element: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut nested = Vec::new();
    let mut add = |element: String, annotations: &[Annotation], nested: &mut Vec<String>| {
        for a in annotations {
            let term = ix.qualify(&a.term);
            if is_description(&term) {
                if let Some(Expr::String(s)) = &a.value {
                    by_element
                        .entry(element.clone())
                        .or_default()
                        .push(s.clone());
                }
            } else {
                nested_descriptions(a.value.as_ref(), None, nested);
            }
        }
    };
    for (name, t) in &ix.types {
        match t {
            TypeRef::Entity(t) | TypeRef::Complex(t) => {
                add(name.clone(), &t.annotations, &mut nested);
                for p in &t.properties {
                    add(format!("{name}/{}", p.name), &p.annotations, &mut nested);
                }
                for n in &t.navigation_properties {
                    add(format!("{name}/{}", n.name), &n.annotations, &mut nested);
                }
            }
            TypeRef::Enum(t) => {
                add(name.clone(), &t.annotations, &mut nested);
                for m in &t.members {
                    add(format!("{name}/{}", m.name), &m.annotations, &mut nested);
                }
            }
            TypeRef::Definition(t) => add(name.clone(), &t.annotations, &mut nested),
        }
    }
    for op in &ix.operations {
        let element = ix.op_target(op);
        add(element.clone(), &op.op.annotations, &mut nested);
        for p in &op.op.parameters {
            add(format!("{element}/{}", p.name), &p.annotations, &mut nested);
        }
    }
    for (cname, c) in &ix.containers {
        add(cname.clone(), &c.annotations, &mut nested);
        for es in &c.entity_sets {
            add(format!("{cname}/{}", es.name), &es.annotations, &mut nested);
        }
        for s in &c.singletons {
            add(format!("{cname}/{}", s.name), &s.annotations, &mut nested);
        }
    }
    for (target, block) in &ix.annotations {
        add(target.clone(), &block.annotations, &mut nested);
    }
    (by_element, nested)
}

pub(super) fn nested_descriptions(e: Option<&Expr>, property: Option<&str>, out: &mut Vec<String>) {
    match e {
        Some(Expr::String(s)) if matches!(property, Some("Description" | "LongDescription")) => {
            out.push(s.clone());
        }
        Some(Expr::Record(r)) => {
            for p in &r.properties {
                nested_descriptions(p.value.as_ref(), Some(&p.property), out);
            }
        }
        Some(Expr::Collection(items)) => {
            for i in items {
                nested_descriptions(Some(i), property, out);
            }
        }
        _ => {}
    }
}

pub(super) fn normalise(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// No description of ours may equal Microsoft's description of the same element, nor (when it
/// is not a short generic phrase) any Microsoft description at all.
pub(super) fn check_descriptions(
    ours: &Index<'_>,
    same_element: &[Index<'_>],
    global: &[Index<'_>],
    diffs: &mut Vec<String>,
) {
    let (our_by_element, our_nested) = descriptions(ours);
    if our_by_element.is_empty() {
        diffs.push("our file has no Core.Description annotations at all".to_string());
    }
    let mut theirs_by_element: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for ix in same_element {
        for (element, texts) in descriptions(ix).0 {
            theirs_by_element
                .entry(element)
                .or_default()
                .extend(texts.iter().map(|t| normalise(t)));
        }
    }
    let mut theirs_anywhere = BTreeSet::new();
    for ix in global {
        let (by_element, nested) = descriptions(ix);
        theirs_anywhere.extend(by_element.values().flatten().map(|t| normalise(t)));
        theirs_anywhere.extend(nested.iter().map(|t| normalise(t)));
    }
    if theirs_by_element.is_empty() || theirs_anywhere.is_empty() {
        diffs.push(
            "no descriptions found in Microsoft's descriptions files (parser problem?)".to_string(),
        );
    } else if !our_by_element
        .keys()
        .any(|element| theirs_by_element.contains_key(element))
    {
        diffs.push(
            "none of our described elements has a description in Microsoft's files: element keys do not line up"
                .to_string(),
        );
    }
    for (element, texts) in &our_by_element {
        for text in texts {
            let n = normalise(text);
            if theirs_by_element
                .get(element)
                .is_some_and(|set| set.contains(&n))
            {
                diffs.push(format!(
                    "{element}: description {text:?} is Microsoft's description of the same element; write our own"
                ));
            } else if n.len() >= MIN_GLOBAL_DESCRIPTION_LEN && theirs_anywhere.contains(&n) {
                diffs.push(format!(
                    "{element}: description {text:?} is copied from Microsoft's metadata; write our own"
                ));
            }
        }
    }
    for text in &our_nested {
        let n = normalise(text);
        if n.len() >= MIN_GLOBAL_DESCRIPTION_LEN && theirs_anywhere.contains(&n) {
            diffs.push(format!(
                "annotation record description {text:?} is copied from Microsoft's metadata; write our own"
            ));
        }
    }
}
