//! Errors and warnings. Every problem found in a CSDL file is a [`Diagnostic`] that names the
//! file, line and column, the CSDL element path, and shows a short excerpt of the input. A
//! warning about the configuration (an include pattern that matches nothing) is a
//! `Diagnostic` too, without a place in a file; its [`Category`] tells the two apart.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a source document: 1-based line and column (in characters), plus the byte
/// offset of the element's `<`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    /// Byte offset into the source text.
    pub offset: usize,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column number, counted in characters.
    pub col: u32,
}

/// What a [`Diagnostic`] is about, so that a front end can present each kind its own way:
/// the CLI counts the metadata's own defects into one line and shows every warning about
/// the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// The input document itself: something it says cannot hold (an annotation whose
    /// target does not exist, an alternate key naming a property the type lacks, a property
    /// that redefines a base type's, a type it never defines). Graph's published metadata
    /// has such defects; generation works around each one, and nothing in the
    /// configuration can change them. Every diagnostic located in an input file is of this
    /// category.
    Metadata,
    /// The configuration does not do what it says: an include or exclude pattern that
    /// matches nothing, or whose every path is taken away again.
    Config,
    /// Something valid that the generated crate leaves out because graphgen cannot express it
    /// (an operation bound to a primitive type, or bound to a type no URL of the service
    /// addresses). Located in the input file, like [`Category::Metadata`].
    Unsupported,
}

impl Category {
    /// The category's name: `metadata`, `config` or `unsupported`.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Metadata => "metadata",
            Category::Config => "config",
            Category::Unsupported => "unsupported",
        }
    }

    /// The category named `name` (see [`Category::as_str`]).
    ///
    /// ```
    /// use graphgen::Category;
    /// assert_eq!(Category::from_name("config"), Some(Category::Config));
    /// assert_eq!(Category::from_name(Category::Metadata.as_str()), Some(Category::Metadata));
    /// assert_eq!(Category::from_name("other"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Category> {
        [Category::Metadata, Category::Config, Category::Unsupported]
            .into_iter()
            .find(|c| c.as_str() == name)
    }
}

/// A problem located in an input file, or a warning about the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The input file, as the caller named it. Empty for a [`Category::Config`] warning,
    /// which has no place in a file (patterns come from `graphgen.toml`, the command line
    /// or a build script alike).
    pub file: PathBuf,
    /// Where in the file (all zero without a file).
    pub pos: Pos,
    /// The CSDL element path, e.g. `Schema(microsoft.graph)/EntityType(accessPackage)/Property(catalogId)`,
    /// or for a configuration warning the profile it is about (`profile v1_0`).
    /// Empty when the problem is not inside an element (e.g. malformed XML before the root).
    pub element: String,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The source line with a caret under the column (may be empty).
    pub excerpt: String,
    /// What the diagnostic is about.
    pub category: Category,
}

impl Diagnostic {
    /// Builds a diagnostic located in an input file ([`Category::Metadata`]), taking the
    /// excerpt from `source` at `pos`.
    pub fn new(
        file: &Path,
        source: &str,
        pos: Pos,
        element: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_path_buf(),
            pos,
            element: element.into(),
            message: message.into(),
            excerpt: excerpt(source, pos),
            category: Category::Metadata,
        }
    }

    /// A warning about the configuration ([`Category::Config`]): no file, `scope` in place
    /// of the element path (e.g. `profile v1_0`).
    ///
    /// ```
    /// use graphgen::{Category, Diagnostic};
    /// let d = Diagnostic::config("profile v1_0", "include pattern `/group/**` matches no path");
    /// assert_eq!(d.category, Category::Config);
    /// assert_eq!(d.to_string(), "profile v1_0: include pattern `/group/**` matches no path");
    /// ```
    pub fn config(scope: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: PathBuf::new(),
            pos: Pos::default(),
            element: scope.into(),
            message: message.into(),
            excerpt: String::new(),
            category: Category::Config,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.file.as_os_str().is_empty() {
            write!(
                f,
                "{}:{}:{}: ",
                self.file.display(),
                self.pos.line,
                self.pos.col
            )?;
        }
        if !self.element.is_empty() {
            write!(f, "{}: ", self.element)?;
        }
        f.write_str(&self.message)?;
        if !self.excerpt.is_empty() {
            write!(f, "\n{}", self.excerpt)?;
        }
        Ok(())
    }
}

/// Computes the 1-based line and column (in characters) of a byte offset in `source`.
pub fn line_col(source: &str, offset: usize) -> (u32, u32) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

/// The text of an input file read as `bytes`, which must be UTF-8 (with or without a byte
/// order mark, which stays in the text). Anything else is a located error at the first
/// invalid byte, in the same form for every front-end.
pub(crate) fn utf8_text<'b>(path: &Path, bytes: &'b [u8]) -> Result<&'b str> {
    std::str::from_utf8(bytes).map_err(|err| {
        let valid = bytes.get(..err.valid_up_to()).unwrap_or_default();
        // The prefix is valid UTF-8 by construction; fall back to "" rather than panic.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let prefix = prefix.strip_prefix('\u{feff}').unwrap_or(prefix);
        let byte = bytes.get(err.valid_up_to()).copied().unwrap_or_default();
        Diagnostic::new(
            path,
            prefix,
            pos_at(prefix, prefix.len()),
            "",
            format!("the file is not valid UTF-8 (invalid byte 0x{byte:02X})"),
        )
        .into()
    })
}

/// Makes a [`Pos`] for a byte offset in `source`.
pub fn pos_at(source: &str, offset: usize) -> Pos {
    let (line, col) = line_col(source, offset);
    Pos { offset, line, col }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line of `source` that holds `pos`, cut to at most 120 characters around the column,
/// with a caret line under the column.
pub fn excerpt(source: &str, pos: Pos) -> String {
    if source.is_empty() || pos.line == 0 {
        return String::new();
    }
    let Some(line) = source.lines().nth(pos.line as usize - 1) else {
        return String::new();
    };
    let chars: Vec<char> = line.chars().collect();
    let col = (pos.col as usize).saturating_sub(1).min(chars.len());
    let start = col.saturating_sub(60);
    let end = (start + 120).min(chars.len());
    let shown: String = chars[start..end].iter().collect();
    let lead = if start > 0 { "…" } else { "" };
    let caret_pad = col - start + lead.chars().count();
    format!(
        "  | {lead}{}\n  | {}^",
        shown.trim_end(),
        " ".repeat(caret_pad)
    )
}

/// Everything that can go wrong in graphgen.
///
/// A configuration is checked as a whole before any metadata is read
/// ([`Config::validate`](crate::Config::validate)): its problems are [`Error::InvalidConfig`],
/// [`Error::InvalidBaseUrl`] and [`Error::Selection`]. Only [`Error::Emit`] and
/// [`Error::Template`] are bugs of graphgen.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A problem in a CSDL input file (malformed XML, unknown type, cycle, duplicate, ...).
    #[error("{0}")]
    Csdl(Box<Diagnostic>),
    /// Several problems in the input files, each located, in document order: every
    /// semantic error of the metadata found in one run. Shown as rustc shows errors, the
    /// first [`MAX_SHOWN_ERRORS`] in full and a count of the rest.
    #[error("{}", ErrorList(.0))]
    Many(Vec<Diagnostic>),
    /// A file that should be a configuration cannot be read as one: `graphgen.toml` that is
    /// not TOML or has unknown keys, or the `Cargo.toml` of an output directory that does not
    /// parse.
    #[error("{}: {message}", path.display())]
    Config {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// `graphgen fetch` could not download a profile's `source`, or what it got is no
    /// metadata; the metadata file was left as it was.
    #[error("fetching {url}: {message}")]
    Fetch {
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
    /// The configuration (from `graphgen.toml`, the command line or a build script alike) asks
    /// for something that cannot be generated: no profile, a module name that is not a
    /// snake_case Rust module name or is taken, root features without the crate layout, a
    /// crate name Cargo refuses.
    #[error("{scope}: {message}")]
    InvalidConfig {
        /// What it is about: `profile `v1_0``, or `configuration` for the whole.
        scope: String,
        /// What is wrong, and what would do.
        message: String,
    },
    /// A profile's base URL is one the runtime's `Client::new` refuses, so the emitted
    /// `Client::with_default_base_url()` would panic.
    #[error("profile `{profile}`: invalid base URL `{url}`: {reason}")]
    InvalidBaseUrl {
        /// The profile's module name.
        profile: String,
        /// The URL as it was given.
        url: String,
        /// Why it is refused.
        reason: String,
    },
    /// The output directory holds something this run must not overwrite: a crate generated
    /// for another crate name or other profiles, or files graphgen did not write.
    #[error("{}: refusing to write: {message}", path.display())]
    OutputInUse {
        /// The output directory.
        path: PathBuf,
        /// What is there, and what to do.
        message: String,
    },
    /// A path selection (`--include`/`--exclude`/`--type`) is invalid (checked with the
    /// configuration) or, against the metadata, selects nothing or names unknown types.
    #[error("selection: {0}")]
    Selection(String),
    /// A template of the emitted crate's other files (`Cargo.toml`, `README.md`, the crate
    /// docs) failed to render: a bug in graphgen.
    #[error("internal error: the template of {file} failed to render: {message}")]
    Template {
        /// The file being rendered.
        file: String,
        /// The template engine's message.
        message: String,
    },
    /// Emitted Rust failed to parse: a bug in graphgen, reported with the module it was in.
    #[error("internal error: emitted Rust for {module} does not parse: {message}")]
    Emit {
        /// The module being emitted.
        module: String,
        /// The parser's message.
        message: String,
    },
}

/// The most errors [`Error::Many`] shows in full; the rest are counted.
pub const MAX_SHOWN_ERRORS: usize = 50;

impl Error {
    /// The error of `diagnostics`, in the order given: [`Error::Csdl`] for one,
    /// [`Error::Many`] for more.
    ///
    /// # Panics
    /// When `diagnostics` is empty (there is no error to make).
    pub(crate) fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Error {
        assert!(!diagnostics.is_empty(), "an error needs a diagnostic");
        if diagnostics.len() == 1 {
            Error::Csdl(Box::new(diagnostics.remove(0)))
        } else {
            Error::Many(diagnostics)
        }
    }

    /// The located problems this error is made of: one for [`Error::Csdl`], every one for
    /// [`Error::Many`], none for the others.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Csdl(d) => std::slice::from_ref(&**d),
            Error::Many(list) => list,
            _ => &[],
        }
    }
}

/// [`Error::Many`] as shown: each error after the first on its own `error:` paragraph (the
/// caller writes `error: ` before the whole, as for any error), the first
/// [`MAX_SHOWN_ERRORS`] in full, then how many more there are.
struct ErrorList<'a>(&'a [Diagnostic]);

impl fmt::Display for ErrorList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(MAX_SHOWN_ERRORS).enumerate() {
            if i > 0 {
                f.write_str("\n\nerror: ")?;
            }
            write!(f, "{d}")?;
        }
        let rest = self.0.len().saturating_sub(MAX_SHOWN_ERRORS);
        if rest > 0 {
            let noun = if rest == 1 { "error" } else { "errors" };
            write!(f, "\n\nerror: … and {rest} more {noun}")?;
        }
        write!(f, "\n\nerror: {} errors in the metadata", self.0.len())
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Csdl(Box::new(d))
    }
}

/// The warnings of a generation as they are shown: every one about the configuration in
/// full, and the defects of the metadata itself (which no configuration can change, and which
/// Graph's own files have) as one `note:` line that counts them, and what the generated crate
/// cannot express ([`Category::Unsupported`]) as another, or each in full when `verbose`;
/// each note ends with `how_to_list`, which says how to see them. Each entry is one
/// message (a located one spans several lines, with its
/// excerpt); the CLI prints them to stderr, and [`Config::write`](crate::Config::write) as
/// `cargo:warning=` lines.
///
/// ```
/// use graphgen::{Diagnostic, shown_warnings};
///
/// let pattern = Diagnostic::config("profile v1_0", "include pattern `/group/**` matches no path");
/// let mut defect = pattern.clone();
/// defect.category = graphgen::Category::Metadata;
/// let mut unsupported = pattern.clone();
/// unsupported.category = graphgen::Category::Unsupported;
/// let all = [pattern, defect.clone(), defect, unsupported];
/// let shown = shown_warnings(&all, false, "--verbose lists them");
/// assert_eq!(shown, [
///     "warning: profile v1_0: include pattern `/group/**` matches no path",
///     "note: 2 defects in the metadata itself were worked around (--verbose lists them)",
///     "note: 1 construct that the generated crate cannot express was left out (--verbose lists them)",
/// ]);
/// ```
pub fn shown_warnings(warnings: &[Diagnostic], verbose: bool, how_to_list: &str) -> Vec<String> {
    let mut shown = Vec::new();
    let mut defects = 0;
    let mut unsupported = 0;
    for w in warnings {
        if verbose || w.category == Category::Config {
            shown.push(format!("warning: {w}"));
        } else if w.category == Category::Metadata {
            defects += 1;
        } else {
            unsupported += 1;
        }
    }
    type Words = (&'static str, &'static str);
    let count = |n: usize, (one, many): (Words, Words)| if n == 1 { one } else { many };
    if defects > 0 {
        let (noun, verb) = count(defects, (("defect", "was"), ("defects", "were")));
        shown.push(format!(
            "note: {defects} {noun} in the metadata itself {verb} worked around ({how_to_list})"
        ));
    }
    if unsupported > 0 {
        let (noun, verb) = count(unsupported, (("construct", "was"), ("constructs", "were")));
        shown.push(format!(
            "note: {unsupported} {noun} that the generated crate cannot express {verb} left \
             out ({how_to_list})"
        ));
    }
    shown
}

/// A `Result` with graphgen's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\ncé<x";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 3), (2, 1));
        let lt = src.find('<').unwrap();
        assert_eq!(line_col(src, lt), (2, 3));
    }

    #[test]
    fn display_names_file_line_col_element_and_excerpt() {
        let src = "<a>\n  <Property Name=\"x\" Type=\"Edm.Nope\"/>\n</a>";
        let off = src.find("<Property").unwrap();
        let d = Diagnostic::new(
            Path::new("in.xml"),
            src,
            pos_at(src, off),
            "EntityType(t)/Property(x)",
            "unknown type `Edm.Nope`",
        );
        let text = d.to_string();
        assert!(text.starts_with("in.xml:2:3: EntityType(t)/Property(x): unknown type `Edm.Nope`"));
        assert!(text.contains("  |   <Property Name=\"x\""), "{text}");
        assert!(text.ends_with("  |   ^"), "{text}");
    }
}
