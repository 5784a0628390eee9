//! Calendar dates, instants and the program's fixed UTC offset.
//!
//! Nothing here reads a clock: the caller passes `now`. Calendar arithmetic uses the
//! proleptic Gregorian calendar (days-from-civil), so leap years and month ends are exact
//! for every year from 0000 to 9999 — the range this crate accepts.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Seconds in a day.
pub const SECONDS_PER_DAY: i64 = 86_400;

/// A calendar date (no time, no zone), stored as days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(i32);

/// True for Gregorian leap years.
pub fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1–12) of `year`; 0 for an invalid month.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl Date {
    /// Earliest accepted date.
    pub const MIN: Date = Date(-719_528); // 0000-01-01
    /// Latest accepted date.
    pub const MAX: Date = Date(2_932_896); // 9999-12-31

    /// The date `year-month-day`, or `None` when it does not exist or is out of range.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Date> {
        if !(0..=9999).contains(&year) || !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // days_from_civil (H. Hinnant), valid for the whole accepted range.
        let y = if month <= 2 { year - 1 } else { year };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = month as i32;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + day as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i32 {
        self.0
    }

    /// The date `days` after 1970-01-01, if in range.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let days = i32::try_from(days).ok()?;
        (Date::MIN.0..=Date::MAX.0).contains(&days).then_some(Date(days))
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = yoe + era * 400 + i32::from(month <= 2);
        (year, month, day)
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.ymd().0
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.ymd().1
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u32 {
        self.ymd().2
    }

    /// This date moved by `days` (negative goes back); `None` outside the accepted range.
    pub fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(i64::from(self.0) + days)
    }

    /// Whole days from `self` to `other` (positive when `other` is later).
    pub fn days_until(self, other: Date) -> i64 {
        i64::from(other.0) - i64::from(self.0)
    }

    /// This date moved by `months`, the day clamped to the target month's length
    /// (2024-01-31 + 1 month = 2024-02-29).
    pub fn add_months(self, months: i32) -> Option<Date> {
        let (year, month, day) = self.ymd();
        let index = i64::from(year) * 12 + i64::from(month) - 1 + i64::from(months);
        let year = i32::try_from(index.div_euclid(12)).ok()?;
        let month = (index.rem_euclid(12) + 1) as u32;
        Date::from_ymd(year, month, day.min(days_in_month(year, month)))
    }

    /// First day of this date's month.
    pub fn start_of_month(self) -> Date {
        let (year, month, _) = self.ymd();
        Date::from_ymd(year, month, 1).unwrap_or(self)
    }

    /// Last day of this date's month.
    pub fn end_of_month(self) -> Date {
        let (year, month, _) = self.ymd();
        Date::from_ymd(year, month, days_in_month(year, month)).unwrap_or(self)
    }

    /// January 1st of this date's year.
    pub fn start_of_year(self) -> Date {
        Date::from_ymd(self.year(), 1, 1).unwrap_or(self)
    }

    /// December 31st of this date's year.
    pub fn end_of_year(self) -> Date {
        Date::from_ymd(self.year(), 12, 31).unwrap_or(self)
    }

    /// Day of the week, Monday = 1 … Sunday = 7 (ISO 8601).
    pub fn iso_weekday(self) -> u32 {
        // 1970-01-01 was a Thursday (4).
        ((i64::from(self.0) + 3).rem_euclid(7) + 1) as u32
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(format!("expected a date as YYYY-MM-DD, got {text:?}"));
        }
        let year = digits(&bytes[0..4]).ok_or_else(|| format!("invalid year in {text:?}"))?;
        let month = digits(&bytes[5..7]).ok_or_else(|| format!("invalid month in {text:?}"))?;
        let day = digits(&bytes[8..10]).ok_or_else(|| format!("invalid day in {text:?}"))?;
        Date::from_ymd(year as i32, month, day).ok_or_else(|| format!("{text:?} is not a calendar date"))
    }
}

fn digits(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0')))
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (year, month, day) = self.ymd();
        write!(f, "{year:04}-{month:02}-{day:02}")
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl crate::json::FromJson for Date {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<Date, crate::json::ReadError> {
        let text = reader.string("a date YYYY-MM-DD")?;
        Date::parse(&text).map_err(crate::json::ReadError::invalid_value)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Date::parse(&text).map_err(de::Error::custom)
    }
}

/// A fixed offset from UTC, in seconds east (`+08:00` is 28 800).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct UtcOffset(i32);

impl UtcOffset {
    /// UTC itself.
    pub const UTC: UtcOffset = UtcOffset(0);

    /// An offset of `seconds` east of UTC; `None` beyond ±18 hours.
    pub fn from_seconds(seconds: i32) -> Option<UtcOffset> {
        (-18 * 3600..=18 * 3600).contains(&seconds).then_some(UtcOffset(seconds))
    }

    /// Seconds east of UTC.
    pub fn seconds(self) -> i32 {
        self.0
    }

    /// Parses `Z`, `+HH:MM` or `-HH:MM`.
    pub fn parse(text: &str) -> Result<UtcOffset, String> {
        if text == "Z" || text == "z" {
            return Ok(UtcOffset::UTC);
        }
        let bytes = text.as_bytes();
        let sign = match bytes.first() {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Err(format!("expected a UTC offset such as +08:00, got {text:?}")),
        };
        if bytes.len() != 6 || bytes[3] != b':' {
            return Err(format!("expected a UTC offset such as +08:00, got {text:?}"));
        }
        let hours = digits(&bytes[1..3]).filter(|h| *h <= 18);
        let minutes = digits(&bytes[4..6]).filter(|m| *m < 60);
        match (hours, minutes) {
            (Some(h), Some(m)) => UtcOffset::from_seconds(sign * (h as i32 * 3600 + m as i32 * 60))
                .ok_or_else(|| format!("UTC offset {text:?} is beyond ±18:00")),
            _ => Err(format!("expected a UTC offset such as +08:00, got {text:?}")),
        }
    }
}

impl fmt::Display for UtcOffset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { '-' } else { '+' };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{:02}:{:02}", abs / 3600, abs % 3600 / 60)
    }
}

impl Serialize for UtcOffset {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl crate::json::FromJson for UtcOffset {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<UtcOffset, crate::json::ReadError> {
        let text = reader.string("a UTC offset such as +08:00")?;
        UtcOffset::parse(&text).map_err(crate::json::ReadError::invalid_value)
    }
}

impl<'de> Deserialize<'de> for UtcOffset {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<UtcOffset, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        UtcOffset::parse(&text).map_err(de::Error::custom)
    }
}

/// A point in time: seconds since the Unix epoch, remembering the offset it was written
/// with so that it serialises back the way it came in. Equality and order use the
/// instant only.
#[derive(Debug, Clone, Copy)]
pub struct Instant {
    unix_seconds: i64,
    offset: UtcOffset,
}

impl PartialEq for Instant {
    fn eq(&self, other: &Instant) -> bool {
        self.unix_seconds == other.unix_seconds
    }
}
impl Eq for Instant {}
impl PartialOrd for Instant {
    fn partial_cmp(&self, other: &Instant) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Instant {
    fn cmp(&self, other: &Instant) -> std::cmp::Ordering {
        self.unix_seconds.cmp(&other.unix_seconds)
    }
}

impl Instant {
    /// The instant `unix_seconds` after the epoch, written in `offset`.
    pub fn from_unix_seconds(unix_seconds: i64, offset: UtcOffset) -> Instant {
        Instant { unix_seconds, offset }
    }

    /// Midnight starting `date` in `offset`.
    pub fn start_of_day(date: Date, offset: UtcOffset) -> Instant {
        Instant {
            unix_seconds: i64::from(date.days_since_epoch()) * SECONDS_PER_DAY - i64::from(offset.seconds()),
            offset,
        }
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.unix_seconds
    }

    /// The offset this instant was written with.
    pub fn offset(self) -> UtcOffset {
        self.offset
    }

    /// The same instant, to be written in `offset`.
    pub fn in_offset(self, offset: UtcOffset) -> Instant {
        Instant { unix_seconds: self.unix_seconds, offset }
    }

    /// The calendar date of this instant in `offset`.
    pub fn date_in(self, offset: UtcOffset) -> Date {
        let local = self.unix_seconds + i64::from(offset.seconds());
        Date::from_days_since_epoch(local.div_euclid(SECONDS_PER_DAY)).unwrap_or(if local < 0 { Date::MIN } else { Date::MAX })
    }

    /// Seconds since local midnight in `offset`.
    pub fn seconds_of_day_in(self, offset: UtcOffset) -> i64 {
        (self.unix_seconds + i64::from(offset.seconds())).rem_euclid(SECONDS_PER_DAY)
    }

    /// This instant moved by `seconds`.
    pub fn add_seconds(self, seconds: i64) -> Option<Instant> {
        Some(Instant { unix_seconds: self.unix_seconds.checked_add(seconds)?, offset: self.offset })
    }

    /// Parses an RFC 3339 / ISO 8601 instant with a mandatory offset:
    /// `2026-11-23T10:00:00+08:00`, `2026-11-23T02:00:00Z`, optional fractional seconds
    /// (ignored), seconds optional (`2026-11-23T10:00+08:00`).
    pub fn parse(text: &str) -> Result<Instant, String> {
        let invalid = || format!("expected an instant such as 2026-11-23T10:00:00+08:00, got {text:?}");
        if text.len() < 17 || !text.is_char_boundary(10) {
            return Err(invalid());
        }
        let (date_part, rest) = text.split_at(10);
        let date = Date::parse(date_part)?;
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix('t')).or_else(|| rest.strip_prefix(' ')).ok_or_else(invalid)?;
        let zone_at = rest.find(['Z', 'z', '+', '-']).ok_or_else(|| format!("instant {text:?} needs a UTC offset (Z or ±HH:MM)"))?;
        let (clock, zone) = rest.split_at(zone_at);
        let offset = UtcOffset::parse(zone)?;
        let clock = clock.as_bytes();
        let (hour, minute, second) = match clock.len() {
            5 if clock[2] == b':' => (digits(&clock[0..2]), digits(&clock[3..5]), Some(0)),
            n if n >= 8 && clock[2] == b':' && clock[5] == b':' => {
                if n > 8 && (clock[8] != b'.' || n == 9 || !clock[9..].iter().all(u8::is_ascii_digit)) {
                    return Err(invalid());
                }
                (digits(&clock[0..2]), digits(&clock[3..5]), digits(&clock[6..8]))
            }
            _ => return Err(invalid()),
        };
        match (hour, minute, second) {
            (Some(h), Some(m), Some(s)) if h < 24 && m < 60 && s < 60 => {
                let local = i64::from(date.days_since_epoch()) * SECONDS_PER_DAY + i64::from(h * 3600 + m * 60 + s);
                Ok(Instant { unix_seconds: local - i64::from(offset.seconds()), offset })
            }
            _ => Err(invalid()),
        }
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.date_in(self.offset);
        let seconds = self.seconds_of_day_in(self.offset);
        write!(f, "{date}T{:02}:{:02}:{:02}{}", seconds / 3600, seconds % 3600 / 60, seconds % 60, self.offset)
    }
}

impl Serialize for Instant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl crate::json::FromJson for Instant {
    fn read(reader: &mut crate::json::Reader<'_>) -> Result<Instant, crate::json::ReadError> {
        let text = reader.string("an instant such as 2026-11-18T12:00:00+08:00")?;
        Instant::parse(&text).map_err(crate::json::ReadError::invalid_value)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Instant, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Instant::parse(&text).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_over_the_whole_range() {
        let mut day = Date::MIN;
        let mut previous: Option<(i32, u32, u32)> = None;
        while day <= Date::MAX {
            let (y, m, d) = day.ymd();
            assert_eq!(Date::from_ymd(y, m, d), Some(day));
            if let Some(p) = previous {
                assert!((y, m, d) > p);
            }
            previous = Some((y, m, d));
            match day.add_days(1) {
                Some(next) => day = next,
                None => break,
            }
        }
        assert_eq!(Date::MIN.to_string(), "0000-01-01");
        assert_eq!(Date::MAX.to_string(), "9999-12-31");
    }

    #[test]
    fn dates_parse_and_reject() {
        assert_eq!(Date::parse("2024-02-29").map(|d| d.to_string()), Ok("2024-02-29".to_string()));
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("2023-13-01").is_err());
        assert!(Date::parse("2023-1-01").is_err());
        assert!(Date::parse("２０２３-01-01").is_err());
        assert_eq!(Date::parse("1970-01-01").map(Date::days_since_epoch), Ok(0));
    }

    #[test]
    fn month_arithmetic_clamps() {
        let jan31 = Date::parse("2024-01-31").ok();
        assert_eq!(jan31.and_then(|d| d.add_months(1)).map(|d| d.to_string()), Some("2024-02-29".into()));
        assert_eq!(jan31.and_then(|d| d.add_months(-2)).map(|d| d.to_string()), Some("2023-11-30".into()));
        assert_eq!(jan31.and_then(|d| d.add_months(13)).map(|d| d.to_string()), Some("2025-02-28".into()));
    }

    #[test]
    fn instants_know_their_local_day() {
        let now = Instant::parse("2026-11-23T10:00:00+08:00").ok();
        let offset = UtcOffset::parse("+08:00").unwrap_or_default();
        assert_eq!(now.map(|n| n.date_in(offset).to_string()), Some("2026-11-23".into()));
        let late = Instant::parse("2026-11-23T23:30:00Z").ok();
        assert_eq!(late.map(|n| n.date_in(offset).to_string()), Some("2026-11-24".into()));
        assert_eq!(late.map(|n| n.date_in(UtcOffset::UTC).to_string()), Some("2026-11-23".into()));
        assert_eq!(now.map(|n| n.to_string()), Some("2026-11-23T10:00:00+08:00".into()));
        assert!(Instant::parse("2026-11-23T10:00:00").is_err());
        assert!(Instant::parse("2026-11-23T24:00:00Z").is_err());
        assert!(Instant::parse("2026-11-23T10:00:00.123Z").is_ok());
        assert!(Instant::parse("2026-11-23T10:00:00.Z").is_err());
    }

    #[test]
    fn weekdays() {
        assert_eq!(Date::parse("2026-11-23").map(Date::iso_weekday), Ok(1));
        assert_eq!(Date::parse("1970-01-01").map(Date::iso_weekday), Ok(4));
    }
}

mod schema {
    use super::{Date, Instant, UtcOffset};
    use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
    use std::borrow::Cow;

    impl JsonSchema for Date {
        fn schema_name() -> Cow<'static, str> {
            "Date".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "format": "date",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
                "description": "A calendar date, YYYY-MM-DD."
            })
        }
    }

    impl JsonSchema for Instant {
        fn schema_name() -> Cow<'static, str> {
            "Instant".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "format": "date-time",
                "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?([Zz]|[+-][0-9]{2}:[0-9]{2})$",
                "description": "An instant with a mandatory UTC offset, e.g. 2026-11-23T10:00:00+08:00."
            })
        }
    }

    impl JsonSchema for UtcOffset {
        fn schema_name() -> Cow<'static, str> {
            "UtcOffset".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "type": "string",
                "pattern": "^(Z|[+-][0-9]{2}:[0-9]{2})$",
                "description": "A fixed offset from UTC such as +08:00."
            })
        }
    }
}
