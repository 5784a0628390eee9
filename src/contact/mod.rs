//! The contact policy: which channels a program has, what each may carry, how often and
//! when marketing may go out on the outbound ones, and the contact plan built on it.
//!
//! The program's `contact_policy` is compiled once ([`compile::compile`]) together with
//! the offer sections, which it completes: offers and surfaces may only name its channels,
//! and every outbound channel gets a surface. For one member, marketing on an outbound
//! channel passes, after the offer's own consent and frequency checks:
//!
//! 1. consent: `marketing`, then the channel's consent key (`channel_opt_out`);
//! 2. the channel's audience (`channel_audience`);
//! 3. every cap counting the channel, over the snapshot's `contact_history`
//!    (`contact_capped`, with the day it frees);
//! 4. quiet hours and quiet days in the program's offset (`quiet_hours`, with the local
//!    time sending is allowed again).
//!
//! Service messages skip 2–4. [`plan::contact_plan`] picks each outbound channel's best
//! offer, preferred channel first. `docs/contact-policy.md` describes it for designers.

pub mod compile;
pub mod gate;
pub mod plan;
pub mod spec;

pub use compile::{ContactPolicy, QuietHours};
pub use plan::{contact_plan, ChannelPlan, ContactPlan, PlanStatus};
pub use spec::{ChannelKind, ContactPolicySpec};

/// Channels in one contact policy.
pub const MAX_POLICY_CHANNELS: usize = 32;
/// Caps in one contact policy.
pub const MAX_CAPS: usize = 32;
