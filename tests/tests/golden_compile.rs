//! Compiles every golden file with warnings denied.
#![deny(warnings)]

#[path = "../fixtures/inheritance.rs"]
mod inheritance;
