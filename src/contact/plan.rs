//! The contact plan: for each outbound channel, the single best offer to send now, or none
//! with the reason and the earliest moment one could go out. What a CRM's nightly send job
//! asks.

use super::compile::ContactPolicy;
use super::gate::marketing_gate;
use super::spec::ChannelKind;
use crate::json::write::ToJson;
use crate::offers::compile::CompiledOffers;
use crate::offers::result::{ChosenOffer, DropCode, DropReason, Explain, Suppressed};
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
    /// Why nothing goes out (`wait`, `blocked`): `contact_capped`, `quiet_hours`,
    /// `channel_opt_out`, `no_consent` or `channel_audience`, with its details.
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

/// Reasons that say why a channel sends nothing, most lasting first.
const CHANNEL_REASONS: [DropCode; 5] = [DropCode::NoConsent, DropCode::ChannelOptOut, DropCode::ChannelAudience, DropCode::ContactCapped, DropCode::QuietHours];

/// The channel-level reason among the suppressed offers, most lasting first.
fn channel_reason(suppressed: Suppressed) -> Option<DropReason> {
    let Suppressed::Full(list) = suppressed else { return None };
    let mut found: Option<(usize, DropReason)> = None;
    for offer in list {
        let Some(rank) = CHANNEL_REASONS.iter().position(|code| *code == offer.reason.code()) else { continue };
        if found.as_ref().is_none_or(|(best, _)| rank < *best) {
            found = Some((rank, offer.reason));
        }
    }
    found.map(|(_, reason)| reason)
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
        let result = crate::offers::choose::choose_on(compiled, member, surface, 1, Explain::Full, gate.as_ref(), &planned_offers);
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
                let reason = channel_reason(result.suppressed);
                let waiting = matches!(reason, Some(DropReason::ContactCapped { .. } | DropReason::QuietHours { .. }));
                let status = match reason {
                    None => PlanStatus::Idle,
                    Some(_) if waiting => PlanStatus::Wait,
                    Some(_) => PlanStatus::Blocked,
                };
                let next_at = if waiting { gate.and_then(|gate| gate.next_at) } else { None };
                ChannelPlan { channel: channel.id.clone(), surface: surface.id.clone(), status, offer: None, reason, next_at }
            }
        };
        channels.push(plan);
    }
    ContactPlan { now: member.now.in_offset(member.offset), preferred_channel: member.snapshot.preferred_channel.clone(), channels }
}
