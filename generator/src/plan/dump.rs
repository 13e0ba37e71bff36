//! [`Plan::dump`]: the plan as readable text, one line per item and member, in a stable
//! order; what golden tests snapshot, and what two generations are compared by.

use std::fmt::Write as _;

use super::{
    Gate, Holder, Http, Item, ItemKind, ItemRef, KeyForm, MethodKind, MethodPlan, NavTo,
    OperationMethod, Plan, Presence, RequestUrl, Returns, Top, Ty,
};
use crate::ir::Primitive;

impl Plan {
    /// The plan as text: the profile, its features and `Client` methods, then every module
    /// and item with its members (fields with their wire names and types, variants, builder
    /// methods with their HTTP method, URL, body and result). Docs are left out.
    ///
    /// The same plan always gives the same text, so a diff of two dumps is a diff of two
    /// APIs.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "profile {} {}",
            self.module,
            self.base_url.as_deref().unwrap_or("(no default base URL)")
        );
        let c = &self.conventions;
        let _ = writeln!(
            out,
            "conventions key={} operations={} enums={}",
            word(&c.key),
            word(&c.operations),
            word(&c.enums)
        );
        if !self.features.is_empty() {
            let _ = writeln!(out, "features {}", self.features.join(" "));
        }
        for m in &self.client.methods {
            let _ = writeln!(
                out,
                "client fn {}() -> {} /{}{}",
                m.name,
                item_path(&m.builder),
                m.wire,
                gate(self, m.gate.as_ref())
            );
        }
        for o in &self.client.operations {
            let set = o
                .entity_set
                .as_ref()
                .map(|s| format!(" (entity set {s})"))
                .unwrap_or_default();
            let _ = writeln!(out, "client {}{set}", operation_line(&o.method, ""));
        }
        for (place, module) in &self.modules {
            let what = if place.bucket.is_empty() {
                "mod"
            } else if module.impl_only {
                "impl mod"
            } else {
                "file"
            };
            let _ = writeln!(
                out,
                "{what} {}{}",
                module_path(place.top, &place.ns, &place.bucket),
                gate(self, module.gate.as_ref())
            );
        }
        for item in &self.items {
            dump_item(self, item, &mut out);
        }
        out
    }
}

fn dump_item(plan: &Plan, item: &Item, out: &mut String) {
    let path = module_path(item.place.top, &item.place.ns, &item.place.bucket);
    let what = match &item.kind {
        ItemKind::Struct(_) => "struct",
        ItemKind::Alias(_) => "type",
        ItemKind::Enum(_) | ItemKind::Kind(_) | ItemKind::FieldEnum(_) => "enum",
        ItemKind::Builder(_) => "builder",
        ItemKind::Params(_) => "params",
    };
    let _ = writeln!(
        out,
        "{what} {path}::{}{}",
        item.name,
        gate(plan, item.gate.as_ref())
    );
    match &item.kind {
        ItemKind::Struct(s) => {
            for f in &s.fields {
                let boxed = match f.holder {
                    Holder::Inline => "",
                    Holder::Box => " (boxed)",
                    Holder::Indirect => " (indirect)",
                };
                let _ = writeln!(
                    out,
                    "  field {}: {}{boxed} \"{}\"",
                    f.rust,
                    ty(&f.ty),
                    f.wire
                );
            }
            if let Some(path) = &s.canonical_path {
                let _ = writeln!(out, "  canonical {path}");
            }
            if let Some(k) = &s.key_constructor {
                let parts: Vec<String> = k
                    .parts
                    .iter()
                    .map(|(n, t)| format!("{n}: {}", ty(t)))
                    .collect();
                let _ = writeln!(out, "  fn {}({})", k.name, parts.join(", "));
            }
            if let Some(d) = &s.derived_from {
                for (base, _) in &d.bases {
                    let _ = writeln!(out, "  cast from {} as {}", item_path(base), d.qualified);
                }
            }
        }
        ItemKind::Alias(p) => {
            let _ = writeln!(out, "  = {}", primitive(*p));
        }
        ItemKind::Enum(e) => {
            for v in &e.members {
                let _ = writeln!(out, "  variant {} \"{}\"", v.rust, v.wire);
            }
            let _ = writeln!(out, "  variant {}(String)", e.fallback);
        }
        ItemKind::Kind(k) => {
            for v in &k.variants {
                let odata = if v.odata_types.is_empty() {
                    String::new()
                } else {
                    format!(" = {}", v.odata_types.join(" | "))
                };
                let _ = writeln!(
                    out,
                    "  variant {}({}){odata}{}",
                    v.rust,
                    item_path(&v.model),
                    gate(plan, v.gate.as_ref())
                );
            }
        }
        ItemKind::FieldEnum(f) => {
            let _ = writeln!(out, "  selects {}", item_path(&f.model));
            for v in &f.variants {
                let _ = writeln!(out, "  variant {} \"{}\"", v.rust, v.wire);
            }
        }
        ItemKind::Params(p) => {
            for f in &p.fields {
                let presence = match f.presence {
                    Presence::Required => "",
                    Presence::Nullable => " (nullable)",
                    Presence::Optional => " (optional)",
                };
                let _ = writeln!(
                    out,
                    "  field {}: {}{presence} \"{}\"",
                    f.rust,
                    ty(&f.ty),
                    f.wire
                );
            }
        }
        ItemKind::Builder(b) => {
            let _ = writeln!(out, "  addresses {}", b.addresses);
            for m in &b.methods {
                dump_method(plan, m, out);
            }
        }
    }
}

fn dump_method(plan: &Plan, m: &MethodPlan, out: &mut String) {
    let block = if m.block > 0 {
        format!(" (impl block {})", m.block + 1)
    } else {
        String::new()
    };
    let line = match &m.kind {
        MethodKind::Request(r) => {
            let url = match r.url {
                RequestUrl::Itself => "…",
                RequestUrl::Count => "…/$count",
            };
            let body = r
                .body
                .as_ref()
                .map(|b| format!(" body {}", ty(b)))
                .unwrap_or_default();
            format!(
                "fn {}/{} {} {url}{body} -> {}",
                r.names.request,
                r.names.send,
                http(r.http),
                returns(&r.returns)
            )
        }
        MethodKind::Operation(o) => operation_line(o, "…"),
        MethodKind::Cast(c) => format!("fn {}() …/{} -> {}", c.name, c.wire, item_path(&c.to)),
        MethodKind::Composed(c) => {
            let args: Vec<&str> = c.args.iter().map(|a| a.wire.as_str()).collect();
            format!(
                "fn {}({}) …/{}({}) -> {}",
                c.name,
                c.params.as_ref().map(item_path).unwrap_or_default(),
                c.wire,
                args.join(","),
                item_path(&c.to)
            )
        }
        MethodKind::Nav(n) => {
            let to = match &n.to {
                NavTo::Builder(b) => item_path(b),
                NavTo::Collection(m) => format!("NavCollection<{}>", item_path(m)),
                NavTo::Single(m) => format!("NavSingle<{}>", item_path(m)),
                NavTo::SingleRef(m) => format!("NavSingleRef<{}>", item_path(m)),
            };
            format!("fn {}() …/{} -> {to}", n.name, n.wire)
        }
        MethodKind::Key(k) => {
            let key = match &k.form {
                KeyForm::Segment { key, ty: t } => format!("…/{{{key}: {}}}", ty(t)),
                KeyForm::Literal(p) => {
                    format!("…({{{}: {}}})", p.wire, lit_ty(&p.ty, &p.enum_type))
                }
                KeyForm::Parens(parts) => {
                    let parts: Vec<String> = parts
                        .iter()
                        .map(|p| format!("{}={}", p.wire, lit_ty(&p.ty, &p.enum_type)))
                        .collect();
                    format!("…({})", parts.join(","))
                }
            };
            let result = if k.fallible { "Result<…>" } else { "" };
            format!("fn {}() {key} -> {result}{}", k.name, item_path(&k.item))
        }
        MethodKind::Refs { name, model, .. } => {
            format!("fn {name}() …/$ref -> Refs<{}>", item_path(model))
        }
        MethodKind::Media(m) if m.upload => {
            format!(
                "fn {}(content_type, body) PUT …/{} -> Media",
                m.name, m.segment
            )
        }
        MethodKind::Media(m) => format!("fn {}() GET …/{} -> Media", m.name, m.segment),
    };
    let _ = writeln!(out, "  {line}{block}{}", gate(plan, m.gate.as_ref()));
}

/// `fn a_request/a POST <base>/a params … -> …`: an operation's methods, at `base` (`…` for a
/// builder's URL, empty for the service root).
fn operation_line(o: &OperationMethod, base: &str) -> String {
    let (verb, url) = if o.action {
        ("POST", format!("{base}/{}", o.wire))
    } else {
        let args: Vec<String> = o
            .args
            .iter()
            .map(|a| {
                let presence = match a.presence {
                    Presence::Required => "",
                    Presence::Nullable => "?null",
                    Presence::Optional => "?",
                };
                format!("{}={}{presence}", a.wire, lit_ty(&a.ty, &a.enum_type))
            })
            .collect();
        ("GET", format!("{base}/{}({})", o.wire, args.join(",")))
    };
    let params = o
        .params
        .as_ref()
        .map(|p| format!(" params {}", item_path(p)))
        .unwrap_or_default();
    format!(
        "fn {}/{} {verb} {url}{params} -> {}",
        o.names.request,
        o.names.send,
        returns(&o.returns)
    )
}

/// ` [cfg a b]`, or nothing for an item that is always compiled.
fn gate(plan: &Plan, gate: Option<&Gate>) -> String {
    match gate {
        Some(g) => {
            let names: Vec<&str> = g
                .iter()
                .filter_map(|&f| plan.features.get(f).map(String::as_str))
                .collect();
            format!(" [cfg {}]", names.join(" "))
        }
        None => String::new(),
    }
}

/// `models::security::a`: a module below the profile module.
fn module_path(top: Top, ns: &[String], bucket: &str) -> String {
    let mut parts: Vec<&str> = vec![top.name()];
    parts.extend(ns.iter().map(String::as_str));
    if !bucket.is_empty() {
        parts.push(bucket);
    }
    parts.retain(|p| !p.is_empty());
    parts.join("::")
}

/// `models::security::Alert`: an item by the path its namespace module re-exports it at.
fn item_path(r: &ItemRef) -> String {
    let module = module_path(r.place.top, &r.place.ns, "");
    if module.is_empty() {
        r.name.clone()
    } else {
        format!("{module}::{}", r.name)
    }
}

fn http(h: Http) -> &'static str {
    match h {
        Http::Get => "GET",
        Http::Post => "POST",
        Http::Patch => "PATCH",
        Http::Put => "PUT",
        Http::Delete => "DELETE",
    }
}

fn returns(r: &Returns) -> String {
    match r {
        Returns::Json(t) => format!("Json<{}>", ty(t)),
        Returns::List(t) => format!("List<{}>", ty(t)),
        Returns::Value(t) => format!("Value<{}>", ty(t)),
        Returns::ValueOrNull(t) => format!("Value<Option<{}>>", ty(t)),
        Returns::Count => "Count".to_owned(),
        Returns::Empty => "Empty".to_owned(),
    }
}

/// A value's type in a URL literal: with the enum type's qualified name it is written with
/// (`Color as n.Color'…'`).
fn lit_ty(t: &Ty, enum_type: &Option<String>) -> String {
    match enum_type {
        Some(q) => format!("{} as {q}'…'", ty(t)),
        None => ty(t),
    }
}

/// The serialized name of a convention (`segment`, `qualified`, `config`).
fn word<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn ty(t: &Ty) -> String {
    match t {
        Ty::Prim(p) => primitive(*p).to_owned(),
        Ty::Struct(r) | Ty::Enum(r) | Ty::Alias(r, _) => item_path(r),
        Ty::Flags(r) => format!("Flags<{}>", item_path(r)),
        Ty::Vec(inner) => format!("Vec<{}>", ty(inner)),
        Ty::Json => "Value".to_owned(),
    }
}

fn primitive(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Stream => "Stream",
        Primitive::Boolean => "bool",
        Primitive::Byte => "u8",
        Primitive::SByte => "i8",
        Primitive::Int16 => "i16",
        Primitive::Int32 => "i32",
        Primitive::Int64 => "i64",
        Primitive::Single => "f32",
        Primitive::Double => "f64",
        Primitive::Decimal => "Decimal",
        Primitive::Guid => "Uuid",
        Primitive::Date => "NaiveDate",
        Primitive::TimeOfDay => "NaiveTime",
        Primitive::DateTimeOffset => "DateTime",
        Primitive::Duration => "Duration",
        Primitive::Binary => "Base64",
        Primitive::Untyped => "Value",
        Primitive::Geo => "Geo",
    }
}
