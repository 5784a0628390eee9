//! Exact bits of a few results. The scores use `libm` for every transcendental function
//! and a fixed order of operations, so these bits must be the same on every target; the
//! same file runs under `wasm-bindgen-test` for wasm32.

use tierwise::scores::*;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

const CDNOW: BgNbdParams = BgNbdParams { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

fn results() -> Vec<f64> {
    let spend = GammaGammaParams { p: 6.25, q: 3.74, gamma: 15.44 };
    vec![
        probability_alive(&CDNOW, 2.0, 30.43, 38.86).unwrap_or(f64::NAN),
        expected_purchases(&CDNOW, 39.0, 2.0, 30.43, 38.86).unwrap_or(f64::NAN),
        // The connection formula (z close to 1) and the a ≈ 1 interpolation.
        expected_purchases(&CDNOW, 5000.0, 1.0, 1.0, 2.0).unwrap_or(f64::NAN),
        expected_purchases(&BgNbdParams { a: 1.000_000_1, ..CDNOW }, 3900.0, 2.0, 3.0, 3.86).unwrap_or(f64::NAN),
        expected_purchases(&CDNOW, 39.0, 10_000.0, 10_000.0, 10_000.0).unwrap_or(f64::NAN),
        customer_lifetime_value(&CDNOW, &spend, 5.0, 20.0, 38.86, 42.0, 24, tierwise::money::Bp(100), 7.0).unwrap_or(f64::NAN),
    ]
}

#[test]
fn results_have_the_recorded_bits() {
    let bits: Vec<u64> = results().iter().map(|value| value.to_bits()).collect();
    assert_eq!(bits, RECORDED, "{:?}", results());
}

const RECORDED: [u64; 6] = [
    4_604_719_657_500_217_829,
    4_608_200_359_203_673_951,
    4_627_317_326_633_931_286,
    4_625_555_206_458_025_759,
    4_630_674_397_798_875_803,
    4_635_709_982_891_821_177,
];
