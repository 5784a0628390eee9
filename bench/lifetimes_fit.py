"""Fits BG/NBD and Gamma-Gamma to the CDNOW summary with the Python `lifetimes` package and
records its parameters, log-likelihoods and fit times, the reference that tierwise's own
fits (src/scores/fit.rs) are tested against.

    bench/.venv/bin/python bench/lifetimes_fit.py tests/fixtures/cdnow_customers_summary_with_transactions.csv tests/fixtures/cdnow-lifetimes-fit.json

The CSV is the summary lifetimes ships (`load_cdnow_summary_data_with_monetary_value`):
2,357 customers, columns ID, x, t_x, T (weeks) and zbar (mean repeat-purchase value in
dollars). BG/NBD is fitted to all customers, Gamma-Gamma to those with x > 0, both with
lifetimes' defaults (no penalizer). Log-likelihoods are sums over customers, from
lifetimes' own likelihood functions at its fitted parameters on the data in weeks (it
reports a mean negative log-likelihood, and for BG/NBD in time rescaled to T.max() = 10).
"""

import json
import platform
import sys
import time

import numpy as np
import pandas as pd


def main():
    source, out = sys.argv[1], sys.argv[2]
    import lifetimes
    import scipy
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    data = pd.read_csv(source)
    data.columns = ["customer_id", "frequency", "recency", "T", "monetary_value"]

    def fit_bgnbd():
        model = BetaGeoFitter()
        model.fit(data["frequency"], data["recency"], data["T"])
        return model

    def fit_gamma_gamma():
        returning = data[data["frequency"] > 0]
        model = GammaGammaFitter()
        model.fit(returning["frequency"], returning["monetary_value"])
        return model

    def timed(fit, runs=5):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            model = fit()
            times.append(time.perf_counter() - start)
        times.sort()
        return model, times[len(times) // 2]

    bgf, bgnbd_seconds = timed(fit_bgnbd)
    ggf, gamma_gamma_seconds = timed(fit_gamma_gamma)
    returning = int((data["frequency"] > 0).sum())
    bgnbd_params = {key: float(bgf.params_[key]) for key in ("r", "alpha", "a", "b")}
    gg = ggf.params_
    result = {
        "source": "lifetimes.datasets.load_cdnow_summary_data_with_monetary_value (cdnow_customers_summary_with_transactions.csv)",
        "python": platform.python_version(),
        "versions": {"lifetimes": lifetimes.__version__, "numpy": np.__version__, "scipy": scipy.__version__, "pandas": pd.__version__},
        "customers": int(len(data)),
        "bgnbd": {
            **bgnbd_params,
            # lifetimes fits in rescaled time (T.max() = 10); its own likelihood function
            # at the fitted parameters in weeks gives the log-likelihood of the data as is.
            "log_likelihood": float(-BetaGeoFitter._negative_log_likelihood(
                np.log([bgnbd_params[k] for k in ("r", "alpha", "a", "b")]), data["frequency"].to_numpy(float),
                data["recency"].to_numpy(float), data["T"].to_numpy(float), np.ones(len(data)), 0.0) * len(data)),
            "median_fit_seconds": bgnbd_seconds,
        },
        "gamma_gamma": {
            "p": float(gg["p"]),
            "q": float(gg["q"]),
            "gamma": float(gg["v"]),
            "customers": returning,
            "log_likelihood": float(-ggf._negative_log_likelihood_ * returning),
            "median_fit_seconds": gamma_gamma_seconds,
        },
    }
    with open(out, "w") as handle:
        json.dump(result, handle, indent=2)
        handle.write("\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
