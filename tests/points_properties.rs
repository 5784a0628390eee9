//! Properties of the points preview that must hold for every cart, member and day:
//! the total is the sum of its contribution lines; an empty cart earns 0; more eligible
//! spend never earns fewer points; removing a discount never lowers points.
//!
//! One caveat is by design and pinned in `tests/vectors/points-lines.json`: the order
//! coupon is spread with the largest-remainder method, which can hand a line one more
//! fen when *another* line grows. With a category bonus, raising one line (or removing
//! its line discount) while an order coupon is spread can therefore cost a category's
//! base one point. The properties below hold exactly where that cannot happen: when
//! every line's eligible amount grows (no coupon, or the coupon removed), and for any
//! change when the bonuses depend on the whole order only.

use proptest::prelude::*;
use tierwise::engine::{EvaluateOptions, Engine};
use tierwise::money::{Money, Points};
use tierwise::points::PointsPreview;
use tierwise::snapshot::{Birthday, Cart, LedgerEntry, Line, PointsAccount, Snapshot, TierState};
use tierwise::time::{Date, Instant, UtcOffset};

const DEFAULT_PROGRAM: &str = include_str!("../src/defaults/program.json");

/// Caps of every kind, compound stacking, half-up rounding, a basis-point rate.
const CAPPED_PROGRAM: &str = r#"{
  "id": "capped", "currency": "CNY", "utc_offset": "+08:00", "excluded_categories": ["gift_card"],
  "points": {
    "rate": { "bp": 15000 }, "rounding": "half_up", "max_points_per_order": 3000,
    "bonuses": [
      { "id": "tier", "kind": "tier", "bp_by_tier": { "silver": 1000, "gold": 5000, "diamond": 10000 }, "caps": { "per_month": 800 } },
      { "id": "tea", "kind": "category", "categories": ["tea"], "bp": 20000, "caps": { "per_order": 700, "per_year": 5000 } },
      { "id": "member_day", "kind": "campaign", "day_of_month": 18, "bp": 10000, "stacking": "compound", "caps": { "per_order": 1500 } },
      { "id": "birthday", "kind": "birthday_month", "bp": 5000, "stacking": "compound" }
    ]
  }
}"#;

/// Ceil rounding, bonuses that depend on the whole order only.
const WHOLE_ORDER_PROGRAM: &str = r#"{
  "id": "whole-order", "currency": "CNY", "utc_offset": "+08:00", "excluded_categories": ["gift_card"],
  "points": {
    "rate": 2, "rounding": "ceil", "max_points_per_order": 20000,
    "bonuses": [
      { "id": "tier", "kind": "tier", "bp_by_tier": { "member": 500, "silver": 1000, "gold": 5000 } },
      { "id": "spring", "kind": "campaign", "windows": [ { "from": "2026-03-01", "to": "2026-05-31" } ], "bp": 3333, "caps": { "per_order": 900, "per_month": 2000 } },
      { "id": "birthday", "kind": "birthday_month", "bp": 2500, "stacking": "compound" }
    ]
  }
}"#;

fn engines() -> Vec<Engine> {
    [DEFAULT_PROGRAM, CAPPED_PROGRAM, WHOLE_ORDER_PROGRAM].iter().filter_map(|text| Engine::compile_json(text).ok()).collect()
}

fn engine(index: usize) -> Engine {
    let mut all = engines();
    assert_eq!(all.len(), 3, "every test program compiles");
    all.swap_remove(index % 3)
}

fn whole_order_engine() -> Engine {
    engine(2)
}

fn arb_line() -> impl Strategy<Value = Line> {
    (prop::sample::select(vec![Some("tea"), Some("teaware"), Some("gift_card"), None]), 0i64..200_000, 0i64..5, 0u32..=100, 0u32..=100).prop_map(
        |(category, unit_price, quantity, discount_pct, refund_pct)| {
            let gross = unit_price * quantity;
            let discount = gross * i64::from(discount_pct) / 400;
            let refunded = if refund_pct > 80 { (gross - discount) * i64::from(refund_pct - 80) / 20 } else { 0 };
            Line {
                id: None,
                sku: None,
                category: category.map(str::to_string),
                unit_price: Money(unit_price),
                quantity,
                discount: Money(discount),
                refunded: Money(refunded),
            }
        },
    )
}

fn arb_cart() -> impl Strategy<Value = Cart> {
    (prop::collection::vec(arb_line(), 0..12), 0i64..60_000, 0i64..3_000).prop_map(|(lines, discount, shipping)| Cart { lines, discount: Money(discount), shipping: Money(shipping) })
}

/// A member: tier, birth month, and ledger entries for the capped rules.
fn arb_snapshot() -> impl Strategy<Value = Snapshot> {
    (prop::sample::select(vec![None, Some("member"), Some("silver"), Some("gold"), Some("diamond")]), prop::option::of(1u32..=12), prop::collection::vec((0i64..365, prop::sample::select(vec!["tier", "tea", "member_day", "spring"]), 0i64..3_000), 0..6))
        .prop_map(|(tier, birth_month, ledger)| {
            let start = Instant::parse("2026-01-01T12:00:00+08:00").map(Instant::unix_seconds).unwrap_or(0);
            Snapshot {
                member_id: "m-prop".into(),
                joined_at: Date::from_ymd(2024, 1, 1).unwrap_or(Date::MIN),
                birthday: birth_month.map(|month| Birthday { year: Some(1990), month, day: 10 }),
                tier: tier.map(|id| TierState { id: id.into(), since: None, valid_until: None }),
                orders: Vec::new(),
                points: PointsAccount {
                    lots: Vec::new(),
                    ledger: ledger
                        .into_iter()
                        .map(|(day, rule, points)| LedgerEntry { at: Instant::from_unix_seconds(start + day * 86_400, UtcOffset::UTC), rule: rule.into(), points: Points(points) })
                        .collect(),
                },
                events: Vec::new(),
                consent: Default::default(),
                offer_history: Vec::new(),
                contact_history: Vec::new(),
                preferred_channel: None,
                attributes: Default::default(),
                referred_by: None,
            }
        })
}

/// A moment in 2026, any hour, written in UTC (so the program's offset decides the day).
fn arb_now() -> impl Strategy<Value = EvaluateOptions> {
    (0i64..365 * 24).prop_map(|hours| {
        let start = Instant::parse("2026-01-01T00:00:00Z").map(Instant::unix_seconds).unwrap_or(0);
        EvaluateOptions { now: Instant::from_unix_seconds(start + hours * 3_600, UtcOffset::UTC), cart: None, surface: None, limit: None, explain: Default::default(), contact_plan: false }
    })
}

fn preview(engine: &Engine, snapshot: &Snapshot, cart: &Cart, options: &EvaluateOptions) -> Result<PointsPreview, TestCaseError> {
    cart.check().map_err(|e| TestCaseError::fail(format!("generated an invalid cart: {e}")))?;
    engine.preview_points(snapshot, cart, options).map_err(|e| TestCaseError::fail(format!("preview failed: {e}")))
}

fn total(engine: &Engine, snapshot: &Snapshot, cart: &Cart, options: &EvaluateOptions) -> Result<i64, TestCaseError> {
    preview(engine, snapshot, cart, options).map(|p| p.total.count())
}

proptest! {
    #[test]
    fn total_is_the_sum_of_the_contribution_lines(program in 0usize..3, snapshot in arb_snapshot(), cart in arb_cart(), options in arb_now()) {
        let engine = engine(program);
        let result = preview(&engine, &snapshot, &cart, &options)?;
        let sum: i64 = result.contributions.iter().map(|c| c.awarded.count()).sum();
        prop_assert_eq!(result.total.count(), sum);
        // The same holds on the wire, where JS reads it.
        let json: serde_json::Value = serde_json::to_value(&result).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let wire_sum: i64 = json["contributions"].as_array().map(|list| list.iter().filter_map(|c| c["awarded"].as_i64()).sum()).unwrap_or(-1);
        prop_assert_eq!(json["total"].as_i64(), Some(wire_sum));
        // Every contribution stays within what it asked for, and a capped one says so.
        for contribution in &result.contributions {
            prop_assert!(contribution.awarded <= contribution.requested);
            prop_assert_eq!(contribution.capped, contribution.awarded < contribution.requested);
            prop_assert_eq!(contribution.capped, contribution.cap.is_some());
        }
        let eligible: i64 = result.lines.iter().map(|l| l.eligible.minor()).sum();
        prop_assert_eq!(result.eligible.minor(), eligible);
    }

    #[test]
    fn an_empty_cart_earns_nothing(program in 0usize..3, snapshot in arb_snapshot(), options in arb_now(), discount in 0i64..10_000, shipping in 0i64..10_000) {
        let engine = engine(program);
        let cart = Cart { lines: Vec::new(), discount: Money(discount), shipping: Money(shipping) };
        let result = preview(&engine, &snapshot, &cart, &options)?;
        prop_assert_eq!(result.total, Points::ZERO);
        prop_assert!(result.contributions.iter().all(|c| c.awarded == Points::ZERO));
    }

    #[test]
    fn more_eligible_spend_never_earns_fewer_points(
        program in 0usize..3, snapshot in arb_snapshot(), mut cart in arb_cart(), options in arb_now(),
        which in any::<prop::sample::Index>(), extra_price in 1i64..50_000, extra_line in arb_line(),
    ) {
        // Without an order coupon, every line keeps or grows its eligible amount.
        let engine = engine(program);
        cart.discount = Money::ZERO;
        let before = total(&engine, &snapshot, &cart, &options)?;
        let mut raised = cart.clone();
        if let Some(line) = (!raised.lines.is_empty()).then(|| which.index(raised.lines.len())).and_then(|i| raised.lines.get_mut(i)) {
            line.unit_price = Money(line.unit_price.minor() + extra_price);
        }
        prop_assert!(total(&engine, &snapshot, &raised, &options)? >= before);
        let mut grown = cart.clone();
        grown.lines.push(extra_line);
        prop_assert!(total(&engine, &snapshot, &grown, &options)? >= before);
    }

    #[test]
    fn more_spend_never_earns_fewer_points_when_bonuses_depend_on_the_whole_order(
        snapshot in arb_snapshot(), cart in arb_cart(), options in arb_now(), which in any::<prop::sample::Index>(), extra_price in 1i64..50_000,
    ) {
        // With a coupon spread over the lines, raising one line raises the order's
        // eligible total; bonuses on the whole order follow it.
        let engine = whole_order_engine();
        let before = total(&engine, &snapshot, &cart, &options)?;
        let mut raised = cart.clone();
        if let Some(line) = (!raised.lines.is_empty()).then(|| which.index(raised.lines.len())).and_then(|i| raised.lines.get_mut(i)) {
            line.unit_price = Money(line.unit_price.minor() + extra_price);
        }
        prop_assert!(total(&engine, &snapshot, &raised, &options)? >= before);
    }

    #[test]
    fn removing_the_order_discount_never_lowers_points(program in 0usize..3, snapshot in arb_snapshot(), cart in arb_cart(), options in arb_now()) {
        let engine = engine(program);
        let before = total(&engine, &snapshot, &cart, &options)?;
        let without = Cart { discount: Money::ZERO, ..cart };
        prop_assert!(total(&engine, &snapshot, &without, &options)? >= before);
    }

    #[test]
    fn removing_a_line_discount_never_lowers_points(
        program in 0usize..3, snapshot in arb_snapshot(), mut cart in arb_cart(), options in arb_now(), which in any::<prop::sample::Index>(),
    ) {
        let engine = engine(program);
        cart.discount = Money::ZERO;
        prop_assume!(!cart.lines.is_empty());
        let before = total(&engine, &snapshot, &cart, &options)?;
        let mut without = cart.clone();
        if let Some(line) = without.lines.get_mut(which.index(cart.lines.len())) {
            line.discount = Money::ZERO;
        }
        prop_assert!(total(&engine, &snapshot, &without, &options)? >= before);
    }

    #[test]
    fn removing_a_line_discount_under_a_coupon_never_lowers_whole_order_points(
        snapshot in arb_snapshot(), cart in arb_cart(), options in arb_now(), which in any::<prop::sample::Index>(),
    ) {
        let engine = whole_order_engine();
        prop_assume!(!cart.lines.is_empty());
        let before = total(&engine, &snapshot, &cart, &options)?;
        let mut without = cart.clone();
        if let Some(line) = without.lines.get_mut(which.index(cart.lines.len())) {
            line.discount = Money::ZERO;
        }
        prop_assert!(total(&engine, &snapshot, &without, &options)? >= before);
    }
}
