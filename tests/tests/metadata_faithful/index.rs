//! An index of one CSDL document: its types, operations, containers and annotations by
//! qualified name.

use super::*;

// ----- an index of one document ------------------------------------------------------------------

#[derive(Clone, Copy)]
pub(super) enum TypeRef<'d> {
    Entity(&'d StructuredType),
    Complex(&'d StructuredType),
    Enum(&'d EnumType),
    Definition(&'d TypeDefinition),
}

impl TypeRef<'_> {
    pub(super) fn kind(self) -> &'static str {
        match self {
            TypeRef::Entity(_) => "EntityType",
            TypeRef::Complex(_) => "ComplexType",
            TypeRef::Enum(_) => "EnumType",
            TypeRef::Definition(_) => "TypeDefinition",
        }
    }
}

/// An operation with its qualified name.
pub(super) struct Op<'d> {
    pub(super) name: String,
    pub(super) op: &'d Operation,
}

/// What one document declares, by qualified name (aliases resolved).
pub(super) struct Index<'d> {
    pub(super) label: String,
    pub(super) aliases: BTreeMap<String, String>,
    pub(super) types: BTreeMap<String, TypeRef<'d>>,
    pub(super) operations: Vec<Op<'d>>,
    pub(super) containers: Vec<(String, &'d EntityContainer)>,
    pub(super) annotations: Vec<(String, &'d Annotations)>,
}

/// How operations are told apart: kind, qualified name, and the binding parameter's type (bound)
/// or all parameter types (unbound).
pub(super) type OpKey = (OperationKind, String, String);

impl<'d> Index<'d> {
    pub(super) fn new(label: &str, doc: &'d Document) -> Self {
        let mut aliases: BTreeMap<String, String> = VOCABULARY_ALIASES
            .iter()
            .map(|(a, ns)| (a.to_string(), ns.to_string()))
            .collect();
        for r in &doc.references {
            for inc in &r.includes {
                if let Some(alias) = &inc.alias {
                    aliases.insert(alias.clone(), inc.namespace.clone());
                }
            }
        }
        for s in &doc.schemas {
            if let Some(alias) = &s.alias {
                aliases.insert(alias.clone(), s.namespace.clone());
            }
        }
        let mut ix = Index {
            label: label.to_string(),
            aliases,
            types: BTreeMap::new(),
            operations: Vec::new(),
            containers: Vec::new(),
            annotations: Vec::new(),
        };
        for s in &doc.schemas {
            let ns = &s.namespace;
            for t in &s.entity_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Entity(t));
            }
            for t in &s.complex_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Complex(t));
            }
            for t in &s.enum_types {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Enum(t));
            }
            for t in &s.type_definitions {
                ix.types
                    .insert(format!("{ns}.{}", t.name), TypeRef::Definition(t));
            }
            for op in &s.operations {
                ix.operations.push(Op {
                    name: format!("{ns}.{}", op.name),
                    op,
                });
            }
            for c in &s.containers {
                ix.containers.push((format!("{ns}.{}", c.name), c));
            }
        }
        let blocks: Vec<(String, &'d Annotations)> = doc
            .schemas
            .iter()
            .flat_map(|s| s.annotations.iter())
            .map(|a| (ix.target(&a.target), a))
            .collect();
        ix.annotations = blocks;
        ix
    }

    /// Resolves an alias-qualified name (`graph.group`, `Collection(graph.group)`,
    /// `Core.Description`) to its namespace-qualified form.
    pub(super) fn qualify(&self, name: &str) -> String {
        let name = name.trim();
        if let Some(inner) = name
            .strip_prefix("Collection(")
            .and_then(|rest| rest.strip_suffix(')'))
        {
            return format!("Collection({})", self.qualify(inner));
        }
        match name.rsplit_once('.') {
            Some((prefix, local)) => match self.aliases.get(prefix) {
                Some(ns) => format!("{ns}.{local}"),
                None => name.to_string(),
            },
            None => name.to_string(),
        }
    }

    pub(super) fn qualify_opt(&self, name: Option<&String>) -> Option<String> {
        name.map(|n| self.qualify(n))
    }

    /// Normalises an annotation target: `Qualified.Name[(params)][/path]`.
    pub(super) fn target(&self, target: &str) -> String {
        let (head, rest) = match target.find('/') {
            Some(i) if !target[..i].contains('(') || target[..i].contains(')') => {
                (&target[..i], &target[i..])
            }
            _ => (target, ""),
        };
        let head = match head.find('(') {
            Some(i) if head.ends_with(')') => {
                let params: Vec<String> = split_params(&head[i + 1..head.len() - 1])
                    .into_iter()
                    .map(|p| self.qualify(p))
                    .collect();
                format!("{}({})", self.qualify(&head[..i]), params.join(","))
            }
            _ => self.qualify(head),
        };
        format!("{head}{rest}")
    }

    /// Normalises an `EnumMember` expression (`Alias.Type/Member`, space-separated for flags).
    pub(super) fn enum_member_expr(&self, text: &str) -> String {
        text.split_whitespace()
            .map(|m| match m.split_once('/') {
                Some((ty, member)) => format!("{}/{member}", self.qualify(ty)),
                None => m.to_string(),
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub(super) fn op_key(&self, op: &Op<'_>) -> OpKey {
        let sig = if op.op.is_bound {
            op.op
                .parameters
                .first()
                .map(|p| self.qualify(&p.type_name))
                .unwrap_or_default()
        } else {
            let types: Vec<String> = op
                .op
                .parameters
                .iter()
                .map(|p| self.qualify(&p.type_name))
                .collect();
            format!("unbound({})", types.join(","))
        };
        (op.op.kind, op.name.clone(), sig)
    }

    /// The element key of an operation, in annotation-target syntax.
    pub(super) fn op_target(&self, op: &Op<'_>) -> String {
        let (_, name, sig) = self.op_key(op);
        if op.op.is_bound {
            format!("{name}({sig})")
        } else {
            format!("{name}()")
        }
    }

    /// A structured type and its base types, nearest first (stops at unknown or cyclic bases).
    pub(super) fn with_bases(&self, name: &str) -> Vec<&'d StructuredType> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut current = Some(name.to_string());
        while let Some(n) = current.take() {
            if !seen.insert(n.clone()) {
                break;
            }
            match self.types.get(&n) {
                Some(TypeRef::Entity(t) | TypeRef::Complex(t)) => {
                    out.push(*t);
                    current = self.qualify_opt(t.base_type.as_ref());
                }
                _ => break,
            }
        }
        out
    }
}

/// Splits `a,Collection(b),c` at top-level commas.
pub(super) fn split_params(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

pub(super) fn is_description(term: &str) -> bool {
    term == DESCRIPTION || term == LONG_DESCRIPTION
}

pub(super) fn eff_nullable(n: Option<bool>) -> bool {
    n.unwrap_or(true)
}
