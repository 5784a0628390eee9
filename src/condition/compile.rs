//! Compiling a JSON condition into the tree that [`super::eval`] walks.
//!
//! Everything that can be checked without facts is checked here, once, and reported as
//! issues with JSON-pointer paths: unknown and misplaced operators, operand types,
//! regular expressions, depth and size. The compiled tree keeps the original operands
//! for explanations, pre-split fact paths, pre-compiled regular expressions, padded
//! version strings and lookup sets, so evaluation only reads facts.

use super::js::{self, Primitive, Relation};
use super::{regex, version};
use crate::error::{pointer, Code, Issue};
use regex_lite::Regex;
use serde_json::{Map, Value};
use crate::vec_map::VecSet;

/// The deepest nesting of JSON objects and arrays a condition may have.
pub const MAX_DEPTH: usize = crate::limits::MAX_CONDITION_DEPTH;

/// The most nodes (condition objects, clauses, operators and operands) a condition may have.
pub const MAX_NODES: usize = crate::limits::MAX_CONDITION_NODES;

/// Every operator that applies to a value, with the names GrowthBook gives them.
pub(crate) const VALUE_OPERATORS: &[&str] = &[
    "$eq",
    "$ne",
    "$gt",
    "$gte",
    "$lt",
    "$lte",
    "$in",
    "$nin",
    "$ini",
    "$nini",
    "$all",
    "$alli",
    "$size",
    "$elemMatch",
    "$exists",
    "$type",
    "$regex",
    "$regexi",
    "$not",
    "$veq",
    "$vne",
    "$vgt",
    "$vgte",
    "$vlt",
    "$vlte",
    "$inGroup",
    "$notInGroup",
];

/// The operators that combine conditions.
pub(crate) const LOGICAL_OPERATORS: &[&str] = &["$and", "$or", "$nor", "$not"];

/// The types `$type` can test for.
const TYPE_NAMES: &[&str] = &["string", "number", "boolean", "object", "array", "null"];

/// A condition object: every clause must hold (an empty object always holds).
#[derive(Debug, Clone)]
pub(crate) struct ConditionSet {
    pub(crate) clauses: Vec<Clause>,
}

/// One key of a condition object.
#[derive(Debug, Clone)]
pub(crate) enum Clause {
    /// `$and`: every condition holds.
    And(Vec<ConditionSet>),
    /// `$or`: some condition holds, or the list is empty.
    Or(Vec<ConditionSet>),
    /// `$nor`: no condition holds and the list is not empty.
    Nor(Vec<ConditionSet>),
    /// `$not`: the condition does not hold.
    Not(Box<ConditionSet>),
    /// A fact path and the test its value must pass.
    Fact { path: FactPath, test: ValueTest },
}

/// A dot path split into segments once, at compile time.
#[derive(Debug, Clone)]
pub(crate) struct FactPath {
    pub(crate) text: String,
    segments: Vec<Segment>,
}

#[derive(Debug, Clone)]
struct Segment {
    key: String,
    /// The segment read as an array index, when it is a canonical one (`0`, `12`).
    index: Option<usize>,
}

impl FactPath {
    fn new(text: &str) -> FactPath {
        let segments = text
            .split('.')
            .map(|key| {
                let canonical =
                    key == "0" || (!key.starts_with('0') && !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()));
                Segment { key: key.to_string(), index: if canonical { key.parse().ok() } else { None } }
            })
            .collect();
        FactPath { text: text.to_string(), segments }
    }

    /// The value at this path, `None` when some segment is missing. Objects are entered
    /// by key and arrays by index, as JavaScript's `key in value` allows; nothing else can
    /// be entered (so `"abc".length` or an array's `length` is missing).
    pub(crate) fn resolve<'a>(&self, root: &'a Value) -> Option<&'a Value> {
        let mut current = root;
        for segment in &self.segments {
            current = match current {
                Value::Object(map) => map.get(&segment.key)?,
                Value::Array(items) => items.get(segment.index?)?,
                _ => return None,
            };
        }
        Some(current)
    }
}

/// What a fact's value must satisfy: a plain value or an operator object.
#[derive(Debug, Clone)]
pub(crate) enum ValueTest {
    /// A plain value, compared the way GrowthBook compares it.
    Equals { operand: Value, literal: Literal },
    /// An operator object: every operator must hold.
    Operators(Vec<OperatorTest>),
}

/// How a plain value is compared (see the module documentation of `eval`).
#[derive(Debug, Clone)]
pub(crate) enum Literal {
    /// `String(actual) === text`.
    Text(String),
    /// `String(actual).toLowerCase() === text`, inside `$alli`; `text` is lowercased.
    FoldedText(String),
    /// `actual * 1 === number`.
    Number(f64),
    /// `actual !== null && Boolean(actual) === flag`.
    Bool(bool),
    /// `actual === null` (a missing fact is `null`).
    Null,
    /// `JSON.stringify(actual) === JSON.stringify(operand)`, for arrays and objects.
    Json,
}

/// One operator of an operator object, with its operand as written.
#[derive(Debug, Clone)]
pub(crate) struct OperatorTest {
    pub(crate) name: &'static str,
    pub(crate) operand: Value,
    pub(crate) kind: Operator,
}

/// The compiled form of each value operator.
#[derive(Debug, Clone)]
pub(crate) enum Operator {
    /// `$veq` … `$vlte` against the padded operand.
    Version { relation: VersionRelation, padded: String },
    /// `$eq`: `actual === operand`.
    Eq,
    /// `$ne`: `actual !== operand`.
    Ne,
    /// `$gt`, `$gte`, `$lt`, `$lte`.
    Relation { relation: Relation, operand: Primitive<'static> },
    /// `$exists`.
    Exists(bool),
    /// `$in`/`$nin` (`folded` false) or `$ini`/`$nini` (`folded` true).
    In { set: ScalarSet, negate: bool, folded: bool },
    /// `$inGroup`/`$notInGroup`.
    InGroup { name: String, negate: bool },
    /// `$not` on a value.
    Not(Box<ValueTest>),
    /// `$size`: the test applies to the array's length.
    Size(Box<ValueTest>),
    /// `$elemMatch` with an operator object: some element passes it.
    ElemMatchValue(Box<ValueTest>),
    /// `$elemMatch` with a condition object: some element satisfies it.
    ElemMatchCondition(Box<ConditionSet>),
    /// `$all`/`$alli`: every test is passed by some element.
    All(Vec<ValueTest>),
    /// `$regex`/`$regexi`.
    Regex(Regex),
    /// `$type`.
    Type(&'static str),
}

/// The relation a version operator asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VersionRelation {
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
}

/// The scalar operands of `$in` and friends, arranged for lookup.
#[derive(Debug, Clone, Default)]
pub(crate) struct ScalarSet {
    /// Sorted, for binary search; lowercased for `$ini`/`$nini`.
    strings: Vec<String>,
    numbers: Vec<f64>,
    has_null: bool,
    has_true: bool,
    has_false: bool,
}

impl ScalarSet {
    /// Whether `value` is a member, by SameValueZero (`Array.prototype.includes`), or by
    /// `===` after lowercasing strings when the set is `folded`.
    pub(crate) fn contains(&self, value: &Value, folded: bool) -> bool {
        match value {
            Value::Null => self.has_null,
            Value::Bool(true) => self.has_true,
            Value::Bool(false) => self.has_false,
            Value::Number(n) => {
                let n = js::number_of(n);
                self.numbers.contains(&n)
            }
            Value::String(text) if folded => {
                let folded_text = js::lowercase(text);
                self.strings.binary_search_by(|member| member.as_str().cmp(&folded_text)).is_ok()
            }
            Value::String(text) => self.strings.binary_search_by(|member| member.as_str().cmp(text)).is_ok(),
            Value::Array(_) | Value::Object(_) => false,
        }
    }
}

/// The compiler's state: the issues found so far and the node count.
pub(crate) struct Compiler {
    pub(crate) issues: Vec<Issue>,
    pub(crate) nodes: usize,
    pub(crate) paths: VecSet<String>,
}

impl Compiler {
    pub(crate) fn new() -> Compiler {
        Compiler { issues: Vec::new(), nodes: 0, paths: VecSet::new() }
    }

    fn issue(&mut self, code: Code, path: &str, message: impl Into<String>) {
        self.issues.push(Issue::new(code, path, message));
    }

    fn too_deep(&mut self, depth: usize, at: &str) -> bool {
        if depth > MAX_DEPTH {
            self.issue(
                Code::ConditionTooDeep,
                at,
                format!("conditions may nest at most {MAX_DEPTH} levels of objects and arrays"),
            );
            true
        } else {
            false
        }
    }

    /// Compiles a condition object found at `at`, whose own nesting depth is `depth`.
    /// Fact paths are recorded when `facts_root` says they are read from the facts (and
    /// not from an `$elemMatch` element).
    pub(crate) fn condition_set(
        &mut self,
        value: &Value,
        at: &str,
        depth: usize,
        facts_root: bool,
    ) -> Option<ConditionSet> {
        if self.too_deep(depth, at) {
            return None;
        }
        let Value::Object(map) = value else {
            self.issue(
                Code::InvalidCondition,
                at,
                format!("a condition must be an object of fact paths and operators, not {}", describe(value)),
            );
            return None;
        };
        self.nodes += 1;
        let mut clauses = Vec::with_capacity(map.len());
        let mut ok = true;
        for (key, operand) in map {
            let here = pointer(at, key);
            let clause = match key.as_str() {
                "$and" | "$or" | "$nor" => self.condition_list(key, operand, &here, depth + 1, facts_root),
                "$not" => {
                    self.condition_set(operand, &here, depth + 1, facts_root).map(|set| Clause::Not(Box::new(set)))
                }
                name if VALUE_OPERATORS.contains(&name) => {
                    self.issue(
                        Code::MisplacedOperator,
                        &here,
                        format!("`{name}` applies to a fact's value; write it under a fact path, e.g. {{\"spend_90d\": {{\"{name}\": …}}}}"),
                    );
                    None
                }
                "$savedGroup" => {
                    self.issue(
                        Code::UnknownOperator,
                        &here,
                        "`$savedGroup` references are not supported; use {\"<fact>\": {\"$inGroup\": \"<group>\"}}",
                    );
                    None
                }
                _ => {
                    self.nodes += 1;
                    if facts_root {
                        self.paths.insert(key.clone());
                    }
                    self.value_test(operand, &here, depth + 1, false)
                        .map(|test| Clause::Fact { path: FactPath::new(key), test })
                }
            };
            match clause {
                Some(clause) => clauses.push(clause),
                None => ok = false,
            }
        }
        ok.then_some(ConditionSet { clauses })
    }

    fn condition_list(
        &mut self,
        key: &str,
        operand: &Value,
        at: &str,
        depth: usize,
        facts_root: bool,
    ) -> Option<Clause> {
        self.nodes += 1;
        let Value::Array(items) = operand else {
            self.issue(
                Code::InvalidOperand,
                at,
                format!("`{key}` takes an array of conditions, not {}", describe(operand)),
            );
            return None;
        };
        if self.too_deep(depth, at) {
            return None;
        }
        let mut sets = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            match self.condition_set(item, &pointer(at, index), depth + 1, facts_root) {
                Some(set) => sets.push(set),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(match key {
            "$and" => Clause::And(sets),
            "$or" => Clause::Or(sets),
            _ => Clause::Nor(sets),
        })
    }

    /// Compiles what a value must satisfy: a plain value or an operator object.
    /// `folded` marks the items of `$alli`, whose plain strings compare case-insensitively.
    fn value_test(&mut self, value: &Value, at: &str, depth: usize, folded: bool) -> Option<ValueTest> {
        self.nodes += 1;
        let literal = match value {
            Value::String(text) if folded => Literal::FoldedText(js::lowercase(text).into_owned()),
            Value::String(text) => Literal::Text(text.clone()),
            Value::Number(n) => Literal::Number(js::number_of(n)),
            Value::Bool(flag) => Literal::Bool(*flag),
            Value::Null => Literal::Null,
            Value::Array(_) => {
                if self.too_deep(depth + json_depth(value, MAX_DEPTH) - 1, at) {
                    return None;
                }
                Literal::Json
            }
            Value::Object(map) => {
                let operators = map.keys().filter(|key| key.starts_with('$')).count();
                if operators > 0 && operators < map.len() {
                    self.issue(
                        Code::MixedOperatorObject,
                        at,
                        "an object mixes operators ($…) with plain keys; use only operators, or only plain keys to compare a whole object",
                    );
                    return None;
                }
                if operators > 0 {
                    return self.operator_object(map, at, depth);
                }
                if self.too_deep(depth + json_depth(value, MAX_DEPTH) - 1, at) {
                    return None;
                }
                Literal::Json
            }
        };
        Some(ValueTest::Equals { operand: value.clone(), literal })
    }

    fn operator_object(&mut self, map: &Map<String, Value>, at: &str, depth: usize) -> Option<ValueTest> {
        if self.too_deep(depth, at) {
            return None;
        }
        let mut tests = Vec::with_capacity(map.len());
        let mut ok = true;
        for (name, operand) in map {
            match self.operator(name, operand, &pointer(at, name), depth + 1) {
                Some(test) => tests.push(test),
                None => ok = false,
            }
        }
        ok.then_some(ValueTest::Operators(tests))
    }

    /// Compiles one operator; `depth` is the nesting depth of its operand.
    fn operator(&mut self, name: &str, operand: &Value, at: &str, depth: usize) -> Option<OperatorTest> {
        self.nodes += 1;
        let Some(&name) = VALUE_OPERATORS.iter().find(|&&known| known == name) else {
            let message = if LOGICAL_OPERATORS.contains(&name) {
                format!("`{name}` combines conditions and cannot apply to a value; move it up to the condition level")
            } else if let Some(near) = nearest_operator(name) {
                format!("unknown operator `{name}`; did you mean `{near}`?")
            } else {
                format!("unknown operator `{name}`")
            };
            let code = if LOGICAL_OPERATORS.contains(&name) { Code::MisplacedOperator } else { Code::UnknownOperator };
            self.issue(code, at, message);
            return None;
        };
        let kind = match name {
            "$veq" | "$vne" | "$vgt" | "$vgte" | "$vlt" | "$vlte" => {
                if !matches!(operand, Value::String(_) | Value::Number(_)) {
                    return self.bad_operand(name, at, "a version string such as \"1.2.3\"", operand);
                }
                let relation = match name {
                    "$veq" => VersionRelation::Equal,
                    "$vne" => VersionRelation::NotEqual,
                    "$vgt" => VersionRelation::Greater,
                    "$vgte" => VersionRelation::GreaterOrEqual,
                    "$vlt" => VersionRelation::Less,
                    _ => VersionRelation::LessOrEqual,
                };
                Operator::Version { relation, padded: version::padded(operand) }
            }
            "$eq" | "$ne" => {
                if matches!(operand, Value::Array(_) | Value::Object(_)) {
                    return self.bad_operand(
                        name,
                        at,
                        "a string, number, boolean or null (to compare a whole array or object, write it as a plain value)",
                        operand,
                    );
                }
                if name == "$eq" {
                    Operator::Eq
                } else {
                    Operator::Ne
                }
            }
            "$gt" | "$gte" | "$lt" | "$lte" => {
                let primitive = match operand {
                    Value::Number(n) => Primitive::Number(js::number_of(n)),
                    Value::String(text) => Primitive::String(text.clone().into()),
                    _ => return self.bad_operand(name, at, "a number or a string", operand),
                };
                let relation = match name {
                    "$gt" => Relation::Greater,
                    "$gte" => Relation::GreaterOrEqual,
                    "$lt" => Relation::Less,
                    _ => Relation::LessOrEqual,
                };
                Operator::Relation { relation, operand: primitive }
            }
            "$exists" => match operand {
                Value::Bool(flag) => Operator::Exists(*flag),
                _ => return self.bad_operand(name, at, "true or false", operand),
            },
            "$in" | "$nin" | "$ini" | "$nini" => {
                let folded = name.ends_with('i');
                let set = self.scalar_set(name, operand, at, folded)?;
                Operator::In { set, negate: name.starts_with("$n"), folded }
            }
            "$inGroup" | "$notInGroup" => match operand {
                Value::String(group) => Operator::InGroup { name: group.clone(), negate: name == "$notInGroup" },
                _ => return self.bad_operand(name, at, "the name of a saved group", operand),
            },
            "$not" => Operator::Not(Box::new(self.value_test(operand, at, depth, false)?)),
            "$size" => Operator::Size(Box::new(self.value_test(operand, at, depth, false)?)),
            "$elemMatch" => match operand {
                Value::Object(map) if !map.is_empty() && map.keys().all(|key| key.starts_with('$')) => {
                    Operator::ElemMatchValue(Box::new(self.operator_object(map, at, depth)?))
                }
                Value::Object(_) => {
                    Operator::ElemMatchCondition(Box::new(self.condition_set(operand, at, depth, false)?))
                }
                _ => {
                    return self.bad_operand(
                        name,
                        at,
                        "an object: operators for each element, or a condition on element fields",
                        operand,
                    )
                }
            },
            "$all" | "$alli" => {
                let Value::Array(items) = operand else {
                    return self.bad_operand(name, at, "an array of values", operand);
                };
                if self.too_deep(depth, at) {
                    return None;
                }
                let folded = name == "$alli";
                let mut tests = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    tests.push(self.value_test(item, &pointer(at, index), depth + 1, folded));
                }
                Operator::All(tests.into_iter().collect::<Option<Vec<_>>>()?)
            }
            "$regex" | "$regexi" => {
                let Value::String(pattern) = operand else {
                    return self.bad_operand(name, at, "a regular expression pattern string", operand);
                };
                let chars = pattern.chars().count();
                if chars > regex::MAX_PATTERN_CHARS {
                    self.issue(
                        Code::RegexTooLong,
                        at,
                        format!("the pattern has {chars} characters; at most {} are allowed", regex::MAX_PATTERN_CHARS),
                    );
                    return None;
                }
                match regex::compile(pattern, name == "$regexi") {
                    Ok(compiled) => Operator::Regex(compiled),
                    Err(message) => {
                        self.issue(Code::InvalidRegex, at, message);
                        return None;
                    }
                }
            }
            "$type" => match operand {
                Value::String(wanted) => match TYPE_NAMES.iter().find(|&&known| known == wanted) {
                    Some(&known) => Operator::Type(known),
                    None => {
                        return self.bad_operand(
                            name,
                            at,
                            "one of string, number, boolean, object, array, null",
                            operand,
                        )
                    }
                },
                _ => return self.bad_operand(name, at, "one of string, number, boolean, object, array, null", operand),
            },
            _ => {
                self.issue(Code::UnknownOperator, at, format!("unknown operator `{name}`"));
                return None;
            }
        };
        Some(OperatorTest { name, operand: operand.clone(), kind })
    }

    fn scalar_set(&mut self, name: &str, operand: &Value, at: &str, folded: bool) -> Option<ScalarSet> {
        let Value::Array(items) = operand else {
            self.bad_operand::<()>(name, at, "an array of values", operand);
            return None;
        };
        let mut set = ScalarSet::default();
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::Null => set.has_null = true,
                Value::Bool(true) => set.has_true = true,
                Value::Bool(false) => set.has_false = true,
                Value::Number(n) => set.numbers.push(js::number_of(n)),
                Value::String(text) if folded => set.strings.push(js::lowercase(text).into_owned()),
                Value::String(text) => set.strings.push(text.clone()),
                Value::Array(_) | Value::Object(_) => {
                    self.issue(
                        Code::InvalidOperand,
                        &pointer(at, index),
                        format!(
                            "`{name}` lists strings, numbers, booleans or null; an array or object here never matches"
                        ),
                    );
                    ok = false;
                }
            }
        }
        crate::sort::sort(&mut set.strings);
        set.strings.dedup();
        ok.then_some(set)
    }

    fn bad_operand<T>(&mut self, name: &str, at: &str, wanted: &str, got: &Value) -> Option<T> {
        self.issue(Code::InvalidOperand, at, format!("`{name}` takes {wanted}, not {}", describe(got)));
        None
    }
}

/// The nesting depth of a JSON value (a scalar is 0, `[]` is 1), counted up to `limit + 1`.
fn json_depth(value: &Value, limit: usize) -> usize {
    if limit == 0 {
        return usize::from(matches!(value, Value::Array(_) | Value::Object(_)));
    }
    match value {
        Value::Array(items) => 1 + items.iter().map(|item| json_depth(item, limit - 1)).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(|item| json_depth(item, limit - 1)).max().unwrap_or(0),
        _ => 0,
    }
}

/// A short description of a JSON value for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(text) if text.chars().count() <= 40 => format!("the string {text:?}"),
        Value::String(_) => "a string".to_string(),
        Value::Array(_) => "an array".to_string(),
        Value::Object(_) => "an object".to_string(),
    }
}

/// The known operator closest to a misspelt one, if it is close enough to be a typo.
fn nearest_operator(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    VALUE_OPERATORS
        .iter()
        .chain(LOGICAL_OPERATORS)
        .map(|&known| (edit_distance(&lower, &known.to_lowercase()), known))
        .filter(|&(distance, _)| distance <= 2)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, known)| known)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = previous.get(j).copied().unwrap_or(usize::MAX).saturating_add(usize::from(ca != *cb));
            let delete = previous.get(j + 1).copied().unwrap_or(usize::MAX).saturating_add(1);
            let insert = current.get(j).copied().unwrap_or(usize::MAX).saturating_add(1);
            current.push(substitute.min(delete).min(insert));
        }
        previous = current;
    }
    previous.last().copied().unwrap_or(0)
}
