//! Doc text: how descriptions from the metadata and the generator's own prose become
//! `#[doc = "..."]` lines that rustdoc renders as written and builds with warnings denied.
//!
//! Two kinds of text reach the docs:
//!
//! * The generator's prose: trusted Markdown, with intra-doc links (`` [`DEFAULT_BASE_URL`] ``)
//!   and URLs written as links (`<https://…>`). It only goes through [`doc_lines`].
//! * Descriptions from the metadata (`Core.Description`, `Core.LongDescription`): plain text
//!   written by Graph's authors, with bare URLs, `<placeholders>`, `[brackets]`, stray
//!   backticks and the odd regular expression. [`description_markdown`] turns it into Markdown
//!   first; [`description_lines`] does both.

/// Splits a description into rustdoc lines, one `#[doc = "..."]` each.
///
/// * `\r\n` and lone `\r` end lines; trailing whitespace is trimmed; leading and trailing blank
///   lines are dropped and runs of blank lines become one.
/// * Each non-blank line is returned with one leading space (`" text"`), as `///` would
///   produce; a blank line is returned as `""` (a paragraph break).
/// * A line indented by a tab or 4+ spaces loses its indentation, so rustdoc does not read an
///   indented code block (which would also become a doctest). Inside a fenced block lines
///   keep their indentation.
/// * A fenced block (```` ``` ```` or `~~~`) keeps its info string, as the generator wrote
///   it (```` ```rust,no_run ```` is a doctest, ```` ```text ```` is not), and is closed if the
///   text leaves it open.
///
/// Nothing else is escaped: `quote!` escapes the string literal itself. Text from the metadata
/// goes through [`description_lines`] instead, whose fences are all `text`.
pub fn doc_lines(text: &str) -> Vec<String> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out: Vec<String> = Vec::new();
    let mut open_fence: Option<&'static str> = None;
    for raw in normalized.split('\n') {
        let line = raw.trim_end();
        if line.is_empty() {
            if out.last().is_some_and(|l| !l.is_empty()) {
                out.push(String::new());
            }
            continue;
        }
        let fence = fence_of(line);
        match (fence, open_fence) {
            (Some(f), None) => {
                open_fence = Some(f);
                out.push(format!(" {}", line.trim_start()));
            }
            (Some(f), Some(open)) if f == open => {
                open_fence = None;
                out.push(format!(" {f}"));
            }
            (_, Some(_)) => out.push(format!(" {line}")),
            (_, None) => out.push(format!(" {}", unindented(line))),
        }
    }
    if out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    if let Some(f) = open_fence {
        out.push(format!(" {f}"));
    }
    out
}

/// The doc lines of a description from the metadata: [`doc_lines`] of
/// [`description_markdown`].
pub fn description_lines(text: &str) -> Vec<String> {
    doc_lines(&description_markdown(text))
}

/// Turns a description from the metadata (plain text by Graph's authors) into Markdown that
/// rustdoc renders as it was written, without warnings (`rustdoc::bare_urls`,
/// `invalid_html_tags`, `broken_intra_doc_links`, `unescaped_backticks`).
///
/// * A bare `http://` or `https://` URL becomes a link, `<https://…>`. It ends at whitespace,
///   a non-ASCII character or one of ``< > " ` ``; trailing `. , : ; ! ? ' * _ ~` are left
///   out, and so are closing `)`, `]`, `}` that the URL does not open (`(see https://a.b/c).`
///   links `https://a.b/c`). A URL already in angle brackets stays as it is.
/// * An inline link whose target is such a URL (`[text](https://…)`) stays a link.
/// * Any other `[` and `]` is escaped (`\[`, `\]`), so `[Deprecated]`, `[drive][]` or
///   `['bob@contoso.com']` are not read as (broken) intra-doc links.
/// * `<` before a letter, `/`, `!` or `?` is escaped (`\<`), so `<id>`, `<iframe>` or
///   `<IMG src='…'>` are not read as HTML; `0 <= x` stays as it is.
/// * A backslash before ASCII punctuation or at the end of a line is doubled, so `\.` in a
///   regular expression keeps its backslash and no line ends in a hard break.
/// * Code spans (`` `none` ``, backtick runs closed by a run of the same length in the same
///   paragraph) are kept, unescaped; a backtick run that closes nothing is escaped.
/// * Fenced blocks (```` ``` ````, `~~~`) are kept, opened as `text` whatever their info
///   string: rustdoc compiles a block without one, or with `rust`, as a doctest. Everything
///   else (emphasis, lists, `&`, `#`) is left to Markdown, as the authors wrote it.
pub fn description_markdown(text: &str) -> String {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(normalized.len() + normalized.len() / 8);
    let mut paragraph: Vec<&str> = Vec::new();
    let mut open_fence: Option<&'static str> = None;
    let flush = |paragraph: &mut Vec<&str>, out: &mut String| {
        if !paragraph.is_empty() {
            inline(&paragraph.join("\n"), out, true);
            out.push('\n');
            paragraph.clear();
        }
    };
    for line in normalized.split('\n') {
        let fence = fence_of(line);
        if let Some(open) = open_fence {
            if fence == Some(open) {
                open_fence = None;
            }
        } else if let Some(f) = fence {
            flush(&mut paragraph, &mut out);
            open_fence = fence;
            out.push_str(f);
            out.push_str("text\n");
            continue;
        } else if !line.trim().is_empty() {
            paragraph.push(line);
            continue;
        } else {
            flush(&mut paragraph, &mut out);
        }
        out.push_str(line);
        out.push('\n');
    }
    flush(&mut paragraph, &mut out);
    out.pop();
    out
}

/// The fence (```` ``` ```` or `~~~`) a line opens or closes, if any.
fn fence_of(line: &str) -> Option<&'static str> {
    ["```", "~~~"]
        .into_iter()
        .find(|f| line.trim_start().starts_with(f))
}

/// `line` without the indentation that would make it an indented code block (a tab or 4+
/// spaces).
fn unindented(line: &str) -> &str {
    if line.starts_with('\t') || line.starts_with("    ") {
        line.trim_start()
    } else {
        line
    }
}

/// Appends the Markdown of one paragraph of plain text `s` to `out` (see
/// [`description_markdown`]). `links` is false inside a link's text, where links cannot nest.
fn inline(s: &str, out: &mut String, links: bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if links
            && matches!(b[i], b'h' | b'H')
            && let Some(end) = url_end(s, i)
        {
            out.push('<');
            out.push_str(&s[i..end]);
            out.push('>');
            i = end;
            continue;
        }
        match b[i] {
            b'`' => {
                let n = run_len(b, i);
                if let Some(end) = code_span_end(b, i + n, n) {
                    out.push_str(&s[i..end]);
                    i = end;
                } else {
                    out.push_str(&"\\`".repeat(n));
                    i += n;
                }
            }
            b'\\' => {
                let literal = b
                    .get(i + 1)
                    .is_none_or(|&c| c.is_ascii_punctuation() || c == b'\n');
                out.push_str(if literal { "\\\\" } else { "\\" });
                i += 1;
            }
            b'<' => {
                if let Some(end) = autolink_end(s, i) {
                    out.push_str(&s[i..end]);
                    i = end;
                } else {
                    let tag = b.get(i + 1).is_some_and(|&c| {
                        c.is_ascii_alphabetic() || matches!(c, b'/' | b'!' | b'?')
                    });
                    out.push_str(if tag { "\\<" } else { "<" });
                    i += 1;
                }
            }
            b'[' => match inline_link(s, i).filter(|_| links) {
                Some((text_end, url_end)) => {
                    out.push('[');
                    inline(&s[i + 1..text_end], out, false);
                    out.push_str(&s[text_end..=url_end]);
                    i = url_end + 1;
                }
                None => {
                    out.push_str("\\[");
                    i += 1;
                }
            },
            b']' => {
                out.push_str("\\]");
                i += 1;
            }
            _ => {
                // Copy up to the next byte that may start something; every such byte is ASCII,
                // so the slice ends on a character boundary.
                let next = b[i + 1..]
                    .iter()
                    .position(|c| matches!(c, b'`' | b'\\' | b'<' | b'[' | b']' | b'h' | b'H'))
                    .map_or(b.len(), |p| i + 1 + p);
                out.push_str(&s[i..next]);
                i = next;
            }
        }
    }
}

/// The length of the run of the byte at `start`.
fn run_len(b: &[u8], start: usize) -> usize {
    b[start..].iter().take_while(|&&c| c == b[start]).count()
}

/// Where a code span opened by `n` backticks ends (after its closing run), searching from
/// `from`: the first later run of exactly `n` backticks.
fn code_span_end(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        if b[j] == b'`' {
            let m = run_len(b, j);
            if m == n {
                return Some(j + m);
            }
            j += m;
        } else {
            j += 1;
        }
    }
    None
}

/// Where a bare `http://` or `https://` URL starting at `start` ends (see
/// [`description_markdown`]), if one starts there and has a host.
fn url_end(s: &str, start: usize) -> Option<usize> {
    let rest = &s[start..];
    let scheme = ["https://", "http://"].into_iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })?;
    let len = rest
        .bytes()
        .position(|c| !c.is_ascii_graphic() || matches!(c, b'<' | b'>' | b'"' | b'`'))
        .unwrap_or(rest.len());
    let mut url = &rest[..len];
    while let Some(last) = url.bytes().last() {
        let unopened = |open: u8, close: u8| {
            last == close
                && url.bytes().filter(|&c| c == close).count()
                    > url.bytes().filter(|&c| c == open).count()
        };
        let trailing = matches!(
            last,
            b'.' | b',' | b':' | b';' | b'!' | b'?' | b'\'' | b'*' | b'_' | b'~'
        );
        if !(trailing || unopened(b'(', b')') || unopened(b'[', b']') || unopened(b'{', b'}')) {
            break;
        }
        url = &url[..url.len() - 1];
    }
    let host = url.get(scheme.len()..)?;
    host.bytes()
        .next()
        .filter(u8::is_ascii_alphanumeric)
        .map(|_| start + url.len())
}

/// Where a link already in angle brackets, `<https://…>`, that starts at `open` (a `<`) ends
/// (after its `>`).
fn autolink_end(s: &str, open: usize) -> Option<usize> {
    let rest = &s[open + 1..];
    let len = rest
        .bytes()
        .position(|c| !c.is_ascii_graphic() || matches!(c, b'<' | b'>'))?;
    let scheme = ["https://", "http://"].into_iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    })?;
    (rest.as_bytes()[len] == b'>' && len > scheme.len()).then_some(open + 1 + len + 1)
}

/// An inline link to a URL at `open` (a `[`): `[text](https://…)`. Returns the positions of
/// the `]` and of the closing `)`.
fn inline_link(s: &str, open: usize) -> Option<(usize, usize)> {
    let b = s.as_bytes();
    let close = open + 1 + b[open + 1..].iter().position(|&c| c == b']' || c == b'[')?;
    if b[close] != b']' || close == open + 1 || b.get(close + 1) != Some(&b'(') {
        return None;
    }
    let end = url_end(s, close + 2)?;
    (b.get(end) == Some(&b')')).then_some((close, end))
}

#[cfg(test)]
mod tests;
