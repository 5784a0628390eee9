//! Explanations: the evaluated condition as a tree, with the values each clause saw.

use super::js;
use crate::json::write::ToJson;
use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

/// One evaluated node of a condition: a logical group or a clause on one fact.
///
/// Serialised without a tag: a group has `children`, a clause has `path` and `expected`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(untagged)]
pub enum Explanation {
    /// `$and`, `$or`, `$nor` or `$not` over other nodes. A condition object with several
    /// keys is an implicit `$and` of its clauses.
    Group(ExplainedGroup),
    /// One operator applied to one fact.
    Clause(ExplainedClause),
}

/// A logical node and what its children gave.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ExplainedGroup {
    /// Whether this node held.
    pub held: bool,
    /// `$and`, `$or`, `$nor` or `$not`.
    pub operator: String,
    /// The combined nodes, in the condition's key order (keys sorted by name) or array order.
    pub children: Vec<Explanation>,
}

/// One clause: an operator, the fact it read, the operand it expected and the value it saw.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ExplainedClause {
    /// Whether the clause held.
    pub held: bool,
    /// The operator (`$gte`, `$in`, `$elemMatch`, …), or `equals` for a plain value.
    pub operator: String,
    /// The fact path as written in the condition (`spend_90d`, `consent.sms`). Inside an
    /// `$elemMatch` the path is relative to the array element.
    pub path: String,
    /// The operand as written in the condition.
    pub expected: Value,
    /// The value found at `path`; omitted when the path is missing (see `missing`), and
    /// `null` when the fact is present and `null`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    /// `true` when nothing was found at `path`. Omitted when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub missing: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Explanation {
    /// Whether the whole condition (or this node) held.
    pub fn held(&self) -> bool {
        match self {
            Explanation::Group(group) => group.held,
            Explanation::Clause(clause) => clause.held,
        }
    }

    /// The clauses that made this node fail, empty when it held.
    ///
    /// Under `$not` and `$nor` a clause fails the condition by holding, so such a clause
    /// is returned with `held: true`; read each clause's own `held` to phrase the reason
    /// ("spend_90d is 18000, needs ≥ 50000" versus "tier is gold, which is excluded").
    pub fn failed_leaves(&self) -> Vec<&ExplainedClause> {
        let mut out = Vec::new();
        if !self.held() {
            self.collect_reasons(false, &mut out);
        }
        out
    }

    /// The clauses that made this node hold, empty when it failed.
    ///
    /// For `$or` these are the clauses of every alternative that held; under `$not` and
    /// `$nor` they are clauses that held by failing (returned with `held: false`).
    pub fn held_leaves(&self) -> Vec<&ExplainedClause> {
        let mut out = Vec::new();
        if self.held() {
            self.collect_reasons(true, &mut out);
        }
        out
    }

    /// [`Explanation::failed_leaves`], moved out of the tree rather than copied.
    pub fn into_failed_leaves(self) -> Vec<ExplainedClause> {
        let chosen = self.leaf_positions(self.failed_leaves());
        self.into_leaves_at(&chosen)
    }

    /// [`Explanation::held_leaves`], moved out of the tree rather than copied.
    pub fn into_held_leaves(self) -> Vec<ExplainedClause> {
        let chosen = self.leaf_positions(self.held_leaves());
        self.into_leaves_at(&chosen)
    }

    /// Where each of `chosen` (leaves of this tree) stands among [`Explanation::leaves`].
    fn leaf_positions(&self, chosen: Vec<&ExplainedClause>) -> Vec<usize> {
        let all = self.leaves();
        chosen.into_iter().filter_map(|leaf| all.iter().position(|other| std::ptr::eq(*other, leaf))).collect()
    }

    /// The leaves at `positions` (in that order), moved out of the tree.
    fn into_leaves_at(self, positions: &[usize]) -> Vec<ExplainedClause> {
        let mut all: Vec<Option<ExplainedClause>> = Vec::new();
        self.collect_owned_leaves(&mut all);
        positions.iter().filter_map(|&position| all.get_mut(position).and_then(Option::take)).collect()
    }

    fn collect_owned_leaves(self, out: &mut Vec<Option<ExplainedClause>>) {
        match self {
            Explanation::Clause(clause) => out.push(Some(clause)),
            Explanation::Group(group) => group.children.into_iter().for_each(|child| child.collect_owned_leaves(out)),
        }
    }

    /// Every clause in the tree, in order, whatever it gave.
    pub fn leaves(&self) -> Vec<&ExplainedClause> {
        let mut out = Vec::new();
        self.collect_leaves(&mut out);
        out
    }

    fn collect_leaves<'a>(&'a self, out: &mut Vec<&'a ExplainedClause>) {
        match self {
            Explanation::Clause(clause) => out.push(clause),
            Explanation::Group(group) => group.children.iter().for_each(|child| child.collect_leaves(out)),
        }
    }

    /// Collects the clauses responsible for this node giving `outcome` (which it gave).
    fn collect_reasons<'a>(&'a self, outcome: bool, out: &mut Vec<&'a ExplainedClause>) {
        let group = match self {
            Explanation::Clause(clause) => {
                out.push(clause);
                return;
            }
            Explanation::Group(group) => group,
        };
        let children = group.children.iter();
        match (group.operator.as_str(), outcome) {
            // A failed $and is explained by its failed children; a held $or by its held ones.
            ("$and", false) | ("$or", true) => {
                children.filter(|child| child.held() == outcome).for_each(|child| child.collect_reasons(outcome, out));
            }
            // A held $and needs all its children, a failed $or failed all of them.
            ("$and", true) | ("$or", false) => children.for_each(|child| child.collect_reasons(outcome, out)),
            // $nor fails through any child that held and holds because all children failed.
            ("$nor", false) => children.filter(|child| child.held()).for_each(|child| child.collect_reasons(true, out)),
            ("$nor", true) => children.for_each(|child| child.collect_reasons(false, out)),
            // $not flips its single child.
            _ => children.for_each(|child| child.collect_reasons(!outcome, out)),
        }
    }
}

impl ExplainedClause {
    /// A one-line English hint for a numeric comparison, e.g.
    /// `spend_90d must be ≥ 50000, is 18000` or `spend_90d must be ≥ 50000, is missing`.
    /// `None` for other operators or non-numeric operands; front ends localise from the
    /// structured fields instead.
    pub fn hint(&self) -> Option<String> {
        let symbol = match self.operator.as_str() {
            "$gt" => ">",
            "$gte" => "≥",
            "$lt" => "<",
            "$lte" => "≤",
            "$eq" | "equals" => "=",
            "$ne" => "≠",
            _ => return None,
        };
        let expected = match &self.expected {
            Value::Number(_) => js::to_js_string(&self.expected).into_owned(),
            _ => return None,
        };
        let actual = match &self.actual {
            None => "missing".to_string(),
            Some(Value::String(text)) => format!("{text:?}"),
            Some(value @ Value::Number(_)) => js::to_js_string(value).into_owned(),
            Some(other) => crate::json::write::to_json_text(other),
        };
        Some(format!("{} must be {symbol} {expected}, is {actual}", self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explanation_has_a_json_schema() {
        let schema = serde_json::to_string(&schemars::schema_for!(Explanation)).unwrap_or_default();
        for field in ["held", "operator", "children", "path", "expected", "actual", "missing"] {
            assert!(schema.contains(&format!("\"{field}\"")), "{field} missing from {schema}");
        }
    }

    #[test]
    fn reasons_follow_the_logic() {
        let leaf = |held: bool, path: &str| {
            Explanation::Clause(ExplainedClause {
                held,
                operator: "equals".to_string(),
                path: path.to_string(),
                expected: Value::Null,
                actual: None,
                missing: true,
            })
        };
        let group = |operator: &str, held: bool, children: Vec<Explanation>| {
            Explanation::Group(ExplainedGroup { held, operator: operator.to_string(), children })
        };
        // not(a and b) failed because a and b both held.
        let tree = group("$not", false, vec![group("$and", true, vec![leaf(true, "a"), leaf(true, "b")])]);
        let paths: Vec<&str> = tree.failed_leaves().iter().map(|leaf| leaf.path.as_str()).collect();
        assert_eq!(paths, ["a", "b"]);
        assert!(tree.held_leaves().is_empty());
        // not(a or b) held because both failed.
        let tree = group("$not", true, vec![group("$or", false, vec![leaf(false, "a"), leaf(false, "b")])]);
        let paths: Vec<&str> = tree.held_leaves().iter().map(|leaf| leaf.path.as_str()).collect();
        assert_eq!(paths, ["a", "b"]);
        assert_eq!(tree.leaves().len(), 2);
        // Moved out, the same clauses in the same order.
        let tree = group("$or", true, vec![leaf(false, "a"), group("$and", true, vec![leaf(true, "b"), leaf(true, "c")]), leaf(true, "d")]);
        let copied: Vec<ExplainedClause> = tree.held_leaves().into_iter().cloned().collect();
        assert_eq!(copied.iter().map(|leaf| leaf.path.as_str()).collect::<Vec<_>>(), ["b", "c", "d"]);
        assert_eq!(tree.clone().into_held_leaves(), copied);
        assert!(tree.clone().into_failed_leaves().is_empty());
        let tree = group("$and", false, vec![leaf(true, "a"), leaf(false, "b"), group("$nor", false, vec![leaf(false, "c"), leaf(true, "d")])]);
        let copied: Vec<ExplainedClause> = tree.failed_leaves().into_iter().cloned().collect();
        assert_eq!(copied.iter().map(|leaf| leaf.path.as_str()).collect::<Vec<_>>(), ["b", "d"]);
        assert_eq!(tree.into_failed_leaves(), copied);
    }
}
