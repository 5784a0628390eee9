//! Next-best-offers: which offers a member should see now on a surface, ranked, each with
//! the reasons it was chosen, and for every other offer the first reason it was dropped.
//!
//! The program's `offers`, `surfaces` and `experiments` are compiled once
//! ([`compile::compile`]); [`next_best_offers`] then runs, for one member:
//!
//! 1. the surface: its purposes (`wrong_surface`) and its channel (`channel_not_allowed`);
//! 2. validity (`not_yet_valid`, `expired`), eligibility (`ineligible`), consent
//!    (`no_consent`, `channel_opt_out`) and frequency (`lifetime_limit`, `cooldown`,
//!    `frequency_capped`), then, for marketing on an outbound channel of the contact
//!    policy, its gate (`channel_audience`, `contact_capped`, `quiet_hours`; see
//!    [`crate::contact`]);
//! 3. experiments, assigned exactly as GrowthBook assigns (`not_in_experiment`,
//!    `holdout`, `other_arm`);
//! 4. ranking by `propensity × value × kind weight × purpose weight × lever`, minus cost
//!    on `net` surfaces, ties on offer id; at most one offer per group (`group_taken`);
//!    the best `limit` are returned, the rest are `outranked`.
//!
//! `docs/offers.md` describes the model, the formula and the defaults for designers.

pub mod choose;
pub mod compile;
pub mod experiment;
pub mod frequency;
pub mod result;
pub mod spec;

pub use choose::{next_best_offers, Member};
pub use compile::{compile, CompiledOffers};
pub use result::{ChosenOffer, DropCode, DropReason, Explain, OffersResult, Suppressed, SuppressedOffer, SuppressedSummary};

/// Top-level program keys this module owns.
pub const PROGRAM_KEYS: &[&str] = &["offers", "surfaces", "experiments", "contact_policy"];
/// The surface used when a call names none.
pub const DEFAULT_SURFACE: &str = "member_page";
/// Surfaces in one program (`too_many_surfaces`).
pub const MAX_SURFACES: usize = 64;
/// Experiments in one program (`too_many_experiments`).
pub const MAX_EXPERIMENTS: usize = 64;
/// Arms of one experiment.
pub const MAX_ARMS: usize = 16;
/// Boosts of one offer.
pub const MAX_BOOSTS: usize = 16;
/// Channels of one offer.
pub const MAX_CHANNELS: usize = 16;
/// Largest context weight, lever or boost multiplier: 1000000 basis points (×100). It
/// also keeps the exact score product within `i128`.
pub const MAX_WEIGHT_BP: i64 = 1_000_000;
