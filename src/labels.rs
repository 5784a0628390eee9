//! The labels people read for facts and error codes, in every locale the package speaks,
//! checked against the facts catalog ([`crate::catalog::CATALOG`]) and the error codes
//! ([`crate::error::Code::ALL`]) and written as the package's `labels.js`.
//!
//! The texts live in `src/labels/facts.json` and `src/labels/codes.json`, one line per fact
//! or code. A fact has a `label` (what a designer or support agent reads: "Spend, 365
//! days") and a `shopper` sentence built from the member's value ("you spent {value} in the
//! last 365 days"), or `null` when the fact is not something to tell a shopper (model
//! scores, complaints, segments). A sentence is a string or, to agree with the value, an
//! object of plural categories (`one`, `other`) or of `true` and `false`. `{key}` stands for
//! the key of an open map (`category_spend_365d.<category>`).
//!
//! Native only: the wasm never carries these texts.

use crate::catalog::{FactType, Stage, CATALOG};
use crate::error::Code;
use serde_json::{json, Map, Value};

/// The locales every label is written in.
pub const LOCALES: &[&str] = &["en", "zh-CN"];

const FACTS: &str = include_str!("labels/facts.json");
const CODES: &str = include_str!("labels/codes.json");

fn parsed(text: &str, file: &str, problems: &mut Vec<String>) -> Map<String, Value> {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(map)) => map,
        Ok(_) => {
            problems.push(format!("{file}: not a JSON object"));
            Map::new()
        }
        Err(error) => {
            problems.push(format!("{file}: {error}"));
            Map::new()
        }
    }
}

/// Whether `value` is a string with something in it.
fn filled(value: Option<&Value>) -> bool {
    value.and_then(Value::as_str).is_some_and(|text| !text.trim().is_empty())
}

/// Whether `value` is a sentence: a non-empty string, or an object of plural categories
/// (with `other`) or of `true` and `false`, each a non-empty string.
fn is_sentence(value: &Value) -> bool {
    match value {
        Value::String(_) => filled(Some(value)),
        Value::Object(forms) => {
            let plural = forms.contains_key("other") && forms.keys().all(|key| ["zero", "one", "two", "few", "many", "other"].contains(&key.as_str()));
            let boolean = forms.len() == 2 && forms.contains_key("true") && forms.contains_key("false");
            (plural || boolean) && forms.values().all(|form| filled(Some(form)))
        }
        _ => false,
    }
}

/// Every missing, misspelt or stale label, one sentence each naming the fact or code and
/// the locale (empty when the labels are complete).
pub fn problems() -> Vec<String> {
    let mut problems = Vec::new();
    let facts = parsed(FACTS, "src/labels/facts.json", &mut problems);
    let codes = parsed(CODES, "src/labels/codes.json", &mut problems);
    for entry in CATALOG {
        let Some(labels) = facts.get(entry.name) else {
            problems.push(format!("fact `{}` has no labels in src/labels/facts.json (needs `label` in {} and `shopper` sentences or null)", entry.name, LOCALES.join(", ")));
            continue;
        };
        for locale in LOCALES {
            if !filled(labels.pointer(&format!("/label/{locale}"))) {
                problems.push(format!("fact `{}` has no `label` in {locale} (src/labels/facts.json)", entry.name));
            }
        }
        match labels.get("shopper") {
            None => problems.push(format!("fact `{}` has no `shopper` entry: sentences in {} or null to keep it from shoppers (src/labels/facts.json)", entry.name, LOCALES.join(", "))),
            Some(Value::Null) => {}
            Some(shopper) => {
                for locale in LOCALES {
                    if !shopper.get(*locale).is_some_and(is_sentence) {
                        problems.push(format!("fact `{}` has no `shopper` sentence in {locale} (src/labels/facts.json)", entry.name));
                    }
                }
            }
        }
    }
    for name in facts.keys() {
        if !CATALOG.iter().any(|entry| entry.name == name) {
            problems.push(format!("src/labels/facts.json labels `{name}`, which is not in the facts catalog (src/catalog.rs)"));
        }
    }
    for code in Code::ALL {
        for locale in LOCALES {
            if !filled(codes.get(code.as_str()).and_then(|labels| labels.get(*locale))) {
                problems.push(format!("error code `{}` has no label in {locale} (src/labels/codes.json)", code.as_str()));
            }
        }
    }
    for name in codes.keys() {
        if Code::from_text(name).is_none() {
            problems.push(format!("src/labels/codes.json labels `{name}`, which is not an error code (src/error_codes.rs)"));
        }
    }
    problems
}

fn stage_name(stage: Stage) -> &'static str {
    match stage {
        Stage::Base => "base",
        Stage::Score => "score",
        Stage::Mechanics => "mechanics",
        Stage::Segment => "segment",
        Stage::Tags => "tags",
    }
}

/// How a value of the fact is shown: `money` (minor units in the program's currency),
/// `basis_points`, `date`, `count`, `number`, `boolean`, `text` or `list`.
fn display(kind: FactType, unit: &str) -> &'static str {
    match (kind, unit) {
        (FactType::Integer, "minor units") => "money",
        (FactType::Integer, "basis points") => "basis_points",
        (FactType::Integer, _) => "count",
        (FactType::Number, "probability") => "ratio",
        (FactType::Number, _) => "number",
        (FactType::Date, _) => "date",
        (FactType::Boolean, _) => "boolean",
        (FactType::String, _) => "text",
        (FactType::StringList | FactType::IntegerList, _) => "list",
    }
}

/// The package's `labels.js`: the facts catalog with its labels and shopper sentences,
/// and the error codes with their descriptions and labels; or the problems of
/// [`problems`] when a label is missing.
pub fn module() -> Result<String, Vec<String>> {
    let problems = problems();
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut ignored = Vec::new();
    let facts = parsed(FACTS, "", &mut ignored);
    let codes = parsed(CODES, "", &mut ignored);
    let mut out = String::from(
        "// Generated by scripts/build from the facts catalog (src/catalog.rs), the error codes\n\
         // (src/error_codes.rs) and their labels (src/labels/*.json); edit those, not this file.\n\n",
    );
    out.push_str(&format!("/** The locales every label is written in. */\nexport const LOCALES = {};\n\n", json!(LOCALES)));
    out.push_str("/**\n * Every fact conditions can read, by catalog name (`<…>` marks any key of an open map):\n");
    out.push_str(" * its type, how its value is shown, its label per locale, and the sentence a shopper\n");
    out.push_str(" * reads about it (`null`: not shown to shoppers).\n */\nexport const FACTS = {\n");
    for entry in CATALOG {
        let labels = facts.get(entry.name).cloned().unwrap_or(Value::Null);
        let value = json!({
            "type": entry.kind.name(),
            "nullable": entry.nullable,
            "unit": entry.unit,
            "display": display(entry.kind, entry.unit),
            "stage": stage_name(entry.stage),
            "label": labels.get("label").cloned().unwrap_or(Value::Null),
            "shopper": labels.get("shopper").cloned().unwrap_or(Value::Null),
        });
        out.push_str(&format!("  {}: {},\n", json!(entry.name), value));
    }
    out.push_str("};\n\n/** Every error code: what it means and its label per locale. */\nexport const CODES = {\n");
    for code in Code::ALL {
        let value = json!({ "description": code.description(), "label": codes.get(code.as_str()).cloned().unwrap_or(Value::Null) });
        out.push_str(&format!("  {}: {},\n", json!(code.as_str()), value));
    }
    out.push_str("};\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_and_every_code_is_labelled_in_every_locale() {
        let problems = problems();
        assert!(problems.is_empty(), "labels to add or remove:\n  {}", problems.join("\n  "));
    }

    #[test]
    fn the_module_lists_the_catalog_and_the_codes_in_order() {
        let Ok(module) = module() else { panic!("labels are incomplete") };
        let facts: Vec<&str> = module.lines().skip_while(|line| !line.starts_with("export const FACTS")).skip(1).take_while(|line| *line != "};").collect();
        assert_eq!(facts.len(), CATALOG.len());
        for (line, entry) in facts.iter().zip(CATALOG) {
            assert!(line.starts_with(&format!("  \"{}\": {{", entry.name)), "{line}");
        }
        assert!(module.contains(r#"  "spend_365d": {"display":"money","label":{"en":"Spend, 365 days","zh-CN":"近 365 天消费"},"nullable":false,"#));
        assert!(module.contains(r#"  "missing_field": {"description":"A required field is absent.","label":{"en":"Required field missing","zh-CN":"缺少必填字段"}},"#));
    }

    #[test]
    fn sentences_are_strings_or_plural_or_boolean_forms() {
        assert!(is_sentence(&json!("you joined {value} days ago")));
        assert!(is_sentence(&json!({"one": "a", "other": "b"})));
        assert!(is_sentence(&json!({"true": "a", "false": "b"})));
        assert!(!is_sentence(&json!({"one": "a"})));
        assert!(!is_sentence(&json!({"true": "a"})));
        assert!(!is_sentence(&json!("")));
        assert!(!is_sentence(&json!(null)));
        assert!(!is_sentence(&json!({"other": "b", "many": ""})));
    }
}
