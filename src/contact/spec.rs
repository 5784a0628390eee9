//! The program's `contact_policy` as JSON: the closed list of channels, the marketing caps,
//! the quiet hours and when a member counts as fatigued.
//!
//! These are plain input types; [`super::compile`] checks what types cannot say (ids,
//! references between channels, caps and surfaces, times of day, conditions).

use crate::json::write::ToJson;
use crate::offers::spec::Purpose;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Whether the member opens a channel or the brand sends on it.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// A place the member opens (member page, cart, refund confirmation, mini-program
    /// page): never capped, never quiet.
    Inbound,
    /// A channel the brand sends on (SMS, WeChat message, app push, email, staff call):
    /// marketing on it is capped, kept out of quiet hours and needs the channel's consent.
    Outbound,
}

/// A contact policy: which channels exist, what they may carry, how often and when
/// marketing may go out on them. Service messages are never capped nor kept quiet.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ContactPolicySpec {
    /// The closed list of channels, in priority order: an offer sent outbound goes to the
    /// member's preferred channel first, then to the first allowed channel of this list.
    /// Offers and surfaces may only name these channels.
    pub channels: Vec<ChannelSpec>,
    /// Caps on marketing contacts per member over rolling periods, counted from the
    /// snapshot's `contact_history` (every marketing contact, whatever offer it carried).
    #[serde(default)]
    pub caps: Vec<CapSpec>,
    /// Quiet hours of every outbound channel that does not set its own: no outbound
    /// marketing from `from` to `until` (program offset) and on `days`; 21:00–09:00 when absent.
    #[serde(default = "default_quiet_hours")]
    pub quiet_hours: QuietHoursSpec,
    /// A member who ignored this many marketing contacts in a row (no open, click or
    /// redemption recorded) is `fatigued`; 3 when absent.
    #[serde(default = "default_fatigue_after")]
    pub fatigue_after: u32,
}

/// One channel of the contact policy.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ChannelSpec {
    /// Channel id, as offers and surfaces name it (`web`, `mini_program`, `sms`, `push`, …).
    pub id: String,
    /// `inbound` or `outbound`.
    pub kind: ChannelKind,
    /// Purposes the channel may carry: `service` always; `marketing` only where allowed.
    pub purposes: Vec<Purpose>,
    /// Consent key that marketing on this channel needs besides `marketing`; for an
    /// outbound channel its id when absent (`sms` needs `consent.sms`).
    #[serde(default)]
    pub consent: Option<String>,
    /// This outbound channel's own quiet hours instead of the policy's;
    /// `{"from": "00:00", "until": "00:00"}` for none.
    #[serde(default)]
    pub quiet_hours: Option<QuietHoursSpec>,
    /// Condition over facts: marketing goes out on this outbound channel only to members
    /// it holds for (staff calls for high-value or win-back members).
    #[serde(default)]
    pub audience: Option<Value>,
}

/// A cap on marketing contacts: at most `max` within `per_days` calendar days (today
/// included) on the channels listed, or across every outbound channel.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct CapSpec {
    /// Cap id, named by `contact_capped` reasons.
    pub id: String,
    /// Outbound channels whose marketing contacts count together; every outbound channel
    /// when absent.
    #[serde(default)]
    pub channels: Option<Vec<String>>,
    /// Marketing contacts allowed in the period, at least 1.
    pub max: u32,
    /// The rolling period in calendar days, 1–3660.
    pub per_days: u32,
}

/// When outbound marketing stays quiet, in the program's offset.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct QuietHoursSpec {
    /// Local time quiet hours start, `HH:MM`; they may run past midnight.
    pub from: String,
    /// Local time they end, `HH:MM`: sending is allowed again from this minute on. The
    /// same time as `from` means no quiet hours.
    pub until: String,
    /// Whole quiet days, ISO weekdays (Monday = 1 … Sunday = 7).
    #[serde(default)]
    pub days: Vec<u32>,
}

/// 21:00–09:00, every day.
pub fn default_quiet_hours() -> QuietHoursSpec {
    QuietHoursSpec { from: "21:00".to_string(), until: "09:00".to_string(), days: Vec::new() }
}

fn default_fatigue_after() -> u32 {
    3
}
