//! Documented size limits. Exceeding one gives its own error code instead of a frozen page.
//! The same numbers are listed in the README; change both together.
use crate::error::Code;

/// Orders in one snapshot (`too_many_orders`).
pub const MAX_ORDERS: usize = 10_000;
/// Lines in one order or cart (`too_many_lines`).
pub const MAX_LINES: usize = 1_000;
/// Points lots, ledger entries, events or offer-history entries in one snapshot (`too_many_entries`).
pub const MAX_ENTRIES: usize = 50_000;
/// Offers in one program (`too_many_offers`).
pub const MAX_OFFERS: usize = 1_000;
/// Bonus rules, or activities, in one program's points section (`too_many_rules`).
pub const MAX_POINTS_RULES: usize = 100;
/// Rewards in one program's redemption catalog (`too_many_rewards`).
pub const MAX_REWARDS: usize = 1_000;
/// Tiers in one program (`too_many_tiers`).
pub const MAX_TIERS: usize = 32;
/// Tier re-evaluations applied in one call for a snapshot whose tier validity ended long
/// ago (`tier_too_stale`).
pub const MAX_TIER_REEVALUATIONS: usize = 1_000;
/// Characters in any identifier, category, code or attribute key (`string_too_long`).
pub const MAX_ID_CHARS: usize = 128;
/// Most snapshot attributes a program may declare (`attributes`).
pub const MAX_ATTRIBUTES: usize = 200;
/// Characters in any free text such as a title or body (`string_too_long`).
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Units of one line (`quantity_out_of_range`).
pub const MAX_QUANTITY: i64 = 1_000_000;
/// Nesting depth of a condition's JSON objects and arrays (`condition_too_deep`).
pub const MAX_CONDITION_DEPTH: usize = 32;
/// Nodes of one condition: condition objects, clauses, operators and operands
/// (`condition_too_large`).
pub const MAX_CONDITION_NODES: usize = 1000;
/// Characters of one regular expression in a condition (`regex_too_long`).
pub const MAX_REGEX_CHARS: usize = 1000;
/// Nesting depth of any JSON input (`json_too_deep`; serde_json's own recursion limit).
pub const MAX_JSON_DEPTH: usize = 128;
/// Bytes of one JSON input crossing the boundary (`input_too_large`).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Refuses every input text longer than [`MAX_INPUT_BYTES`], each at its path, before any
/// of them is parsed.
pub(crate) fn check_input_sizes(inputs: &[(&str, &str)]) -> Result<(), crate::Error> {
    let issues = inputs
        .iter()
        .filter(|(text, _)| text.len() > MAX_INPUT_BYTES)
        .map(|(_, path)| crate::error::Issue::new(Code::InputTooLarge, *path, format!("inputs are limited to {MAX_INPUT_BYTES} bytes")))
        .collect();
    crate::Error::from_issues(issues).map_or(Ok(()), Err)
}
