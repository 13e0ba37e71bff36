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
use quick_xml::errors::IllFormedError;
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
use crate::error::{Diagnostic, Error, Result, pos_at, utf8_text};

mod elements;

/// The EDMX namespace (`edmx:Edmx`, `edmx:Reference`, `edmx:DataServices`, ...).
pub const EDMX_NS: &str = "http://docs.oasis-open.org/odata/ns/edmx";
/// The EDM namespace (`Schema` and everything in it).
pub const EDM_NS: &str = "http://docs.oasis-open.org/odata/ns/edm";
/// The deepest element nesting accepted; deeper documents are rejected with an error.
pub const MAX_DEPTH: usize = 64;

/// The most elements an error's element path shows in full (see `Parser::path`).
const PATH_SHOWN: usize = 8;

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
    parse_str(path, utf8_text(path, &bytes)?)
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
                    let message = match (&err, self.frames.last().copied()) {
                        (
                            quick_xml::Error::IllFormed(IllFormedError::MismatchedEndTag {
                                expected,
                                found,
                            }),
                            Some(open),
                        ) => {
                            let opened = self.pos_of(open.start);
                            format!(
                                "malformed XML: `<{expected}>` opened at {}:{} is not closed \
                                 (`</{found}>` was found instead of `</{expected}>`)",
                                opened.line, opened.col
                            )
                        }
                        _ => format!("malformed XML: {err}"),
                    };
                    return Err(self.error_at(at, message));
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
                format!(
                    "elements are nested more than {MAX_DEPTH} levels deep, the most graphgen \
                     reads (CSDL itself needs far fewer)"
                ),
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

    /// The element path of the open elements, e.g. `Schema(ns)/EntityType(t)`. A path of
    /// more than [`PATH_SHOWN`] elements (nested annotation records, or an input too deep to
    /// read) shows its first and last ones around `…(N more)…`.
    fn path(&self) -> String {
        let frames: Vec<Frame> = self.frames.iter().filter(|f| f.in_path).copied().collect();
        let elided = frames.len().saturating_sub(PATH_SHOWN);
        let head = if elided > 0 {
            PATH_SHOWN / 2
        } else {
            frames.len()
        };
        let mut path = String::new();
        for (i, frame) in frames.iter().enumerate() {
            if i >= head && i < head + elided {
                if i == head {
                    path.push_str(&format!("/…({elided} more)…"));
                }
                continue;
            }
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
mod tests;
