//! The OpenAPI front-end: reads an OpenAPI 3.0/3.1 document, YAML or JSON, into a tree that
//! keeps line:column for every node.
//!
//! Two layers. [`syntax`] turns the text into a [`Document`] of [`Node`]s (positions, YAML 1.2
//! core-schema scalars, no aliases, bounded depth) and checks that the top level says
//! `openapi: 3.0.x` or `3.1.x`; [`detect`] tells an OpenAPI file from a CSDL one by its
//! content. [`lower`] reads the description back into the CSDL syntax tree it was converted
//! from ([`to_csdl`]), as far as OpenAPI carries it, so the rest of the pipeline lowers it like
//! CSDL input and never knows which front-end it came from.

pub(crate) mod lower;
pub(crate) mod syntax;

pub(crate) use lower::to_csdl;
pub(crate) use syntax::{Format, detect, parse_str};
