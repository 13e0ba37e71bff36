//! Doc text: the table of metadata descriptions and the Markdown rustdoc gets for them, and
//! how text is split into doc lines.

use super::*;

/// Descriptions as Graph's metadata has them (most rows are taken from
/// `cleanMetadataWithDescriptionsv1.0` and the beta snapshots), and the Markdown that makes
/// rustdoc render them as written, without warnings.
const DESCRIPTIONS: &[(&str, &str)] = &[
    // Plain text is left alone.
    ("", ""),
    ("The display name. Required.", "The display name. Required."),
    (
        "Web design & hosting. T&C policy.",
        "Web design & hosting. T&C policy.",
    ),
    (
        "Range is 0 <= X <= 999; 4 < 5 > 3.",
        "Range is 0 <= X <= 999; 4 < 5 > 3.",
    ),
    (
        "Größe: naïve café — “quoted”.",
        "Größe: naïve café — “quoted”.",
    ),
    ("mailto and bob@contoso.com", "mailto and bob@contoso.com"),
    ("www.contoso.com/products", "www.contoso.com/products"),
    ("hello https", "hello https"),
    // Bare URLs become links (rustdoc::bare_urls).
    (
        "For example: https://contoso.com or https://myapp.contoso.com but NOT x",
        "For example: <https://contoso.com> or <https://myapp.contoso.com> but NOT x",
    ),
    (
        "Example: https://www.contoso.com",
        "Example: <https://www.contoso.com>",
    ),
    ("http://a.b/c", "<http://a.b/c>"),
    ("HTTPS://A.B/C", "<HTTPS://A.B/C>"),
    (
        "relative to https://graph.microsoft.com. Required.",
        "relative to <https://graph.microsoft.com>. Required.",
    ),
    (
        "Do not include the base URL (https://graph.microsoft.com/v1.0/). See the list.",
        "Do not include the base URL (<https://graph.microsoft.com/v1.0/>). See the list.",
    ),
    (
        "Example: 'https://www.contoso.com'",
        "Example: '<https://www.contoso.com>'",
    ),
    (
        "Example: \"https://www.contoso.com\"",
        "Example: \"<https://www.contoso.com>\"",
    ),
    (
        "e.g. https://graph.microsoft.com/v1.0/print/printers/{printerId}/jobs/{jobId}. Read-only.",
        "e.g. <https://graph.microsoft.com/v1.0/print/printers/{printerId}/jobs/{jobId}>. Read-only.",
    ),
    (
        "Ref: https://technet.microsoft.com/en-us/library/cc179219(v=office.16).aspx",
        "Ref: <https://technet.microsoft.com/en-us/library/cc179219(v=office.16).aspx>",
    ),
    (
        "(see https://a.b/c_(d)), then",
        "(see <https://a.b/c_(d)>), then",
    ),
    (
        "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a')&$top=1",
        "<https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a')&$top=1>",
    ),
    ("**https://a.b/c**", "**<https://a.b/c>**"),
    ("['https://a.b']", "\\['<https://a.b>'\\]"),
    ("{https://a.b/{id}}", "{<https://a.b/{id}>}"),
    ("at https://a.b/c”, or", "at <https://a.b/c>”, or"),
    (
        "line one https://a.b/c\nline two",
        "line one <https://a.b/c>\nline two",
    ),
    ("xhttps://a.b", "x<https://a.b>"),
    // ... but only with a host.
    (
        "A valid URL that begins with http:// or https://. Maximum length is 255.",
        "A valid URL that begins with http:// or https://. Maximum length is 255.",
    ),
    ("https://.", "https://."),
    (
        "It has to be a valid Url (http[s]://msdn.microsoft.com/).",
        "It has to be a valid Url (http\\[s\\]://msdn.microsoft.com/).",
    ),
    // Links that are already links stay links.
    ("See <https://a.b/c>.", "See <https://a.b/c>."),
    ("See <https://a.b/c.>", "See <https://a.b/c.>"),
    (
        "see [dateTimeTimeZone](https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone).",
        "see [dateTimeTimeZone](https://learn.microsoft.com/en-us/graph/api/resources/datetimetimezone).",
    ),
    (
        "[a <b> c](https://a.b/(x)) d",
        "[a \\<b> c](https://a.b/(x)) d",
    ),
    ("[](https://a.b)", "\\[\\](<https://a.b>)"),
    ("[x](relative/path)", "\\[x\\](relative/path)"),
    ("[x] (https://a.b)", "\\[x\\] (<https://a.b>)"),
    // Brackets are not links (rustdoc::broken_intra_doc_links).
    (
        "[Deprecated] Configuring this setting",
        "\\[Deprecated\\] Configuring this setting",
    ),
    ("The [set] in which", "The \\[set\\] in which"),
    (
        "Collection of [bundles][bundle] (albums)",
        "Collection of \\[bundles\\]\\[bundle\\] (albums)",
    ),
    (
        "in a [drive][]. See [drive][] resource.",
        "in a \\[drive\\]\\[\\]. See \\[drive\\]\\[\\] resource.",
    ),
    (
        "For example: ['SMTP: bob@contoso.com', 'smtp: bob@sales.contoso.com'].",
        "For example: \\['SMTP: bob@contoso.com', 'smtp: bob@sales.contoso.com'\\].",
    ),
    ("captured in PCR[0]", "captured in PCR\\[0\\]"),
    (
        "a footnote[^1] and ![image]",
        "a footnote\\[^1\\] and !\\[image\\]",
    ),
    ("unbalanced ] and [", "unbalanced \\] and \\["),
    // Angle brackets before a letter, `/`, `!` or `?` are not HTML (rustdoc::invalid_html_tags).
    (
        "in the form api://<application-client-id>, or",
        "in the form api://\\<application-client-id>, or",
    ),
    (
        "HTML code for an <iframe> element",
        "HTML code for an \\<iframe> element",
    ),
    (
        "such as <IMG src='cid:image001.jpg@01D26CD8.6C05F070'>.",
        "such as \\<IMG src='cid:image001.jpg@01D26CD8.6C05F070'>.",
    ),
    (
        "Must be the #<data-id> or the generated <id> of the element",
        "Must be the #\\<data-id> or the generated \\<id> of the element",
    ),
    (
        "the corresponding <at id='{index}'> tag",
        "the corresponding \\<at id='{index}'> tag",
    ),
    (
        "Valid tokens include:<ul><li>\"*\" indicates any address.</li></ul>",
        "Valid tokens include:\\<ul>\\<li>\"*\" indicates any address.\\</li>\\</ul>",
    ),
    (
        "in the format <server>[“:”<port>]",
        "in the format \\<server>\\[“:”\\<port>\\]",
    ),
    ("<!-- comment --> <?pi?>", "\\<!-- comment --> \\<?pi?>"),
    ("Angle brackets (< >) and <>", "Angle brackets (< >) and <>"),
    // Backslashes stay backslashes.
    (
        "regular expression: '^([a-zA-Z0-9]+(-[a-zA-Z0-9]+)*\\.)+[a-zA-Z]{2,}$'.",
        "regular expression: '^(\\[a-zA-Z0-9\\]+(-\\[a-zA-Z0-9\\]+)*\\\\.)+\\[a-zA-Z\\]{2,}$'.",
    ),
    ("'^[a-zA-Z0-9\\-]*$'", "'^\\[a-zA-Z0-9\\\\-\\]*$'"),
    (
        "a domain account (domain\\user)",
        "a domain account (domain\\user)",
    ),
    ("trailing \\", "trailing \\\\"),
    ("hard\\\nbreak", "hard\\\\\nbreak"),
    // Code spans are kept as they are; a backtick that closes nothing is escaped
    // (rustdoc::unescaped_backticks).
    (
        "Possible values are: `none`, `x86`, `x64`.",
        "Possible values are: `none`, `x86`, `x64`.",
    ),
    ("`[x] <y> https://a.b \\.`", "`[x] <y> https://a.b \\.`"),
    ("``a ` b`` and `c`", "``a ` b`` and `c`"),
    ("`code\nover lines`", "`code\nover lines`"),
    (
        "include: ! \" # $ % & ' ( ) * + , - . / : ; < = > ? @ [ \\ ] ^ _ ` { | } ~. Default",
        "include: ! \" # $ % & ' ( ) * + , - . / : ; < = > ? @ \\[ \\ \\] ^ _ \\` { | } ~. Default",
    ),
    ("one ` two ``", "one \\` two \\`\\`"),
    (
        "`open\n\nclosed in the next paragraph`",
        "\\`open\n\nclosed in the next paragraph\\`",
    ),
    // Emphasis, lists and other Markdown the authors wrote are kept.
    (
        "via the **shares** API. A read returns ****.",
        "via the **shares** API. A read returns ****.",
    ),
    ("(*.cer | *.crt | *.p7b)", "(*.cer | *.crt | *.p7b)"),
    ("Options:\n- one\n- two", "Options:\n- one\n- two"),
    // Paragraphs, line endings and fenced blocks.
    ("a [x]\r\n\r\nb <y>\r\n", "a \\[x\\]\n\nb \\<y>\n"),
    ("a\rb [c]", "a\nb \\[c\\]"),
    (
        "Example:\n```json\n{\"a\": [1], \"b\": \"<x>\"}\n```\nDone [x].",
        "Example:\n```text\n{\"a\": [1], \"b\": \"<x>\"}\n```\nDone \\[x\\].",
    ),
    ("~~~\n[x] https://a.b\n", "~~~text\n[x] https://a.b\n"),
    (
        "  ```rust\nfn main() {}\n  ```",
        "```text\nfn main() {}\n  ```",
    ),
    (
        "```\na\n~~~\n[b]\n```\n[c]",
        "```text\na\n~~~\n[b]\n```\n\\[c\\]",
    ),
];

#[test]
fn description_markdown_table() {
    let mut failures = Vec::new();
    for &(text, expected) in DESCRIPTIONS {
        let got = description_markdown(text);
        if got != expected {
            failures.push(format!(
                "description_markdown({text:?})\n   = {got:?}\n   expected {expected:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What rustdoc would warn about, found without rustdoc: a URL outside a link or code span,
/// a `<` that could open a tag, a `[` that could open a link.
fn suspicious(markdown: &str) -> Option<String> {
    let b = markdown.as_bytes();
    let mut i = 0;
    let mut in_code = None;
    while i < b.len() {
        let c = b[i];
        if c == b'`' {
            let n = run_len(b, i);
            match in_code {
                Some(m) if m == n => in_code = None,
                None if code_span_end(b, i + n, n).is_some() => in_code = Some(n),
                _ => {}
            }
            i += n;
            continue;
        }
        let escaped = i > 0 && b[i - 1] == b'\\' && (i < 2 || b[i - 2] != b'\\');
        if in_code.is_none() && !escaped && matches!(c, b'<' | b'[' | b'h') {
            let rest = &markdown[i..];
            if (c == b'<' && rest[1..].starts_with(|n: char| n.is_ascii_alphabetic()))
                && autolink_end(markdown, i).is_none()
            {
                return Some(format!("a tag at {i}"));
            }
            if c == b'[' && inline_link(markdown, i).is_none() {
                return Some(format!("a link at {i}"));
            }
            if rest.starts_with("http") && url_end(markdown, i).is_some() {
                let linked = i > 0 && (b[i - 1] == b'<' || b[i - 1] == b'(');
                if !linked {
                    return Some(format!("a bare URL at {i}"));
                }
            }
        }
        i += 1;
    }
    None
}

#[test]
fn description_markdown_leaves_nothing_rustdoc_warns_about() {
    for &(text, _) in DESCRIPTIONS {
        if text.contains("```") || text.contains("~~~") {
            continue;
        }
        let markdown = description_markdown(text);
        assert_eq!(suspicious(&markdown), None, "{text:?} -> {markdown:?}");
    }
    // The checker itself finds what it looks for.
    assert!(suspicious("see https://a.b").is_some());
    assert!(suspicious("an <id>").is_some());
    assert!(suspicious("a [link]").is_some());
    assert_eq!(suspicious("`<id> [x] https://a.b`"), None);
}

#[test]
fn description_markdown_is_stable() {
    // Output without backslashes is text and the links the function makes, which it
    // recognizes as links: a second pass changes nothing. (A backslash it added would be
    // doubled again, so a description goes through it once.)
    for &(text, expected) in DESCRIPTIONS {
        if !expected.contains('\\') {
            assert_eq!(description_markdown(expected), expected, "{text:?}");
        }
    }
}

#[test]
fn description_lines_splits_the_markdown() {
    assert_eq!(description_lines(""), Vec::<String>::new());
    assert_eq!(
        description_lines("First [x].\r\n\r\n\r\n    Indented <y> https://a.b.\n"),
        [" First \\[x\\].", "", " Indented \\<y> <https://a.b>."]
    );
    assert_eq!(
        description_lines("Run:\n```\n    [x] <y>\n"),
        [" Run:", " ```text", "     [x] <y>", " ```"]
    );
}

#[test]
fn doc_lines_splits_and_trims() {
    assert_eq!(doc_lines(""), Vec::<String>::new());
    assert_eq!(doc_lines("   \n\t\n"), Vec::<String>::new());
    assert_eq!(doc_lines("One line."), [" One line."]);
    assert_eq!(
        doc_lines("First.  \r\nSecond.\rThird.\n"),
        [" First.", " Second.", " Third."]
    );
    assert_eq!(
        doc_lines("\n\nPara one.\n\n\n\nPara two.\n\n"),
        [" Para one.", "", " Para two."]
    );
}

#[test]
fn doc_lines_keeps_text_unescaped() {
    assert_eq!(
        doc_lines(r#"Use "quotes" and \backslashes\ and <b>tags</b>."#),
        [r#" Use "quotes" and \backslashes\ and <b>tags</b>."#]
    );
    assert_eq!(
        doc_lines("See https://learn.microsoft.com/graph for details."),
        [" See https://learn.microsoft.com/graph for details."]
    );
}

#[test]
fn doc_lines_neutralises_indented_code() {
    assert_eq!(
        doc_lines("Intro:\n    indented four\n\tindented tab\n   three spaces\n        eight"),
        [
            " Intro:",
            " indented four",
            " indented tab",
            "    three spaces",
            " eight"
        ]
    );
}

#[test]
fn doc_lines_keeps_fences_as_written() {
    // The generator's prose: a `rust,no_run` block is a doctest, as it was written.
    assert_eq!(
        doc_lines("Example:\n```rust,no_run\nlet x = 1;\n```\nDone."),
        [
            " Example:",
            " ```rust,no_run",
            " let x = 1;",
            " ```",
            " Done."
        ]
    );
    assert_eq!(
        doc_lines("Open\n  ```text\nlet x = 1;"),
        [" Open", " ```text", " let x = 1;", " ```"]
    );
    assert_eq!(doc_lines("~~~json\n{}\n~~~"), [" ~~~json", " {}", " ~~~"]);
}

#[test]
fn description_lines_neutralise_fences() {
    // A description from the metadata: whatever its info string (or none, which rustdoc
    // reads as Rust), a block is `text`, never a doctest, and it is closed.
    assert_eq!(
        description_lines("Example:\n```json\n{\"a\": 1}\n```\nDone."),
        [" Example:", " ```text", " {\"a\": 1}", " ```", " Done."]
    );
    assert_eq!(
        description_lines("Open\n```\nlet x = 1;"),
        [" Open", " ```text", " let x = 1;", " ```"]
    );
    assert_eq!(
        description_lines("~~~rust\nfn main() {}\n~~~"),
        [" ~~~text", " fn main() {}", " ~~~"]
    );
}

#[test]
fn doc_lines_never_ends_with_whitespace() {
    for line in doc_lines("a \t\n  b  \n\n\n   \n    c\t") {
        assert_eq!(line.trim_end(), line);
    }
}

#[test]
fn doc_lines_keeps_indentation_inside_fences() {
    assert_eq!(
        doc_lines("Example:\n```rust,ignore\nlet x = a()\n    .b();\n```\n    after"),
        [
            " Example:",
            " ```rust,ignore",
            " let x = a()",
            "     .b();",
            " ```",
            " after"
        ]
    );
}
