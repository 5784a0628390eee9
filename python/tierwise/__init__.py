"""tierwise for Python: the engine the storefront runs, for data jobs.

- :class:`Engine` — a compiled program: ``facts``, ``evaluate``, ``tier_progress``,
  ``preview_points``, ``next_best_offers``, ``rfm_breakpoints``; results are the same JSON
  the npm package returns, byte for byte.
- :func:`fit_bgnbd`, :func:`fit_gamma_gamma` — maximum-likelihood fits of the models the
  program's ``scores`` section carries.
- :func:`rfm_breakpoints` — quintile breakpoints over columns.
- :mod:`tierwise.spark` — the same over a Spark DataFrame (``score``, ``fit_models``).
"""

import json

from . import _tierwise
from ._engine import Engine
from ._errors import TierwiseError
from ._models import bgnbd_log_likelihood, fit_bgnbd, fit_gamma_gamma, gamma_gamma_log_likelihood, rfm_breakpoints

__version__ = _tierwise.version()


def default_program():
    """The default program the npm package ships in ``data/program.json``, as a dict."""
    return json.loads(_tierwise.defaults()[0])


def default_personas():
    """The default personas (``data/personas.json``), as a dict."""
    return json.loads(_tierwise.defaults()[1])


__all__ = [
    "Engine",
    "TierwiseError",
    "fit_bgnbd",
    "fit_gamma_gamma",
    "bgnbd_log_likelihood",
    "gamma_gamma_log_likelihood",
    "rfm_breakpoints",
    "default_program",
    "default_personas",
]
