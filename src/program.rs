//! The program: the rules a storefront hands to [`crate::engine::Engine::compile`].
//!
//! [`ProgramSpec`] is the whole input type; the JSON Schema shipped with the package is
//! generated from it. Compilation reads each section on its own so that a mistake in one
//! section does not hide mistakes in another: every issue is reported, with its path.

use crate::error::Code;
use crate::error::pointer;
use crate::json::write::ToJson;
use crate::limits;
use crate::money::{Currency, Money};
use crate::read::CompileContext;
use crate::time::UtcOffset;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use crate::vec_map::VecMap;

pub use crate::text::LocalizedText;
use crate::text::check_text;

/// Named lists of values for `$inGroup` / `$notInGroup` conditions.
pub type SavedGroups = VecMap<String, Vec<Value>>;

fn default_warning_days() -> i64 {
    30
}

/// How facts are derived.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct FactsSpec {
    /// Days ahead in which expiring points are reported (`points_expiring`); default 30.
    #[serde(default = "default_warning_days")]
    pub expiry_warning_days: i64,
    /// Qualifying spend, in minor units, an order must exceed to be a large order
    /// (`first_large_order_date`, the "first order over ¥100" care moment); default 10000.
    #[serde(default = "default_large_order_over")]
    pub large_order_over: Money,
}

fn default_large_order_over() -> Money {
    Money(10_000)
}

impl Default for FactsSpec {
    fn default() -> FactsSpec {
        FactsSpec { expiry_warning_days: default_warning_days(), large_order_over: default_large_order_over() }
    }
}

/// A loyalty program as JSON. Only `id`, `currency` and `utc_offset` are required.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct ProgramSpec {
    /// Program identifier.
    pub id: String,
    /// Program version, free text, echoed in results.
    #[serde(default)]
    pub version: Option<String>,
    /// Display name per locale.
    #[serde(default)]
    pub name: LocalizedText,
    /// ISO 4217 currency of every amount (`CNY`); a code outside the standard (`XXY`,
    /// `RMB`) is refused with `invalid_currency`.
    pub currency: String,
    /// Fixed offset that defines calendar days, months and years (`+08:00`).
    pub utc_offset: UtcOffset,
    /// Locales the program's texts are written in; the first is the default.
    #[serde(default)]
    pub locales: Vec<String>,
    /// Categories that never qualify for tiers nor earn points (gift cards).
    #[serde(default)]
    pub excluded_categories: Vec<String>,
    /// Saved groups for `$inGroup` / `$notInGroup`.
    #[serde(default)]
    pub saved_groups: SavedGroups,
    /// How facts are derived.
    #[serde(default)]
    pub facts: FactsSpec,
    /// Snapshot attributes the program's conditions read as `attributes.<name>`, each with
    /// its type and an optional description: `{"vip_level": {"type": "number"}}`. Only
    /// declared attributes may be read, and snapshots must give them with that type.
    #[serde(default)]
    pub attributes: crate::catalog::Attributes,
    /// The offer catalog.
    #[serde(default)]
    pub offers: Vec<crate::offers::spec::OfferSpec>,
    /// Places that show offers; `member_page`, `cart`, `refund_confirmation`, `sms` and
    /// `staff_call` when absent (see `docs/offers.md`).
    #[serde(default)]
    pub surfaces: Option<Vec<crate::offers::spec::SurfaceSpec>>,
    /// A/B tests over offers, assigned as GrowthBook assigns.
    #[serde(default)]
    pub experiments: Vec<crate::offers::spec::ExperimentSpec>,
    /// The closed list of channels (inbound and outbound, with the purposes each carries),
    /// marketing caps per member, quiet hours and fatigue (see `docs/contact-policy.md`);
    /// without it offers name channels freely and nothing caps outbound marketing.
    #[serde(default)]
    pub contact_policy: Option<crate::contact::ContactPolicySpec>,
    /// Earning rules, activities, expiry and the redemption catalog; without it the
    /// program earns no points and `page.points` is `null`.
    #[serde(default)]
    pub points: Option<crate::points::PointsSpec>,
    /// Tier levels, qualification window and validity; without it there is no tier progress.
    #[serde(default)]
    pub tiers: Option<crate::tier::TiersSpec>,
    /// RFM breakpoints, fitted BG/NBD and Gamma-Gamma parameters, CLV and churn settings.
    #[serde(default)]
    pub scores: Option<crate::scores::ScoresSpec>,
    /// Segments, tried in order; the first whose condition holds is the member's.
    #[serde(default)]
    pub segments: Vec<crate::segments::SegmentSpec>,
    /// Tags: every tag whose condition holds applies.
    #[serde(default)]
    pub tags: Vec<crate::segments::TagSpec>,
    /// Lifecycle stages, tried in order (new → active → silent → dormant → churned);
    /// without it `lifecycle_stage` is `null`. See `docs/mechanics.md`.
    #[serde(default)]
    pub lifecycle: Option<crate::lifecycle::LifecycleSpec>,
    /// The weighted value score over facts; without it `value_score` is `null`.
    #[serde(default)]
    pub value_score: Option<crate::value_score::ValueScoreSpec>,
    /// Gross margin rates that put CLV and offer values in profit; revenue when absent.
    #[serde(default)]
    pub margin: Option<crate::margin::MarginSpec>,
}

/// The compiled common part of a program.
#[derive(Debug, Clone)]
pub struct ProgramHeader {
    /// Program id.
    pub id: String,
    /// Program version.
    pub version: Option<String>,
    /// Display name.
    pub name: LocalizedText,
    /// Currency.
    pub currency: Currency,
    /// Calendar offset.
    pub offset: UtcOffset,
    /// Locales, default first.
    pub locales: Vec<String>,
    /// Excluded categories.
    pub excluded_categories: Vec<String>,
    /// Saved groups.
    pub saved_groups: SavedGroups,
    /// Facts settings.
    pub facts: FactsSpec,
}

/// Top-level keys every program may have, in schema order; sections owned by other
/// modules are added to this list as they are compiled.
pub const HEADER_KEYS: &[&str] = &["id", "version", "name", "currency", "utc_offset", "locales", "excluded_categories", "saved_groups", "facts", "attributes", "scores", "segments", "tags", "tiers", "points"];

/// Top-level keys of the lifecycle, value score and margin sections.
pub const MEASURE_KEYS: &[&str] = &["lifecycle", "value_score", "margin"];

/// Compiles the common keys of `program` (an object already checked to be one).
pub fn compile_header(program: &serde_json::Map<String, Value>, ctx: &mut CompileContext) -> Option<ProgramHeader> {
    for key in ["id", "currency", "utc_offset"] {
        if !program.contains_key(key) {
            ctx.report(Code::MissingField, pointer("", key), format!("missing field `{key}`"));
        }
    }
    let null = Value::Null;
    let field = |key: &str| program.get(key).unwrap_or(&null);
    let id: Option<String> = program.get("id").and_then(|v| ctx.parse(v, "/id"));
    if let Some(id) = &id {
        crate::text::check_id(ctx, "/id", id);
    }
    let version: Option<Option<String>> = ctx.parse(field("version"), "/version");
    let name: Option<LocalizedText> = if program.contains_key("name") { ctx.parse(field("name"), "/name") } else { Some(LocalizedText::new()) };
    if let Some(name) = &name {
        check_text(ctx, "/name", name);
    }
    let currency = program.get("currency").and_then(|v| ctx.parse::<String>(v, "/currency")).and_then(|code| match Currency::from_code(&code) {
        Ok(currency) => Some(currency),
        Err(message) => {
            ctx.report(Code::InvalidCurrency, "/currency", message);
            None
        }
    });
    let offset: Option<UtcOffset> = program.get("utc_offset").and_then(|v| ctx.parse(v, "/utc_offset"));
    let locales: Option<Vec<String>> = if program.contains_key("locales") { ctx.parse(field("locales"), "/locales") } else { Some(Vec::new()) };
    let excluded: Option<Vec<String>> = if program.contains_key("excluded_categories") { ctx.parse(field("excluded_categories"), "/excluded_categories") } else { Some(Vec::new()) };
    let saved_groups: Option<SavedGroups> = if program.contains_key("saved_groups") { ctx.parse(field("saved_groups"), "/saved_groups") } else { Some(SavedGroups::new()) };
    let facts: Option<FactsSpec> = if program.contains_key("facts") { ctx.parse(field("facts"), "/facts") } else { Some(FactsSpec::default()) };
    if let Some(facts) = &facts {
        if !(0..=3660).contains(&facts.expiry_warning_days) {
            ctx.report(Code::OutOfRange, "/facts/expiry_warning_days", "must be within 0..=3660 days");
        }
        if !(0..=crate::money::MAX_AMOUNT).contains(&facts.large_order_over.minor()) {
            ctx.report(Code::OutOfRange, "/facts/large_order_over", format!("must be within 0..={} minor units", crate::money::MAX_AMOUNT));
        }
    }
    Some(ProgramHeader {
        id: id?,
        version: version?,
        name: name?,
        currency: currency?,
        offset: offset?,
        locales: locales?,
        excluded_categories: excluded?,
        saved_groups: saved_groups?,
        facts: facts?,
    })
}

/// Reads the `attributes` section (absent: none declared). Names are 1 to
/// [`limits::MAX_ID_CHARS`] characters without `.` (a dot path could not reach them);
/// descriptions are texts. `None` when the section cannot be read.
pub fn compile_attributes(section: Option<&Value>, ctx: &mut CompileContext) -> Option<crate::catalog::Attributes> {
    let Some(section) = section else { return Some(crate::catalog::Attributes::new()) };
    let Value::Object(entries) = section else {
        ctx.report(Code::InvalidType, "/attributes", format!("expected an object of attribute name to declaration, got {}", crate::read::json_type(section)));
        return None;
    };
    // Each declaration on its own, so that one mistake does not hide the others.
    let mut attributes = crate::catalog::Attributes::new();
    let mut readable = true;
    for (name, value) in entries {
        match ctx.parse(value, &pointer("/attributes", name)) {
            Some(spec) => {
                attributes.insert(name.clone(), spec);
            }
            None => readable = false,
        }
    }
    if attributes.len() > limits::MAX_ATTRIBUTES {
        ctx.report(Code::InvalidLength, "/attributes", format!("at most {} attributes may be declared, got {}", limits::MAX_ATTRIBUTES, attributes.len()));
    }
    for (name, spec) in &attributes {
        if name.is_empty() || name.chars().count() > limits::MAX_ID_CHARS || name.contains('.') {
            ctx.report(Code::InvalidValue, pointer("/attributes", name), format!("an attribute name has 1 to {} characters and no `.`", limits::MAX_ID_CHARS));
        }
        if spec.description.as_ref().is_some_and(|text| text.chars().count() > limits::MAX_TEXT_CHARS) {
            ctx.report(Code::StringTooLong, pointer(&pointer("/attributes", name), "description"), format!("must be at most {} characters", limits::MAX_TEXT_CHARS));
        }
    }
    readable.then_some(attributes)
}
