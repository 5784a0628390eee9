//! Qualification windows and validity periods as exact calendar arithmetic on [`Date`]s in
//! the program's offset. Every function returns `None` only when a date would leave the
//! accepted range (years 0000–9999).

use super::spec::{ValiditySpec, WindowSpec};
use crate::json::write::ToJson;
use crate::time::{days_in_month, Date};
use schemars::JsonSchema;
use serde::Serialize;

/// A run of calendar days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Span {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Span {
    /// Days in the span, both ends counted.
    pub fn days(self) -> i64 {
        self.start.days_until(self.end) + 1
    }

    /// Days from `start` through `today`, both counted, within `0..=days()`.
    pub fn elapsed_days(self, today: Date) -> i64 {
        (self.start.days_until(today) + 1).clamp(0, self.days())
    }
}

/// A window rule, compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WindowRule {
    CalendarYear,
    CalendarQuarter,
    RollingMonths(u32),
    MembershipYear,
}

impl WindowRule {
    pub(crate) fn from_spec(spec: WindowSpec) -> WindowRule {
        match spec {
            WindowSpec::CalendarYear {} => WindowRule::CalendarYear,
            WindowSpec::CalendarQuarter {} => WindowRule::CalendarQuarter,
            WindowSpec::RollingMonths { months } => WindowRule::RollingMonths(months),
            WindowSpec::MembershipYear {} => WindowRule::MembershipYear,
        }
    }

    /// True when the window moves with today (it always ends today).
    pub(crate) fn is_rolling(self) -> bool {
        matches!(self, WindowRule::RollingMonths(_))
    }

    /// The window in force on `date`: the calendar period containing it, or for a rolling
    /// window the one ending on it. `joined` anchors membership years.
    pub(crate) fn as_of(self, date: Date, joined: Date) -> Option<Span> {
        match self {
            WindowRule::CalendarYear => Some(Span { start: date.start_of_year(), end: date.end_of_year() }),
            WindowRule::CalendarQuarter => {
                let start = quarter_start(date)?;
                Some(Span { start, end: start.add_months(2)?.end_of_month() })
            }
            WindowRule::RollingMonths(months) => {
                let start = date.add_months(-i32::try_from(months).ok()?)?.add_days(1)?;
                Some(Span { start, end: date })
            }
            WindowRule::MembershipYear => {
                let this_year = anniversary(joined, date.year())?;
                let start_year = if this_year <= date { date.year() } else { date.year() - 1 };
                let start = anniversary(joined, start_year)?;
                let end = anniversary(joined, start_year + 1)?.add_days(-1)?;
                Some(Span { start, end })
            }
        }
    }

    /// The window a re-evaluation on `validity_end` is decided by: the latest window that
    /// ends on or before that day.
    pub(crate) fn deciding(self, validity_end: Date, joined: Date) -> Option<Span> {
        let window = self.as_of(validity_end, joined)?;
        if window.end == validity_end {
            Some(window)
        } else {
            self.as_of(window.start.add_days(-1)?, joined)
        }
    }
}

/// First day of the calendar quarter containing `date`.
fn quarter_start(date: Date) -> Option<Date> {
    let (year, month, _) = date.ymd();
    Date::from_ymd(year, (month - 1) / 3 * 3 + 1, 1)
}

/// The anniversary of `origin` in `year`; 29 February falls on 28 February in common years.
pub(crate) fn anniversary(origin: Date, year: i32) -> Option<Date> {
    let (_, month, day) = origin.ymd();
    Date::from_ymd(year, month, day.min(days_in_month(year, month)))
}

/// The same day `months` months after `date`; a day the target month lacks rolls over to
/// the 1st of the month after (31 January + 1 month = 1 March).
fn same_day_months_later(date: Date, months: u32) -> Option<Date> {
    let (year, month, day) = date.ymd();
    let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(months);
    let target_year = i32::try_from(index.div_euclid(12)).ok()?;
    let target_month = u32::try_from(index.rem_euclid(12) + 1).ok()?;
    if day <= days_in_month(target_year, target_month) {
        Date::from_ymd(target_year, target_month, day)
    } else {
        Date::from_ymd(target_year, target_month, 1)?.add_months(1)
    }
}

/// A validity rule, compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValidityRule {
    EndOfFollowingCalendarYear,
    EndOfFollowingCalendarQuarter,
    MonthsAfterReaching(u32),
    Lifetime,
}

/// When a tier's validity ends: on a day, or never.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValidityEnd {
    On(Date),
    Never,
}

impl ValidityRule {
    pub(crate) fn from_spec(spec: ValiditySpec) -> ValidityRule {
        match spec {
            ValiditySpec::EndOfFollowingCalendarYear {} => ValidityRule::EndOfFollowingCalendarYear,
            ValiditySpec::EndOfFollowingCalendarQuarter {} => ValidityRule::EndOfFollowingCalendarQuarter,
            ValiditySpec::MonthsAfterReaching { months } => ValidityRule::MonthsAfterReaching(months),
            ValiditySpec::Lifetime {} => ValidityRule::Lifetime,
        }
    }

    /// Last valid day of a tier reached on `reached`.
    pub(crate) fn after_reaching(self, reached: Date) -> Option<ValidityEnd> {
        Some(match self {
            ValidityRule::EndOfFollowingCalendarYear => ValidityEnd::On(Date::from_ymd(reached.year().checked_add(1)?, 12, 31)?),
            ValidityRule::EndOfFollowingCalendarQuarter => ValidityEnd::On(quarter_start(reached)?.add_months(5)?.end_of_month()),
            ValidityRule::MonthsAfterReaching(months) => ValidityEnd::On(same_day_months_later(reached, months)?.add_days(-1)?),
            ValidityRule::Lifetime => ValidityEnd::Never,
        })
    }

    /// Last valid day of a tier kept (or granted) at the re-evaluation on `previous_end`:
    /// the next period follows the previous one without a gap or an overlap.
    pub(crate) fn after_renewal(self, previous_end: Date) -> Option<ValidityEnd> {
        match self {
            ValidityRule::MonthsAfterReaching(_) => self.after_reaching(previous_end.add_days(1)?),
            _ => self.after_reaching(previous_end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Date {
        Date::parse(text).unwrap_or(Date::MIN)
    }

    fn span(rule: WindowRule, today: &str, joined: &str) -> String {
        rule.as_of(d(today), d(joined)).map_or_else(|| "none".into(), |s| format!("{}..{} ({})", s.start, s.end, s.days()))
    }

    fn end(rule: ValidityRule, reached: &str) -> String {
        match rule.after_reaching(d(reached)) {
            Some(ValidityEnd::On(date)) => date.to_string(),
            Some(ValidityEnd::Never) => "never".into(),
            None => "none".into(),
        }
    }

    #[test]
    fn calendar_years_and_quarters() {
        let j = "2020-01-01";
        assert_eq!(span(WindowRule::CalendarYear, "2026-11-23", j), "2026-01-01..2026-12-31 (365)");
        assert_eq!(span(WindowRule::CalendarYear, "2028-02-29", j), "2028-01-01..2028-12-31 (366)");
        assert_eq!(span(WindowRule::CalendarQuarter, "2026-11-23", j), "2026-10-01..2026-12-31 (92)");
        assert_eq!(span(WindowRule::CalendarQuarter, "2026-01-01", j), "2026-01-01..2026-03-31 (90)");
        assert_eq!(span(WindowRule::CalendarQuarter, "2028-03-31", j), "2028-01-01..2028-03-31 (91)");
        assert_eq!(span(WindowRule::CalendarQuarter, "2026-04-01", j), "2026-04-01..2026-06-30 (91)");
        assert_eq!(span(WindowRule::CalendarQuarter, "2026-09-30", j), "2026-07-01..2026-09-30 (92)");
    }

    #[test]
    fn rolling_windows_end_today() {
        let j = "2020-01-01";
        assert_eq!(span(WindowRule::RollingMonths(12), "2026-11-23", j), "2025-11-24..2026-11-23 (365)");
        assert_eq!(span(WindowRule::RollingMonths(12), "2024-02-29", j), "2023-03-01..2024-02-29 (366)");
        assert_eq!(span(WindowRule::RollingMonths(12), "2025-02-28", j), "2024-02-29..2025-02-28 (366)");
        assert_eq!(span(WindowRule::RollingMonths(1), "2026-03-31", j), "2026-03-01..2026-03-31 (31)");
        assert_eq!(span(WindowRule::RollingMonths(1), "2026-03-29", j), "2026-03-01..2026-03-29 (29)");
        assert_eq!(span(WindowRule::RollingMonths(3), "2026-05-31", j), "2026-03-01..2026-05-31 (92)");
    }

    #[test]
    fn membership_years_follow_the_join_date() {
        assert_eq!(span(WindowRule::MembershipYear, "2026-11-23", "2024-05-20"), "2026-05-20..2027-05-19 (365)");
        assert_eq!(span(WindowRule::MembershipYear, "2026-05-19", "2024-05-20"), "2025-05-20..2026-05-19 (365)");
        assert_eq!(span(WindowRule::MembershipYear, "2026-05-20", "2024-05-20"), "2026-05-20..2027-05-19 (365)");
        // A leap-day join: 28 February in common years, 29 February in leap years.
        assert_eq!(span(WindowRule::MembershipYear, "2026-02-27", "2024-02-29"), "2025-02-28..2026-02-27 (365)");
        assert_eq!(span(WindowRule::MembershipYear, "2026-02-28", "2024-02-29"), "2026-02-28..2027-02-27 (365)");
        assert_eq!(span(WindowRule::MembershipYear, "2028-02-28", "2024-02-29"), "2027-02-28..2028-02-28 (366)");
        assert_eq!(span(WindowRule::MembershipYear, "2028-02-29", "2024-02-29"), "2028-02-29..2029-02-27 (365)");
        // Month-end joins keep their day; a 31 December join starts each year on the 31st.
        assert_eq!(span(WindowRule::MembershipYear, "2027-01-15", "2025-12-31"), "2026-12-31..2027-12-30 (365)");
        assert_eq!(span(WindowRule::MembershipYear, "2026-01-30", "2025-01-31"), "2025-01-31..2026-01-30 (365)");
    }

    #[test]
    fn deciding_window_is_the_latest_one_ending_by_the_validity_end() {
        let j = d("2024-05-20");
        let show = |rule: WindowRule, v: &str| rule.deciding(d(v), j).map(|s| format!("{}..{}", s.start, s.end));
        assert_eq!(show(WindowRule::CalendarYear, "2026-12-31"), Some("2026-01-01..2026-12-31".into()));
        assert_eq!(show(WindowRule::CalendarYear, "2027-03-14"), Some("2026-01-01..2026-12-31".into()));
        assert_eq!(show(WindowRule::CalendarQuarter, "2026-09-30"), Some("2026-07-01..2026-09-30".into()));
        assert_eq!(show(WindowRule::CalendarQuarter, "2026-10-01"), Some("2026-07-01..2026-09-30".into()));
        assert_eq!(show(WindowRule::RollingMonths(12), "2026-06-30"), Some("2025-07-01..2026-06-30".into()));
        assert_eq!(show(WindowRule::MembershipYear, "2026-05-19"), Some("2025-05-20..2026-05-19".into()));
        assert_eq!(show(WindowRule::MembershipYear, "2026-12-31"), Some("2025-05-20..2026-05-19".into()));
    }

    #[test]
    fn validity_periods() {
        assert_eq!(end(ValidityRule::EndOfFollowingCalendarYear, "2026-01-01"), "2027-12-31");
        assert_eq!(end(ValidityRule::EndOfFollowingCalendarYear, "2026-12-31"), "2027-12-31");
        assert_eq!(end(ValidityRule::EndOfFollowingCalendarQuarter, "2026-11-23"), "2027-03-31");
        assert_eq!(end(ValidityRule::EndOfFollowingCalendarQuarter, "2026-07-01"), "2026-12-31");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(12), "2026-03-15"), "2027-03-14");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(12), "2024-02-29"), "2025-02-28");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(1), "2024-01-31"), "2024-02-29");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(1), "2023-01-31"), "2023-02-28");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(1), "2026-03-31"), "2026-04-30");
        assert_eq!(end(ValidityRule::MonthsAfterReaching(1), "2026-05-01"), "2026-05-31");
        assert_eq!(end(ValidityRule::Lifetime, "2026-05-01"), "never");
        assert_eq!(end(ValidityRule::EndOfFollowingCalendarYear, "9999-01-01"), "none");
    }

    #[test]
    fn renewals_follow_without_gaps() {
        let renew = |rule: ValidityRule, v: &str| match rule.after_renewal(d(v)) {
            Some(ValidityEnd::On(date)) => date.to_string(),
            _ => "?".into(),
        };
        assert_eq!(renew(ValidityRule::EndOfFollowingCalendarYear, "2026-12-31"), "2027-12-31");
        assert_eq!(renew(ValidityRule::EndOfFollowingCalendarQuarter, "2026-09-30"), "2026-12-31");
        assert_eq!(renew(ValidityRule::MonthsAfterReaching(12), "2027-03-14"), "2028-03-14");
        assert_eq!(renew(ValidityRule::MonthsAfterReaching(1), "2024-02-29"), "2024-03-31");
        assert_eq!(renew(ValidityRule::MonthsAfterReaching(12), "2025-02-28"), "2026-02-28");
    }

    #[test]
    fn window_edges_at_the_ends_of_the_accepted_range() {
        assert_eq!(WindowRule::RollingMonths(12).as_of(d("0000-06-01"), d("0000-01-01")), None);
        assert_eq!(WindowRule::CalendarQuarter.as_of(d("9999-12-31"), d("0000-01-01")).map(|s| s.days()), Some(92));
        assert_eq!(WindowRule::MembershipYear.as_of(d("9998-06-01"), d("2000-03-01")).map(|s| s.end.to_string()), Some("9999-02-28".into()));
        assert_eq!(WindowRule::MembershipYear.as_of(d("9999-06-01"), d("2000-03-01")), None);
    }

    #[test]
    fn elapsed_days_count_today() {
        let s = Span { start: d("2026-01-01"), end: d("2026-12-31") };
        assert_eq!(s.elapsed_days(d("2026-11-23")), 327);
        assert_eq!(s.elapsed_days(d("2026-01-01")), 1);
        assert_eq!(s.elapsed_days(d("2026-12-31")), 365);
        assert_eq!(s.elapsed_days(d("2027-02-01")), 365);
        assert_eq!(s.elapsed_days(d("2025-12-31")), 0);
    }
}
