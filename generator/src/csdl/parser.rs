//! The CSDL XML reader: turns EDMX 4.0/4.01 text into a [`Document`].
//!
//! The reader is a recursive-descent walk over [`quick_xml::NsReader`] events. Elements are
//! matched by namespace URI and local name, so any prefix works; elements from foreign
//! namespaces and unknown EDM elements are skipped with their whole subtree. Recursion follows
//! the element nesting, which is capped at [`MAX_DEPTH`], so no input can overflow the stack.
//!
//! Every node records the [`Pos`] of its start tag. Line and column are computed by advancing
//! a cursor from the previous element, so the whole file is scanned once. Errors carry the
//! element path of the open elements (e.g. `Schema(microsoft.graph)/EntityType(user)`), which
//! is rebuilt from the source text only when an error is reported.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use quick_xml::NsReader;
use quick_xml::XmlVersion;
use quick_xml::escape::EscapeError;
use quick_xml::events::attributes::{AttrError, Attributes};
use quick_xml::events::{BytesCData, BytesStart, BytesText, Event};
use quick_xml::name::ResolveResult;

use super::syntax::{
    Annotation, Annotations, Document, EntityContainer, EntitySet, EnumMember, EnumType, Include,
    NavigationProperty, NavigationPropertyBinding, Operation, OperationImport, OperationKind,
    Parameter, Pos, Property, PropertyRef, Reference, ReturnType, Schema, Singleton,
    StructuredType, Term, TypeDefinition,
};
use crate::error::{Diagnostic, Error, Result, pos_at};

/// The EDMX namespace (`edmx:Edmx`, `edmx:Reference`, `edmx:DataServices`, ...).
pub const EDMX_NS: &str = "http://docs.oasis-open.org/odata/ns/edmx";
/// The EDM namespace (`Schema` and everything in it).
pub const EDM_NS: &str = "http://docs.oasis-open.org/odata/ns/edm";
/// The deepest element nesting accepted; deeper documents are rejected with an error.
pub const MAX_DEPTH: usize = 64;

/// Parses CSDL text. `path` is used in messages only.
///
/// A leading byte order mark is ignored: positions count from the first character after it.
pub fn parse_str(path: &Path, text: &str) -> Result<Document> {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (version, references, schemas) = Parser::new(path, src).document()?;
    Ok(Document {
        path: path.to_path_buf(),
        source: Arc::from(src),
        version,
        references,
        schemas,
    })
}

/// Reads and parses a CSDL file, which must be UTF-8 (with or without a byte order mark).
pub fn parse_file(path: &Path) -> Result<Document> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    match std::str::from_utf8(&bytes) {
        Ok(text) => parse_str(path, text),
        Err(err) => {
            let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
            // The prefix is valid UTF-8 by construction; fall back to "" rather than panic.
            let prefix = std::str::from_utf8(valid).unwrap_or_default();
            let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
            let byte = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
            let pos = pos_at(prefix, prefix.len());
            Err(Diagnostic::new(
                path,
                prefix,
                pos,
                "",
                format!("the file is not valid UTF-8 (invalid byte 0x{byte:02X})"),
            )
            .into())
        }
    }
}

/// Which namespace an element name resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// The EDMX namespace.
    Edmx,
    /// The EDM namespace.
    Edm,
    /// Anything else, or no namespace.
    Other,
}

/// A start tag (or empty-element tag) with its resolved namespace and position.
#[derive(Debug)]
pub(super) struct Elem<'s> {
    pub(super) ns: Ns,
    pub(super) start: BytesStart<'s>,
    /// `<tag/>`: there are no children and no end event.
    pub(super) empty: bool,
    pub(super) pos: Pos,
}

impl Elem<'_> {
    /// The local name (without prefix).
    pub(super) fn local(&self) -> &str {
        self.start.local_name().into_inner()
    }

    /// Whether this is the EDM element `local`.
    pub(super) fn is_edm(&self, local: &str) -> bool {
        self.ns == Ns::Edm && self.local() == local
    }

    fn is_edmx(&self, local: &str) -> bool {
        self.ns == Ns::Edmx && self.local() == local
    }
}

/// The events the handlers see: comments, processing instructions and the XML declaration
/// are consumed by [`Parser::next`], entity references are already resolved.
pub(super) enum Ev<'s> {
    Start(Elem<'s>),
    End,
    Text(BytesText<'s>),
    CData(BytesCData<'s>),
    Char(char),
    Eof,
}

/// An open element: the byte range of its start tag.
#[derive(Debug, Clone, Copy)]
struct Frame {
    start: usize,
    end: usize,
    /// False for the `edmx:Edmx` and `edmx:DataServices` wrappers.
    in_path: bool,
}

/// The parsing state for one document.
pub(super) struct Parser<'s> {
    file: &'s Path,
    src: &'s str,
    reader: NsReader<&'s [u8]>,
    frames: Vec<Frame>,
    /// The top frame belongs to an empty element and is popped by the next [`Parser::next`].
    pending_pop: bool,
    /// The position of the last element start, for incremental line/column counting.
    cursor: Pos,
    root_seen: bool,
}

impl<'s> Parser<'s> {
    fn new(file: &'s Path, src: &'s str) -> Self {
        let mut reader = NsReader::from_str(src);
        let config = reader.config_mut();
        config.enable_all_checks(true);
        config.expand_empty_elements = false;
        config.trim_text(false);
        config.allow_dangling_amp = false;
        config.allow_unmatched_ends = false;
        Parser {
            file,
            src,
            reader,
            frames: Vec::with_capacity(MAX_DEPTH + 1),
            pending_pop: false,
            cursor: Pos {
                offset: 0,
                line: 1,
                col: 1,
            },
            root_seen: false,
        }
    }

    fn offset(&self) -> usize {
        usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX)
    }

    /// Reads the next event that matters to the handlers, enforcing the document-level rules
    /// (one root, no text outside it, no DOCTYPE, bounded depth, only predefined entities).
    pub(super) fn next(&mut self) -> Result<Ev<'s>> {
        if self.pending_pop {
            self.frames.pop();
            self.pending_pop = false;
        }
        loop {
            let before = self.offset();
            let read = self
                .reader
                .read_resolved_event()
                .map(|(ns, event)| (classify(ns), event));
            let (ns, event) = match read {
                Ok((Ok(ns), event)) => (ns, event),
                Ok((Err(prefix), _)) => {
                    return Err(
                        self.error_at(before, format!("undeclared namespace prefix `{prefix}`"))
                    );
                }
                Err(err) => {
                    let at = self.reader.error_position();
                    let at = usize::try_from(at).unwrap_or(before).max(before);
                    return Err(self.error_at(at, format!("malformed XML: {err}")));
                }
            };
            let outside = self.frames.is_empty();
            match event {
                Event::Start(start) => return self.open(ns, start, false, before),
                Event::Empty(start) => return self.open(ns, start, true, before),
                Event::End(_) => {
                    self.frames.pop();
                    return Ok(Ev::End);
                }
                Event::Text(text) => {
                    if outside && let Some(i) = text.bytes().position(|b| !is_xml_space(b)) {
                        return Err(self.error_at(before + i, "text outside the root element"));
                    }
                    return Ok(Ev::Text(text));
                }
                Event::CData(data) => {
                    if outside {
                        return Err(self.error_at(before, "CDATA outside the root element"));
                    }
                    return Ok(Ev::CData(data));
                }
                Event::GeneralRef(name) => {
                    let ch = if name.is_char_ref() {
                        match name.resolve_char_ref() {
                            Ok(Some(ch)) => ch,
                            _ => {
                                return Err(self.error_at(
                                    before,
                                    format!("invalid character reference `&{};`", &*name),
                                ));
                            }
                        }
                    } else {
                        match predefined_entity(&name) {
                            Some(ch) => ch,
                            None => {
                                return Err(self.error_at(before, entity_message(&name)));
                            }
                        }
                    };
                    if outside {
                        return Err(self.error_at(before, "text outside the root element"));
                    }
                    return Ok(Ev::Char(ch));
                }
                Event::Comment(_) | Event::PI(_) => {}
                Event::Decl(decl) => {
                    if before != 0 {
                        return Err(self.error_at(
                            before,
                            "the XML declaration is only allowed at the very start of the document",
                        ));
                    }
                    if let Some(Ok(enc)) = decl.encoding()
                        && !enc.eq_ignore_ascii_case("utf-8")
                    {
                        return Err(self.error_at(
                            before,
                            format!("unsupported encoding `{enc}`: only UTF-8 is supported"),
                        ));
                    }
                }
                Event::DocType(_) => {
                    return Err(self.error_at(
                        before,
                        "DOCTYPE is not allowed in CSDL documents (no DTDs or entity declarations)",
                    ));
                }
                Event::Eof => {
                    if let Some(frame) = self.frames.last().copied() {
                        let name = self.tag_name(frame);
                        let opened = self.pos_of(frame.start);
                        return Err(self.error_at(
                            self.src.len(),
                            format!(
                                "unexpected end of input: `<{name}>` opened at {}:{} is not closed",
                                opened.line, opened.col
                            ),
                        ));
                    }
                    return Ok(Ev::Eof);
                }
            }
        }
    }

    fn open(
        &mut self,
        ns: Ns,
        start: BytesStart<'s>,
        empty: bool,
        before: usize,
    ) -> Result<Ev<'s>> {
        if self.frames.is_empty() {
            if self.root_seen {
                return Err(self.error_at(before, "more than one root element"));
            }
            self.root_seen = true;
        }
        let pos = self.advance(before);
        let local = start.local_name().into_inner();
        let in_path = !(ns == Ns::Edmx && (local == "Edmx" || local == "DataServices"));
        self.frames.push(Frame {
            start: before,
            end: self.offset(),
            in_path,
        });
        if self.frames.len() > MAX_DEPTH {
            return Err(self.error(
                pos,
                format!("elements are nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.pending_pop = empty;
        Ok(Ev::Start(Elem {
            ns,
            start,
            empty,
            pos,
        }))
    }

    // ----- positions and errors -------------------------------------------------------------

    /// The position of `offset`, moving the cursor there (offsets only grow while parsing).
    fn advance(&mut self, offset: usize) -> Pos {
        let pos = self.pos_of(offset);
        self.cursor = pos;
        pos
    }

    /// The position of `offset`, counted from the cursor when possible.
    fn pos_of(&self, offset: usize) -> Pos {
        if offset < self.cursor.offset {
            return pos_at(self.src, offset);
        }
        let bytes = self.src.as_bytes();
        let Some(seg) = bytes.get(self.cursor.offset..offset.min(bytes.len())) else {
            return pos_at(self.src, offset);
        };
        let (line, col) = match seg.iter().rposition(|&b| b == b'\n') {
            Some(last) => {
                let newlines = seg.iter().filter(|&&b| b == b'\n').count();
                let tail = seg.get(last + 1..).unwrap_or_default();
                (
                    self.cursor.line.saturating_add(to_u32(newlines)),
                    to_u32(count_chars(tail)).saturating_add(1),
                )
            }
            None => (
                self.cursor.line,
                self.cursor.col.saturating_add(to_u32(count_chars(seg))),
            ),
        };
        Pos { offset, line, col }
    }

    /// An error at `pos`, inside the currently open elements.
    pub(super) fn error(&self, pos: Pos, message: impl Into<String>) -> Error {
        Diagnostic::new(self.file, self.src, pos, self.path(), message).into()
    }

    /// An error at byte `offset`, inside the currently open elements.
    pub(super) fn error_at(&self, offset: usize, message: impl Into<String>) -> Error {
        self.error(self.pos_of(offset), message)
    }

    /// The element path of the open elements, e.g. `Schema(ns)/EntityType(t)`.
    fn path(&self) -> String {
        let mut path = String::new();
        for frame in self.frames.iter().filter(|f| f.in_path) {
            if !path.is_empty() {
                path.push('/');
            }
            self.push_segment(&mut path, *frame);
        }
        path
    }

    /// The text between `<` and `>` (without a trailing `/`) of a frame's start tag, and the
    /// length of its name.
    fn tag_content(&self, frame: Frame) -> (&'s str, usize) {
        let inner = self
            .src
            .get(frame.start + 1..frame.end.saturating_sub(1))
            .unwrap_or_default();
        let inner = inner.strip_suffix('/').unwrap_or(inner);
        let name_len = inner
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(inner.len());
        (inner, name_len)
    }

    fn tag_name(&self, frame: Frame) -> &'s str {
        let (inner, name_len) = self.tag_content(frame);
        inner.get(..name_len).unwrap_or_default()
    }

    fn push_segment(&self, path: &mut String, frame: Frame) {
        let (inner, name_len) = self.tag_content(frame);
        let qname = inner.get(..name_len).unwrap_or_default();
        let local = qname.rsplit(':').next().unwrap_or(qname);
        path.push_str(local);
        let key = match local {
            "Schema" | "Include" => "Namespace",
            "Reference" => "Uri",
            "Annotations" => "Target",
            "Annotation" => "Term",
            "PropertyValue" => "Property",
            "NavigationPropertyBinding" => "Path",
            _ => "Name",
        };
        let value = Attributes::new(inner, name_len)
            .map_while(|a| a.ok())
            .find(|a| a.key.0 == key)
            .map(|a| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .unwrap_or_else(|_| a.value.clone())
            });
        if let Some(value) = value {
            path.push('(');
            path.push_str(&value);
            path.push(')');
        }
    }

    // ----- generic element handling ---------------------------------------------------------

    /// Calls `f` with every unprefixed attribute (name, unescaped value). Validates the syntax
    /// and escapes of all attributes, including the ignored ones. An `Err(message)` from `f`
    /// becomes an error at the attribute.
    pub(super) fn attrs<'e>(
        &self,
        e: &'e Elem<'s>,
        mut f: impl FnMut(&str, Cow<'e, str>) -> Result<(), String>,
    ) -> Result<()> {
        for attr in e.start.attributes() {
            let attr = match attr {
                Ok(attr) => attr,
                Err(err) => {
                    let rel = match err {
                        AttrError::ExpectedEq(p)
                        | AttrError::ExpectedValue(p)
                        | AttrError::UnquotedValue(p)
                        | AttrError::ExpectedQuote(p, _)
                        | AttrError::Duplicated(p, _) => p,
                    };
                    return Err(self.error_at(
                        e.pos.offset + 1 + rel,
                        format!("malformed attribute: {err}"),
                    ));
                }
            };
            let key = attr.key.0;
            let at = self.offset_in_src(key).unwrap_or(e.pos.offset);
            let value = match attr.normalized_value(XmlVersion::Implicit1_0) {
                Ok(value) => value,
                Err(quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(_, name))) => {
                    return Err(self.error_at(at, entity_message(&name)));
                }
                Err(err) => {
                    return Err(self.error_at(at, format!("attribute `{key}`: {err}")));
                }
            };
            if key.contains(':') || key == "xmlns" {
                continue;
            }
            f(key, value).map_err(|msg| self.error_at(at, format!("attribute `{key}`: {msg}")))?;
        }
        Ok(())
    }

    /// Validates the attributes of an element whose attributes are all ignored.
    pub(super) fn check_attrs(&self, e: &Elem<'s>) -> Result<()> {
        self.attrs(e, |_, _| Ok(()))
    }

    /// The byte offset of a slice of the source text.
    fn offset_in_src(&self, s: &str) -> Option<usize> {
        let base = self.src.as_ptr() as usize;
        let at = s.as_ptr() as usize;
        (at >= base && at + s.len() <= base + self.src.len()).then(|| at - base)
    }

    /// A required attribute's value, or an error at the element.
    pub(super) fn required(
        &self,
        e: &Elem<'s>,
        value: Option<String>,
        name: &str,
    ) -> Result<String> {
        match value {
            Some(v) if !v.is_empty() => Ok(v),
            Some(_) => Err(self.error(e.pos, format!("attribute `{name}` must not be empty"))),
            None => Err(self.error(e.pos, format!("missing required attribute `{name}`"))),
        }
    }

    /// Skips an element and its subtree (validating attributes on the way).
    pub(super) fn skip(&mut self, e: &Elem<'s>) -> Result<()> {
        self.check_attrs(e)?;
        if e.empty {
            return Ok(());
        }
        let mut depth = 1usize;
        while depth > 0 {
            match self.next()? {
                Ev::Start(child) => {
                    self.check_attrs(&child)?;
                    if !child.empty {
                        depth += 1;
                    }
                }
                Ev::End => depth -= 1,
                Ev::Eof => break,
                Ev::Text(_) | Ev::CData(_) | Ev::Char(_) => {}
            }
        }
        Ok(())
    }

    /// Reads the children of an element (that was not `empty`) up to its end tag, calling `f`
    /// for each EDM or EDMX child; children in other namespaces and text are skipped.
    pub(super) fn children(
        &mut self,
        empty: bool,
        mut f: impl FnMut(&mut Self, Elem<'s>) -> Result<()>,
    ) -> Result<()> {
        if empty {
            return Ok(());
        }
        loop {
            match self.next()? {
                Ev::Start(child) if child.ns == Ns::Other => self.skip(&child)?,
                Ev::Start(child) => f(self, child)?,
                Ev::End | Ev::Eof => return Ok(()),
                Ev::Text(_) | Ev::CData(_) | Ev::Char(_) => {}
            }
        }
    }

    /// Reads the text content of an element up to its end tag; child elements are skipped.
    pub(super) fn text(&mut self, e: &Elem<'s>) -> Result<String> {
        let mut out = String::new();
        if e.empty {
            return Ok(out);
        }
        loop {
            match self.next()? {
                Ev::Text(text) => out.push_str(&text.xml10_content()),
                Ev::CData(data) => out.push_str(&data.xml10_content()),
                Ev::Char(ch) => out.push(ch),
                Ev::Start(child) => self.skip(&child)?,
                Ev::End | Ev::Eof => return Ok(out),
            }
        }
    }

    /// Reads the children of an element that may only hold `Annotation`s.
    fn annotations_into(&mut self, empty: bool, out: &mut Vec<Annotation>) -> Result<()> {
        self.children(empty, |p, c| {
            if c.is_edm("Annotation") {
                out.push(p.annotation(c)?);
                Ok(())
            } else {
                p.skip(&c)
            }
        })
    }

    /// Like [`Parser::annotations_into`] for elements without an `annotations` field: the
    /// annotations are checked and dropped.
    fn drop_annotations(&mut self, empty: bool) -> Result<()> {
        let mut dropped = Vec::new();
        self.annotations_into(empty, &mut dropped)
    }

    // ----- EDMX ----------------------------------------------------------------------------

    fn document(mut self) -> Result<(String, Vec<Reference>, Vec<Schema>)> {
        let root = loop {
            match self.next()? {
                Ev::Start(e) => break e,
                Ev::Eof => {
                    return Err(self.error_at(self.src.len(), "the document has no root element"));
                }
                Ev::End | Ev::Text(_) | Ev::CData(_) | Ev::Char(_) => {}
            }
        };
        if !root.is_edmx("Edmx") {
            return Err(self.error(
                root.pos,
                format!(
                    "the root element must be `edmx:Edmx` in namespace {EDMX_NS}, found `{}`",
                    root.start.name().0
                ),
            ));
        }
        let mut version = None;
        self.attrs(&root, |k, v| {
            if k == "Version" {
                if v != "4.0" && v != "4.01" {
                    return Err(format!(
                        "unsupported EDMX version `{v}` (expected 4.0 or 4.01)"
                    ));
                }
                version = Some(v.into_owned());
            }
            Ok(())
        })?;
        let version = self.required(&root, version, "Version")?;
        let mut references = Vec::new();
        let mut schemas = Vec::new();
        let mut data_services = false;
        self.children(root.empty, |p, c| {
            if c.is_edmx("Reference") {
                references.push(p.reference(c)?);
            } else if c.is_edmx("DataServices") {
                data_services = true;
                p.check_attrs(&c)?;
                p.children(c.empty, |p, s| {
                    if s.is_edm("Schema") {
                        schemas.push(p.schema(s)?);
                        Ok(())
                    } else {
                        p.skip(&s)
                    }
                })?;
            } else {
                p.skip(&c)?;
            }
            Ok(())
        })?;
        if !data_services {
            return Err(self.error(root.pos, "`edmx:Edmx` has no `edmx:DataServices` element"));
        }
        while !matches!(self.next()?, Ev::Eof) {}
        Ok((version, references, schemas))
    }

    fn reference(&mut self, e: Elem<'s>) -> Result<Reference> {
        let mut uri = None;
        self.attrs(&e, |k, v| {
            if k == "Uri" {
                uri = Some(v.into_owned());
            }
            Ok(())
        })?;
        let uri = self.required(&e, uri, "Uri")?;
        let mut includes = Vec::new();
        self.children(e.empty, |p, c| {
            if !c.is_edmx("Include") {
                return p.skip(&c);
            }
            let (mut namespace, mut alias) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Namespace" => namespace = Some(v.into_owned()),
                    "Alias" => alias = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            includes.push(Include {
                namespace: p.required(&c, namespace, "Namespace")?,
                alias,
                pos: c.pos,
            });
            p.drop_annotations(c.empty)
        })?;
        Ok(Reference {
            uri,
            includes,
            pos: e.pos,
        })
    }

    // ----- Schema --------------------------------------------------------------------------

    fn schema(&mut self, e: Elem<'s>) -> Result<Schema> {
        let mut schema = Schema {
            pos: e.pos,
            ..Schema::default()
        };
        let mut namespace = None;
        self.attrs(&e, |k, v| {
            match k {
                "Namespace" => namespace = Some(v.into_owned()),
                "Alias" => schema.alias = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        schema.namespace = self.required(&e, namespace, "Namespace")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "EntityType" => schema.entity_types.push(p.structured(c)?),
                "ComplexType" => schema.complex_types.push(p.structured(c)?),
                "EnumType" => schema.enum_types.push(p.enum_type(c)?),
                "TypeDefinition" => schema.type_definitions.push(p.type_definition(c)?),
                "Action" => schema
                    .operations
                    .push(p.operation(c, OperationKind::Action)?),
                "Function" => schema
                    .operations
                    .push(p.operation(c, OperationKind::Function)?),
                "EntityContainer" => schema.containers.push(p.container(c)?),
                "Term" => schema.terms.push(p.term(c)?),
                "Annotations" => schema.annotations.push(p.annotations(c)?),
                "Annotation" => {
                    // An annotation of the schema itself: kept as an out-of-line annotation
                    // that targets the schema's namespace.
                    let annotation = p.annotation(c)?;
                    schema.annotations.push(Annotations {
                        target: schema.namespace.clone(),
                        qualifier: None,
                        pos: annotation.pos,
                        annotations: vec![annotation],
                    });
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(schema)
    }

    fn structured(&mut self, e: Elem<'s>) -> Result<StructuredType> {
        let mut ty = StructuredType {
            pos: e.pos,
            ..StructuredType::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "BaseType" => ty.base_type = Some(v.into_owned()),
                "Abstract" => ty.is_abstract = parse_bool(&v)?,
                "OpenType" => ty.open_type = parse_bool(&v)?,
                "HasStream" => ty.has_stream = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        ty.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "Property" => ty.properties.push(p.property(c)?),
                "NavigationProperty" => ty.navigation_properties.push(p.navigation_property(c)?),
                "Annotation" => ty.annotations.push(p.annotation(c)?),
                "Key" => {
                    if ty.key.is_some() {
                        return Err(p.error(c.pos, "more than one `Key` element"));
                    }
                    ty.key = Some(p.key(c)?);
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(ty)
    }

    fn key(&mut self, e: Elem<'s>) -> Result<Vec<PropertyRef>> {
        self.check_attrs(&e)?;
        let mut refs = Vec::new();
        self.children(e.empty, |p, c| {
            if !c.is_edm("PropertyRef") {
                return p.skip(&c);
            }
            let (mut name, mut alias) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Name" => name = Some(v.into_owned()),
                    "Alias" => alias = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            refs.push(PropertyRef {
                name: p.required(&c, name, "Name")?,
                alias,
                pos: c.pos,
            });
            p.drop_annotations(c.empty)
        })?;
        Ok(refs)
    }

    fn property(&mut self, e: Elem<'s>) -> Result<Property> {
        let mut prop = Property {
            pos: e.pos,
            ..Property::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => prop.nullable = Some(parse_bool(&v)?),
                "MaxLength" => prop.max_length = Some(v.into_owned()),
                "Precision" => {
                    prop.precision = Some(v.trim().parse().map_err(|_| {
                        format!("`{v}` is not a valid precision (a non-negative integer)")
                    })?);
                }
                "Scale" => prop.scale = Some(v.into_owned()),
                "DefaultValue" => prop.default_value = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        prop.name = self.required(&e, name, "Name")?;
        prop.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut prop.annotations)?;
        Ok(prop)
    }

    fn navigation_property(&mut self, e: Elem<'s>) -> Result<NavigationProperty> {
        let mut nav = NavigationProperty {
            pos: e.pos,
            ..NavigationProperty::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => nav.nullable = Some(parse_bool(&v)?),
                "Partner" => nav.partner = Some(v.into_owned()),
                "ContainsTarget" => nav.contains_target = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        nav.name = self.required(&e, name, "Name")?;
        nav.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut nav.annotations)?;
        Ok(nav)
    }

    fn enum_type(&mut self, e: Elem<'s>) -> Result<EnumType> {
        let mut ty = EnumType {
            pos: e.pos,
            ..EnumType::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "UnderlyingType" => ty.underlying_type = Some(v.into_owned()),
                "IsFlags" => ty.is_flags = parse_bool(&v)?,
                _ => {}
            }
            Ok(())
        })?;
        ty.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.is_edm("Annotation") {
                ty.annotations.push(p.annotation(c)?);
                return Ok(());
            }
            if !c.is_edm("Member") {
                return p.skip(&c);
            }
            let mut member = EnumMember {
                pos: c.pos,
                ..EnumMember::default()
            };
            let mut name = None;
            p.attrs(&c, |k, v| {
                match k {
                    "Name" => name = Some(v.into_owned()),
                    "Value" => member.value = Some(parse_i64(&v)?),
                    _ => {}
                }
                Ok(())
            })?;
            member.name = p.required(&c, name, "Name")?;
            p.annotations_into(c.empty, &mut member.annotations)?;
            ty.members.push(member);
            Ok(())
        })?;
        Ok(ty)
    }

    fn type_definition(&mut self, e: Elem<'s>) -> Result<TypeDefinition> {
        let mut def = TypeDefinition {
            pos: e.pos,
            ..TypeDefinition::default()
        };
        let (mut name, mut underlying) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "UnderlyingType" => underlying = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        def.name = self.required(&e, name, "Name")?;
        def.underlying_type = self.required(&e, underlying, "UnderlyingType")?;
        self.annotations_into(e.empty, &mut def.annotations)?;
        Ok(def)
    }

    fn operation(&mut self, e: Elem<'s>, kind: OperationKind) -> Result<Operation> {
        let mut op = Operation {
            kind,
            pos: e.pos,
            ..Operation::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "IsBound" => op.is_bound = parse_bool(&v)?,
                "IsComposable" => op.is_composable = parse_bool(&v)?,
                "EntitySetPath" => op.entity_set_path = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        op.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "Parameter" => op.parameters.push(p.parameter(c)?),
                "Annotation" => op.annotations.push(p.annotation(c)?),
                "ReturnType" => {
                    if op.return_type.is_some() {
                        return Err(p.error(c.pos, "more than one `ReturnType` element"));
                    }
                    op.return_type = Some(p.return_type(c)?);
                }
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(op)
    }

    fn parameter(&mut self, e: Elem<'s>) -> Result<Parameter> {
        let mut param = Parameter {
            pos: e.pos,
            ..Parameter::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => param.nullable = Some(parse_bool(&v)?),
                _ => {}
            }
            Ok(())
        })?;
        param.name = self.required(&e, name, "Name")?;
        param.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut param.annotations)?;
        Ok(param)
    }

    fn return_type(&mut self, e: Elem<'s>) -> Result<ReturnType> {
        let mut ret = ReturnType {
            pos: e.pos,
            ..ReturnType::default()
        };
        let mut ty = None;
        self.attrs(&e, |k, v| {
            match k {
                "Type" => ty = Some(v.into_owned()),
                "Nullable" => ret.nullable = Some(parse_bool(&v)?),
                _ => {}
            }
            Ok(())
        })?;
        ret.type_name = self.required(&e, ty, "Type")?;
        self.drop_annotations(e.empty)?;
        Ok(ret)
    }

    // ----- EntityContainer ------------------------------------------------------------------

    fn container(&mut self, e: Elem<'s>) -> Result<EntityContainer> {
        let mut container = EntityContainer {
            pos: e.pos,
            ..EntityContainer::default()
        };
        let mut name = None;
        self.attrs(&e, |k, v| {
            if k == "Name" {
                name = Some(v.into_owned());
            }
            Ok(())
        })?;
        container.name = self.required(&e, name, "Name")?;
        self.children(e.empty, |p, c| {
            if c.ns != Ns::Edm {
                return p.skip(&c);
            }
            match c.local() {
                "EntitySet" => container.entity_sets.push(p.entity_set(c)?),
                "Singleton" => container.singletons.push(p.singleton(c)?),
                "ActionImport" => container.action_imports.push(p.import(c, "Action")?),
                "FunctionImport" => container.function_imports.push(p.import(c, "Function")?),
                "Annotation" => container.annotations.push(p.annotation(c)?),
                _ => p.skip(&c)?,
            }
            Ok(())
        })?;
        Ok(container)
    }

    fn entity_set(&mut self, e: Elem<'s>) -> Result<EntitySet> {
        let mut set = EntitySet {
            pos: e.pos,
            ..EntitySet::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "EntityType" => ty = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        set.name = self.required(&e, name, "Name")?;
        set.entity_type = self.required(&e, ty, "EntityType")?;
        self.bindings_and_annotations(e.empty, &mut set.bindings, &mut set.annotations)?;
        Ok(set)
    }

    fn singleton(&mut self, e: Elem<'s>) -> Result<Singleton> {
        let mut single = Singleton {
            pos: e.pos,
            ..Singleton::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        single.name = self.required(&e, name, "Name")?;
        single.type_name = self.required(&e, ty, "Type")?;
        self.bindings_and_annotations(e.empty, &mut single.bindings, &mut single.annotations)?;
        Ok(single)
    }

    fn bindings_and_annotations(
        &mut self,
        empty: bool,
        bindings: &mut Vec<NavigationPropertyBinding>,
        annotations: &mut Vec<Annotation>,
    ) -> Result<()> {
        self.children(empty, |p, c| {
            if c.is_edm("Annotation") {
                annotations.push(p.annotation(c)?);
                return Ok(());
            }
            if !c.is_edm("NavigationPropertyBinding") {
                return p.skip(&c);
            }
            let (mut path, mut target) = (None, None);
            p.attrs(&c, |k, v| {
                match k {
                    "Path" => path = Some(v.into_owned()),
                    "Target" => target = Some(v.into_owned()),
                    _ => {}
                }
                Ok(())
            })?;
            bindings.push(NavigationPropertyBinding {
                path: p.required(&c, path, "Path")?,
                target: p.required(&c, target, "Target")?,
                pos: c.pos,
            });
            p.skip_children(c.empty)
        })
    }

    /// `ActionImport` (`operation_attr` = `Action`) or `FunctionImport` (`Function`).
    fn import(&mut self, e: Elem<'s>, operation_attr: &str) -> Result<OperationImport> {
        let (mut name, mut operation, mut entity_set) = (None, None, None);
        self.attrs(&e, |k, v| {
            if k == "Name" {
                name = Some(v.into_owned());
            } else if k == operation_attr {
                operation = Some(v.into_owned());
            } else if k == "EntitySet" {
                entity_set = Some(v.into_owned());
            }
            Ok(())
        })?;
        let import = OperationImport {
            name: self.required(&e, name, "Name")?,
            pos: e.pos,
            operation: self.required(&e, operation, operation_attr)?,
            entity_set,
        };
        self.drop_annotations(e.empty)?;
        Ok(import)
    }

    /// Skips the content of an element that has no children graphgen reads.
    fn skip_children(&mut self, empty: bool) -> Result<()> {
        self.children(empty, |p, c| p.skip(&c))
    }

    // ----- Term and Annotations --------------------------------------------------------------

    fn term(&mut self, e: Elem<'s>) -> Result<Term> {
        let mut term = Term {
            pos: e.pos,
            ..Term::default()
        };
        let (mut name, mut ty) = (None, None);
        self.attrs(&e, |k, v| {
            match k {
                "Name" => name = Some(v.into_owned()),
                "Type" => ty = Some(v.into_owned()),
                "AppliesTo" => term.applies_to = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        term.name = self.required(&e, name, "Name")?;
        term.type_name = self.required(&e, ty, "Type")?;
        self.annotations_into(e.empty, &mut term.annotations)?;
        Ok(term)
    }

    fn annotations(&mut self, e: Elem<'s>) -> Result<Annotations> {
        let mut out = Annotations {
            pos: e.pos,
            ..Annotations::default()
        };
        let mut target = None;
        self.attrs(&e, |k, v| {
            match k {
                "Target" => target = Some(v.into_owned()),
                "Qualifier" => out.qualifier = Some(v.into_owned()),
                _ => {}
            }
            Ok(())
        })?;
        out.target = self.required(&e, target, "Target")?;
        self.annotations_into(e.empty, &mut out.annotations)?;
        Ok(out)
    }
}

// ----- small helpers -------------------------------------------------------------------------

/// Maps a resolved element namespace to [`Ns`]; `Err(prefix)` for an undeclared prefix.
fn classify(ns: ResolveResult<'_>) -> Result<Ns, String> {
    match ns {
        ResolveResult::Bound(ns) if ns.0 == EDM_NS => Ok(Ns::Edm),
        ResolveResult::Bound(ns) if ns.0 == EDMX_NS => Ok(Ns::Edmx),
        ResolveResult::Bound(_) | ResolveResult::Unbound => Ok(Ns::Other),
        ResolveResult::Unknown(prefix) => Err(prefix),
    }
}

fn predefined_entity(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

fn entity_message(name: &str) -> String {
    format!(
        "entity reference `&{name};` is not allowed: only the five predefined entities \
         (&lt; &gt; &amp; &apos; &quot;) and numeric character references are"
    )
}

fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// Characters in a UTF-8 byte slice: the bytes that are not continuation bytes.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `true` or `false`; anything else is an error message.
pub(super) fn parse_bool(v: &str) -> Result<bool, String> {
    match v {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("expected `true` or `false`, found `{v}`")),
    }
}

/// A signed 64-bit integer (surrounding whitespace allowed).
pub(super) fn parse_i64(v: &str) -> Result<i64, String> {
    v.trim()
        .parse()
        .map_err(|_| format!("`{v}` is not a valid 64-bit integer"))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};
    use std::time::Instant;

    use super::*;
    use crate::csdl::syntax::Expr;

    const HEAD: &str = concat!(
        "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n",
        "<edmx:DataServices>\n",
        "<Schema Namespace=\"ns\" Alias=\"n\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n",
    );
    const TAIL: &str = "\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n";

    /// A document whose schema body starts on line 4, column 1.
    fn wrap(body: &str) -> String {
        format!("{HEAD}{body}{TAIL}")
    }

    fn parse(text: &str) -> Result<Document> {
        parse_str(Path::new("t.xml"), text)
    }

    fn schema(body: &str) -> Schema {
        match parse(&wrap(body)) {
            Ok(mut doc) => doc.schemas.remove(0),
            Err(err) => panic!("{err}"),
        }
    }

    fn error(text: &str) -> String {
        match parse(text) {
            Ok(_) => panic!("parsed, but an error was expected:\n{text}"),
            Err(err) => err.to_string(),
        }
    }

    /// Asserts that `text` fails at `line_col` inside `path` with a message containing `msg`.
    fn assert_error(text: &str, line_col: &str, path: &str, msg: &str) {
        let err = error(text);
        let head = if path.is_empty() {
            format!("t.xml:{line_col}: ")
        } else {
            format!("t.xml:{line_col}: {path}: ")
        };
        assert!(
            err.starts_with(&head),
            "expected `{head}...{msg}`, got:\n{err}"
        );
        assert!(err.contains(msg), "expected `{msg}` in:\n{err}");
    }

    fn shared(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/metadata")
            .join(rel)
    }

    /// The shared file `rel`, or `None` (after printing why) when it is absent and not
    /// required by `GRAPHGEN_REQUIRE_SHARED=1`.
    fn shared_file(rel: &str) -> Option<PathBuf> {
        let path = shared(rel);
        if path.is_file() {
            return Some(path);
        }
        if std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() == Ok("1") {
            panic!(
                "{} is missing and GRAPHGEN_REQUIRE_SHARED=1",
                path.display()
            );
        }
        println!("skipped: {} not found", path.display());
        None
    }

    #[test]
    fn minimal_document() {
        let doc = parse(&wrap("")).unwrap();
        assert_eq!(doc.version, "4.0");
        assert_eq!(doc.path, Path::new("t.xml"));
        assert_eq!(doc.schemas.len(), 1);
        let s = &doc.schemas[0];
        assert_eq!(s.namespace, "ns");
        assert_eq!(s.alias.as_deref(), Some("n"));
        assert_eq!((s.pos.line, s.pos.col), (3, 1));
        assert_eq!(&doc.source[s.pos.offset..s.pos.offset + 7], "<Schema");
    }

    #[test]
    fn version_4_01_and_bad_version() {
        let text = wrap("").replace("Version=\"4.0\"", "Version=\"4.01\"");
        assert_eq!(parse(&text).unwrap().version, "4.01");
        let text = wrap("").replace("Version=\"4.0\"", "Version=\"3.0\"");
        assert_error(&text, "1:12", "", "unsupported EDMX version `3.0`");
        let text = wrap("").replace("Version=\"4.0\" ", "");
        assert_error(&text, "1:1", "", "missing required attribute `Version`");
    }

    #[test]
    fn byte_order_mark_with_and_without_declaration() {
        let text = format!("\u{feff}{}", wrap("<EntityType Name=\"t\"/>"));
        let doc = parse(&text).unwrap();
        assert!(doc.source.starts_with("<edmx:Edmx"));
        let t = &doc.schemas[0].entity_types[0];
        assert_eq!((t.pos.line, t.pos.col), (4, 1));
        assert_eq!(&doc.source[t.pos.offset..t.pos.offset + 11], "<EntityType");

        let decl = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
        let text = format!("\u{feff}{decl}{}", wrap("x<EntityType Name=\"t\"/>"));
        let doc = parse(&text).unwrap();
        let t = &doc.schemas[0].entity_types[0];
        assert_eq!((t.pos.line, t.pos.col), (5, 2));
        assert_eq!(&doc.source[t.pos.offset..t.pos.offset + 11], "<EntityType");

        let text = format!(
            "\u{feff}{decl}{}",
            wrap("<EntityType Name=\"t\" Abstract=\"yes\"/>")
        );
        assert_error(&text, "5:22", "Schema(ns)/EntityType(t)", "found `yes`");
    }

    #[test]
    fn declaration_rules() {
        let text = format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{}", wrap(""));
        assert!(parse(&text).is_ok());
        let text = format!("<?xml version=\"1.0\" encoding=\"utf-16\"?>{}", wrap(""));
        assert_error(&text, "1:1", "", "only UTF-8 is supported");
        let text = format!("\n<?xml version=\"1.0\"?>{}", wrap(""));
        assert_error(&text, "2:1", "", "only allowed at the very start");
    }

    #[test]
    fn references_and_includes() {
        let text = wrap("").replace(
            "<edmx:DataServices>",
            concat!(
                "<edmx:Reference Uri=\"https://example.com/Core.xml\">",
                "<edmx:Include Namespace=\"Org.OData.Core.V1\" Alias=\"Core\"/>",
                "<edmx:Include Namespace=\"Other\"><Annotation Term=\"Core.Description\"/></edmx:Include>",
                "<edmx:IncludeAnnotations TermNamespace=\"X\"/>",
                "</edmx:Reference>\n<edmx:DataServices>"
            ),
        );
        let doc = parse(&text).unwrap();
        assert_eq!(doc.references.len(), 1);
        let r = &doc.references[0];
        assert_eq!(r.uri, "https://example.com/Core.xml");
        assert_eq!((r.pos.line, r.pos.col), (2, 1));
        assert_eq!(r.includes.len(), 2);
        assert_eq!(r.includes[0].namespace, "Org.OData.Core.V1");
        assert_eq!(r.includes[0].alias.as_deref(), Some("Core"));
        assert_eq!(r.includes[1].alias, None);
        assert_eq!(
            &doc.source[r.includes[1].pos.offset..][..13],
            "<edmx:Include"
        );

        let bad = text.replace(" Namespace=\"Other\"", "");
        assert_error(
            &bad,
            "2:110",
            "Reference(https://example.com/Core.xml)/Include",
            "missing required attribute `Namespace`",
        );
    }

    #[test]
    fn entity_and_complex_types() {
        let s = schema(concat!(
            "<EntityType Name=\"t\" BaseType=\"n.base\" Abstract=\"true\" OpenType=\"true\" HasStream=\"true\">\n",
            "  <Key><PropertyRef Name=\"id\"/><PropertyRef Name=\"a/b\" Alias=\"ab\"/></Key>\n",
            "  <Property Name=\"id\" Type=\"Edm.String\" Nullable=\"false\" MaxLength=\"max\" Precision=\"7\" ",
            "Scale=\"variable\" DefaultValue=\"x&amp;y\" Unicode=\"false\"/>\n",
            "  <Property Name=\"tags\" Type=\"Collection(Edm.String)\"/>\n",
            "  <NavigationProperty Name=\"owner\" Type=\"n.user\" Nullable=\"true\" Partner=\"owned\" ContainsTarget=\"true\">\n",
            "    <OnDelete Action=\"Cascade\"/>\n",
            "  </NavigationProperty>\n",
            "  <NavigationProperty Name=\"items\" Type=\"Collection(n.item)\" ContainsTarget=\"false\"/>\n",
            "</EntityType>\n",
            "<ComplexType Name=\"c\"><Property Name=\"p\" Type=\"Edm.Int32\"/></ComplexType>\n",
            "<EntityType Name=\"plain\"/>",
        ));
        assert_eq!(s.entity_types.len(), 2);
        let t = &s.entity_types[0];
        assert_eq!(t.name, "t");
        assert_eq!((t.pos.line, t.pos.col), (4, 1));
        assert_eq!(t.base_type.as_deref(), Some("n.base"));
        assert!(t.is_abstract && t.open_type && t.has_stream);
        let key = t.key.as_ref().unwrap();
        assert_eq!(key.len(), 2);
        assert_eq!(
            (key[0].name.as_str(), key[0].alias.as_deref()),
            ("id", None)
        );
        assert_eq!(
            (key[1].name.as_str(), key[1].alias.as_deref()),
            ("a/b", Some("ab"))
        );
        assert_eq!((key[1].pos.line, key[1].pos.col), (5, 32));

        let p = &t.properties[0];
        assert_eq!(
            (p.name.as_str(), p.type_name.as_str()),
            ("id", "Edm.String")
        );
        assert_eq!((p.pos.line, p.pos.col), (6, 3));
        assert_eq!(p.nullable, Some(false));
        assert_eq!(p.max_length.as_deref(), Some("max"));
        assert_eq!(p.precision, Some(7));
        assert_eq!(p.scale.as_deref(), Some("variable"));
        assert_eq!(p.default_value.as_deref(), Some("x&y"));
        let p = &t.properties[1];
        assert_eq!(p.type_name, "Collection(Edm.String)");
        assert_eq!(
            (p.nullable, p.precision, &p.max_length),
            (None, None, &None)
        );

        let n = &t.navigation_properties[0];
        assert_eq!((n.name.as_str(), n.type_name.as_str()), ("owner", "n.user"));
        assert_eq!(n.nullable, Some(true));
        assert_eq!(n.partner.as_deref(), Some("owned"));
        assert!(n.contains_target);
        assert!(!t.navigation_properties[1].contains_target);

        let plain = &s.entity_types[1];
        assert!(!plain.is_abstract && !plain.open_type && !plain.has_stream);
        assert!(plain.key.is_none() && plain.base_type.is_none());

        assert_eq!(s.complex_types.len(), 1);
        assert_eq!(s.complex_types[0].name, "c");
        assert_eq!(s.complex_types[0].properties[0].type_name, "Edm.Int32");
    }

    #[test]
    fn enum_types_and_type_definitions() {
        let s = schema(concat!(
            "<EnumType Name=\"e\" UnderlyingType=\"Edm.Int64\" IsFlags=\"true\">",
            "<Member Name=\"a\"/><Member Name=\"b\" Value=\"-1012\"/>",
            "<Member Name=\"max\" Value=\"9223372036854775807\"/>",
            "<Member Name=\"min\" Value=\"-9223372036854775808\"/></EnumType>\n",
            "<EnumType Name=\"plain\"><Member Name=\"x\" Value=\"0\"/></EnumType>\n",
            "<TypeDefinition Name=\"td\" UnderlyingType=\"Edm.String\"/>",
        ));
        let e = &s.enum_types[0];
        assert_eq!(e.name, "e");
        assert_eq!(e.underlying_type.as_deref(), Some("Edm.Int64"));
        assert!(e.is_flags);
        let values: Vec<_> = e
            .members
            .iter()
            .map(|m| (m.name.as_str(), m.value))
            .collect();
        assert_eq!(
            values,
            [
                ("a", None),
                ("b", Some(-1012)),
                ("max", Some(i64::MAX)),
                ("min", Some(i64::MIN))
            ]
        );
        assert_eq!((e.members[1].pos.line, e.members[1].pos.col), (4, 80));
        assert!(!s.enum_types[1].is_flags && s.enum_types[1].underlying_type.is_none());
        let td = &s.type_definitions[0];
        assert_eq!(
            (td.name.as_str(), td.underlying_type.as_str()),
            ("td", "Edm.String")
        );
        assert_eq!((td.pos.line, td.pos.col), (6, 1));
    }

    #[test]
    fn actions_and_functions() {
        let s = schema(concat!(
            "<Action Name=\"act\" IsBound=\"true\" EntitySetPath=\"bp/items\">\n",
            "  <Parameter Name=\"bp\" Type=\"n.t\" Nullable=\"false\"/>\n",
            "  <Parameter Name=\"opt\" Type=\"Edm.String\">",
            "<Annotation Term=\"Org.OData.Core.V1.OptionalParameter\"/></Parameter>\n",
            "  <ReturnType Type=\"Collection(n.item)\" Nullable=\"false\">",
            "<Annotation Term=\"Core.Description\" String=\"dropped\"/></ReturnType>\n",
            "</Action>\n",
            "<Function Name=\"fn\" IsComposable=\"true\"><ReturnType Type=\"Edm.Int32\"/></Function>",
        ));
        assert_eq!(s.operations.len(), 2);
        let a = &s.operations[0];
        assert_eq!((a.kind, a.name.as_str()), (OperationKind::Action, "act"));
        assert!(a.is_bound && !a.is_composable);
        assert_eq!(a.entity_set_path.as_deref(), Some("bp/items"));
        assert_eq!(a.parameters.len(), 2);
        assert_eq!(a.parameters[0].nullable, Some(false));
        assert_eq!(a.parameters[1].annotations.len(), 1);
        assert_eq!(a.parameters[1].annotations[0].value, None);
        let r = a.return_type.as_ref().unwrap();
        assert_eq!(
            (r.type_name.as_str(), r.nullable),
            ("Collection(n.item)", Some(false))
        );
        assert_eq!((r.pos.line, r.pos.col), (7, 3));
        let f = &s.operations[1];
        assert_eq!((f.kind, f.name.as_str()), (OperationKind::Function, "fn"));
        assert!(f.is_composable && !f.is_bound);
        assert_eq!(f.return_type.as_ref().unwrap().nullable, None);
    }

    #[test]
    fn entity_container() {
        let s = schema(concat!(
            "<EntityContainer Name=\"c\">\n",
            "  <EntitySet Name=\"users\" EntityType=\"n.user\">",
            "<NavigationPropertyBinding Path=\"manager\" Target=\"users\"/></EntitySet>\n",
            "  <Singleton Name=\"me\" Type=\"n.user\">",
            "<NavigationPropertyBinding Path=\"a/n.b/c\" Target=\"c/users\"/>",
            "<Annotation Term=\"T\" Bool=\"false\"/></Singleton>\n",
            "  <ActionImport Name=\"ai\" Action=\"n.act\" EntitySet=\"users\"/>\n",
            "  <FunctionImport Name=\"fi\" Function=\"n.fn\" IncludeInServiceDocument=\"true\"/>\n",
            "  <Annotation Term=\"C\"/>\n",
            "</EntityContainer>",
        ));
        let c = &s.containers[0];
        assert_eq!(c.name, "c");
        let set = &c.entity_sets[0];
        assert_eq!(
            (set.name.as_str(), set.entity_type.as_str()),
            ("users", "n.user")
        );
        assert_eq!(set.bindings[0].path, "manager");
        assert_eq!(set.bindings[0].target, "users");
        assert_eq!((set.bindings[0].pos.line, set.bindings[0].pos.col), (5, 47));
        let me = &c.singletons[0];
        assert_eq!((me.name.as_str(), me.type_name.as_str()), ("me", "n.user"));
        assert_eq!(me.bindings[0].path, "a/n.b/c");
        assert_eq!(me.annotations[0].value, Some(Expr::Bool(false)));
        let ai = &c.action_imports[0];
        assert_eq!((ai.name.as_str(), ai.operation.as_str()), ("ai", "n.act"));
        assert_eq!(ai.entity_set.as_deref(), Some("users"));
        let fi = &c.function_imports[0];
        assert_eq!(
            (
                fi.name.as_str(),
                fi.operation.as_str(),
                fi.entity_set.as_deref()
            ),
            ("fi", "n.fn", None)
        );
        assert_eq!(c.annotations[0].term, "C");
    }

    #[test]
    fn terms_and_out_of_line_annotations() {
        let s = schema(concat!(
            "<Term Name=\"t\" Type=\"Edm.Boolean\" AppliesTo=\"EntityType Property\">",
            "<Annotation Term=\"Core.Description\" String=\"d\"/></Term>\n",
            "<Annotations Target=\"n.user/manager\" Qualifier=\"q\">",
            "<Annotation Term=\"A\" Qualifier=\"x\" Int=\"3\"/><Annotation Term=\"B\"/></Annotations>\n",
            "<Annotation Term=\"OnSchema\" String=\"s\"/>",
        ));
        let t = &s.terms[0];
        assert_eq!(
            (t.name.as_str(), t.type_name.as_str()),
            ("t", "Edm.Boolean")
        );
        assert_eq!(t.applies_to.as_deref(), Some("EntityType Property"));
        assert_eq!(t.annotations[0].value, Some(Expr::String("d".into())));
        assert_eq!(s.annotations.len(), 2);
        let a = &s.annotations[0];
        assert_eq!(a.target, "n.user/manager");
        assert_eq!(a.qualifier.as_deref(), Some("q"));
        assert_eq!((a.pos.line, a.pos.col), (5, 1));
        assert_eq!(a.annotations.len(), 2);
        assert_eq!(a.annotations[0].qualifier.as_deref(), Some("x"));
        assert_eq!(a.annotations[0].value, Some(Expr::Int(3)));
        // An annotation of the schema itself becomes an `Annotations` targeting the schema.
        let on_schema = &s.annotations[1];
        assert_eq!(on_schema.target, "ns");
        assert_eq!(on_schema.annotations[0].term, "OnSchema");
        assert_eq!((on_schema.pos.line, on_schema.pos.col), (6, 1));
    }

    #[test]
    fn inline_annotations_everywhere() {
        let a = |t: &str| format!("<Annotation Term=\"{t}\"/>");
        let body = format!(
            concat!(
                "<EntityType Name=\"t\">{}<Property Name=\"p\" Type=\"Edm.String\">{}</Property>",
                "<NavigationProperty Name=\"n\" Type=\"n.t\">{}</NavigationProperty></EntityType>\n",
                "<ComplexType Name=\"c\">{}</ComplexType>\n",
                "<EnumType Name=\"e\">{}<Member Name=\"m\">{}</Member></EnumType>\n",
                "<TypeDefinition Name=\"d\" UnderlyingType=\"Edm.String\">{}</TypeDefinition>\n",
                "<Function Name=\"f\">{}<Parameter Name=\"x\" Type=\"Edm.String\">{}</Parameter>",
                "<ReturnType Type=\"Edm.String\">{}</ReturnType></Function>\n",
                "<EntityContainer Name=\"ec\">{}<EntitySet Name=\"s\" EntityType=\"n.t\">{}</EntitySet>",
                "<Singleton Name=\"g\" Type=\"n.t\">{}</Singleton>",
                "<ActionImport Name=\"ai\" Action=\"n.a\">{}</ActionImport></EntityContainer>\n",
                "<Term Name=\"term\" Type=\"Edm.String\">{}</Term>",
            ),
            a("type"),
            a("prop"),
            a("nav"),
            a("complex"),
            a("enum"),
            a("member"),
            a("typedef"),
            a("op"),
            a("param"),
            a("ret"),
            a("container"),
            a("set"),
            a("single"),
            a("import"),
            a("term"),
        );
        let s = schema(&body);
        let terms = |v: &[Annotation]| v.iter().map(|a| a.term.clone()).collect::<Vec<_>>();
        let t = &s.entity_types[0];
        assert_eq!(terms(&t.annotations), ["type"]);
        assert_eq!(terms(&t.properties[0].annotations), ["prop"]);
        assert_eq!(terms(&t.navigation_properties[0].annotations), ["nav"]);
        assert_eq!(terms(&s.complex_types[0].annotations), ["complex"]);
        assert_eq!(terms(&s.enum_types[0].annotations), ["enum"]);
        assert_eq!(terms(&s.enum_types[0].members[0].annotations), ["member"]);
        assert_eq!(terms(&s.type_definitions[0].annotations), ["typedef"]);
        assert_eq!(terms(&s.operations[0].annotations), ["op"]);
        assert_eq!(terms(&s.operations[0].parameters[0].annotations), ["param"]);
        let c = &s.containers[0];
        assert_eq!(terms(&c.annotations), ["container"]);
        assert_eq!(terms(&c.entity_sets[0].annotations), ["set"]);
        assert_eq!(terms(&c.singletons[0].annotations), ["single"]);
        assert_eq!(terms(&s.terms[0].annotations), ["term"]);
    }

    #[test]
    fn foreign_namespaces_and_unknown_elements_are_ignored() {
        let s = schema(concat!(
            "<x:Extra xmlns:x=\"urn:x\" x:a=\"1\"><EntityType Name=\"hidden\"/><x:More/></x:Extra>\n",
            "<EntityType Name=\"t\" x:flag=\"zzz\" xmlns:x=\"urn:x\" Unknown=\"1\">",
            "<x:Property Name=\"ignored\" Type=\"x\"/>",
            "<Property Name=\"p\" Type=\"Edm.String\" x:Nullable=\"maybe\"/>",
            "<Bogus><Property Name=\"q\" Type=\"Edm.String\"/></Bogus>",
            "</EntityType>\n",
            "<Property xmlns=\"urn:other\" Name=\"not edm\"/>\n",
            "<FutureElement Name=\"f\"/>",
        ));
        assert_eq!(s.entity_types.len(), 1);
        let t = &s.entity_types[0];
        assert_eq!(t.name, "t");
        assert_eq!(t.properties.len(), 1);
        assert_eq!(t.properties[0].nullable, None);
    }

    #[test]
    fn any_prefix_works() {
        let text = concat!(
            "<x:Edmx Version=\"4.0\" xmlns:x=\"http://docs.oasis-open.org/odata/ns/edmx\" ",
            "xmlns:e=\"http://docs.oasis-open.org/odata/ns/edm\">",
            "<x:DataServices><e:Schema Namespace=\"ns\"><e:EntityType Name=\"t\"/>",
            "<EntityType Name=\"unqualified, no default namespace\"/>",
            "</e:Schema></x:DataServices></x:Edmx>",
        );
        let doc = parse(text).unwrap();
        let names: Vec<_> = doc.schemas[0]
            .entity_types
            .iter()
            .map(|t| &t.name)
            .collect();
        assert_eq!(names, ["t"]);
        // A schema outside the EDM namespace is not a schema.
        let text = wrap("").replace(
            "xmlns=\"http://docs.oasis-open.org/odata/ns/edm\"",
            "xmlns=\"urn:v3\"",
        );
        assert!(parse(&text).unwrap().schemas.is_empty());
    }

    #[test]
    fn positions_count_characters_and_match_pos_at() {
        let body = concat!(
            "<EntityType Name=\"t\"><!-- é ü 😀 -->\n",
            "  <Property Name=\"ä\" Type=\"Edm.String\"><Annotation Term=\"D\" String=\"ß€\"/></Property>",
            "<Property Name=\"b\" Type=\"Edm.String\"/>\r\n\t<Property Name=\"c\" Type=\"Edm.String\"/>\n",
            "</EntityType>",
        );
        let doc = parse(&wrap(body)).unwrap();
        let t = &doc.schemas[0].entity_types[0];
        let positions: Vec<_> = t
            .properties
            .iter()
            .map(|p| (p.pos.line, p.pos.col))
            .collect();
        assert_eq!(positions, [(5, 3), (5, 85), (6, 2)]);
        let annotation = &t.properties[0].annotations[0];
        assert_eq!((annotation.pos.line, annotation.pos.col), (5, 40));
        for pos in t
            .properties
            .iter()
            .map(|p| p.pos)
            .chain([t.pos, annotation.pos])
        {
            assert_eq!(pos, pos_at(&doc.source, pos.offset));
            assert!(doc.source[pos.offset..].starts_with('<'));
        }
    }

    #[test]
    fn bad_booleans_and_integers() {
        let cases = [
            (
                "<EntityType Name=\"t\" Abstract=\"True\"/>",
                "4:22",
                "Schema(ns)/EntityType(t)",
                "found `True`",
            ),
            (
                "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.String\" Nullable=\"1\"/></EntityType>",
                "4:59",
                "Schema(ns)/EntityType(t)/Property(p)",
                "attribute `Nullable`: expected `true` or `false`, found `1`",
            ),
            (
                "<EntityType Name=\"t\"><Property Name=\"p\" Type=\"Edm.Decimal\" Precision=\"-1\"/></EntityType>",
                "4:60",
                "Schema(ns)/EntityType(t)/Property(p)",
                "`-1` is not a valid precision",
            ),
            (
                "<EnumType Name=\"e\">\n  <Member Name=\"m\" Value=\"1x\"/></EnumType>",
                "5:20",
                "Schema(ns)/EnumType(e)/Member(m)",
                "`1x` is not a valid 64-bit integer",
            ),
            (
                "<EnumType Name=\"e\"><Member Name=\"m\" Value=\"9223372036854775808\"/></EnumType>",
                "4:37",
                "Schema(ns)/EnumType(e)/Member(m)",
                "not a valid 64-bit integer",
            ),
            (
                "<Action Name=\"a\" IsBound=\"yes\"/>",
                "4:18",
                "Schema(ns)/Action(a)",
                "found `yes`",
            ),
            (
                "<EntityContainer Name=\"c\"/><Annotations Target=\"x\"><Annotation Term=\"T\" Int=\"1.5\"/></Annotations>",
                "4:73",
                "Schema(ns)/Annotations(x)/Annotation(T)",
                "attribute `Int`: `1.5` is not a valid 64-bit integer",
            ),
            (
                "<Annotations Target=\"x\"><Annotation Term=\"T\"><Bool>yes</Bool></Annotation></Annotations>",
                "4:46",
                "Schema(ns)/Annotations(x)/Annotation(T)",
                "found `yes`",
            ),
        ];
        for (body, at, path, msg) in cases {
            assert_error(&wrap(body), at, path, msg);
        }
    }

    #[test]
    fn missing_required_attributes() {
        let cases = [
            ("<EntityType/>", "Schema(ns)/EntityType", "Name"),
            (
                "<ComplexType Abstract=\"true\"/>",
                "Schema(ns)/ComplexType",
                "Name",
            ),
            (
                "<EntityType Name=\"t\"><Property Name=\"p\"/></EntityType>",
                "Schema(ns)/EntityType(t)/Property(p)",
                "Type",
            ),
            (
                "<EntityType Name=\"t\"><NavigationProperty Name=\"n\"/></EntityType>",
                "Schema(ns)/EntityType(t)/NavigationProperty(n)",
                "Type",
            ),
            (
                "<EntityType Name=\"t\"><Key><PropertyRef/></Key></EntityType>",
                "Schema(ns)/EntityType(t)/Key/PropertyRef",
                "Name",
            ),
            (
                "<EnumType Name=\"e\"><Member Value=\"1\"/></EnumType>",
                "Schema(ns)/EnumType(e)/Member",
                "Name",
            ),
            (
                "<TypeDefinition Name=\"d\"/>",
                "Schema(ns)/TypeDefinition(d)",
                "UnderlyingType",
            ),
            (
                "<Action Name=\"a\"><Parameter Name=\"p\"/></Action>",
                "Schema(ns)/Action(a)/Parameter(p)",
                "Type",
            ),
            (
                "<Function Name=\"f\"><ReturnType/></Function>",
                "Schema(ns)/Function(f)/ReturnType",
                "Type",
            ),
            ("<Annotations/>", "Schema(ns)/Annotations", "Target"),
            (
                "<Annotations Target=\"x\"><Annotation/></Annotations>",
                "Schema(ns)/Annotations(x)/Annotation",
                "Term",
            ),
            (
                "<EntityContainer Name=\"c\"><EntitySet Name=\"s\"/></EntityContainer>",
                "Schema(ns)/EntityContainer(c)/EntitySet(s)",
                "EntityType",
            ),
            (
                "<EntityContainer Name=\"c\"><Singleton Name=\"s\"/></EntityContainer>",
                "Schema(ns)/EntityContainer(c)/Singleton(s)",
                "Type",
            ),
            (
                "<EntityContainer Name=\"c\"><ActionImport Name=\"i\"/></EntityContainer>",
                "Schema(ns)/EntityContainer(c)/ActionImport(i)",
                "Action",
            ),
            (
                "<EntityContainer Name=\"c\"><FunctionImport Name=\"i\"/></EntityContainer>",
                "Schema(ns)/EntityContainer(c)/FunctionImport(i)",
                "Function",
            ),
            (
                "<EntityContainer Name=\"c\"><EntitySet Name=\"s\" EntityType=\"n.t\"><NavigationPropertyBinding Path=\"p\"/></EntitySet></EntityContainer>",
                "Schema(ns)/EntityContainer(c)/EntitySet(s)/NavigationPropertyBinding(p)",
                "Target",
            ),
            ("<Term Name=\"t\"/>", "Schema(ns)/Term(t)", "Type"),
            (
                "<Annotations Target=\"x\"><Annotation Term=\"T\"><Record><PropertyValue Bool=\"true\"/></Record></Annotation></Annotations>",
                "Schema(ns)/Annotations(x)/Annotation(T)/Record/PropertyValue",
                "Property",
            ),
        ];
        for (body, path, attr) in cases {
            let err = error(&wrap(body));
            assert!(err.starts_with("t.xml:4:"), "{err}");
            assert!(
                err.contains(&format!(": {path}: missing required attribute `{attr}`")),
                "{err}"
            );
        }
        let text = wrap("").replace(" Namespace=\"ns\"", "");
        assert_error(
            &text,
            "3:1",
            "Schema",
            "missing required attribute `Namespace`",
        );
        let err = error(&wrap("<EntityType Name=\"\"/>"));
        assert!(
            err.contains("t.xml:4:1: Schema(ns)/EntityType(): attribute `Name` must not be empty"),
            "{err}"
        );
    }

    #[test]
    fn doctype_is_refused() {
        let text = format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]>\n{}",
            wrap("<EntityType Name=\"&lol2;\"/>")
        );
        assert_error(&text, "2:1", "", "DOCTYPE is not allowed");
        assert_error(
            &format!("<!DOCTYPE Edmx>{}", wrap("")),
            "1:1",
            "",
            "DOCTYPE is not allowed",
        );
    }

    #[test]
    fn only_predefined_entities_and_character_references() {
        let s = schema(concat!(
            "<Annotations Target=\"a&lt;b&gt;c&amp;d&apos;e&quot;f&#x41;&#66;\">",
            "<Annotation Term=\"T\"><String>&lt;&#x9;&amp;&#233;</String></Annotation></Annotations>",
        ));
        assert_eq!(s.annotations[0].target, "a<b>c&d'e\"fAB");
        assert_eq!(
            s.annotations[0].annotations[0].value,
            Some(Expr::String("<\t&é".into()))
        );

        assert_error(
            &wrap("<EntityType Name=\"t\" BaseType=\"&ext;\"/>"),
            "4:22",
            "Schema(ns)/EntityType(t)",
            "entity reference `&ext;` is not allowed",
        );
        assert_error(
            &wrap(
                "<Annotations Target=\"x\"><Annotation Term=\"T\"><String>a&nbsp;b</String></Annotation></Annotations>",
            ),
            "4:55",
            "Schema(ns)/Annotations(x)/Annotation(T)/String",
            "entity reference `&nbsp;` is not allowed",
        );
        assert_error(
            &wrap("&foo;"),
            "4:1",
            "Schema(ns)",
            "entity reference `&foo;`",
        );
        assert_error(&wrap("a & b"), "4:3", "Schema(ns)", "malformed XML");
        assert_error(
            &wrap("&#0;"),
            "4:1",
            "Schema(ns)",
            "invalid character reference `&#0;`",
        );
    }

    #[test]
    fn malformed_xml() {
        assert_error(
            &wrap("<EntityType Name=\"t\">\n</ComplexType>"),
            "5:1",
            "Schema(ns)/EntityType(t)",
            "malformed XML",
        );
        assert_error(
            &wrap("<EntityType Name=t/>"),
            "4:18",
            "Schema(ns)/EntityType",
            "malformed attribute",
        );
        assert_error(
            &wrap("<EntityType Name=\"a\" Name=\"b\"/>"),
            "4:22",
            "Schema(ns)/EntityType(a)",
            "malformed attribute",
        );
        assert_error(
            &wrap("<EntityType Name=\"a\"/").replace(TAIL, ""),
            "4:1",
            "Schema(ns)",
            "malformed XML",
        );
        assert_error(
            &format!("{}x", wrap("")),
            "8:1",
            "",
            "text outside the root element",
        );
        assert_error(
            &format!("x{}", wrap("")),
            "1:1",
            "",
            "text outside the root element",
        );
        assert_error(
            &format!("{}<a/>", wrap("")),
            "8:1",
            "",
            "more than one root element",
        );
        assert_error("", "1:1", "", "no root element");
        assert_error("  \n ", "2:2", "", "no root element");
        assert_error(
            "<Edmx Version=\"4.0\"/>",
            "1:1",
            "",
            "the root element must be `edmx:Edmx`",
        );
        assert_error(
            "<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\"/>",
            "1:1",
            "",
            "has no `edmx:DataServices`",
        );
        assert_error(
            &wrap("<p:EntityType Name=\"t\"/>"),
            "4:1",
            "Schema(ns)",
            "undeclared namespace prefix `p`",
        );
        assert_error(
            &wrap("<EntityType Name=\"t\"><Key/><Key/></EntityType>"),
            "4:28",
            "Schema(ns)/EntityType(t)/Key",
            "more than one `Key`",
        );
    }

    #[test]
    fn truncated_document() {
        let full = wrap(
            "<EntityType Name=\"t\">\n<Property Name=\"p\" Type=\"Edm.String\"/>\n</EntityType>",
        );
        let cut = &full[..full.find("</EntityType>").unwrap()];
        assert_error(
            cut,
            "6:1",
            "Schema(ns)/EntityType(t)",
            "unexpected end of input: `<EntityType>` opened at 4:1 is not closed",
        );
        // Every prefix of a document is rejected without panicking.
        for end in (0..full.trim_end().len()).filter(|&i| full.is_char_boundary(i)) {
            assert!(parse(&full[..end]).is_err(), "prefix of {end} bytes parsed");
        }
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let depth = 10_000;
        let body = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
        let err = error(&wrap(&body));
        // Edmx, DataServices and Schema are levels 1 to 3; the 62nd `<a>` is level 65.
        let col = 1 + 61 * 3;
        assert!(
            err.starts_with(&format!("t.xml:4:{col}: Schema(ns)/a/a/")),
            "{}",
            &err[..80]
        );
        assert!(err.contains("nested deeper than 64 levels"));

        // The same through the recursive expression reader.
        let body = format!(
            "<Annotations Target=\"x\"><Annotation Term=\"T\">{}{}</Annotation></Annotations>",
            "<Collection>".repeat(depth),
            "</Collection>".repeat(depth)
        );
        assert!(error(&wrap(&body)).contains("nested deeper than 64 levels"));

        // 64 levels are fine.
        let body = format!("{}{}", "<a>".repeat(61), "</a>".repeat(61));
        assert!(parse(&wrap(&body)).is_ok());
    }

    #[test]
    fn parse_file_reads_utf8_and_rejects_other_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.xml");
        std::fs::write(
            &good,
            format!("\u{feff}{}", wrap("<EntityType Name=\"t\"/>")),
        )
        .unwrap();
        let doc = parse_file(&good).unwrap();
        assert_eq!(doc.schemas[0].entity_types[0].name, "t");

        let bad = dir.path().join("bad.xml");
        let mut bytes = format!("\u{feff}{HEAD}<EntityType Name=\"caf").into_bytes();
        bytes.push(0xE9); // Latin-1 `é`
        bytes.extend_from_slice(b"\"/>");
        std::fs::write(&bad, bytes).unwrap();
        let err = parse_file(&bad).unwrap_err().to_string();
        let expected = format!(
            "{}:4:22: the file is not valid UTF-8 (invalid byte 0xE9)",
            bad.display()
        );
        assert!(err.starts_with(&expected), "{err}");

        let missing = dir.path().join("missing.xml");
        assert!(matches!(parse_file(&missing), Err(Error::Io { .. })));
    }

    /// Real Graph metadata: counts checked with grep.
    #[test]
    fn shared_metadata_files() {
        // (file, schemas, entity types, complex types, enum types, Annotations, operations,
        //  properties, navigation properties)
        let files = [
            (
                "v1.0/cleanMetadata.v1.0.xml",
                11,
                1182,
                1780,
                861,
                4918,
                1181,
                10528,
                1432,
            ),
            (
                "v1.0/v1.0-Prod.csdl",
                11,
                1182,
                1779,
                861,
                4878,
                1183,
                10525,
                1432,
            ),
            (
                "v1.0/cleanMetadataWithDescriptionsv1.0.2023-05-09.xml",
                5,
                705,
                780,
                486,
                3484,
                954,
                6719,
                850,
            ),
            (
                "beta/beta-USNat.csdl",
                6,
                722,
                1044,
                479,
                284,
                956,
                6660,
                1064,
            ),
            (
                "beta/cleanMetadata.beta.2021-06-08.xml",
                7,
                1309,
                1250,
                860,
                7695,
                1248,
                13120,
                1467,
            ),
            (
                "beta/cleanMetadataWithDescriptionsbeta.2020-08-25.xml",
                1,
                1107,
                978,
                690,
                6693,
                1083,
                11063,
                1189,
            ),
        ];
        for (rel, schemas, entities, complexes, enums, annotations, operations, props, navs) in
            files
        {
            let Some(path) = shared_file(rel) else { return };
            let doc = match parse_file(&path) {
                Ok(doc) => doc,
                Err(err) => panic!("{err}"),
            };
            let sum = |f: &dyn Fn(&Schema) -> usize| doc.schemas.iter().map(f).sum::<usize>();
            let structured = |f: &dyn Fn(&StructuredType) -> usize| {
                sum(&|s| s.entity_types.iter().chain(&s.complex_types).map(f).sum())
            };
            let counts = (
                doc.schemas.len(),
                sum(&|s| s.entity_types.len()),
                sum(&|s| s.complex_types.len()),
                sum(&|s| s.enum_types.len()),
                sum(&|s| s.annotations.len()),
                sum(&|s| s.operations.len()),
                structured(&|t| t.properties.len()),
                structured(&|t| t.navigation_properties.len()),
            );
            assert_eq!(
                counts,
                (
                    schemas,
                    entities,
                    complexes,
                    enums,
                    annotations,
                    operations,
                    props,
                    navs
                ),
                "{rel}"
            );
            assert_eq!(doc.version, "4.0");
            assert_eq!(doc.schemas[0].namespace, "microsoft.graph");
        }

        let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
            return;
        };
        let doc = parse_file(&path).unwrap();
        let graph = &doc.schemas[0];
        assert_eq!(graph.alias.as_deref(), Some("graph"));
        let ap = graph
            .entity_types
            .iter()
            .find(|t| t.name == "accessPackage")
            .unwrap();
        assert_eq!((ap.pos.line, ap.pos.col), (12161, 7));
        assert_eq!(ap.base_type.as_deref(), Some("graph.entity"));
        assert_eq!(ap.properties.len(), 5);
        let navs: Vec<_> = ap
            .navigation_properties
            .iter()
            .map(|n| (n.name.as_str(), n.contains_target))
            .collect();
        assert_eq!(
            navs,
            [
                ("accessPackagesIncompatibleWith", false),
                ("assignmentPolicies", true),
                ("catalog", false),
                ("incompatibleAccessPackages", false),
                ("incompatibleGroups", false),
                ("resourceRoleScopes", true),
            ]
        );
        let groups = &ap.navigation_properties[4];
        assert_eq!(groups.type_name, "Collection(graph.group)");
        let restrictions = &groups.annotations[0];
        assert_eq!(
            restrictions.term,
            "Org.OData.Capabilities.V1.NavigationRestrictions"
        );
        let Some(Expr::Record(record)) = &restrictions.value else {
            panic!("{:?}", restrictions.value)
        };
        assert_eq!(record.get("Referenceable"), Some(&Expr::Bool(true)));
        // The alternate key: a Collection of Records whose `Key` holds a PropertyPath.
        let Some(Expr::Collection(keys)) = &ap.annotations[0].value else {
            panic!()
        };
        let Expr::Record(alternate) = &keys[0] else {
            panic!()
        };
        assert_eq!(
            alternate.type_name.as_deref(),
            Some("Org.OData.Core.V1.AlternateKey")
        );
        let Some(Expr::Collection(refs)) = alternate.get("Key") else {
            panic!()
        };
        let Expr::Record(key) = &refs[0] else {
            panic!()
        };
        assert_eq!(key.get("Alias"), Some(&Expr::String("uniqueName".into())));
        assert_eq!(
            key.get("Name"),
            Some(&Expr::Path {
                kind: "PropertyPath".into(),
                path: "uniqueName".into()
            })
        );
        let security = doc
            .schemas
            .iter()
            .find(|s| s.namespace == "microsoft.graph.security")
            .unwrap();
        assert_eq!(security.alias.as_deref(), Some("self"));
    }

    /// Release timing of the full v1.0 file:
    /// `cargo test -p graphgen --release --lib csdl::parser::tests::parse_time -- --ignored --nocapture`
    #[test]
    #[ignore = "timing; run in release"]
    fn parse_time() {
        let Some(path) = shared_file("v1.0/cleanMetadata.v1.0.xml") else {
            return;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let mut best = f64::MAX;
        for _ in 0..10 {
            let start = Instant::now();
            let doc = parse_str(&path, &text).unwrap();
            best = best.min(start.elapsed().as_secs_f64());
            assert_eq!(doc.schemas.len(), 11);
        }
        println!("parse of {} bytes: best {:.1} ms", text.len(), best * 1e3);
        assert!(best < 0.1, "parsing took {best} s");
    }
}
