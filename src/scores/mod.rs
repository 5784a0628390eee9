//! Statistical scores over plain numbers: the BG/NBD purchase model, the Gamma-Gamma
//! spend model, customer lifetime value, RFM scores and rule-based churn signals — and the
//! program section and per-member facts that put them to work.
//!
//! The models (`bgnbd`, `gamma_gamma`, `clv`, `rfm`, `churn`) are pure functions; `spec`
//! compiles the program's `scores` section and `facts` feeds the models from a snapshot.
//! Every transcendental function comes from `libm`, so results are bit-identical natively
//! and in WebAssembly. Formulas, sources and numerical methods are in `docs/scores.md`.
//!
//! Error paths are relative to the arguments: parameters at `/r`, `/alpha`, … (or
//! `/bgnbd/…`, `/gamma_gamma/…` for CLV), the history at `/x`, `/t_x`, `/t`; callers
//! prefix them with [`crate::Error::under`].

pub mod batch;
pub mod bgnbd;
pub mod churn;
pub mod clv;
pub mod facts;
// Fitting is for data jobs (the Python package); the storefront's wasm never fits.
#[cfg(not(target_arch = "wasm32"))]
pub mod fit;
pub mod gamma_gamma;
pub mod json;
pub mod rfm;
mod special;
pub mod spec;

pub use batch::{score_customers, CustomerBase, CustomerScores, CustomerSummary};
pub use bgnbd::{expected_purchases, expected_purchases_new_customer, probability_alive, BgNbdParams, MAX_SHAPE};
pub use churn::{churn_signals, ChurnInputs, ChurnRisk, ChurnSignals, ChurnThresholds};
pub use clv::{clv_minor_units, customer_lifetime_value, DAYS_PER_MONTH, MAX_HORIZON_MONTHS};
pub use facts::{RfmFact, ScoreFacts};
pub use gamma_gamma::{expected_average_value, GammaGammaParams};
pub use rfm::{quintile_breakpoints, rfm_scores, RfmBreakpoints, RfmInputs, RfmScores};
pub use spec::ScoresSpec;
