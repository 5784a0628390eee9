//! A program may only read facts that exist: every fact path of every segment, tag, offer
//! and boost condition is checked against the [facts catalog](crate::catalog) when the
//! program is compiled, and legal but risky reads are reported as warnings.
//!
//! Errors (the program is rejected):
//! - `unknown_fact`: no fact has the path (`days_since_jion`, `rfm.rr`, an undeclared
//!   `attributes.x`), or the path reads a member of a value that has none
//!   (`days_since_join.x`, a field of a `tags` element inside `$elemMatch`); the message
//!   suggests the nearest known names;
//! - `fact_not_available`: the fact exists but is not derived yet where it is read
//!   (`segment` or `tags` in a segment condition, `tags` in a tag condition);
//! - `unknown_saved_group`: `$inGroup` / `$notInGroup` names a group the program does not
//!   define (it would have no members).
//!
//! Warnings (`unguarded_nullable_fact`): a clause that a `null` value passes — an upper
//! bound (`$lt`, `$lte` above 0), `$ne`, `$nin`, `$notInGroup` or a `$not` — on a fact that
//! can be `null`, when nothing in the same conjunction requires the fact to have a value
//! (`"$exists": true`, a lower bound above 0, an equality). GrowthBook reads a missing value
//! as `null`, and `null` compares as 0, so `{"days_since_last_order": {"$lte": 30}}` also
//! holds for members who never ordered. Clauses that ask for `null` explicitly (`null`,
//! `"$eq": null`, `"$exists": false`, `"$type": "null"`, `null` in `$in`) are intended and
//! not warned about; neither are clauses under `$not` or `$nor`, whose sense is reversed.
//!
//! The standalone condition functions (`evalCondition`, `ConditionList`) read any facts
//! and are not checked: only a program's conditions are.

use crate::error::Code;
use crate::catalog::{Attributes, FactType, Known, Scope, Stage, Unknown, CATALOG};
use crate::condition::{self, SavedGroups};
use crate::error::{pointer, Issue};
use serde_json::{Map, Value};

/// What the conditions of a program can see: the declared attributes and the saved groups
/// (`None` for either when the program's section could not be read, so that it is not
/// checked against).
#[derive(Debug, Clone, Copy)]
pub struct ProgramFacts<'a> {
    /// Declared snapshot attributes.
    pub attributes: Option<&'a Attributes>,
    /// Saved groups.
    pub groups: Option<&'a SavedGroups>,
}

/// Errors and warnings found in a program's conditions.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Findings {
    /// Reads of facts that do not exist (the program is rejected).
    pub errors: Vec<Issue>,
    /// Legal but risky reads.
    pub warnings: Vec<Issue>,
}

fn items<'a>(program: &'a Map<String, Value>, key: &str) -> &'a [Value] {
    program.get(key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// Checks every condition of `program` (the raw JSON object): `segments/N/condition`,
/// `tags/N/condition`, `offers/N/eligibility` and `offers/N/boosts/M/when`. Conditions
/// that are not objects are left to the condition compiler, which reports them.
pub fn check_program(program: &Map<String, Value>, facts: ProgramFacts<'_>) -> Findings {
    let mut checker = Checker { facts, findings: Findings::default(), stage: Stage::Base };
    let sections: [(&str, &str, Stage); 3] = [("segments", "condition", Stage::Mechanics), ("tags", "condition", Stage::Segment), ("offers", "eligibility", Stage::Tags)];
    for (section, key, stage) in sections {
        checker.stage = stage;
        for (index, item) in items(program, section).iter().enumerate() {
            let at = pointer(&pointer("", section), index);
            if let Some(condition) = item.get(key) {
                checker.condition(condition, &pointer(&at, key));
            }
            if section == "offers" {
                for (boost, spec) in item.get("boosts").and_then(Value::as_array).map_or(&[][..], Vec::as_slice).iter().enumerate() {
                    if let Some(when) = spec.get("when") {
                        checker.condition(when, &pointer(&pointer(&pointer(&at, "boosts"), boost), "when"));
                    }
                }
            }
        }
    }
    // A contact policy's channel audience is read where offers are: everything is known.
    checker.stage = Stage::Tags;
    let channels = program.get("contact_policy").and_then(|policy| policy.get("channels")).and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    for (index, channel) in channels.iter().enumerate() {
        if let Some(audience) = channel.get("audience") {
            checker.condition(audience, &pointer(&pointer("/contact_policy/channels", index), "audience"));
        }
    }
    checker.findings
}

/// Checks one condition read at `stage` (what [`check_program`] does for each of a
/// program's conditions); `at` is its JSON pointer.
pub fn check_condition(condition: &Value, at: &str, stage: Stage, facts: ProgramFacts<'_>) -> Findings {
    let mut checker = Checker { facts, findings: Findings::default(), stage };
    checker.condition(condition, at);
    checker.findings
}

/// Where the keys of a condition object are read from.
#[derive(Debug, Clone)]
enum Root {
    /// The member's facts.
    Facts,
    /// The elements of the list fact `fact` (inside `$elemMatch`), which are strings.
    Strings { fact: String },
    /// Elements of something unknown or unchecked: not checked.
    Unchecked,
}

/// A fact clause known to hold in the conjunction being checked: its path and test.
type Guard<'a> = (&'a str, &'a Value);

struct Checker<'a> {
    facts: ProgramFacts<'a>,
    findings: Findings,
    stage: Stage,
}

impl<'a> Checker<'a> {
    fn scope(&self) -> Scope<'a> {
        Scope { stage: self.stage, attributes: self.facts.attributes }
    }

    fn condition(&mut self, condition: &Value, at: &str) {
        self.set(condition, at, &Root::Facts, &[], false);
    }

    /// A condition object at `at`. `guards` are the clauses that hold wherever this object
    /// is evaluated (its enclosing conjunctions); `negated` is true under `$not` / `$nor`.
    fn set(&mut self, value: &Value, at: &str, root: &Root, guards: &[Guard<'_>], negated: bool) {
        let Value::Object(map) = value else { return };
        let mut conjunction: Vec<Guard<'_>> = guards.to_vec();
        conjunctive_clauses(map, &mut conjunction, 0);
        for (key, operand) in map {
            let here = pointer(at, key);
            match key.as_str() {
                "$and" | "$or" => {
                    for (index, item) in operand.as_array().map_or(&[][..], Vec::as_slice).iter().enumerate() {
                        self.set(item, &pointer(&here, index), root, &conjunction, negated);
                    }
                }
                "$nor" => {
                    for (index, item) in operand.as_array().map_or(&[][..], Vec::as_slice).iter().enumerate() {
                        self.set(item, &pointer(&here, index), root, &[], true);
                    }
                }
                "$not" => self.set(operand, &here, root, &[], true),
                name if is_operator(name) => {}
                path => self.clause(path, operand, &here, root, &conjunction, negated),
            }
        }
    }

    fn clause(&mut self, path: &str, test: &Value, at: &str, root: &Root, conjunction: &[Guard<'_>], negated: bool) {
        let element = match root {
            Root::Unchecked => Root::Unchecked,
            Root::Strings { fact } => {
                self.findings.errors.push(Issue::new(Code::UnknownFact, at, format!("the elements of `{fact}` are strings and have no field `{path}`; to test the elements themselves use operators, e.g. {{\"$elemMatch\": {{\"$eq\": \"…\"}}}}")));
                Root::Unchecked
            }
            Root::Facts => match self.scope().resolve(path) {
                Ok(Known::Value { kind, nullable }) => {
                    if nullable && !negated {
                        self.warn_if_null_passes(path, test, at, conjunction);
                    }
                    if kind == FactType::StringList {
                        Root::Strings { fact: path.to_string() }
                    } else {
                        Root::Unchecked
                    }
                }
                Ok(Known::Object) => Root::Unchecked,
                Err(unknown) => {
                    self.unknown(path, at, unknown);
                    Root::Unchecked
                }
            },
        };
        self.value_test(test, at, &element);
    }

    fn unknown(&mut self, path: &str, at: &str, unknown: Unknown) {
        let issue = match unknown {
            Unknown::NoSuchFact(near) => {
                let hint = match near.as_slice() {
                    [] => String::new(),
                    [one] => format!("; did you mean `{one}`?"),
                    many => format!("; did you mean {}?", many.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ")),
                };
                let declare = if path.starts_with("attributes.") { " (declare snapshot attributes in the program's `attributes`)" } else { "" };
                Issue::new(Code::UnknownFact, at, format!("there is no fact `{path}`{declare}{hint}"))
            }
            Unknown::NoMembers { fact, kind } => Issue::new(Code::UnknownFact, at, format!("there is no fact `{path}`: `{fact}` is {} {} and has no members", article(kind), kind.name())),
            Unknown::NotYet { name } => {
                let reads = match self.stage {
                    Stage::Base | Stage::Score | Stage::Mechanics => "segments read the base, score, lifecycle and value score facts, before `segment` and `tags` exist",
                    Stage::Segment => "tags read the base and score facts and `segment`, before `tags` exists",
                    Stage::Tags => "",
                };
                Issue::new(Code::FactNotAvailable, at, format!("`{name}` is not known yet here: {reads}"))
            }
        };
        self.findings.errors.push(issue);
    }

    /// Checks the operators of a value test: saved-group names, and the element conditions
    /// of `$elemMatch`.
    fn value_test(&mut self, test: &Value, at: &str, element: &Root) {
        let Value::Object(map) = test else { return };
        if !map.keys().any(|key| key.starts_with('$')) {
            return;
        }
        for (name, operand) in map {
            let here = pointer(at, name);
            match name.as_str() {
                "$inGroup" | "$notInGroup" => self.group(operand, &here),
                // `$not` tests the same value; `$size` tests its length, which has no elements.
                "$not" => self.value_test(operand, &here, element),
                "$size" => self.value_test(operand, &here, &Root::Unchecked),
                "$elemMatch" => match operand {
                    Value::Object(inner) if !inner.is_empty() && inner.keys().all(|key| key.starts_with('$')) => self.value_test(operand, &here, &Root::Unchecked),
                    _ => self.set(operand, &here, element, &[], false),
                },
                "$all" | "$alli" => {
                    for (index, item) in operand.as_array().map_or(&[][..], Vec::as_slice).iter().enumerate() {
                        self.value_test(item, &pointer(&here, index), &Root::Unchecked);
                    }
                }
                _ => {}
            }
        }
    }

    fn group(&mut self, operand: &Value, at: &str) {
        let (Some(groups), Value::String(name)) = (self.facts.groups, operand) else { return };
        if groups.contains_key(name) {
            return;
        }
        let names: Vec<String> = groups.keys().cloned().collect();
        let hint = match crate::catalog::nearest(name, &names).first() {
            Some(near) => format!("; did you mean `{near}`?"),
            None => String::new(),
        };
        self.findings.errors.push(Issue::new(Code::UnknownSavedGroup, at, format!("there is no saved group `{name}` in the program's `saved_groups`{hint}")));
    }

    fn warn_if_null_passes(&mut self, path: &str, test: &Value, at: &str, conjunction: &[Guard<'_>]) {
        if asks_for_null(test) || !holds_for_missing(test) {
            return;
        }
        // Guarded when another clause on the same fact in the conjunction fails for a
        // missing value (the clause itself is in the conjunction too, and holds).
        let mut same_path = conjunction.iter().filter(|(other, other_test)| *other == path && !std::ptr::eq(*other_test, test));
        if same_path.any(|(_, other_test)| !holds_for_missing(other_test)) {
            return;
        }
        let declared = path.strip_prefix("attributes.").and_then(|key| self.facts.attributes?.get(key)?.description.as_deref());
        let meaning = match declared {
            Some(description) => format!(" ({description})"),
            None => CATALOG.iter().find(|entry| entry.name == path).map_or(String::new(), |entry| format!(" ({})", entry.description)),
        };
        self.findings.warnings.push(Issue::warning(
            Code::UnguardedNullableFact,
            at,
            format!("`{path}`{meaning} can be null, and a null value passes this test (a missing value is null, and null compares as 0); add \"$exists\": true beside it if members without a value should not match"),
        ));
    }
}

/// Whether a key of a condition object is an operator rather than a fact path: the
/// condition compiler reads other `$` keys (`$groups`) as fact paths, and so is this check.
fn is_operator(key: &str) -> bool {
    condition::LOGICAL_OPERATORS.contains(&key) || condition::VALUE_OPERATORS.contains(&key) || key == "$savedGroup"
}

fn article(kind: FactType) -> &'static str {
    match kind {
        FactType::Integer | FactType::IntegerList => "an",
        FactType::Number | FactType::String | FactType::Boolean | FactType::Date | FactType::StringList => "a",
    }
}

/// The fact clauses of a condition object that hold whenever it does: its own keys and
/// those of its `$and` items, recursively.
fn conjunctive_clauses<'v>(map: &'v Map<String, Value>, into: &mut Vec<Guard<'v>>, depth: usize) {
    if depth > condition::MAX_DEPTH {
        return;
    }
    for (key, operand) in map {
        match key.as_str() {
            "$and" => {
                for item in operand.as_array().map_or(&[][..], Vec::as_slice) {
                    if let Value::Object(inner) = item {
                        conjunctive_clauses(inner, into, depth + 1);
                    }
                }
            }
            name if is_operator(name) => {}
            path => into.push((path, operand)),
        }
    }
}

/// Whether a test asks for `null` in so many words.
fn asks_for_null(test: &Value) -> bool {
    match test {
        Value::Null => true,
        Value::Object(map) => map.iter().any(|(name, operand)| match (name.as_str(), operand) {
            ("$eq", Value::Null) | ("$exists", Value::Bool(false)) => true,
            ("$type", Value::String(kind)) => kind == "null",
            ("$in" | "$ini", Value::Array(items)) => items.iter().any(Value::is_null),
            _ => false,
        }),
        _ => false,
    }
}

/// Whether `test` holds for a missing fact, evaluated by the condition language itself.
/// Saved groups are taken as empty: a missing value is in no group. A test that does not
/// compile holds for nothing (the compiler reports it).
fn holds_for_missing(test: &Value) -> bool {
    // Inserted rather than collected: `from_iter` sorts first, a copy of the sort for one key.
    let mut clause = Map::new();
    clause.insert("fact".to_string(), test.clone());
    let clause = Value::Object(clause);
    condition::compile(&clause, "").is_ok_and(|compiled| compiled.eval(&Value::Object(Map::new()), &SavedGroups::new()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{AttributeSpec, AttributeType};
    use serde_json::json;

    fn findings(condition: Value, stage: Stage) -> (Vec<(String, String)>, Vec<(String, String)>) {
        let attributes: Attributes = [("vip_level".to_string(), AttributeSpec { kind: AttributeType::Number, description: None })].into_iter().collect();
        let groups: SavedGroups = [("staff".to_string(), vec![json!("m1")])].into_iter().collect();
        let found = check_condition(&condition, "/c", stage, ProgramFacts { attributes: Some(&attributes), groups: Some(&groups) });
        let pairs = |issues: Vec<Issue>| issues.into_iter().map(|issue| (issue.code.as_str().to_string(), issue.path)).collect::<Vec<_>>();
        (pairs(found.errors), pairs(found.warnings))
    }

    fn errors(condition: Value) -> Vec<(String, String)> {
        findings(condition, Stage::Tags).0
    }

    fn warnings(condition: Value) -> Vec<String> {
        findings(condition, Stage::Tags).1.into_iter().map(|(_, path)| path).collect()
    }

    fn pair(code: &str, path: &str) -> (String, String) {
        (code.to_string(), path.to_string())
    }

    #[test]
    fn unknown_paths_are_errors_wherever_they_are() {
        assert_eq!(
            errors(json!({
                "days_since_jion": {"$lte": 30},
                "$or": [{"rfm.rr": 5}, {"$and": [{"attributes.vip": 1}]}],
                "$not": {"spend_365d.x": 1},
                "tags": {"$elemMatch": {"name": "vip"}, "$not": {"$elemMatch": {"id": 1}}},
                "member_id": {"$inGroup": "staf"},
                "$groups": 1,
                "consent.sms": true,
                "attributes.vip_level": {"$gte": 2},
            })),
            vec![
                pair("unknown_fact", "/c/$groups"),
                pair("unknown_fact", "/c/$not/spend_365d.x"),
                pair("unknown_fact", "/c/$or/0/rfm.rr"),
                pair("unknown_fact", "/c/$or/1/$and/0/attributes.vip"),
                pair("unknown_fact", "/c/days_since_jion"),
                pair("unknown_saved_group", "/c/member_id/$inGroup"),
                pair("unknown_fact", "/c/tags/$elemMatch/name"),
                pair("unknown_fact", "/c/tags/$not/$elemMatch/id"),
            ]
        );
    }

    #[test]
    fn messages_suggest_the_nearest_names() {
        let found = check_condition(&json!({"days_since_jion": {"$lte": 30}, "rfm.rr": 5}), "", Stage::Tags, ProgramFacts { attributes: None, groups: None });
        let messages: Vec<&str> = found.errors.iter().map(|issue| issue.message.as_str()).collect();
        assert_eq!(messages, vec!["there is no fact `days_since_jion`; did you mean `days_since_join`?", "there is no fact `rfm.rr`; did you mean `rfm.r`, `rfm.f`, `rfm.m`?"]);
    }

    #[test]
    fn stages_follow_the_pipeline() {
        assert_eq!(findings(json!({"segment": "vip", "tags": {"$size": 0}}), Stage::Score).0, vec![pair("fact_not_available", "/c/segment"), pair("fact_not_available", "/c/tags")]);
        assert_eq!(findings(json!({"segment": "vip", "tags": {"$size": 0}}), Stage::Segment).0, vec![pair("fact_not_available", "/c/tags")]);
        assert!(errors(json!({"segment": "vip", "tags": {"$size": 0}})).is_empty());
    }

    #[test]
    fn upper_bounds_on_nullable_facts_warn_unless_guarded() {
        assert_eq!(warnings(json!({"days_since_last_order": {"$lte": 30}})), vec!["/c/days_since_last_order"]);
        assert_eq!(warnings(json!({"rfm.r": {"$ne": 5}, "age": {"$nin": [18]}, "tier": {"$notInGroup": "staff"}})), vec!["/c/age", "/c/rfm.r", "/c/tier"]);
        assert_eq!(warnings(json!({"attributes.vip_level": {"$lt": 3}})), vec!["/c/attributes.vip_level"]);
        assert_eq!(warnings(json!({"$or": [{"birthday_in_days": {"$lte": 7}}, {"is_birthday_month": true}]})), vec!["/c/$or/0/birthday_in_days"]);
        assert_eq!(warnings(json!({"days_since_last_order": {"$not": {"$gt": 30}}})), vec!["/c/days_since_last_order"]);
        // Guards: in the same operator object, beside it, in an enclosing conjunction.
        assert!(warnings(json!({"days_since_last_order": {"$exists": true, "$lte": 30}})).is_empty());
        assert!(warnings(json!({"days_since_last_order": {"$gte": 1}, "$and": [{"days_since_last_order": {"$lte": 30}}]})).is_empty());
        assert!(warnings(json!({"age": {"$exists": true}, "$or": [{"age": {"$lt": 18}}, {"age": {"$gt": 65}}]})).is_empty());
        // A guard in another branch of an `$or` does not count.
        assert_eq!(warnings(json!({"$or": [{"age": {"$exists": true}}, {"age": {"$lt": 18}}]})), vec!["/c/$or/1/age"]);
        // What a null fails, or asks for null on purpose, or is not nullable: no warning.
        for quiet in [
            json!({"days_since_last_order": {"$gte": 30}}),
            json!({"days_since_last_order": {"$lt": 0}}),
            json!({"last_order_date": {"$lt": "2026-01-01"}}),
            json!({"age": null}),
            json!({"age": {"$exists": false}}),
            json!({"tier": {"$in": [null, "gold"]}}),
            json!({"tier": {"$nin": [null, "gold"]}}),
            json!({"days_since_join": {"$lte": 30}}),
            json!({"events_30d.review": {"$lt": 1}}),
            json!({"$not": {"age": {"$gt": 18}}}),
            json!({"$nor": [{"age": {"$lt": 18}}]}),
        ] {
            assert!(warnings(quiet.clone()).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn malformed_conditions_are_left_to_the_compiler() {
        assert_eq!(errors(json!([1])), Vec::new());
        assert_eq!(errors(json!({"$and": 3, "$gt": 1, "age": {"$elemMatch": [1]}})), Vec::new());
    }
}
