//! `Engine::campaign_row` carries the contact plan: computed from the same member as the
//! rest of the row, it equals what `Engine::contact_plan` returns, for members that are
//! capped, in quiet hours, opted out or free to contact; and a program without a
//! `contact_policy` gives none.

use serde_json::{json, Value};
use tierwise::contact::PlanStatus;
use tierwise::engine::{read_options, Engine};
use tierwise::snapshot::Snapshot;

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");
const PERSONAS: &str = include_str!("../src/defaults/personas.json");

fn personas() -> Vec<Value> {
    let personas: Value = serde_json::from_str(PERSONAS).unwrap_or(Value::Null);
    personas["personas"].as_array().map(|list| list.iter().map(|p| p["snapshot"].clone()).collect()).unwrap_or_default()
}

/// Each persona as given, opted out of SMS, without marketing consent, and with two
/// marketing SMS this month (the SMS cap), preferring push.
fn variants() -> Vec<Value> {
    let mut out = Vec::new();
    for snapshot in personas() {
        out.push(snapshot.clone());
        let mut opted_out = snapshot.clone();
        opted_out["consent"] = json!({ "marketing": true, "sms": false, "push": true, "email": true, "phone": true });
        out.push(opted_out);
        let mut no_marketing = snapshot.clone();
        no_marketing["consent"] = json!({ "marketing": false, "sms": true, "push": true, "email": true, "phone": true });
        out.push(no_marketing);
        let mut capped = snapshot;
        capped["consent"] = json!({ "marketing": true, "sms": true, "push": true, "email": true, "phone": true });
        capped["preferred_channel"] = json!("push");
        capped["contact_history"] = json!([
            { "channel": "sms", "purpose": "marketing", "at": "2026-11-10T12:00:00+08:00" },
            { "channel": "sms", "purpose": "marketing", "at": "2026-11-20T12:00:00+08:00" }
        ]);
        out.push(capped);
    }
    out
}

#[test]
fn the_rows_contact_plan_equals_contact_plan() {
    let engine = Engine::compile_json(DEFAULT_PROGRAM);
    assert!(engine.is_ok(), "{engine:?}");
    let Ok(engine) = engine else { return };
    assert_eq!(engine.outbound_channels(), vec!["sms", "push", "email", "phone"]);
    let surfaces: Vec<String> = ["sms", "push"].iter().map(|s| s.to_string()).collect();
    let mut statuses = Vec::new();
    // During the day and in quiet hours (21:00–09:00).
    for now in ["2026-11-23T10:00:00+08:00", "2026-11-23T22:30:00+08:00"] {
        let options = read_options(&json!({ "now": now }).to_string());
        assert!(options.is_ok(), "{options:?}");
        let Ok(options) = options else { return };
        for (index, variant) in variants().iter().enumerate() {
            let snapshot = Snapshot::from_json(&variant.to_string());
            assert!(snapshot.is_ok(), "variant {index}: {snapshot:?}");
            let Ok(snapshot) = snapshot else { return };
            let row = engine.campaign_row(&snapshot, &options, &surfaces);
            let plan = engine.contact_plan(&snapshot, &options);
            assert!(row.is_ok() && plan.is_ok(), "variant {index} at {now}");
            let (Ok(row), Ok(plan)) = (row, plan) else { return };
            statuses.extend(plan.channels.iter().map(|channel| channel.status));
            assert_eq!(row.contact_plan, Some(plan), "variant {index} at {now}");
        }
    }
    for status in [PlanStatus::Send, PlanStatus::Wait, PlanStatus::Blocked, PlanStatus::Idle] {
        assert!(statuses.contains(&status), "no channel is {status:?}");
    }
}

#[test]
fn a_program_without_a_contact_policy_gives_no_plan() {
    let mut program: Value = serde_json::from_str(DEFAULT_PROGRAM).unwrap_or(Value::Null);
    if let Some(object) = program.as_object_mut() {
        object.remove("contact_policy");
    }
    let engine = Engine::compile_json(&program.to_string());
    assert!(engine.is_ok(), "{engine:?}");
    let Ok(engine) = engine else { return };
    assert!(engine.outbound_channels().is_empty());
    let options = read_options(r#"{"now": "2026-11-23T10:00:00+08:00"}"#);
    let snapshot = personas().first().map(|s| Snapshot::from_json(&s.to_string()));
    let (Ok(options), Some(Ok(snapshot))) = (options, snapshot) else { panic!("the persona and options read") };
    let row = engine.campaign_row(&snapshot, &options, &["sms".to_string()]);
    assert!(matches!(&row, Ok(row) if row.contact_plan.is_none()), "{row:?}");
}
