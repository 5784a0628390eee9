"""Model fitting and RFM breakpoints over columns: maximum likelihood in Rust, no SciPy."""

import json

from . import _tierwise


def _column(values, name):
    """A column as a list of floats: NumPy arrays, pandas Series and any sequence."""
    if hasattr(values, "tolist"):
        values = values.tolist()
    return [float(v) for v in values]


def _int_column(values):
    if hasattr(values, "tolist"):
        values = values.tolist()
    return [int(v) for v in values]


def fit_bgnbd(frequency, recency, T, *, weights=None):
    """Fits the BG/NBD model by maximum likelihood.

    ``frequency`` (repeat purchases x), ``recency`` (time of the last repeat purchase t_x)
    and ``T`` (time since the first purchase) are the columns of a ``lifetimes`` summary,
    in any time unit (the fitted ``alpha`` is in that unit); ``weights`` counts the
    customers each row stands for. Returns ``{"r", "alpha", "a", "b", "log_likelihood",
    "customers", "iterations", "converged"}``.
    """
    w = None if weights is None else _column(weights, "weights")
    return json.loads(_tierwise.fit_bgnbd(_column(frequency, "frequency"), _column(recency, "recency"), _column(T, "T"), w))


def fit_gamma_gamma(frequency, monetary_value, *, weights=None):
    """Fits the Gamma-Gamma spend model by maximum likelihood.

    Customers with ``frequency`` 0 have no repeat purchase to average and are left out.
    ``gamma`` comes out in the unit of ``monetary_value`` (programs use minor units).
    Returns ``{"p", "q", "gamma", "log_likelihood", "customers", "iterations", "converged"}``.
    """
    w = None if weights is None else _column(weights, "weights")
    return json.loads(_tierwise.fit_gamma_gamma(_column(frequency, "frequency"), _column(monetary_value, "monetary_value"), w))


def bgnbd_log_likelihood(params, frequency, recency, T, *, weights=None):
    """The BG/NBD log-likelihood (a sum over customers) at ``params`` ``{r, alpha, a, b}``."""
    w = None if weights is None else _column(weights, "weights")
    chosen = {key: params[key] for key in ("r", "alpha", "a", "b")}
    return _tierwise.bgnbd_log_likelihood(json.dumps(chosen), _column(frequency, "frequency"), _column(recency, "recency"), _column(T, "T"), w)


def gamma_gamma_log_likelihood(params, frequency, monetary_value, *, weights=None):
    """The Gamma-Gamma log-likelihood (a sum over repeat customers) at ``params`` ``{p, q, gamma}``."""
    w = None if weights is None else _column(weights, "weights")
    chosen = {key: params[key] for key in ("p", "q", "gamma")}
    return _tierwise.gamma_gamma_log_likelihood(json.dumps(chosen), _column(frequency, "frequency"), _column(monetary_value, "monetary_value"), w)


def rfm_breakpoints(recency_days, frequency, monetary):
    """Quintile RFM breakpoints over three columns, as the npm package's ``rfmBreakpoints``.

    ``recency_days`` may hold ``None`` (members without an order), which are left out of the
    recency quintiles; ``monetary`` is in minor units. Returns ``{"recency", "frequency",
    "monetary"}``, each four nearest-rank quintile cut points, ready for
    ``program["scores"]["rfm"]["breakpoints"]``.
    """
    if hasattr(recency_days, "tolist"):
        recency_days = recency_days.tolist()
    recency = [int(v) for v in recency_days if v is not None and v == v]
    return {
        "recency": list(_tierwise.quintile_breakpoints(recency)),
        "frequency": list(_tierwise.quintile_breakpoints(_int_column(frequency))),
        "monetary": list(_tierwise.quintile_breakpoints(_int_column(monetary))),
    }
