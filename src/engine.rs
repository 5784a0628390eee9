//! The engine: a program compiled once, evaluated for many members.
//!
//! `Engine::compile` validates the whole program and reports every issue. Per-member calls
//! take a snapshot and options (`now`, and for some calls a cart, surface or limit) and
//! run the pipeline snapshot → facts → … in one direction. The `*_json` entry points are
//! what the wasm boundary and the shared test vectors call: JSON text in, JSON text out.

use crate::error::{pointer, Error, Issue};
use crate::facts::{self, Facts, FactsConfig};
use crate::member::{self, Member, MemberFacts, MemberScores};
use crate::program::{self, ProgramHeader};
use crate::read::{self, CompileContext};
use crate::scores::{self, RfmBreakpoints, ScoresSpec};
use crate::segments::Segmentation;
use crate::snapshot::{Cart, Snapshot};
use crate::time::Instant;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Options of a per-member call.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
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
    /// How many offers to return at most.
    #[serde(default)]
    pub limit: Option<u32>,
}

/// Everything a member page shows, computed in one pass.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Page {
    /// Program id and version the page was computed with.
    pub program: ProgramRef,
    /// The instant evaluated at.
    pub now: Instant,
    /// The full facts view: base facts, score facts, `segment` and `tags`.
    pub facts: MemberFacts,
    /// Scores, segment and tags, with the clauses that decided them.
    pub scores: MemberScores,
}

/// Identifies the program a result was computed with.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ProgramRef {
    /// Program id.
    pub id: String,
    /// Program version.
    pub version: Option<String>,
}

/// A compiled program.
#[derive(Debug, Clone)]
pub struct Engine {
    header: ProgramHeader,
    facts_config: FactsConfig,
    scores: ScoresSpec,
    segmentation: Segmentation,
}

/// Validates a program and returns every issue (empty when it compiles).
pub fn validate_program(program: &Value) -> Vec<Issue> {
    match Engine::compile(program) {
        Ok(_) => Vec::new(),
        Err(error) => error.issues,
    }
}

/// [`validate_program`] over JSON text.
pub fn validate_program_json(text: &str) -> Vec<Issue> {
    match Engine::compile_json(text) {
        Ok(_) => Vec::new(),
        Err(error) => error.issues,
    }
}

impl Engine {
    /// Compiles a program, reporting **all** issues at once.
    pub fn compile(program: &Value) -> Result<Engine, Error> {
        let Value::Object(map) = program else {
            return Err(Error::one("invalid_type", "", format!("a program must be a JSON object, got {}", read::json_type(program))));
        };
        let mut ctx = CompileContext::default();
        for key in map.keys() {
            if !program::HEADER_KEYS.contains(&key.as_str()) {
                ctx.report("unknown_field", pointer("", key), format!("unknown field `{key}`"));
            }
        }
        let header = program::compile_header(map, &mut ctx);
        let scores = scores::spec::compile(map.get("scores"), &mut ctx);
        let segmentation = Segmentation::compile(map.get("segments"), map.get("tags"), &mut ctx);
        if let Some(error) = Error::from_issues(ctx.issues) {
            return Err(error);
        }
        let (Some(header), Some(scores)) = (header, scores) else {
            return Err(Error::one("invalid_program", "", "the program could not be compiled"));
        };
        let facts_config = FactsConfig {
            offset: header.offset,
            excluded_categories: header.excluded_categories.clone(),
            expiry_warning_days: header.facts.expiry_warning_days,
        };
        Ok(Engine { header, facts_config, scores, segmentation })
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

    /// The base facts of `snapshot` at `now`: what the snapshot alone says, before scores,
    /// segment and tags.
    pub fn base_facts(&self, snapshot: &Snapshot, now: Instant) -> Facts {
        facts::derive(&self.facts_config, snapshot, now, |lot| lot.expires_at)
    }

    /// Runs the facts pipeline for one member: base facts → score facts → segment (over
    /// both) → tags (over both and `segment`).
    pub fn member(&self, snapshot: &Snapshot, now: Instant) -> Member {
        let base = self.base_facts(snapshot, now);
        let scores = scores::facts::derive(&self.scores, &self.facts_config, snapshot, now);
        member::assemble(base, scores, &self.segmentation, &self.header.saved_groups)
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

    /// Everything a member page shows.
    pub fn evaluate(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<Page, Error> {
        let member = self.member(snapshot, options.now);
        Ok(Page {
            program: ProgramRef { id: self.header.id.clone(), version: self.header.version.clone() },
            now: options.now.in_offset(self.header.offset),
            facts: member.facts,
            scores: member.scores,
        })
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

    /// [`Engine::rfm_breakpoints`] over JSON text: `snapshots` is an array of snapshots
    /// (paths of their issues start with the index, `/2/orders/0/placed_at`) and `options`
    /// is `{"now": …}`.
    pub fn rfm_breakpoints_json(&self, snapshots: &str, options: &str) -> Result<String, Error> {
        check_size(snapshots, "")?;
        check_size(options, "/options")?;
        let list: Vec<Snapshot> = read::parse_str(snapshots, "")?;
        let issues: Vec<Issue> = list.iter().enumerate().filter_map(|(index, s)| s.check().err().map(|e| e.under(&pointer("", index)))).flat_map(|e| e.issues).collect();
        if let Some(error) = Error::from_issues(issues) {
            return Err(error);
        }
        let options: PopulationOptions = read::parse_str(options, "/options")?;
        to_json(&self.rfm_breakpoints(&list, options.now))
    }

    fn read_inputs(&self, snapshot: &str, options: &str) -> Result<(Snapshot, EvaluateOptions), Error> {
        check_size(snapshot, "")?;
        check_size(options, "")?;
        let snapshot = Snapshot::from_json(snapshot)?;
        let options = read_options(options)?;
        Ok((snapshot, options))
    }
}

/// Options of a call over a population of snapshots.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PopulationOptions {
    /// The moment to evaluate at.
    pub now: Instant,
}

/// Parses call options; errors carry paths under `/options`.
pub fn read_options(text: &str) -> Result<EvaluateOptions, Error> {
    let options: EvaluateOptions = read::parse_str(text, "/options")?;
    if let Some(cart) = &options.cart {
        cart.check().map_err(|e| e.under("/options/cart"))?;
    }
    Ok(options)
}

fn check_size(text: &str, path: &str) -> Result<(), Error> {
    if text.len() > crate::limits::MAX_INPUT_BYTES {
        return Err(Error::one("input_too_large", path, format!("inputs are limited to {} bytes", crate::limits::MAX_INPUT_BYTES)));
    }
    Ok(())
}

fn to_json<T: Serialize>(value: &T) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| Error::one("internal_error", "", format!("could not serialise the result: {e}")))
}
