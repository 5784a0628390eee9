//! Native benchmarks of the engine, over the workload `bench/workload.mjs` writes.
//!
//! ```text
//! node bench/workload.mjs target/bench
//! cargo run --release --example bench_native -- target/bench > target/bench/native.json
//! ```
//!
//! Prints one JSON object: medians (µs) of `evaluate_json` by orders and by offers,
//! snapshots per second over a batch of 1,000 members on one core, and the BG/NBD +
//! Gamma-Gamma scoring of a CDNOW-shaped customer summary (`score_customers`, and the
//! one-customer functions called customer by customer). `--outputs DIR` also writes
//! each evaluated page so other runtimes can compare theirs byte for byte. It is a
//! measurement, not a test: nothing fails on a slow machine.
//!
//! `--profile evaluate ORDERS CALLS` (100 offers) or `--profile cdnow CALLS` runs only that
//! work, a fixed number of times and without timing, for `valgrind --tool=callgrind`.

use serde_json::{json, Value};
use std::hint::black_box;
use std::time::Instant;
use tierwise::engine::Engine;
use tierwise::scores::{expected_average_value, expected_purchases, probability_alive, score_customers, BgNbdParams, CustomerBase, CustomerSummary, GammaGammaParams};

/// Median and spread of `call` in microseconds: warm up, then `samples` batches sized to
/// last about `sample_ms` each.
fn measure(mut call: impl FnMut(), samples: usize, sample_ms: f64) -> Value {
    let warmup = Instant::now();
    let mut runs = 0u64;
    while warmup.elapsed().as_secs_f64() < 0.1 || runs < 3 {
        call();
        runs += 1;
    }
    let per_call = warmup.elapsed().as_secs_f64() * 1e3 / runs as f64;
    let batch = ((sample_ms / per_call).round() as usize).max(1);
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..batch {
                call();
            }
            start.elapsed().as_secs_f64() * 1e6 / batch as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    json!({"median": at(0.5), "p10": at(0.1), "p90": at(0.9), "samples": samples, "batch": batch})
}

fn read(dir: &str, name: &str) -> String {
    std::fs::read_to_string(format!("{dir}/{name}")).unwrap_or_else(|e| panic!("cannot read {dir}/{name}: {e} (run node bench/workload.mjs first)"))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args.first().map(String::as_str).unwrap_or("target/bench");
    let outputs = args.iter().position(|a| a == "--outputs").and_then(|i| args.get(i + 1)).cloned();
    let quick = args.iter().any(|a| a == "--quick");
    let samples = if quick { 7 } else { 21 };
    let options = read(dir, "options.json");
    if let Some(at) = args.iter().position(|a| a == "--profile") {
        profile(dir, &options, &args[at + 1..]);
        return;
    }

    let engines: Vec<(usize, Engine)> = [10, 100, 1000]
        .iter()
        .map(|&offers| {
            let program = read(dir, &format!("program-{offers}.json"));
            (offers, Engine::compile_json(&program).expect("the benchmark program compiles"))
        })
        .collect();
    let engine_100 = &engines[1].1;

    let mut by_orders = serde_json::Map::new();
    for orders in [10, 100, 1000, 10000] {
        let snapshot = read(dir, &format!("snapshot-{orders}.json"));
        let page = engine_100.evaluate_json(&snapshot, &options).expect("the benchmark snapshot evaluates");
        if let Some(out) = &outputs {
            std::fs::create_dir_all(out).ok();
            std::fs::write(format!("{out}/evaluate-100-{orders}.json"), &page).ok();
        }
        let timing = measure(|| drop(black_box(engine_100.evaluate_json(black_box(&snapshot), &options))), samples, 30.0);
        by_orders.insert(orders.to_string(), timing);
    }

    let snapshot_100 = read(dir, "snapshot-100.json");
    let mut by_offers = serde_json::Map::new();
    for (offers, engine) in &engines {
        let timing = measure(|| drop(black_box(engine.evaluate_json(black_box(&snapshot_100), &options))), samples, 30.0);
        by_offers.insert(offers.to_string(), timing);
    }

    // Batch: 1,000 different members, one after another, on one core.
    let batch: Vec<Value> = serde_json::from_str(&read(dir, "batch.json")).expect("batch.json is an array");
    let texts: Vec<String> = batch.iter().map(Value::to_string).collect();
    let rounds = if quick { 3 } else { 7 };
    let mut rates: Vec<f64> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for text in &texts {
                black_box(engine_100.evaluate_json(black_box(text), &options).ok());
            }
            texts.len() as f64 / start.elapsed().as_secs_f64()
        })
        .collect();
    rates.sort_by(f64::total_cmp);
    let batch_rate = rates[rates.len() / 2];

    // CDNOW-shaped summary: P(alive), E[purchases in the horizon], Gamma-Gamma value.
    let cdnow = Cdnow::read(dir);
    let customers = &cdnow.base.customers;
    let score_all = |out: &mut Vec<[f64; 3]>| cdnow.score_all(out);
    let mut scored = Vec::with_capacity(customers.len());
    score_all(&mut scored);
    if let Some(out) = &outputs {
        std::fs::write(format!("{out}/cdnow-native.json"), serde_json::to_string(&scored).unwrap_or_default()).ok();
    }
    let scoring = measure(|| score_all(black_box(&mut scored)), samples, 30.0);
    let mut one_by_one = Vec::with_capacity(customers.len());
    cdnow.score_one_by_one(&mut one_by_one);
    assert!(one_by_one.iter().flatten().map(|v| v.to_bits()).eq(scored.iter().flatten().map(|v| v.to_bits())), "the batch gives other bits");
    let scoring_one_by_one = measure(|| cdnow.score_one_by_one(black_box(&mut one_by_one)), samples, 30.0);

    let result = json!({
        "evaluate_by_orders": by_orders,
        "evaluate_by_offers": by_offers,
        "batch": {"members": texts.len(), "snapshots_per_second": batch_rate, "rounds": rounds},
        "cdnow": {"customers": customers.len(), "scoring": scoring, "scoring_one_by_one": scoring_one_by_one},
    });
    println!("{result}");
}

/// The CDNOW-shaped summary with the parameters it is scored with.
struct Cdnow {
    base: CustomerBase,
}

impl Cdnow {
    fn read(dir: &str) -> Cdnow {
        let cdnow: Value = serde_json::from_str(&read(dir, "cdnow.json")).expect("cdnow.json");
        let bgnbd: BgNbdParams = serde_json::from_value(cdnow["params"]["bgnbd"].clone()).expect("bgnbd params");
        let gamma_gamma: GammaGammaParams = serde_json::from_value(cdnow["params"]["gamma_gamma"].clone()).expect("gamma-gamma params");
        let horizon = cdnow["params"]["horizon_weeks"].as_f64().unwrap_or(39.0);
        let number = |row: &Value, key: &str| row[key].as_f64().unwrap_or(0.0);
        let customers: Vec<CustomerSummary> = cdnow["customers"]
            .as_array()
            .map(|rows| rows.iter().map(|c| CustomerSummary { x: number(c, "x"), t_x: number(c, "t_x"), t: number(c, "T"), mean_value: number(c, "monetary") }).collect())
            .unwrap_or_default();
        Cdnow { base: CustomerBase { bgnbd, gamma_gamma: Some(gamma_gamma), horizon, customers } }
    }

    /// P(alive), expected purchases over the horizon and Gamma-Gamma value of every
    /// customer, with the batch call.
    fn score_all(&self, out: &mut Vec<[f64; 3]>) {
        out.clear();
        let scores = score_customers(&self.base).unwrap_or_default();
        out.extend(scores.iter().map(|s| [s.p_alive, s.expected_purchases, s.expected_average_value.unwrap_or(f64::NAN)]));
    }

    /// The same with the three one-customer functions, customer by customer.
    fn score_one_by_one(&self, out: &mut Vec<[f64; 3]>) {
        out.clear();
        let CustomerBase { bgnbd, gamma_gamma, horizon, customers } = &self.base;
        let Some(gamma_gamma) = gamma_gamma else { return };
        for &CustomerSummary { x, t_x, t, mean_value } in customers {
            let alive = probability_alive(bgnbd, x, t_x, t).unwrap_or(f64::NAN);
            let purchases = expected_purchases(bgnbd, *horizon, x, t_x, t).unwrap_or(f64::NAN);
            let value = expected_average_value(gamma_gamma, x, mean_value).unwrap_or(f64::NAN);
            out.push([alive, purchases, value]);
        }
    }
}

/// `--profile evaluate ORDERS CALLS` or `--profile cdnow CALLS`: the work alone, untimed.
fn profile(dir: &str, options: &str, args: &[String]) {
    let number = |at: usize, default: usize| args.get(at).and_then(|a| a.parse().ok()).unwrap_or(default);
    match args.first().map(String::as_str) {
        Some("cdnow") => {
            let cdnow = Cdnow::read(dir);
            let mut scored = Vec::with_capacity(cdnow.base.customers.len());
            for _ in 0..number(1, 10) {
                cdnow.score_all(black_box(&mut scored));
            }
        }
        _ => {
            let engine = Engine::compile_json(&read(dir, "program-100.json")).expect("the benchmark program compiles");
            let snapshot = read(dir, &format!("snapshot-{}.json", number(1, 10)));
            for _ in 0..number(2, 100) {
                drop(black_box(engine.evaluate_json(black_box(&snapshot), options)));
            }
        }
    }
}
