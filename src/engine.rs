//! The engine: a program compiled once, evaluated for many members.
//!
//! `Engine::compile` validates the whole program and reports every issue. Per-member calls
//! take a snapshot and options (`now`, and for some calls a cart, surface or limit) and
//! run the pipeline snapshot → facts → … in one direction. The `*_json` entry points are
//! what the wasm boundary and the shared test vectors call: JSON text in, JSON text out.

use crate::error::{pointer, Error, Issue};
use crate::facts::{self, Facts, FactsConfig};
use crate::offers::{self, CompiledOffers, OffersResult};
use crate::program::{self, ProgramHeader};
use crate::read::{self, CompileContext};
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
    /// The facts view.
    pub facts: Facts,
    /// Next-best-offers for the options' surface (`member_page` when absent).
    pub offers: OffersResult,
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
    offers: CompiledOffers,
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
            if !program::HEADER_KEYS.contains(&key.as_str()) && !offers::PROGRAM_KEYS.contains(&key.as_str()) {
                ctx.report("unknown_field", pointer("", key), format!("unknown field `{key}`"));
            }
        }
        let header = program::compile_header(map, &mut ctx);
        let offers = header.as_ref().map(|header| offers::compile(map, header, &mut ctx));
        if let Some(error) = Error::from_issues(ctx.issues) {
            return Err(error);
        }
        let (Some(header), Some(offers)) = (header, offers) else {
            return Err(Error::one("invalid_program", "", "the program could not be compiled"));
        };
        let facts_config = FactsConfig {
            offset: header.offset,
            excluded_categories: header.excluded_categories.clone(),
            expiry_warning_days: header.facts.expiry_warning_days,
        };
        Ok(Engine { header, facts_config, offers })
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

    /// The facts of `snapshot` at `now`.
    pub fn facts(&self, snapshot: &Snapshot, now: Instant) -> Facts {
        facts::derive(&self.facts_config, snapshot, now, |lot| lot.expires_at)
    }

    /// Everything a member page shows.
    pub fn evaluate(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<Page, Error> {
        let facts = self.facts(snapshot, options.now);
        let offers = self.offers_from_facts(&facts, snapshot, options)?;
        Ok(Page {
            program: ProgramRef { id: self.header.id.clone(), version: self.header.version.clone() },
            now: options.now.in_offset(self.header.offset),
            facts,
            offers,
        })
    }

    /// The offers the member should see on `options.surface` (`member_page` when absent),
    /// at most `options.limit` (the surface's limit when absent), and why every other offer
    /// is not shown. Fails only for an unknown surface.
    pub fn next_best_offers(&self, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<OffersResult, Error> {
        let facts = self.facts(snapshot, options.now);
        self.offers_from_facts(&facts, snapshot, options)
    }

    fn offers_from_facts(&self, facts: &Facts, snapshot: &Snapshot, options: &EvaluateOptions) -> Result<OffersResult, Error> {
        let facts = facts::to_value(facts);
        let member = offers::Member { facts: &facts, saved_groups: &self.header.saved_groups, snapshot, now: options.now, offset: self.header.offset };
        offers::next_best_offers(&self.offers, &member, options.surface.as_deref(), options.limit)
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

    fn read_inputs(&self, snapshot: &str, options: &str) -> Result<(Snapshot, EvaluateOptions), Error> {
        check_size(snapshot, "")?;
        check_size(options, "")?;
        let snapshot = Snapshot::from_json(snapshot)?;
        let options = read_options(options)?;
        Ok((snapshot, options))
    }
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
