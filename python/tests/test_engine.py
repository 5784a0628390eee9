"""The Python surface of Engine: dicts or JSON text in, dicts out, keyword options, errors."""

import datetime
import json

import pytest

import tierwise
from support import DEFAULT_PROGRAM, PERSONAS, persona

NOW = PERSONAS["now"]


@pytest.fixture(scope="module")
def engine():
    return tierwise.Engine(DEFAULT_PROGRAM)


def test_dict_and_text_give_the_same_bytes(engine):
    from_text = tierwise.Engine(json.dumps(DEFAULT_PROGRAM))
    snapshot = persona("potential")
    assert engine.evaluate_json(snapshot, now=NOW) == from_text.evaluate_json(json.dumps(snapshot), now=NOW)
    page = engine.evaluate(snapshot, now=NOW)
    assert page["facts"]["member_id"] == "m-potential"
    assert page["tier"]["current"]["id"] == "silver"
    assert page == json.loads(engine.evaluate_json(snapshot, now=NOW))


def test_every_call_returns_dicts(engine):
    snapshot = persona("high_value")
    facts = engine.facts(snapshot, now=NOW)
    assert facts["member_id"] == "m-high-value"
    assert facts["segment"] == engine.evaluate(snapshot, now=NOW)["facts"]["segment"]
    tier = engine.tier_progress(snapshot, now=NOW)
    assert tier["current"]["id"] == facts["tier"]
    cart = {"lines": [{"category": "tea", "unit_price": 12800, "quantity": 2}]}
    points = engine.preview_points(snapshot, cart, now=NOW)
    assert points["total"] > 0
    after = engine.tier_progress_after_cart(snapshot, cart, now=NOW)
    assert after["cart_spend"] == 25600
    offers = engine.next_best_offers(snapshot, now=NOW, surface="sms", limit=1)
    assert offers["surface"] == "sms" and len(offers["offers"]) <= 1
    assert engine.program()["currency"] == "CNY"
    assert engine.warnings() == []


def test_now_is_required_and_may_be_an_aware_datetime(engine):
    snapshot = persona("new")
    with pytest.raises(TypeError):
        engine.facts(snapshot)  # type: ignore[call-arg]
    moment = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=8)))
    assert engine.facts(snapshot, now=moment) == engine.facts(snapshot, now=NOW)
    with pytest.raises(tierwise.TierwiseError) as caught:
        engine.facts(snapshot, now=datetime.datetime(2026, 11, 23, 10, 0))
    assert caught.value.path == "/options/now"


def test_errors_carry_code_path_and_issues(engine):
    with pytest.raises(tierwise.TierwiseError) as caught:
        tierwise.Engine({"id": "p", "currency": "CNY"})
    assert caught.value.code == "missing_field"
    assert caught.value.path == "/utc_offset"
    assert caught.value.issues[0]["code"] == "missing_field"
    with pytest.raises(tierwise.TierwiseError) as caught:
        engine.facts({"member_id": "m", "joined_at": "2026-11-01", "orders": [{"id": "o", "placed_at": "yesterday", "lines": []}]}, now=NOW)
    assert caught.value.path == "/orders/0/placed_at"
    with pytest.raises(tierwise.TierwiseError) as caught:
        engine.next_best_offers(persona("new"), now=NOW, surface="billboard")
    assert caught.value.code == "unknown_surface"
    assert isinstance(caught.value, ValueError)
    with pytest.raises(tierwise.TierwiseError) as caught:
        engine.facts("{not json", now=NOW)
    assert caught.value.code == "invalid_json"


def test_rfm_breakpoints_of_snapshots_equal_the_column_form(engine):
    snapshots = [entry["snapshot"] for entry in PERSONAS["personas"]]
    from_snapshots = engine.rfm_breakpoints(snapshots, now=NOW)
    facts = [engine.facts(snapshot, now=NOW)["rfm"] for snapshot in snapshots]
    from_columns = tierwise.rfm_breakpoints([f["recency_days"] for f in facts], [f["frequency"] for f in facts], [f["monetary"] for f in facts])
    assert from_columns == from_snapshots
    assert tierwise.rfm_breakpoints([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], list(range(10)), [0] * 10) == {
        "recency": [2, 4, 6, 8], "frequency": [1, 3, 5, 7], "monetary": [0, 0, 0, 0]}
    assert tierwise.rfm_breakpoints([None, None], [], []) == {"recency": [0, 0, 0, 0], "frequency": [0, 0, 0, 0], "monetary": [0, 0, 0, 0]}


def test_the_default_program_is_the_package_data():
    assert tierwise.default_program() == DEFAULT_PROGRAM
    assert tierwise.default_personas() == PERSONAS


def test_contact_plan_is_the_send_job_view_of_one_member(engine):
    # The new member sent 2 marketing SMS on 12 and 19 November: SMS waits for its cap to
    # free, push sends the welcome coupon, email and staff calls have no consent.
    plan = engine.contact_plan(persona("new"), now=NOW)
    by_channel = {entry["channel"]: entry for entry in plan["channels"]}
    assert list(by_channel) == ["sms", "push", "email", "phone"]
    assert by_channel["sms"]["status"] == "wait"
    assert by_channel["sms"]["reason"]["reason"] == "contact_capped"
    assert by_channel["sms"]["reason"]["frees_on"] == "2026-12-12"
    assert by_channel["sms"]["next_at"] == "2026-12-12T09:00:00+08:00"
    assert by_channel["push"]["status"] == "send"
    assert by_channel["push"]["offer"]["id"] == "new_customer_coupon"
    assert [by_channel[c]["reason"]["reason"] for c in ("email", "phone")] == ["channel_opt_out", "channel_opt_out"]
    assert plan == engine.evaluate(persona("new"), now=NOW, options={"contact_plan": True})["contact_plan"]


def test_contact_plan_without_a_policy_raises_with_a_code(engine):
    program = {key: value for key, value in DEFAULT_PROGRAM.items() if key != "contact_policy"}
    with pytest.raises(tierwise.TierwiseError) as raised:
        tierwise.Engine(program).contact_plan(persona("new"), now=NOW)
    assert raised.value.code == "no_contact_policy"
    assert raised.value.path == "/contact_policy"
