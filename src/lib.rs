//! tierwise computes loyalty tier progress, points previews and next-best-offers from a
//! customer snapshot, deterministically and without I/O.
//!
//! The domain modules are pure Rust; `wasm` is the one module that knows JavaScript.
//!
//! ```
//! use tierwise::engine::Engine;
//! let engine = Engine::compile_json(r#"{"id":"demo","currency":"CNY","utc_offset":"+08:00"}"#).unwrap();
//! let facts = engine
//!     .facts_json(r#"{"member_id":"m1","joined_at":"2026-11-01"}"#, r#"{"now":"2026-11-23T10:00:00+08:00"}"#)
//!     .unwrap();
//! assert!(facts.contains(r#""days_since_join":22"#));
//! ```
#![warn(missing_docs, unreachable_pub)]

pub mod catalog;
pub mod condition;
pub mod contact;
pub mod engine;
pub mod error;
mod error_codes;
pub mod fact_check;
pub mod facts;
pub(crate) mod text;
pub mod json;
/// Labels of facts and error codes for people, native only (the package's `labels.js`).
#[cfg(not(target_arch = "wasm32"))]
pub mod labels;
pub mod lifecycle;
pub mod limits;
pub mod margin;
pub mod member;
pub mod money;
pub mod offers;
pub mod order;
pub mod points;
pub mod program;
pub mod read;
pub mod scores;
pub mod segments;
pub mod snapshot;
pub mod sort;
pub mod tier;
pub mod time;
pub mod value_score;
pub mod vec_map;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use engine::Engine;
pub use error::{Error, Issue, Severity};
