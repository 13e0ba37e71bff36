//! The in-memory Graph server, exercised over real HTTP/1.1 with a bare hyper client (not
//! through the generated crate or the runtime).

mod entities;
mod faults;
mod lifecycle;
mod query;
mod refs;
mod seed;
mod support;
