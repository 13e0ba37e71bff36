//! Comparing our index with the real ones, collecting every difference.

use super::*;

// ----- comparing our index with the real ones ----------------------------------------------------

pub(super) struct Compare<'a, 'd> {
    pub(super) ours: &'a Index<'d>,
    pub(super) reals: &'a [Index<'d>],
    pub(super) complete: &'a [&'a str],
    pub(super) diffs: Vec<String>,
}

impl<'a, 'd> Compare<'a, 'd> {
    pub(super) fn diff(&mut self, what: String) {
        self.diffs.push(what);
    }

    pub(super) fn real_type(&self, name: &str) -> Option<(&'a Index<'d>, TypeRef<'d>)> {
        self.reals
            .iter()
            .find_map(|ix| ix.types.get(name).map(|t| (ix, *t)))
    }

    pub(super) fn types(&mut self) {
        let ours = self.ours;
        for (name, t) in &ours.types {
            let Some((rix, rt)) = self.real_type(name) else {
                self.diff(format!("{name}: {} not in the real schema", t.kind()));
                continue;
            };
            match (*t, rt) {
                (TypeRef::Entity(o), TypeRef::Entity(r))
                | (TypeRef::Complex(o), TypeRef::Complex(r)) => {
                    self.structured(name, o, rix, r);
                    self.cross_check(name, o, rix);
                }
                (TypeRef::Enum(o), TypeRef::Enum(r)) => self.enum_type(name, o, rix, r),
                (TypeRef::Definition(o), TypeRef::Definition(r)) => {
                    let (a, b) = (
                        ours.qualify(&o.underlying_type),
                        rix.qualify(&r.underlying_type),
                    );
                    if a != b {
                        self.diff(format!("{name}: underlying type {a}, real {b}"));
                    }
                    self.annotations(name, &o.annotations, rix, &r.annotations, &[]);
                }
                (o, r) => self.diff(format!(
                    "{name}: ours is an {}, the real one an {} (in {})",
                    o.kind(),
                    r.kind(),
                    rix.label
                )),
            }
        }
    }

    pub(super) fn structured(
        &mut self,
        name: &str,
        o: &StructuredType,
        rix: &Index<'d>,
        r: &StructuredType,
    ) {
        let ours = self.ours;
        let (ob, rb) = (
            ours.qualify_opt(o.base_type.as_ref()),
            rix.qualify_opt(r.base_type.as_ref()),
        );
        if ob != rb {
            self.diff(format!("{name}: base type {ob:?}, real {rb:?}"));
        }
        for (what, a, b) in [
            ("Abstract", o.is_abstract, r.is_abstract),
            ("OpenType", o.open_type, r.open_type),
            ("HasStream", o.has_stream, r.has_stream),
        ] {
            if a != b {
                self.diff(format!("{name}: {what}={a}, real {what}={b}"));
            }
        }
        let key = |t: &StructuredType| {
            t.key
                .as_ref()
                .map(|k| k.iter().map(|p| p.name.clone()).collect::<Vec<_>>())
        };
        if key(o) != key(r) {
            self.diff(format!("{name}: key {:?}, real {:?}", key(o), key(r)));
        }
        for p in &o.properties {
            let element = format!("{name}/{}", p.name);
            match r.properties.iter().find(|rp| rp.name == p.name) {
                Some(rp) => self.property(&element, p, rix, rp),
                None => self.diff(format!("{element}: property not in the real type")),
            }
        }
        for n in &o.navigation_properties {
            let element = format!("{name}/{}", n.name);
            match r.navigation_properties.iter().find(|rn| rn.name == n.name) {
                Some(rn) => self.navigation(&element, n, rix, rn),
                None => self.diff(format!(
                    "{element}: navigation property not in the real type"
                )),
            }
        }
        self.annotations(name, &o.annotations, rix, &r.annotations, &[ALTERNATE_KEYS]);
        if self.complete.contains(&name) {
            for rp in &r.properties {
                if !o.properties.iter().any(|p| p.name == rp.name) {
                    self.diff(format!(
                        "{name}/{}: real property missing from our file (the type must be complete)",
                        rp.name
                    ));
                }
            }
            for rn in &r.navigation_properties {
                if !o.navigation_properties.iter().any(|n| n.name == rn.name) {
                    self.diff(format!(
                        "{name}/{}: real navigation property missing from our file (the type must be complete)",
                        rn.name
                    ));
                }
            }
        }
    }

    /// When a later reference also defines the type (beta: `beta-USNat.csdl` behind the clean
    /// fragment), the members both define must agree on type, nullability and containment.
    /// Members or annotations only the first reference has are expected (clean-up transform).
    pub(super) fn cross_check(&mut self, name: &str, o: &StructuredType, first: &Index<'d>) {
        let ours = self.ours;
        let later = self
            .reals
            .iter()
            .skip_while(|ix| !std::ptr::eq(*ix, first))
            .skip(1);
        for rix in later {
            let (Some(TypeRef::Entity(r)) | Some(TypeRef::Complex(r))) = rix.types.get(name) else {
                continue;
            };
            let label = &rix.label;
            for p in &o.properties {
                if let Some(rp) = r.properties.iter().find(|x| x.name == p.name) {
                    let (a, b) = (ours.qualify(&p.type_name), rix.qualify(&rp.type_name));
                    if a != b || eff_nullable(p.nullable) != eff_nullable(rp.nullable) {
                        self.diff(format!(
                            "{name}/{}: (cross-check with {label}) type {a} nullable {}, there {b} nullable {}",
                            p.name,
                            eff_nullable(p.nullable),
                            eff_nullable(rp.nullable)
                        ));
                    }
                }
            }
            for n in &o.navigation_properties {
                if let Some(rn) = r.navigation_properties.iter().find(|x| x.name == n.name) {
                    let (a, b) = (ours.qualify(&n.type_name), rix.qualify(&rn.type_name));
                    if a != b || n.contains_target != rn.contains_target {
                        self.diff(format!(
                            "{name}/{}: (cross-check with {label}) type {a} ContainsTarget={}, there {b} ContainsTarget={}",
                            n.name, n.contains_target, rn.contains_target
                        ));
                    }
                }
            }
        }
    }

    pub(super) fn property(&mut self, element: &str, o: &Property, rix: &Index<'d>, r: &Property) {
        let (ot, rt) = (self.ours.qualify(&o.type_name), rix.qualify(&r.type_name));
        if ot != rt {
            self.diff(format!("{element}: type {ot}, real {rt}"));
        }
        if eff_nullable(o.nullable) != eff_nullable(r.nullable) {
            self.diff(format!(
                "{element}: Nullable={}, real Nullable={}",
                eff_nullable(o.nullable),
                eff_nullable(r.nullable)
            ));
        }
        for (what, a, b) in [
            ("MaxLength", &o.max_length, &r.max_length),
            ("Scale", &o.scale, &r.scale),
            ("DefaultValue", &o.default_value, &r.default_value),
        ] {
            if a != b {
                self.diff(format!("{element}: {what} {a:?}, real {b:?}"));
            }
        }
        if o.precision != r.precision {
            self.diff(format!(
                "{element}: Precision {:?}, real {:?}",
                o.precision, r.precision
            ));
        }
        self.annotations(element, &o.annotations, rix, &r.annotations, &[]);
    }

    pub(super) fn navigation(
        &mut self,
        element: &str,
        o: &NavigationProperty,
        rix: &Index<'d>,
        r: &NavigationProperty,
    ) {
        let (ot, rt) = (self.ours.qualify(&o.type_name), rix.qualify(&r.type_name));
        if ot != rt {
            self.diff(format!("{element}: type {ot}, real {rt}"));
        }
        if o.contains_target != r.contains_target {
            self.diff(format!(
                "{element}: ContainsTarget={}, real ContainsTarget={}",
                o.contains_target, r.contains_target
            ));
        }
        if eff_nullable(o.nullable) != eff_nullable(r.nullable) {
            self.diff(format!(
                "{element}: Nullable={}, real Nullable={}",
                eff_nullable(o.nullable),
                eff_nullable(r.nullable)
            ));
        }
        if o.partner != r.partner {
            self.diff(format!(
                "{element}: Partner {:?}, real {:?}",
                o.partner, r.partner
            ));
        }
        self.annotations(
            element,
            &o.annotations,
            rix,
            &r.annotations,
            &[NAVIGATION_RESTRICTIONS],
        );
    }

    pub(super) fn enum_type(&mut self, name: &str, o: &EnumType, rix: &Index<'d>, r: &EnumType) {
        let underlying = |ix: &Index<'_>, t: &EnumType| {
            t.underlying_type
                .as_ref()
                .map_or_else(|| "Edm.Int32".to_string(), |u| ix.qualify(u))
        };
        let (ou, ru) = (underlying(self.ours, o), underlying(rix, r));
        if ou != ru {
            self.diff(format!("{name}: UnderlyingType {ou}, real {ru}"));
        }
        if o.is_flags != r.is_flags {
            self.diff(format!(
                "{name}: IsFlags={}, real IsFlags={}",
                o.is_flags, r.is_flags
            ));
        }
        // Implicit values count from 0 in document order (CSDL 4.0, 10.2.2).
        let values = |t: &EnumType| -> Vec<(String, Option<i64>)> {
            t.members
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let implicit = i64::try_from(i).ok();
                    (m.name.clone(), m.value.or(implicit))
                })
                .collect()
        };
        let (om, rm) = (values(o), values(r));
        for (m, v) in &om {
            match rm.iter().find(|(rn, _)| rn == m) {
                None => self.diff(format!("{name}/{m}: member not in the real enum")),
                Some((_, rv)) if rv != v => {
                    self.diff(format!("{name}/{m}: value {v:?}, real {rv:?}"));
                }
                Some(_) => {}
            }
        }
        for (m, _) in &rm {
            if !om.iter().any(|(n, _)| n == m) {
                self.diff(format!(
                    "{name}/{m}: real member missing from our enum (enums must be complete)"
                ));
            }
        }
        self.annotations(name, &o.annotations, rix, &r.annotations, &[]);
        for m in &o.members {
            if let Some(rmember) = r.members.iter().find(|x| x.name == m.name) {
                self.annotations(
                    &format!("{name}/{}", m.name),
                    &m.annotations,
                    rix,
                    &rmember.annotations,
                    &[],
                );
            }
        }
    }

    /// Our non-description annotations must be covered by the real element's; the real
    /// element's annotations with a term in `required` must be present in ours.
    pub(super) fn annotations(
        &mut self,
        element: &str,
        ours: &[Annotation],
        rix: &Index<'d>,
        real: &[Annotation],
        required: &[&str],
    ) {
        let oix = self.ours;
        for a in ours {
            let term = oix.qualify(&a.term);
            if is_description(&term) {
                continue;
            }
            let covered = real.iter().any(|ra| {
                rix.qualify(&ra.term) == term
                    && ra.qualifier == a.qualifier
                    && covers(oix, a.value.as_ref(), rix, ra.value.as_ref(), None)
            });
            if !covered {
                let real_same_term: Vec<String> = real
                    .iter()
                    .filter(|ra| rix.qualify(&ra.term) == term)
                    .map(|ra| show(rix, ra.value.as_ref()))
                    .collect();
                self.diff(format!(
                    "{element}: annotation {term}{} = {} is not in the real schema (real: {})",
                    qualifier_suffix(a.qualifier.as_deref()),
                    show(oix, a.value.as_ref()),
                    if real_same_term.is_empty() {
                        "none".to_string()
                    } else {
                        real_same_term.join(" | ")
                    }
                ));
            }
        }
        for ra in real {
            let term = rix.qualify(&ra.term);
            if required.contains(&term.as_str())
                && !ours
                    .iter()
                    .any(|a| oix.qualify(&a.term) == term && a.qualifier == ra.qualifier)
            {
                self.diff(format!(
                    "{element}: the real schema has annotation {term}{} = {}, ours does not",
                    qualifier_suffix(ra.qualifier.as_deref()),
                    show(rix, ra.value.as_ref())
                ));
            }
        }
    }

    pub(super) fn operations(&mut self) {
        let ours = self.ours;
        for op in &ours.operations {
            let key = ours.op_key(op);
            let element = ours.op_target(op);
            let found = self.reals.iter().find_map(|rix| {
                rix.operations
                    .iter()
                    .find(|rop| rix.op_key(rop) == key)
                    .map(|rop| (rix, rop))
            });
            let Some((rix, rop)) = found else {
                self.diff(format!(
                    "{element}: {:?} not in the real schema (overloads are matched by binding type)",
                    op.op.kind
                ));
                continue;
            };
            let (o, r) = (op.op, rop.op);
            for (what, a, b) in [
                ("IsBound", o.is_bound, r.is_bound),
                ("IsComposable", o.is_composable, r.is_composable),
            ] {
                if a != b {
                    self.diff(format!("{element}: {what}={a}, real {what}={b}"));
                }
            }
            if o.entity_set_path != r.entity_set_path {
                self.diff(format!(
                    "{element}: EntitySetPath {:?}, real {:?}",
                    o.entity_set_path, r.entity_set_path
                ));
            }
            let params = |ix: &Index<'_>, op: &Operation| -> Vec<(String, String, bool)> {
                op.parameters
                    .iter()
                    .map(|p| {
                        (
                            p.name.clone(),
                            ix.qualify(&p.type_name),
                            eff_nullable(p.nullable),
                        )
                    })
                    .collect()
            };
            let (op_params, rp_params) = (params(ours, o), params(rix, r));
            if op_params != rp_params {
                self.diff(format!(
                    "{element}: parameters (name, type, nullable) {op_params:?}, real {rp_params:?}"
                ));
            }
            for p in &o.parameters {
                if let Some(rp) = r.parameters.iter().find(|x| x.name == p.name) {
                    self.annotations(
                        &format!("{element}/{}", p.name),
                        &p.annotations,
                        rix,
                        &rp.annotations,
                        &[OPTIONAL_PARAMETER],
                    );
                }
            }
            let ret = |ix: &Index<'_>, op: &Operation| {
                op.return_type
                    .as_ref()
                    .map(|rt| (ix.qualify(&rt.type_name), eff_nullable(rt.nullable)))
            };
            let (or, rr) = (ret(ours, o), ret(rix, r));
            if or != rr {
                self.diff(format!("{element}: return type {or:?}, real {rr:?}"));
            }
            self.annotations(
                &element,
                &o.annotations,
                rix,
                &r.annotations,
                &[REQUIRES_EXPLICIT_BINDING],
            );
        }
    }

    pub(super) fn containers(&mut self) {
        let ours = self.ours;
        for (cname, c) in &ours.containers {
            let found = self.reals.iter().find_map(|rix| {
                rix.containers
                    .iter()
                    .find(|(n, _)| n == cname)
                    .map(|(_, rc)| (rix, *rc))
            });
            let Some((rix, rc)) = found else {
                self.diff(format!("{cname}: entity container not in the real schema"));
                continue;
            };
            for es in &c.entity_sets {
                let element = format!("{cname}/{}", es.name);
                let Some(res) = rc.entity_sets.iter().find(|x| x.name == es.name) else {
                    self.diff(format!("{element}: entity set not in the real container"));
                    continue;
                };
                let (a, b) = (ours.qualify(&es.entity_type), rix.qualify(&res.entity_type));
                if a != b {
                    self.diff(format!("{element}: EntityType {a}, real {b}"));
                }
                for bnd in &es.bindings {
                    if !res
                        .bindings
                        .iter()
                        .any(|x| x.path == bnd.path && x.target == bnd.target)
                    {
                        self.diff(format!(
                            "{element}: binding {} -> {} not in the real schema",
                            bnd.path, bnd.target
                        ));
                    }
                }
                self.annotations(&element, &es.annotations, rix, &res.annotations, &[]);
            }
            for s in &c.singletons {
                let element = format!("{cname}/{}", s.name);
                let Some(rs) = rc.singletons.iter().find(|x| x.name == s.name) else {
                    self.diff(format!("{element}: singleton not in the real container"));
                    continue;
                };
                let (a, b) = (ours.qualify(&s.type_name), rix.qualify(&rs.type_name));
                if a != b {
                    self.diff(format!("{element}: Type {a}, real {b}"));
                }
                for bnd in &s.bindings {
                    if !rs
                        .bindings
                        .iter()
                        .any(|x| x.path == bnd.path && x.target == bnd.target)
                    {
                        self.diff(format!(
                            "{element}: binding {} -> {} not in the real schema",
                            bnd.path, bnd.target
                        ));
                    }
                }
                self.annotations(&element, &s.annotations, rix, &rs.annotations, &[]);
            }
            for (imports, real_imports, what) in [
                (&c.action_imports, &rc.action_imports, "ActionImport"),
                (&c.function_imports, &rc.function_imports, "FunctionImport"),
            ] {
                for imp in imports {
                    let element = format!("{cname}/{}", imp.name);
                    match real_imports.iter().find(|x| x.name == imp.name) {
                        None => self.diff(format!("{element}: {what} not in the real container")),
                        Some(ri) => {
                            let (a, b) = (ours.qualify(&imp.operation), rix.qualify(&ri.operation));
                            if a != b || imp.entity_set != ri.entity_set {
                                self.diff(format!(
                                    "{element}: {what} of {a} (entity set {:?}), real {b} ({:?})",
                                    imp.entity_set, ri.entity_set
                                ));
                            }
                        }
                    }
                }
            }
        }
    }

    pub(super) fn annotation_blocks(&mut self) {
        let ours = self.ours;
        for (target, block) in &ours.annotations {
            let real_blocks: Vec<(&Index<'d>, &Annotations)> = self
                .reals
                .iter()
                .flat_map(|rix| {
                    rix.annotations
                        .iter()
                        .filter(|(t, b)| t == target && b.qualifier == block.qualifier)
                        .map(move |(_, b)| (rix, *b))
                })
                .collect();
            let element = format!("Annotations({target})");
            if real_blocks.is_empty() {
                self.diff(format!(
                    "{element}: no out-of-line annotations with this target in the real schema"
                ));
                continue;
            }
            for a in &block.annotations {
                let term = ours.qualify(&a.term);
                if is_description(&term) {
                    continue;
                }
                let covered = real_blocks.iter().any(|(rix, b)| {
                    b.annotations.iter().any(|ra| {
                        rix.qualify(&ra.term) == term
                            && ra.qualifier == a.qualifier
                            && covers(ours, a.value.as_ref(), rix, ra.value.as_ref(), None)
                    })
                });
                if !covered {
                    self.diff(format!(
                        "{element}: annotation {term}{} = {} is not in the real schema",
                        qualifier_suffix(a.qualifier.as_deref()),
                        show(ours, a.value.as_ref())
                    ));
                }
            }
        }
    }
}

pub(super) fn qualifier_suffix(q: Option<&str>) -> String {
    q.map(|q| format!("#{q}")).unwrap_or_default()
}

/// Whether the real value says at least what ours says: records may have more properties,
/// collections more items; strings under a `Description`/`LongDescription` property are free
/// text (ours are our own words) and are not compared. An absent value is the Boolean `true`.
pub(super) fn covers(
    oix: &Index<'_>,
    ours: Option<&Expr>,
    rix: &Index<'_>,
    real: Option<&Expr>,
    property: Option<&str>,
) -> bool {
    if matches!(property, Some("Description" | "LongDescription")) {
        return true;
    }
    const TRUE: Expr = Expr::Bool(true);
    let o = ours.unwrap_or(&TRUE);
    let r = real.unwrap_or(&TRUE);
    match (o, r) {
        (Expr::Record(o), Expr::Record(r)) => record_covers(oix, o, rix, r),
        (Expr::Collection(o), Expr::Collection(r)) => o.iter().all(|item| {
            r.iter()
                .any(|ritem| covers(oix, Some(item), rix, Some(ritem), property))
        }),
        (Expr::EnumMember(o), Expr::EnumMember(r)) => {
            oix.enum_member_expr(o) == rix.enum_member_expr(r)
        }
        (Expr::Path { kind: ok, path: op }, Expr::Path { kind: rk, path: rp }) => {
            ok == rk && op == rp
        }
        (Expr::String(o), Expr::String(r)) => o == r,
        (Expr::Bool(o), Expr::Bool(r)) => o == r,
        (Expr::Int(o), Expr::Int(r)) => o == r,
        (Expr::Literal { kind: ok, text: ot }, Expr::Literal { kind: rk, text: rt }) => {
            ok == rk && ot.trim() == rt.trim()
        }
        (Expr::Null, Expr::Null) => true,
        (Expr::Other(o), Expr::Other(r)) => o == r,
        _ => false,
    }
}

pub(super) fn record_covers(oix: &Index<'_>, o: &Record, rix: &Index<'_>, r: &Record) -> bool {
    if let Some(ot) = &o.type_name
        && r.type_name.as_ref().map(|rt| rix.qualify(rt)) != Some(oix.qualify(ot))
    {
        return false;
    }
    o.properties.iter().all(|pv| {
        r.properties.iter().any(|rpv| {
            rpv.property == pv.property
                && covers(
                    oix,
                    pv.value.as_ref(),
                    rix,
                    rpv.value.as_ref(),
                    Some(&pv.property),
                )
        })
    })
}

/// A compact rendering of an annotation value for messages (no positions).
pub(super) fn show(ix: &Index<'_>, e: Option<&Expr>) -> String {
    match e {
        None => "(default true)".to_string(),
        Some(Expr::String(s)) => format!("{s:?}"),
        Some(Expr::Bool(b)) => b.to_string(),
        Some(Expr::Int(i)) => i.to_string(),
        Some(Expr::Literal { kind, text }) => format!("{kind}({text})"),
        Some(Expr::EnumMember(m)) => ix.enum_member_expr(m),
        Some(Expr::Path { kind, path }) => format!("{kind}({path})"),
        Some(Expr::Null) => "null".to_string(),
        Some(Expr::Record(r)) => {
            let props: Vec<String> = r
                .properties
                .iter()
                .map(|p| format!("{}: {}", p.property, show(ix, p.value.as_ref())))
                .collect();
            format!(
                "{}{{{}}}",
                r.type_name.as_deref().unwrap_or(""),
                props.join(", ")
            )
        }
        Some(Expr::Collection(items)) => {
            let items: Vec<String> = items.iter().map(|i| show(ix, Some(i))).collect();
            format!("[{}]", items.join(", "))
        }
        Some(Expr::Other(name)) => format!("<{name}>"),
    }
}
