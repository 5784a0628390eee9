"""fit_bgnbd and fit_gamma_gamma on the CDNOW summary that lifetimes ships, against the fits
lifetimes itself made (tests/fixtures/cdnow-lifetimes-fit.json, by bench/lifetimes_fit.py)."""

import csv
import json
import subprocess

import pytest

import tierwise
from support import FIXTURES, ROOT

REFERENCE = json.loads((FIXTURES / "cdnow-lifetimes-fit.json").read_text())


@pytest.fixture(scope="module")
def cdnow():
    with open(FIXTURES / "cdnow_customers_summary_with_transactions.csv") as handle:
        rows = list(csv.DictReader(handle))
    return {key: [float(row[column]) for row in rows] for key, column in (("x", "x"), ("t_x", "t_x"), ("T", "T"), ("m", "zbar"))}


def close(ours, theirs, relative):
    return abs(ours - theirs) <= relative * abs(theirs)


def test_bgnbd_agrees_with_lifetimes(cdnow):
    fit = tierwise.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])
    theirs = REFERENCE["bgnbd"]
    assert fit["converged"] is True
    assert fit["customers"] == 2357
    for name in ("r", "alpha", "a", "b"):
        assert close(fit[name], theirs[name], 1e-3), (name, fit[name], theirs[name])
    at_theirs = tierwise.bgnbd_log_likelihood(theirs, cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert close(at_theirs, theirs["log_likelihood"], 1e-10)
    assert fit["log_likelihood"] >= at_theirs - 1e-9 * abs(at_theirs)


def test_gamma_gamma_agrees_with_lifetimes(cdnow):
    fit = tierwise.fit_gamma_gamma(cdnow["x"], cdnow["m"])
    theirs = REFERENCE["gamma_gamma"]
    assert fit["converged"] is True
    assert fit["customers"] == 946
    for name in ("p", "q", "gamma"):
        assert close(fit[name], theirs[name], 1e-3), (name, fit[name], theirs[name])
    at_theirs = tierwise.gamma_gamma_log_likelihood(theirs, cdnow["x"], cdnow["m"])
    assert close(at_theirs, theirs["log_likelihood"], 1e-10)
    assert fit["log_likelihood"] >= at_theirs - 1e-9 * abs(at_theirs)


def test_any_sequence_and_weights(cdnow):
    import pandas as pd

    frame = pd.DataFrame(cdnow)
    from_series = tierwise.fit_bgnbd(frame["x"], frame["t_x"], frame["T"])
    from_tuples = tierwise.fit_bgnbd(tuple(cdnow["x"]), tuple(cdnow["t_x"]), tuple(cdnow["T"]))
    assert from_series == from_tuples
    counted = frame.groupby(["x", "t_x", "T"]).size().reset_index(name="n")
    weighted = tierwise.fit_bgnbd(counted["x"], counted["t_x"], counted["T"], weights=counted["n"])
    assert weighted == from_series


def test_bad_columns_raise_with_their_rows():
    with pytest.raises(tierwise.TierwiseError) as caught:
        tierwise.fit_bgnbd([1, 0.5, 2], [1, 0, 9], [2, 1, 3])
    assert [(i["code"], i["path"]) for i in caught.value.issues] == [("not_an_integer", "/x/1"), ("recency_after_age", "/t_x/2")]
    with pytest.raises(tierwise.TierwiseError) as caught:
        tierwise.fit_bgnbd([1, 2], [1, 1], [2])
    assert (caught.value.code, caught.value.path) == ("invalid_length", "/t")
    with pytest.raises(tierwise.TierwiseError) as caught:
        tierwise.fit_gamma_gamma([0, 0], [0, 0])
    assert caught.value.code == "empty_list"


def test_lifetimes_run_now_agrees_with_the_recorded_reference_and_with_ours(cdnow, tmp_path):
    # lifetimes itself, in its own virtualenv (scripts/setup makes bench/.venv), fits the same
    # summary now: its parameters equal the recorded ones, and ours agree with them.
    out = tmp_path / "lifetimes.json"
    subprocess.run([str(ROOT / "bench" / ".venv" / "bin" / "python"), str(ROOT / "bench" / "lifetimes_fit.py"),
                    str(FIXTURES / "cdnow_customers_summary_with_transactions.csv"), str(out)], check=True, capture_output=True)
    live = json.loads(out.read_text())
    assert live["versions"]["lifetimes"] == "0.11.3"
    ours = {"bgnbd": tierwise.fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"]), "gamma_gamma": tierwise.fit_gamma_gamma(cdnow["x"], cdnow["m"])}
    for model, names in (("bgnbd", ("r", "alpha", "a", "b", "log_likelihood")), ("gamma_gamma", ("p", "q", "gamma", "log_likelihood"))):
        for name in names:
            assert close(live[model][name], REFERENCE[model][name], 1e-9), (model, name, live[model][name], REFERENCE[model][name])
            if name != "log_likelihood":
                assert close(ours[model][name], live[model][name], 1e-3), (model, name, ours[model][name], live[model][name])
        assert ours[model]["log_likelihood"] >= live[model]["log_likelihood"] - 1e-9 * abs(live[model]["log_likelihood"])
