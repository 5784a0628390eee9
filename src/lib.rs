//! tierwise computes loyalty tier progress, points previews and next-best-offers from a
//! customer snapshot, deterministically and without I/O.
//!
//! The domain modules are pure Rust; `wasm` is the one module that knows JavaScript.
#![warn(missing_docs, unreachable_pub)]

pub mod error;
pub mod money;
pub mod scores;
pub mod time;

pub use error::{Error, Issue};
