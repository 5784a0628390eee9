//! The one list of error codes. Every issue carries one of these; the same mistake gets the
//! same code wherever it is made. `Code::as_str` is the text on the wire, which the package
//! exports to TypeScript as the `ErrorCode` union and the JSON Schema lists as an enum.

macro_rules! codes {
    ($($variant:ident = $text:literal: $doc:literal,)*) => {
        /// A stable, machine-readable error code.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code {
            $(#[doc = $doc] $variant,)*
        }

        impl Code {
            /// Every code, in the order of this list.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The code as written on the wire, e.g. `"missing_field"`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)*
                }
            }

            /// What the code means, in one sentence (the docs and the TypeScript union say it too).
            pub fn description(self) -> &'static str {
                match self {
                    $(Code::$variant => $doc,)*
                }
            }

            /// The code written as `text`, if there is one.
            pub fn from_text(text: &str) -> Option<Code> {
                match text {
                    $($text => Some(Code::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    AmountOutOfRange = "amount_out_of_range": "A money amount exceeds the documented maximum.",
    BaseTierHasThresholds = "base_tier_has_thresholds": "The base tier every member has takes no thresholds.",
    BreakpointsNotAscending = "breakpoints_not_ascending": "RFM breakpoints must ascend.",
    CampaignWithoutSchedule = "campaign_without_schedule": "A campaign bonus needs windows, a day of the month, or both.",
    CompoundNotSupported = "compound_not_supported": "Compounding bonuses are not supported; bonuses add up.",
    ConditionTooDeep = "condition_too_deep": "A condition nests deeper than the documented limit.",
    ConditionTooLarge = "condition_too_large": "A condition has more clauses than the documented limit.",
    ConditionsFreed = "conditions_freed": "A compiled condition list was used after `free()` (raised by the JS layer).",
    ConflictingCart = "conflicting_cart": "A call got a cart argument and a different `options.cart`, which it would ignore.",
    DateOutOfRange = "date_out_of_range": "A date of the calculation falls outside the years 0000 to 9999.",
    Destroyed = "destroyed": "A member page was used after `destroy()` (raised by `tierwise/dom`).",
    DuplicateId = "duplicate_id": "An id that an earlier entry of the same list already uses.",
    EmptyList = "empty_list": "A list that must name at least one entry is empty.",
    EmptyWindow = "empty_window": "A validity window ends before it starts.",
    EngineFreed = "engine_freed": "An engine was used after `free()` (raised by the JS layer).",
    ExcludedCategory = "excluded_category": "A bonus names a category that is excluded from earning, so it could never apply.",
    FactNotAvailable = "fact_not_available": "A condition reads a fact that is not known yet at its stage (a segment reading `segment` or `tags`, a tag reading `tags`).",
    HoldoutArm = "holdout_arm": "An offer is tied to a holdout arm, whose members see no offer.",
    HorizonTooLong = "horizon_too_long": "The CLV horizon is longer than the documented limit.",
    IncompleteWeights = "incomplete_weights": "Some experiment arms have weights and others do not.",
    InputTooLarge = "input_too_large": "The input text is longer than the documented limit.",
    InternalError = "internal_error": "The engine could not write its result; please report it with the input.",
    InvalidBoost = "invalid_boost": "A propensity boost needs exactly one of multiply_bp and add_bp.",
    InvalidCondition = "invalid_condition": "A condition is not an object of clauses.",
    InvalidCurrency = "invalid_currency": "The currency is not an ISO 4217 code.",
    InvalidId = "invalid_id": "An id is empty or not a usable identifier.",
    InvalidInput = "invalid_input": "The input was rejected (a fallback when no more precise code applies).",
    InvalidJson = "invalid_json": "The text is not valid JSON.",
    InvalidLength = "invalid_length": "An array has the wrong number of elements.",
    InvalidOperand = "invalid_operand": "An operator's operand has the wrong shape.",
    InvalidProgram = "invalid_program": "The program could not be compiled.",
    InvalidRegex = "invalid_regex": "A regular expression JavaScript would reject, or one the engine cannot run.",
    InvalidType = "invalid_type": "The value has the wrong JSON type for its field.",
    InvalidValue = "invalid_value": "The value has the right type but is not one the field accepts.",
    JsonTooDeep = "json_too_deep": "The JSON nests deeper than the documented limit.",
    LoadFailed = "load_failed": "The wasm module could not be loaded (raised by `tierwise/miniprogram`).",
    MisplacedOperator = "misplaced_operator": "A logical operator used where a value operator belongs.",
    MissingField = "missing_field": "A required field is absent.",
    MissingModel = "missing_model": "CLV needs both the BG/NBD and the Gamma-Gamma parameters.",
    MissingText = "missing_text": "A localized text has no locale at all.",
    MissingTranslation = "missing_translation": "A localized text lacks one of the program's locales.",
    MixedOperatorObject = "mixed_operator_object": "An object mixes operators and plain keys.",
    Negative = "negative": "A number must not be negative.",
    NoContactPolicy = "no_contact_policy": "A contact plan was asked of a program without a `contact_policy`.",
    NoLevels = "no_levels": "A tier ladder needs at least the base tier.",
    NoThresholds = "no_thresholds": "A tier above the base tier needs at least one threshold.",
    NoTiers = "no_tiers": "A tier result was asked of a program without tiers.",
    NotAllowedForKind = "not_allowed_for_kind": "A field that does not apply to this kind of rule.",
    NotAnInteger = "not_an_integer": "A whole number was expected.",
    NotFinite = "not_finite": "A number is NaN or infinite.",
    NotInitialized = "not_initialized": "The package was used before `await init()` (raised by the JS layer).",
    NotPositive = "not_positive": "A number must be greater than zero.",
    OutOfRange = "out_of_range": "A number lies outside the range its field allows.",
    PointsNotConfigured = "points_not_configured": "A points result was asked of a program without a points section.",
    PointsOutOfRange = "points_out_of_range": "The points of a calculation would exceed the documented maximum.",
    PointsValueMismatch = "points_value_mismatch": "An offer that gives points states a value other than what the points are worth at the program's points rate.",
    QNotAboveOne = "q_not_above_one": "The Gamma-Gamma shape q must be above 1 for an expected value to exist.",
    QuantityOutOfRange = "quantity_out_of_range": "A line quantity lies outside the documented range.",
    RecencyAfterAge = "recency_after_age": "The time of the last purchase (t_x) lies after the customer age (T).",
    RecencyWithoutPurchases = "recency_without_purchases": "A customer without repeat purchases must have t_x = 0.",
    RefundExceedsAmount = "refund_exceeds_amount": "A line refunds more than it cost.",
    RegexTooLong = "regex_too_long": "A regular expression is longer than the documented limit.",
    RemainingExceedsPoints = "remaining_exceeds_points": "A points lot has more points remaining than it earned.",
    ReservedId = "reserved_id": "An id that the engine reserves for itself.",
    ResultOutOfRange = "result_out_of_range": "A result integer lies beyond what JavaScript numbers carry exactly (2^53 - 1).",
    ServiceCarriesMarketing = "service_carries_marketing": "A service offer may not be a coupon, bonus or gift.",
    StringTooLong = "string_too_long": "A string is longer than the documented limit.",
    ThresholdNotIncreasing = "threshold_not_increasing": "A tier's threshold must exceed the previous tier's.",
    ThresholdNotPositive = "threshold_not_positive": "A tier threshold must be positive.",
    ThresholdsNotOrdered = "thresholds_not_ordered": "Score thresholds must be in order.",
    TierTooStale = "tier_too_stale": "The snapshot's tier validity ended too long before now to be re-evaluated.",
    TooManyEntries = "too_many_entries": "A list or map has more entries than the documented limit.",
    TooManyExperiments = "too_many_experiments": "The program declares more experiments than the documented limit.",
    TooManyLines = "too_many_lines": "An order or cart has more lines than the documented limit.",
    TooManyOffers = "too_many_offers": "The program has more offers than the documented limit.",
    TooManyOrders = "too_many_orders": "A snapshot has more orders than the documented limit.",
    TooManyRewards = "too_many_rewards": "The rewards catalog has more entries than the documented limit.",
    TooManyRules = "too_many_rules": "The points section has more rules than the documented limit.",
    TooManySurfaces = "too_many_surfaces": "The program declares more surfaces than the documented limit.",
    TooManyTiers = "too_many_tiers": "The program has more tiers than the documented limit.",
    UnguardedNullableFact = "unguarded_nullable_fact": "A warning: a clause that a missing (null) fact passes, on a fact that can be null, with nothing requiring a value.",
    UnknownArm = "unknown_arm": "An offer names an arm its experiment does not have.",
    UnknownChannel = "unknown_channel": "An offer, surface or cap names a channel the contact policy does not declare.",
    UnknownExperiment = "unknown_experiment": "An offer names an experiment the program does not declare.",
    UnknownFact = "unknown_fact": "A condition reads a fact the engine does not compute, or an attribute the program does not declare (often a typo).",
    UnknownField = "unknown_field": "A field the object does not have (often a typo).",
    UnknownMetric = "unknown_metric": "A tier threshold names a metric the program does not know.",
    UnknownOperator = "unknown_operator": "An operator the condition language does not have.",
    UnknownSavedGroup = "unknown_saved_group": "A condition names a saved group the program does not define.",
    UnknownSurface = "unknown_surface": "The surface asked for is not one the program declares.",
    UnknownTier = "unknown_tier": "A tier id that the program does not define.",
    UnknownVariant = "unknown_variant": "A string that is not one of the field's allowed values.",
    UnreachableSegment = "unreachable_segment": "A segment after one without a condition can never match.",
    UnreachableStage = "unreachable_stage": "A lifecycle stage after one without rules can never match.",
    WeightsNot10000 = "weights_not_10000": "Experiment arm weights must add up to 10000 basis points.",
    WeightsNotWhole = "weights_not_whole": "The weights of the value score's components do not add up to 10000 basis points.",
    WindowReversed = "window_reversed": "A date window ends before it starts.",
    // END OF CODES
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl crate::json::write::ToJson for Code {
    fn write_json(&self, out: &mut crate::json::write::JsonWriter) {
        self.as_str().write_json(out);
    }

    fn to_json_value(&self) -> serde_json::Value {
        serde_json::Value::String(self.as_str().to_owned())
    }
}

impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ErrorCode".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Code::ALL.iter().map(|code| code.as_str()).collect();
        schemars::json_schema!({
            "description": "A stable, machine-readable error code (see the list in docs).",
            "type": "string",
            "enum": codes
        })
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_from_its_text_and_is_snake_case() {
        for &code in Code::ALL {
            assert_eq!(Code::from_text(code.as_str()), Some(code));
            assert!(code.as_str().bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{code}");
            assert!(code.description().ends_with('.'), "{code}");
        }
    }

    /// The table of `docs/errors.md` as `Code::ALL` says it should be, sorted by code.
    fn docs_table() -> String {
        let mut codes: Vec<Code> = Code::ALL.to_vec();
        codes.sort_by_key(|code| code.as_str());
        codes.iter().map(|code| format!("| `{}` | {} |\n", code.as_str(), code.description())).collect()
    }

    #[test]
    fn docs_list_every_code_with_its_meaning() {
        let docs = include_str!("../docs/errors.md");
        // `TIERWISE_BLESS=1 cargo test --lib error_codes` rewrites the table after a code changes.
        if std::env::var_os("TIERWISE_BLESS").is_some() {
            let head_end = docs.find("|---|---|\n").map(|at| at + "|---|---|\n".len()).unwrap_or(docs.len());
            let tail: String = docs[head_end..].lines().skip_while(|line| line.starts_with("| `")).map(|line| format!("{line}\n")).collect();
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/errors.md");
            std::fs::write(path, format!("{}{}{}", &docs[..head_end], docs_table(), tail)).unwrap();
            return;
        }
        let rows: Vec<&str> = docs.lines().filter(|line| line.starts_with("| `")).collect();
        assert_eq!(rows.len(), Code::ALL.len(), "docs/errors.md lists another number of codes than Code::ALL");
        for &code in Code::ALL {
            let row = format!("| `{}` | {} |", code.as_str(), code.description());
            assert!(rows.contains(&row.as_str()), "docs/errors.md lacks or differs on: {row}");
        }
    }
}
