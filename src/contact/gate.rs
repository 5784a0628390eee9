//! The gate of an outbound channel: whether marketing may go out on it to this member now
//! (audience, caps, quiet hours), and if not, why and from when.
//!
//! Consent is checked per offer, where the offers pipeline checks it; service messages
//! never reach the gate.

use super::compile::{Cap, Channel, ContactPolicy};
use super::spec::ChannelKind;
use crate::offers::result::DropReason;
use crate::offers::spec::Purpose;
use crate::offers::Member;
use crate::time::{Date, Instant};

/// Why marketing cannot go out on a channel now, and the earliest moment it could.
#[derive(Debug, Clone, PartialEq)]
pub struct Gate {
    /// The reason, as offers dropped by it carry it.
    pub reason: DropReason,
    /// The earliest moment a marketing contact could go out on the channel; `None` when
    /// waiting does not help (the audience).
    pub next_at: Option<Instant>,
}

/// How many marketing contacts count against `cap` today, and the date the cap frees when
/// it is reached. Contacts after `now` have not happened; `planned` are channels this
/// call already plans a marketing contact on, counted today.
fn cap_state(cap: &Cap, member: &Member<'_>, today: Date, planned: &[&str]) -> (u32, Option<Date>) {
    let days = i64::from(cap.per_days);
    let counted = |channel: &str| cap.channels.iter().any(|id| id == channel);
    let in_window = || {
        member
            .snapshot
            .contact_history
            .iter()
            .filter(|contact| contact.purpose == Purpose::Marketing && contact.at <= member.now && counted(&contact.channel))
            .map(|contact| contact.at.date_in(member.offset))
            .filter(|date| (0..days).contains(&date.days_until(today)))
    };
    let planned_today = planned.iter().filter(|channel| counted(channel)).count();
    // Counted first, without allocating: most members are below every cap.
    let count = u32::try_from(in_window().count().saturating_add(planned_today)).unwrap_or(u32::MAX);
    if count < cap.max {
        return (count, None);
    }
    let mut dates: Vec<Date> = in_window().collect();
    dates.extend(std::iter::repeat_n(today, planned_today));
    // Newest first: once the max-th newest contact leaves the window, one more may go out.
    crate::sort::sort_by(&mut dates, |a, b| b.cmp(a));
    let index = usize::try_from(cap.max).ok().and_then(|max| max.checked_sub(1));
    let frees_on = index.and_then(|index| dates.get(index)).and_then(|date| date.add_days(days));
    (count, frees_on.or(Some(Date::MAX)))
}

/// The gate of `channel` for marketing to `member` now, `None` when it is open. Of several
/// caps reached, the one that frees last is reported; a cap's free day that falls in quiet
/// hours moves `next_at` to when they end.
pub fn marketing_gate(policy: &ContactPolicy, channel: &Channel, member: &Member<'_>, planned: &[&str]) -> Option<Gate> {
    if channel.kind == ChannelKind::Inbound {
        return None;
    }
    if let Some(audience) = &channel.audience {
        if !audience.eval(member.facts, member.saved_groups) {
            return Some(Gate { reason: DropReason::ChannelAudience { channel: channel.id.clone() }, next_at: None });
        }
    }
    let today = member.now.date_in(member.offset);
    let mut binding: Option<(&Cap, u32, Option<Date>)> = None;
    for cap in policy.caps.iter().filter(|cap| cap.channels.contains(&channel.id)) {
        let (contacts, frees_on) = cap_state(cap, member, today, planned);
        if frees_on.is_some() && binding.is_none_or(|(_, _, latest)| frees_on > latest) {
            binding = Some((cap, contacts, frees_on));
        }
    }
    if let Some((cap, contacts, frees_on)) = binding {
        let opens = frees_on.map(|date| Instant::start_of_day(date, member.offset));
        let next_at = opens.map(|opens| channel.quiet.ends_after(opens, member.offset).unwrap_or(opens));
        let reason = DropReason::ContactCapped { cap: cap.id.clone(), channels: cap.channels.clone(), contacts, max: cap.max, per_days: cap.per_days, frees_on };
        return Some(Gate { reason, next_at });
    }
    let frees_at = channel.quiet.ends_after(member.now, member.offset)?;
    Some(Gate { reason: DropReason::QuietHours { channel: channel.id.clone(), frees_at }, next_at: Some(frees_at) })
}
