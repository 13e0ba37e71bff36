//! Generates the corpus of `src/corpus.rs` into `OUT_DIR/corpus`: each seed's document
//! (`xml/c<seed>.xml`), and `corpus.rs`, which `tests/corpus.rs` includes: one module per
//! accepted document, as generated, and the list of what happened to each seed. A document is
//! accepted (its module must then compile with warnings denied), rejected (its errors must be
//! located, which the test checks), or made the generator panic (which the test reports).
//! Beside them, the navigation rings of `RING_LENGTHS` (`ring<n>`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[path = "../src/corpus.rs"]
mod documents;

pub(crate) fn generate() {
    println!("cargo:rerun-if-changed=src/corpus.rs");
    println!("cargo:rerun-if-changed=build/corpus.rs");
    println!("cargo:rerun-if-env-changed={}", documents::SEEDS_ENV);
    let env = std::env::var(documents::SEEDS_ENV).ok();
    let seeds = documents::seeds(env.as_deref()).unwrap_or_else(|e| panic!("{e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("corpus");
    let xml_dir = out.join("xml");
    std::fs::create_dir_all(&xml_dir).expect("creates OUT_DIR/corpus/xml");
    let mut modules = String::new();
    let mut outcomes = String::new();
    for seed in seeds.clone() {
        let name = documents::module_name(seed);
        let file = xml_dir.join(format!("{name}.xml"));
        std::fs::write(&file, documents::document(seed)).expect("writes the document");
        let outcome = std::panic::catch_unwind(|| generate_one(&name, &file));
        let (kind, text) = match outcome {
            Ok(Ok(code)) => {
                modules.push_str(&code);
                modules.push('\n');
                ("Accepted", String::new())
            }
            Ok(Err(errors)) => ("Rejected", errors),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                ("Panicked", message)
            }
        };
        let _ = writeln!(outcomes, "    ({seed}, Outcome::{kind}, {text:?}),");
    }
    for &n in documents::RING_LENGTHS {
        let name = format!("ring{n}");
        let file = xml_dir.join(format!("{name}.xml"));
        std::fs::write(&file, documents::ring(n)).expect("writes the ring");
        match generate_one(&name, &file) {
            Ok(code) => modules.push_str(&code),
            Err(e) => panic!("the ring of {n} types is valid CSDL, but: {e}"),
        }
    }
    let text = format!(
        "/// What happened to each seed: (seed, outcome, the errors or panic message).\n\
         pub const OUTCOMES: &[(u64, Outcome, &str)] = &[\n{outcomes}];\n\
         /// Where the documents are.\n\
         pub const XML_DIR: &str = {:?};\n\
         /// The generated modules of the accepted documents.\n\
         pub mod generated {{\n{modules}}}\n",
        xml_dir.display().to_string()
    );
    std::fs::write(out.join("corpus.rs"), text).expect("writes corpus.rs");
}

/// The documents of `../shared/repros/csdl` that issue 13 reported as generating crates that
/// do not compile, by module name.
const REPROS: &[(&str, &str)] = &[
    ("navigation_ring_32", "navigation-ring-32.xml"),
    (
        "keyword_prefix_overflow_module",
        "keyword-prefix-overflow-module.xml",
    ),
    ("entity_type_named_self", "entity-type-named-self.xml"),
];

/// The shared repros as modules of `OUT_DIR/corpus/repros.rs`, and
/// `cfg(graphgen_shared_repros)`; without `../shared`, nothing (or a failure when
/// `GRAPHGEN_REQUIRE_SHARED=1`).
pub(crate) fn shared_repros() {
    println!("cargo:rustc-check-cfg=cfg(graphgen_shared_repros)");
    let dir = Path::new("../../shared/repros/csdl");
    let mut modules = String::new();
    for (name, file) in REPROS {
        let file = dir.join(file);
        println!("cargo:rerun-if-changed={}", file.display());
        if !file.is_file() {
            assert!(
                std::env::var("GRAPHGEN_REQUIRE_SHARED").as_deref() != Ok("1"),
                "{} is missing and GRAPHGEN_REQUIRE_SHARED=1",
                file.display()
            );
            return;
        }
        match generate_one(name, &file) {
            Ok(code) => modules.push_str(&code),
            Err(e) => panic!("{} is valid CSDL, but: {e}", file.display()),
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("corpus");
    std::fs::create_dir_all(&out).expect("creates OUT_DIR/corpus");
    std::fs::write(out.join("repros.rs"), modules).expect("writes repros.rs");
    println!("cargo:rustc-cfg=graphgen_shared_repros");
}

/// The single-file module of document `file`, or its errors.
fn generate_one(name: &str, file: &Path) -> Result<String, String> {
    let mut config = graphgen::Config::new();
    config
        .profile(graphgen::Profile::new(name, file))
        .layout(graphgen::Layout::SingleFile);
    config.rerun_if_changed = false;
    config.cargo_warnings = false;
    let mut generated = config.generate().map_err(|e| e.to_string())?;
    let file = PathBuf::from(format!("{name}.rs"));
    let code = generated.output.files.remove(&file).unwrap_or_default();
    assert!(
        generated.output.files.is_empty() && !code.is_empty(),
        "`{name}`: expected exactly one output file, {name}.rs"
    );
    Ok(code)
}
