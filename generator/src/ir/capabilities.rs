//! Reading the annotations that drive output: descriptions, the Capabilities vocabulary
//! (which HTTP methods exist), and `Core.AlternateKeys`.

use crate::csdl::syntax::{Annotation, Expr, Record};

use super::{Capabilities, UpdateMethod};

/// Full namespace of the Core vocabulary.
pub const CORE: &str = "Org.OData.Core.V1";
/// Full namespace of the Capabilities vocabulary.
pub const CAPABILITIES: &str = "Org.OData.Capabilities.V1";

/// Vocabularies graphgen knows by name (no network: references are never fetched), with
/// their customary aliases.
pub const KNOWN_VOCABULARIES: &[(&str, &str)] = &[
    ("Org.OData.Core.V1", "Core"),
    ("Org.OData.Capabilities.V1", "Capabilities"),
    ("Org.OData.Validation.V1", "Validation"),
    ("Org.OData.Measures.V1", "Measures"),
    ("Org.OData.Authorization.V1", "Auth"),
    ("Org.OData.JSON.V1", "JSON"),
    ("Org.OData.Aggregation.V1", "Aggregation"),
    ("Org.OData.Repeatability.V1", "Repeatability"),
    ("Org.OData.Temporal.V1", "Temporal"),
];

/// An annotation with its term resolved to a full name (`Org.OData.Core.V1.Description`).
#[derive(Debug, Clone, Copy)]
pub struct Resolved<'a> {
    /// Full term name.
    pub term: &'a str,
    /// The annotation.
    pub annotation: &'a Annotation,
}

/// The annotations that apply to one element (inline and out-of-line), terms resolved.
#[derive(Debug, Clone, Default)]
pub struct Applied<'a>(pub Vec<(String, &'a Annotation)>);

impl<'a> Applied<'a> {
    /// Each annotation with its full term name.
    pub fn iter(&self) -> impl Iterator<Item = Resolved<'_>> {
        self.0
            .iter()
            .map(|(term, annotation)| Resolved { term, annotation })
    }

    /// The element's description (see [`description`]).
    pub fn description(&self) -> Option<String> {
        description(self.iter())
    }

    /// The element's capabilities (see [`apply`]).
    pub fn capabilities(&self) -> Capabilities {
        let mut caps = Capabilities::default();
        for a in self.iter() {
            apply(&mut caps, a);
        }
        caps
    }

    /// The alternate keys declared on the element (see [`alternate_keys`]).
    pub fn alternate_keys(&self) -> Vec<Vec<(String, String)>> {
        self.iter().flat_map(alternate_keys).collect()
    }

    /// Whether `Core.OptionalParameter` is among them.
    pub fn optional_parameter(&self) -> bool {
        self.iter().any(is_optional_parameter)
    }
}

/// The description of an element: `Core.Description`, then `Core.LongDescription` after a
/// blank line. `terms` yields each annotation with its full term name.
pub fn description<'a>(annotations: impl IntoIterator<Item = Resolved<'a>>) -> Option<String> {
    let mut short = None;
    let mut long = None;
    for a in annotations {
        let text = match &a.annotation.value {
            Some(Expr::String(s)) => s.trim(),
            _ => continue,
        };
        if text.is_empty() {
            continue;
        }
        match a.term.strip_prefix(CORE).and_then(|t| t.strip_prefix('.')) {
            Some("Description") => short = Some(text.to_string()),
            Some("LongDescription") => long = Some(text.to_string()),
            _ => {}
        }
    }
    match (short, long) {
        (Some(s), Some(l)) if s != l => Some(format!("{s}\n\n{l}")),
        (Some(s), _) => Some(s),
        (None, l) => l,
    }
}

fn bool_of(e: Option<&Expr>) -> Option<bool> {
    match e {
        Some(Expr::Bool(b)) => Some(*b),
        _ => None,
    }
}

fn record_of(a: &Annotation) -> Option<&Record> {
    match &a.value {
        Some(Expr::Record(r)) => Some(r),
        _ => None,
    }
}

/// Applies one Capabilities annotation to `caps`. Other terms are ignored.
pub fn apply(caps: &mut Capabilities, a: Resolved<'_>) {
    let Some(term) = a
        .term
        .strip_prefix(CAPABILITIES)
        .and_then(|t| t.strip_prefix('.'))
    else {
        return;
    };
    let Some(rec) = record_of(a.annotation) else {
        return;
    };
    match term {
        "ReadRestrictions" => {
            if let Some(b) = bool_of(rec.get("Readable")) {
                caps.readable = Some(b);
            }
        }
        "InsertRestrictions" => {
            if let Some(b) = bool_of(rec.get("Insertable")) {
                caps.insertable = Some(b);
            }
        }
        "DeleteRestrictions" => {
            if let Some(b) = bool_of(rec.get("Deletable")) {
                caps.deletable = Some(b);
            }
        }
        "CountRestrictions" => {
            if let Some(b) = bool_of(rec.get("Countable")) {
                caps.countable = Some(b);
            }
        }
        "UpdateRestrictions" => {
            if let Some(b) = bool_of(rec.get("Updatable")) {
                caps.updatable = Some(b);
            }
            if let Some(Expr::EnumMember(m)) = rec.get("UpdateMethod") {
                caps.update_method = if m.ends_with("/PUT") || m == "PUT" {
                    Some(UpdateMethod::Put)
                } else {
                    Some(UpdateMethod::Patch)
                };
            }
        }
        "NavigationRestrictions" => {
            if let Some(b) = bool_of(rec.get("Referenceable")) {
                caps.referenceable = Some(b);
            }
        }
        _ => {}
    }
}

/// The alternate keys declared by a `Core.AlternateKeys` annotation: each key as a list of
/// `(alias, property path)`.
pub fn alternate_keys(a: Resolved<'_>) -> Vec<Vec<(String, String)>> {
    if a.term != "Org.OData.Core.V1.AlternateKeys" {
        return Vec::new();
    }
    let Some(Expr::Collection(keys)) = &a.annotation.value else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for key in keys {
        let Expr::Record(key) = key else { continue };
        let Some(Expr::Collection(parts)) = key.get("Key") else {
            continue;
        };
        let mut k = Vec::new();
        for p in parts {
            let Expr::Record(p) = p else { continue };
            let name = match p.get("Name") {
                Some(Expr::Path { path, .. }) | Some(Expr::String(path)) => path.clone(),
                _ => continue,
            };
            let alias = match p.get("Alias") {
                Some(Expr::String(s)) => s.clone(),
                _ => name.clone(),
            };
            k.push((alias, name));
        }
        if !k.is_empty() {
            out.push(k);
        }
    }
    out
}

/// `Capabilities.KeyAsSegmentSupported` on an entity container: whether the service accepts
/// keys as path segments (`/People/1`) besides in parentheses (`/People(1)`). A tag, so an
/// annotation without a value says `true` (CSDL 4.01 §14.3: a Boolean term's default).
/// `None` for any other term, or a value that is not a Boolean constant.
pub fn key_as_segment(a: Resolved<'_>) -> Option<bool> {
    tag(a, "Org.OData.Capabilities.V1.KeyAsSegmentSupported")
}

/// What `a` says of `Core.DefaultNamespace` (a tag: `true` when applied without a value);
/// `None` for another term.
pub fn default_namespace(a: Resolved<'_>) -> Option<bool> {
    tag(a, "Org.OData.Core.V1.DefaultNamespace")
}

/// What `a` says of the tag `term`: `true` without a value, else its Boolean constant;
/// `None` for another term or a value that is not a Boolean constant.
fn tag(a: Resolved<'_>, term: &str) -> Option<bool> {
    if a.term != term {
        return None;
    }
    match &a.annotation.value {
        None => Some(true),
        value => bool_of(value.as_ref()),
    }
}

/// True when `a` is `Core.OptionalParameter`.
pub fn is_optional_parameter(a: Resolved<'_>) -> bool {
    a.term == "Org.OData.Core.V1.OptionalParameter"
}
