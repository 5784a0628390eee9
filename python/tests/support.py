"""What the Python suite shares with the native and JS runners: the shared vectors, their
`check`, canonical JSON, and generated members."""

import decimal
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VECTORS = ROOT / "tests" / "vectors"
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT_PROGRAM = json.loads((ROOT / "src" / "defaults" / "program.json").read_text())
PERSONAS = json.loads((ROOT / "src" / "defaults" / "personas.json").read_text())


def js_number(value):
    """ECMAScript Number::toString of a finite float (the shortest round-trip digits)."""
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    digits_tuple = decimal.Decimal(repr(abs(value))).normalize().as_tuple()
    digits = "".join(str(d) for d in digits_tuple.digits)
    k = len(digits)
    n = digits_tuple.exponent + k
    if k <= n <= 21:
        body = digits + "0" * (n - k)
    elif 0 < n <= 21:
        body = digits[:n] + "." + digits[n:]
    elif -6 < n <= 0:
        body = "0." + "0" * (-n) + digits
    else:
        e = n - 1
        exp = f"+{e}" if e >= 0 else str(e)
        body = (digits + "e" + exp) if k == 1 else (digits[0] + "." + digits[1:] + "e" + exp)
    return sign + body


def canonical(value):
    """Canonical JSON as every runner writes vector outputs: keys in code-point order, no
    whitespace, strings as JSON.stringify escapes them, numbers as JavaScript prints them."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return js_number(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ",".join(canonical(item) for item in value) + "]"
    return "{" + ",".join(json.dumps(key, ensure_ascii=False) + ":" + canonical(value[key]) for key in sorted(value)) + "}"


def sorted_keys(value):
    """The value with object keys in code-point order, as the native runner sends inputs."""
    if isinstance(value, dict):
        return {key: sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [sorted_keys(item) for item in value]
    return value


def output_name(label):
    return label.replace("#", "_").replace("/", "_").replace(" ", "_")


def vectors():
    """Every shared vector as (label, vector), expanded as tests/support/mod.rs expands them."""
    found = []
    for path in sorted(VECTORS.glob("*.json")):
        name = path.stem
        data = json.loads(path.read_text())
        if not isinstance(data.get("vectors"), list):
            found.append((name, data))
            continue
        shared = {key: value for key, value in data.items() if key != "vectors"}
        for index, entry in enumerate(data["vectors"]):
            merged = dict(shared)
            merged.update(entry)
            found.append((f"{name}#{entry.get('name', index)}", merged))
    return found


def persona(persona_id):
    for entry in PERSONAS["personas"]:
        if entry["id"] == persona_id:
            return entry["snapshot"]
    raise KeyError(persona_id)


def options_of(vector):
    options = vector.get("options", {})
    offers_call = vector.get("call") in ("evaluate", "next_best_offers")
    if not offers_call or vector.get("default_explain") is True or not isinstance(options, dict) or "explain" in options:
        return options
    return {**options, "explain": "full"}


def run(tierwise, vector):
    """Runs a vector's call through the Python API: ("result", dict) or ("error", dict)."""
    program = vector.get("program")
    if program == "default":
        program = DEFAULT_PROGRAM
    if program is None or isinstance(program, str):
        raise ValueError(f"vector has no usable program: {program!r}")
    snapshot = vector.get("snapshot", {})
    if isinstance(snapshot, str):
        if not snapshot.startswith("persona:"):
            raise ValueError(f"unknown snapshot reference {snapshot!r}")
        snapshot = persona(snapshot[len("persona:"):])
    call = vector.get("call", "facts")
    program, snapshot, cart, options = (sorted_keys(program), sorted_keys(snapshot), sorted_keys(vector.get("cart", {})), sorted_keys(options_of(vector)))
    try:
        engine = tierwise.Engine(program)
    except tierwise.TierwiseError as error:
        return "error", error.to_dict()
    if call == "compile":
        return "result", {"ok": True}
    # Options pass through as given: `now` and the keywords the call takes; anything else
    # (an explicit null, a cart inside the options) goes in `options=`, sent exactly as the
    # package sends its options object. Options that are not an object, or lack `now`, go to
    # the engine as JSON text (they must fail as they fail in the package).
    keywords = {"evaluate": {"surface", "limit", "explain", "cart"}, "next_best_offers": {"surface", "limit", "explain"}}.get(call, set())
    try:
        if not isinstance(options, dict) or options.get("now") is None:
            return "result", _raw(engine, call, snapshot, cart, options)
        now = options["now"]
        given = {key: value for key, value in options.items() if key in keywords and value is not None}
        more = {key: value for key, value in options.items() if key != "now" and key not in given}
        if call == "facts":
            return "result", engine.facts(snapshot, now=now, options=more, **given)
        if call == "evaluate":
            return "result", engine.evaluate(snapshot, now=now, options=more, **given)
        if call == "next_best_offers":
            return "result", engine.next_best_offers(snapshot, now=now, options=more, **given)
        if call == "tier_progress":
            return "result", engine.tier_progress(snapshot, now=now, options=more, **given)
        if call == "tier_progress_after_cart":
            return "result", engine.tier_progress_after_cart(snapshot, cart, now=now, options=more, **given)
        if call == "preview_points":
            return "result", engine.preview_points(snapshot, cart, now=now, options=more, **given)
        if call == "contact_plan":
            return "result", engine.contact_plan(snapshot, now=now, options=more, **given)
    except tierwise.TierwiseError as error:
        return "error", error.to_dict()
    raise ValueError(f"unknown call {call!r}")


def _raw(engine, call, snapshot, cart, options):
    native = engine._native
    snapshot_text, cart_text, options_text = json.dumps(snapshot), json.dumps(cart), json.dumps(options)
    if call in ("preview_points", "tier_progress_after_cart"):
        return json.loads(getattr(native, call)(snapshot_text, cart_text, options_text))
    return json.loads(getattr(native, call)(snapshot_text, options_text))


def subset(expected, actual, path="", failures=None):
    failures = [] if failures is None else failures
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            failures.append(f"{path}: expected {expected!r}, got {actual!r}")
            return failures
        for key, value in expected.items():
            if key not in actual:
                failures.append(f"{path}/{key}: missing (expected {value!r})")
            else:
                subset(value, actual[key], f"{path}/{key}", failures)
    elif isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            failures.append(f"{path}: expected {len(expected)} elements, got {actual!r}")
            return failures
        for index, (want, have) in enumerate(zip(expected, actual)):
            subset(want, have, f"{path}/{index}", failures)
    elif isinstance(expected, bool) or isinstance(actual, bool):
        if expected is not actual:
            failures.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        if float(expected) != float(actual):
            failures.append(f"{path}: expected {expected!r}, got {actual!r}")
    elif expected != actual:
        failures.append(f"{path}: expected {expected!r}, got {actual!r}")
    return failures


def check(tierwise, vector):
    """Runs one vector, compares it with its expectation, returns the output as canonical JSON."""
    kind, value = run(tierwise, vector)
    has_expect, has_error = "expect" in vector, "expect_error" in vector
    assert has_expect != has_error, "a vector needs exactly one of expect / expect_error"
    if has_expect:
        assert kind == "result", f"expected a result, got error {canonical(value)}"
    else:
        assert kind == "error", f"expected an error, got {canonical(value)}"
    failures = subset(vector["expect"] if has_expect else vector["expect_error"], value)
    assert not failures, "\n".join(failures)
    return canonical(value)


CATEGORIES = [("tea", 9900, 32000), ("teaware", 15000, 68000), ("snacks", 2900, 9900), ("gift_card", 20000, 50000)]


def generated_members(count, seed=19, now_year=2026):
    """`count` snapshots in the default program's shape, the same for a given seed: members
    joined over four years, 0 to 30 orders each (some refunded), consent flags, a held tier,
    points lots and complaints."""
    rng = random.Random(seed)
    members = []
    for index in range(count):
        joined = (2022 + rng.randrange(5), 1 + rng.randrange(12), 1 + rng.randrange(28))
        if joined[0] == now_year and joined[1] > 11:
            joined = (now_year, 11, min(joined[2], 20))
        orders = []
        for order_index in range(rng.choice([0, 0, 1, 1, 2, 3, 4, 6, 9, 14, 30])):
            year = max(joined[0], 2023 + rng.randrange(4))
            month = 1 + rng.randrange(12 if year < now_year else 11)
            day = 1 + rng.randrange(28)
            if (year, month, day) < joined:
                year, month, day = joined
            category, low, high = rng.choice(CATEGORIES)
            order = {
                "id": f"g{index}-{order_index}",
                "placed_at": f"{year:04d}-{month:02d}-{day:02d}T{8 + rng.randrange(14):02d}:{rng.randrange(60):02d}:00+08:00",
                "lines": [{"category": category, "unit_price": rng.randrange(low, high, 100), "quantity": 1 + rng.randrange(3)}],
            }
            if rng.random() < 0.05:
                order["status"] = "refunded"
            if rng.random() < 0.2:
                order["discount"] = 1000 * rng.randrange(1, 5)
            orders.append(order)
        snapshot = {
            "member_id": f"gen-{index:05d}",
            "joined_at": f"{joined[0]:04d}-{joined[1]:02d}-{joined[2]:02d}",
            "orders": orders,
            "consent": {"marketing": rng.random() < 0.8, "sms": rng.random() < 0.6, "email": rng.random() < 0.5, "phone": rng.random() < 0.3},
        }
        if rng.random() < 0.7:
            snapshot["birthday"] = f"--{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}"
        if rng.random() < 0.3:
            snapshot["events"] = [{"kind": "complaint", "at": f"2026-{1 + rng.randrange(11):02d}-{1 + rng.randrange(28):02d}T10:00:00+08:00"}]
        members.append(snapshot)
    return members
