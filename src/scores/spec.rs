//! The `scores` section of a program: the RFM lookback and breakpoints, fitted BG/NBD and
//! Gamma-Gamma parameters, the CLV horizon and the churn rule.
//!
//! Every part is optional. Without `bgnbd` the model facts (`p_alive`,
//! `expected_orders_90d`, `clv`) are `null`; without `gamma_gamma`, `expected_order_value`
//! and `clv` are `null`; without RFM breakpoints the RFM scores are `null` (the RFM inputs
//! are still reported). Defaults are documented on each field and in `docs/scores.md`.
//!
//! Compilation reads each part and each fitted parameter on its own, so one mistake does
//! not hide another: every issue is reported with its path under `/scores`.

use crate::error::Code;
use super::bgnbd::BgNbdParams;
use super::churn::ChurnThresholds;
use super::clv::MAX_HORIZON_MONTHS;
use super::gamma_gamma::GammaGammaParams;
use super::rfm::RfmBreakpoints;
use crate::error::pointer;
use crate::json::write::ToJson;
use crate::money::Bp;
use crate::read::{self, CompileContext};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Longest RFM lookback and churn period accepted, in days (ten years).
pub const MAX_WINDOW_DAYS: i64 = 3660;

/// The `scores` section.
///
/// ```json
/// { "rfm": { "lookback_days": 365, "breakpoints": { "recency": [11, 24, 27, 42], "frequency": [1, 4, 6, 6], "monetary": [16800, 140800, 207800, 448000] } },
///   "bgnbd": { "r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "time_unit_days": 7 },
///   "gamma_gamma": { "p": 6.25, "q": 3.74, "gamma": 13152 },
///   "clv": { "horizon_months": 12, "monthly_discount_rate": 100 },
///   "churn": { "period_days": 180 } }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ScoresSpec {
    /// RFM lookback and breakpoints.
    #[serde(default)]
    pub rfm: RfmSpec,
    /// Fitted BG/NBD parameters; without them `p_alive`, `expected_orders_90d` and `clv`
    /// are `null`.
    #[serde(default)]
    pub bgnbd: Option<BgNbdSpec>,
    /// Fitted Gamma-Gamma parameters in **minor units** of the program currency; without
    /// them `expected_order_value` and `clv` are `null`.
    #[serde(default)]
    pub gamma_gamma: Option<GammaGammaParams>,
    /// CLV horizon and discount rate (needs `bgnbd` and `gamma_gamma`); 12 months at 1 %
    /// a month when absent.
    #[serde(default)]
    pub clv: Option<ClvSpec>,
    /// The churn rule: period length and thresholds.
    #[serde(default)]
    pub churn: ChurnSpec,
}

fn default_lookback_days() -> i64 {
    365
}

/// RFM settings.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RfmSpec {
    /// Days of history counted for frequency and monetary value (today and the days
    /// before it); default 365. Recency is not limited by it.
    #[serde(default = "default_lookback_days")]
    pub lookback_days: i64,
    /// Quintile breakpoints computed offline from the customer base (or with
    /// `rfmBreakpoints`); without them `rfm.r`, `rfm.f`, `rfm.m` and `rfm.cell` are `null`.
    #[serde(default)]
    pub breakpoints: Option<RfmBreakpoints>,
}

impl Default for RfmSpec {
    fn default() -> RfmSpec {
        RfmSpec { lookback_days: default_lookback_days(), breakpoints: None }
    }
}

fn default_time_unit_days() -> i64 {
    7
}

/// Fitted BG/NBD parameters and the time unit they were fitted in.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct BgNbdSpec {
    /// Shape of the gamma distribution of purchase rates; positive, at most 1000.
    #[schemars(range(max = crate::scores::MAX_SHAPE))]
    pub r: f64,
    /// Rate of the gamma distribution of purchase rates, in time units.
    pub alpha: f64,
    /// First shape of the beta distribution of drop-out probabilities; positive, at most 1000.
    #[schemars(range(max = crate::scores::MAX_SHAPE))]
    pub a: f64,
    /// Second shape of the beta distribution of drop-out probabilities; positive, at most 1000.
    #[schemars(range(max = crate::scores::MAX_SHAPE))]
    pub b: f64,
    /// Days in one time unit of the fit: 7 for weeks (the default), 1 for days.
    #[serde(default = "default_time_unit_days")]
    pub time_unit_days: i64,
}

impl BgNbdSpec {
    /// The model parameters.
    pub fn params(&self) -> BgNbdParams {
        BgNbdParams { r: self.r, alpha: self.alpha, a: self.a, b: self.b }
    }
}

fn default_horizon_months() -> u32 {
    12
}

fn default_monthly_discount_rate() -> Bp {
    Bp(100)
}

/// CLV settings.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ClvSpec {
    /// Months of future purchases valued, 1 to 120; default 12.
    #[serde(default = "default_horizon_months")]
    #[schemars(range(min = 1, max = crate::scores::MAX_HORIZON_MONTHS))]
    pub horizon_months: u32,
    /// Monthly discount rate in basis points; default 100 (1 % a month).
    #[serde(default = "default_monthly_discount_rate")]
    pub monthly_discount_rate: Bp,
}

impl Default for ClvSpec {
    fn default() -> ClvSpec {
        ClvSpec { horizon_months: default_horizon_months(), monthly_discount_rate: default_monthly_discount_rate() }
    }
}

fn default_period_days() -> i64 {
    180
}

/// The churn rule.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct ChurnSpec {
    /// Length of the two periods compared, in days: the last `period_days` days (today
    /// included) against the `period_days` days before them; default 180.
    #[serde(default = "default_period_days")]
    pub period_days: i64,
    /// Signal and risk thresholds; the documented defaults when absent.
    #[serde(default)]
    pub thresholds: ChurnThresholds,
}

impl Default for ChurnSpec {
    fn default() -> ChurnSpec {
        ChurnSpec { period_days: default_period_days(), thresholds: ChurnThresholds::default() }
    }
}

impl ScoresSpec {
    /// The CLV settings in force: the given ones or the defaults.
    pub fn clv_or_default(&self) -> ClvSpec {
        self.clv.unwrap_or_default()
    }
}

/// Reads one section object, reporting keys outside `known` as `unknown_field`.
fn object<'a>(ctx: &mut CompileContext, value: &'a Value, path: &str, known: &[&str]) -> Option<&'a Map<String, Value>> {
    let Value::Object(map) = value else {
        ctx.report(Code::InvalidType, path, format!("expected an object, got {}", read::json_type(value)));
        return None;
    };
    for key in map.keys().filter(|key| !known.contains(&key.as_str())) {
        ctx.report(Code::UnknownField, pointer(path, key), format!("unknown field `{key}`"));
    }
    Some(map)
}

/// Reads `key` of `map`; `default` when absent. `None` after reporting an issue.
fn field<T: crate::json::FromJson>(ctx: &mut CompileContext, map: &Map<String, Value>, path: &str, key: &str, default: impl FnOnce() -> T) -> Option<T> {
    match map.get(key) {
        Some(value) => ctx.parse(value, &pointer(path, key)),
        None => Some(default()),
    }
}

/// Reads fitted parameters one by one: a missing one is `missing_field`, a mistyped one
/// `invalid_type`, and the others are still read. Returns `(name, value)` for each
/// parameter read, and whether all of them were.
fn parameters(ctx: &mut CompileContext, map: &Map<String, Value>, path: &str, names: &[&'static str]) -> (Vec<(&'static str, f64)>, bool) {
    let mut read = Vec::new();
    let mut complete = true;
    for &name in names {
        match map.get(name) {
            None => {
                ctx.report(Code::MissingField, pointer(path, name), format!("missing field `{name}`"));
                complete = false;
            }
            Some(value) => match ctx.parse::<f64>(value, &pointer(path, name)) {
                Some(number) => read.push((name, number)),
                None => complete = false,
            },
        }
    }
    (read, complete)
}

/// Value of `name` among the parameters read, or `placeholder` (a valid value) for one that
/// was missing: its issue is already reported, and the placeholder keeps the model's own
/// check from reporting it a second time.
fn parameter(read: &[(&str, f64)], name: &str, placeholder: f64) -> f64 {
    read.iter().find(|(n, _)| *n == name).map_or(placeholder, |(_, value)| *value)
}

fn in_range(ctx: &mut CompileContext, path: &str, value: i64, range: std::ops::RangeInclusive<i64>, unit: &str) {
    if !range.contains(&value) {
        ctx.report(Code::OutOfRange, path, format!("must be within {}..={} {unit}, got {value}", range.start(), range.end()));
    }
}

fn compile_rfm(ctx: &mut CompileContext, value: &Value) -> Option<RfmSpec> {
    let path = "/scores/rfm";
    let map = object(ctx, value, path, &["lookback_days", "breakpoints"])?;
    let lookback_days = field(ctx, map, path, "lookback_days", default_lookback_days);
    if let Some(days) = lookback_days {
        in_range(ctx, &pointer(path, "lookback_days"), days, 1..=MAX_WINDOW_DAYS, "days");
    }
    let breakpoints: Option<Option<RfmBreakpoints>> = field(ctx, map, path, "breakpoints", || None);
    if let Some(Some(breakpoints)) = &breakpoints {
        if let Err(error) = breakpoints.validate() {
            ctx.issues.extend(error.under(&pointer(path, "breakpoints")).into_issues());
        }
    }
    Some(RfmSpec { lookback_days: lookback_days?, breakpoints: breakpoints? })
}

fn compile_bgnbd(ctx: &mut CompileContext, value: &Value) -> Option<BgNbdSpec> {
    let path = "/scores/bgnbd";
    let map = object(ctx, value, path, &["r", "alpha", "a", "b", "time_unit_days"])?;
    let (read, complete) = parameters(ctx, map, path, &["r", "alpha", "a", "b"]);
    let params = BgNbdParams { r: parameter(&read, "r", 1.0), alpha: parameter(&read, "alpha", 1.0), a: parameter(&read, "a", 1.0), b: parameter(&read, "b", 1.0) };
    if let Err(error) = params.validate() {
        ctx.issues.extend(error.under(path).into_issues());
    }
    let time_unit_days = field(ctx, map, path, "time_unit_days", default_time_unit_days);
    if let Some(days) = time_unit_days {
        in_range(ctx, &pointer(path, "time_unit_days"), days, 1..=366, "days");
    }
    complete.then_some(BgNbdSpec { r: params.r, alpha: params.alpha, a: params.a, b: params.b, time_unit_days: time_unit_days? })
}

fn compile_gamma_gamma(ctx: &mut CompileContext, value: &Value) -> Option<GammaGammaParams> {
    let path = "/scores/gamma_gamma";
    let map = object(ctx, value, path, &["p", "q", "gamma"])?;
    let (read, complete) = parameters(ctx, map, path, &["p", "q", "gamma"]);
    let params = GammaGammaParams { p: parameter(&read, "p", 1.0), q: parameter(&read, "q", 2.0), gamma: parameter(&read, "gamma", 1.0) };
    if let Err(error) = params.validate() {
        ctx.issues.extend(error.under(path).into_issues());
    }
    complete.then_some(params)
}

fn compile_clv(ctx: &mut CompileContext, value: &Value) -> Option<ClvSpec> {
    let path = "/scores/clv";
    let map = object(ctx, value, path, &["horizon_months", "monthly_discount_rate"])?;
    let horizon_months: Option<u32> = field(ctx, map, path, "horizon_months", default_horizon_months);
    if let Some(months) = horizon_months {
        in_range(ctx, &pointer(path, "horizon_months"), i64::from(months), 1..=i64::from(MAX_HORIZON_MONTHS), "months");
    }
    let monthly_discount_rate: Option<Bp> = field(ctx, map, path, "monthly_discount_rate", default_monthly_discount_rate);
    Some(ClvSpec { horizon_months: horizon_months?, monthly_discount_rate: monthly_discount_rate? })
}

fn compile_churn(ctx: &mut CompileContext, value: &Value) -> Option<ChurnSpec> {
    let path = "/scores/churn";
    let map = object(ctx, value, path, &["period_days", "thresholds"])?;
    let period_days = field(ctx, map, path, "period_days", default_period_days);
    if let Some(days) = period_days {
        in_range(ctx, &pointer(path, "period_days"), days, 1..=MAX_WINDOW_DAYS / 2, "days");
    }
    let thresholds: Option<ChurnThresholds> = field(ctx, map, path, "thresholds", ChurnThresholds::default);
    if let Some(thresholds) = &thresholds {
        let at = pointer(path, "thresholds");
        in_range(ctx, &pointer(&at, "frequency_drop_bp"), thresholds.frequency_drop_bp, 0..=10_000, "basis points");
        in_range(ctx, &pointer(&at, "aov_drop_bp"), thresholds.aov_drop_bp, 0..=10_000, "basis points");
        let mut probabilities_ok = true;
        for (name, p) in [("high_risk_p_alive", thresholds.high_risk_p_alive), ("medium_risk_p_alive", thresholds.medium_risk_p_alive)] {
            if !(0.0..=1.0).contains(&p) {
                ctx.report(Code::OutOfRange, pointer(&at, name), format!("a probability must be within 0..=1, got {p}"));
                probabilities_ok = false;
            }
        }
        if probabilities_ok && thresholds.high_risk_p_alive > thresholds.medium_risk_p_alive {
            ctx.report(
                Code::ThresholdsNotOrdered,
                pointer(&at, "high_risk_p_alive"),
                format!(
                    "high_risk_p_alive ({}) must not exceed medium_risk_p_alive ({})",
                    thresholds.high_risk_p_alive, thresholds.medium_risk_p_alive
                ),
            );
        }
    }
    Some(ChurnSpec { period_days: period_days?, thresholds: thresholds? })
}

/// An optional part: absent (`Some(None)`), compiled (`Some(Some(_))`) or failed (`None`).
fn optional<T>(part: Option<Option<T>>) -> Option<Option<T>> {
    match part {
        None => Some(None),
        Some(compiled) => compiled.map(Some),
    }
}

/// Compiles the `scores` section (absent: every default, no models). Issues go to `ctx`
/// with paths under `/scores`; `None` when there was any.
pub fn compile(value: Option<&Value>, ctx: &mut CompileContext) -> Option<ScoresSpec> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Some(ScoresSpec::default());
    };
    let issues_before = ctx.issues.len();
    let map = object(ctx, value, "/scores", &["rfm", "bgnbd", "gamma_gamma", "clv", "churn"])?;
    let rfm = map.get("rfm").map_or(Some(RfmSpec::default()), |v| compile_rfm(ctx, v));
    let bgnbd = map.get("bgnbd").map(|v| compile_bgnbd(ctx, v));
    let gamma_gamma = map.get("gamma_gamma").map(|v| compile_gamma_gamma(ctx, v));
    let clv = map.get("clv").map(|v| compile_clv(ctx, v));
    if clv.is_some() && (bgnbd.is_none() || gamma_gamma.is_none()) {
        ctx.report(Code::MissingModel, "/scores/clv", "clv needs both `bgnbd` and `gamma_gamma` parameters");
    }
    let churn = map.get("churn").map_or(Some(ChurnSpec::default()), |v| compile_churn(ctx, v));
    if ctx.issues.len() > issues_before {
        return None;
    }
    // A part is `None` only after reporting an issue, so past this point each is present.
    Some(ScoresSpec { rfm: rfm?, bgnbd: optional(bgnbd)?, gamma_gamma: optional(gamma_gamma)?, clv: optional(clv)?, churn: churn? })
}
