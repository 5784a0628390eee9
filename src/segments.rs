//! Segments and tags: conditions over facts.
//!
//! Segments are tried in order and the first whose condition holds wins; a segment
//! without a condition matches everyone, so it belongs last as the default. Tags are
//! every matching condition; a tag marked `badge` is an honour title a page may show.
//! Both read the facts (scores included), and tags may also read the `segment` fact.

use crate::error::Code;
use crate::condition::{self, Condition, ExplainedClause, Explanation, SavedGroups};
use crate::error::pointer;
use crate::json::write::ToJson;
use crate::text::LocalizedText;
use crate::read::CompileContext;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A segment as the program declares it.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct SegmentSpec {
    /// Segment id, the value of the `segment` fact.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// Who belongs; absent means everyone (the default segment, listed last).
    #[serde(default)]
    pub condition: Option<Value>,
}

/// A tag as the program declares it.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct TagSpec {
    /// Tag id, an element of the `tags` fact.
    pub id: String,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// When the tag applies.
    pub condition: Value,
    /// True for honour titles shown as badges.
    #[serde(default)]
    pub badge: bool,
}

#[derive(Debug, Clone)]
struct Compiled<T> {
    spec: T,
    condition: Option<Condition>,
}

/// Compiled segments and tags.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    segments: Vec<Compiled<SegmentSpec>>,
    tags: Vec<Compiled<TagSpec>>,
}

/// The segment a member is in and why.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct SegmentResult {
    /// Segment id.
    pub id: String,
    /// Display name.
    pub name: LocalizedText,
    /// The clauses of its condition that held, with the actual values (empty for the
    /// default segment).
    pub because: Vec<ExplainedClause>,
    /// Segments tried before it, each with the clauses that failed.
    pub passed_over: Vec<PassedOver>,
}

/// A segment that was tried first and did not match.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct PassedOver {
    /// Segment id.
    pub id: String,
    /// The clauses that failed, with the actual values.
    pub failed: Vec<ExplainedClause>,
}

/// A tag that applies.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct TagResult {
    /// Tag id.
    pub id: String,
    /// Display name.
    pub name: LocalizedText,
    /// True for honour titles.
    pub badge: bool,
    /// The clauses that held, with the actual values.
    pub because: Vec<ExplainedClause>,
}

fn compile_condition(ctx: &mut CompileContext, value: &Value, path: &str) -> Option<Condition> {
    match condition::compile(value, path) {
        Ok(compiled) => Some(compiled),
        Err(issues) => {
            ctx.issues.extend(issues);
            None
        }
    }
}

fn check_unique<'a>(ctx: &mut CompileContext, base: &str, ids: impl Iterator<Item = (usize, &'a str)>) {
    let mut seen = crate::vec_map::VecSet::new();
    for (index, id) in ids {
        crate::text::check_id(ctx, &pointer(&pointer(base, index), "id"), id);
        if !seen.insert(id) {
            ctx.report(Code::DuplicateId, pointer(&pointer(base, index), "id"), format!("`{id}` is used twice"));
        }
    }
}

impl Segmentation {
    /// Compiles the `segments` and `tags` sections (either may be absent).
    pub fn compile(segments: Option<&Value>, tags: Option<&Value>, ctx: &mut CompileContext) -> Segmentation {
        let mut result = Segmentation::default();
        if let Some(value) = segments {
            let specs: Vec<Option<SegmentSpec>> = ctx.parse_each(value, "/segments");
            check_unique(ctx, "/segments", specs.iter().enumerate().filter_map(|(i, s)| Some((i, s.as_ref()?.id.as_str()))));
            let count = specs.len();
            for (index, spec) in specs.into_iter().enumerate() {
                let Some(spec) = spec else { continue };
                let path = pointer(&pointer("/segments", index), "condition");
                let condition = match &spec.condition {
                    Some(value) => compile_condition(ctx, value, &path),
                    None if index + 1 < count => {
                        ctx.report(Code::UnreachableSegment, pointer("/segments", index + 1), format!("segment `{}` has no condition, so no segment after it can match", spec.id));
                        None
                    }
                    None => None,
                };
                result.segments.push(Compiled { spec, condition });
            }
        }
        if let Some(value) = tags {
            let specs: Vec<Option<TagSpec>> = ctx.parse_each(value, "/tags");
            check_unique(ctx, "/tags", specs.iter().enumerate().filter_map(|(i, s)| Some((i, s.as_ref()?.id.as_str()))));
            for (index, spec) in specs.into_iter().enumerate() {
                let Some(spec) = spec else { continue };
                let condition = compile_condition(ctx, &spec.condition, &pointer(&pointer("/tags", index), "condition"));
                result.tags.push(Compiled { spec, condition });
            }
        }
        result
    }

    /// The ids of the declared segments, in order.
    pub fn segment_ids(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().map(|s| s.spec.id.as_str())
    }

    /// The first segment whose condition holds for `facts`, with the reasons; `None` when
    /// there are no segments or none matches.
    pub fn segment(&self, facts: &Value, groups: &SavedGroups) -> Option<SegmentResult> {
        let mut passed_over = Vec::new();
        for segment in &self.segments {
            let explanation = segment.condition.as_ref().map(|c| c.explain(facts, groups));
            let held = explanation.as_ref().is_none_or(Explanation::held);
            if held {
                return Some(SegmentResult {
                    id: segment.spec.id.clone(),
                    name: segment.spec.name.clone(),
                    because: explanation.map(Explanation::into_held_leaves).unwrap_or_default(),
                    passed_over,
                });
            }
            passed_over.push(PassedOver {
                id: segment.spec.id.clone(),
                failed: explanation.map(Explanation::into_failed_leaves).unwrap_or_default(),
            });
        }
        None
    }

    /// Every tag whose condition holds for `facts`.
    pub fn tags(&self, facts: &Value, groups: &SavedGroups) -> Vec<TagResult> {
        self.tags
            .iter()
            .filter_map(|tag| {
                // Most tags do not apply: only those that do are explained.
                let condition = tag.condition.as_ref()?;
                condition.eval(facts, groups).then(|| TagResult {
                    id: tag.spec.id.clone(),
                    name: tag.spec.name.clone(),
                    badge: tag.spec.badge,
                    because: condition.explain(facts, groups).into_held_leaves(),
                })
            })
            .collect()
    }
}
