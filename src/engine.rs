//! The engine: a program compiled once, evaluated for many members.
//!
//! `Engine::compile` validates the whole program and reports every issue. Per-member calls
//! take a snapshot and options (`now`, and for some calls a cart, surface or limit) and
//! run the pipeline snapshot → facts → … in one direction. The `*_json` entry points are
//! what the wasm boundary and the shared test vectors call: JSON text in, JSON text out.

use crate::error::Code;
use crate::catalog::{self, Attributes};
use crate::condition::ConditionList;
use crate::contact::ContactPlan;
use crate::fact_check::{self, ProgramFacts};
use crate::error::{pointer, Error, Issue};
use crate::facts::{self, Facts, FactsConfig, TierInEffect};
use crate::json::write::ToJson;
use crate::offers::{self, CompiledOffers, Explain, OffersResult};
use crate::points::{self, CompiledPoints, PointsContext, PointsPreview};
use crate::member::{self, Member, MemberFacts, MemberScores};
use crate::program::{self, ProgramHeader};
use crate::text::LocalizedText;
use crate::read::{self, CompileContext};
use crate::scores::{self, RfmBreakpoints, ScoresSpec};
use crate::segments::Segmentation;
use crate::snapshot::{Cart, Snapshot};
use crate::tier::{self, TierAfterCart, TierChange, TierProgress, TierRules};
use crate::time::{Instant, UtcOffset};
use crate::lifecycle::Lifecycle;
use crate::margin::Margin;
use crate::value_score::ValueScore;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Options of a per-member call.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct EvaluateOptions {
    /// The moment to evaluate at; tierwise never reads a clock.
    pub now: Instant,
    /// A cart to preview (points, tier after this order).
    #[serde(default)]
    pub cart: Option<Cart>,
    /// The surface asking for offers (`member_page`, `cart`, `refund_confirmation`, …).
    #[serde(default)]
    pub surface: Option<String>,
    /// How many offers to return at most; leave it out for the surface's own limit.
    #[serde(default, deserialize_with = "limit_not_null")]
    #[json(read_with = "read_limit_not_null")]
    #[schemars(with = "u32")]
    pub limit: Option<u32>,
    /// How much offers results explain of the offers they do not return: `summary` (the
    /// default) gives each one's id, reason code and hint; `full` the whole reason.
    #[serde(default)]
    pub explain: Explain,
    /// `evaluate` only: also plan the member's outbound contacts (`page.contact_plan`, as
    /// `contactPlan` returns it); needs the program's `contact_policy`.
    #[serde(default)]
    pub contact_plan: bool,
}

/// An explicit `null` limit is rejected rather than read as "no limit": it is what
/// `JSON.stringify` writes for `NaN` and `Infinity`, so a computed limit that went wrong
/// in JavaScript must not silently show the surface's default number of offers.
fn limit_not_null<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    match Option::<u32>::deserialize(deserializer)? {
        Some(limit) => Ok(Some(limit)),
        None => Err(serde::de::Error::custom(
            "must be a whole number of offers, got null (JSON.stringify writes NaN and Infinity as null); leave `limit` out for the surface's default",
        )),
    }
}

/// [`limit_not_null`] for the crate's own reader.
fn read_limit_not_null(reader: &mut crate::json::Reader<'_>) -> Result<Option<u32>, crate::json::ReadError> {
    if reader.null()? {
        return Err(crate::json::ReadError::invalid_value(
            "expected a whole number of offers, got null (JSON.stringify writes NaN and Infinity as null); leave `limit` out for the surface's default",
        ));
    }
    reader.whole_within(0, i128::from(u32::MAX), "a whole number of offers").map(|limit| Some(limit as u32))
}

/// Everything a member page shows, computed in one pass.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct Page {
    /// Program id and version the page was computed with.
    pub program: ProgramRef,
    /// The instant evaluated at.
    pub now: Instant,
    /// The full facts view: base facts, score facts, `segment` and `tags`.
    pub facts: MemberFacts,
    /// Scores, segment and tags, with the clauses that decided them.
    pub scores: MemberScores,
    /// Tier progress; `null` when the program has no `tiers`.
    pub tier: Option<TierProgress>,
    /// The points preview of `options.cart` (an empty cart when absent); `null` when
    /// the program has no points section.
    pub points: Option<PointsPreview>,
    /// Next-best-offers for the options' surface (`member_page` when absent).
    pub offers: OffersResult,
    /// The contact plan, present when `options.contact_plan` asks for it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_plan: Option<ContactPlan>,
}

/// Identifies the program a result was computed with.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ProgramRef {
    /// Program id.
    pub id: String,
    /// Program version.
    pub version: Option<String>,
}

/// What a front end needs to present a program's results: its name, the currency money
/// is counted in, the calendar offset dates are in, and the locales its texts carry.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[derive(ToJson)]
pub struct ProgramInfo {
    /// Program id.
    pub id: String,
    /// Program version.
    pub version: Option<String>,
    /// Display name per locale.
    pub name: LocalizedText,
    /// ISO 4217 code of the currency every amount is counted in.
    pub currency: String,
    /// Digits after the decimal point of that currency: amounts are integers of
    /// `10^-minor_digits` major units (2 for CNY, 0 for JPY).
    pub minor_digits: u32,
    /// The fixed offset that defines calendar days; every date in results is in it.
    pub utc_offset: UtcOffset,
    /// Locales of the program's texts, default first.
    pub locales: Vec<String>,
}

/// A compiled program.
#[derive(Debug, Clone)]
pub struct Engine {
    header: ProgramHeader,
    facts_config: FactsConfig,
    scores: ScoresSpec,
    segmentation: Segmentation,
    tiers: Option<TierRules>,
    points: Option<CompiledPoints>,
    offers: CompiledOffers,
    attributes: Attributes,
    warnings: Vec<Issue>,
    lifecycle: Option<Lifecycle>,
    value_score: Option<ValueScore>,
    margin: Option<Margin>,
}

/// Validates a program and returns every issue: the errors (severity `error`, empty when
/// it compiles), then the warnings (severity `warning`, see [`Engine::warnings`]).
pub fn validate_program(program: &Value) -> Vec<Issue> {
    let (compiled, warnings) = Engine::compile_with_warnings(program);
    let mut issues = compiled.err().map(|error| error.into_issues()).unwrap_or_default();
    issues.extend(warnings);
    issues
}

/// [`validate_program`] over JSON text.
pub fn validate_program_json(text: &str) -> Vec<Issue> {
    let program = check_size(text, "").and_then(|()| read::parse_json(text, ""));
    match program {
        Ok(program) => validate_program(&program),
        Err(error) => error.into_issues(),
    }
}

/// Runs one section's compiler as a function of its own. LLVM and wasm-opt would otherwise
/// inline every section (each has one caller) into `Engine::compile_with_warnings`, one
/// function of 71 KB in the wasm that V8 must compile whole before the first
/// `Engine.compile` returns. `scripts/build` keeps wasm-opt from inlining this function by
/// its name (`--no-inline=*out_of_line*`).
#[inline(never)]
fn out_of_line<R>(section: impl FnOnce() -> R) -> R {
    section()
}

impl Engine {
    /// Compiles a program, reporting **all** issues at once. Warnings do not stop it; the
    /// compiled engine lists them ([`Engine::warnings`]).
    pub fn compile(program: &Value) -> Result<Engine, Error> {
        Engine::compile_with_warnings(program).0
    }

    /// Compiles a program and returns the warnings beside the result, also when the
    /// program has errors.
    pub fn compile_with_warnings(program: &Value) -> (Result<Engine, Error>, Vec<Issue>) {
        let Value::Object(map) = program else {
            return (Err(Error::one(Code::InvalidType, "", format!("a program must be a JSON object, got {}", read::json_type(program)))), Vec::new());
        };
        let mut ctx = CompileContext::default();
        for key in map.keys() {
            let measure = program::MEASURE_KEYS.contains(&key.as_str());
            if !program::HEADER_KEYS.contains(&key.as_str()) && !offers::PROGRAM_KEYS.contains(&key.as_str()) && !measure {
                ctx.report(Code::UnknownField, pointer("", key), format!("unknown field `{key}`"));
            }
        }
        let header = out_of_line(|| program::compile_header(map, &mut ctx));
        let scores = out_of_line(|| scores::spec::compile(map.get("scores"), &mut ctx));
        let segmentation = out_of_line(|| Segmentation::compile(map.get("segments"), map.get("tags"), &mut ctx));
        let (offset, excluded) = header.as_ref().map_or((UtcOffset::UTC, &[][..]), |h| (h.offset, h.excluded_categories.as_slice()));
        let tiers = map.get("tiers").and_then(|value| out_of_line(|| tier::compile(value, offset, excluded, &mut ctx)));
        // Tier references in points are checked against the compiled tiers; without a
        // tiers section they are taken as written.
        let tier_ids: Option<Vec<String>> = tiers.as_ref().map(|rules| rules.level_ids());
        let known_tiers: Option<&[String]> = tier_ids.as_deref();
        // The points section is checked even when the header is broken, so that every
        // issue is reported at once; its result is only kept when the header compiled.
        let points = map.get("points").and_then(|section| {
            let context = PointsContext {
                minor_per_major: header.as_ref().map_or(100, |h| h.currency.minor_per_major()),
                excluded_categories: header.as_ref().map_or(&[][..], |h| &h.excluded_categories),
                known_tiers,
                expiry_warning_days: header.as_ref().map_or(30, |h| h.facts.expiry_warning_days),
            };
            out_of_line(|| points::compile(section, "/points", &mut ctx, &context))
        });
        let points_value = points.as_ref().and_then(CompiledPoints::money_value);
        let offers = header.as_ref().map(|header| out_of_line(|| offers::compile(map, header, points_value, &mut ctx)));
        let attributes = out_of_line(|| program::compile_attributes(map.get("attributes"), &mut ctx));
        let lifecycle = out_of_line(|| Lifecycle::compile(map.get("lifecycle"), &mut ctx));
        let value_score = out_of_line(|| ValueScore::compile(map.get("value_score"), attributes.as_ref(), &mut ctx));
        let margin = out_of_line(|| Margin::compile(map.get("margin"), &mut ctx));
        // Every condition reads only facts that exist; checked on the raw conditions, so
        // that a condition with other problems is checked too.
        let findings = out_of_line(|| fact_check::check_program(map, ProgramFacts { attributes: attributes.as_ref(), groups: header.as_ref().map(|h| &h.saved_groups) }));
        ctx.issues.extend(findings.errors);
        if !map.contains_key("margin") {
            let listed = map.get("offers").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            for (index, _) in listed.iter().enumerate().filter(|(_, offer)| offer.get("margin_category").is_some()) {
                ctx.report(Code::InvalidValue, pointer(&pointer("/offers", index), "margin_category"), "`margin_category` needs the program's `margin` section");
            }
        }
        let warnings = findings.warnings;
        if let Some(error) = Error::from_issues(ctx.issues) {
            return (Err(error), warnings);
        }
        let (Some(header), Some(scores), Some(mut offers), Some(attributes)) = (header, scores, offers, attributes) else {
            return (Err(Error::one(Code::InvalidProgram, "", "the program could not be compiled")), warnings);
        };
        let facts_config = FactsConfig {
            offset: header.offset,
            excluded_categories: header.excluded_categories.clone(),
            expiry_warning_days: header.facts.expiry_warning_days,
            large_order_over: header.facts.large_order_over,
            date_attributes: attributes.iter().filter(|(_, spec)| spec.kind == crate::catalog::AttributeType::Date).map(|(name, _)| name.clone()).collect(),
            fatigue_after: offers.contact.as_ref().map_or(3, |policy| policy.fatigue_after),
        };
        if let Some(margin) = &margin {
            offers.count_values_at_margin(margin);
        }
        (Ok(Engine { header, facts_config, scores, segmentation, tiers, points, offers, attributes, warnings: warnings.clone(), lifecycle, value_score, margin }), warnings)
    }

    /// The warnings found when the program was compiled: legal conditions that are likely
    /// mistakes (code `unguarded_nullable_fact`, severity `warning`), in program order.
    pub fn warnings(&self) -> &[Issue] {
        &self.warnings
    }

    /// The snapshot attributes the program declares.
    pub fn attributes(&self) -> &Attributes {
        &self.attributes
    }

    /// Checks a snapshot against the program: every declared attribute it gives has the
    /// declared type (paths `/attributes/<name>`). The `*_json` calls do this for you.
    pub fn check_snapshot(&self, snapshot: &Snapshot) -> Result<(), Error> {
        match Error::from_issues(catalog::check_attributes(&self.attributes, &snapshot.attributes)) {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Compiles a program given as JSON text.
    pub fn compile_json(text: &str) -> Result<Engine, Error> {
        check_size(text, "")?;
        Engine::compile(&read::parse_json(text, "")?)
    }

    /// The compiled common part of the program.
    pub fn header(&self) -> &ProgramHeader {
        &self.header
    }

    /// The compiled points section, when the program has one.
    pub fn points(&self) -> Option<&CompiledPoints> {
        self.points.as_ref()
    }

    /// What `cart` would earn for the member of `snapshot` at `options.now`. Errors about
    /// the cart have paths under `/cart`; a different cart in `options.cart` is refused
    /// (`conflicting_cart`), and a program without a points section gives
    /// `points_not_configured`.
    pub fn preview_points(&self, snapshot: &Snapshot, cart: &Cart, options: &EvaluateOptions) -> Result<PointsPreview, Error> {
        check_one_cart(cart, options)?;
        let Some(compiled) = &self.points else {
            return Err(Error::one(Code::PointsNotConfigured, "/points", "the program has no points section"));
        };
        let facts = self.base_facts(snapshot, options.now);
        self.points_for(compiled, snapshot, cart, options, &facts, "/cart")
    }

    /// The points preview with the tier after this order; errors about the cart get
    /// `cart_path` in front of their paths, errors about the snapshot stay as they are.
    fn points_for(&self, compiled: &CompiledPoints, snapshot: &Snapshot, cart: &Cart, options: &EvaluateOptions, facts: &Facts, cart_path: &str) -> Result<PointsPreview, Error> {
        let mut preview = points::preview_points(compiled, snapshot, cart, options.now, facts, self.header.offset).map_err(|e| e.under(cart_path))?;
        if let Some(rules) = &self.tiers {
            preview.tier_after_order = Some(rules.progress_after_cart_earning(snapshot, cart, options.now, preview.total)?);
        }
        Ok(preview)
    }

    /// The compiled tier rules, when the program has `tiers`.
    pub fn tiers(&self) -> Option<&TierRules> {
        self.tiers.as_ref()
    }

    fn tier_rules(&self) -> Result<&TierRules, Error> {
        self.tiers.as_ref().ok_or_else(|| Error::one(Code::NoTiers, "/tiers", "the program defines no tiers"))
    }

    /// Tier progress of `snapshot` at `options.now` (a cart in the options is not counted;
    /// see [`Engine::tier_progress_after_cart`]).
    pub fn tier_progress(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<TierProgress, Error> {
        self.tier_rules()?.progress(snapshot, options.now)
    }

    /// Tier progress as if `cart` were placed at `now`, and whether it changes the tier.
    pub fn tier_progress_after_cart(&self, snapshot: &Snapshot, cart: &Cart, now: Instant) -> Result<TierAfterCart, Error> {
        self.tier_rules()?.progress_after_cart(snapshot, cart, now)
    }

    /// The base facts of `snapshot` at `now`: what the snapshot alone says, before scores,
    /// segment and tags. Lots without an `expires_at` of their own expire by the program's
    /// points expiry policy.
    ///
    /// When the program has tiers, `tier` is the tier in effect on the page (the tier
    /// progress's current tier: an upgrade earned by `now` counts at once) and `tier_held`
    /// what the snapshot says; see `docs/facts.md`.
    pub fn base_facts(&self, snapshot: &Snapshot, now: Instant) -> Facts {
        let progress = self.tiers.as_ref().and_then(|rules| rules.progress(snapshot, now).ok());
        self.base_facts_with(snapshot, now, progress.as_ref())
    }

    /// [`Engine::base_facts`] with the tier progress already computed for this snapshot and
    /// `now`. Without it (no tiers, or a snapshot the tier rules reject) the facts keep the
    /// snapshot's tier.
    fn base_facts_with(&self, snapshot: &Snapshot, now: Instant, progress: Option<&TierProgress>) -> Facts {
        let policy = self.points.as_ref().map(CompiledPoints::expiry);
        let mut facts = facts::derive(&self.facts_config, snapshot, now, |lot| policy.and_then(|policy| points::lot_expiry(lot, policy)));
        if let Some(progress) = progress {
            let current = &progress.current;
            facts.put_tier_in_effect(TierInEffect { id: current.id.clone(), valid_until: current.valid_until, upgraded: current.change == TierChange::Upgraded });
        }
        facts
    }

    /// Runs the facts pipeline for one member: base facts → score facts → segment (over
    /// both) → tags (over both and `segment`).
    pub fn member(&self, snapshot: &Snapshot, now: Instant) -> Member {
        let progress = self.tiers.as_ref().and_then(|rules| rules.progress(snapshot, now).ok());
        self.member_with(snapshot, now, progress.as_ref())
    }

    /// [`Engine::member`] with the tier progress already computed.
    fn member_with(&self, snapshot: &Snapshot, now: Instant, progress: Option<&TierProgress>) -> Member {
        let base = self.base_facts_with(snapshot, now, progress);
        let mut scores = scores::facts::derive(&self.scores, &self.facts_config, snapshot, now);
        let clv_margin = self.margin.as_ref().and_then(|margin| {
            let (profit, clv_margin) = margin.clv(scores.clv?, facts::weighted_spend(&self.facts_config, snapshot, now, |category| margin.rate_of(category)));
            scores.clv = Some(profit);
            Some(clv_margin)
        });
        let measures = member::Measures { lifecycle: self.lifecycle.as_ref(), value_score: self.value_score.as_ref(), clv_margin, joined_at: Some(snapshot.joined_at) };
        member::assemble(base, scores, measures, &self.segmentation, &self.header.saved_groups)
    }

    /// The full facts of `snapshot` at `now` (base, scores, `segment`, `tags`).
    pub fn facts(&self, snapshot: &Snapshot, now: Instant) -> MemberFacts {
        self.member(snapshot, now).facts
    }

    /// The full facts as the JSON value conditions read (offers, boosts).
    pub fn facts_value(&self, snapshot: &Snapshot, now: Instant) -> Value {
        self.member(snapshot, now).facts_value
    }

    /// Quintile RFM breakpoints of a population of snapshots at `now`, with this program's
    /// calendar, exclusions and RFM lookback (see `docs/scores.md`).
    pub fn rfm_breakpoints(&self, snapshots: &[Snapshot], now: Instant) -> RfmBreakpoints {
        let inputs: Vec<scores::RfmInputs> =
            snapshots.iter().map(|snapshot| scores::facts::rfm_inputs_of(&self.facts_config, snapshot, now, self.scores.rfm.lookback_days)).collect();
        RfmBreakpoints::from_population(&inputs)
    }

    /// What the model fits read of `snapshot` at `now`: the purchase history of the BG/NBD
    /// and Gamma-Gamma models (qualifying orders grouped by calendar day, in days) and the
    /// RFM inputs, with this program's calendar, exclusions and RFM lookback. Data jobs
    /// aggregate these over a customer base to refit the `scores` section.
    pub fn model_inputs(&self, snapshot: &Snapshot, now: Instant) -> ModelInputs {
        let orders = facts::qualifying_orders(&self.facts_config, snapshot, now);
        let today = now.date_in(self.facts_config.offset);
        ModelInputs {
            history: scores::facts::PurchaseHistory::from_orders(&orders, today),
            rfm: scores::facts::rfm_inputs(&orders, today, self.scores.rfm.lookback_days),
        }
    }

    /// The program's offer surfaces, compiled, in program order.
    pub fn surfaces(&self) -> &[offers::compile::Surface] {
        &self.offers.surfaces
    }

    /// The outbound channels of the `contact_policy`, in the policy's order (the channels a
    /// contact plan covers); empty without a policy.
    pub fn outbound_channels(&self) -> Vec<&str> {
        let channels = self.offers.contact.iter().flat_map(|policy| policy.channels.iter());
        channels.filter(|channel| channel.kind == crate::contact::ChannelKind::Outbound).map(|channel| channel.id.as_str()).collect()
    }

    /// The program's name, currency, calendar offset and locales.
    pub fn program_info(&self) -> ProgramInfo {
        let header = &self.header;
        ProgramInfo {
            id: header.id.clone(),
            version: header.version.clone(),
            name: header.name.clone(),
            currency: header.currency.code.clone(),
            minor_digits: header.currency.minor_digits,
            utc_offset: header.offset,
            locales: header.locales.clone(),
        }
    }

    /// Everything a member page shows.
    pub fn evaluate(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<Page, Error> {
        let tier = match &self.tiers {
            Some(rules) => Some(rules.progress(snapshot, options.now)?),
            None => None,
        };
        // One tier per page: facts, points, rewards and offers all read the tier in effect.
        let member = self.member_with(snapshot, options.now, tier.as_ref());
        let offers = self.offers_for(&member, snapshot, options)?;
        let contact_plan = if options.contact_plan { Some(self.contact_plan_for(&member, snapshot, options.now)?) } else { None };
        let empty = Cart::default();
        let cart = options.cart.as_ref().unwrap_or(&empty);
        let points = match &self.points {
            Some(compiled) => Some(self.points_for(compiled, snapshot, cart, options, &member.facts.base, "/options/cart")?),
            None => None,
        };
        Ok(Page {
            program: ProgramRef { id: self.header.id.clone(), version: self.header.version.clone() },
            now: options.now.in_offset(self.header.offset),
            facts: member.facts,
            scores: member.scores,
            tier,
            points,
            offers,
            contact_plan,
        })
    }

    /// For each outbound channel of the contact policy, the single best offer to send at
    /// `options.now`, or none with the reason and the earliest moment one could go out.
    /// Fails (`no_contact_policy`) when the program has no `contact_policy`.
    pub fn contact_plan(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<ContactPlan, Error> {
        let member = self.member(snapshot, options.now);
        self.contact_plan_for(&member, snapshot, options.now)
    }

    /// The contact plan over the member's full facts.
    fn contact_plan_for(&self, member: &Member, snapshot: &Snapshot, now: Instant) -> Result<ContactPlan, Error> {
        let Some(policy) = &self.offers.contact else {
            return Err(Error::one(Code::NoContactPolicy, "/contact_policy", "the program has no contact_policy"));
        };
        let input = offers::Member { facts: &member.facts_value, saved_groups: &self.header.saved_groups, snapshot, now, offset: self.header.offset };
        Ok(crate::contact::contact_plan(&self.offers, policy, &input))
    }

    /// The offers the member should see on `options.surface` (`member_page` when absent),
    /// at most `options.limit` (the surface's limit when absent), and why every other offer
    /// is not shown, as much as `options.explain` asks. Fails only for an unknown surface.
    pub fn next_best_offers(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<OffersResult, Error> {
        let member = self.member(snapshot, options.now);
        self.offers_for(&member, snapshot, options)
    }

    /// One member as a campaign list reads it: the full facts as conditions read them, the
    /// tier progress (`None` without tiers or for a snapshot the tier rules reject, as in
    /// [`Engine::member`]) and the offers on each of `surfaces` with `options`' limit and
    /// explanation level, the member computed once for all of them. Each part equals what
    /// [`Engine::facts_value`], [`Engine::tier_progress`] and [`Engine::next_best_offers`]
    /// return; with a `contact_policy`, the contact plan too, equal to what
    /// [`Engine::contact_plan`] returns. Fails only for an unknown surface.
    pub fn campaign_row(&self, snapshot: &Snapshot, options: &EvaluateOptions, surfaces: &[String]) -> Result<CampaignRow, Error> {
        let tier = self.tiers.as_ref().and_then(|rules| rules.progress(snapshot, options.now).ok());
        let member = self.member_with(snapshot, options.now, tier.as_ref());
        let mut offers = Vec::with_capacity(surfaces.len());
        for surface in surfaces {
            let on_surface = EvaluateOptions { surface: Some(surface.clone()), ..options.clone() };
            offers.push(self.offers_for(&member, snapshot, &on_surface)?);
        }
        let contact_plan = match &self.offers.contact {
            Some(_) => Some(self.contact_plan_for(&member, snapshot, options.now)?),
            None => None,
        };
        Ok(CampaignRow { facts: member.facts_value, tier, offers, contact_plan })
    }

    /// Offers chosen over the member's full facts (scores, segment and tags included).
    fn offers_for(&self, member: &Member, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<OffersResult, Error> {
        let input = offers::Member { facts: &member.facts_value, saved_groups: &self.header.saved_groups, snapshot, now: options.now, offset: self.header.offset };
        offers::next_best_offers(&self.offers, &input, options.surface.as_deref(), options.limit, options.explain)
    }

    /// [`Engine::facts`] over JSON text; `options` needs `now`.
    pub fn facts_json(&self, snapshot: &str, options: &str) -> Result<String, Error> {
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        to_json(&self.facts(&snapshot, options.now))
    }

    /// [`Engine::evaluate`] over JSON text.
    pub fn evaluate_json(&self, snapshot: &str, options: &str) -> Result<String, Error> {
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        to_json(&self.evaluate(&snapshot, &options)?)
    }

    /// [`Engine::next_best_offers`] over JSON text.
    pub fn next_best_offers_json(&self, snapshot: &str, options: &str) -> Result<String, Error> {
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        to_json(&self.next_best_offers(&snapshot, &options)?)
    }

    /// [`Engine::contact_plan`] over JSON text.
    pub fn contact_plan_json(&self, snapshot: &str, options: &str) -> Result<String, Error> {
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        to_json(&self.contact_plan(&snapshot, &options)?)
    }

    /// [`Engine::preview_points`] over JSON text: the snapshot, the cart (paths under
    /// `/cart`) and the options (`now`).
    pub fn preview_points_json(&self, snapshot: &str, cart: &str, options: &str) -> Result<String, Error> {
        check_size(cart, "/cart")?;
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        let cart = Cart::from_json(cart, "/cart")?;
        to_json(&self.preview_points(&snapshot, &cart, &options)?)
    }

    /// [`Engine::tier_progress`] over JSON text; `options` needs `now`.
    pub fn tier_progress_json(&self, snapshot: &str, options: &str) -> Result<String, Error> {
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        to_json(&self.tier_progress(&snapshot, &options)?)
    }

    /// [`Engine::tier_progress_after_cart`] over JSON text; cart paths are rooted at `/cart`,
    /// and a different cart in `options.cart` is refused (`conflicting_cart`).
    pub fn tier_progress_after_cart_json(&self, snapshot: &str, cart: &str, options: &str) -> Result<String, Error> {
        check_size(cart, "/cart")?;
        let (snapshot, options) = self.read_inputs(snapshot, options)?;
        let cart = Cart::from_json(cart, "/cart")?;
        check_one_cart(&cart, &options)?;
        to_json(&self.tier_progress_after_cart(&snapshot, &cart, options.now)?)
    }

    /// Compiles a JSON array of conditions with this program's saved groups, to evaluate
    /// over any number of fact sets (see [`ConditionList`]). Issues have paths under
    /// `/conditions/N`, every one of them reported.
    pub fn compile_conditions_json(&self, conditions: &str) -> Result<ConditionList, Error> {
        ConditionList::compile_json_with(conditions, self.header.saved_groups.clone())
    }

    /// [`Engine::program_info`] as JSON text.
    pub fn program_info_json(&self) -> Result<String, Error> {
        to_json(&self.program_info())
    }

    /// [`Engine::rfm_breakpoints`] over JSON text: `snapshots` is an array of snapshots
    /// (paths of their issues start with the index, `/2/orders/0/placed_at`) and `options`
    /// is `{"now": …}`.
    pub fn rfm_breakpoints_json(&self, snapshots: &str, options: &str) -> Result<String, Error> {
        check_size(snapshots, "")?;
        check_size(options, "/options")?;
        let list: Vec<Snapshot> = read::parse_str(snapshots, "")?;
        let issues: Vec<Issue> = list.iter().enumerate().filter_map(|(index, s)| s.check().err().map(|e| e.under(&pointer("", index)))).flat_map(|e| e.into_issues()).collect();
        if let Some(error) = Error::from_issues(issues) {
            return Err(error);
        }
        let options: PopulationOptions = read::parse_str(options, "/options")?;
        to_json(&self.rfm_breakpoints(&list, options.now))
    }

    fn read_inputs(&self, snapshot: &str, options: &str) -> Result<(Snapshot, EvaluateOptions), Error> {
        check_size(snapshot, "")?;
        check_size(options, "/options")?;
        let snapshot = Snapshot::from_json(snapshot)?;
        self.check_snapshot(&snapshot)?;
        let options = read_options(options)?;
        Ok((snapshot, options))
    }
}

/// One member as a campaign list reads it ([`Engine::campaign_row`]).
#[derive(Debug, Clone)]
pub struct CampaignRow {
    /// The full facts as conditions read them.
    pub facts: Value,
    /// The tier progress; `None` without tiers.
    pub tier: Option<TierProgress>,
    /// The offers on each surface asked for, in order.
    pub offers: Vec<OffersResult>,
    /// The contact plan; `None` when the program has no `contact_policy`.
    pub contact_plan: Option<ContactPlan>,
}

/// What the model fits read of one member ([`Engine::model_inputs`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelInputs {
    /// The purchase history in days; `None` without a qualifying order.
    pub history: Option<scores::facts::PurchaseHistory>,
    /// Recency, frequency and monetary value.
    pub rfm: scores::RfmInputs,
}

/// Options of a call over a population of snapshots.
#[derive(crate::json::FromJson)]
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[derive(ToJson)]
#[serde(deny_unknown_fields)]
pub struct PopulationOptions {
    /// The moment to evaluate at.
    pub now: Instant,
}

/// Parses call options; errors carry paths under `/options`.
pub fn read_options(text: &str) -> Result<EvaluateOptions, Error> {
    let options: EvaluateOptions = read::parse_str(text, "/options")?;
    check_options(&options)?;
    Ok(options)
}

/// Checks what deserialising call options cannot: the limits of a cart inside them.
pub fn check_options(options: &EvaluateOptions) -> Result<(), Error> {
    if let Some(cart) = &options.cart {
        cart.check().map_err(|e| e.under("/options/cart"))?;
    }
    Ok(())
}

/// The calls that take a cart argument read that cart, and `evaluate` reads `options.cart`:
/// one cart per call. A different cart also in the options (a preview of `{}` with the real
/// cart in the options) would be silently ignored, so it is refused at `/options/cart`; the
/// same cart in both places (one options object shared by every call) is fine.
fn check_one_cart(cart: &Cart, options: &EvaluateOptions) -> Result<(), Error> {
    let Some(other) = &options.cart else { return Ok(()) };
    if cart == other {
        return Ok(());
    }
    Err(Error::one(
        Code::ConflictingCart,
        "/options/cart",
        "this call previews its cart argument; options.cart holds a different cart, which it would ignore: pass the cart once",
    ))
}

fn check_size(text: &str, path: &str) -> Result<(), Error> {
    crate::limits::check_input_sizes(&[(text, path)])
}

fn to_json<T: ToJson>(value: &T) -> Result<String, Error> {
    crate::json::write::to_json_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    fn json_of(text: &str) -> Result<String, Error> {
        to_json(&serde_json::from_str::<Value>(text).unwrap_or(Value::Null))
    }

    #[test]
    fn rejects_integers_beyond_the_safe_range_and_nothing_else() {
        let safe = r#"{"a":9007199254740991,"b":-9007199254740991,"c":0.30000000000000004,"d":1e300,"s":"99999999999999999999"}"#;
        assert_eq!(json_of(safe).ok().as_deref(), Some(r#"{"a":9007199254740991,"b":-9007199254740991,"c":0.30000000000000004,"d":1e+300,"s":"99999999999999999999"}"#));
        for text in [r#"{"a":9007199254740992}"#, r#"[1,-9007199254740992]"#, r#"{"total":18014398509481982}"#, "18446744073709551615", "-9223372036854775808"] {
            assert_eq!(json_of(text).err().map(|e| e.into_issues().into_iter().map(|i| i.code).collect()), Some(vec![Code::ResultOutOfRange]), "{text}");
        }
    }

    #[test]
    fn compiled_conditions_use_the_program_saved_groups() {
        let engine = Engine::compile_json(r#"{"id":"p","name":{"en":"P"},"currency":"CNY","utc_offset":"+08:00","locales":["en"],"saved_groups":{"staff":["m1"]}}"#);
        let list = engine.as_ref().ok().map(|engine| engine.compile_conditions_json(r#"[{"member_id":{"$inGroup":"staff"}},{"orders_365d":{"$gte":3}}]"#));
        let held = list.and_then(Result::ok).map(|list| list.eval_json(r#"{"member_id":"m1","orders_365d":2}"#));
        assert_eq!(held.and_then(Result::ok), Some(vec![1, 0]));
        let error = engine.ok().and_then(|engine| engine.compile_conditions_json(r#"[{"a":1},{"b":{"$bogus":1}}]"#).err());
        assert_eq!(error.as_ref().map(|e| e.path()), Some("/conditions/1/b/$bogus"));
    }

    #[test]
    fn the_default_program_compiles_without_warnings() {
        let engine = Engine::compile_json(include_str!("defaults/program.json"));
        assert_eq!(engine.map(|engine| engine.warnings().to_vec()), Ok(Vec::new()));
    }

    #[test]
    fn warnings_come_with_errors_and_do_not_stop_compiling() {
        let program = |eligibility: &str| format!(r#"{{"id":"p","currency":"CNY","utc_offset":"+08:00","attributes":{{"vip_level":{{"type":"number"}}}},"offers":[{{"id":"o","title":{{"en":"O"}},"kind":"coupon","purpose":"marketing","channels":["web"],"value":100,"eligibility":{eligibility}}}]}}"#);
        let risky = program(r#"{"days_since_last_order":{"$lte":30},"attributes.vip_level":{"$ne":3}}"#);
        let engine = Engine::compile_json(&risky).unwrap_or_else(|error| panic!("{error}"));
        let found: Vec<(&str, &str, Severity)> = engine.warnings().iter().map(|issue| (issue.code.as_str(), issue.path.as_str(), issue.severity)).collect();
        assert_eq!(
            found,
            vec![
                ("unguarded_nullable_fact", "/offers/0/eligibility/attributes.vip_level", Severity::Warning),
                ("unguarded_nullable_fact", "/offers/0/eligibility/days_since_last_order", Severity::Warning),
            ]
        );
        let broken = program(r#"{"days_since_jion":{"$lte":30},"days_since_last_order":{"$lte":30}}"#);
        let issues: Vec<(String, Severity)> = validate_program_json(&broken).into_iter().map(|issue| (issue.code.as_str().to_string(), issue.severity)).collect();
        assert_eq!(issues, vec![("unknown_fact".to_string(), Severity::Error), ("unguarded_nullable_fact".to_string(), Severity::Warning)]);
        assert_eq!(Engine::compile_json(&broken).err().map(|error| error.issues().len()), Some(1));
        assert_eq!(validate_program_json("{"), vec![Issue::new(Code::InvalidJson, "", "not valid JSON: expected a key at line 1 column 2")]);
    }

    #[test]
    fn snapshots_give_declared_attributes_with_their_type() {
        let engine = Engine::compile_json(r#"{"id":"p","currency":"CNY","utc_offset":"+08:00","attributes":{"vip_level":{"type":"number","description":"CRM level"}}}"#).unwrap_or_else(|error| panic!("{error}"));
        let now = r#"{"now":"2026-11-23T10:00:00+08:00"}"#;
        let error = engine.facts_json(r#"{"member_id":"m1","joined_at":"2026-11-01","attributes":{"vip_level":"3"}}"#, now).err();
        assert_eq!(error.as_ref().map(|error| (error.code(), error.path())), Some((Code::InvalidType, "/attributes/vip_level")));
        let facts = engine.facts_json(r#"{"member_id":"m1","joined_at":"2026-11-01","attributes":{"vip_level":3,"city":"Hangzhou"}}"#, now).unwrap_or_default();
        assert!(facts.contains(r#""attributes":{"city":"Hangzhou","vip_level":3}"#), "{facts}");
    }

    #[test]
    fn program_info_carries_the_currency_digits_and_locales() {
        let engine = Engine::compile_json(r#"{"id":"jp","version":"3","name":{"ja":"ポイント"},"currency":"JPY","utc_offset":"+09:00","locales":["ja","en"]}"#);
        let info = engine.map(|engine| engine.program_info_json());
        assert_eq!(
            info.ok().and_then(Result::ok).as_deref(),
            Some(r#"{"id":"jp","version":"3","name":{"ja":"ポイント"},"currency":"JPY","minor_digits":0,"utc_offset":"+09:00","locales":["ja","en"]}"#)
        );
    }
}
