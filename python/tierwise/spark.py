"""tierwise over a Spark DataFrame: score every member, refit the program's models.

``score`` runs the engine inside ``mapInArrow``: each executor's Python worker compiles the
program once (the compiled engine is kept per process, keyed by the program's text) and
scores Arrow batches of snapshots in Rust. ``fit_models`` aggregates the sufficient
statistics in Spark (customers counted by distinct ``(x, t_x, T)`` and ``(x, mean value)``,
RFM inputs counted by value) and fits on the driver in Rust, so a nightly job refits the
``scores`` section the storefront loads.

    from tierwise.spark import score, fit_models
    program["scores"] = fit_models(members, now, program=program)
    scored = score(members, program, now)
"""

import datetime
import json

from . import _tierwise
from ._engine import Engine, _moment, _text
from ._models import fit_bgnbd, fit_gamma_gamma

# One compiled engine per program text in each Python worker process.
_ENGINES = {}


def _engine(program_text):
    engine = _ENGINES.get(program_text)
    if engine is None:
        engine = _tierwise.NativeEngine(program_text)
        _ENGINES.clear()
        _ENGINES[program_text] = engine
    return engine


def _now_text(now):
    if now is None:
        raise TypeError("now= is required: tierwise never reads a clock")
    if isinstance(now, datetime.datetime):
        return _moment(now)
    return str(now)


def outbound_surfaces(program):
    """The surfaces that contact a member (those with a ``channel_consent``: sms, phone, …)."""
    return [surface_id for surface_id, _channel, consent in Engine(program).surfaces() if consent is not None]


# The columns ``score`` adds, in order, with their Arrow types (the offer columns,
# ``offer_<surface>``, then the contact plan's ``send_<channel>``, ``send_<channel>_status``
# and ``send_<channel>_next_at``, go between ``churn_signals`` and ``error_code``).
_COLUMNS = [
    ("member_id", "string"),
    ("tier", "string"),
    ("tier_next", "string"),
    ("tier_progress", "double"),
    ("segment", "string"),
    ("tags", "strings"),
    ("rfm_r", "long"),
    ("rfm_f", "long"),
    ("rfm_m", "long"),
    ("rfm_cell", "string"),
    ("recency_days", "long"),
    ("frequency", "long"),
    ("monetary", "long"),
    ("p_alive", "double"),
    ("expected_orders_90d", "double"),
    ("expected_order_value", "long"),
    ("clv", "long"),
    ("days_since_join", "long"),
    ("days_since_first_order", "long"),
    ("days_since_last_order", "long"),
    ("orders_total", "long"),
    ("lifecycle_stage", "string"),
    ("churn_risk", "string"),
    ("churn_signals", "strings"),
]
_TAIL = [("error_code", "string"), ("error_path", "string")]


def outbound_channels(program):
    """The outbound channels of the program's ``contact_policy`` in its order (none without
    a policy): the channels ``score`` adds ``send_<channel>`` columns for."""
    return _engine(_text(program, "program")).outbound_channels()


def scored_columns(surfaces, channels=()):
    """``(name, kind)`` of every column ``score`` adds, for ``surfaces`` and the contact
    policy's outbound ``channels``."""
    sends = []
    for channel in channels:
        sends += [(f"send_{channel}", "string"), (f"send_{channel}_status", "string"), (f"send_{channel}_next_at", "string")]
    return _COLUMNS + [(f"offer_{surface}", "string") for surface in surfaces] + sends + _TAIL


def _spark_type(kind):
    from pyspark.sql import types as T

    return {
        "string": T.StringType(),
        "double": T.DoubleType(),
        "long": T.LongType(),
        "strings": T.ArrayType(T.StringType()),
    }[kind]


def _arrow_type(kind):
    import pyarrow as pa

    return {"string": pa.string(), "double": pa.float64(), "long": pa.int64(), "strings": pa.list_(pa.string())}[kind]


def score_batches(batches, program_text, options_text, snapshot_col, surfaces, prefix=""):
    """The ``mapInArrow`` function of :func:`score`: each Arrow batch with the scored
    columns appended. Usable without Spark on any iterator of ``pyarrow.RecordBatch``."""
    import pyarrow as pa

    engine = _engine(program_text)
    columns = scored_columns(surfaces, engine.outbound_channels())
    for batch in batches:
        snapshots = batch.column(batch.schema.get_field_index(snapshot_col)).to_pylist()
        scored = engine.score_batch(snapshots, options_text, surfaces)
        arrays = list(batch.columns) + [pa.array(scored[name], type=_arrow_type(kind)) for name, kind in columns]
        names = list(batch.schema.names) + [prefix + name for name, _ in columns]
        yield pa.RecordBatch.from_arrays(arrays, names=names)


def score(df, program, now, snapshot_col="snapshot", *, surfaces=None, prefix=""):
    """The input rows plus what a campaign needs of each member.

    ``df[snapshot_col]`` holds each member's snapshot as JSON text (a struct or map column
    is written as JSON first). Added columns: ``member_id``, ``tier``, ``tier_next``,
    ``tier_progress`` (0 to 1 towards the next tier, 1 at the top), ``segment``, ``tags``,
    ``rfm_r``/``rfm_f``/``rfm_m``/``rfm_cell`` and their inputs ``recency_days``,
    ``frequency``, ``monetary``, ``p_alive``, ``expected_orders_90d``,
    ``expected_order_value``, ``clv``, the lifecycle facts ``days_since_join``,
    ``days_since_first_order``, ``days_since_last_order``, ``orders_total`` and
    ``lifecycle_stage`` (when the program's facts have it), ``churn_risk``,
    ``churn_signals``, ``offer_<surface>`` (the best offer's id, ignoring the contact
    policy) for each of ``surfaces`` (every outbound surface of the program by default);
    when the program has a ``contact_policy``, for each of its outbound channels the
    contact plan: ``send_<channel>`` (the id of the offer to send now, or null),
    ``send_<channel>_status`` (``send``, ``wait``, ``blocked`` or ``idle``) and
    ``send_<channel>_next_at`` (when a ``wait`` may send again, or null); and
    ``error_code``/``error_path`` for a snapshot the engine refused (its other columns are
    then null). Every value is what ``Engine(program).facts``/``tier_progress``/
    ``next_best_offers``/``contact_plan`` return for that member. ``prefix`` goes before
    every added column's name.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    program_text = _text(program, "program")
    declared = [surface_id for surface_id, _channel, _consent in Engine(program_text).surfaces()]
    if surfaces is None:
        surfaces = outbound_surfaces(program_text)
    surfaces = list(surfaces)
    unknown = [surface for surface in surfaces if surface not in declared]
    if unknown:
        raise ValueError(f"the program declares no surface {unknown}; it has {declared}")
    options_text = json.dumps({"now": _now_text(now)})
    if not isinstance(df.schema[snapshot_col].dataType, T.StringType):
        df = df.withColumn(snapshot_col, F.to_json(F.col(snapshot_col)))
    added = [(prefix + name, kind) for name, kind in scored_columns(surfaces, outbound_channels(program_text))]
    clashes = [name for name, _ in added if name in df.columns]
    if clashes:
        raise ValueError(f"the DataFrame already has columns {clashes}; pass prefix= to name the scored columns apart")
    schema = T.StructType(list(df.schema.fields) + [T.StructField(name, _spark_type(kind), True) for name, kind in added])

    def run(batches):
        return score_batches(batches, program_text, options_text, snapshot_col, surfaces, prefix)

    return df.mapInArrow(run, schema)


def _model_input_batches(batches, program_text, options_text, snapshot_col):
    import pyarrow as pa

    engine = _engine(program_text)
    for batch in batches:
        snapshots = batch.column(batch.schema.get_field_index(snapshot_col)).to_pylist()
        histories, rfm = engine.model_inputs(snapshots, options_text)
        x = [h and h[0] for h in histories]
        t_x = [h and h[1] for h in histories]
        age = [h and h[2] for h in histories]
        mean = [h and h[3] for h in histories]
        recency = [r and r[0] for r in rfm]
        frequency = [r and r[1] for r in rfm]
        monetary = [r and r[2] for r in rfm]
        yield pa.RecordBatch.from_arrays(
            [pa.array(x, pa.int64()), pa.array(t_x, pa.int64()), pa.array(age, pa.int64()), pa.array(mean, pa.float64()),
             pa.array(recency, pa.int64()), pa.array(frequency, pa.int64()), pa.array(monetary, pa.int64())],
            names=["x", "t_x_days", "t_days", "mean_value", "recency_days", "frequency", "monetary"],
        )


def _nearest_rank_quintiles(counted):
    """The four nearest-rank quintile cut points of values given as ``(value, count)``:
    for k = 1..4 the value of 1-based rank ⌈k·n/5⌉, as ``rfmBreakpoints`` computes them over
    the values themselves. Integers only, so exact for any n."""
    counted = sorted((int(value), int(count)) for value, count in counted if value is not None)
    n = sum(count for _, count in counted)
    if n == 0:
        return [0, 0, 0, 0]
    cuts = []
    for k in range(1, 5):
        rank = (k * n + 4) // 5
        seen = 0
        for value, count in counted:
            seen += count
            if seen >= rank:
                cuts.append(value)
                break
    return cuts


def _counted(df, *columns):
    return [tuple(row) for row in df.groupBy(*columns).count().collect()]


def fit_models(df, now=None, *, program=None, snapshot_col="snapshot", time_unit_days=None,
               frequency_col="frequency", recency_col="recency", T_col="T", monetary_col="monetary_value",
               diagnostics=False):
    """The program's ``scores`` section refitted over every member of ``df``.

    With a snapshot column (JSON text, as for :func:`score`): each member's purchase
    history and RFM inputs are read by the engine of ``program`` (the package's default
    program when absent) at ``now``; BG/NBD is fitted in the program's time unit
    (``scores.bgnbd.time_unit_days``, 7 by default), Gamma-Gamma in minor units, and the
    RFM breakpoints are the exact nearest-rank quintiles of ``rfmBreakpoints``. The
    program's other score settings (lookback, CLV, churn) are kept.

    Without one, ``df`` is a customer summary as ``lifetimes`` writes it (``frequency``,
    ``recency``, ``T`` and optionally ``monetary_value``, already in model time units):
    only the models are fitted.

    Customers are counted by distinct ``(x, t_x, T)`` and ``(x, mean value)`` in Spark; the
    maximum-likelihood fit runs on the driver in Rust. With ``diagnostics=True`` returns
    ``(section, fits)`` where ``fits`` holds each fit's log-likelihood, customers,
    iterations and convergence.
    """
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    fits = {}
    if snapshot_col in df.columns:
        if program is None:
            program = json.loads(_tierwise.defaults()[0])
        program_text = _text(program, "program")
        Engine(program_text)
        program_dict = json.loads(program_text)
        section = json.loads(json.dumps(program_dict.get("scores", {})))
        unit = time_unit_days or (section.get("bgnbd") or {}).get("time_unit_days", 7)
        options_text = json.dumps({"now": _now_text(now)})
        if not isinstance(df.schema[snapshot_col].dataType, T.StringType):
            df = df.withColumn(snapshot_col, F.to_json(F.col(snapshot_col)))
        schema = T.StructType([
            T.StructField("x", T.LongType()), T.StructField("t_x_days", T.LongType()), T.StructField("t_days", T.LongType()),
            T.StructField("mean_value", T.DoubleType()), T.StructField("recency_days", T.LongType()),
            T.StructField("frequency", T.LongType()), T.StructField("monetary", T.LongType()),
        ])
        inputs = df.select(snapshot_col).mapInArrow(lambda batches: _model_input_batches(batches, program_text, options_text, snapshot_col), schema)
        inputs = inputs.cache()
        try:
            histories = _counted(inputs.where(F.col("x").isNotNull()), "x", "t_x_days", "t_days")
            spends = _counted(inputs.where(F.col("x") > 0), "x", "mean_value")
            recency = _counted(inputs.where(F.col("recency_days").isNotNull()), "recency_days")
            frequency = _counted(inputs.where(F.col("frequency").isNotNull()), "frequency")
            monetary = _counted(inputs.where(F.col("monetary").isNotNull()), "monetary")
        finally:
            inputs.unpersist()
        bgnbd = fit_bgnbd([h[0] for h in histories], [h[1] / unit for h in histories], [h[2] / unit for h in histories], weights=[h[3] for h in histories])
        fits["bgnbd"] = bgnbd
        section["bgnbd"] = {"r": bgnbd["r"], "alpha": bgnbd["alpha"], "a": bgnbd["a"], "b": bgnbd["b"], "time_unit_days": unit}
        if spends:
            gamma_gamma = fit_gamma_gamma([s[0] for s in spends], [s[1] for s in spends], weights=[s[2] for s in spends])
            fits["gamma_gamma"] = gamma_gamma
            section["gamma_gamma"] = {"p": gamma_gamma["p"], "q": gamma_gamma["q"], "gamma": gamma_gamma["gamma"]}
        rfm = dict(section.get("rfm") or {})
        rfm["breakpoints"] = {
            "recency": _nearest_rank_quintiles(recency),
            "frequency": _nearest_rank_quintiles(frequency),
            "monetary": _nearest_rank_quintiles(monetary),
        }
        section["rfm"] = rfm
    else:
        unit = time_unit_days or 7
        histories = _counted(df, frequency_col, recency_col, T_col)
        bgnbd = fit_bgnbd([h[0] for h in histories], [h[1] for h in histories], [h[2] for h in histories], weights=[h[3] for h in histories])
        fits["bgnbd"] = bgnbd
        section = {"bgnbd": {"r": bgnbd["r"], "alpha": bgnbd["alpha"], "a": bgnbd["a"], "b": bgnbd["b"], "time_unit_days": unit}}
        if monetary_col in df.columns:
            spends = _counted(df.where(F.col(frequency_col) > 0), frequency_col, monetary_col)
            gamma_gamma = fit_gamma_gamma([s[0] for s in spends], [s[1] for s in spends], weights=[s[2] for s in spends])
            fits["gamma_gamma"] = gamma_gamma
            section["gamma_gamma"] = {"p": gamma_gamma["p"], "q": gamma_gamma["q"], "gamma": gamma_gamma["gamma"]}
    return (section, fits) if diagnostics else section
