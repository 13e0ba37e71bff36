//! Turning module trees into source text: one file per module ([`ModuleTree::into_files`]), everything
//! inline for `include!` ([`render_single_file`]), and the emitted crate's `lib.rs`
//! ([`lib_rs`]). Every text is parsed with `syn` and printed with `prettyplease`, so a bug that
//! emits invalid Rust is reported as [`Error::Emit`] with the module it was in.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::{Error, Result};
use crate::marker::GENERATED_HEADER;
use crate::naming;
use crate::tokens::ModuleTree;

/// Renders `tree` (the module `name`) as one file per module below `root_rel_dir`.
///
/// A module with child modules is `<dir>/<name>/mod.rs`, a module without is `<dir>/<name>.rs`:
/// for `("src", "v1_0")` the files are `src/v1_0/mod.rs`, `src/v1_0/models/mod.rs`,
/// `src/v1_0/models/a.rs`, …. Each file starts with [`GENERATED_HEADER`], followed by the
/// `prettyplease` output. Child modules are declared `pub mod x;` in their parent, unless the
/// parent's items declare them already.
///
/// Files are formatted in parallel, on as many threads as [`std::thread::available_parallelism`]
/// gives: each worker parses a module's text and prints it. The result does not depend on the
/// number of threads or on which finished first.
///
/// # Errors
///
/// [`Error::Emit`] if a module's items do not parse as Rust or a module name is not an
/// identifier.
#[cfg(test)]
pub fn render_files(
    root_rel_dir: &str,
    name: &str,
    tree: &ModuleTree,
) -> Result<BTreeMap<PathBuf, String>> {
    tree.clone().into_files(root_rel_dir, name)
}

impl ModuleTree {
    /// One file per module, under `root_rel_dir`, consuming the tree: each module's text moves to the worker that
    /// formats it, so the tree is neither kept through rendering nor freed after it.
    ///
    /// # Errors
    ///
    /// As [`render_files`].
    pub fn into_files(self, root_rel_dir: &str, name: &str) -> Result<BTreeMap<PathBuf, String>> {
        render_tree(root_rel_dir, name, self)
    }
}

fn render_tree(
    root_rel_dir: &str,
    name: &str,
    tree: ModuleTree,
) -> Result<BTreeMap<PathBuf, String>> {
    let mut jobs = Vec::new();
    let mut paths = Vec::new();
    flatten(
        Path::new(root_rel_dir),
        name,
        name,
        tree,
        &mut jobs,
        &mut paths,
    );
    // Largest first, so that a big module taken last does not leave one worker busy while
    // the others idle.
    jobs.sort_by_key(|(index, job)| (std::cmp::Reverse(job.items.len()), *index));
    let queue = Mutex::new(jobs.into_iter());
    let workers = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    let mut results: Vec<Option<Result<String>>> = Vec::new();
    results.resize_with(paths.len(), || None);
    let take = || {
        // A panic elsewhere is re-raised by the scope; the iterator itself stays consistent.
        queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .next()
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    while let Some((index, job)) = take() {
                        done.push((index, render_job(job)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            let done = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (index, result) in done {
                results[index] = Some(result);
            }
        }
    });
    // The first failure in module order, as rendering one module after another would give.
    let mut out = BTreeMap::new();
    for (path, result) in paths.into_iter().zip(results) {
        out.insert(path, result.expect("every module is rendered")?);
    }
    Ok(out)
}

/// One module to render: everything a worker thread needs, as owned, thread-safe data.
struct Job {
    module: String,
    docs: Vec<String>,
    children: Vec<String>,
    items: String,
}

/// Lists the modules of `tree`, depth first, each with the index of its path in `paths`.
fn flatten(
    dir: &Path,
    name: &str,
    module_path: &str,
    tree: ModuleTree,
    jobs: &mut Vec<(usize, Job)>,
    paths: &mut Vec<PathBuf>,
) {
    let ModuleTree {
        docs,
        items,
        children,
    } = tree;
    let (path, child_dir) = if children.is_empty() {
        (dir.join(format!("{name}.rs")), None)
    } else {
        let child_dir = dir.join(name);
        (child_dir.join("mod.rs"), Some(child_dir))
    };
    jobs.push((
        paths.len(),
        Job {
            module: module_path.to_owned(),
            docs,
            children: children.keys().cloned().collect(),
            items,
        },
    ));
    paths.push(path);
    if let Some(child_dir) = child_dir {
        for (child, subtree) in children {
            let child_path = format!("{module_path}::{child}");
            flatten(&child_dir, &child, &child_path, subtree, jobs, paths);
        }
    }
}

/// Parses and prints one module's file (on a worker thread).
fn render_job(job: Job) -> Result<String> {
    let file = module_file(&job.module, &job.items, &job.docs, &job.children)?;
    drop(job.items);
    Ok(with_header(&file))
}

/// Renders `tree` as one file holding `pub mod <name> { … }` with every module inline, for
/// build scripts whose output is `include!`d from `OUT_DIR` (an included file cannot declare
/// out-of-line modules). Starts with [`GENERATED_HEADER`].
///
/// # Errors
///
/// [`Error::Emit`] if a module's items do not parse as Rust or a module name is not an
/// identifier.
pub fn render_single_file(name: &str, tree: &ModuleTree) -> Result<String> {
    let ident = module_ident(name, name)?;
    let items = inline_items(name, tree)?;
    let mut module: syn::ItemMod = parse(name, quote!(pub mod #ident {}))?;
    module.attrs = inner_docs(name, &tree.docs)?;
    module.content = Some((syn::token::Brace::default(), items));
    let file = syn::File {
        shebang: None,
        frontmatter: None,
        attrs: Vec::new(),
        items: vec![syn::Item::Mod(module)],
    };
    Ok(with_header(&file))
}

/// The emitted crate's `lib.rs`: [`GENERATED_HEADER`], `crate_docs` as `//!` lines,
/// `#![forbid(unsafe_code)]`, and one `#[cfg(feature = "…")] pub mod …;` per
/// `(module, feature)` profile.
///
/// It does not deny warnings: a lint added to a later compiler would then break every crate
/// that depends on it. CI denies them with `RUSTFLAGS` and `RUSTDOCFLAGS` instead.
///
/// # Errors
///
/// [`Error::Emit`] if a module name is not an identifier.
pub fn lib_rs(profiles: &[(String, String)], crate_docs: &str) -> Result<String> {
    let docs = naming::doc_lines(crate_docs);
    let mut modules = Vec::new();
    for (module, feature) in profiles {
        let ident = module_ident("lib.rs", module)?;
        modules.push(quote! {
            #[cfg(feature = #feature)]
            #[rustfmt::skip]
            pub mod #ident;
        });
    }
    let tokens = quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]

        /// The runtime this crate's code calls (`graphgen-runtime`), re-exported so that its
        /// types (`runtime::Page`, `runtime::RetryPolicy`, `runtime::TokenProvider`, …) need no
        /// second, version-matched dependency.
        pub use ::graphgen_runtime as runtime;
        /// The error of every request (see [`runtime::Error`]).
        pub use ::graphgen_runtime::Error;

        #(#modules)*
    };
    let file: syn::File = parse("lib.rs", tokens)?;
    Ok(with_header(&file))
}

/// Header line and pretty-printed file.
fn with_header(file: &syn::File) -> String {
    let body = prettyplease::unparse(file);
    let mut text = String::with_capacity(GENERATED_HEADER.len() + 1 + body.len());
    text.push_str(GENERATED_HEADER);
    text.push('\n');
    text.push_str(&body);
    text
}

/// Parses tokens, reporting failures against `module`.
fn parse<T: syn::parse::Parse>(module: &str, tokens: TokenStream) -> Result<T> {
    syn::parse2::<T>(tokens).map_err(|e| Error::Emit {
        module: module.to_owned(),
        message: e.to_string(),
    })
}

/// Parses source text, reporting failures against `module`.
fn parse_text<T: syn::parse::Parse>(module: &str, text: &str) -> Result<T> {
    syn::parse_str::<T>(text).map_err(|e| Error::Emit {
        module: module.to_owned(),
        message: e.to_string(),
    })
}

/// A module name as an identifier.
fn module_ident(module: &str, name: &str) -> Result<proc_macro2::Ident> {
    naming::ident(name).ok_or_else(|| Error::Emit {
        module: module.to_owned(),
        message: format!("`{name}` is not a module name"),
    })
}

/// `#![doc = "…"]` attributes for module docs.
fn inner_docs(module: &str, docs: &[String]) -> Result<Vec<syn::Attribute>> {
    let file: syn::File = parse(module, quote!(#(#![doc = #docs])*))?;
    Ok(file.attrs)
}

/// Names of the child modules that `items` declare without a body (`mod a;`).
fn declared_modules(items: &[syn::Item]) -> BTreeSet<String> {
    items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() => Some(m.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// `pub mod x;` for each child that `items` do not declare, in name order.
fn missing_declarations<'a>(
    module: &str,
    children: impl IntoIterator<Item = &'a String>,
    items: &[syn::Item],
) -> Result<Vec<syn::Item>> {
    let declared = declared_modules(items);
    let mut out = Vec::new();
    for child in children {
        if !declared.contains(child) {
            let ident = module_ident(module, child)?;
            out.push(parse(module, quote!(pub mod #ident;))?);
        }
    }
    Ok(out)
}

/// The file of one module: docs, child declarations, items.
fn module_file(
    module: &str,
    items: &str,
    docs: &[String],
    children: &[String],
) -> Result<syn::File> {
    let mut file: syn::File = parse_text(module, items)?;
    let decls = missing_declarations(module, children, &file.items)?;
    file.items.splice(0..0, decls);
    file.attrs = inner_docs(module, docs)?;
    Ok(file)
}

/// The items of `tree` with every child module inline.
fn inline_items(module: &str, tree: &ModuleTree) -> Result<Vec<syn::Item>> {
    let file: syn::File = parse_text(module, &tree.items)?;
    let mut items = missing_declarations(module, tree.children.keys(), &file.items)?;
    items.extend(file.items);
    for item in &mut items {
        let syn::Item::Mod(m) = item else { continue };
        if m.content.is_some() {
            continue;
        }
        let name = m.ident.to_string();
        let Some(child) = tree.children.get(&name) else {
            continue;
        };
        let child_path = format!("{module}::{name}");
        let child_items = inline_items(&child_path, child)?;
        m.attrs.extend(inner_docs(&child_path, &child.docs)?);
        m.content = Some((syn::token::Brace::default(), child_items));
        m.semi = None;
    }
    Ok(items)
}
