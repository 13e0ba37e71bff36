//! Tests of the OpenAPI lowering.
