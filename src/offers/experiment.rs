//! Experiment arms, assigned exactly as GrowthBook assigns variations.
//!
//! A storefront that already runs GrowthBook must see the same member in the same arm, so
//! this module reproduces the JavaScript SDK's arithmetic step by step:
//!
//! * `fnv1a32` is 32-bit FNV-1a over the **UTF-16 code units** of a string (what
//!   `String.prototype.charCodeAt` returns), each unit XOR-ed in whole, not as bytes;
//! * hash version 2 is `fnv1a32(decimal(fnv1a32(seed + value))) % 10000 / 10000`,
//!   version 1 is `fnv1a32(value + seed) % 1000 / 1000`, any other version has no hash;
//! * bucket ranges accumulate `f64` weights left to right and scale each by the coverage,
//!   falling back to equal weights `1/n` when the weights do not have `n` entries or do not
//!   add up to 1 ± 0.01, and clamping the coverage into `0..=1`;
//! * an arm is the first range with `start <= n < end`, or −1 for none.
//!
//! Every float operation happens in the same order and precision (IEEE 754 `f64`) as in
//! JavaScript, so the results are bit-identical natively, in wasm and in GrowthBook.

/// FNV-1a 32-bit offset basis.
const FNV_OFFSET_BASIS: u32 = 0x811c_9dc5;
/// FNV-1a 32-bit prime.
const FNV_PRIME: u32 = 0x0100_0193;

/// 32-bit FNV-1a over UTF-16 code units. GrowthBook's JavaScript writes the multiplication
/// by the prime as a sum of shifts on a float; modulo 2^32 that is the same product.
pub fn fnv1a32<I: IntoIterator<Item = u16>>(code_units: I) -> u32 {
    code_units.into_iter().fold(FNV_OFFSET_BASIS, |hash, unit| (hash ^ u32::from(unit)).wrapping_mul(FNV_PRIME))
}

/// GrowthBook's `hash(seed, value, version)` over UTF-16 code units: a number in `[0, 1)`,
/// or `None` for an unknown version. Use this form when the strings come from JavaScript
/// and may hold lone surrogates, which Rust strings cannot.
pub fn hash_utf16(seed: &[u16], value: &[u16], version: u32) -> Option<f64> {
    match version {
        2 => {
            let inner = fnv1a32(seed.iter().chain(value.iter()).copied());
            let outer = fnv1a32(inner.to_string().encode_utf16());
            Some(f64::from(outer % 10_000) / 10_000.0)
        }
        1 => {
            let once = fnv1a32(value.iter().chain(seed.iter()).copied());
            Some(f64::from(once % 1_000) / 1_000.0)
        }
        _ => None,
    }
}

/// GrowthBook's `hash(seed, value, version)`: a number in `[0, 1)`, or `None` for an
/// unknown version (GrowthBook returns `null`).
///
/// ```
/// use tierwise::offers::experiment::hash;
/// assert_eq!(hash("a", "b", 2), Some(0.6912));
/// assert_eq!(hash("a", "b", 3), None);
/// ```
pub fn hash(seed: &str, value: &str, version: u32) -> Option<f64> {
    let seed: Vec<u16> = seed.encode_utf16().collect();
    let value: Vec<u16> = value.encode_utf16().collect();
    hash_utf16(&seed, &value, version)
}

/// A half-open range `[start, end)` of hash values that selects one arm.
pub type BucketRange = (f64, f64);

/// GrowthBook's `getEqualWeights(n)`: `n` copies of `1/n`, empty for `n = 0`.
pub fn equal_weights(num_variations: usize) -> Vec<f64> {
    if num_variations == 0 {
        return Vec::new();
    }
    // `n as f64` is exact for every length a program can hold.
    vec![1.0 / num_variations as f64; num_variations]
}

/// GrowthBook's `getBucketRanges(numVariations, coverage, weights)`.
///
/// `coverage` defaults to 1 and is clamped into `0..=1`; weights default to equal weights
/// and fall back to them when their count differs from `num_variations` or their sum lies
/// outside `0.99..=1.01`. Each range starts at the running sum of the weights before it and
/// is `coverage × weight` long.
///
/// ```
/// use tierwise::offers::experiment::bucket_ranges;
/// assert_eq!(bucket_ranges(2, Some(0.5), None), vec![(0.0, 0.25), (0.5, 0.75)]);
/// ```
pub fn bucket_ranges(num_variations: usize, coverage: Option<f64>, weights: Option<&[f64]>) -> Vec<BucketRange> {
    // Like GrowthBook's two comparisons, `clamp` leaves a NaN coverage NaN.
    let coverage = coverage.unwrap_or(1.0).clamp(0.0, 1.0);
    let equal = equal_weights(num_variations);
    let mut weights: &[f64] = weights.unwrap_or(&equal);
    if weights.len() != num_variations {
        weights = &equal;
    }
    let total = weights.iter().fold(0.0_f64, |sum, weight| weight + sum);
    if !(0.99..=1.01).contains(&total) {
        weights = &equal;
    }
    let mut cumulative = 0.0_f64;
    weights
        .iter()
        .map(|weight| {
            let start = cumulative;
            cumulative += weight;
            (start, start + coverage * weight)
        })
        .collect()
}

/// GrowthBook's `chooseVariation(n, ranges)`: the index of the first range holding `n`,
/// or −1 when none does (the member is outside the experiment's coverage).
///
/// ```
/// use tierwise::offers::experiment::choose_arm;
/// assert_eq!(choose_arm(0.6, &[(0.0, 0.25), (0.5, 0.75)]), 1);
/// assert_eq!(choose_arm(0.3, &[(0.0, 0.25), (0.5, 0.75)]), -1);
/// ```
pub fn choose_arm(n: f64, ranges: &[BucketRange]) -> i32 {
    ranges
        .iter()
        .position(|&(start, end)| n >= start && n < end)
        .and_then(|index| i32::try_from(index).ok())
        .unwrap_or(-1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    const REFERENCE: &str = include_str!("../../tests/fixtures/growthbook-reference.json");

    fn reference() -> Value {
        serde_json::from_str(REFERENCE).unwrap_or(Value::Null)
    }

    fn units(value: &Value) -> Vec<u16> {
        value.as_array().map(|list| list.iter().filter_map(Value::as_u64).filter_map(|u| u16::try_from(u).ok()).collect()).unwrap_or_default()
    }

    /// The fixture writes floats as JavaScript prints them, in strings; Rust's parser is
    /// correctly rounded, so this is the exact value GrowthBook had.
    fn float(value: &Value) -> Option<f64> {
        value.as_str().and_then(|text| text.parse().ok())
    }

    fn floats(value: &Value) -> Option<Vec<f64>> {
        value.as_array().map(|list| list.iter().filter_map(float).collect())
    }

    fn ranges(value: &Value) -> Vec<(f64, f64)> {
        value
            .as_array()
            .map(|list| list.iter().map(|pair| (float(&pair[0]).unwrap_or(f64::NAN), float(&pair[1]).unwrap_or(f64::NAN))).collect())
            .unwrap_or_default()
    }

    #[test]
    fn fnv1a32_matches_the_published_test_values() {
        // Test vectors of the FNV reference implementation (ASCII, so bytes = code units).
        assert_eq!(fnv1a32("".encode_utf16()), 0x811c_9dc5);
        assert_eq!(fnv1a32("a".encode_utf16()), 0xe40c_292c);
        assert_eq!(fnv1a32("foobar".encode_utf16()), 0xbf9c_f968);
    }

    #[test]
    fn hashes_match_growthbook_for_every_reference_string() {
        let reference = reference();
        let cases = reference["hashes"].as_array().cloned().unwrap_or_default();
        assert!(cases.len() > 400, "the reference fixture is missing");
        for case in cases {
            let seed = case["seed"].as_str().unwrap_or_default();
            let value = case["value"].as_str().unwrap_or_default();
            let version = case["version"].as_u64().and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
            let got = hash(seed, value, version);
            let want = float(&case["expect"]);
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "hash({seed:?}, {value:?}, {version})");
        }
    }

    #[test]
    fn lone_surrogates_hash_as_javascript_code_units() {
        let reference = reference();
        let cases = reference["hashes_utf16"].as_array().cloned().unwrap_or_default();
        assert!(!cases.is_empty());
        for case in cases {
            let version = case["version"].as_u64().and_then(|v| u32::try_from(v).ok()).unwrap_or(0);
            let got = hash_utf16(&units(&case["seed"]), &units(&case["value"]), version);
            assert_eq!(got, float(&case["expect"]), "{case}");
        }
    }

    #[test]
    fn surrogate_pairs_and_empty_strings() {
        // 😀 is two code units, 0xD83D 0xDE00; hashing its bytes would differ.
        let emoji: Vec<u16> = "😀".encode_utf16().collect();
        assert_eq!(emoji, vec![0xd83d, 0xde00]);
        assert_eq!(hash("", "😀", 2), hash_utf16(&[], &emoji, 2));
        assert_eq!(hash("", "", 2), Some(f64::from(fnv1a32(FNV_OFFSET_BASIS.to_string().encode_utf16()) % 10_000) / 10_000.0));
        assert_eq!(hash("", "", 1), Some(f64::from(FNV_OFFSET_BASIS % 1_000) / 1_000.0));
    }

    #[test]
    fn bucket_ranges_match_growthbook() {
        let reference = reference();
        let cases = reference["ranges"].as_array().cloned().unwrap_or_default();
        assert!(!cases.is_empty());
        for case in cases {
            let n = case["num_variations"].as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
            let weights = floats(&case["weights"]);
            let got = bucket_ranges(n, float(&case["coverage"]), weights.as_deref());
            let want = ranges(&case["expect"]);
            let bits = |ranges: &[(f64, f64)]| ranges.iter().map(|(a, b)| (a.to_bits(), b.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{case}");
        }
    }

    #[test]
    fn choose_arm_matches_growthbook() {
        let reference = reference();
        let cases = reference["choose"].as_array().cloned().unwrap_or_default();
        assert!(!cases.is_empty());
        for case in cases {
            let n = float(&case["n"]).unwrap_or(f64::NAN);
            assert_eq!(i64::from(choose_arm(n, &ranges(&case["ranges"]))), case["expect"].as_i64().unwrap_or(-2), "{case}");
        }
    }

    #[test]
    fn whole_assignments_match_growthbook_run() {
        let reference = reference();
        let cases = reference["runs"].as_array().cloned().unwrap_or_default();
        assert!(cases.len() > 200);
        for case in cases {
            let experiment = &case["experiment"];
            let id = case["id"].as_str().unwrap_or_default();
            let key = experiment["key"].as_str().unwrap_or_default();
            let seed = experiment["seed"].as_str().unwrap_or(key);
            let version = experiment["hash_version"].as_u64().and_then(|v| u32::try_from(v).ok()).unwrap_or(1);
            let n_arms = experiment["num_variations"].as_u64().and_then(|n| usize::try_from(n).ok()).unwrap_or(0);
            let weights = floats(&experiment["weights"]);
            let ranges = bucket_ranges(n_arms, float(&experiment["coverage"]), weights.as_deref());
            // GrowthBook skips members without a hash value.
            let arm = if id.is_empty() { -1 } else { hash(seed, id, version).map_or(-1, |n| choose_arm(n, &ranges)) };
            assert_eq!(i64::from(arm), case["variation"].as_i64().unwrap_or(-2), "{case}");
            if arm >= 0 {
                assert_eq!(hash(seed, id, version), float(&case["bucket"]), "{case}");
            }
        }
    }
}
