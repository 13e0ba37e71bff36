//! Annotation values: `Annotation`, `Record`, `PropertyValue`, `Collection` and the constant
//! and path expressions, in both attribute form (`String="..."`) and element form
//! (`<String>...</String>`).
//!
//! Expressions nest (`Record` in `Collection` in `PropertyValue` ...); the recursion follows
//! the element nesting, which the parser caps at [`super::parser::MAX_DEPTH`].

use std::borrow::Cow;

use super::parser::{Elem, Ns, Parser, parse_bool, parse_i64};
use super::syntax::{Annotation, Expr, PropertyValue, Record};
use crate::error::Result;

/// Expression names whose value is literal text, kept as [`Expr::Literal`].
const LITERALS: [&str; 8] = [
    "Float",
    "Decimal",
    "Date",
    "DateTimeOffset",
    "Duration",
    "Guid",
    "TimeOfDay",
    "Binary",
];

/// Expression names whose value is a path, kept as [`Expr::Path`].
const PATHS: [&str; 5] = [
    "Path",
    "PropertyPath",
    "NavigationPropertyPath",
    "AnnotationPath",
    "ModelElementPath",
];

/// The canonical `'static` name of a constant or path expression, or `None` when `name` is
/// not one.
fn constant_kind(name: &str) -> Option<&'static str> {
    match name {
        "String" => Some("String"),
        "Bool" => Some("Bool"),
        "Int" => Some("Int"),
        "EnumMember" => Some("EnumMember"),
        _ => LITERALS
            .iter()
            .chain(PATHS.iter())
            .find(|k| **k == name)
            .copied(),
    }
}

/// Builds the expression `kind` (from [`constant_kind`]) from its text.
fn constant(kind: &str, text: Cow<'_, str>) -> Result<Expr, String> {
    Ok(match kind {
        "String" => Expr::String(text.into_owned()),
        "Bool" => Expr::Bool(parse_bool(text.trim())?),
        "Int" => Expr::Int(parse_i64(&text)?),
        "EnumMember" => Expr::EnumMember(text.trim().to_owned()),
        _ if PATHS.contains(&kind) => Expr::Path {
            kind: kind.to_owned(),
            path: text.trim().to_owned(),
        },
        _ => Expr::Literal {
            kind: kind.to_owned(),
            text: text.trim().to_owned(),
        },
    })
}

/// Stores an expression, refusing a second one.
fn set_value(slot: &mut Option<Expr>, value: Expr) -> Result<(), String> {
    if slot.is_some() {
        return Err("more than one value expression".to_owned());
    }
    *slot = Some(value);
    Ok(())
}

impl<'s> Parser<'s> {
    /// An `Annotation` element.
    pub(super) fn annotation(&mut self, e: Elem<'s>) -> Result<Annotation> {
        let mut annotation = Annotation {
            pos: e.pos,
            ..Annotation::default()
        };
        let mut term = None;
        self.attrs(&e, |k, v| {
            match k {
                "Term" => term = Some(v.into_owned()),
                "Qualifier" => annotation.qualifier = Some(v.into_owned()),
                _ => {
                    if let Some(kind) = constant_kind(k) {
                        set_value(&mut annotation.value, constant(kind, v)?)?;
                    }
                }
            }
            Ok(())
        })?;
        annotation.term = self.required(&e, term, "Term")?;
        self.value_children(e.empty, &mut annotation.value)?;
        Ok(annotation)
    }

    /// Reads the children of an `Annotation` or `PropertyValue`: at most one expression;
    /// nested `Annotation`s are checked and dropped.
    fn value_children(&mut self, empty: bool, value: &mut Option<Expr>) -> Result<()> {
        self.children(empty, |p, c| {
            if c.is_edm("Annotation") {
                p.annotation(c)?;
                return Ok(());
            }
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            let pos = c.pos;
            let expr = p.expr(c)?;
            set_value(value, expr).map_err(|msg| p.error(pos, msg))
        })
    }

    /// One expression element.
    fn expr(&mut self, e: Elem<'s>) -> Result<Expr> {
        let local = e.local();
        if let Some(kind) = constant_kind(local) {
            self.check_attrs(&e)?;
            let text = self.text(&e)?;
            return constant(kind, Cow::Owned(text)).map_err(|msg| self.error(e.pos, msg));
        }
        match local {
            "Record" => self.record(e).map(Expr::Record),
            "Collection" => {
                self.check_attrs(&e)?;
                let mut items = Vec::new();
                self.children(e.empty, |p, c| {
                    if c.ns == Ns::Edm && !c.is_edm("Annotation") {
                        items.push(p.expr(c)?);
                        Ok(())
                    } else {
                        p.skip(&c)
                    }
                })?;
                Ok(Expr::Collection(items))
            }
            "Null" => {
                self.skip(&e)?;
                Ok(Expr::Null)
            }
            _ => {
                let name = local.to_owned();
                self.skip(&e)?;
                Ok(Expr::Other(name))
            }
        }
    }

    fn record(&mut self, e: Elem<'s>) -> Result<Record> {
        let mut record = Record {
            pos: e.pos,
            ..Record::default()
        };
        self.attrs(&e, |k, v| {
            if k == "Type" {
                record.type_name = Some(v.into_owned());
            }
            Ok(())
        })?;
        self.children(e.empty, |p, c| {
            if c.is_edm("PropertyValue") {
                record.properties.push(p.property_value(c)?);
                Ok(())
            } else if c.is_edm("Annotation") {
                p.annotation(c).map(drop)
            } else {
                p.skip(&c)
            }
        })?;
        Ok(record)
    }

    fn property_value(&mut self, e: Elem<'s>) -> Result<PropertyValue> {
        let mut property = None;
        let mut value = None;
        self.attrs(&e, |k, v| {
            if k == "Property" {
                property = Some(v.into_owned());
            } else if let Some(kind) = constant_kind(k) {
                set_value(&mut value, constant(kind, v)?)?;
            }
            Ok(())
        })?;
        let property = self.required(&e, property, "Property")?;
        self.value_children(e.empty, &mut value)?;
        Ok(PropertyValue {
            property,
            pos: e.pos,
            value,
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::csdl::parse_str;
    use crate::csdl::syntax::{Annotation, Expr, Record};

    /// Parses `<Annotations Target="x">{annotations}</Annotations>` (the annotations start on
    /// line 4) and returns its annotations.
    fn annotations(annotations: &str) -> Vec<Annotation> {
        let text = format!(
            concat!(
                "<edmx:Edmx Version=\"4.01\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
                "<edmx:DataServices>\n",
                "<Schema Namespace=\"ns\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
                "<Annotations Target=\"x\">{}</Annotations>\n",
                "</Schema></edmx:DataServices></edmx:Edmx>",
            ),
            annotations
        );
        match parse_str(Path::new("a.xml"), &text) {
            Ok(mut doc) => doc.schemas.remove(0).annotations.remove(0).annotations,
            Err(err) => panic!("{err}"),
        }
    }

    fn value(annotation: &str) -> Option<Expr> {
        annotations(annotation).remove(0).value
    }

    fn error(annotation: &str) -> String {
        let text = format!(
            concat!(
                "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
                "<edmx:DataServices>\n",
                "<Schema Namespace=\"ns\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
                "<Annotations Target=\"x\">{}</Annotations>\n",
                "</Schema></edmx:DataServices></edmx:Edmx>",
            ),
            annotation
        );
        match parse_str(Path::new("a.xml"), &text) {
            Ok(_) => panic!("expected an error for {annotation}"),
            Err(err) => err.to_string(),
        }
    }

    fn literal(kind: &str, text: &str) -> Expr {
        Expr::Literal {
            kind: kind.into(),
            text: text.into(),
        }
    }

    fn path(kind: &str, path: &str) -> Expr {
        Expr::Path {
            kind: kind.into(),
            path: path.into(),
        }
    }

    fn expected() -> Vec<(&'static str, &'static str, Expr)> {
        vec![
            ("String", "a &amp; b", Expr::String("a & b".into())),
            ("Bool", "true", Expr::Bool(true)),
            ("Bool", "false", Expr::Bool(false)),
            ("Int", "-42", Expr::Int(-42)),
            ("Int", "9223372036854775807", Expr::Int(i64::MAX)),
            (
                "EnumMember",
                "Cap.HttpMethod/PUT Cap.HttpMethod/GET",
                Expr::EnumMember("Cap.HttpMethod/PUT Cap.HttpMethod/GET".into()),
            ),
            ("Path", "a/b", path("Path", "a/b")),
            (
                "PropertyPath",
                "uniqueName",
                path("PropertyPath", "uniqueName"),
            ),
            (
                "NavigationPropertyPath",
                "manager",
                path("NavigationPropertyPath", "manager"),
            ),
            (
                "AnnotationPath",
                "p/@Core.Description",
                path("AnnotationPath", "p/@Core.Description"),
            ),
            ("ModelElementPath", "ns.t", path("ModelElementPath", "ns.t")),
            ("Float", "1.5e3", literal("Float", "1.5e3")),
            ("Decimal", "-0.10", literal("Decimal", "-0.10")),
            ("Date", "2021-06-08", literal("Date", "2021-06-08")),
            (
                "DateTimeOffset",
                "2021-06-08T01:02:03Z",
                literal("DateTimeOffset", "2021-06-08T01:02:03Z"),
            ),
            ("Duration", "P1D", literal("Duration", "P1D")),
            (
                "Guid",
                "21EC2020-3AEA-1069-A2DD-08002B30309D",
                literal("Guid", "21EC2020-3AEA-1069-A2DD-08002B30309D"),
            ),
            (
                "TimeOfDay",
                "07:59:59.999",
                literal("TimeOfDay", "07:59:59.999"),
            ),
            ("Binary", "T0RhdGE", literal("Binary", "T0RhdGE")),
        ]
    }

    #[test]
    fn constant_attributes() {
        for (kind, text, expr) in expected() {
            let got = value(&format!("<Annotation Term=\"T\" {kind}=\"{text}\"/>"));
            assert_eq!(got, Some(expr), "{kind}");
        }
    }

    #[test]
    fn constant_elements() {
        for (kind, text, expr) in expected() {
            let got = value(&format!(
                "<Annotation Term=\"T\"><{kind}>{text}</{kind}></Annotation>"
            ));
            assert_eq!(got, Some(expr.clone()), "{kind}");
            // Surrounding whitespace is kept in strings only.
            if kind != "String" {
                let padded =
                    format!("<Annotation Term=\"T\">\n  <{kind}> {text}\n</{kind}>\n</Annotation>");
                assert_eq!(value(&padded), Some(expr), "{kind}");
            }
        }
    }

    #[test]
    fn string_text_is_unescaped_and_kept_verbatim() {
        let got = value(
            "<Annotation Term=\"T\"><String> a&lt;b&#x41;<![CDATA[<&>]]>\n c </String></Annotation>",
        );
        assert_eq!(got, Some(Expr::String(" a<bA<&>\n c ".into())));
        let got = value("<Annotation Term=\"T\" String=\"line&#xA;next&#x9;tab\"/>");
        assert_eq!(got, Some(Expr::String("line\nnext\ttab".into())));
        assert_eq!(
            value("<Annotation Term=\"T\"><String/></Annotation>"),
            Some(Expr::String(String::new()))
        );
    }

    #[test]
    fn annotation_attributes_and_default_value() {
        let all = annotations(concat!(
            "<Annotation Term=\"Core.Description\" Qualifier=\"q\" String=\"d\"/>",
            "<Annotation Term=\"Core.Computed\"/>",
        ));
        assert_eq!(all[0].term, "Core.Description");
        assert_eq!(all[0].qualifier.as_deref(), Some("q"));
        assert_eq!((all[0].pos.line, all[0].pos.col), (4, 25));
        assert_eq!(all[1].value, None);
        assert_eq!(all[1].qualifier, None);
    }

    #[test]
    fn records_collections_null_and_other() {
        let got = value(concat!(
            "<Annotation Term=\"T\">\n",
            "  <Collection>\n",
            "    <Record Type=\"Core.AlternateKey\">\n",
            "      <PropertyValue Property=\"Alias\" String=\"u\"/>\n",
            "      <PropertyValue Property=\"Key\"><Collection><PropertyPath>id</PropertyPath></Collection></PropertyValue>\n",
            "      <PropertyValue Property=\"Nested\"><Record><PropertyValue Property=\"b\" Bool=\"false\"/></Record></PropertyValue>\n",
            "      <PropertyValue Property=\"Empty\"/>\n",
            "      <Annotation Term=\"On.Record\"/>\n",
            "    </Record>\n",
            "    <Null/>\n",
            "    <Apply Function=\"odata.concat\"><String>a</String></Apply>\n",
            "    <If><Bool>true</Bool><Int>1</Int><Int>2</Int></If>\n",
            "    <Int>7</Int>\n",
            "  </Collection>\n",
            "</Annotation>",
        ));
        let Some(Expr::Collection(items)) = got else {
            panic!("{got:?}")
        };
        assert_eq!(items.len(), 5);
        let Expr::Record(record) = &items[0] else {
            panic!("{:?}", items[0])
        };
        assert_eq!(record.type_name.as_deref(), Some("Core.AlternateKey"));
        assert_eq!((record.pos.line, record.pos.col), (6, 5));
        assert_eq!(record.properties.len(), 4);
        assert_eq!(record.get("Alias"), Some(&Expr::String("u".into())));
        assert_eq!(
            (record.properties[1].pos.line, record.properties[1].pos.col),
            (8, 7)
        );
        assert_eq!(
            record.get("Key"),
            Some(&Expr::Collection(vec![path("PropertyPath", "id")]))
        );
        let Some(Expr::Record(Record { properties, .. })) = record.get("Nested") else {
            panic!()
        };
        assert_eq!(properties[0].value, Some(Expr::Bool(false)));
        assert_eq!(record.properties[3].value, None);
        assert_eq!(record.get("Empty"), None);
        assert_eq!(record.get("Missing"), None);
        assert_eq!(items[1], Expr::Null);
        assert_eq!(items[2], Expr::Other("Apply".into()));
        assert_eq!(items[3], Expr::Other("If".into()));
        assert_eq!(items[4], Expr::Int(7));
    }

    #[test]
    fn nested_annotations_and_foreign_elements_are_not_values() {
        let got = value(concat!(
            "<Annotation Term=\"T\" xmlns:x=\"urn:x\" x:extra=\"1\">",
            "<Annotation Term=\"Meta\" String=\"m\"/><x:Int>5</x:Int><Int>6</Int>",
            "</Annotation>",
        ));
        assert_eq!(got, Some(Expr::Int(6)));
    }

    #[test]
    fn errors() {
        let err = error("<Annotation Term=\"T\" String=\"a\"><String>b</String></Annotation>");
        assert!(
            err.starts_with("a.xml:4:57: Schema(ns)/Annotations(x)/Annotation(T): more than one value expression"),
            "{err}"
        );
        let err = error("<Annotation Term=\"T\" Bool=\"true\" Int=\"1\"/>");
        assert!(
            err.starts_with("a.xml:4:58: Schema(ns)/Annotations(x)/Annotation(T): attribute `Int`: more than one value expression"),
            "{err}"
        );
        let err = error(
            "<Annotation Term=\"T\"><Record><PropertyValue Property=\"p\" Bool=\"TRUE\"/></Record></Annotation>",
        );
        assert!(
            err.starts_with("a.xml:4:82: Schema(ns)/Annotations(x)/Annotation(T)/Record/PropertyValue(p): attribute `Bool`: expected `true` or `false`, found `TRUE`"),
            "{err}"
        );
        let err = error("<Annotation Term=\"T\"><Int>12a</Int></Annotation>");
        assert!(
            err.starts_with("a.xml:4:46: Schema(ns)/Annotations(x)/Annotation(T): `12a` is not a valid 64-bit integer"),
            "{err}"
        );
        let err = error("<Annotation Term=\"T\"><Collection><String>a</Collection></Annotation>");
        assert!(err.starts_with("a.xml:4:"), "{err}");
        assert!(
            err.contains("Annotation(T)/Collection/String: malformed XML"),
            "{err}"
        );
    }
}
