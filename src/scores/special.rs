//! Special functions for the scoring models, all built on `libm` so that native and
//! wasm builds give bit-identical results.
//!
//! Everything here is private to the crate. The functions do not validate their
//! arguments: callers establish the preconditions written on each function and check
//! the final results for finiteness.

/// `ln |Γ(x)|` and the sign of `Γ(x)` (`0.0` sign at the poles, where the log is `+inf`).
pub(crate) fn ln_gamma_signed(x: f64) -> (f64, f64) {
    let (value, sign) = libm::lgamma_r(x);
    if value == f64::INFINITY {
        (value, 0.0)
    } else if sign < 0 {
        (value, -1.0)
    } else {
        (value, 1.0)
    }
}

/// `ln Γ(x)` for `x > 0`.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    libm::lgamma_r(x).0
}

/// `expm1(e·k) / e`, which tends to `k` as `e → 0`; accurate for every `e`.
pub(crate) fn expm1_over(k: f64, e: f64) -> f64 {
    if e == 0.0 {
        k
    } else {
        libm::expm1(e * k) / e
    }
}

/// `ln(1 + e/x) / e` for `x > 0`, `x + e > 0`: tends to `1/x` as `e → 0`.
fn log1p_over(x: f64, e: f64) -> f64 {
    if e == 0.0 {
        1.0 / x
    } else {
        libm::log1p(e / x) / e
    }
}

/// `((x + e)^-n − x^-n) / e` for `x > 0`, `x + e > 0`.
fn inverse_power_difference_over(x: f64, n: f64, e: f64) -> f64 {
    let base = libm::pow(x, -n);
    if e == 0.0 {
        -n * base / x
    } else {
        base * libm::expm1(-n * libm::log1p(e / x)) / e
    }
}

/// Coefficients `B₂ₖ / (2k (2k − 1))` of Stirling's series for `ln Γ`.
const STIRLING: [f64; 7] = [
    1.0 / 12.0,
    -1.0 / 360.0,
    1.0 / 1260.0,
    -1.0 / 1680.0,
    1.0 / 1188.0,
    -691.0 / 360_360.0,
    1.0 / 156.0,
];

/// `(ln Γ(x + e) − ln Γ(x)) / e` for `x > 0`, `x + e > 0`, `|e| ≤ 1`, with full relative
/// accuracy even when `e` is tiny (it tends to the digamma function ψ(x) as `e → 0`).
///
/// The argument is shifted up to at least 10 with `ln Γ(x) = ln Γ(x + 1) − ln x`, each
/// shift contributing `log1p(e/x)/e`; the rest is the difference of Stirling's series,
/// written so that no two large numbers are subtracted.
pub(crate) fn ln_gamma_difference_over(mut x: f64, e: f64) -> f64 {
    let mut shifted = 0.0;
    let mut steps = 0;
    while x < 10.0 && steps < 16 {
        shifted += log1p_over(x, e);
        x += 1.0;
        steps += 1;
    }
    let mut sum = (x - 0.5) * log1p_over(x, e) + libm::log(x + e) - 1.0;
    let mut power = 1.0;
    for coefficient in STIRLING {
        sum += coefficient * inverse_power_difference_over(x, power, e);
        power += 2.0;
    }
    sum - shifted
}

/// Largest number of terms any series below sums before giving up.
pub(crate) const MAX_TERMS: usize = 100_000;

/// Relative size of a term (with the bound on the tail) below which a series stops.
const SERIES_TOLERANCE: f64 = 1e-17;

/// The outcome of summing a series: the sum, whether the tail bound was met, and the
/// largest term in magnitude (which bounds the rounding error of the sum).
#[derive(Debug, Clone, Copy)]
pub(crate) struct SeriesSum {
    pub(crate) sum: f64,
    pub(crate) converged: bool,
    pub(crate) largest: f64,
}

/// `S = Σ_{n≥1} (A)ₙ (a)ₙ₋₁ zⁿ / ((a + β)ₙ₋₁ n!)`, the part of the BG/NBD conditional
/// expectation that remains once the `(a − 1)` and `(a + β − 1)` factors are cancelled
/// analytically (see `docs/scores.md`). `a > 0`, `β > 0`, `0 ≤ z < 1`, any real `A`.
///
/// Stops when the next term, together with a geometric bound on the tail, is below
/// 1e-17 of the sum; gives up (with `converged = false`) after `max_terms` terms.
pub(crate) fn reduced_series(big_a: f64, a: f64, beta: f64, z: f64, max_terms: usize) -> SeriesSum {
    let mut term = big_a * z;
    let mut sum = 0.0;
    let mut largest = 0.0_f64;
    let mut n = 1.0_f64;
    for _ in 0..max_terms {
        sum += term;
        // `max` written as a comparison: the same value (a NaN term leaves `largest` as it
        // is either way) in one instruction instead of a NaN-aware sequence per term.
        if term.abs() > largest {
            largest = term.abs();
        }
        if term == 0.0 {
            return SeriesSum { sum, converged: true, largest };
        }
        let ratio = (big_a + n) * (a + n - 1.0) / ((a + beta + n - 1.0) * (n + 1.0)) * z;
        term *= ratio;
        // Once every factor is positive the ratios are monotone towards z, so the tail
        // after `term` is at most term·1/(1 − max(ratio, z)).
        if big_a + n > 0.0 && a + n - 1.0 > 0.0 {
            let bound = if ratio.abs() > z { ratio.abs() } else { z };
            // |term|/(1 − bound) ≤ tol·|sum| without a second division per term. The two
            // forms can disagree only where the term is within rounding of the threshold,
            // far below half an ulp of the sum, where adding it or not gives the same sum.
            if bound < 1.0 && term.abs() <= SERIES_TOLERANCE * sum.abs() * (1.0 - bound) {
                sum += term;
                return SeriesSum { sum, converged: true, largest };
            }
        }
        n += 1.0;
    }
    SeriesSum { sum, converged: false, largest }
}

/// `ln ₂F₁(p, q; c; z)` for `p, q, c > 0` and `0 ≤ z < 1`, where every term of the series
/// is positive: summed with rescaling so that it cannot overflow. Returns the logarithm
/// and the number of terms, or `None` without convergence within [`MAX_TERMS`].
pub(crate) fn ln_hyp2f1_positive(p: f64, q: f64, c: f64, z: f64) -> Option<(f64, usize)> {
    const RESCALE_ABOVE: f64 = 1e250;
    let mut term = 1.0;
    let mut sum = 0.0;
    let mut ln_offset = 0.0;
    let mut k = 0.0_f64;
    for count in 1..=MAX_TERMS {
        sum += term;
        let ratio = (p + k) * (q + k) / ((c + k) * (k + 1.0)) * z;
        term *= ratio;
        let bound = ratio.max(z);
        if bound < 1.0 && term / (1.0 - bound) <= SERIES_TOLERANCE * sum {
            sum += term;
            return Some((libm::log(sum) + ln_offset, count));
        }
        if sum > RESCALE_ABOVE {
            sum /= RESCALE_ABOVE;
            term /= RESCALE_ABOVE;
            ln_offset += libm::log(RESCALE_ABOVE);
        }
        k += 1.0;
    }
    None
}

/// Plain hypergeometric series `Σ (p)ₖ (q)ₖ / ((c)ₖ k!) wᵏ` summed for `k < count`, and
/// the sum of the terms' magnitudes.
fn finite_series(p: f64, q: f64, c: f64, w: f64, count: usize) -> (f64, f64) {
    let mut term = 1.0_f64;
    let mut sum = 0.0;
    let mut magnitude = 0.0;
    let mut k = 0.0_f64;
    for index in 0..count {
        sum += term;
        magnitude += term.abs();
        if index + 1 < count {
            term *= (p + k) * (q + k) / ((c + k) * (k + 1.0)) * w;
        }
        k += 1.0;
    }
    (sum, magnitude)
}

/// `e^ln_scale · ₂F₁(p, q; c; z) / Γ(c)` (the regularised Gauss hypergeometric function,
/// scaled so that callers can fold in large factors such as `Γ(c + 1)` without overflow)
/// for `1/2 ≤ z < 1`, given `y = 1 − z > 0` and `ln_y = ln y`, by the connection formula to `1 − z` (Abramowitz & Stegun 15.3.6),
/// written uniformly for every value of `m = c − p − q`, integer or not (see
/// `docs/scores.md`). Requires that neither `p` nor `q` be a non-positive integer (the
/// polynomial case, which callers sum directly). Returns `None` when it does not
/// converge within [`MAX_TERMS`] terms.
///
/// Also returns an estimate of the rounding error, ε times the sum of the magnitudes of
/// all the terms added: when `p·q·y` is large against `m` (large `a` and `b + x` in the
/// BG/NBD) the terms alternate in sign and dwarf the result, so callers compare the
/// estimate with the result before trusting it.
pub(crate) fn hyp2f1_regularized_near_one(p: f64, q: f64, c: f64, y: f64, ln_y: f64, ln_scale: f64) -> Option<(f64, f64)> {
    let m = c - p - q;
    if m < 0.0 {
        // Euler: ₂F₁(p, q; c; z) = (1 − z)^m ₂F₁(c − p, c − q; c; z), whose m is −m > 0.
        return connection_non_negative_m(c - p, c - q, -m, y, ln_y, ln_scale + m * ln_y);
    }
    connection_non_negative_m(p, q, m, y, ln_y, ln_scale)
}

/// The connection formula for `m = c − p − q ≥ 0`, `y = 1 − z ≤ 1/2`, with an estimate of
/// its rounding error.
fn connection_non_negative_m(p: f64, q: f64, m: f64, y: f64, ln_y: f64, ln_scale: f64) -> Option<(f64, f64)> {
    let whole = libm::round(m);
    if whole > MAX_TERMS as f64 {
        return None;
    }
    let count = whole as usize;
    let epsilon = m - whole;

    // First part: Γ(m) / (Γ(c − p) Γ(c − q)) Σ_{k<N} (p)ₖ (q)ₖ / ((1 − m)ₖ k!) yᵏ, with
    // c − p = q + m and c − q = p + m.
    let mut first = 0.0;
    let mut first_error = 0.0_f64;
    if count > 0 {
        let (ln_gm, sign_gm) = ln_gamma_signed(m);
        let (ln_gqm, sign_gqm) = ln_gamma_signed(q + m);
        let (ln_gpm, sign_gpm) = ln_gamma_signed(p + m);
        if sign_gqm != 0.0 && sign_gpm != 0.0 {
            let coefficient = sign_gm * sign_gqm * sign_gpm * libm::exp(ln_gm - ln_gqm - ln_gpm + ln_scale);
            let (sum, magnitude) = finite_series(p, q, 1.0 - m, y, count);
            first = coefficient * sum;
            first_error = f64::EPSILON * (coefficient * magnitude).abs();
        }
    }

    // Second part: (−1)^N y^N / (Γ(p + m) Γ(q + m)) · (πε / sin πε) · Σⱼ yʲ wⱼ Dⱼ with
    // wⱼ = (p)_{N+j} (q)_{N+j} / ((N + j)! j!) and Dⱼ = (Gⱼ − Fⱼ) / ε.
    let n = whole;
    let (ln_pn, sign_pn) = ln_gamma_signed(p + n);
    let (ln_qn, sign_qn) = ln_gamma_signed(q + n);
    let (ln_p, sign_p) = ln_gamma_signed(p);
    let (ln_q, sign_q) = ln_gamma_signed(q);
    let (ln_pm, sign_pm) = ln_gamma_signed(p + m);
    let (ln_qm, sign_qm) = ln_gamma_signed(q + m);
    if sign_p == 0.0 || sign_q == 0.0 || sign_pn == 0.0 || sign_qn == 0.0 {
        return None;
    }
    if sign_pm == 0.0 || sign_qm == 0.0 {
        // 1/Γ(p + m) or 1/Γ(q + m) vanishes: only the first part remains.
        return Some((first, first_error));
    }
    let parity = if count % 2 == 1 { -1.0 } else { 1.0 };
    let sign = parity * sign_pn * sign_qn * sign_p * sign_q * sign_pm * sign_qm;
    let ln_prefactor = n * ln_y + (ln_pn - ln_p) + (ln_qn - ln_q) - ln_gamma(n + 1.0) - ln_pm - ln_qm;
    let sine_factor = if epsilon == 0.0 {
        1.0
    } else {
        let angle = core::f64::consts::PI * epsilon;
        angle / libm::sin(angle)
    };

    // D₀ = (G₀ − F₀)/ε with G₀ = 1/Γ(1 − ε) and
    // F₀ = y^ε Γ(p+N+ε) Γ(q+N+ε) Γ(N+1) / (Γ(p+N) Γ(q+N) Γ(N+1+ε)).
    let (g0, f0, d0) = if p + n > 0.0 && q + n > 0.0 && p + m > 0.0 && q + m > 0.0 && epsilon.abs() < 0.25 {
        let ln_g = epsilon * ln_gamma_difference_over(1.0, -epsilon);
        let kappa_f = ln_y + ln_gamma_difference_over(p + n, epsilon) + ln_gamma_difference_over(q + n, epsilon)
            - ln_gamma_difference_over(n + 1.0, epsilon);
        let ln_f = epsilon * kappa_f;
        let kappa = ln_gamma_difference_over(1.0, -epsilon) - kappa_f;
        let f = libm::exp(ln_f);
        (libm::exp(ln_g), f, f * expm1_over(kappa, epsilon))
    } else {
        let (ln_g1, sign_g1) = ln_gamma_signed(1.0 - epsilon);
        let g = if sign_g1 == 0.0 { 0.0 } else { sign_g1 * libm::exp(-ln_g1) };
        let ln_f = epsilon * ln_y + (ln_pm - ln_pn) + (ln_qm - ln_qn) + ln_gamma(n + 1.0) - ln_gamma(n + 1.0 + epsilon);
        let f = sign_pm * sign_pn * sign_qm * sign_qn * libm::exp(ln_f);
        (g, f, (g - f) / epsilon)
    };

    let mut g = g0;
    let mut f = f0;
    let mut d = d0;
    let mut weight = 1.0; // wⱼ yʲ relative to w₀
    let mut sum = 0.0;
    let mut magnitude = 0.0;
    let mut j = 0.0_f64;
    let mut converged = false;
    for _ in 0..MAX_TERMS {
        let term = weight * d;
        sum += term;
        magnitude += term.abs();
        let pj = p + n + j;
        let qj = q + n + j;
        let nj = n + j + 1.0;
        let ratio = pj * qj / (nj * (j + 1.0)) * y;
        let gamma_step = 1.0 / (j + 1.0 - epsilon);
        let phi_step = (nj * (pj + qj + epsilon) - pj * qj) / (pj * qj * (nj + epsilon));
        d += g * gamma_step - f * phi_step;
        g *= 1.0 + epsilon * gamma_step;
        f *= 1.0 + epsilon * phi_step;
        weight *= ratio;
        // The ratios tend to y ≤ 1/2 from above once positive; Dⱼ grows like ln j.
        if pj > 0.0 && qj > 0.0 && ratio < 0.75 && (weight * d).abs() * 4.0 <= SERIES_TOLERANCE * sum.abs() {
            converged = true;
            break;
        }
        if weight == 0.0 {
            converged = true;
            break;
        }
        j += 1.0;
    }
    if !converged {
        return None;
    }
    let scale = libm::exp(ln_prefactor + ln_scale) * sine_factor;
    let second = sign * scale * sum;
    let error = first_error + f64::EPSILON * (scale * magnitude).abs();
    Some((first + second, error))
}

#[cfg(test)]
#[allow(clippy::excessive_precision)] // reference values keep the digits they were computed with
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_difference_matches_digamma_and_plain_differences() {
        // ψ(1) = −γ (Euler–Mascheroni).
        let digamma_one = ln_gamma_difference_over(1.0, 0.0);
        assert!((digamma_one + 0.577_215_664_901_532_9).abs() < 1e-15, "{digamma_one}");
        // ψ(1/2) = −γ − 2 ln 2.
        let digamma_half = ln_gamma_difference_over(0.5, 0.0);
        assert!((digamma_half + 1.963_510_026_021_423_5).abs() < 1e-14, "{digamma_half}");
        // Reference values from a 40-digit evaluation of (ln Γ(x + e) − ln Γ(x))/e; the
        // plain difference of two f64 ln Γ values loses up to 5 digits on these.
        let cases = [
            (0.3, 0.4, -2.087_326_870_716_022_5),
            (2.5, -0.3, 0.625_784_678_940_934_6),
            (12.0, 0.5, 2.464_079_332_125_119_7),
            (7.0, 1e-9, 1.872_784_335_175_239_7),
            (1e4, 0.25, 9.210_302_871_663_694_5),
        ];
        for (x, e, exact) in cases {
            let ours = ln_gamma_difference_over(x, e);
            assert!((ours - exact).abs() <= 2e-15 * exact.abs().max(1.0), "{x} {e}: {ours} vs {exact}");
        }
    }

    fn near_one(p: f64, q: f64, c: f64, z: f64) -> f64 {
        let y = 1.0 - z;
        hyp2f1_regularized_near_one(p, q, c, y, libm::log(y), 0.0).unwrap().0
    }

    #[test]
    fn connection_formula_agrees_with_closed_forms() {
        // ₂F₁(1, 1; 2; z) = −ln(1 − z)/z (m = 0, the fully degenerate case).
        for &z in &[0.5, 0.75, 0.9, 0.99, 0.999_999] {
            let ours = near_one(1.0, 1.0, 2.0, z);
            let exact = -libm::log1p(-z) / z;
            assert!((ours - exact).abs() <= 1e-14 * exact, "{z}: {ours} vs {exact}");
        }
        // 40-digit reference values of ₂F₁(p, q; c; z)/Γ(c): m = −2 and m = −1/2 (Euler
        // branch), m = 10⁻⁷ (nearly degenerate), a negative p.
        let cases = [
            (1.3, 2.2, 1.5, 0.8, 25.939_841_582_403_513_5),
            (0.7, 1.9, 2.1, 0.95, 5.625_218_732_237_242_5),
            (0.7, 1.9, 2.600_000_1, 0.97, 2.684_319_913_861_933_6),
            (-0.4, 3.3, 2.0, 0.9, -0.698_724_336_360_682_2),
        ];
        for (p, q, c, z, exact) in cases {
            let ours = near_one(p, q, c, z);
            assert!((ours - exact).abs() <= 1e-13 * exact.abs(), "{p} {q} {c} {z}: {ours} vs {exact}");
        }
        // ₂F₁(1/2, 1/2; 3/2; z²) = asin(z)/z (m = 1/2).
        for &z in &[0.75_f64, 0.9, 0.99] {
            let ours = near_one(0.5, 0.5, 1.5, z * z) * libm::tgamma(1.5);
            let exact = libm::asin(z) / z;
            assert!((ours - exact).abs() <= 1e-13 * exact, "{z}: {ours} vs {exact}");
        }
    }
}
