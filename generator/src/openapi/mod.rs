//! The OpenAPI front-end: reads an OpenAPI 3.0/3.1 document, YAML or JSON, into a tree that
//! keeps line:column for every node.
//!
//! [`syntax`] is the only layer so far: it turns the text into a [`Document`] of
//! [`Node`]s (positions, YAML 1.2 core-schema scalars, no aliases, bounded depth) and checks
//! that the top level says `openapi: 3.0.x` or `3.1.x`. [`detect`] tells an OpenAPI file from
//! a CSDL one by its content. Resolving `$ref`s and lowering into the IR come next.

pub(crate) mod lower;
pub(crate) mod syntax;

pub(crate) use syntax::{
    Document, Format, Key, Node, Value, detect, parse_bytes, parse_str, pointer_segment,
};
