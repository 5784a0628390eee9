//! Evaluating and explaining a compiled condition against facts.
//!
//! The rules are GrowthBook's (`evalCondition` in its JavaScript SDK), with JavaScript's
//! coercions emulated by [`super::js`]:
//!
//! * a missing fact is `null`;
//! * a plain string `s` holds when `String(actual) === s` (so `["a"]` equals `"a"`, and
//!   `8` equals `"8"`); a plain number `n` when `actual * 1 === n` (so `"8"` equals `8`,
//!   and a missing fact equals `0`); a plain boolean `b` when `actual` is not `null` and
//!   its truthiness is `b`; `null` when `actual` is `null` or missing; a plain array or
//!   object when it serialises to the same JSON;
//! * `$eq`/`$ne` are strict (`===`), `$gt` … `$lte` are JavaScript's relational operators;
//! * `$in` intersects when the fact is an array; `$elemMatch` skips `null` elements.
//!
//! Evaluation never allocates for the common cases (string and number comparisons,
//! set membership, regular expressions on strings) and never panics.

use super::compile::{Clause, ConditionSet, Literal, Operator, OperatorTest, ValueTest, VersionRelation};
use super::explain::{ExplainedClause, ExplainedGroup, Explanation};
use super::js;
use super::version;
use super::SavedGroups;
use serde_json::Value;
use std::cmp::Ordering;

/// What GrowthBook's `getPath` returns for a missing fact.
const NULL: &Value = &Value::Null;

impl ConditionSet {
    pub(crate) fn eval(&self, facts: &Value, groups: &SavedGroups) -> bool {
        self.clauses.iter().all(|clause| clause.eval(facts, groups))
    }

    pub(crate) fn explain(&self, facts: &Value, groups: &SavedGroups) -> Explanation {
        let mut children = Vec::with_capacity(self.clauses.len());
        for clause in &self.clauses {
            clause.explain(facts, groups, &mut children);
        }
        if children.len() == 1 {
            if let Some(only) = children.pop() {
                return only;
            }
        }
        group("$and", children.iter().all(Explanation::held), children)
    }
}

impl ConditionSet {
    /// What `explain(..).into_failed_leaves()` gives, without building the tree when every
    /// clause reads one fact: then the set is a plain `$and` and its failed leaves are the
    /// tests that failed, in order. Other sets are explained in full.
    pub(crate) fn failed_leaves(&self, facts: &Value, groups: &SavedGroups) -> Vec<ExplainedClause> {
        if !self.clauses.iter().all(|clause| matches!(clause, Clause::Fact { .. })) {
            return self.explain(facts, groups).into_failed_leaves();
        }
        let mut failed = Vec::new();
        for clause in &self.clauses {
            let Clause::Fact { path, test } = clause else { continue };
            let found = path.resolve(facts);
            let actual = found.unwrap_or(NULL);
            match test {
                ValueTest::Equals { operand, literal } => {
                    if !literal.eval(operand, actual) {
                        failed.push(leaf(&path.text, found, false, "equals", operand));
                    }
                }
                ValueTest::Operators(operators) => {
                    for operator in operators {
                        if !operator.eval(actual, groups) {
                            failed.push(leaf(&path.text, found, false, operator.name, &operator.operand));
                        }
                    }
                }
            }
        }
        failed
    }
}

/// One evaluated clause: `found` is what the fact path resolved to (`None` when missing).
fn leaf(path: &str, found: Option<&Value>, held: bool, operator: &str, expected: &Value) -> ExplainedClause {
    ExplainedClause { held, operator: operator.to_string(), path: path.to_string(), expected: expected.clone(), actual: found.cloned(), missing: found.is_none() }
}

fn group(operator: &str, held: bool, children: Vec<Explanation>) -> Explanation {
    Explanation::Group(ExplainedGroup { held, operator: operator.to_string(), children })
}

impl Clause {
    fn eval(&self, facts: &Value, groups: &SavedGroups) -> bool {
        match self {
            Clause::And(sets) => sets.iter().all(|set| set.eval(facts, groups)),
            // GrowthBook's `$or: []` holds, and so `$nor: []` fails.
            Clause::Or(sets) => sets.is_empty() || sets.iter().any(|set| set.eval(facts, groups)),
            Clause::Nor(sets) => !(sets.is_empty() || sets.iter().any(|set| set.eval(facts, groups))),
            Clause::Not(set) => !set.eval(facts, groups),
            Clause::Fact { path, test } => test.eval(path.resolve(facts).unwrap_or(NULL), groups),
        }
    }

    fn explain(&self, facts: &Value, groups: &SavedGroups, out: &mut Vec<Explanation>) {
        let explain_all = |sets: &[ConditionSet]| sets.iter().map(|set| set.explain(facts, groups)).collect::<Vec<_>>();
        match self {
            Clause::And(sets) => {
                let children = explain_all(sets);
                out.push(group("$and", children.iter().all(Explanation::held), children));
            }
            Clause::Or(sets) => {
                let children = explain_all(sets);
                out.push(group("$or", children.is_empty() || children.iter().any(Explanation::held), children));
            }
            Clause::Nor(sets) => {
                let children = explain_all(sets);
                out.push(group("$nor", !(children.is_empty() || children.iter().any(Explanation::held)), children));
            }
            Clause::Not(set) => {
                let child = set.explain(facts, groups);
                out.push(group("$not", !child.held(), vec![child]));
            }
            Clause::Fact { path, test } => {
                let found = path.resolve(facts);
                let actual = found.unwrap_or(NULL);
                let leaf = |held: bool, operator: &str, expected: &Value| Explanation::Clause(leaf(&path.text, found, held, operator, expected));
                match test {
                    ValueTest::Equals { operand, literal } => {
                        out.push(leaf(literal.eval(operand, actual), "equals", operand))
                    }
                    ValueTest::Operators(operators) => {
                        for operator in operators {
                            out.push(leaf(operator.eval(actual, groups), operator.name, &operator.operand));
                        }
                    }
                }
            }
        }
    }
}

impl ValueTest {
    fn eval(&self, actual: &Value, groups: &SavedGroups) -> bool {
        match self {
            ValueTest::Equals { operand, literal } => literal.eval(operand, actual),
            ValueTest::Operators(operators) => operators.iter().all(|operator| operator.eval(actual, groups)),
        }
    }
}

impl Literal {
    fn eval(&self, operand: &Value, actual: &Value) -> bool {
        match self {
            Literal::Text(text) => js::to_js_string(actual) == text.as_str(),
            Literal::FoldedText(text) => js::lowercase(&js::to_js_string(actual)) == text.as_str(),
            Literal::Number(number) => js::to_number(actual) == *number,
            Literal::Bool(flag) => !actual.is_null() && js::truthy(actual) == *flag,
            Literal::Null => actual.is_null(),
            Literal::Json => js::json_equal(actual, operand),
        }
    }
}

impl OperatorTest {
    fn eval(&self, actual: &Value, groups: &SavedGroups) -> bool {
        match &self.kind {
            Operator::Version { relation, padded } => {
                let ordering = js::cmp_utf16(&version::padded(actual), padded);
                match relation {
                    VersionRelation::Equal => ordering == Ordering::Equal,
                    VersionRelation::NotEqual => ordering != Ordering::Equal,
                    VersionRelation::Greater => ordering == Ordering::Greater,
                    VersionRelation::GreaterOrEqual => ordering != Ordering::Less,
                    VersionRelation::Less => ordering == Ordering::Less,
                    VersionRelation::LessOrEqual => ordering != Ordering::Greater,
                }
            }
            Operator::Eq => js::strict_equal(actual, &self.operand),
            Operator::Ne => !js::strict_equal(actual, &self.operand),
            Operator::Relation { relation, operand } => js::relate(*relation, &js::to_primitive(actual), operand),
            Operator::Exists(wanted) => actual.is_null() != *wanted,
            Operator::In { set, negate, folded } => {
                let found = match actual {
                    Value::Array(items) => items.iter().any(|item| set.contains(item, *folded)),
                    other => set.contains(other, *folded),
                };
                found != *negate
            }
            Operator::InGroup { name, negate } => {
                let members = groups.get(name).map_or(&[][..], Vec::as_slice);
                let is_member = |value: &Value| members.iter().any(|member| js::same_value_zero(member, value));
                let found = match actual {
                    Value::Array(items) => items.iter().any(is_member),
                    other => is_member(other),
                };
                found != *negate
            }
            Operator::Not(test) => !test.eval(actual, groups),
            Operator::Size(test) => match actual {
                Value::Array(items) => test.eval(&Value::from(items.len()), groups),
                _ => false,
            },
            Operator::ElemMatchValue(test) => match actual {
                Value::Array(items) => items.iter().any(|item| !item.is_null() && test.eval(item, groups)),
                _ => false,
            },
            Operator::ElemMatchCondition(set) => match actual {
                Value::Array(items) => items.iter().any(|item| !item.is_null() && set.eval(item, groups)),
                _ => false,
            },
            Operator::All(tests) => match actual {
                Value::Array(items) => tests.iter().all(|test| items.iter().any(|item| test.eval(item, groups))),
                _ => false,
            },
            Operator::Regex(regex) => regex.is_match(&js::to_js_string(actual)),
            Operator::Type(name) => js::type_name(actual) == *name,
        }
    }
}
