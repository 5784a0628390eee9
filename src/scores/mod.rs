//! Statistical scores over plain numbers: the BG/NBD purchase model, the Gamma-Gamma
//! spend model, customer lifetime value, RFM scores and rule-based churn signals.
//!
//! These are pure functions; the facts layer feeds them from a snapshot. Every
//! transcendental function comes from `libm`, so results are bit-identical natively and
//! in WebAssembly. Formulas, sources and numerical methods are in `docs/scores.md`.

pub mod bgnbd;
mod special;

pub use bgnbd::{expected_purchases, expected_purchases_new_customer, probability_alive, BgNbdParams};
