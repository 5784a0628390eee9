//! The condition language: MongoDB-style JSON conditions over facts, with the semantics
//! of GrowthBook's targeting conditions, so that a condition written for GrowthBook runs
//! unchanged. `docs/conditions.md` is the reference for designers.
//!
//! A condition is compiled once ([`compile`]) — every problem is reported then, with a
//! JSON-pointer path — and evaluated many times ([`Condition::eval`]), or evaluated with
//! an account of every clause ([`Condition::explain`]).
//!
//! ```
//! use serde_json::json;
//! use tierwise::condition::{compile, SavedGroups};
//!
//! let condition = compile(&json!({"spend_90d": {"$gte": 50000}, "tier": {"$in": ["silver", "gold"]}}), "")?;
//! let facts = json!({"spend_90d": 18000, "tier": "silver"});
//! assert!(!condition.eval(&facts, &SavedGroups::new()));
//!
//! let explanation = condition.explain(&facts, &SavedGroups::new());
//! let failed = explanation.failed_leaves();
//! assert_eq!(failed[0].hint().as_deref(), Some("spend_90d must be ≥ 50000, is 18000"));
//! # Ok::<(), Vec<tierwise::Issue>>(())
//! ```
//!
//! Where GrowthBook would quietly evaluate a malformed condition to `false` (an unknown
//! operator, an invalid regular expression, `$in` with a non-array), compiling here fails
//! instead; `docs/conditions.md` lists these differences.

mod compile;
mod eval;
mod explain;
mod js;
mod regex;
mod version;

pub use compile::{MAX_DEPTH, MAX_NODES};
pub(crate) use compile::{LOGICAL_OPERATORS, VALUE_OPERATORS};
pub use explain::{ExplainedClause, ExplainedGroup, Explanation};

use crate::error::Code;
use crate::error::{pointer, Error, Issue};
use serde_json::Value;
use crate::vec_map::VecMap;

/// Saved groups: a group name and the values that are members of it, for `$inGroup` and
/// `$notInGroup`. A group that is not listed has no members.
pub type SavedGroups = VecMap<String, Vec<Value>>;

/// A compiled condition, ready to be evaluated against any number of fact sets.
#[derive(Debug, Clone)]
pub struct Condition {
    root: compile::ConditionSet,
    paths: Vec<String>,
}

/// Compiles `condition`, checking everything that can be checked without facts.
///
/// `path` is the JSON pointer of the condition inside the caller's input (for example
/// `/offers/3/eligibility`); every issue's path starts with it. All issues are reported,
/// each with a stable code: `invalid_condition`, `invalid_operand`, `unknown_operator`,
/// `misplaced_operator`, `mixed_operator_object`, `invalid_regex`, `regex_too_long`,
/// `condition_too_deep` (more than [`MAX_DEPTH`] levels) or `condition_too_large` (more
/// than [`MAX_NODES`] nodes).
pub fn compile(condition: &Value, path: &str) -> Result<Condition, Vec<Issue>> {
    let mut compiler = compile::Compiler::new();
    let root = compiler.condition_set(condition, path, 1, true);
    if compiler.nodes > MAX_NODES {
        compiler.issues.insert(
            0,
            Issue::new(
                Code::ConditionTooLarge,
                path,
                format!("the condition has {} nodes; at most {MAX_NODES} are allowed", compiler.nodes),
            ),
        );
    }
    match root {
        Some(root) if compiler.issues.is_empty() => Ok(Condition { root, paths: compiler.paths.into_iter().collect() }),
        _ => Err(compiler.issues),
    }
}

impl Condition {
    /// Whether the condition holds for `facts`, with `groups` for `$inGroup`/`$notInGroup`.
    /// Never panics; a fact that is missing or of an unexpected type simply makes the
    /// clauses that read it behave as GrowthBook's would.
    pub fn eval(&self, facts: &Value, groups: &SavedGroups) -> bool {
        self.root.eval(facts, groups)
    }

    /// Evaluates the condition and returns the whole evaluated tree: every clause with
    /// the value it saw. `explain(..).held()` always equals `eval(..)`.
    pub fn explain(&self, facts: &Value, groups: &SavedGroups) -> Explanation {
        self.root.explain(facts, groups)
    }

    /// The clauses that made the condition fail, empty when it held: what
    /// `explain(..).failed_leaves()` lists, owned, and cheaper to get for a condition whose
    /// keys are all facts (no tree is built).
    pub fn failed_leaves(&self, facts: &Value, groups: &SavedGroups) -> Vec<ExplainedClause> {
        self.root.failed_leaves(facts, groups)
    }

    /// The fact paths the condition reads, sorted and without duplicates, as written
    /// (`consent.sms`). Paths inside `$elemMatch` are relative to array elements and are
    /// not listed; the array's own path is.
    pub fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }
}

fn parse_json(text: &str, path: &str, what: &str, issues: &mut Vec<Issue>) -> Option<Value> {
    match crate::json::from_str::<Value>(text, path) {
        Ok(value) => Some(value),
        Err(error) => {
            issues.extend(error.into_issues().into_iter().map(|issue| Issue { message: format!("{what}: {}", issue.message), ..issue }));
            None
        }
    }
}

/// Parses saved groups: an object whose members are arrays. Empty text means no groups.
fn parse_saved_groups(text: &str, issues: &mut Vec<Issue>) -> Option<SavedGroups> {
    const PATH: &str = "/saved_groups";
    if text.trim().is_empty() {
        return Some(SavedGroups::new());
    }
    let value = parse_json(text, PATH, "the saved groups", issues)?;
    let Value::Object(map) = value else {
        issues.push(Issue::new(
            Code::InvalidType,
            PATH,
            "saved groups must be an object of group name to array of members",
        ));
        return None;
    };
    let mut groups = SavedGroups::new();
    let mut ok = true;
    for (name, members) in map {
        match members {
            Value::Array(members) => {
                groups.insert(name, members);
            }
            _ => {
                issues.push(Issue::new(
                    Code::InvalidType,
                    pointer(PATH, &name),
                    "a saved group must be an array of members",
                ));
                ok = false;
            }
        }
    }
    ok.then_some(groups)
}

/// Parses, compiles and evaluates in one call, for boundaries that hold JSON text.
///
/// Issues are rooted at one virtual input `{condition, facts, saved_groups}`: a bad
/// operator is at `/condition/…`, unparsable facts at `/facts` (code `invalid_json`).
/// `saved_groups` may be empty text for no groups. Parsing and compiling on every call is
/// slow; code that evaluates a condition repeatedly should [`compile`] it once.
pub fn eval_condition_json(condition: &str, facts: &str, saved_groups: &str) -> Result<bool, Error> {
    let (condition, facts, groups) = prepare(condition, facts, saved_groups)?;
    Ok(condition.eval(&facts, &groups))
}

/// Like [`eval_condition_json`], returning the [`Explanation`] serialised as JSON.
pub fn explain_condition_json(condition: &str, facts: &str, saved_groups: &str) -> Result<String, Error> {
    let (condition, facts, groups) = prepare(condition, facts, saved_groups)?;
    Ok(crate::json::write::to_json_text(&condition.explain(&facts, &groups)))
}

/// Conditions compiled together and evaluated together over one set of facts: what a
/// caller holding many conditions (a catalog's eligibility rules) needs, with one parse of
/// the facts per evaluation of the whole list.
///
/// ```
/// use serde_json::json;
/// use tierwise::condition::ConditionList;
///
/// let list = ConditionList::compile_json(r#"[{"orders_365d": {"$gte": 3}}, {"tier": "gold"}]"#, "{}")?;
/// assert_eq!(list.eval(&json!({"orders_365d": 5, "tier": "silver"})), [true, false]);
/// # Ok::<(), tierwise::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct ConditionList {
    conditions: Vec<Condition>,
    groups: SavedGroups,
}

impl ConditionList {
    /// Compiles a JSON array of conditions with the saved groups they may name. Issues are
    /// rooted at `/conditions/N` (or `/conditions` when the list is not an array), and every
    /// issue of every condition is reported.
    pub fn compile(conditions: &Value, groups: SavedGroups) -> Result<ConditionList, Vec<Issue>> {
        const PATH: &str = "/conditions";
        let Value::Array(items) = conditions else {
            return Err(vec![Issue::new(Code::InvalidType, PATH, "conditions must be an array of conditions")]);
        };
        let mut issues = Vec::new();
        let mut compiled = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            match compile(item, &pointer(PATH, index)) {
                Ok(condition) => compiled.push(condition),
                Err(found) => issues.extend(found),
            }
        }
        if issues.is_empty() {
            Ok(ConditionList { conditions: compiled, groups })
        } else {
            Err(issues)
        }
    }

    /// [`ConditionList::compile`] from JSON text; `saved_groups` may be empty text or `{}`
    /// for no groups (paths under `/saved_groups`).
    pub fn compile_json(conditions: &str, saved_groups: &str) -> Result<ConditionList, Error> {
        crate::limits::check_input_sizes(&[(conditions, "/conditions"), (saved_groups, "/saved_groups")])?;
        let mut issues = Vec::new();
        let list = parse_json(conditions, "/conditions", "the conditions", &mut issues);
        let groups = parse_saved_groups(saved_groups, &mut issues);
        let compiled = match (list, groups) {
            (Some(list), Some(groups)) => ConditionList::compile(&list, groups).map_err(|found| issues.extend(found)).ok(),
            _ => None,
        };
        match compiled {
            Some(compiled) if issues.is_empty() => Ok(compiled),
            _ => Err(Error::all(issues)),
        }
    }

    /// [`ConditionList::compile`] from JSON text, with saved groups already read (a
    /// program's).
    pub fn compile_json_with(conditions: &str, groups: SavedGroups) -> Result<ConditionList, Error> {
        crate::limits::check_input_sizes(&[(conditions, "/conditions")])?;
        let mut issues = Vec::new();
        let Some(list) = parse_json(conditions, "/conditions", "the conditions", &mut issues) else {
            return Err(Error::all(issues));
        };
        ConditionList::compile(&list, groups).map_err(Error::all)
    }

    /// How many conditions the list holds.
    pub fn len(&self) -> usize {
        self.conditions.len()
    }

    /// Whether the list holds no condition.
    pub fn is_empty(&self) -> bool {
        self.conditions.is_empty()
    }

    /// Whether each condition holds for `facts`, in list order.
    pub fn eval(&self, facts: &Value) -> Vec<bool> {
        self.conditions.iter().map(|condition| condition.eval(facts, &self.groups)).collect()
    }

    /// Parses the facts once and evaluates every condition: 1 where it holds, 0 where it
    /// does not. Facts that are not JSON give `invalid_json` at `/facts`.
    pub fn eval_json(&self, facts: &str) -> Result<Vec<u8>, Error> {
        crate::limits::check_input_sizes(&[(facts, "/facts")])?;
        let mut issues = Vec::new();
        let Some(facts) = parse_json(facts, "/facts", "the facts", &mut issues) else {
            return Err(Error::all(issues));
        };
        Ok(self.conditions.iter().map(|condition| u8::from(condition.eval(&facts, &self.groups))).collect())
    }
}

fn prepare(condition: &str, facts: &str, saved_groups: &str) -> Result<(Condition, Value, SavedGroups), Error> {
    crate::limits::check_input_sizes(&[(condition, "/condition"), (facts, "/facts"), (saved_groups, "/saved_groups")])?;
    let mut issues = Vec::new();
    let condition = parse_json(condition, "/condition", "the condition", &mut issues)
        .and_then(|value| compile(&value, "/condition").map_err(|found| issues.extend(found)).ok());
    let facts = parse_json(facts, "/facts", "the facts", &mut issues);
    let groups = parse_saved_groups(saved_groups, &mut issues);
    match (condition, facts, groups) {
        (Some(condition), Some(facts), Some(groups)) if issues.is_empty() => Ok((condition, facts, groups)),
        _ => {
            Err(Error::from_issues(issues).unwrap_or_else(|| Error::one(Code::InvalidInput, "", "the input was rejected")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn issues(condition: Value) -> Vec<(String, String)> {
        match compile(&condition, "/offers/3/eligibility") {
            Ok(_) => Vec::new(),
            Err(issues) => issues.into_iter().map(|issue| (issue.code.as_str().to_string(), issue.path)).collect(),
        }
    }

    fn pair(code: &str, path: &str) -> (String, String) {
        (code.to_string(), path.to_string())
    }

    #[test]
    fn reports_every_issue_with_its_path() {
        let found = issues(json!({
            "age": {"$gtx": 5, "$in": 3, "$regex": "(?=x)"},
            "$and": [{"tier": {"$type": "integer"}}, "not an object"],
            "$gt": 5,
            "a/b": {"$exists": "yes"},
            "tags": {"$size": {"$eq": [1]}},
        }));
        let mut sorted = found.clone();
        sorted.sort();
        let mut wanted = vec![
            pair("invalid_condition", "/offers/3/eligibility/$and/1"),
            pair("invalid_operand", "/offers/3/eligibility/$and/0/tier/$type"),
            pair("misplaced_operator", "/offers/3/eligibility/$gt"),
            pair("invalid_operand", "/offers/3/eligibility/a~1b/$exists"),
            pair("unknown_operator", "/offers/3/eligibility/age/$gtx"),
            pair("invalid_operand", "/offers/3/eligibility/age/$in"),
            pair("invalid_regex", "/offers/3/eligibility/age/$regex"),
            pair("invalid_operand", "/offers/3/eligibility/tags/$size/$eq"),
        ];
        wanted.sort();
        assert_eq!(sorted, wanted);
    }

    #[test]
    fn unknown_operators_suggest_the_nearest() {
        let error = compile(&json!({"age": {"$gtr": 5}}), "").err().unwrap_or_default();
        assert_eq!(error.len(), 1);
        assert!(error[0].message.contains("did you mean `$gt"), "{}", error[0].message);
    }

    #[test]
    fn root_must_be_an_object() {
        assert_eq!(issues(json!([1])), vec![pair("invalid_condition", "/offers/3/eligibility")]);
        assert_eq!(issues(json!({"$or": {"a": 1}})), vec![pair("invalid_operand", "/offers/3/eligibility/$or")]);
        assert_eq!(issues(json!({"$not": [{"a": 1}]})), vec![pair("invalid_condition", "/offers/3/eligibility/$not")]);
    }

    #[test]
    fn logical_operators_cannot_apply_to_values() {
        assert_eq!(
            issues(json!({"age": {"$and": [{"$gt": 1}]}})),
            vec![pair("misplaced_operator", "/offers/3/eligibility/age/$and")]
        );
        assert_eq!(
            issues(json!({"age": {"$gt": 1, "x": 2}})),
            vec![pair("mixed_operator_object", "/offers/3/eligibility/age")]
        );
    }

    #[test]
    fn operand_types_are_checked() {
        let cases = [
            (json!({"a": {"$eq": {"x": 1}}}), "/a/$eq"),
            (json!({"a": {"$ne": [1]}}), "/a/$ne"),
            (json!({"a": {"$gt": true}}), "/a/$gt"),
            (json!({"a": {"$lte": null}}), "/a/$lte"),
            (json!({"a": {"$exists": 1}}), "/a/$exists"),
            (json!({"a": {"$nin": "x"}}), "/a/$nin"),
            (json!({"a": {"$in": [1, [2]]}}), "/a/$in/1"),
            (json!({"a": {"$ini": [{"x": 1}]}}), "/a/$ini/0"),
            (json!({"a": {"$inGroup": 3}}), "/a/$inGroup"),
            (json!({"a": {"$elemMatch": [1]}}), "/a/$elemMatch"),
            (json!({"a": {"$all": "x"}}), "/a/$all"),
            (json!({"a": {"$regex": 1}}), "/a/$regex"),
            (json!({"a": {"$type": "undefined"}}), "/a/$type"),
            (json!({"a": {"$veq": true}}), "/a/$veq"),
        ];
        for (condition, path) in cases {
            assert_eq!(
                issues(condition.clone()),
                vec![pair("invalid_operand", &format!("/offers/3/eligibility{path}"))],
                "{condition}"
            );
        }
    }

    #[test]
    fn regexes_are_checked_and_bounded() {
        assert_eq!(
            issues(json!({"a": {"$regexi": "[a-"}})),
            vec![pair("invalid_regex", "/offers/3/eligibility/a/$regexi")]
        );
        let long = "x".repeat(1001);
        assert_eq!(
            issues(json!({"a": {"$regex": long}})),
            vec![pair("regex_too_long", "/offers/3/eligibility/a/$regex")]
        );
        let fine = "x".repeat(1000);
        assert!(issues(json!({"a": {"$regex": fine}})).is_empty());
    }

    #[test]
    fn depth_is_limited() {
        let mut condition = json!({"a": 1});
        for _ in 0..40 {
            condition = json!({"$not": condition});
        }
        let found = issues(condition);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "condition_too_deep");
        assert_eq!(found[0].1.matches("/$not").count(), 32);

        let mut ok = json!({"a": 1});
        for _ in 0..31 {
            ok = json!({"$not": ok});
        }
        assert!(issues(ok).is_empty());

        let mut literal = json!(1);
        for _ in 0..40 {
            literal = json!([literal]);
        }
        assert_eq!(issues(json!({"a": literal})), vec![pair("condition_too_deep", "/offers/3/eligibility/a")]);
    }

    #[test]
    fn size_is_limited() {
        let clauses: Vec<Value> = (0..400).map(|i| json!({ format!("f{i}"): {"$gt": i} })).collect();
        let found = issues(json!({"$and": clauses}));
        assert_eq!(found, vec![pair("condition_too_large", "/offers/3/eligibility")]);
        let clauses: Vec<Value> = (0..100).map(|i| json!({ format!("f{i}"): {"$gt": i} })).collect();
        assert!(issues(json!({"$and": clauses})).is_empty());
        // A long `$in` list is one node.
        let members: Vec<Value> = (0..5000).map(Value::from).collect();
        assert!(issues(json!({"id": {"$in": members}})).is_empty());
    }

    #[test]
    fn paths_are_sorted_and_deduplicated() {
        let condition = compile(
            &json!({"tier": "gold", "$or": [{"spend_90d": {"$gt": 1}}, {"tier": "silver"}], "orders": {"$elemMatch": {"amount": {"$gt": 5}}}}),
            "",
        )
        .unwrap_or_else(|issues| panic!("{issues:?}"));
        assert_eq!(condition.paths(), vec!["orders", "spend_90d", "tier"]);
    }

    #[test]
    fn wire_helpers_report_parse_errors_with_paths() {
        let error = eval_condition_json("{", "[", "{\"g\": 1}").err().map(|error| error.into_issues()).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|issue| (issue.code.as_str(), issue.path.as_str())).collect();
        assert_eq!(
            found,
            vec![("invalid_json", "/condition"), ("invalid_json", "/facts"), ("invalid_type", "/saved_groups/g")]
        );
        assert_eq!(eval_condition_json(r#"{"a": {"$inGroup": "g"}}"#, r#"{"a": 2}"#, r#"{"g": [1, 2]}"#), Ok(true));
        assert_eq!(eval_condition_json(r#"{"a": 1}"#, r#"{"a": 1}"#, ""), Ok(true));
        let error = eval_condition_json(r#"{"a": {"$bad": 1}}"#, "{}", "").err().map(|error| error.path().to_string());
        assert_eq!(error.as_deref(), Some("/condition/a/$bad"));
        let explained = explain_condition_json(r#"{"a": {"$gte": 5}}"#, r#"{}"#, "").unwrap_or_default();
        assert_eq!(explained, r#"{"held":false,"operator":"$gte","path":"a","expected":5,"missing":true}"#);
    }

    #[test]
    fn a_list_evaluates_like_each_condition_alone() {
        let conditions = json!([{"a": {"$gte": 2}}, {"b": {"$inGroup": "g"}}, {"$or": [{"a": 1}, {"c": {"$exists": true}}]}]);
        let list = ConditionList::compile_json(&conditions.to_string(), r#"{"g": ["x"]}"#).unwrap_or_else(|error| panic!("{error:?}"));
        assert_eq!(list.len(), 3);
        for facts in [json!({"a": 2, "b": "x"}), json!({"a": 1}), json!({"c": null}), json!({})] {
            let alone: Vec<u8> = conditions
                .as_array()
                .into_iter()
                .flatten()
                .map(|condition| u8::from(eval_condition_json(&condition.to_string(), &facts.to_string(), r#"{"g": ["x"]}"#) == Ok(true)))
                .collect();
            assert_eq!(list.eval_json(&facts.to_string()), Ok(alone.clone()));
            assert_eq!(list.eval(&facts).into_iter().map(u8::from).collect::<Vec<_>>(), alone);
        }
    }

    #[test]
    fn a_list_reports_every_issue_with_its_index() {
        let error = ConditionList::compile_json(r#"[{"a": 1}, {"a": {"$bad": 1}}, 3]"#, "").err().map(|error| error.into_issues()).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|issue| (issue.code.as_str(), issue.path.as_str())).collect();
        assert_eq!(found, vec![("unknown_operator", "/conditions/1/a/$bad"), ("invalid_condition", "/conditions/2")]);
        let error = ConditionList::compile_json("{}", "[").err().map(|error| error.into_issues()).unwrap_or_default();
        let found: Vec<(&str, &str)> = error.iter().map(|issue| (issue.code.as_str(), issue.path.as_str())).collect();
        assert_eq!(found, vec![("invalid_json", "/saved_groups")]);
        let list = ConditionList::compile_json("[]", "").unwrap_or_else(|error| panic!("{error:?}"));
        assert!(list.is_empty());
        assert_eq!(list.eval_json("{").err().map(|error| error.path().to_string()).as_deref(), Some("/facts"));
    }
}
