//! Benchmark: next-best-offers over a catalog of 500 offers for one member.
//!
//! Run with `cargo run --release --example bench_offers`. It prints the median and the
//! 95th percentile of one `Engine::next_best_offers` call (facts included) and of the
//! JSON entry point (parsing the snapshot and serialising the result included), at the
//! default explain level and at `full`. It is a measurement, not a test: nothing fails on
//! a slow machine.

use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;
use tierwise::engine::{read_options, Engine};
use tierwise::snapshot::Snapshot;

const OFFERS: usize = 500;

fn catalog() -> Value {
    let kinds = ["coupon", "points_bonus", "gift", "content"];
    let facts = ["spend_90d", "spend_365d", "orders_365d", "days_since_join", "points_balance"];
    let offers: Vec<Value> = (0..OFFERS)
        .map(|i| {
            let service = i % 10 == 0;
            let fact = facts[i % facts.len()];
            let mut offer = json!({
                "id": format!("offer-{i:04}"),
                "title": {"zh-CN": format!("优惠 {i}"), "en": format!("Offer {i}")},
                "body": {"zh-CN": "说明", "en": "Details"},
                "kind": if service { "service_notice" } else { kinds[i % kinds.len()] },
                "purpose": if service { "service" } else { "marketing" },
                "channels": if i % 7 == 0 { json!(["phone"]) } else { json!(["web", "app"]) },
                "eligibility": {"$and": [
                    {fact: {"$gte": (i % 13) * 1000}},
                    {"$or": [{"tier": {"$in": ["silver", "gold"]}}, {"orders_365d": {"$gt": i % 4}}]}
                ]},
                "value": 1000 + (i * 37) % 9000,
                "cost": (i * 11) % 3000,
                "propensity": 500 + (i * 53) % 4000,
                "lever": 8000 + (i * 7) % 4000,
                "boosts": [
                    {"when": {"days_since_last_order": {"$lte": 30}}, "multiply_bp": 12000},
                    {"when": {"consent.sms": true}, "add_bp": 200}
                ],
                "frequency": {"max_impressions": 3, "per_days": 7, "cooldown_days": 14, "max_redemptions": 5}
            });
            if i % 5 == 0 {
                offer["group"] = json!(format!("group-{}", i % 50));
            }
            if i % 25 == 1 {
                offer["experiment"] = json!({"key": format!("exp-{}", i % 4), "arms": [if i % 2 == 0 { "a" } else { "b" }]});
            }
            offer
        })
        .collect();
    let experiments: Vec<Value> = (0..4)
        .map(|e| json!({"key": format!("exp-{e}"), "arms": [{"id": "hold", "weight": 1000, "holdout": true}, {"id": "a", "weight": 4500}, {"id": "b", "weight": 4500}]}))
        .collect();
    json!({"id": "bench", "currency": "CNY", "utc_offset": "+08:00", "offers": offers, "experiments": experiments})
}

fn member() -> Value {
    let orders: Vec<Value> = (0..40)
        .map(|i| json!({"id": format!("o{i}"), "placed_at": format!("2026-{:02}-{:02}T12:00:00+08:00", 1 + i % 11, 1 + i % 27), "lines": [{"category": "tea", "unit_price": 12000 + i * 100, "quantity": 1}]}))
        .collect();
    let history: Vec<Value> = (0..300)
        .map(|i| json!({"offer_id": format!("offer-{:04}", (i * 7) % OFFERS), "kind": if i % 9 == 0 { "redemption" } else { "impression" }, "at": format!("2026-11-{:02}T09:00:00+08:00", 1 + i % 22)}))
        .collect();
    json!({"member_id": "member-0042", "joined_at": "2024-03-01", "tier": {"id": "silver"},
           "consent": {"marketing": true, "sms": true}, "orders": orders, "offer_history": history})
}

fn measure(label: &str, runs: usize, mut call: impl FnMut()) {
    for _ in 0..runs / 10 {
        call();
    }
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            call();
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!("{label}: median {:.0} µs, p95 {:.0} µs over {runs} runs", at(0.5), at(0.95));
}

fn main() {
    let program = catalog().to_string();
    let started = Instant::now();
    let engine = Engine::compile_json(&program).expect("the benchmark program compiles");
    println!("compile {OFFERS} offers: {:.1} ms", started.elapsed().as_secs_f64() * 1e3);
    let snapshot_text = member().to_string();
    let options_text = r#"{"now":"2026-11-23T10:00:00+08:00","surface":"member_page","limit":3}"#;
    let snapshot = Snapshot::from_json(&snapshot_text).expect("valid snapshot");
    let options = read_options(options_text).expect("valid options");
    let result = engine.next_best_offers(&snapshot, &options).expect("known surface");
    let reasons = result.suppressed.codes().into_iter().fold(std::collections::BTreeMap::new(), |mut counts, (_, code)| {
        let reason = serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
        *counts.entry(reason).or_insert(0) += 1;
        counts
    });
    println!("returned {:?}; suppressed {reasons:?}", result.offers.iter().map(|o| o.id.as_str()).collect::<Vec<_>>());
    measure("next_best_offers (500 offers, one member)", 2000, || {
        black_box(engine.next_best_offers(black_box(&snapshot), black_box(&options)).ok());
    });
    measure("next_best_offers_json (parse + choose + serialise)", 500, || {
        black_box(engine.next_best_offers_json(black_box(&snapshot_text), black_box(options_text)).ok());
    });
    let full_text = r#"{"now":"2026-11-23T10:00:00+08:00","surface":"member_page","limit":3,"explain":"full"}"#;
    let full = read_options(full_text).expect("valid options");
    measure("next_best_offers, explain full", 2000, || {
        black_box(engine.next_best_offers(black_box(&snapshot), black_box(&full)).ok());
    });
    measure("next_best_offers_json, explain full", 500, || {
        black_box(engine.next_best_offers_json(black_box(&snapshot_text), black_box(full_text)).ok());
    });
}
