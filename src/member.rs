//! The full facts view of one member: base facts, score facts, segment and tags.
//!
//! Data flows one way: the base facts are derived from the snapshot, the score facts from
//! the snapshot's qualifying orders, then segments are evaluated over base + scores, then
//! tags over base + scores + `segment`. The result is what every later condition (offers,
//! boosts) reads and what `engine.facts` and `page.facts` return.

use crate::condition::SavedGroups;
use crate::lifecycle::{Lifecycle, LifecycleResult};
use crate::margin::ClvMargin;
use crate::time::Date;
use crate::value_score::{ValueScore, ValueScoreResult};
use crate::facts::Facts;
use crate::json::write::ToJson;
use crate::scores::{ChurnSignals, RfmFact, ScoreFacts};
use crate::money::Money;
use crate::segments::{SegmentResult, Segmentation, TagResult};
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// Every fact of a member: the base facts, the score facts, `segment` and `tags`, in one
/// flat object. Conditions read exactly this object.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct MemberFacts {
    /// Facts derived from the snapshot alone.
    #[serde(flatten)]
    pub base: Facts,
    /// RFM, model and churn facts.
    #[serde(flatten)]
    pub scores: ScoreFacts,
    /// The lifecycle stage and the value score.
    #[serde(flatten)]
    pub measures: MeasureFacts,
    /// Id of the first segment whose condition holds; `null` when the program has no
    /// segments or none matches.
    pub segment: Option<String>,
    /// Ids of the tags whose conditions hold, in program order.
    pub tags: Vec<String>,
}

/// What a member page shows as scores: the score facts and the segment and tags with
/// the clauses that decided them.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct MemberScores {
    /// RFM inputs and scores.
    pub rfm: RfmFact,
    /// BG/NBD probability of being active (6 decimals); `null` without a model or orders.
    pub p_alive: Option<f64>,
    /// BG/NBD expected orders in the next 90 days (6 decimals).
    pub expected_orders_90d: Option<f64>,
    /// Gamma-Gamma expected order value, minor units.
    pub expected_order_value: Option<Money>,
    /// Customer lifetime value over the program's horizon, minor units.
    pub clv: Option<Money>,
    /// Churn signals and risk.
    pub churn: ChurnSignals,
    /// The segment, the clauses that put the member there and why the segments before it
    /// did not match; `null` when the program has no segments or none matches.
    pub segment: Option<SegmentResult>,
    /// The tags that apply, each with the clauses that held.
    pub tags: Vec<TagResult>,
    /// The lifecycle stage with the rules that decided it and the stage that comes next;
    /// absent when the program has no `lifecycle`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lifecycle: Option<LifecycleResult>,
    /// The value score with every component; absent when the program has no
    /// `value_score`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_score: Option<ValueScoreResult>,
    /// How `clv` was put in profit; absent when the program has no `margin` or there is
    /// no CLV.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clv_margin: Option<ClvMargin>,
}

/// The facts of the program's lifecycle stages and value score, derived from the base and
/// score facts (see `docs/mechanics.md`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct MeasureFacts {
    /// Id of the first lifecycle stage whose rules hold; `null` without `lifecycle` or
    /// when none holds.
    pub lifecycle_stage: Option<String>,
    /// The stage reached next if nothing happens; `null` when none is.
    pub lifecycle_next_stage: Option<String>,
    /// The date `lifecycle_next_stage` is reached if nothing happens.
    pub lifecycle_next_stage_on: Option<Date>,
    /// Days from today until `lifecycle_next_stage_on`.
    pub lifecycle_next_stage_in_days: Option<i64>,
    /// The weighted value score, 0–100; `null` without `value_score`.
    pub value_score: Option<i64>,
}

/// What the program measures beyond the scores: its lifecycle stages, value score and
/// margin, with what they read of the member.
#[derive(Debug, Clone, Copy, Default)]
pub struct Measures<'a> {
    /// The compiled lifecycle stages.
    pub lifecycle: Option<&'a Lifecycle>,
    /// The compiled value score.
    pub value_score: Option<&'a ValueScore>,
    /// How the member's CLV was put in profit.
    pub clv_margin: Option<ClvMargin>,
    /// The member's joining date.
    pub joined_at: Option<Date>,
}

/// One member evaluated: the typed facts, the same facts as the JSON value conditions
/// read, and the explained scores.
#[derive(Debug, Clone)]
pub struct Member {
    /// The full facts view.
    pub facts: MemberFacts,
    /// `facts` as a JSON value, for conditions.
    pub facts_value: Value,
    /// Scores with the segment and tag explanations.
    pub scores: MemberScores,
}

/// Base and score facts serialised together, before `segment` and `tags` exist.
#[derive(Serialize)]
#[derive(ToJson)]
struct Scored<'a> {
    #[serde(flatten)]
    base: &'a Facts,
    #[serde(flatten)]
    scores: &'a ScoreFacts,
}

/// Derives the lifecycle stage and value score over the base and score facts, then
/// evaluates segments over all of those, then tags over those and `segment`.
pub fn assemble(base: Facts, scores: ScoreFacts, measures: Measures<'_>, segmentation: &Segmentation, groups: &SavedGroups) -> Member {
    let mut facts_value = Scored { base: &base, scores: &scores }.to_json_value();
    let lifecycle = measures.lifecycle.map(|lifecycle| lifecycle.classify(measures.joined_at.unwrap_or(base.today), base.last_order_date, base.today));
    let value_score = measures.value_score.map(|score| score.score(&facts_value));
    let next = lifecycle.as_ref().and_then(|result| result.next.as_ref());
    let measure_facts = MeasureFacts {
        lifecycle_stage: lifecycle.as_ref().and_then(|result| result.stage.clone()),
        lifecycle_next_stage: next.map(|next| next.id.clone()),
        lifecycle_next_stage_on: next.map(|next| next.on),
        lifecycle_next_stage_in_days: next.map(|next| next.in_days),
        value_score: value_score.as_ref().map(|result| result.score),
    };
    if let (Value::Object(map), Value::Object(added)) = (&mut facts_value, measure_facts.to_json_value()) {
        map.extend(added);
    }
    let segment = segmentation.segment(&facts_value, groups);
    if let Value::Object(map) = &mut facts_value {
        map.insert("segment".into(), segment.as_ref().map_or(Value::Null, |s| Value::String(s.id.clone())));
    }
    let tags = segmentation.tags(&facts_value, groups);
    let tag_ids: Vec<String> = tags.iter().map(|t| t.id.clone()).collect();
    if let Value::Object(map) = &mut facts_value {
        map.insert("tags".into(), Value::Array(tag_ids.iter().cloned().map(Value::String).collect()));
    }
    let member_scores = MemberScores {
        rfm: scores.rfm.clone(),
        p_alive: scores.p_alive,
        expected_orders_90d: scores.expected_orders_90d,
        expected_order_value: scores.expected_order_value,
        clv: scores.clv,
        churn: scores.churn.clone(),
        segment,
        tags,
        lifecycle,
        value_score,
        clv_margin: measures.clv_margin,
    };
    let facts = MemberFacts { segment: member_scores.segment.as_ref().map(|s| s.id.clone()), tags: tag_ids, base, scores, measures: measure_facts };
    Member { facts, facts_value, scores: member_scores }
}
