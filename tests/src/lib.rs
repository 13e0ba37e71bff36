//! Workspace-level tests.

pub mod shared;
