//! The contact plan: for each outbound channel, the single best offer to send now, or none
//! with the reason and the earliest moment one could go out. What a CRM's nightly send job
//! asks.

use super::compile::ContactPolicy;
use super::gate::{marketing_gate, Gate};
use super::spec::ChannelKind;
use crate::json::write::ToJson;
use crate::offers::compile::{CompiledOffers, Surface};
use crate::offers::result::{ChosenOffer, DropReason, Explain};
use crate::offers::spec::Purpose;
use crate::offers::Member;
use crate::time::Instant;
use schemars::JsonSchema;
use serde::Serialize;

/// What the plan says of one outbound channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    /// Send `offer` now.
    Send,
    /// Nothing now: a cap or quiet hours hold marketing back until `next_at`.
    Wait,
    /// Nothing: the member opted out, gave no consent or is outside the channel's audience.
    Blocked,
    /// Nothing: no offer is eligible on this channel.
    Idle,
}

/// The plan of one outbound channel.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ChannelPlan {
    /// The channel.
    pub channel: String,
    /// The surface whose weights ranked its offers.
    pub surface: String,
    /// What to do.
    pub status: PlanStatus,
    /// The offer to send now (`send`).
    pub offer: Option<ChosenOffer>,
    /// Why nothing goes out (`wait`, `blocked`): the channel's status for marketing,
    /// `no_consent`, `channel_opt_out`, `channel_audience`, `contact_capped` or
    /// `quiet_hours`, with its details.
    pub reason: Option<DropReason>,
    /// The earliest moment a marketing contact could go out (`wait`), program offset.
    pub next_at: Option<Instant>,
}

/// The contact plan of one member at `now`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ContactPlan {
    /// The instant planned at, in the program's offset.
    pub now: Instant,
    /// The member's preferred channel as the snapshot gives it.
    pub preferred_channel: Option<String>,
    /// Every outbound channel, the preferred one first, then in the policy's order.
    pub channels: Vec<ChannelPlan>,
}

/// Why marketing cannot go out on a channel now, as the channel's own status: no marketing
/// consent, the channel's consent missing (an opt-out), then the gate (audience, caps,
/// quiet hours) with the moment it opens.
fn channel_block(surface: &Surface, gate: Option<&Gate>, member: &Member<'_>) -> Option<(DropReason, Option<Instant>)> {
    let consented = |key: &str| member.snapshot.consent.get(key).copied().unwrap_or(false);
    if !consented("marketing") {
        return Some((DropReason::NoConsent { consent: "marketing".to_string() }, None));
    }
    if let Some(key) = surface.channel_consent.as_deref().filter(|key| !consented(key)) {
        return Some((DropReason::ChannelOptOut { channel: surface.channel.clone(), consent: key.to_string() }, None));
    }
    gate.map(|gate| (gate.reason.clone(), gate.next_at))
}

/// Plans one member's outbound contacts at `member.now`. Channels are taken preferred
/// first, then in the policy's order; each takes its best offer not planned on an earlier
/// channel, and a marketing contact planned on one counts against the caps of the next.
pub fn contact_plan(compiled: &CompiledOffers, policy: &ContactPolicy, member: &Member<'_>) -> ContactPlan {
    let preferred = member.snapshot.preferred_channel.as_deref();
    let outbound = || policy.channels.iter().filter(|channel| channel.kind == ChannelKind::Outbound);
    let order = outbound().filter(|channel| Some(channel.id.as_str()) == preferred).chain(outbound().filter(|channel| Some(channel.id.as_str()) != preferred));
    let mut planned_channels: Vec<&str> = Vec::new();
    let mut planned_offers: Vec<&str> = Vec::new();
    let mut channels = Vec::new();
    for channel in order {
        // Compile gives every outbound channel a surface.
        let Some(surface) = compiled.surfaces.iter().find(|surface| surface.channel == channel.id) else { continue };
        let gate = marketing_gate(policy, channel, member, &planned_channels);
        let result = crate::offers::choose::choose_on(compiled, member, surface, 1, Explain::Summary, gate.as_ref(), &planned_offers);
        let plan = match result.offers.into_iter().next() {
            Some(offer) => {
                if let Some(planned) = compiled.offers.iter().find(|candidate| candidate.id == offer.id) {
                    planned_offers.push(planned.id.as_str());
                }
                if offer.purpose == Purpose::Marketing {
                    planned_channels.push(channel.id.as_str());
                }
                ChannelPlan { channel: channel.id.clone(), surface: surface.id.clone(), status: PlanStatus::Send, offer: Some(offer), reason: None, next_at: None }
            }
            None => {
                let (status, reason, next_at) = match channel_block(surface, gate.as_ref(), member) {
                    None => (PlanStatus::Idle, None, None),
                    Some((reason, next_at)) => {
                        let waiting = matches!(reason, DropReason::ContactCapped { .. } | DropReason::QuietHours { .. });
                        (if waiting { PlanStatus::Wait } else { PlanStatus::Blocked }, Some(reason), next_at)
                    }
                };
                ChannelPlan { channel: channel.id.clone(), surface: surface.id.clone(), status, offer: None, reason, next_at }
            }
        };
        channels.push(plan);
    }
    ContactPlan { now: member.now.in_offset(member.offset), preferred_channel: member.snapshot.preferred_channel.clone(), channels }
}
