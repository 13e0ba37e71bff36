//! Placeholder: naming, being written.
