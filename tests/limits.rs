//! Every documented limit (`src/limits.rs`, the README's limits table) is enforced with its
//! own error code and a JSON pointer to the offending input, and an input exactly at the
//! limit is still accepted. Inputs are built here rather than stored as vectors: most are
//! thousands of entries long, and the JSON-nesting ones cannot even be read by a JSON
//! parser that keeps serde_json's own depth limit.

use tierwise::error::Code;
use serde_json::{json, Value};
use tierwise::condition::{compile as compile_condition, eval_condition_json, explain_condition_json, ConditionList};
use tierwise::engine::{validate_program_json, Engine};
use tierwise::limits::*;
use tierwise::Error;

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");
const NOW: &str = r#"{"now":"2026-11-23T10:00:00+08:00"}"#;

fn default_engine() -> Engine {
    Engine::compile_json(DEFAULT_PROGRAM).expect("the default program compiles")
}

fn default_program() -> Value {
    serde_json::from_str(DEFAULT_PROGRAM).expect("the default program is JSON")
}

fn snapshot(extra: Value) -> Value {
    let mut base = json!({ "member_id": "m1", "joined_at": "2025-01-01" });
    if let (Some(base), Some(extra)) = (base.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    base
}

fn order(index: usize) -> Value {
    json!({ "id": format!("o{index}"), "placed_at": "2026-03-01T10:00:00+08:00", "lines": [{ "category": "tea", "unit_price": 100, "quantity": 1 }] })
}

fn lines(count: usize) -> Value {
    Value::Array((0..count).map(|_| json!({ "category": "tea", "unit_price": 100, "quantity": 1 })).collect())
}

/// The first issue's code and path of a rejected call.
fn rejected(outcome: Result<String, Error>) -> (String, String) {
    match outcome {
        Ok(text) => panic!("accepted: {}", &text[..text.len().min(300)]),
        Err(error) => (error.code().to_string(), error.path().to_string()),
    }
}

fn rejected_program(program: &Value) -> Vec<(String, String)> {
    match Engine::compile(program) {
        Ok(_) => panic!("the program compiled"),
        Err(error) => error.into_issues().into_iter().map(|issue| (issue.code.as_str().to_string(), issue.path)).collect(),
    }
}

fn pair(code: &str, path: &str) -> (String, String) {
    (code.to_string(), path.to_string())
}

/// `depth` nested arrays around `inner`.
fn nested(depth: usize, inner: &str) -> String {
    format!("{}{inner}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn orders_in_a_snapshot() {
    let engine = default_engine();
    let at_limit = snapshot(json!({ "orders": (0..MAX_ORDERS).map(order).collect::<Vec<_>>() }));
    let facts: Value = serde_json::from_str(&engine.facts_json(&at_limit.to_string(), NOW).expect("10000 orders are accepted")).unwrap();
    assert_eq!(facts["orders_365d"], json!(MAX_ORDERS));
    let over = snapshot(json!({ "orders": (0..=MAX_ORDERS).map(order).collect::<Vec<_>>() }));
    assert_eq!(rejected(engine.facts_json(&over.to_string(), NOW)), pair("too_many_orders", "/orders"));
}

#[test]
fn lines_in_a_cart_and_in_an_order() {
    let engine = default_engine();
    let member = snapshot(json!({})).to_string();
    let at_limit = json!({ "lines": lines(MAX_LINES) }).to_string();
    let preview: Value = serde_json::from_str(&engine.preview_points_json(&member, &at_limit, NOW).expect("1000 lines are accepted")).unwrap();
    assert_eq!(preview["eligible"], json!(100 * MAX_LINES));
    let over = json!({ "lines": lines(MAX_LINES + 1) }).to_string();
    assert_eq!(rejected(engine.preview_points_json(&member, &over, NOW)), pair("too_many_lines", "/cart/lines"));
    let options = json!({ "now": "2026-11-23T10:00:00+08:00", "cart": { "lines": lines(MAX_LINES + 1) } }).to_string();
    assert_eq!(rejected(engine.evaluate_json(&member, &options)), pair("too_many_lines", "/options/cart/lines"));
    let big_order = snapshot(json!({ "orders": [{ "id": "o", "placed_at": "2026-03-01T10:00:00+08:00", "lines": lines(MAX_LINES + 1) }] }));
    assert_eq!(rejected(engine.facts_json(&big_order.to_string(), NOW)), pair("too_many_lines", "/orders/0/lines"));
}

#[test]
fn entries_in_lots_ledger_events_and_offer_history() {
    let engine = default_engine();
    let event = json!({ "kind": "check_in", "at": "2026-11-01T10:00:00+08:00" });
    let at_limit = snapshot(json!({ "events": vec![event.clone(); MAX_ENTRIES] }));
    assert!(engine.facts_json(&at_limit.to_string(), NOW).is_ok(), "50000 events are accepted");
    let over = snapshot(json!({ "events": vec![event; MAX_ENTRIES + 1] }));
    assert_eq!(rejected(engine.facts_json(&over.to_string(), NOW)), pair("too_many_entries", "/events"));
    let history = json!({ "offer_id": "x", "kind": "impression", "at": "2026-11-01T10:00:00+08:00" });
    let over = snapshot(json!({ "offer_history": vec![history; MAX_ENTRIES + 1] }));
    assert_eq!(rejected(engine.next_best_offers_json(&over.to_string(), NOW)), pair("too_many_entries", "/offer_history"));
    let lot = json!({ "earned_at": "2026-11-01", "points": 1, "remaining": 1 });
    let over = snapshot(json!({ "points": { "lots": vec![lot; MAX_ENTRIES + 1] } }));
    assert_eq!(rejected(engine.tier_progress_json(&over.to_string(), NOW)), pair("too_many_entries", "/points/lots"));
}

#[test]
fn offers_in_a_program() {
    let mut program = default_program();
    let offer = program["offers"][0].clone();
    let offers = |count: usize| Value::Array((0..count).map(|index| {
        let mut offer = offer.clone();
        offer["id"] = json!(format!("offer_{index}"));
        offer.as_object_mut().map(|map| map.remove("group"));
        offer
    }).collect());
    program["offers"] = offers(MAX_OFFERS);
    assert!(Engine::compile(&program).is_ok(), "1000 offers are accepted");
    program["offers"] = offers(MAX_OFFERS + 1);
    assert_eq!(rejected_program(&program), [pair("too_many_offers", "/offers")]);
}

#[test]
fn surfaces_and_experiments_in_a_program() {
    let mut program = default_program();
    let surface = program["surfaces"][0].clone();
    program["surfaces"] = Value::Array((0..=tierwise::offers::MAX_SURFACES).map(|index| {
        let mut surface = surface.clone();
        surface["id"] = json!(format!("surface_{index}"));
        surface
    }).collect());
    assert!(rejected_program(&program).contains(&pair("too_many_surfaces", "/surfaces")));
    let mut program = default_program();
    let experiment = program["experiments"][0].clone();
    program["experiments"] = Value::Array((0..=tierwise::offers::MAX_EXPERIMENTS).map(|index| {
        let mut experiment = experiment.clone();
        experiment["key"] = json!(format!("experiment_{index}"));
        experiment
    }).collect());
    assert!(rejected_program(&program).contains(&pair("too_many_experiments", "/experiments")));
}

#[test]
fn bonus_rules_activities_and_rewards_in_a_program() {
    let mut program = default_program();
    let bonus = program["points"]["bonuses"][1].clone();
    program["points"]["bonuses"] = Value::Array((0..=MAX_POINTS_RULES).map(|index| {
        let mut bonus = bonus.clone();
        bonus["id"] = json!(format!("bonus_{index}"));
        bonus
    }).collect());
    assert_eq!(rejected_program(&program), [pair("too_many_rules", "/points/bonuses")]);

    let mut program = default_program();
    let activity = program["points"]["activities"][1].clone();
    program["points"]["activities"] = Value::Array((0..=MAX_POINTS_RULES).map(|index| {
        let mut activity = activity.clone();
        activity["id"] = json!(format!("activity_{index}"));
        activity
    }).collect());
    assert_eq!(rejected_program(&program), [pair("too_many_rules", "/points/activities")]);

    let mut program = default_program();
    let reward = program["points"]["rewards"][0].clone();
    program["points"]["rewards"] = Value::Array((0..=MAX_REWARDS).map(|index| {
        let mut reward = reward.clone();
        reward["id"] = json!(format!("reward_{index}"));
        reward
    }).collect());
    assert_eq!(rejected_program(&program), [pair("too_many_rewards", "/points/rewards")]);
}

#[test]
fn tiers_in_a_program() {
    let mut program = default_program();
    let level = program["tiers"]["levels"][0].clone();
    program["tiers"]["levels"] = Value::Array((0..=MAX_TIERS).map(|index| {
        let mut level = level.clone();
        level["id"] = json!(format!("level_{index}"));
        level
    }).collect());
    let issues = rejected_program(&program);
    assert!(issues.contains(&pair("too_many_tiers", "/tiers/levels")), "{issues:?}");
}

#[test]
fn a_tier_whose_validity_ended_too_long_ago() {
    let program = json!({
        "id": "quarterly", "currency": "CNY", "utc_offset": "+08:00",
        "tiers": {
            "window": { "kind": "calendar_quarter" }, "validity": { "kind": "end_of_following_calendar_quarter" },
            "levels": [
                { "id": "member", "name": { "en": "Member" } },
                { "id": "silver", "name": { "en": "Silver" }, "qualify": { "orders": 1 } }
            ]
        }
    });
    let engine = Engine::compile(&program).expect("the quarterly program compiles");
    // One re-evaluation a quarter, each keeping silver thanks to an order in every quarter:
    // 1000 of them reach back 250 years.
    let member_since = |year: i32| {
        let orders: Vec<Value> = (year..=2026)
            .flat_map(|year| [2, 5, 8, 11].map(|month| json!({ "id": format!("o{year}-{month}"), "placed_at": format!("{year}-{month:02}-15T10:00:00+08:00"), "lines": [{ "unit_price": 100, "quantity": 1 }] })))
            .collect();
        snapshot(json!({ "joined_at": format!("{year}-01-01"), "tier": { "id": "silver", "since": format!("{year}-01-01"), "valid_until": format!("{year}-03-31") }, "orders": orders }))
    };
    let progress: Value = serde_json::from_str(&engine.tier_progress_json(&member_since(1900).to_string(), NOW).expect("507 re-evaluations are applied")).unwrap();
    assert_eq!((&progress["current"]["id"], &progress["current"]["valid_until"]), (&json!("silver"), &json!("2027-03-31")), "{progress}");
    let stale = member_since(1700);
    assert_eq!(rejected(engine.tier_progress_json(&stale.to_string(), NOW)), pair("tier_too_stale", "/tier/valid_until"));
}

#[test]
fn identifier_and_text_lengths() {
    let engine = default_engine();
    let id_at_limit = "i".repeat(MAX_ID_CHARS);
    assert!(engine.facts_json(&json!({ "member_id": id_at_limit, "joined_at": "2025-01-01" }).to_string(), NOW).is_ok());
    // Characters, not bytes: 128 CJK characters are 384 bytes and still fine.
    assert!(engine.facts_json(&json!({ "member_id": "张".repeat(MAX_ID_CHARS), "joined_at": "2025-01-01" }).to_string(), NOW).is_ok());
    let long_id = json!({ "member_id": "i".repeat(MAX_ID_CHARS + 1), "joined_at": "2025-01-01" });
    assert_eq!(rejected(engine.facts_json(&long_id.to_string(), NOW)), pair("string_too_long", "/member_id"));
    let long_category = json!({ "lines": [{ "category": "c".repeat(MAX_ID_CHARS + 1), "unit_price": 1, "quantity": 1 }] });
    assert_eq!(rejected(engine.preview_points_json(&snapshot(json!({})).to_string(), &long_category.to_string(), NOW)), pair("string_too_long", "/cart/lines/0/category"));

    let mut program = default_program();
    program["offers"][0]["title"]["en"] = json!("t".repeat(MAX_TEXT_CHARS));
    assert!(Engine::compile(&program).is_ok(), "a 10000-character title is accepted");
    program["offers"][0]["title"]["en"] = json!("t".repeat(MAX_TEXT_CHARS + 1));
    assert_eq!(rejected_program(&program), [pair("string_too_long", "/offers/0/title/en")]);
    let mut program = default_program();
    program["name"]["en"] = json!("<".repeat(1 << 20));
    assert_eq!(rejected_program(&program), [pair("string_too_long", "/name/en")]);
}

#[test]
fn quantity_of_a_line() {
    let engine = default_engine();
    let member = snapshot(json!({})).to_string();
    let at_limit = json!({ "lines": [{ "unit_price": 1, "quantity": MAX_QUANTITY }] }).to_string();
    assert!(engine.preview_points_json(&member, &at_limit, NOW).is_ok());
    let over = json!({ "lines": [{ "unit_price": 1, "quantity": MAX_QUANTITY + 1 }] }).to_string();
    assert_eq!(rejected(engine.preview_points_json(&member, &over, NOW)), pair("quantity_out_of_range", "/cart/lines/0/quantity"));
}

#[test]
fn condition_depth_and_size() {
    assert_eq!(tierwise::condition::MAX_DEPTH, MAX_CONDITION_DEPTH, "the condition compiler enforces the documented depth");
    assert_eq!(tierwise::condition::MAX_NODES, MAX_CONDITION_NODES, "the condition compiler enforces the documented size");
    let deep = |levels: usize| (0..levels).fold(json!({ "tier": "gold" }), |inner, _| json!({ "$not": inner }));
    assert!(compile_condition(&deep(MAX_CONDITION_DEPTH - 1), "").is_ok(), "a condition at the depth limit compiles");
    let issues = compile_condition(&deep(MAX_CONDITION_DEPTH), "/offers/0/eligibility").expect_err("one level too deep");
    assert_eq!(issues[0].code, "condition_too_deep");
    assert!(issues[0].path.starts_with("/offers/0/eligibility/$not"), "{}", issues[0].path);

    let wide = |count: usize| json!({ "$or": (0..count).map(|index| json!({ format!("f{index}"): index })).collect::<Vec<_>>() });
    assert!(compile_condition(&wide(MAX_CONDITION_NODES / 4), "").is_ok());
    let issues = compile_condition(&wide(MAX_CONDITION_NODES), "/segments/0/condition").expect_err("too many nodes");
    assert_eq!((issues[0].code.as_str(), issues[0].path.as_str()), ("condition_too_large", "/segments/0/condition"));

    // The same limits inside a program, with the condition's place in the program.
    let mut program = default_program();
    program["offers"][0]["eligibility"] = deep(MAX_CONDITION_DEPTH + 1);
    let issues = rejected_program(&program);
    assert_eq!(issues[0].0, "condition_too_deep", "{issues:?}");
    assert!(issues[0].1.starts_with("/offers/0/eligibility"), "{issues:?}");
}

#[test]
fn regular_expressions_in_conditions() {
    let issues = compile_condition(&json!({ "member_id": { "$regex": "a".repeat(10_000) } }), "/c").expect_err("a huge pattern");
    assert_eq!((issues[0].code.as_str(), issues[0].path.as_str()), ("regex_too_long", "/c/member_id/$regex"));
}

#[test]
fn json_nesting_of_every_input() {
    let engine = default_engine();
    let deep_attributes = format!(r#"{{"member_id":"m","joined_at":"2025-01-01","attributes":{{"x":{}}}}}"#, nested(MAX_JSON_DEPTH, "1"));
    assert_eq!(rejected(engine.facts_json(&deep_attributes, NOW)).0, "json_too_deep");
    let shallow_attributes = format!(r#"{{"member_id":"m","joined_at":"2025-01-01","attributes":{{"x":{}}}}}"#, nested(MAX_JSON_DEPTH - 3, "1"));
    assert!(engine.facts_json(&shallow_attributes, NOW).is_ok(), "nesting within the limit is read");
    // Carts and options have no free-form JSON: a nested array where a field is expected is
    // a type error before any depth is reached, so only snapshots, programs and condition
    // inputs can nest arbitrarily.
    let deep_program = format!(r#"{{"id":"p","currency":"CNY","utc_offset":"+08:00","name":{}}}"#, nested(MAX_JSON_DEPTH + 1, ""));
    let error = Engine::compile_json(&deep_program).expect_err("a too deep program is rejected");
    assert_eq!((error.code(), error.path()), (Code::JsonTooDeep, ""));
    assert_eq!(validate_program_json(&deep_program)[0].code, "json_too_deep");
    // Conditions, facts and saved groups given as text: the same code, at their own place.
    let deep = nested(MAX_JSON_DEPTH + 1, "");
    let error = eval_condition_json(&format!(r#"{{"tier":{deep}}}"#), "{}", "").expect_err("a too deep condition");
    assert_eq!((error.code(), error.path()), (Code::JsonTooDeep, "/condition"));
    let error = explain_condition_json("{}", &format!(r#"{{"tier":{deep}}}"#), "").expect_err("too deep facts");
    assert_eq!((error.code(), error.path()), (Code::JsonTooDeep, "/facts"));
    let error = eval_condition_json("{}", "{}", &format!(r#"{{"g":{deep}}}"#)).expect_err("too deep saved groups");
    assert_eq!((error.code(), error.path()), (Code::JsonTooDeep, "/saved_groups"));
}

#[test]
fn bytes_of_an_input() {
    let engine = default_engine();
    let padding = " ".repeat(MAX_INPUT_BYTES);
    let big = format!(r#"{{"member_id":"m","joined_at":"2025-01-01"}}{padding}"#);
    assert_eq!(rejected(engine.facts_json(&big, NOW)), pair("input_too_large", ""));
    assert_eq!(rejected(engine.preview_points_json(&snapshot(json!({})).to_string(), &big, NOW)), pair("input_too_large", "/cart"));
    assert_eq!(rejected(engine.evaluate_json(&snapshot(json!({})).to_string(), &format!("{NOW}{padding}"))), pair("input_too_large", "/options"));
    let error = Engine::compile_json(&format!("{DEFAULT_PROGRAM}{padding}")).expect_err("a too large program is rejected");
    assert_eq!((error.code(), error.path()), (Code::InputTooLarge, ""));
    let error = eval_condition_json(&format!("{{}}{padding}"), "{}", "").expect_err("a too large condition");
    assert_eq!((error.code(), error.path()), (Code::InputTooLarge, "/condition"));
    // Lists of conditions: the list, its saved groups and the facts it is evaluated over.
    let error = ConditionList::compile_json(&format!("[]{padding}"), &format!("{{}}{padding}")).expect_err("a too large list");
    assert_eq!(error.issues().iter().map(|issue| (issue.code.as_str(), issue.path.as_str())).collect::<Vec<_>>(), [("input_too_large", "/conditions"), ("input_too_large", "/saved_groups")]);
    let error = engine.compile_conditions_json(&format!("[]{padding}")).expect_err("a too large list for the program");
    assert_eq!((error.code(), error.path()), (Code::InputTooLarge, "/conditions"));
    let list = ConditionList::compile_json(r#"[{"a":1}]"#, "").expect("a small list compiles");
    let error = list.eval_json(&format!("{{}}{padding}")).expect_err("too large facts");
    assert_eq!((error.code(), error.path()), (Code::InputTooLarge, "/facts"));
    assert_eq!(list.eval_json(r#"{"a":1}"#).ok(), Some(vec![1]));
    // Just under the limit, the same text is read.
    let fits = format!(r#"{{"member_id":"m","joined_at":"2025-01-01"}}{}"#, " ".repeat(MAX_INPUT_BYTES - 60));
    assert!(engine.facts_json(&fits, NOW).is_ok());
}

#[test]
fn attributes_a_program_declares() {
    let declared = |count: usize| -> Value {
        let attributes: serde_json::Map<String, Value> = (0..count).map(|index| (format!("a{index}"), json!({ "type": "string" }))).collect();
        json!({ "id": "p", "currency": "CNY", "utc_offset": "+08:00", "attributes": attributes })
    };
    assert!(Engine::compile(&declared(MAX_ATTRIBUTES)).is_ok());
    assert_eq!(rejected_program(&declared(MAX_ATTRIBUTES + 1)), vec![pair("invalid_length", "/attributes")]);
}
