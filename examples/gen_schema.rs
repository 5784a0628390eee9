//! Writes the JSON Schemas the npm package ships, generated from the Rust types so they
//! cannot drift from what the engine accepts and returns.
//!
//! ```text
//! cargo run --example gen_schema -- <out-dir>
//! ```
//!
//! - `program.schema.json`: the program (editor autocompletion, validation in the demo);
//! - `types.schema.json`: every input and output type under `definitions`, from which the
//!   build generates the package's TypeScript declarations.
//!
//! Inputs are described as they are read (optional fields may be left out); outputs as
//! they are written (every field present, `null` when empty).

use schemars::generate::{Contract, SchemaSettings};
use schemars::{JsonSchema, SchemaGenerator};
use serde_json::{json, Map, Value};
use std::path::PathBuf;
use std::process::ExitCode;
use tierwise::condition::Explanation;
use tierwise::contact::ContactPlan;
use tierwise::engine::{EvaluateOptions, Page, PopulationOptions, ProgramInfo};
use tierwise::facts::Facts;
use tierwise::member::MemberFacts;
use tierwise::offers::OffersResult;
use tierwise::points::PointsPreview;
use tierwise::program::ProgramSpec;
use tierwise::scores::json::ClvInput;
use tierwise::scores::{BgNbdParams, GammaGammaParams, RfmBreakpoints};
use tierwise::snapshot::{Cart, Snapshot};
use tierwise::tier::{TierAfterCart, TierProgress};
use tierwise::Issue;

fn settings(contract: Contract) -> SchemaSettings {
    SchemaSettings::draft07().with(|settings| settings.contract = contract)
}

/// Collects named types of one contract, each as a reference into `definitions`.
struct Collector {
    generator: SchemaGenerator,
    roots: Vec<String>,
}

impl Collector {
    fn new(contract: Contract) -> Collector {
        Collector { generator: settings(contract).into_generator(), roots: Vec::new() }
    }

    fn add<T: JsonSchema>(&mut self) -> &mut Collector {
        let _ = self.generator.subschema_for::<T>();
        self.roots.push(T::schema_name().into_owned());
        self
    }
}

fn merge(into: &mut Map<String, Value>, from: Map<String, Value>) -> Result<(), String> {
    for (name, schema) in from {
        match into.get(&name) {
            Some(existing) if *existing != schema => {
                return Err(format!("type `{name}` reads and writes differently; give one of them its own schema name"));
            }
            _ => {
                into.insert(name, schema);
            }
        }
    }
    Ok(())
}

fn all_types() -> Result<Value, String> {
    let mut inputs = Collector::new(Contract::Deserialize);
    inputs
        .add::<ProgramSpec>()
        .add::<Snapshot>()
        .add::<Cart>()
        .add::<EvaluateOptions>()
        .add::<PopulationOptions>()
        .add::<BgNbdParams>()
        .add::<GammaGammaParams>()
        .add::<ClvInput>();
    let mut outputs = Collector::new(Contract::Serialize);
    outputs
        .add::<Page>()
        .add::<Facts>()
        .add::<MemberFacts>()
        .add::<TierProgress>()
        .add::<TierAfterCart>()
        .add::<PointsPreview>()
        .add::<OffersResult>()
        .add::<ContactPlan>()
        .add::<Issue>()
        .add::<Explanation>()
        .add::<ProgramInfo>()
        .add::<RfmBreakpoints>();

    let mut definitions = Map::new();
    merge(&mut definitions, inputs.generator.take_definitions(true))?;
    merge(&mut definitions, outputs.generator.take_definitions(true))?;
    let properties: Map<String, Value> =
        inputs.roots.iter().chain(&outputs.roots).map(|name| (name.clone(), json!({ "$ref": format!("#/definitions/{name}") }))).collect();
    Ok(json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "TierwiseTypes",
        "description": "Every type crossing the tierwise API; generated from the Rust types.",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
        "definitions": definitions,
    }))
}

fn write(dir: &std::path::Path, name: &str, value: &Value) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n";
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let dir = PathBuf::from(std::env::args().nth(1).ok_or("usage: gen_schema <out-dir>")?);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let program = settings(Contract::Deserialize).into_generator().into_root_schema_for::<ProgramSpec>();
    write(&dir, "program.schema.json", program.as_value())?;
    write(&dir, "types.schema.json", &all_types()?)
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("gen_schema: {message}");
            ExitCode::FAILURE
        }
    }
}
