"""``Engine``: a compiled program, evaluated member by member."""

import datetime
import json

from . import _tierwise
from ._errors import TierwiseError


def _text(value, name):
    """JSON text of a dict/list (or the text itself when given as ``str``/``bytes``)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as error:
        raise TierwiseError("invalid_json", "", f"{name} cannot be written as JSON: {error}", [
            {"code": "invalid_json", "path": "", "message": f"{name} cannot be written as JSON: {error}", "severity": "error"}
        ]) from None


def _moment(now):
    """``now`` as the RFC 3339 text the engine reads; an aware ``datetime`` is accepted."""
    if isinstance(now, datetime.datetime):
        if now.tzinfo is None or now.utcoffset() is None:
            raise TierwiseError("invalid_value", "/options/now", "now must carry a UTC offset", [
                {"code": "invalid_value", "path": "/options/now", "message": "now must carry a UTC offset", "severity": "error"}
            ])
        return now.isoformat()
    return now


def _options(now, more=None, **options):
    """The options object: ``now``, the keywords that were given (``None`` means not given)
    and ``more``, a dict of further options sent exactly as given (as the npm package sends
    its options object, an explicit ``None`` included)."""
    if now is None:
        raise TypeError("now= is required: tierwise never reads a clock")
    found = {"now": _moment(now)}
    for key, value in options.items():
        if value is not None:
            found[key] = value
    if more:
        found.update(more)
    return _text(found, "options")


class Engine:
    """A compiled program (a dict or its JSON text): compile once, evaluate many members.

    >>> engine = Engine(program)                                 # doctest: +SKIP
    >>> engine.evaluate(snapshot, now="2026-11-23T10:00:00+08:00")["tier"]["current"]["id"]  # doctest: +SKIP

    Every method takes a snapshot as a dict or JSON text and keyword options (``now=`` is
    required; ``surface=``, ``limit=``, ``explain=``, ``cart=`` where the call reads them,
    ``None`` meaning not given; ``options=`` a dict of further options sent as given) and
    returns dicts; the ``*_json`` twins return the JSON text itself, the bytes the npm
    package parses. Errors raise :class:`TierwiseError`.
    """

    def __init__(self, program):
        self._native = _tierwise.NativeEngine(_text(program, "program"))

    # Per-member calls --------------------------------------------------------------------
    def facts_json(self, snapshot, *, now, options=None):
        return self._native.facts(_text(snapshot, "snapshot"), _options(now, options))

    def facts(self, snapshot, *, now, options=None):
        """The member's facts: base facts, scores, ``segment`` and ``tags``."""
        return json.loads(self.facts_json(snapshot, now=now, options=options))

    def evaluate_json(self, snapshot, *, now, surface=None, limit=None, explain=None, cart=None, options=None):
        return self._native.evaluate(_text(snapshot, "snapshot"), _options(now, options, surface=surface, limit=limit, explain=explain, cart=cart))

    def evaluate(self, snapshot, *, now, surface=None, limit=None, explain=None, cart=None, options=None):
        """Everything a member page shows: facts, scores, tier, points and offers."""
        return json.loads(self.evaluate_json(snapshot, now=now, surface=surface, limit=limit, explain=explain, cart=cart, options=options))

    def tier_progress_json(self, snapshot, *, now, options=None):
        return self._native.tier_progress(_text(snapshot, "snapshot"), _options(now, options))

    def tier_progress(self, snapshot, *, now, options=None):
        """Current and next tier, per-metric progress, deadline, pace and requalification."""
        return json.loads(self.tier_progress_json(snapshot, now=now, options=options))

    def tier_progress_after_cart_json(self, snapshot, cart, *, now, options=None):
        return self._native.tier_progress_after_cart(_text(snapshot, "snapshot"), _text(cart, "cart"), _options(now, options))

    def tier_progress_after_cart(self, snapshot, cart, *, now, options=None):
        """What placing ``cart`` now would do to the member's tier."""
        return json.loads(self.tier_progress_after_cart_json(snapshot, cart, now=now, options=options))

    def preview_points_json(self, snapshot, cart=None, *, now, options=None):
        return self._native.preview_points(_text(snapshot, "snapshot"), _text({} if cart is None else cart, "cart"), _options(now, options))

    def preview_points(self, snapshot, cart=None, *, now, options=None):
        """What ``cart`` would earn, line by line and rule by rule."""
        return json.loads(self.preview_points_json(snapshot, cart, now=now, options=options))

    def next_best_offers_json(self, snapshot, *, now, surface=None, limit=None, explain=None, options=None):
        return self._native.next_best_offers(_text(snapshot, "snapshot"), _options(now, options, surface=surface, limit=limit, explain=explain))

    def next_best_offers(self, snapshot, *, now, surface=None, limit=None, explain=None, options=None):
        """The offers for ``surface`` (``member_page`` when absent) and why others are not shown."""
        return json.loads(self.next_best_offers_json(snapshot, now=now, surface=surface, limit=limit, explain=explain, options=options))

    def contact_plan_json(self, snapshot, *, now, options=None):
        return self._native.contact_plan(_text(snapshot, "snapshot"), _options(now, options))

    def contact_plan(self, snapshot, *, now, options=None):
        """Per outbound channel of the program's ``contact_policy``, the single best offer to
        send at ``now``, or none with the reason and the earliest moment one could go out
        (what a nightly send job asks); raises ``no_contact_policy`` without a policy."""
        return json.loads(self.contact_plan_json(snapshot, now=now, options=options))

    # The program and populations ---------------------------------------------------------
    def program(self):
        """The program's id, version, name, currency, minor digits, offset and locales."""
        return json.loads(self._native.program())

    def warnings(self):
        """Warnings found when the program was compiled, as issue dicts."""
        return json.loads(self._native.warnings())

    def rfm_breakpoints(self, snapshots, *, now):
        """Quintile RFM breakpoints of a list of snapshots, as the npm package's ``rfmBreakpoints``."""
        text = snapshots if isinstance(snapshots, (str, bytes)) else "[" + ",".join(_text(s, "snapshot") for s in snapshots) + "]"
        return json.loads(self._native.rfm_breakpoints(_text(text, "snapshots"), _options(now)))

    def surfaces(self):
        """The program's surfaces as ``(id, channel, channel_consent)``."""
        return self._native.surfaces()
