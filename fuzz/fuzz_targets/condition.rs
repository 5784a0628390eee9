//! The condition language: compile, evaluate and explain.
//!
//! Structure-aware: the fuzzer's bytes drive a generator of JSON built from the language's
//! own operators, fact names and edge values (see `Gen`), so nearly every input is a
//! condition worth compiling, and the facts are generated the same way. The first byte
//! chooses between that and reading the bytes as `{"condition", "facts", "saved_groups"}`
//! JSON text (the seeds: every case in tests/conditions). Invariants: compile never panics,
//! `explain(..).held()` equals `eval(..)`, explanations serialise, and the JSON entry
//! points agree with the compiled ones.
#![no_main]

use arbitrary::{Arbitrary, Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Number, Value};
use tierwise::condition::{compile, eval_condition_json, explain_condition_json, SavedGroups};

const OPERATORS: &[&str] = &[
    "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$ini", "$nini", "$all", "$alli", "$size", "$elemMatch", "$exists", "$type",
    "$regex", "$regexi", "$not", "$veq", "$vne", "$vgt", "$vgte", "$vlt", "$vlte", "$inGroup", "$notInGroup", "$and", "$or", "$nor", "$bogus",
];
const PATHS: &[&str] = &["tier", "orders_365d", "spend_90d", "tags", "consent.sms", "attributes.city", "a.b.c", "rfm.r", "", "0", "x.0.y", "version"];
const STRINGS: &[&str] = &["", "gold", "silver", "1.2.3", "v2.0.0-beta", "^a.*$", "(", "[", "(?i)x", "a{1000}", "\u{202e}", "张三", "groupA", "string", "number", "array", "object", "null", "boolean"];

struct Gen<'a, 'b> {
    u: &'a mut Unstructured<'b>,
}

impl Gen<'_, '_> {
    fn scalar(&mut self) -> Result<Value> {
        Ok(match self.u.int_in_range(0..=7)? {
            0 => Value::Null,
            1 => Value::Bool(bool::arbitrary(self.u)?),
            2 => json!(i64::arbitrary(self.u)?),
            3 => Number::from_f64(f64::arbitrary(self.u)?).map_or(Value::Null, Value::Number),
            4 => json!(self.u.int_in_range(-3i64..=40)?),
            5 => Value::String(String::arbitrary(self.u)?),
            _ => Value::String(self.u.choose(STRINGS)?.to_string()),
        })
    }

    fn value(&mut self, depth: u32) -> Result<Value> {
        if depth == 0 || self.u.ratio(1, 2)? {
            return self.scalar();
        }
        Ok(match self.u.int_in_range(0..=2)? {
            0 => Value::Array((0..self.u.int_in_range(0..=4)?).map(|_| self.value(depth - 1)).collect::<Result<_>>()?),
            1 => self.condition(depth - 1)?,
            _ => {
                let mut map = Map::new();
                for _ in 0..self.u.int_in_range(0..=3)? {
                    let key = self.u.choose(PATHS)?.to_string();
                    map.insert(key, self.value(depth - 1)?);
                }
                Value::Object(map)
            }
        })
    }

    fn condition(&mut self, depth: u32) -> Result<Value> {
        let mut map = Map::new();
        for _ in 0..self.u.int_in_range(0..=3)? {
            if self.u.ratio(1, 3)? {
                let op = *self.u.choose(&["$and", "$or", "$nor", "$not"])?;
                let operand = if depth == 0 {
                    Value::Object(Map::new())
                } else if op == "$not" {
                    self.condition(depth - 1)?
                } else {
                    Value::Array((0..self.u.int_in_range(0..=3)?).map(|_| self.condition(depth - 1)).collect::<Result<_>>()?)
                };
                map.insert(op.to_string(), operand);
            } else {
                let path = self.u.choose(PATHS)?.to_string();
                let test = if self.u.ratio(1, 3)? {
                    self.value(depth)?
                } else {
                    let mut ops = Map::new();
                    for _ in 0..self.u.int_in_range(1..=2)? {
                        let op = self.u.choose(OPERATORS)?.to_string();
                        let operand = if depth == 0 { self.scalar()? } else { self.value(depth - 1)? };
                        ops.insert(op, operand);
                    }
                    Value::Object(ops)
                };
                map.insert(path, test);
            }
        }
        Ok(Value::Object(map))
    }
}

fn groups(value: &Value) -> SavedGroups {
    value.as_object().map(|map| map.iter().filter_map(|(k, v)| v.as_array().map(|list| (k.clone(), list.clone()))).collect()).unwrap_or_default()
}

fn run(condition: &Value, facts: &Value, saved_groups: &Value) {
    let groups_text = saved_groups.to_string();
    match compile(condition, "/condition") {
        Ok(compiled) => {
            let held = compiled.eval(facts, &groups(saved_groups));
            let explained = compiled.explain(facts, &groups(saved_groups));
            assert_eq!(explained.held(), held, "explain disagrees with eval");
            serde_json::to_string(&explained).expect("explanations serialise");
            if saved_groups.as_object().is_some_and(|map| map.values().all(Value::is_array)) {
                let (condition_text, facts_text) = (condition.to_string(), facts.to_string());
                match eval_condition_json(&condition_text, &facts_text, &groups_text) {
                    Ok(again) => assert_eq!(again, held, "JSON entry point disagrees: {condition_text} over {facts_text}"),
                    // Generated facts can nest deeper than JSON text may.
                    Err(error) if error.issues.iter().all(|issue| issue.code == "json_too_deep") => {}
                    Err(error) => panic!("the JSON entry point rejected what compiled: {error:?}\n{condition_text}\n{facts_text}\n{groups_text}"),
                }
            }
        }
        Err(issues) => {
            assert!(!issues.is_empty(), "a rejected condition without issues");
            assert!(issues.iter().all(|issue| issue.path.starts_with("/condition")), "{issues:?}");
            assert!(eval_condition_json(&condition.to_string(), &facts.to_string(), &groups_text).is_err());
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    if mode % 4 == 0 {
        let Ok(text) = std::str::from_utf8(rest) else { return };
        let (condition, facts, saved_groups) = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(mut map)) => (map.remove("condition").unwrap_or(Value::Null), map.remove("facts").unwrap_or(json!({})), map.remove("saved_groups").unwrap_or(json!({}))),
            _ => {
                // Not the seed shape: the text goes in as each argument in turn.
                let _ = eval_condition_json(text, "{}", "");
                let _ = explain_condition_json("{}", text, "");
                let _ = eval_condition_json("{}", "{}", text);
                return;
            }
        };
        run(&condition, &facts, &saved_groups);
        return;
    }
    let mut u = Unstructured::new(rest);
    let mut generator = Gen { u: &mut u };
    let Ok(condition) = generator.condition(4) else { return };
    let Ok(facts) = generator.value(4) else { return };
    let facts = if facts.is_object() { facts } else { json!({ "tier": facts, "tags": [facts] }) };
    let saved_groups = json!({ "groupA": [facts.get("tier").cloned().unwrap_or(Value::Null), "gold", 1] });
    run(&condition, &facts, &saved_groups);
});
