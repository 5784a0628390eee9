"""tierwise.spark with a real local Spark (local[2]): the scores of generated members equal
what Engine returns member by member, and fit_models equals the fits on the driver."""

import csv
import json
import os
import sys

import pytest

import tierwise
from support import DEFAULT_PROGRAM, FIXTURES, PERSONAS, generated_members

pyspark = pytest.importorskip("pyspark")
NOW = PERSONAS["now"]
MEMBERS = 3000


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    # Spark listens on the loopback interface only.
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("tierwise-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "500")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# A moment in the contact policy's quiet hours (21:00-09:00), for the contact plan columns.
QUIET_NOW = "2026-11-23T22:30:00+08:00"


def with_contacts(members, seed=16):
    """The members with push consent, a preferred channel now and then, and recent marketing
    contacts, so that the contact plan sends, waits on a cap and is blocked by opt-outs."""
    import random

    rng = random.Random(seed)
    for snapshot in members:
        snapshot["consent"]["push"] = rng.random() < 0.5
        if rng.random() < 0.3:
            snapshot["preferred_channel"] = rng.choice(["sms", "push", "email", "phone"])
        history = []
        for _ in range(rng.choice([0, 0, 0, 1, 2, 3, 5])):
            history.append({
                "channel": rng.choice(["sms", "sms", "push", "email", "phone"]),
                "purpose": rng.choice(["marketing", "marketing", "service"]),
                "at": f"2026-11-{1 + rng.randrange(22):02d}T{9 + rng.randrange(12):02d}:00:00+08:00",
            })
        if history:
            snapshot["contact_history"] = history
    return members


@pytest.fixture(scope="module")
def members():
    return with_contacts(generated_members(MEMBERS))


@pytest.fixture(scope="module")
def member_frame(spark, members):
    rows = [(index, json.dumps(snapshot)) for index, snapshot in enumerate(members)]
    rows.append((MEMBERS, '{"member_id": "broken", "joined_at": "not a date"}'))
    return spark.createDataFrame(rows, "row long, snapshot string").repartition(4)


def test_scores_equal_engine_member_by_member(member_frame, members):
    from tierwise.spark import outbound_surfaces, score

    surfaces = outbound_surfaces(DEFAULT_PROGRAM)
    assert surfaces == ["sms", "staff_call", "push", "email"]
    scored = {row["row"]: row.asDict() for row in score(member_frame, DEFAULT_PROGRAM, NOW).collect()}
    assert len(scored) == MEMBERS + 1
    engine = tierwise.Engine(DEFAULT_PROGRAM)
    segments = set()
    for index, snapshot in enumerate(members):
        row = scored[index]
        facts = engine.facts(snapshot, now=NOW)
        tier = engine.tier_progress(snapshot, now=NOW)
        expected = {
            "member_id": facts["member_id"],
            "tier": facts["tier"],
            "tier_next": tier["next"]["id"] if tier["next"] else None,
            "tier_progress": tier["next"]["progress"] if tier["next"] else 1.0,
            "segment": facts["segment"],
            "tags": facts["tags"],
            "rfm_r": facts["rfm"]["r"], "rfm_f": facts["rfm"]["f"], "rfm_m": facts["rfm"]["m"], "rfm_cell": facts["rfm"]["cell"],
            "recency_days": facts["rfm"]["recency_days"], "frequency": facts["rfm"]["frequency"], "monetary": facts["rfm"]["monetary"],
            "p_alive": facts["p_alive"], "expected_orders_90d": facts["expected_orders_90d"],
            "expected_order_value": facts["expected_order_value"], "clv": facts["clv"],
            "days_since_join": facts["days_since_join"], "days_since_first_order": facts["days_since_first_order"],
            "days_since_last_order": facts["days_since_last_order"], "orders_total": facts["orders_total"],
            "lifecycle_stage": facts.get("lifecycle_stage"),
            "churn_risk": facts["churn"]["risk"], "churn_signals": facts["churn"]["signals"],
            "error_code": None, "error_path": None,
        }
        for surface in surfaces:
            offers = engine.next_best_offers(snapshot, now=NOW, surface=surface, limit=1)["offers"]
            expected[f"offer_{surface}"] = offers[0]["id"] if offers else None
        actual = {key: row[key] for key in expected}
        assert actual == expected, f"member {index}"
        segments.add(row["segment"])
    # The generated base is varied enough to reach several segments and both offer kinds.
    assert len(segments) >= 3
    assert any(scored[i]["offer_sms"] for i in range(MEMBERS))
    broken = scored[MEMBERS]
    assert (broken["error_code"], broken["error_path"], broken["member_id"]) == ("invalid_value", "/joined_at", None)


def test_contact_plan_columns_equal_engine_contact_plan(member_frame, members):
    from tierwise.spark import outbound_channels, score

    channels = outbound_channels(DEFAULT_PROGRAM)
    assert channels == ["sms", "push", "email", "phone"]
    engine = tierwise.Engine(DEFAULT_PROGRAM)
    statuses, reasons = set(), set()
    for now in (NOW, QUIET_NOW):
        scored = {row["row"]: row.asDict() for row in score(member_frame, DEFAULT_PROGRAM, now).collect()}
        assert len(scored) == MEMBERS + 1
        for index, snapshot in enumerate(members):
            plans = {plan["channel"]: plan for plan in engine.contact_plan(snapshot, now=now)["channels"]}
            assert sorted(plans) == sorted(channels)
            expected, actual = {}, {}
            for channel, plan in plans.items():
                expected[f"send_{channel}"] = plan["offer"]["id"] if plan["offer"] else None
                expected[f"send_{channel}_status"] = plan["status"]
                expected[f"send_{channel}_next_at"] = plan["next_at"]
                statuses.add(plan["status"])
                if plan["reason"]:
                    reasons.add(plan["reason"]["reason"])
            actual = {key: scored[index][key] for key in expected}
            assert actual == expected, f"member {index} at {now}"
        broken = scored[MEMBERS]
        assert [broken[f"send_{channel}_status"] for channel in channels] == [None] * 4
    # The generated base reaches every status and each cause of waiting or being blocked.
    assert statuses == {"send", "wait", "blocked", "idle"}
    assert {"contact_capped", "quiet_hours", "channel_opt_out", "no_consent"} <= reasons


def test_no_contact_policy_no_contact_plan_columns(member_frame):
    from tierwise.spark import outbound_channels, score

    program = {key: value for key, value in DEFAULT_PROGRAM.items() if key != "contact_policy"}
    assert outbound_channels(program) == []
    scored = score(member_frame, program, NOW)
    assert not [name for name in scored.columns if name.startswith("send_")]
    assert "offer_sms" in scored.columns


def test_fit_models_on_the_cdnow_summary_equals_fit_bgnbd(spark):
    from tierwise.spark import fit_models

    with open(FIXTURES / "cdnow_customers_summary_with_transactions.csv") as handle:
        rows = [(float(r["x"]), float(r["t_x"]), float(r["T"]), float(r["zbar"])) for r in csv.DictReader(handle)]
    frame = spark.createDataFrame(rows, "frequency double, recency double, T double, monetary_value double").repartition(3)
    section, fits = fit_models(frame, diagnostics=True)
    direct = tierwise.fit_bgnbd([r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows])
    assert fits["bgnbd"] == direct
    assert section["bgnbd"] == {"r": direct["r"], "alpha": direct["alpha"], "a": direct["a"], "b": direct["b"], "time_unit_days": 7}
    direct_gg = tierwise.fit_gamma_gamma([r[0] for r in rows], [r[3] for r in rows])
    assert section["gamma_gamma"] == {"p": direct_gg["p"], "q": direct_gg["q"], "gamma": direct_gg["gamma"]}


def test_fit_models_from_snapshots_refits_the_program(spark, member_frame, members):
    from tierwise import _tierwise
    from tierwise.spark import fit_models

    section = fit_models(member_frame.where("row < %d" % MEMBERS), NOW, program=DEFAULT_PROGRAM)
    engine = tierwise.Engine(DEFAULT_PROGRAM)
    # RFM breakpoints: exactly what rfmBreakpoints gives over the same snapshots.
    assert section["rfm"]["breakpoints"] == engine.rfm_breakpoints(members, now=NOW)
    assert section["rfm"]["lookback_days"] == DEFAULT_PROGRAM["scores"]["rfm"]["lookback_days"]
    # The models: the fits of the same histories on the driver.
    native = _tierwise.NativeEngine(json.dumps(DEFAULT_PROGRAM))
    histories, _ = native.model_inputs([json.dumps(s) for s in members], json.dumps({"now": NOW}))
    histories = [h for h in histories if h is not None]
    unit = DEFAULT_PROGRAM["scores"]["bgnbd"]["time_unit_days"]
    direct = tierwise.fit_bgnbd([h[0] for h in histories], [h[1] / unit for h in histories], [h[2] / unit for h in histories])
    assert section["bgnbd"] == {"r": direct["r"], "alpha": direct["alpha"], "a": direct["a"], "b": direct["b"], "time_unit_days": unit}
    repeat = [h for h in histories if h[0] > 0]
    direct_gg = tierwise.fit_gamma_gamma([h[0] for h in repeat], [h[3] for h in repeat])
    assert section["gamma_gamma"] == {"p": direct_gg["p"], "q": direct_gg["q"], "gamma": direct_gg["gamma"]}
    assert section["clv"] == DEFAULT_PROGRAM["scores"]["clv"]
    # The refitted program compiles and scores.
    program = dict(DEFAULT_PROGRAM, scores=section)
    assert tierwise.Engine(program).facts(members[0], now=NOW)["member_id"] == "gen-00000"


def test_score_refuses_what_it_cannot_do_before_running(member_frame):
    from tierwise.spark import score

    with pytest.raises(ValueError, match="billboard"):
        score(member_frame, DEFAULT_PROGRAM, NOW, surfaces=["billboard"])
    clashing = member_frame.withColumnRenamed("row", "member_id")
    with pytest.raises(ValueError, match="prefix"):
        score(clashing, DEFAULT_PROGRAM, NOW)
    named = score(clashing, DEFAULT_PROGRAM, NOW, prefix="tw_", surfaces=["sms"])
    assert named.columns[:3] == ["member_id", "snapshot", "tw_member_id"]
    assert "tw_offer_sms" in named.columns and "tw_offer_staff_call" not in named.columns
    with pytest.raises(tierwise.TierwiseError) as caught:
        score(member_frame, {"id": "p", "currency": "CNY"}, NOW)
    assert caught.value.code == "missing_field"


def test_each_worker_process_compiles_a_program_once():
    from tierwise import spark

    text = json.dumps(DEFAULT_PROGRAM)
    first = spark._engine(text)
    assert spark._engine(text) is first
    other = spark._engine(json.dumps({"id": "p", "currency": "CNY", "utc_offset": "+08:00"}))
    assert other is not first and spark._engine(text) is not first  # one program kept at a time
