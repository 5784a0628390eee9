//! The BG/NBD and Gamma-Gamma fits on the CDNOW summary that the `lifetimes` package ships
//! (tests/fixtures/cdnow_customers_summary_with_transactions.csv, provenance in
//! tests/fixtures/CDNOW.md) against lifetimes' own fits, recorded by bench/lifetimes_fit.py
//! in tests/fixtures/cdnow-lifetimes-fit.json: the same parameters to 1e-3 relative and an
//! equal or better log-likelihood.

use serde_json::Value;
use std::path::Path;
use tierwise::scores::fit::{bgnbd_log_likelihood, fit_bgnbd, fit_gamma_gamma, gamma_gamma_log_likelihood};
use tierwise::scores::{BgNbdParams, GammaGammaParams};

struct Summary {
    x: Vec<f64>,
    t_x: Vec<f64>,
    t: Vec<f64>,
    mean_value: Vec<f64>,
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).expect("fixture")
}

fn cdnow() -> Summary {
    let text = fixture("cdnow_customers_summary_with_transactions.csv");
    let mut summary = Summary { x: Vec::new(), t_x: Vec::new(), t: Vec::new(), mean_value: Vec::new() };
    for line in text.lines().skip(1).filter(|line| !line.trim().is_empty()) {
        let fields: Vec<f64> = line.split(',').map(|field| field.trim().parse().expect("a number")).collect();
        summary.x.push(fields[1]);
        summary.t_x.push(fields[2]);
        summary.t.push(fields[3]);
        summary.mean_value.push(fields[4]);
    }
    summary
}

fn reference() -> Value {
    serde_json::from_str(&fixture("cdnow-lifetimes-fit.json")).expect("recorded lifetimes fit")
}

fn close(ours: f64, theirs: f64, relative: f64) -> bool {
    (ours - theirs).abs() <= relative * theirs.abs()
}

#[test]
fn bgnbd_agrees_with_lifetimes_on_cdnow() {
    let data = cdnow();
    assert_eq!(data.x.len(), 2357);
    let theirs = &reference()["bgnbd"];
    let started = std::time::Instant::now();
    let fit = fit_bgnbd(&data.x, &data.t_x, &data.t, None).expect("fit");
    let elapsed = started.elapsed();
    println!("tierwise BG/NBD fit on CDNOW: {fit:?} in {elapsed:?}");
    assert!(fit.converged, "{fit:?}");
    assert_eq!(fit.customers, 2357.0);
    for name in ["r", "alpha", "a", "b"] {
        let ours = match name {
            "r" => fit.r,
            "alpha" => fit.alpha,
            "a" => fit.a,
            _ => fit.b,
        };
        let expected = theirs[name].as_f64().expect("recorded parameter");
        assert!(close(ours, expected, 1e-3), "{name}: ours {ours}, lifetimes {expected}");
    }
    // The same likelihood: ours at lifetimes' parameters is what lifetimes reports.
    let params = BgNbdParams { r: theirs["r"].as_f64().unwrap(), alpha: theirs["alpha"].as_f64().unwrap(), a: theirs["a"].as_f64().unwrap(), b: theirs["b"].as_f64().unwrap() };
    let at_theirs = bgnbd_log_likelihood(&params, &data.x, &data.t_x, &data.t, None).expect("log-likelihood");
    let reported = theirs["log_likelihood"].as_f64().unwrap();
    assert!(close(at_theirs, reported, 1e-10), "ours at lifetimes' parameters {at_theirs}, lifetimes {reported}");
    // Equal or better: not below lifetimes' optimum by more than rounding.
    assert!(fit.log_likelihood >= at_theirs - 1e-9 * at_theirs.abs(), "ours {} < lifetimes {at_theirs}", fit.log_likelihood);
    // The paper's value (Fader, Hardie & Lee 2005): −9582.4.
    assert_eq!(format!("{:.1}", fit.log_likelihood), "-9582.4");
}

#[test]
fn gamma_gamma_agrees_with_lifetimes_on_cdnow() {
    let data = cdnow();
    let theirs = &reference()["gamma_gamma"];
    let started = std::time::Instant::now();
    let fit = fit_gamma_gamma(&data.x, &data.mean_value, None).expect("fit");
    let elapsed = started.elapsed();
    println!("tierwise Gamma-Gamma fit on CDNOW: {fit:?} in {elapsed:?}");
    assert!(fit.converged, "{fit:?}");
    assert_eq!(fit.customers, 946.0);
    for (name, ours) in [("p", fit.p), ("q", fit.q), ("gamma", fit.gamma)] {
        let expected = theirs[name].as_f64().expect("recorded parameter");
        assert!(close(ours, expected, 1e-3), "{name}: ours {ours}, lifetimes {expected}");
    }
    let params = GammaGammaParams { p: theirs["p"].as_f64().unwrap(), q: theirs["q"].as_f64().unwrap(), gamma: theirs["gamma"].as_f64().unwrap() };
    let at_theirs = gamma_gamma_log_likelihood(&params, &data.x, &data.mean_value, None).expect("log-likelihood");
    let reported = theirs["log_likelihood"].as_f64().unwrap();
    assert!(close(at_theirs, reported, 1e-10), "ours at lifetimes' parameters {at_theirs}, lifetimes {reported}");
    assert!(fit.log_likelihood >= at_theirs - 1e-9 * at_theirs.abs(), "ours {} < lifetimes {at_theirs}", fit.log_likelihood);
}
