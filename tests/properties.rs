//! Properties that must hold for every input, checked over generated members, carts and
//! moments with proptest (native only), on the default program:
//!
//! - determinism: the same program, snapshot and options give the same bytes, also from a
//!   second engine compiled from the same program;
//! - more eligible spend never earns fewer points, and the total is the sum of the lines;
//! - every ratio and progress of tier progress lies in 0..=1;
//! - the offers shown, their order and every suppression reason do not depend on the
//!   order of the offer catalog (ties break on offer id, as documented);
//! - no entry point panics on random JSON-ish input, and whatever it rejects it rejects
//!   with issues that carry a code and a JSON-pointer path.
//! - the next lifecycle stage comes on the day it says, the value score stays in 0–100.
//!
//! `tests/points_properties.rs` holds the finer points properties (caps, coupons, rounding).

use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Map, Value};
use std::sync::OnceLock;
use tierwise::condition::{eval_condition_json, explain_condition_json};
use tierwise::engine::{validate_program_json, Engine};

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::compile_json(DEFAULT_PROGRAM).expect("the default program compiles"))
}

fn config(cases: u32) -> Config {
    Config { cases, failure_persistence: None, ..Config::default() }
}

fn date(day_of_2025_2026: u32) -> String {
    // Day 0 is 2025-01-01; months of 28 days keep every generated date valid.
    let year = 2025 + day_of_2025_2026 / 336;
    let month = day_of_2025_2026 % 336 / 28 + 1;
    let day = day_of_2025_2026 % 28 + 1;
    format!("{year}-{month:02}-{day:02}")
}

fn arb_line() -> impl Strategy<Value = Value> {
    (prop::sample::select(vec!["tea", "teaware", "gift_card", "snacks"]), 0i64..60_000, 0i64..4, 0i64..3000).prop_map(|(category, unit_price, quantity, discount)| {
        json!({ "category": category, "unit_price": unit_price, "quantity": quantity, "discount": discount.min(unit_price * quantity) })
    })
}

fn arb_order() -> impl Strategy<Value = Value> {
    (0u32..672, 0u32..24, prop::collection::vec(arb_line(), 0..4), prop::sample::select(vec!["completed", "cancelled", "refunded"]), 0i64..2000).prop_map(
        |(day, hour, lines, status, shipping)| json!({ "id": format!("o{day}-{hour}"), "placed_at": format!("{}T{hour:02}:30:00+08:00", date(day)), "status": status, "lines": lines, "shipping": shipping }),
    )
}

fn arb_snapshot() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["member", "silver", "gold", "diamond"]),
        0u32..600,
        prop::collection::vec(arb_order(), 0..12),
        prop::option::of((1u32..13, 1u32..29)),
        any::<bool>(),
        prop::sample::select(vec!["m1", "张三", "vip-7"]),
    )
        .prop_map(|(tier, joined, mut orders, birthday, consent, member_id)| {
            // Order ids are unique in a snapshot (a repeat is `duplicate_id`); two orders
            // drawn for the same day and hour stay two orders.
            for (index, order) in orders.iter_mut().enumerate() {
                let id = format!("{}-{index}", order["id"].as_str().unwrap_or("o"));
                order["id"] = json!(id);
            }
            let mut snapshot = json!({
                "member_id": member_id, "joined_at": date(joined), "orders": orders,
                "tier": { "id": tier, "since": date(joined), "valid_until": "2026-12-31" },
                "consent": { "marketing": consent, "sms": consent },
            });
            if let Some((month, day)) = birthday {
                snapshot["birthday"] = json!(format!("--{month:02}-{day:02}"));
            }
            snapshot
        })
}

fn arb_now() -> impl Strategy<Value = String> {
    (560u32..672, 0u32..24).prop_map(|(day, hour)| format!("{}T{hour:02}:00:00+08:00", date(day)))
}

fn arb_cart() -> impl Strategy<Value = Value> {
    (prop::collection::vec(arb_line(), 0..6), 0i64..3000).prop_map(|(lines, shipping)| json!({ "lines": lines, "shipping": shipping }))
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("results are JSON")
}

/// Every number under a key named `ratio` or `progress`, wherever it sits.
fn ratios(value: &Value, out: &mut Vec<(String, f64)>, at: &str) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let here = format!("{at}/{key}");
                if key == "ratio" || key == "progress" {
                    if let Some(number) = inner.as_f64() {
                        out.push((here.clone(), number));
                    }
                }
                ratios(inner, out, &here);
            }
        }
        Value::Array(items) => items.iter().enumerate().for_each(|(index, item)| ratios(item, out, &format!("{at}/{index}"))),
        _ => {}
    }
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn the_same_inputs_give_the_same_bytes(snapshot in arb_snapshot(), cart in arb_cart(), now in arb_now(), surface in prop::sample::select(vec!["member_page", "cart", "refund_confirmation"])) {
        let options = json!({ "now": now, "cart": cart, "surface": surface, "limit": 3 }).to_string();
        let snapshot = snapshot.to_string();
        let first = engine().evaluate_json(&snapshot, &options);
        let second = engine().evaluate_json(&snapshot, &options);
        let fresh = Engine::compile_json(DEFAULT_PROGRAM).expect("compiles").evaluate_json(&snapshot, &options);
        prop_assert!(first.is_ok(), "{:?}", first);
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(&first, &fresh);
    }

    #[test]
    fn more_eligible_spend_never_earns_fewer_points(snapshot in arb_snapshot(), cart in arb_cart(), now in arb_now(), extra in arb_line()) {
        let options = json!({ "now": now }).to_string();
        let snapshot = snapshot.to_string();
        let before = parse(&engine().preview_points_json(&snapshot, &cart.to_string(), &options).expect("previews"));
        let mut bigger = cart.clone();
        bigger["lines"].as_array_mut().expect("lines").push(extra);
        let after = parse(&engine().preview_points_json(&snapshot, &bigger.to_string(), &options).expect("previews"));
        prop_assert!(after["eligible"].as_i64() >= before["eligible"].as_i64());
        prop_assert!(after["total"].as_i64() >= before["total"].as_i64(), "{} points before, {} after adding a line", before["total"], after["total"]);
        let mut more_units = cart;
        if let Some(line) = more_units["lines"].as_array_mut().and_then(|lines| lines.first_mut()) {
            line["quantity"] = json!(line["quantity"].as_i64().unwrap_or(0) + 1);
            let again = parse(&engine().preview_points_json(&snapshot, &more_units.to_string(), &options).expect("previews"));
            prop_assert!(again["total"].as_i64() >= before["total"].as_i64(), "one more unit lowered the points");
        }
    }

    #[test]
    fn the_total_is_the_sum_of_the_lines(snapshot in arb_snapshot(), cart in arb_cart(), now in arb_now()) {
        let preview = parse(&engine().preview_points_json(&snapshot.to_string(), &cart.to_string(), &json!({ "now": now }).to_string()).expect("previews"));
        let contributions: i64 = preview["contributions"].as_array().expect("contributions").iter().map(|c| c["awarded"].as_i64().expect("awarded")).sum();
        prop_assert_eq!(preview["total"].as_i64(), Some(contributions));
        let eligible: i64 = preview["lines"].as_array().expect("lines").iter().map(|l| l["eligible"].as_i64().expect("eligible")).sum();
        prop_assert_eq!(preview["eligible"].as_i64(), Some(eligible));
        if cart["lines"].as_array().is_some_and(Vec::is_empty) {
            prop_assert_eq!(preview["total"].as_i64(), Some(0));
        }
    }

    #[test]
    fn tier_ratios_lie_between_zero_and_one(snapshot in arb_snapshot(), now in arb_now(), cart in arb_cart()) {
        let options = json!({ "now": now }).to_string();
        let progress = parse(&engine().tier_progress_json(&snapshot.to_string(), &options).expect("tier progress"));
        let after = parse(&engine().tier_progress_after_cart_json(&snapshot.to_string(), &cart.to_string(), &options).expect("after cart"));
        let mut found = Vec::new();
        ratios(&progress, &mut found, "");
        ratios(&after, &mut found, "/after");
        for (at, ratio) in &found {
            prop_assert!((0.0..=1.0).contains(ratio), "{} = {}", at, ratio);
        }
        if !progress["next"].is_null() {
            prop_assert!(!found.is_empty(), "a next tier without ratios: {}", progress);
        }
    }

    #[test]
    fn offers_do_not_depend_on_the_catalog_order(snapshot in arb_snapshot(), now in arb_now(), seed in any::<u64>(), surface in prop::sample::select(vec!["member_page", "cart", "refund_confirmation"]), limit in 1u32..6) {
        let mut program: Value = serde_json::from_str(DEFAULT_PROGRAM).expect("JSON");
        let offers = program["offers"].as_array_mut().expect("offers");
        // A seeded Fisher-Yates shuffle; reversing is tried too.
        let mut state = seed | 1;
        for index in (1..offers.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            offers.swap(index, (state % (index as u64 + 1)) as usize);
        }
        let shuffled = Engine::compile(&program).expect("the shuffled program compiles");
        // In full, so that every detail of every suppressed offer is compared.
        let options = json!({ "now": now, "surface": surface, "limit": limit, "explain": "full" }).to_string();
        let snapshot = snapshot.to_string();
        let original = parse(&engine().next_best_offers_json(&snapshot, &options).expect("offers"));
        let reordered = parse(&shuffled.next_best_offers_json(&snapshot, &options).expect("offers"));
        prop_assert_eq!(&original["offers"], &reordered["offers"]);
        let by_id = |result: &Value| {
            let mut list = result["suppressed"].as_array().cloned().unwrap_or_default();
            list.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
            list
        };
        prop_assert_eq!(by_id(&original), by_id(&reordered));
        prop_assert_eq!(&original["experiments"], &reordered["experiments"]);
    }
}

/// JSON-ish values: valid JSON built from the inputs' own vocabulary, with edge numbers.
fn arb_jsonish() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "id", "member_id", "joined_at", "now", "orders", "lines", "unit_price", "quantity", "tier", "tiers", "levels", "points", "offers", "currency",
        "utc_offset", "placed_at", "cart", "surface", "limit", "$and", "$or", "$not", "$gt", "$in", "$regex", "$elemMatch", "birthday", "attributes",
        "events", "lots", "rate", "bonuses", "window", "kind", "validity",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop::sample::select(vec![0i64, -1, 1, 9_007_199_254_740_991, 9_007_199_254_740_992, i64::MIN, i64::MAX]).prop_map(|n| json!(n)),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec!["", "CNY", "+08:00", "2026-11-23T10:00:00+08:00", "2026-02-30", "silver", "<img src=x onerror=alert(1)>", "\u{202e}evil", "calendar_year", "member_page"])
            .prop_map(|s| Value::String(s.to_string())),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|pairs| Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<_, _>>())),
        ]
    })
}

fn check_outcome(outcome: Result<String, tierwise::Error>) -> Result<(), TestCaseError> {
    match outcome {
        Ok(text) => {
            prop_assert!(serde_json::from_str::<Value>(&text).is_ok(), "not JSON: {}", text);
        }
        Err(error) => {
            prop_assert!(!error.issues().is_empty());
            for issue in &error.into_issues() {
                prop_assert!(!issue.code.as_str().is_empty() && issue.code.as_str().chars().all(|c| c.is_ascii_lowercase() || c == '_'), "code {:?}", issue.code);
                prop_assert!(issue.path.is_empty() || issue.path.starts_with('/'), "path {:?}", issue.path);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn no_entry_point_panics_on_jsonish_input(a in arb_jsonish(), b in arb_jsonish(), c in arb_jsonish(), text in "\\PC{0,40}") {
        let engine = engine();
        for input in [a.to_string(), text.clone(), a.to_string().chars().rev().collect::<String>()] {
            check_outcome(Engine::compile_json(&input).map(|_| String::from("{}")))?;
            let _ = validate_program_json(&input);
            let (b, c) = (b.to_string(), c.to_string());
            check_outcome(engine.facts_json(&input, &b))?;
            check_outcome(engine.evaluate_json(&input, &b))?;
            check_outcome(engine.next_best_offers_json(&input, &b))?;
            check_outcome(engine.tier_progress_json(&input, &b))?;
            check_outcome(engine.preview_points_json(&input, &b, &c))?;
            check_outcome(engine.tier_progress_after_cart_json(&input, &b, &c))?;
            check_outcome(engine.rfm_breakpoints_json(&input, &b))?;
            check_outcome(eval_condition_json(&input, &b, &c).map(|held| held.to_string()))?;
            check_outcome(explain_condition_json(&b, &input, ""))?;
        }
        // Valid options with a JSON-ish snapshot reach further than both being random.
        let options = json!({ "now": "2026-11-23T10:00:00+08:00", "cart": b }).to_string();
        check_outcome(engine.evaluate_json(&a.to_string(), &options))?;
        let mut snapshot = json!({ "member_id": "m", "joined_at": "2026-01-01" });
        snapshot["attributes"] = json!({ "x": a });
        check_outcome(engine.evaluate_json(&snapshot.to_string(), &json!({ "now": "2026-11-23T10:00:00+08:00" }).to_string()))?;
    }
}

/// `YYYY-MM-DD` plus `days` (Howard Hinnant's civil-date algorithms).
fn add_days(date: &str, days: i64) -> String {
    let parts: Vec<i64> = date.split('-').map(|part| part.parse().expect("a date")).collect();
    let (y, m, d) = (parts[0] - i64::from(parts[1] <= 2), parts[1], parts[2]);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let serial = era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy + days;
    let era = serial.div_euclid(146_097);
    let doe = serial - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = mp + if mp < 10 { 3 } else { -9 };
    format!("{:04}-{month:02}-{day:02}", yoe + era * 400 + i64::from(month <= 2))
}

proptest! {
    #![proptest_config(config(48))]

    /// The next lifecycle stage is a prediction: with no order after `now`, the member is in
    /// it on `lifecycle_next_stage_on` and still in the current stage the day before. The
    /// value score stays within 0–100, and a decline starts with last month below the one
    /// before.
    #[test]
    fn the_next_stage_comes_on_the_day_it_says(snapshot in arb_snapshot(), now in arb_now()) {
        let mut snapshot = snapshot;
        if let Some(orders) = snapshot["orders"].as_array_mut() {
            orders.retain(|order| order["placed_at"].as_str().is_some_and(|at| at <= now.as_str()));
        }
        let text = snapshot.to_string();
        let facts_at = |instant: &str| parse(&engine().facts_json(&text, &json!({ "now": instant }).to_string()).expect("facts"));
        let facts = facts_at(&now);
        let score = facts["value_score"].as_i64().unwrap_or(-1);
        prop_assert!((0..=100).contains(&score), "value_score {}", score);
        let by_month: Vec<i64> = facts["orders_by_month"].as_array().map(|list| list.iter().filter_map(Value::as_i64).collect()).unwrap_or_default();
        prop_assert_eq!(by_month.len(), 12);
        if facts["declining_months"].as_i64().unwrap_or(0) > 0 {
            prop_assert!(by_month[0] < by_month[1], "{:?}", by_month);
        }
        if let (Some(next), Some(on), Some(in_days)) = (facts["lifecycle_next_stage"].as_str(), facts["lifecycle_next_stage_on"].as_str(), facts["lifecycle_next_stage_in_days"].as_i64()) {
            prop_assert!(in_days >= 1);
            prop_assert_eq!(add_days(&now[..10], in_days), on.to_string());
            let time = &now[10..];
            let then = facts_at(&format!("{on}{time}"));
            let day_before = facts_at(&format!("{}{time}", add_days(on, -1)));
            prop_assert_eq!(then["lifecycle_stage"].as_str(), Some(next));
            prop_assert_eq!(day_before["lifecycle_stage"].as_str(), facts["lifecycle_stage"].as_str());
        } else {
            prop_assert_eq!(facts["lifecycle_stage"].as_str(), Some("churned"), "only churned members stay for good");
        }
    }
}
