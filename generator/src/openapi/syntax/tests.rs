use std::path::{Path, PathBuf};
use std::time::Instant;

use super::MAX_DEPTH;
// The module's surface as the lowering sees it.
use crate::error::{Pos, pos_at};
use crate::openapi::syntax::{
    Document, Format, Key, Node, Value, detect, parse_str, pointer_segment,
};

fn parse(text: &str) -> Document {
    parse_str(Path::new("in.yaml"), text).unwrap_or_else(|e| panic!("{e}"))
}

/// The error's text, which must name `in.yaml:line:col`, the pointer and `msg`.
fn fails(text: &str, line: u32, col: u32, pointer: &str, msg: &str) -> String {
    let err = parse_str(Path::new("in.yaml"), text)
        .err()
        .unwrap_or_else(|| panic!("expected an error for:\n{text}"));
    assert_error(&err.to_string(), line, col, pointer, msg);
    err.to_string()
}

fn assert_error(text: &str, line: u32, col: u32, pointer: &str, msg: &str) {
    let head = match pointer {
        "" => format!("in.yaml:{line}:{col}: "),
        _ => format!("in.yaml:{line}:{col}: {pointer}: "),
    };
    assert!(
        text.starts_with(&head),
        "expected `{head}` at the start of:\n{text}"
    );
    assert!(text.contains(msg), "expected `{msg}` in:\n{text}");
}

/// The tree without positions, to compare a YAML and a JSON reading.
fn shape(node: &Node) -> Value {
    match &node.value {
        Value::Seq(items) => Value::Seq(items.iter().map(unplaced).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = Key {
                        name: k.name.clone(),
                        pos: Pos::default(),
                    };
                    (key, unplaced(v))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn unplaced(node: &Node) -> Node {
    Node {
        pos: Pos::default(),
        value: shape(node),
    }
}

const HEAD: &str = "openapi: 3.0.1\n";

fn value_of(text: &str, key: &str) -> Value {
    parse(&format!("{HEAD}{text}"))
        .root
        .get(key)
        .unwrap_or_else(|| panic!("no `{key}`"))
        .value
        .clone()
}

#[test]
fn scalars_follow_the_yaml_1_2_core_schema() {
    let s = |t: &str| Value::Str(t.into());
    let cases = [
        ("on", s("on")),
        ("off", s("off")),
        ("yes", s("yes")),
        ("no", s("no")),
        ("y", s("y")),
        ("true", Value::Bool(true)),
        ("False", Value::Bool(false)),
        ("null", Value::Null),
        ("~", Value::Null),
        ("", Value::Null),
        ("42", Value::Int(42)),
        ("-7", Value::Int(-7)),
        ("0x1F", Value::Int(31)),
        ("0o17", Value::Int(15)),
        ("1.5", Value::Float(1.5)),
        ("-2e3", Value::Float(-2000.0)),
        (".5", Value::Float(0.5)),
        ("-.inf", Value::Float(f64::NEG_INFINITY)),
        ("99999999999999999999", Value::Float(1e20)),
        ("3.0.1", s("3.0.1")),
        ("1_000", s("1_000")),
        ("0x", s("0x")),
        ("'true'", s("true")),
        ("\"42\"", s("42")),
        ("\"null\"", s("null")),
        ("!!str 12", s("12")),
        ("'#/components/schemas/a'", s("#/components/schemas/a")),
    ];
    for (text, expected) in cases {
        assert_eq!(value_of(&format!("v: {text}\n"), "v"), expected, "{text}");
    }
    let nan = value_of("v: .NaN\n", "v");
    assert!(matches!(nan, Value::Float(f) if f.is_nan()), "{nan:?}");
    let err = parse_str(
        Path::new("in.yaml"),
        &format!("{HEAD}v: 0x10000000000000000\n"),
    );
    assert_error(
        &err.unwrap_err().to_string(),
        2,
        4,
        "#/v",
        "does not fit in 64 bits",
    );
}

#[test]
fn keys_keep_their_text_and_on_is_a_key_like_any_other() {
    let doc = parse("openapi: 3.1.0\non: 1\n200: ok\n'x/y': ~\n");
    let names: Vec<&str> = doc
        .root
        .as_map()
        .unwrap()
        .iter()
        .map(|(k, _)| k.name.as_str())
        .collect();
    assert_eq!(names, ["openapi", "on", "200", "x/y"]);
    assert_eq!(doc.root.get("on").unwrap().value, Value::Int(1));
    assert_eq!(doc.root.get("200").unwrap().as_str(), Some("ok"));
    assert_eq!(doc.root.get("missing"), None);
}

#[test]
fn positions_of_keys_and_values_are_byte_offsets_and_character_columns_in_yaml() {
    // Non-ASCII text before the nodes: columns count characters, offsets count bytes.
    let src = "openapi: 3.0.1\ninfo:\n  title: \"héllo wörld\"\n  x-é: [ä, 'b']\npaths: {}\n";
    let doc = parse(src);
    let info = doc.root.get("info").unwrap();
    let title = info.get("title").unwrap();
    assert_eq!(title.as_str(), Some("héllo wörld"));
    assert_eq!(title.pos, pos_at(src, src.find("\"héllo").unwrap()));
    assert_eq!((title.pos.line, title.pos.col), (3, 10));
    let (key, seq) = &info.as_map().unwrap()[1];
    assert_eq!(key.name, "x-é");
    assert_eq!(
        key.pos,
        Pos {
            offset: src.find("x-é").unwrap(),
            line: 4,
            col: 3
        }
    );
    assert_eq!(
        seq.pos,
        Pos {
            offset: src.find('[').unwrap(),
            line: 4,
            col: 8
        }
    );
    let items = seq.as_seq().unwrap();
    assert_eq!(
        items[1].pos,
        Pos {
            offset: src.find("'b'").unwrap(),
            line: 4,
            col: 12
        }
    );
    // A block mapping starts at its first key; the root at the first character.
    assert_eq!(info.pos, pos_at(src, src.find("title").unwrap()));
    assert_eq!(
        doc.root.pos,
        Pos {
            offset: 0,
            line: 1,
            col: 1
        }
    );
    let paths = doc.root.get("paths").unwrap();
    assert_eq!(paths.pos, pos_at(src, src.find("{}").unwrap()));
    assert_eq!(paths.kind_name(), "a mapping");
}

#[test]
fn positions_in_json_and_after_a_byte_order_mark() {
    let src = "\u{feff}{\n  \"openapi\": \"3.1.0\",\n  \"ñ\": {\"a\": [1, \"ü\", true]}\n}";
    let doc = parse(src);
    let text = &src['\u{feff}'.len_utf8()..];
    assert_eq!(&*doc.source, text);
    let (key, value) = &doc.root.as_map().unwrap()[1];
    assert_eq!(
        key.pos,
        Pos {
            offset: text.find("\"ñ\"").unwrap(),
            line: 3,
            col: 3
        }
    );
    assert_eq!(
        value.pos,
        Pos {
            offset: text.find("{\"a\"").unwrap(),
            line: 3,
            col: 8
        }
    );
    let items = value.get("a").unwrap().as_seq().unwrap();
    assert_eq!(items[2].as_bool(), Some(true));
    assert_eq!(items[2].pos, pos_at(text, text.find("true").unwrap()));
    assert_eq!((items[2].pos.line, items[2].pos.col), (3, 23));
}

#[test]
fn yaml_and_json_of_the_same_document_give_equal_trees() {
    let yaml = "\
openapi: 3.0.4
info: {title: t, version: '1.0'}
paths:
  /users/{user-id}:
    get:
      parameters:
        - name: on
          in: path
          required: true
          schema: {type: [string, 'null'], nullable: true, maxLength: 10, minimum: -1.5}
      responses:
        '200': {$ref: '#/components/responses/x'}
";
    let json = r##"{"openapi": "3.0.4", "info": {"title": "t", "version": "1.0"},
"paths": {"/users/{user-id}": {"get": {
  "parameters": [{"name": "on", "in": "path", "required": true,
    "schema": {"type": ["string", "null"], "nullable": true, "maxLength": 10, "minimum": -1.5}}],
  "responses": {"200": {"$ref": "#/components/responses/x"}}}}}}"##;
    let (y, j) = (parse(yaml), parse(json));
    assert_eq!(shape(&y.root), shape(&j.root));
    let get = y
        .root
        .get("paths")
        .unwrap()
        .get("/users/{user-id}")
        .unwrap()
        .get("get")
        .unwrap();
    let param = &get.get("parameters").unwrap().as_seq().unwrap()[0];
    assert_eq!(param.get("name").unwrap().as_str(), Some("on"));
    assert_eq!(param.get("required").unwrap().as_bool(), Some(true));
    let reference = get
        .get("responses")
        .unwrap()
        .get("200")
        .unwrap()
        .get("$ref")
        .unwrap();
    assert_eq!(reference.as_str(), Some("#/components/responses/x"));
}

#[test]
fn pointer_segments_escape_tilde_and_slash() {
    assert_eq!(pointer_segment("/users/{user-id}"), "~1users~1{user-id}");
    assert_eq!(pointer_segment("a~b/c"), "a~0b~1c");
    assert_eq!(pointer_segment("~1"), "~01");
}

#[test]
fn an_alias_bomb_is_refused_at_the_first_alias() {
    let mut bomb =
        String::from("openapi: 3.0.1\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
        .windows(2)
        .map(|w| (w[0], w[1]))
    {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    fails(
        &bomb,
        3,
        8,
        "#/b/0",
        "YAML aliases (`*name`) are not supported",
    );
}

#[test]
fn ten_thousand_levels_of_nesting_stop_at_the_depth_limit() {
    // saphyr refuses flow collections past 255 levels before it hands over any event.
    let flow = format!("{HEAD}x: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    fails(&flow, 2, 3 + 256, "#/x/0", "the document nests too deeply");

    let mut block = String::from(HEAD);
    for level in 0..10_000 {
        block.push_str(&" ".repeat(level));
        block.push_str("k:\n");
    }
    let pointer = format!("#{}", "/k".repeat(MAX_DEPTH));
    fails(&block, 258, 257, &pointer, "nests deeper than 256 levels");
    // Block sequences on one line: the root mapping and 255 sequences fit.
    let dashes = format!("{HEAD}x:\n{}1\n", "- ".repeat(10_000));
    let pointer = format!("#/x{}", "/0".repeat(MAX_DEPTH - 1));
    fails(
        &dashes,
        3,
        1 + 255 * 2,
        &pointer,
        "nests deeper than 256 levels",
    );

    let json = format!(
        "{{\"openapi\": \"3.0.1\", \"x\": {}1{}}}",
        "{\"a\": ".repeat(10_000),
        "}".repeat(10_000)
    );
    // The outer object is the first level, so the 255th `{"a": ` is one too many.
    let col = u32::try_from(json.find("{\"a\"").unwrap() + 254 * 6 + 1).unwrap();
    fails(&json, 1, col, "#", "the document nests too deeply");
}

#[test]
fn a_duplicate_key_is_an_error_at_the_second_one() {
    let src = "openapi: 3.0.1\npaths:\n  /a~b: {}\n  /a~b: {}\n";
    fails(
        src,
        4,
        3,
        "#/paths/~1a~0b",
        "duplicate key `/a~b`; the first one is on line 3",
    );
    // Past the size where a hash index takes over.
    let mut big = String::from(HEAD);
    for i in 0..40 {
        big.push_str(&format!("k{i}: {i}\n"));
    }
    big.push_str("k7: again\n");
    fails(&big, 42, 1, "#/k7", "the first one is on line 9");
    // In JSON too.
    fails(
        r#"{"openapi": "3.0.1", "openapi": "3.0.1"}"#,
        1,
        22,
        "#/openapi",
        "duplicate key",
    );
}

#[test]
fn other_hostile_inputs_give_located_errors() {
    // Invalid UTF-8: the line and column of the first bad byte.
    let bytes = b"openapi: 3.0.1\ninfo:\n  title: \"ab\xFFc\"\n";
    // (as the pipeline reads a metadata file: crate::input)
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.yaml");
    std::fs::write(&file, bytes).unwrap();
    let err = crate::input::read(&file).unwrap_err().to_string();
    let err = err
        .replace(&format!("{}", dir.path().display()), "")
        .replacen('/', "", 1);
    assert!(
        err.starts_with("in.yaml:3:13: the file is not valid UTF-8 (invalid byte 0xFF)"),
        "{err}"
    );
    // Empty, or only a comment.
    fails("", 1, 1, "#", "empty document");
    fails("# nothing\n", 1, 1, "#", "empty document");
    // JSON or YAML that is not OpenAPI.
    fails(
        r#"{"a": 1}"#,
        1,
        1,
        "#",
        "not an OpenAPI 3.0 or 3.1 document: no `openapi` key",
    );
    fails("swagger: '2.0'\n", 1, 1, "#", "no `openapi` key");
    fails(
        "openapi: '2.0'\n",
        1,
        10,
        "#/openapi",
        "OpenAPI version `2.0` is not supported; 3.0.x and 3.1.x are",
    );
    fails(
        "openapi: 3.1\n",
        1,
        10,
        "#/openapi",
        "OpenAPI version `3.1` is not supported",
    );
    fails(
        "- openapi: 3.0.1\n",
        1,
        1,
        "#",
        "the top level is a sequence, not a mapping",
    );
    // Tags other than the ones that say what a node is anyway.
    fails(
        &format!("{HEAD}b: !!binary aGk=\n"),
        2,
        4,
        "#/b",
        "the YAML tag `!!binary` is not supported",
    );
    fails(
        &format!("{HEAD}c: !custom {{}}\n"),
        2,
        4,
        "#/c",
        "the YAML tag `!custom` is not supported",
    );
    fails(
        &format!("{HEAD}d: !!int '1'\n"),
        2,
        4,
        "#/d",
        "is not supported",
    );
    let tagged = parse(&format!("{HEAD}m: !!map {{a: !!str 1}}\n"));
    let plain = parse(&format!("{HEAD}m: {{a: '1'}}\n"));
    assert_eq!(shape(&tagged.root), shape(&plain.root));
    // Keys that are collections, a second document, malformed YAML.
    fails(
        &format!("{HEAD}? [a]\n: b\n"),
        2,
        3,
        "#",
        "a mapping key must be a scalar",
    );
    fails(
        &format!("{HEAD}---\nopenapi: 3.0.1\n"),
        2,
        1,
        "",
        "a second YAML document",
    );
    let err = fails(
        &format!("{HEAD}a: b: c\n"),
        2,
        5,
        "#",
        "the YAML is malformed",
    );
    assert!(err.ends_with("  | a: b: c\n  |     ^"), "{err}");
}

#[test]
fn a_ref_is_just_a_string() {
    let doc = parse(&format!(
        "{HEAD}a: {{$ref: '#/a'}}\nb: {{$ref: 'other.yaml#/b'}}\n"
    ));
    let a = doc.root.get("a").unwrap().get("$ref").unwrap();
    assert_eq!(a.as_str(), Some("#/a"));
    assert_eq!(a.kind_name(), "a string");
}

#[test]
fn detect_judges_by_content() {
    assert_eq!(
        detect(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?><edmx:Edmx/>"),
        Some(Format::Csdl)
    );
    assert_eq!(detect(b"\n<edmx:Edmx Version=\"4.0\">"), Some(Format::Csdl));
    assert_eq!(
        detect(b"# c\nopenapi: 3.0.1\ninfo: {}\n"),
        Some(Format::OpenApi)
    );
    assert_eq!(
        detect(b"info: {}\n'openapi': \"3.1.0\"\n"),
        Some(Format::OpenApi)
    );
    assert_eq!(
        detect(b"{\n  \"info\": {\"openapi\": \"3.0.1\"},\n  \"openapi\": \"3.1.0\"}"),
        Some(Format::OpenApi)
    );
    assert_eq!(
        detect(b"{\"x\": \"\\\"\", \"openapi\" : \"3.0.4\"}"),
        Some(Format::OpenApi)
    );
    assert_eq!(detect(b"{\"a\": 1}"), None);
    assert_eq!(detect(b"{\"a\": {\"openapi\": \"3.0.1\"}}"), None);
    assert_eq!(detect(b"info:\n  openapi: 3.0.1\n"), None);
    assert_eq!(detect(b"openapi: 2.0\n"), None);
    assert_eq!(detect(b"swagger: '2.0'\n"), None);
    assert_eq!(detect(b""), None);
    assert_eq!(detect(b" \n\t"), None);
}

/// The shared OpenAPI file `name` (under `../shared/openapi`), or `None` when absent and not
/// required.
fn shared_file(name: &str) -> Option<PathBuf> {
    crate::test_support::shared_file(&format!("openapi/{name}"))
}

fn parse_shared(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    assert_eq!(detect(&bytes), Some(Format::OpenApi), "{}", path.display());
    let started = Instant::now();
    let text = std::str::from_utf8(&bytes).unwrap();
    let doc = parse_str(path, text).unwrap_or_else(|e| panic!("{e}"));
    println!("{}: parsed in {:?}", path.display(), started.elapsed());
    doc
}

#[test]
fn every_shared_openapi_file_parses() {
    let names = [
        "converter-Basic.OpenApi.yaml",
        "converter-Basic.OpenApi.V3.1.yaml",
        "converter-Basic.OpenApi.json",
        "converter-Empty.OpenApi.yaml",
        "converter-Empty.OpenApi.V3.1.yaml",
        "users-groups.v1.0.kiota-subset.yaml",
    ];
    for name in names {
        let Some(path) = shared_file(name) else {
            return;
        };
        let doc = parse_shared(&path);
        assert!(
            doc.root.get("paths").and_then(Node::as_map).is_some(),
            "{name}"
        );
    }
    let yaml = shared_file("converter-Basic.OpenApi.yaml").map(|p| parse_shared(&p));
    let json = shared_file("converter-Basic.OpenApi.json").map(|p| parse_shared(&p));
    if let (Some(yaml), Some(json)) = (yaml, json) {
        assert_eq!(shape(&yaml.root), shape(&json.root));
    }
}

#[test]
fn the_identity_governance_file_parses() {
    let Some(path) = shared_file("identity-governance.v1.0.powershell.yml") else {
        return;
    };
    let doc = parse_shared(&path);
    assert_eq!(doc.path, path);
    let paths = doc.root.get("paths").and_then(Node::as_map).unwrap();
    assert!(paths.len() > 100, "{}", paths.len());
    let (key, item) = &paths[0];
    assert_eq!(
        (key.name.as_str(), key.pos.line, key.pos.col),
        ("/agreements", 9, 3)
    );
    let op = item.get("get").unwrap().get("operationId").unwrap();
    assert_eq!(op.as_str(), Some("agreement_ListAgreement"));
    assert_eq!(
        &doc.source[op.pos.offset..][.."agreement_ListAgreement".len()],
        "agreement_ListAgreement"
    );
}
