//! The syntax layer of the OpenAPI front-end: YAML or JSON text into a tree of [`Node`]s, each
//! with the [`Pos`] of its first character.
//!
//! The tree is built from [`saphyr_parser`] events with an explicit stack, never by
//! recursion, so nesting is capped at [`MAX_DEPTH`] with a located error instead of a stack
//! overflow. JSON is read by the same parser (it is YAML 1.2 flow syntax), so the same model
//! written in YAML and in JSON gives equal trees. Scalars follow the YAML 1.2 core schema
//! (`on`, `yes` and `off` are strings; quoted scalars are always strings).
//!
//! Hostile input is refused with a located error: aliases (`*name`, so no alias bomb can
//! expand; Graph's documents use none), tags other than `!!str`, `!!map` and `!!seq` (which
//! say what the node is anyway), duplicate mapping keys, non-scalar keys, a second document,
//! invalid UTF-8 and an empty file. `$ref` is an ordinary string here; following it is the
//! lowering's job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span, Tag};

use crate::error::{Diagnostic, Error, Pos, Result, pos_at};

#[cfg(test)]
mod tests;

/// The deepest nesting of mappings and sequences accepted; deeper documents are rejected with
/// an error. Graph's documents nest about 20 levels. (Flow collections, `[` and `{`, meet
/// saphyr's own limit of 255 first, which is a located error too.)
pub(crate) const MAX_DEPTH: usize = 256;

/// How far into a file [`detect`] looks for the top-level `openapi` key.
const DETECT_WINDOW: usize = 64 * 1024;

/// Mappings with at least this many entries find duplicate keys through a hash index; smaller
/// ones (nearly all) compare with each entry.
const INDEX_FROM: usize = 16;

/// A node of the document with its position (byte offset, 1-based line, 1-based column in
/// characters): the position of the node's first character (for a mapping value, the value,
/// not the key).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// Where the node starts.
    pub(crate) pos: Pos,
    /// What it holds.
    pub(crate) value: Value,
}

/// The value of a [`Node`], with scalars read by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// `null`, `~` or nothing at all.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits an `i64` (decimal, `0o` octal or `0x` hexadecimal).
    Int(i64),
    /// Any other number, including `.inf` and `.nan`.
    Float(f64),
    /// Every other scalar, and every quoted one.
    Str(String),
    /// A sequence (YAML block or flow, JSON array).
    Seq(Vec<Node>),
    /// A mapping in document order; keys are unique.
    Map(Vec<(Key, Node)>),
}

/// A key of a mapping: its text as written (`200` for both `200:` and `'200':`) and its
/// position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// The key's text.
    pub(crate) name: String,
    /// Where the key starts.
    pub(crate) pos: Pos,
}

/// A parsed document: its path (as the caller named it), its text, and the root node.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// The file, as the caller named it (used in messages only).
    pub(crate) path: PathBuf,
    /// The text, without a leading byte order mark; positions are into it.
    pub(crate) source: Arc<str>,
    /// The top-level mapping.
    pub(crate) root: Node,
}

/// What kind of metadata a file holds, judged from its content (see [`detect`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// OData CSDL (XML).
    Csdl,
    /// OpenAPI 3.0 or 3.1 (YAML or JSON).
    OpenApi,
}

impl Node {
    /// The value of `key` when this node is a mapping that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// The text of a string node.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean node.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    /// The entries of a mapping node, in document order.
    pub(crate) fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence node.
    pub(crate) fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// What kind of node this is, for messages: `a string`, `a mapping`, ...
    pub(crate) fn kind_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }
}

/// RFC 6901 escaping of one JSON-pointer segment: `~` becomes `~0`, `/` becomes `~1`.
pub(crate) fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Parses an OpenAPI document, YAML or JSON. `path` is used in messages only. A leading byte
/// order mark is ignored: positions count from the first character after it.
pub(crate) fn parse_str(path: &Path, text: &str) -> Result<Document> {
    let src = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = Builder::new(path, src).document()?;
    check_version(path, src, &root)?;
    Ok(Document {
        path: path.to_path_buf(),
        source: Arc::from(src),
        root,
    })
}

/// What kind of metadata `bytes` hold: CSDL when the first character after a byte order mark
/// and whitespace is `<`; OpenAPI when a top-level `openapi` key with a `3.0.x` or `3.1.x`
/// version appears in the first 64 KiB (YAML: an unindented `openapi:` line; JSON: a key of
/// the outermost object). Only a prefix is read, so this is cheap on any file; the parser
/// makes the authoritative check.
pub(crate) fn detect(bytes: &[u8]) -> Option<Format> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let window = &bytes[..bytes.len().min(DETECT_WINDOW)];
    let start = window.iter().position(|b| !b.is_ascii_whitespace())?;
    match window[start] {
        b'<' => Some(Format::Csdl),
        b'{' => detect_json(&window[start..]).then_some(Format::OpenApi),
        _ => detect_yaml(window).then_some(Format::OpenApi),
    }
}

/// Whether the version text (unquoted) is one this front-end reads.
fn supported_version(v: &[u8]) -> bool {
    v.starts_with(b"3.0.") || v.starts_with(b"3.1.")
}

/// A key of the outermost JSON object is `"openapi"` with a supported version string.
fn detect_json(text: &[u8]) -> bool {
    let mut depth = 0usize;
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                let Some(len) = string_len(&text[i + 1..]) else {
                    return false;
                };
                let s = &text[i + 1..i + 1 + len];
                i += len + 2;
                if depth == 1 && s == b"openapi" {
                    let rest = text[i..].trim_ascii_start();
                    let Some(rest) = rest.strip_prefix(b":") else {
                        continue;
                    };
                    let rest = rest.trim_ascii_start();
                    return rest.strip_prefix(b"\"").is_some_and(supported_version);
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    false
}

/// The length of a JSON string's contents up to its closing quote, escapes included.
fn string_len(text: &[u8]) -> Option<usize> {
    let mut escaped = false;
    text.iter().position(|&b| {
        let end = b == b'"' && !escaped;
        escaped = b == b'\\' && !escaped;
        end
    })
}

/// An unindented line `openapi: 3.x.y` (the key or the version possibly quoted).
fn detect_yaml(text: &[u8]) -> bool {
    text.split(|&b| b == b'\n').any(|line| {
        let key = [&b"openapi"[..], b"\"openapi\"", b"'openapi'"]
            .into_iter()
            .find_map(|k| line.strip_prefix(k));
        let Some(rest) = key.and_then(|r| r.trim_ascii_start().strip_prefix(b":")) else {
            return false;
        };
        let v = rest.trim_ascii_start();
        let v = v
            .strip_prefix(b"\"")
            .or_else(|| v.strip_prefix(b"'"))
            .unwrap_or(v);
        supported_version(v)
    })
}

/// The top level is a mapping whose `openapi` key names version 3.0.x or 3.1.x.
fn check_version(path: &Path, src: &str, root: &Node) -> Result<()> {
    let fail = |pos, element: &str, message: String| -> Error {
        Diagnostic::new(path, src, pos, element, message).into()
    };
    if root.as_map().is_none() {
        return Err(fail(
            root.pos,
            "#",
            format!(
                "not an OpenAPI 3.0 or 3.1 document: the top level is {}, not a mapping",
                root.kind_name()
            ),
        ));
    }
    let Some(version) = root.get("openapi") else {
        return Err(fail(
            root.pos,
            "#",
            "not an OpenAPI 3.0 or 3.1 document: no `openapi` key".into(),
        ));
    };
    let text = match &version.value {
        Value::Str(s) => s.clone(),
        // A number as written (`2.0`, which reads as the float 2).
        Value::Int(_) | Value::Float(_) => src
            .get(version.pos.offset..)
            .unwrap_or_default()
            .split(|c: char| c.is_whitespace() || c == ',' || c == '}')
            .next()
            .unwrap_or_default()
            .to_owned(),
        _ => {
            return Err(fail(
                version.pos,
                "#/openapi",
                format!(
                    "the OpenAPI version must be a string such as `3.0.4`, not {}",
                    version.kind_name()
                ),
            ));
        }
    };
    if version
        .as_str()
        .is_some_and(|s| supported_version(s.as_bytes()))
    {
        return Ok(());
    }
    Err(fail(
        version.pos,
        "#/openapi",
        format!("OpenAPI version `{text}` is not supported; 3.0.x and 3.1.x are"),
    ))
}

/// Maps saphyr's markers (a character index) to [`Pos`] (a byte offset, 1-based line and
/// column as [`pos_at`] counts them), moving from the previous position, so a whole file costs
/// one pass whatever its line lengths.
#[derive(Debug)]
struct Cursor<'s> {
    src: &'s str,
    byte: usize,
    chars: usize,
    line: u32,
    col: u32,
}

impl<'s> Cursor<'s> {
    fn new(src: &'s str) -> Self {
        Cursor {
            src,
            byte: 0,
            chars: 0,
            line: 1,
            col: 1,
        }
    }

    fn pos(&mut self, marker: &Marker) -> Pos {
        let target = marker.index();
        while self.chars < target {
            let Some(c) = self.src[self.byte..].chars().next() else {
                break;
            };
            self.byte += c.len_utf8();
            self.chars += 1;
            if c == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        while self.chars > target {
            let Some(c) = self.src[..self.byte].chars().next_back() else {
                break;
            };
            self.byte -= c.len_utf8();
            self.chars -= 1;
            if c == '\n' {
                self.line -= 1;
                let before = &self.src[..self.byte];
                let start = before.rfind('\n').map_or(0, |i| i + 1);
                let col = before[start..].chars().count() + 1;
                self.col = u32::try_from(col).unwrap_or(u32::MAX);
            } else {
                self.col -= 1;
            }
        }
        Pos {
            offset: self.byte,
            line: self.line,
            col: self.col,
        }
    }
}

/// A mapping or sequence being built.
#[derive(Debug)]
struct Frame {
    pos: Pos,
    open: Open,
}

/// What an open collection holds so far.
#[derive(Debug)]
enum Open {
    Seq(Vec<Node>),
    Map {
        entries: Vec<(Key, Node)>,
        /// The key whose value comes next.
        key: Option<Key>,
        /// Key to entry index, once the mapping has [`INDEX_FROM`] entries.
        index: HashMap<String, usize>,
    },
}

impl Frame {
    /// The pointer segment of the child being built (`None` for a mapping awaiting a key).
    fn child_segment(&self) -> Option<String> {
        match &self.open {
            Open::Seq(items) => Some(items.len().to_string()),
            Open::Map { key, .. } => key.as_ref().map(|k| pointer_segment(&k.name)),
        }
    }
}

/// The parsing state for one document.
struct Builder<'s> {
    file: &'s Path,
    src: &'s str,
    parser: Parser<'s, saphyr_parser::StrInput<'s>>,
    cursor: Cursor<'s>,
    stack: Vec<Frame>,
}

impl<'s> Builder<'s> {
    fn new(file: &'s Path, src: &'s str) -> Self {
        Builder {
            file,
            src,
            parser: Parser::new_from_str(src),
            cursor: Cursor::new(src),
            stack: Vec::new(),
        }
    }

    fn error(&self, pos: Pos, element: String, message: impl Into<String>) -> Error {
        Diagnostic::new(self.file, self.src, pos, element, message).into()
    }

    /// The JSON pointer of the node being built at the top of the stack.
    fn here(&self) -> String {
        let mut pointer = String::from("#");
        for segment in self.stack.iter().filter_map(Frame::child_segment) {
            pointer.push('/');
            pointer.push_str(&segment);
        }
        pointer
    }

    /// The next event and the position of its start.
    fn next(&mut self) -> Result<(Event<'s>, Pos)> {
        match self.parser.next_event() {
            Some(Ok((event, Span { start, .. }))) => Ok((event, self.cursor.pos(&start))),
            Some(Err(err)) => {
                let pos = self.cursor.pos(err.marker());
                let message = if err.info() == "recursion limit exceeded" {
                    "the document nests too deeply: the YAML reader stops at 255 levels of `[` \
                     and `{`"
                        .to_owned()
                } else {
                    format!("the YAML is malformed: {}", err.info())
                };
                Err(self.error(pos, self.here(), message))
            }
            None => {
                let pos = pos_at(self.src, self.src.len());
                Err(self.error(pos, self.here(), "the YAML ends unexpectedly"))
            }
        }
    }

    /// Reads the stream: exactly one document, returned as its root node.
    fn document(mut self) -> Result<Node> {
        let mut root = None;
        loop {
            let (event, pos) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::StreamEnd => break,
                Event::DocumentStart(_) if root.is_some() => {
                    return Err(self.error(
                        pos,
                        String::new(),
                        "a second YAML document starts here; an OpenAPI file holds one",
                    ));
                }
                Event::DocumentStart(_) => root = Some(self.node()?),
                other => {
                    let message = format!("unexpected YAML event {other:?} outside a document");
                    return Err(self.error(pos, String::new(), message));
                }
            }
        }
        match root {
            Some(root) => Ok(root),
            None => Err(self.error(pos_at(self.src, 0), "#".into(), "empty document")),
        }
    }

    /// Reads one node (the document's root) and everything inside it, without recursion.
    fn node(&mut self) -> Result<Node> {
        loop {
            let (event, pos) = self.next()?;
            let done = match event {
                Event::Scalar(text, style, _anchor, tag) => {
                    if self.awaits_key() {
                        self.check_tag(tag.as_deref(), "str", pos)?;
                        let key = Key {
                            name: text.into_owned(),
                            pos,
                        };
                        self.set_key(key)?;
                        continue;
                    }
                    let value = self.scalar(text.into_owned(), style, tag.as_deref(), pos)?;
                    Node { pos, value }
                }
                Event::SequenceStart(_anchor, tag) => {
                    self.open(pos, tag.as_deref(), "seq")?;
                    self.stack.push(Frame {
                        pos,
                        open: Open::Seq(Vec::new()),
                    });
                    continue;
                }
                Event::MappingStart(_anchor, tag) => {
                    self.open(pos, tag.as_deref(), "map")?;
                    self.stack.push(Frame {
                        pos,
                        open: Open::Map {
                            entries: Vec::new(),
                            key: None,
                            index: HashMap::new(),
                        },
                    });
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                    Some(Frame {
                        pos,
                        open: Open::Seq(items),
                    }) => Node {
                        pos,
                        value: Value::Seq(items),
                    },
                    Some(Frame {
                        pos,
                        open: Open::Map { entries, .. },
                    }) => Node {
                        pos,
                        value: Value::Map(entries),
                    },
                    None => {
                        return Err(self.error(pos, "#".into(), "unbalanced end of a collection"));
                    }
                },
                Event::Alias(_) => {
                    return Err(self.error(
                        pos,
                        self.here(),
                        "YAML aliases (`*name`) are not supported; write the value out",
                    ));
                }
                other => {
                    let message = format!("unexpected YAML event {other:?} inside a document");
                    return Err(self.error(pos, self.here(), message));
                }
            };
            match self.stack.last_mut() {
                None => return Ok(done),
                Some(Frame {
                    open: Open::Seq(items),
                    ..
                }) => items.push(done),
                Some(Frame {
                    open: Open::Map { entries, key, .. },
                    ..
                }) => {
                    // A value always follows its key: `awaits_key` routed scalars and `open`
                    // refused collections where a key belongs.
                    if let Some(key) = key.take() {
                        entries.push((key, done));
                    }
                }
            }
        }
    }

    /// Whether the innermost open collection is a mapping that expects a key next.
    fn awaits_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame {
                open: Open::Map { key: None, .. },
                ..
            })
        )
    }

    /// Checks that a collection may start here: not as a key, not too deep, no foreign tag.
    fn open(&self, pos: Pos, tag: Option<&Tag>, expected: &str) -> Result<()> {
        if self.awaits_key() {
            return Err(self.error(
                pos,
                self.here(),
                "a mapping key must be a scalar, not a mapping or a sequence",
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.error(
                pos,
                self.here(),
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.check_tag(tag, expected, pos)
    }

    /// Accepts no tag, or the core-schema tag that says what the node is anyway.
    fn check_tag(&self, tag: Option<&Tag>, allowed: &str, pos: Pos) -> Result<()> {
        match tag {
            None => Ok(()),
            Some(t) if t.is_yaml_core_schema() && t.suffix == allowed => Ok(()),
            // The non-specific tag `!` on a scalar: a string, as a quoted scalar is.
            Some(t) if t.handle == "!" && t.suffix.is_empty() && allowed == "str" => Ok(()),
            Some(t) => Err(self.error(
                pos,
                self.here(),
                format!("the YAML tag `{}` is not supported here", tag_text(t)),
            )),
        }
    }

    /// Records the key of the next entry of the innermost mapping, refusing a duplicate.
    fn set_key(&mut self, new: Key) -> Result<()> {
        let Some(Frame {
            open:
                Open::Map {
                    entries,
                    key,
                    index,
                },
            ..
        }) = self.stack.last_mut()
        else {
            return Ok(());
        };
        let first = if entries.len() < INDEX_FROM {
            entries.iter().position(|(k, _)| k.name == new.name)
        } else {
            if index.is_empty() {
                for (i, (k, _)) in entries.iter().enumerate() {
                    index.insert(k.name.clone(), i);
                }
            }
            let next = entries.len();
            let prior = index.get(&new.name).copied();
            if prior.is_none() {
                index.insert(new.name.clone(), next);
            }
            prior
        };
        if let Some(i) = first {
            let line = entries[i].0.pos.line;
            let (name, pos) = (new.name, new.pos);
            let pointer = format!("{}/{}", self.here(), pointer_segment(&name));
            return Err(self.error(
                pos,
                pointer,
                format!("duplicate key `{name}`; the first one is on line {line}"),
            ));
        }
        *key = Some(new);
        Ok(())
    }

    /// A scalar's value by the YAML 1.2 core schema; quoted and `!!str` scalars are strings.
    fn scalar(
        &self,
        text: String,
        style: ScalarStyle,
        tag: Option<&Tag>,
        pos: Pos,
    ) -> Result<Value> {
        if tag.is_some() {
            self.check_tag(tag, "str", pos)?;
            return Ok(Value::Str(text));
        }
        if style != ScalarStyle::Plain {
            return Ok(Value::Str(text));
        }
        resolve_plain(text).map_err(|message| self.error(pos, self.here(), message))
    }
}

/// A tag as it is usually written: `!!binary`, `!custom`.
fn tag_text(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

/// The value of a plain scalar by the YAML 1.2 core schema, or why it cannot have one.
fn resolve_plain(text: String) -> Result<Value, String> {
    Ok(match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => Value::Float(f64::NAN),
        t => {
            if let Some(digits) = t.strip_prefix("0x") {
                return radix_int(t, digits, 16);
            }
            if let Some(digits) = t.strip_prefix("0o") {
                return radix_int(t, digits, 8);
            }
            let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
            if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
                // Integers past i64 stay numbers, as a JSON reader takes them.
                return Ok(t
                    .parse()
                    .map_or_else(|_| Value::Float(t.parse().unwrap_or(f64::NAN)), Value::Int));
            }
            if is_core_float(unsigned)
                && let Ok(f) = t.parse()
            {
                return Ok(Value::Float(f));
            }
            Value::Str(text)
        }
    })
}

/// `0x`/`0o` integers: the core schema's digits, or a string when they are not digits.
fn radix_int(text: &str, digits: &str, radix: u32) -> Result<Value, String> {
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return Ok(Value::Str(text.to_owned()));
    }
    i64::from_str_radix(digits, radix)
        .map(Value::Int)
        .map_err(|_| format!("the integer `{text}` does not fit in 64 bits"))
}

/// The core schema's float without its sign: `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? )
/// ( [eE] [-+]? [0-9]+ )?`.
fn is_core_float(t: &str) -> bool {
    let (mantissa, exponent) = match t.find(['e', 'E']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.strip_prefix('.') {
        Some(frac) => !frac.is_empty() && digits(frac),
        None => match mantissa.split_once('.') {
            Some((int, frac)) => !int.is_empty() && digits(int) && digits(frac),
            None => !mantissa.is_empty() && digits(mantissa),
        },
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}
