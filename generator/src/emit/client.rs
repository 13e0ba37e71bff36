//! The profile module's own items: `DEFAULT_BASE_URL` and the `Client`, whose methods are the
//! selected entity sets and singletons.

use proc_macro2::TokenStream;
use quote::quote;

use super::ProfileOptions;
use super::context::{Ctx, Loc, RESERVED_METHODS, doc_attrs, doc_then, method_lint_attrs};
use super::requests;
use crate::error::Result;
use crate::ir::RootKind;
use crate::ir::select::Edge;
use crate::naming::{self, Namer};

/// The items of the profile module (the `pub mod` declarations of `models` and `requests` are
/// added when rendering).
pub(crate) fn emit(ctx: &Ctx<'_>, opts: &ProfileOptions) -> Result<TokenStream> {
    let base_url = &opts.base_url;
    let const_doc = doc_attrs(&naming::doc_lines(&format!(
        "The service root of the `{}` profile: requests go here unless the client is made \
         with another one.",
        opts.module
    )));
    let client_doc = doc_attrs(&naming::doc_lines(&format!(
        "The entry point of the `{}` profile: a service root, and one method per entity set or \
         singleton that leads to its request builders.\n\nCloning is cheap (the state is \
         shared).",
        opts.module
    )));

    let mut names = Namer::with_reserved(RESERVED_METHODS);
    for fixed in [
        "with_default_base_url",
        "builder",
        "from_runtime",
        "runtime",
    ] {
        names.claim(fixed.to_owned());
    }
    let mut methods = Vec::new();
    for &i in &ctx.sel.roots {
        let Some(root) = ctx.model.roots.get(i) else {
            return Err(ctx.error(format!("selected root {i} is not in the model")));
        };
        let claimed = names.claim(root.name.rust.clone());
        let lints = method_lint_attrs(&claimed);
        let name = ctx.ident(&claimed)?;
        let wire = &root.name.wire;
        let element = &ctx.model.ty(root.ty).qualified;
        let (builder, what) = match root.kind {
            RootKind::EntitySet => (
                requests::collection_path(ctx, &Loc::root(), Edge::Root(i))?,
                format!("the `{wire}` entity set (a collection of `{element}`)"),
            ),
            RootKind::Singleton => (
                requests::item_path(ctx, &Loc::root(), root.ty)?,
                format!("the `{wire}` singleton (a `{element}`)"),
            ),
        };
        let doc = doc_then(&format!("`/{wire}` — {what}."), root.doc.as_deref());
        let cfg = ctx.gates.root(i);
        methods.push(quote! {
            #doc
            #cfg
            #lints
            #[inline]
            pub fn #name(&self) -> #builder {
                #builder::new(::graphgen_runtime::RequestTarget::root(&self.inner).segment(#wire))
            }
        });
    }

    Ok(quote! {
        #const_doc
        pub const DEFAULT_BASE_URL: &str = #base_url;

        #client_doc
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            inner: ::graphgen_runtime::Client,
        }

        impl Client {
            /// Creates a client for the service root `base_url` (for example a national cloud
            /// or a test server).
            ///
            /// # Errors
            ///
            /// [`::graphgen_runtime::Error::InvalidBaseUrl`] if `base_url` is not an absolute
            /// `http` or `https` URL without query or fragment.
            pub fn new(
                base_url: impl ::std::convert::Into<::std::string::String>,
            ) -> ::std::result::Result<Self, ::graphgen_runtime::Error> {
                ::std::result::Result::Ok(Self {
                    inner: ::graphgen_runtime::Client::new(base_url)?,
                })
            }

            /// Creates a client for [`DEFAULT_BASE_URL`].
            ///
            /// This cannot fail: the constant is an absolute `https` URL, checked when the code
            /// was generated.
            pub fn with_default_base_url() -> Self {
                Self {
                    inner: ::graphgen_runtime::Client::new(DEFAULT_BASE_URL)
                        .expect("DEFAULT_BASE_URL is a valid base URL"),
                }
            }

            /// A builder for a client of [`DEFAULT_BASE_URL`]: set the token provider
            /// (`.bearer_token(…)`, `.token_provider(…)`), another base URL, a transport,
            /// default headers, the retry policy or the timeout; `.build()` gives this
            /// `Client`.
            pub fn builder() -> ::graphgen_runtime::ClientBuilder<Self> {
                ::graphgen_runtime::ClientBuilder::new(DEFAULT_BASE_URL)
            }

            /// Wraps a runtime client (to share one service root between profiles).
            pub fn from_runtime(inner: ::graphgen_runtime::Client) -> Self {
                Self { inner }
            }

            /// The runtime client, to build requests by hand with
            /// `::graphgen_runtime::RequestTarget`.
            pub fn runtime(&self) -> &::graphgen_runtime::Client {
                &self.inner
            }

            #(#methods)*
        }

        impl ::std::convert::From<::graphgen_runtime::Client> for Client {
            fn from(inner: ::graphgen_runtime::Client) -> Self {
                Self { inner }
            }
        }
    })
}
