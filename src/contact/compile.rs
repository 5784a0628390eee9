//! Checking and compiling the contact policy once, so that the gate of a channel costs a
//! member only the walk over their contact history.

use super::spec::{ChannelKind, ContactPolicySpec, QuietHoursSpec};
use super::{MAX_CAPS, MAX_POLICY_CHANNELS};
use crate::condition::{self, Condition};
use crate::error::{pointer, Code};
use crate::offers::spec::Purpose;
use crate::read::CompileContext;
use crate::text::check_id;
use crate::time::{Instant, UtcOffset, SECONDS_PER_DAY};
use serde_json::Value;
use crate::vec_map::VecSet;

/// Quiet hours with their times in seconds since local midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    /// Start, seconds since local midnight.
    pub from: i64,
    /// End (exclusive), seconds since local midnight; `from == until` means no quiet hours.
    pub until: i64,
    /// Quiet weekdays as bits: bit `d` set for ISO weekday `d`.
    pub days: u8,
}

impl QuietHours {
    /// When the quiet hours of a day end if `seconds` (since local midnight) falls in
    /// them, in seconds since that midnight (beyond one day when they run past midnight).
    fn end_of_hours(self, seconds: i64) -> Option<i64> {
        let (from, until) = (self.from, self.until);
        if from == until {
            None
        } else if from < until {
            (from <= seconds && seconds < until).then_some(until)
        } else if seconds >= from {
            Some(until + SECONDS_PER_DAY)
        } else {
            (seconds < until).then_some(until)
        }
    }

    /// When `at` is quiet, the first instant after it that is not, written in `offset`;
    /// `None` when `at` is not quiet. Compile refuses a channel quiet every day, so the
    /// walk ends within a week.
    pub fn ends_after(self, at: Instant, offset: UtcOffset) -> Option<Instant> {
        let mut moment = at;
        let mut moved = false;
        for _ in 0..16 {
            let date = moment.date_in(offset);
            let midnight = Instant::start_of_day(date, offset);
            if self.days & (1u8 << date.iso_weekday()) != 0 {
                moment = midnight.add_seconds(SECONDS_PER_DAY)?;
            } else if let Some(end) = self.end_of_hours(moment.seconds_of_day_in(offset)) {
                moment = midnight.add_seconds(end)?;
            } else {
                return moved.then_some(moment.in_offset(offset));
            }
            moved = true;
        }
        None
    }
}

/// One channel of the policy, compiled.
#[derive(Debug, Clone)]
pub struct Channel {
    /// Id.
    pub id: String,
    /// Inbound or outbound.
    pub kind: ChannelKind,
    /// Purposes it may carry.
    pub purposes: Vec<Purpose>,
    /// Consent key marketing on it needs besides `marketing`.
    pub consent: Option<String>,
    /// Quiet hours (outbound channels).
    pub quiet: QuietHours,
    /// Who marketing on it may go to.
    pub audience: Option<Condition>,
}

/// One cap, its channels resolved.
#[derive(Debug, Clone)]
pub struct Cap {
    /// Id.
    pub id: String,
    /// The outbound channels counted together.
    pub channels: Vec<String>,
    /// Marketing contacts allowed in the period.
    pub max: u32,
    /// The period in calendar days.
    pub per_days: u32,
}

/// The compiled contact policy.
#[derive(Debug, Clone)]
pub struct ContactPolicy {
    /// Channels in priority order.
    pub channels: Vec<Channel>,
    /// Caps in program order.
    pub caps: Vec<Cap>,
    /// Ignored marketing contacts in a row after which a member is fatigued.
    pub fatigue_after: u32,
}

impl ContactPolicy {
    /// The channel `id`.
    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.channels.iter().find(|channel| channel.id == id)
    }

    /// The channel `id` when it is outbound.
    pub fn outbound(&self, id: &str) -> Option<&Channel> {
        self.channel(id).filter(|channel| channel.kind == ChannelKind::Outbound)
    }
}

/// Seconds since midnight of a `HH:MM` time of day.
fn parse_time_of_day(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes.get(2) != Some(&b':') {
        return None;
    }
    let hours: i64 = text.get(0..2)?.parse().ok()?;
    let minutes: i64 = text.get(3..5)?.parse().ok()?;
    let digits = text.chars().enumerate().all(|(index, c)| index == 2 || c.is_ascii_digit());
    (digits && hours < 24 && minutes < 60).then_some(hours * 3600 + minutes * 60)
}

fn compile_quiet(ctx: &mut CompileContext, at: &str, spec: &QuietHoursSpec) -> QuietHours {
    let mut time = |field: &str, text: &str| {
        parse_time_of_day(text).unwrap_or_else(|| {
            ctx.report(Code::InvalidValue, pointer(at, field), format!("expected a local time HH:MM such as 21:00, got {text:?}"));
            0
        })
    };
    let from = time("from", &spec.from);
    let until = time("until", &spec.until);
    let mut days = 0u8;
    for (index, day) in spec.days.iter().enumerate() {
        if (1..=7).contains(day) {
            days |= 1u8 << day;
        } else {
            ctx.report(Code::OutOfRange, pointer(&pointer(at, "days"), index), "a quiet day is an ISO weekday, 1 (Monday) to 7 (Sunday)");
        }
    }
    if days == 0b1111_1110 {
        ctx.report(Code::InvalidValue, pointer(at, "days"), "a channel quiet every day never sends marketing; leave `marketing` out of its purposes instead");
    }
    QuietHours { from, until, days }
}

/// Compiles the program's `contact_policy` (`None` when absent), recording every issue.
pub fn compile(value: Option<&Value>, ctx: &mut CompileContext) -> Option<ContactPolicy> {
    let value = value.filter(|value| !value.is_null())?;
    let at = "/contact_policy";
    let spec: ContactPolicySpec = ctx.parse(value, at)?;
    let channels_at = pointer(at, "channels");
    if spec.channels.is_empty() {
        ctx.report(Code::EmptyList, &channels_at, "a contact policy declares at least one channel");
    }
    if spec.channels.len() > MAX_POLICY_CHANNELS {
        ctx.report(Code::InvalidLength, &channels_at, format!("at most {MAX_POLICY_CHANNELS} channels are accepted, got {}", spec.channels.len()));
        return None;
    }
    let default_quiet = compile_quiet(ctx, &pointer(at, "quiet_hours"), &spec.quiet_hours);
    let mut seen = VecSet::new();
    let mut channels = Vec::new();
    for (index, channel) in spec.channels.into_iter().enumerate() {
        let channel_at = pointer(&channels_at, index);
        check_id(ctx, &pointer(&channel_at, "id"), &channel.id);
        if !seen.insert(channel.id.clone()) {
            ctx.report(Code::DuplicateId, pointer(&channel_at, "id"), format!("channel {:?} is declared twice", channel.id));
        }
        if channel.purposes.is_empty() {
            ctx.report(Code::EmptyList, pointer(&channel_at, "purposes"), "a channel carries at least one purpose");
        }
        if let Some(key) = &channel.consent {
            check_id(ctx, &pointer(&channel_at, "consent"), key);
        }
        let outbound = channel.kind == ChannelKind::Outbound;
        if !outbound {
            for (field, given) in [("quiet_hours", channel.quiet_hours.is_some()), ("audience", channel.audience.is_some())] {
                if given {
                    ctx.report(Code::NotAllowedForKind, pointer(&channel_at, field), "only outbound channels have quiet hours and an audience: the member opens an inbound one");
                }
            }
        }
        let quiet = match &channel.quiet_hours {
            Some(own) => compile_quiet(ctx, &pointer(&channel_at, "quiet_hours"), own),
            None if outbound => default_quiet,
            None => QuietHours { from: 0, until: 0, days: 0 },
        };
        let audience = channel.audience.as_ref().and_then(|condition| match condition::compile(condition, &pointer(&channel_at, "audience")) {
            Ok(compiled) => Some(compiled),
            Err(issues) => {
                ctx.issues.extend(issues);
                None
            }
        });
        let consent = channel.consent.or_else(|| outbound.then(|| channel.id.clone()));
        channels.push(super::compile::Channel { id: channel.id, kind: channel.kind, purposes: channel.purposes, consent, quiet, audience });
    }
    let caps_at = pointer(at, "caps");
    if spec.caps.len() > MAX_CAPS {
        ctx.report(Code::InvalidLength, &caps_at, format!("at most {MAX_CAPS} caps are accepted, got {}", spec.caps.len()));
        return None;
    }
    let mut cap_ids = VecSet::new();
    let mut caps = Vec::new();
    for (index, cap) in spec.caps.into_iter().enumerate() {
        let cap_at = pointer(&caps_at, index);
        check_id(ctx, &pointer(&cap_at, "id"), &cap.id);
        if !cap_ids.insert(cap.id.clone()) {
            ctx.report(Code::DuplicateId, pointer(&cap_at, "id"), format!("cap {:?} is defined twice", cap.id));
        }
        if cap.max == 0 {
            ctx.report(Code::OutOfRange, pointer(&cap_at, "max"), "must be at least 1 (leave `marketing` out of a channel's purposes to never market on it)");
        }
        if !(1..=3660).contains(&cap.per_days) {
            ctx.report(Code::OutOfRange, pointer(&cap_at, "per_days"), "must be within 1..=3660 days");
        }
        let resolved: Vec<String> = match cap.channels {
            None => channels.iter().filter(|channel| channel.kind == ChannelKind::Outbound).map(|channel| channel.id.clone()).collect(),
            Some(listed) => {
                if listed.is_empty() {
                    ctx.report(Code::EmptyList, pointer(&cap_at, "channels"), "name at least one channel, or leave `channels` out to cap every outbound channel together");
                }
                for (position, id) in listed.iter().enumerate() {
                    let id_at = pointer(&pointer(&cap_at, "channels"), position);
                    match channels.iter().find(|channel| channel.id == *id) {
                        None => ctx.report(Code::UnknownChannel, id_at, format!("the contact policy declares no channel {id:?}")),
                        Some(channel) if channel.kind == ChannelKind::Inbound => {
                            ctx.report(Code::InvalidValue, id_at, format!("channel {id:?} is inbound: the member opens it, so it is never capped"));
                        }
                        Some(_) => {}
                    }
                }
                listed
            }
        };
        caps.push(Cap { id: cap.id, channels: resolved, max: cap.max, per_days: cap.per_days });
    }
    if spec.fatigue_after == 0 || spec.fatigue_after > 1000 {
        ctx.report(Code::OutOfRange, pointer(at, "fatigue_after"), "must be within 1..=1000 contacts");
    }
    Some(ContactPolicy { channels, caps, fatigue_after: spec.fatigue_after })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Instant {
        Instant::parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    #[test]
    fn times_of_day_are_hh_mm() {
        assert_eq!(parse_time_of_day("21:00"), Some(75_600));
        assert_eq!(parse_time_of_day("09:30"), Some(34_200));
        for wrong in ["9:00", "24:00", "12:60", "+1:00", "12-00", "12:0a"] {
            assert_eq!(parse_time_of_day(wrong), None, "{wrong}");
        }
    }

    #[test]
    fn quiet_hours_run_past_midnight_and_end_on_their_minute() {
        let offset = UtcOffset::parse("+08:00").unwrap_or(UtcOffset::UTC);
        let quiet = QuietHours { from: 21 * 3600, until: 9 * 3600, days: 0 };
        assert_eq!(quiet.ends_after(at("2026-11-23T20:59:59+08:00"), offset), None);
        assert_eq!(quiet.ends_after(at("2026-11-23T21:00:00+08:00"), offset), Some(at("2026-11-24T09:00:00+08:00")));
        assert_eq!(quiet.ends_after(at("2026-11-24T08:59:00+08:00"), offset), Some(at("2026-11-24T09:00:00+08:00")));
        assert_eq!(quiet.ends_after(at("2026-11-24T09:00:00+08:00"), offset), None);
        // An instant written in another offset is read in the program's.
        assert_eq!(quiet.ends_after(at("2026-11-23T23:30:00Z"), offset).map(|end| end.to_string()), Some("2026-11-24T09:00:00+08:00".to_string()));
    }

    #[test]
    fn quiet_days_skip_to_the_next_open_morning() {
        let offset = UtcOffset::UTC;
        // Sunday quiet all day, nights quiet 22:00–08:00: Saturday 23:00 frees Monday 08:00.
        let quiet = QuietHours { from: 22 * 3600, until: 8 * 3600, days: 1 << 7 };
        assert_eq!(quiet.ends_after(at("2026-11-28T23:00:00Z"), offset), Some(at("2026-11-30T08:00:00Z")));
        assert_eq!(quiet.ends_after(at("2026-11-29T12:00:00Z"), offset), Some(at("2026-11-30T08:00:00Z")));
        assert_eq!(quiet.ends_after(at("2026-11-30T08:00:00Z"), offset), None);
    }
}
