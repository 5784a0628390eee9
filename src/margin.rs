//! Gross margin: an optional rate, program-wide and per category, that puts CLV and offer
//! values in profit rather than revenue, as the practice defines CLV.
//!
//! Without a `margin` section nothing changes. With one, the member's CLV is the revenue
//! CLV of the models times the member's own margin rate (the rate of each category weighed
//! by the member's qualifying spend in it), and each offer's value counts at the
//! program-wide rate. Rates are basis points and the arithmetic is integer, floored.

use crate::error::{pointer, Code};
use crate::json::write::ToJson;
use crate::money::Money;
use crate::read::CompileContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use crate::vec_map::VecMap;

/// A margin of 100 %, in basis points.
pub const FULL_MARGIN_BP: i64 = 10_000;

/// Most categories with a rate of their own.
pub const MAX_MARGIN_CATEGORIES: usize = 200;

/// The `margin` section.
///
/// ```json
/// { "rate_bp": 3500, "categories": { "tea": 5000, "teaware": 3000 } }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct MarginSpec {
    /// Gross margin rate of everything without a rate of its own, basis points (0–10000).
    pub rate_bp: i64,
    /// Gross margin rate by line category, basis points (0–10000).
    #[serde(default)]
    pub categories: VecMap<String, i64>,
}

/// How a member's CLV was put in profit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ClvMargin {
    /// The member's margin rate: the category rates weighed by the member's qualifying
    /// spend in each category (lines without a category, and categories without a rate,
    /// at `rate_bp`); `rate_bp` for a member without qualifying spend. Basis points, floored.
    pub margin_bp: i64,
    /// The CLV before the margin (revenue), minor units; `clv` = floor(`revenue_clv` ×
    /// `margin_bp` / 10000).
    pub revenue_clv: Money,
}

/// A compiled `margin` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Margin {
    spec: MarginSpec,
}

fn check_rate(ctx: &mut CompileContext, path: &str, rate: i64) {
    if !(0..=FULL_MARGIN_BP).contains(&rate) {
        ctx.report(Code::OutOfRange, path, format!("a margin rate must be within 0..={FULL_MARGIN_BP} basis points, got {rate}"));
    }
}

/// `amount × rate_bp / 10000`, floored.
pub fn at_rate(amount: i64, rate_bp: i64) -> i64 {
    let exact = (i128::from(amount) * i128::from(rate_bp)).div_euclid(i128::from(FULL_MARGIN_BP));
    i64::try_from(exact).unwrap_or(if exact < 0 { i64::MIN } else { i64::MAX })
}

impl Margin {
    /// Compiles the `margin` section; `None` when absent, or after reporting issues under
    /// `/margin`.
    pub fn compile(section: Option<&Value>, ctx: &mut CompileContext) -> Option<Margin> {
        let section = section.filter(|value| !value.is_null())?;
        let before = ctx.issues.len();
        let spec: MarginSpec = ctx.parse(section, "/margin")?;
        check_rate(ctx, "/margin/rate_bp", spec.rate_bp);
        if spec.categories.len() > MAX_MARGIN_CATEGORIES {
            ctx.report(Code::TooManyEntries, "/margin/categories", format!("at most {MAX_MARGIN_CATEGORIES} categories, got {}", spec.categories.len()));
        }
        for (category, rate) in &spec.categories {
            let at = pointer("/margin/categories", category);
            crate::text::check_id(ctx, &at, category);
            check_rate(ctx, &at, *rate);
        }
        (ctx.issues.len() == before).then_some(Margin { spec })
    }

    /// The program-wide rate, basis points.
    pub fn rate_bp(&self) -> i64 {
        self.spec.rate_bp
    }

    /// The rate of a line of `category`.
    pub fn rate_of(&self, category: Option<&str>) -> i64 {
        category.and_then(|name| self.spec.categories.get(name)).copied().unwrap_or(self.spec.rate_bp)
    }

    /// The rate of a member from `(Σ spend, Σ spend × rate)` of their qualifying lines
    /// (see [`crate::facts::weighted_spend`] with [`Margin::rate_of`]):
    /// floor(Σ spend × rate / Σ spend); the program-wide rate without spend.
    pub fn member_rate(&self, (total, weighted): (i128, i128)) -> i64 {
        if total <= 0 {
            return self.spec.rate_bp;
        }
        i64::try_from(weighted / total).unwrap_or(self.spec.rate_bp)
    }

    /// `clv` (revenue) put in profit at the member's rate.
    pub fn clv(&self, revenue_clv: Money, spend: (i128, i128)) -> (Money, ClvMargin) {
        let margin_bp = self.member_rate(spend);
        (Money(at_rate(revenue_clv.0, margin_bp)), ClvMargin { margin_bp, revenue_clv })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_member_rate_weighs_categories_by_spend() {
        let mut ctx = CompileContext::default();
        let margin = Margin::compile(Some(&json!({"rate_bp": 3000, "categories": {"tea": 5000}})), &mut ctx);
        let lines = [(Some("tea"), 30000i128), (Some("cups"), 10000), (None, 5000)];
        let spend = |m: &Margin| lines.iter().fold((0i128, 0i128), |(total, weighted), (category, amount)| (total + amount, weighted + amount * i128::from(m.rate_of(*category))));
        // (30000 × 5000 + 15000 × 3000) / 45000 = 4333.3…
        assert_eq!(margin.as_ref().map(|m| m.member_rate(spend(m))), Some(4333));
        assert_eq!(margin.as_ref().map(|m| m.member_rate((0, 0))), Some(3000));
        assert_eq!(margin.map(|m| m.clv(Money(100_001), spend(&m)).0), Some(Money(43_330)));
    }

    #[test]
    fn rates_are_basis_points_of_at_most_everything() {
        let mut ctx = CompileContext::default();
        let margin = Margin::compile(Some(&json!({"rate_bp": 10001, "categories": {"tea": -1, "": 100}})), &mut ctx);
        assert_eq!(margin, None);
        let found: Vec<(&str, &str)> = ctx.issues.iter().map(|issue| (issue.code.as_str(), issue.path.as_str())).collect();
        assert_eq!(found, vec![("out_of_range", "/margin/rate_bp"), ("invalid_id", "/margin/categories/"), ("out_of_range", "/margin/categories/tea")]);
    }
}

#[cfg(test)]
mod engine_tests {
    use crate::engine::Engine;

    /// Without a `margin` the page says nothing of margins: outputs stay as they were.
    #[test]
    fn without_a_margin_nothing_mentions_one() {
        let program = |margin: &str| {
            format!(
                r#"{{"id":"p","currency":"CNY","utc_offset":"+08:00","scores":{{"bgnbd":{{"r":0.243,"alpha":4.414,"a":0.793,"b":2.426}},"gamma_gamma":{{"p":6.25,"q":3.74,"gamma":13153}}}},"offers":[{{"id":"o","title":{{"en":"O"}},"kind":"content","purpose":"service","channels":["web"],"value":1000}}]{margin}}}"#
            )
        };
        let snapshot = r#"{"member_id":"m","joined_at":"2026-01-01","orders":[{"id":"a","placed_at":"2026-03-01T10:00:00+08:00","lines":[{"unit_price":9000,"quantity":1}]},{"id":"b","placed_at":"2026-06-01T10:00:00+08:00","lines":[{"unit_price":9000,"quantity":1}]}]}"#;
        let options = r#"{"now":"2026-11-18T10:00:00+08:00"}"#;
        let page = |margin: &str| Engine::compile_json(&program(margin)).and_then(|engine| engine.evaluate_json(snapshot, options)).unwrap_or_else(|error| error.to_string());
        let revenue = page("");
        assert!(revenue.contains(r#""clv":"#) && !revenue.contains("margin") && !revenue.contains("revenue_value"), "{revenue}");
        let profit = page(r#","margin":{"rate_bp":5000}"#);
        assert!(profit.contains(r#""clv_margin":{"margin_bp":5000,"#) && profit.contains(r#""revenue_value":1000,"margin_bp":5000"#), "{profit}");
    }
}
