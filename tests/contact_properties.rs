//! Properties of the contact plan, checked over generated contact histories, consents,
//! preferred channels and moments with proptest (native only), on the default program:
//!
//! - the plan never sends marketing on a channel beyond any cap: the marketing contacts a
//!   cap counts in its window, plus the marketing sends the plan adds today, stay within
//!   its maximum;
//! - it never sends marketing during quiet hours (21:00–09:00 at +08:00), nor on a channel
//!   the member did not consent to;
//! - a channel that waits says when it may send again, and that moment is later than now
//!   and outside quiet hours;
//! - every outbound channel appears exactly once, the preferred one first.

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};
use std::sync::OnceLock;
use tierwise::engine::Engine;
use tierwise::time::{Date, Instant, UtcOffset};

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");
const PERSONAS: &str = include_str!("../src/defaults/personas.json");
const OUTBOUND: [&str; 4] = ["sms", "push", "email", "phone"];
/// The default program's caps: (channels counted, max, days).
const CAPS: [(&[&str], usize, i64); 3] = [(&["sms"], 2, 30), (&["sms", "push", "email", "phone"], 4, 30), (&["phone"], 1, 90)];

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::compile_json(DEFAULT_PROGRAM).expect("the default program compiles"))
}

fn offset() -> UtcOffset {
    UtcOffset::parse("+08:00").unwrap_or(UtcOffset::UTC)
}

fn persona(index: usize) -> Value {
    let personas: Value = serde_json::from_str(PERSONAS).unwrap_or(Value::Null);
    personas["personas"][index % 6]["snapshot"].clone()
}

/// Minutes since 2026-11-01T00:00+08:00 as an instant.
fn at(minutes: i64) -> String {
    let start = Instant::parse("2026-11-01T00:00:00+08:00").map(Instant::unix_seconds).unwrap_or(0);
    Instant::from_unix_seconds(start + minutes * 60, offset()).to_string()
}

fn quiet(instant: &str) -> bool {
    let hour: u32 = instant.get(11..13).and_then(|h| h.parse().ok()).unwrap_or(0);
    !(9..21).contains(&hour)
}

fn date_of(instant: &str) -> Date {
    Instant::parse(instant).map(|i| i.date_in(offset())).unwrap_or(Date::MIN)
}

fn arb_contact() -> impl Strategy<Value = Value> {
    // Mostly marketing by SMS and push, so that caps are often reached.
    (prop::sample::select(vec!["sms", "sms", "sms", "push", "push", "email", "phone"]), 0u32..4, 0i64..(40 * 1440), prop::option::of(prop::sample::select(vec!["opened", "clicked", "redeemed"])))
        .prop_map(|(channel, purpose, minutes, response)| json!({ "channel": channel, "purpose": if purpose > 0 { "marketing" } else { "service" }, "at": at(minutes), "response": response }))
}

fn arb_case() -> impl Strategy<Value = (Value, String)> {
    (
        // new, churn_risk and points_expiring have marketing or service offers for SMS.
        prop::sample::select(vec![0usize, 3, 4, 1, 2, 5]),
        prop::collection::vec(arb_contact(), 0..12),
        prop::collection::vec(0u32..4, 5),
        prop::option::of(prop::sample::select(OUTBOUND.to_vec())),
        20i64..45,
        // Three times in four in the day, when marketing may go out.
        prop_oneof![3 => (9 * 60i64)..(21 * 60), 1 => 0i64..1440],
    )
        .prop_map(|(index, history, consent, preferred, day, minute)| {
            let mut snapshot = persona(index);
            snapshot["contact_history"] = Value::Array(history);
            let given = |n: usize| consent.get(n).is_some_and(|value| *value > 0);
            snapshot["consent"] = json!({ "marketing": given(0), "sms": given(1), "push": given(2), "email": given(3), "phone": given(4) });
            snapshot["preferred_channel"] = preferred.map_or(Value::Null, |p| json!(p));
            (snapshot, at(day * 1440 + minute))
        })
}

proptest! {
    #![proptest_config(Config { cases: 256, failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_plan_keeps_every_cap_quiet_hours_and_consent((snapshot, now) in arb_case()) {
        let text = engine().contact_plan_json(&snapshot.to_string(), &json!({ "now": now }).to_string());
        prop_assert!(text.is_ok(), "{text:?}");
        let plan: Value = serde_json::from_str(&text.unwrap_or_default()).unwrap_or(Value::Null);
        let channels = plan["channels"].as_array().cloned().unwrap_or_default();
        let mut listed: Vec<&str> = channels.iter().filter_map(|c| c["channel"].as_str()).collect();
        if let Some(preferred) = snapshot["preferred_channel"].as_str() {
            prop_assert_eq!(listed.first().copied(), Some(preferred));
        }
        listed.sort_unstable();
        prop_assert_eq!(listed, vec!["email", "phone", "push", "sms"]);
        let sends: Vec<&str> = channels.iter().filter(|c| c["status"] == "send" && c["offer"]["purpose"] == "marketing").filter_map(|c| c["channel"].as_str()).collect();
        let today = date_of(&now);
        let now_instant = Instant::parse(&now).map_err(TestCaseError::fail)?;
        for (counted, max, days) in CAPS {
            let past = snapshot["contact_history"].as_array().map_or(0, |history| history.iter().filter(|c| {
                let at = c["at"].as_str().unwrap_or_default();
                c["purpose"] == "marketing" && counted.contains(&c["channel"].as_str().unwrap_or_default())
                    && Instant::parse(at).is_ok_and(|i| i <= now_instant) && (0..days).contains(&date_of(at).days_until(today))
            }).count());
            let planned = sends.iter().filter(|channel| counted.contains(channel)).count();
            if planned > 0 {
                prop_assert!(past + planned <= max, "cap {counted:?}: {past} contacts + {planned} planned > {max}");
            }
        }
        if !sends.is_empty() {
            prop_assert!(!quiet(&plan["now"].as_str().unwrap_or_default().to_string()), "marketing planned in quiet hours at {now}");
            prop_assert_eq!(&snapshot["consent"]["marketing"], &json!(true));
        }
        for channel in sends {
            let key = if channel == "phone" { "phone" } else { channel };
            prop_assert_eq!(&snapshot["consent"][key], &json!(true), "marketing on {} without its consent", channel);
        }
        for waiting in channels.iter().filter(|c| c["status"] == "wait") {
            let next = waiting["next_at"].as_str().unwrap_or_default();
            let next_instant = Instant::parse(next).map_err(TestCaseError::fail)?;
            prop_assert!(next_instant > now_instant, "{next} is not after {now}");
            prop_assert!(!quiet(next), "{next} is in quiet hours");
        }
    }
}
