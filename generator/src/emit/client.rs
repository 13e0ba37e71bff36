//! The profile module's own items: `DEFAULT_BASE_URL` and the `Client`, whose methods are the
//! selected entity sets and singletons, and the selected imports' operations (their tokens
//! made by the operations emitter, which the driver hands in).

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::plan::{KeyStyle, Place, Plan};
use crate::tokens::{Out, doc_attrs, method_lint_attrs};

/// The items of the profile module (the `pub mod` declarations of `models` and `requests` are
/// added when rendering); `operations`: the methods of [`crate::plan::ClientPlan::operations`].
pub(crate) fn client(
    out: &Out<'_>,
    plan: &Plan,
    operations: Vec<TokenStream>,
) -> Result<TokenStream> {
    let const_doc = doc_attrs(&plan.client.base_url_docs);
    // Every path starts at a root; a target keeps its key style, so setting it there holds
    // for the navigation builders too.
    let root = match plan.conventions.key {
        KeyStyle::Segment => quote!(::graphgen_runtime::RequestTarget::root(&self.inner)),
        KeyStyle::Parentheses => quote! {
            ::graphgen_runtime::RequestTarget::root(&self.inner)
                .with_key_style(::graphgen_runtime::KeyStyle::Parentheses)
        },
    };
    let client_doc = doc_attrs(&plan.client.docs);
    let here = Place::root();
    let mut methods = Vec::new();
    for m in &plan.client.methods {
        let lints = method_lint_attrs(&m.name);
        let name = out.ident(&m.name)?;
        let builder = out.path(&here, &m.builder)?;
        let wire = &m.wire;
        let doc = doc_attrs(&m.docs);
        let cfg = out.cfg(m.gate.as_ref());
        methods.push(quote! {
            #doc
            #cfg
            #lints
            #[inline]
            pub fn #name(&self) -> #builder {
                #builder::new(#root.segment(#wire))
            }
        });
    }
    methods.extend(operations);

    // With a default service root: the constant, `with_default_base_url` and `builder()`.
    // Without one (a service that is not Microsoft Graph and whose profile names no
    // `base_url`), the caller always gives the URL.
    let defaults = match &plan.base_url {
        Some(_) => quote! {
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
        },
        None => quote! {
            /// A builder for a client of the service root `base_url`: set the token provider
            /// (`.bearer_token(…)`, `.token_provider(…)`), a transport, default headers, the
            /// retry policy or the timeout; `.build()` gives this `Client` (or
            /// [`::graphgen_runtime::Error::InvalidBaseUrl`] for a URL it refuses).
            pub fn builder(
                base_url: impl ::std::convert::Into<::std::string::String>,
            ) -> ::graphgen_runtime::ClientBuilder<Self> {
                ::graphgen_runtime::ClientBuilder::new(base_url)
            }
        },
    };
    let constant = match &plan.base_url {
        Some(base_url) => quote! {
            #const_doc
            pub const DEFAULT_BASE_URL: &str = #base_url;
        },
        None => TokenStream::new(),
    };

    Ok(quote! {
        #constant

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

            #defaults

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
