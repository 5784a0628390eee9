//! The weighted value score: the practice's tag-weight method as a program section.
//!
//! Each component reads one whole-number fact (base or score facts), normalises it to a
//! component score of 0–100 with a linear scale or breakpoints, and weighs it in basis
//! points; the weights add up to 10000. The member's `value_score` is
//! `floor(Σ weight_bp × score / 10000)`, 0–100. Everything is integer arithmetic, so the
//! score is the same in every runtime. `docs/mechanics.md` has a worked example.

use crate::catalog::{Attributes, FactType, Known, Scope, Stage, Unknown};
use crate::error::{pointer, Code};
use crate::json::write::ToJson;
use crate::read::CompileContext;
use crate::text::{check_id, check_text, LocalizedText};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most components a value score may have.
pub const MAX_COMPONENTS: usize = 20;

/// Most breakpoints one component may have.
pub const MAX_BREAKPOINTS: usize = 20;

/// The weights of the components add up to this, in basis points.
pub const WHOLE_BP: i64 = 10_000;

/// Largest magnitude of a scale end or breakpoint (2^53 − 1, a safe JSON integer).
const MAX_BOUND: i64 = 9_007_199_254_740_991;

/// The `value_score` section.
///
/// ```json
/// { "components": [
///     { "id": "frequency", "fact": "orders_30d", "weight_bp": 2500, "linear": { "zero_at": 0, "full_at": 4 } },
///     { "id": "recency", "fact": "days_since_last_order", "weight_bp": 7500,
///       "breakpoints": [ { "at": 0, "score": 100 }, { "at": 31, "score": 50 }, { "at": 91, "score": 0 } ] } ] }
/// ```
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ValueScoreSpec {
    /// The weighted components; their `weight_bp` add up to 10000.
    pub components: Vec<ComponentSpec>,
}

/// One component of the value score.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ComponentSpec {
    /// Component id, unique in the section.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// Dot path of a whole-number base or score fact (`orders_30d`, `aov_365d`,
    /// `rfm.r`, `orders_by_month.0`, `category_spend_365d.tea`).
    pub fact: String,
    /// Weight in basis points, 1–10000.
    pub weight_bp: i64,
    /// Linear normalisation: `zero_at` scores 0, `full_at` 100, floored in between and
    /// kept within 0–100 beyond (`full_at` below `zero_at` for facts where less is better).
    #[serde(default)]
    pub linear: Option<LinearScale>,
    /// Step normalisation: the score of the last breakpoint whose `at` the value reaches;
    /// 0 below the first. `at` strictly ascends.
    #[serde(default)]
    pub breakpoints: Option<Vec<Breakpoint>>,
}

/// A linear scale between two whole values.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct LinearScale {
    /// The fact's value that scores 0.
    pub zero_at: i64,
    /// The fact's value that scores 100.
    pub full_at: i64,
}

/// A step of a breakpoint scale.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct Breakpoint {
    /// From this value of the fact on (inclusive)…
    pub at: i64,
    /// …the component scores this, 0–100.
    pub score: i64,
}

/// How a component turns a fact into 0–100.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Scale {
    Linear(LinearScale),
    Steps(Vec<Breakpoint>),
}

impl Scale {
    fn score(&self, value: i64) -> i64 {
        match self {
            Scale::Linear(scale) => {
                let span = i128::from(scale.full_at) - i128::from(scale.zero_at);
                let along = i128::from(value) - i128::from(scale.zero_at);
                // Compile refuses an empty span. A falling scale (`full_at` below `zero_at`)
                // turns both signs round, so the floor is taken of the same fraction.
                let (numerator, denominator) = if span < 0 { (-along * 100, -span) } else { (along * 100, span) };
                let score = if denominator == 0 { 0 } else { numerator.div_euclid(denominator) };
                i64::try_from(score.clamp(0, 100)).unwrap_or(0)
            }
            Scale::Steps(steps) => steps.iter().take_while(|step| value >= step.at).last().map_or(0, |step| step.score),
        }
    }
}

#[derive(Debug, Clone)]
struct Component {
    id: String,
    name: LocalizedText,
    fact: String,
    weight_bp: i64,
    scale: Scale,
}

/// A compiled `value_score` section.
#[derive(Debug, Clone, Default)]
pub struct ValueScore {
    components: Vec<Component>,
}

/// One component as scored for a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ComponentResult {
    /// Component id.
    pub id: String,
    /// Display name.
    pub name: LocalizedText,
    /// The fact read.
    pub fact: String,
    /// The fact's value; `null` when the member has none (the component then scores 0).
    pub actual: Option<i64>,
    /// The normalised score, 0–100.
    pub score: i64,
    /// The component's weight, basis points.
    pub weight_bp: i64,
    /// `weight_bp × score`: the component's share of `value_score` in ten-thousandths of
    /// a point.
    pub contribution: i64,
}

/// The member's value score with every component explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ValueScoreResult {
    /// `floor(Σ contribution / 10000)`, 0–100.
    pub score: i64,
    /// Every component, in program order.
    pub components: Vec<ComponentResult>,
}

/// Reads a dot path of a facts value; an array is entered by index.
fn read_path<'a>(facts: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(facts, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|index| items.get(index)),
        _ => None,
    })
}

fn check_fact(ctx: &mut CompileContext, at: &str, fact: &str, attributes: Option<&Attributes>) {
    let scope = Scope { stage: Stage::Score, attributes };
    match scope.resolve(fact) {
        Ok(Known::Value { kind: FactType::Integer, .. }) => {}
        Ok(Known::Value { kind, .. }) => {
            ctx.report(Code::InvalidValue, at, format!("`{fact}` is {} {}; a component reads a whole-number fact", if kind == FactType::IntegerList { "an" } else { "a" }, kind.name()));
        }
        Ok(Known::Object) => ctx.report(Code::InvalidValue, at, format!("`{fact}` is an object; a component reads a whole-number fact")),
        Err(Unknown::NotYet { name }) => {
            ctx.report(Code::FactNotAvailable, at, format!("`{name}` is not known yet: components read the base and score facts, before the lifecycle stage, the value score, `segment` and `tags`"));
        }
        Err(Unknown::NoSuchFact(nearest)) => {
            let hint = nearest.first().map(|name| format!("; did you mean `{name}`?")).unwrap_or_default();
            ctx.report(Code::UnknownFact, at, format!("there is no fact `{fact}`{hint}"));
        }
        Err(Unknown::NoMembers { fact: parent, kind }) => ctx.report(Code::UnknownFact, at, format!("there is no fact `{fact}`: `{parent}` is a {} and has no members", kind.name())),
    }
}

fn in_bounds(ctx: &mut CompileContext, at: &str, value: i64) {
    if !(-MAX_BOUND..=MAX_BOUND).contains(&value) {
        ctx.report(Code::OutOfRange, at, format!("must be a safe integer within ±{MAX_BOUND}, got {value}"));
    }
}

fn compile_scale(ctx: &mut CompileContext, at: &str, spec: &ComponentSpec) -> Option<Scale> {
    match (&spec.linear, &spec.breakpoints) {
        (Some(scale), None) => {
            in_bounds(ctx, &pointer(&pointer(at, "linear"), "zero_at"), scale.zero_at);
            in_bounds(ctx, &pointer(&pointer(at, "linear"), "full_at"), scale.full_at);
            if scale.zero_at == scale.full_at {
                ctx.report(Code::InvalidValue, pointer(&pointer(at, "linear"), "full_at"), "`full_at` must differ from `zero_at`");
            }
            Some(Scale::Linear(*scale))
        }
        (None, Some(steps)) => {
            let path = pointer(at, "breakpoints");
            if steps.is_empty() {
                ctx.report(Code::EmptyList, &path, "list at least one breakpoint");
            }
            if steps.len() > MAX_BREAKPOINTS {
                ctx.report(Code::TooManyEntries, &path, format!("at most {MAX_BREAKPOINTS} breakpoints, got {}", steps.len()));
            }
            for (index, step) in steps.iter().enumerate() {
                let here = pointer(&path, index);
                in_bounds(ctx, &pointer(&here, "at"), step.at);
                if !(0..=100).contains(&step.score) {
                    ctx.report(Code::OutOfRange, pointer(&here, "score"), format!("must be within 0..=100, got {}", step.score));
                }
                if index > 0 && steps.get(index - 1).is_some_and(|before| before.at >= step.at) {
                    ctx.report(Code::BreakpointsNotAscending, pointer(&here, "at"), "`at` must be above the breakpoint before it");
                }
            }
            Some(Scale::Steps(steps.clone()))
        }
        (Some(_), Some(_)) => {
            ctx.report(Code::InvalidValue, at, "give either `linear` or `breakpoints`, not both");
            None
        }
        (None, None) => {
            ctx.report(Code::MissingField, pointer(at, "linear"), "give `linear` or `breakpoints`");
            None
        }
    }
}

impl ValueScore {
    /// Compiles the `value_score` section; `None` when absent, or after reporting issues
    /// under `/value_score`. Component facts are checked against the catalog, with the
    /// program's declared `attributes` (`None`: attributes are not checked).
    pub fn compile(section: Option<&Value>, attributes: Option<&Attributes>, ctx: &mut CompileContext) -> Option<ValueScore> {
        let section = section.filter(|value| !value.is_null())?;
        let before = ctx.issues.len();
        let spec: ValueScoreSpec = ctx.parse(section, "/value_score")?;
        let path = "/value_score/components";
        if spec.components.is_empty() {
            ctx.report(Code::EmptyList, path, "list at least one component");
        }
        if spec.components.len() > MAX_COMPONENTS {
            ctx.report(Code::TooManyEntries, path, format!("at most {MAX_COMPONENTS} components, got {}", spec.components.len()));
        }
        let mut seen = crate::vec_map::VecSet::new();
        let mut components = Vec::new();
        let mut total: i64 = 0;
        let mut weights_readable = true;
        for (index, component) in spec.components.iter().enumerate() {
            let at = pointer(path, index);
            check_id(ctx, &pointer(&at, "id"), &component.id);
            if !seen.insert(component.id.as_str()) {
                ctx.report(Code::DuplicateId, pointer(&at, "id"), format!("`{}` is used twice", component.id));
            }
            check_text(ctx, &pointer(&at, "name"), &component.name);
            check_fact(ctx, &pointer(&at, "fact"), &component.fact, attributes);
            if (1..=WHOLE_BP).contains(&component.weight_bp) {
                total += component.weight_bp;
            } else {
                ctx.report(Code::OutOfRange, pointer(&at, "weight_bp"), format!("must be within 1..={WHOLE_BP} basis points, got {}", component.weight_bp));
                weights_readable = false;
            }
            if let Some(scale) = compile_scale(ctx, &at, component) {
                components.push(Component { id: component.id.clone(), name: component.name.clone(), fact: component.fact.clone(), weight_bp: component.weight_bp, scale });
            }
        }
        if weights_readable && !spec.components.is_empty() && total != WHOLE_BP {
            ctx.report(Code::WeightsNotWhole, path, format!("the weights add up to {total} basis points; they must add up to {WHOLE_BP} (100 %)"));
        }
        (ctx.issues.len() == before).then_some(ValueScore { components })
    }

    /// The value score of a member whose base and score facts are `facts`.
    pub fn score(&self, facts: &Value) -> ValueScoreResult {
        let components: Vec<ComponentResult> = self
            .components
            .iter()
            .map(|component| {
                let actual = read_path(facts, &component.fact).and_then(Value::as_i64);
                let score = actual.map_or(0, |value| component.scale.score(value));
                ComponentResult {
                    id: component.id.clone(),
                    name: component.name.clone(),
                    fact: component.fact.clone(),
                    actual,
                    score,
                    weight_bp: component.weight_bp,
                    contribution: component.weight_bp * score,
                }
            })
            .collect();
        let total: i64 = components.iter().map(|component| component.contribution).sum();
        ValueScoreResult { score: total / WHOLE_BP, components }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn compiled(section: Value) -> Result<ValueScore, Vec<(String, String)>> {
        let mut ctx = CompileContext::default();
        match ValueScore::compile(Some(&section), None, &mut ctx) {
            Some(score) if ctx.issues.is_empty() => Ok(score),
            _ => Err(ctx.issues.iter().map(|issue| (issue.code.as_str().to_string(), issue.path.clone())).collect()),
        }
    }

    #[test]
    fn scales_floor_and_clamp() {
        let up = Scale::Linear(LinearScale { zero_at: 0, full_at: 3 });
        assert_eq!([-1, 0, 1, 2, 3, 9].map(|v| up.score(v)), [0, 0, 33, 66, 100, 100]);
        let down = Scale::Linear(LinearScale { zero_at: 90, full_at: 0 });
        assert_eq!([0, 1, 45, 89, 90, 200].map(|v| down.score(v)), [100, 98, 50, 1, 0, 0]);
        let steps = Scale::Steps(vec![Breakpoint { at: 1, score: 40 }, Breakpoint { at: 3, score: 100 }]);
        assert_eq!([0, 1, 2, 3, 7].map(|v| steps.score(v)), [0, 40, 40, 100, 100]);
    }

    #[test]
    fn weighs_components_and_explains_each() {
        let score = compiled(json!({"components": [
            {"id": "frequency", "fact": "orders_30d", "weight_bp": 2500, "linear": {"zero_at": 0, "full_at": 4}},
            {"id": "value", "fact": "aov_365d", "weight_bp": 2000, "breakpoints": [{"at": 10000, "score": 50}, {"at": 30000, "score": 100}]},
            {"id": "recency", "fact": "days_since_last_order", "weight_bp": 5500, "linear": {"zero_at": 180, "full_at": 0}}
        ]}))
        .unwrap_or_default();
        let result = score.score(&json!({"orders_30d": 3, "aov_365d": 12000, "days_since_last_order": null}));
        let parts: Vec<(Option<i64>, i64, i64)> = result.components.iter().map(|c| (c.actual, c.score, c.contribution)).collect();
        assert_eq!(parts, vec![(Some(3), 75, 187_500), (Some(12000), 50, 100_000), (None, 0, 0)]);
        assert_eq!(result.score, 28);
    }

    #[test]
    fn mistakes_are_reported_at_their_paths() {
        let issues = compiled(json!({"components": [
            {"id": "a", "fact": "orders_30d", "weight_bp": 6000, "linear": {"zero_at": 2, "full_at": 2}},
            {"id": "a", "fact": "top_category_365d", "weight_bp": 3000, "breakpoints": [{"at": 5, "score": 10}, {"at": 5, "score": 101}]},
            {"id": "c", "fact": "value_score", "weight_bp": 500},
            {"id": "d", "fact": "ordrs_30d", "weight_bp": 1, "linear": {"zero_at": 0, "full_at": 1}}
        ]}));
        let expected: Vec<(String, String)> = [
            ("invalid_value", "/value_score/components/0/linear/full_at"),
            ("duplicate_id", "/value_score/components/1/id"),
            ("invalid_value", "/value_score/components/1/fact"),
            ("out_of_range", "/value_score/components/1/breakpoints/1/score"),
            ("breakpoints_not_ascending", "/value_score/components/1/breakpoints/1/at"),
            ("fact_not_available", "/value_score/components/2/fact"),
            ("missing_field", "/value_score/components/2/linear"),
            ("unknown_fact", "/value_score/components/3/fact"),
            ("weights_not_whole", "/value_score/components"),
        ]
        .iter()
        .map(|(code, path)| (code.to_string(), path.to_string()))
        .collect();
        assert_eq!(issues.err(), Some(expected));
    }
}
