"""BG/NBD + Gamma-Gamma scoring of the CDNOW-shaped summary with the Python `lifetimes`
package, the reference analysts use, on exactly the data tierwise scores.

    bench/.venv/bin/python bench/lifetimes_bench.py target/bench/cdnow.json target/bench/lifetimes.json

For every customer: P(alive) (`conditional_probability_alive`), the expected purchases
over the horizon (`conditional_expected_number_of_purchases_up_to_time`) and the
Gamma-Gamma expected average value (`conditional_expected_average_profit`), all three
vectorised over the 2,357 customers as lifetimes does it. The parameters are set, not
fitted, so both sides score with the same ones. When `lifetimes` cannot be imported, the
same formulas are evaluated with NumPy/SciPy (the code lifetimes runs, transcribed) and the
result says so. Also reports how far tierwise's values (target/bench/cdnow-native.json) are
from these.
"""

import json
import platform
import sys
import time

import numpy as np


def median_time(fn, samples=21, min_seconds=0.03):
    """Median seconds per call: batches sized to last about `min_seconds` each."""
    fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, int(min_seconds / once))
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        for _ in range(batch):
            fn()
        times.append((time.perf_counter() - start) / batch)
    times.sort()
    return {"median": times[len(times) // 2] * 1e6, "p10": times[len(times) // 10] * 1e6, "p90": times[(len(times) * 9) // 10] * 1e6, "samples": samples, "batch": batch}


def with_lifetimes(params, x, t_x, big_t, monetary, horizon):
    import pandas as pd
    import lifetimes
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    bgf = BetaGeoFitter()
    bgf.params_ = pd.Series(params["bgnbd"])[["r", "alpha", "a", "b"]]
    ggf = GammaGammaFitter()
    gg = params["gamma_gamma"]
    ggf.params_ = pd.Series({"p": gg["p"], "q": gg["q"], "v": gg["gamma"]})

    def score():
        alive = bgf.conditional_probability_alive(x, t_x, big_t)
        purchases = bgf.conditional_expected_number_of_purchases_up_to_time(horizon, x, t_x, big_t)
        value = ggf.conditional_expected_average_profit(x, monetary)
        return np.asarray(alive), np.asarray(purchases), np.asarray(value)

    import pandas
    import scipy

    versions = {"lifetimes": lifetimes.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pandas.__version__}
    return score, versions


def with_numpy(params, x, t_x, big_t, monetary, horizon):
    """lifetimes 0.11.3's formulas (BetaGeoFitter, GammaGammaFitter), transcribed."""
    import scipy
    from scipy.special import hyp2f1

    r, alpha, a, b = (params["bgnbd"][k] for k in ("r", "alpha", "a", "b"))
    gg = params["gamma_gamma"]
    p, q, v = gg["p"], gg["q"], gg["gamma"]

    def score():
        log_div = (r + x) * np.log((alpha + big_t) / (alpha + t_x)) + np.log(a / (b + np.maximum(x, 1) - 1))
        alive = np.atleast_1d(np.where(x == 0, 1.0, 1.0 / (1 + np.exp(log_div))))
        t = horizon
        hyp_term = hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + big_t + t))
        first_term = (a + b + x - 1) / (a - 1)
        second_term = 1 - hyp_term * ((alpha + big_t) / (alpha + t + big_t)) ** (r + x)
        numerator = first_term * second_term
        denominator = 1 + (x > 0) * (a / (b + x - 1)) * ((alpha + big_t) / (alpha + t_x)) ** (r + x)
        purchases = numerator / denominator
        individual_weight = p * x / (p * x + q - 1)
        population_mean = v * p / (q - 1)
        value = (1 - individual_weight) * population_mean + individual_weight * monetary
        return alive, purchases, value

    return score, {"numpy": np.__version__, "scipy": scipy.__version__}


def main():
    source, out = sys.argv[1], sys.argv[2]
    native = sys.argv[3] if len(sys.argv) > 3 else None
    data = json.load(open(source))
    params = data["params"]
    rows = data["customers"]
    x = np.array([c["x"] for c in rows], dtype=float)
    t_x = np.array([c["t_x"] for c in rows], dtype=float)
    big_t = np.array([c["T"] for c in rows], dtype=float)
    monetary = np.array([c["monetary"] for c in rows], dtype=float)
    horizon = float(params["horizon_weeks"])
    try:
        score, versions = with_lifetimes(params, x, t_x, big_t, monetary, horizon)
        implementation = "lifetimes"
    except Exception as error:  # noqa: BLE001 - any import problem means the fallback
        score, versions = with_numpy(params, x, t_x, big_t, monetary, horizon)
        implementation = f"numpy transcription of lifetimes (lifetimes unavailable: {error})"
    alive, purchases, value = score()
    result = {
        "implementation": implementation,
        "python": platform.python_version(),
        "versions": versions,
        "customers": len(rows),
        "scoring": median_time(score),
        "summary": {"mean_p_alive": float(np.mean(alive)), "mean_expected_purchases": float(np.mean(purchases)), "mean_value": float(np.mean(value)), "repeaters": int(np.sum(x > 0))},
    }
    if native:
        theirs = np.array(json.load(open(native)), dtype=float)
        ours = np.stack([alive, purchases, value], axis=1)
        diff = np.abs(theirs - ours)
        scale = np.maximum(np.abs(ours), 1e-300)
        result["agreement"] = {
            "max_abs": [float(d) for d in diff.max(axis=0)],
            "max_rel": [float(d) for d in (diff / scale).max(axis=0)],
            "columns": ["p_alive", "expected_purchases", "expected_value"],
        }
    json.dump(result, open(out, "w"), indent=2)
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
