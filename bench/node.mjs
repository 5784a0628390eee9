// The Node benchmarks: tierwise through its npm package (pkg/) against the input floor and
// against GrowthBook and json-rules-engine, scaling, batch throughput, start-up and sizes.
//
//   node bench/node.mjs --out target/bench/node.json [--objects DIR] [--quick]
//
// `--objects DIR` names a build of the wasm core with the `object-boundary` feature
// (tierwise_core.js + tierwise_core_bg.wasm); without it the object boundary is skipped.
// Every figure is a median over repeated samples (see measure.mjs).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { fileURLToPath } from "node:url";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import { createRequire } from "node:module";
import * as workload from "./workload.mjs";
import { measure, measureAsync, summarise } from "./measure.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BENCH = fileURLToPath(new URL(".", import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const quick = args.includes("--quick");
const samples = quick ? 9 : 21;
const out = option("--out") ?? join(ROOT, "target/bench/node.json");
const objectsDir = option("--objects");

const tierwise = await import(join(ROOT, "pkg/node.js"));
const core = await import(join(ROOT, "pkg/wasm/tierwise_core.js"));
const { Engine } = tierwise;
const { evalCondition: gbEvalCondition } = await import("@growthbook/growthbook");
const { Engine: RulesEngine } = createRequire(import.meta.url)("json-rules-engine");

const results = { node: process.version, v8: process.versions.v8 };
const log = (...parts) => process.stderr.write(`${parts.join(" ")}\n`);
const time = (fn, extra = {}) => measure(fn, { samples, ...extra });

// --- input floor -----------------------------------------------------------------------------
log("input floor");
const engine100 = Engine.compile(workload.program(100));
const snapshots = Object.fromEntries([10, 100, 1000, 10000].map((n) => [n, workload.snapshot(n)]));
const texts = Object.fromEntries(Object.entries(snapshots).map(([n, s]) => [n, JSON.stringify(s)]));
let objectCore;
if (objectsDir) {
  objectCore = await import(join(objectsDir, "tierwise_core.js"));
  objectCore.initSync({ module: readFileSync(join(objectsDir, "tierwise_core_bg.wasm")) });
}
const objectEngine = objectCore?.WasmEngine.compile(JSON.stringify(workload.program(100)));
const optionsText = JSON.stringify(workload.OPTIONS);
results.floor = {};
for (const n of [10, 100, 1000]) {
  const snapshot = snapshots[n];
  const text = texts[n];
  const page = engine100.evaluate(snapshot, workload.OPTIONS);
  const row = {
    snapshot_bytes: Buffer.byteLength(text),
    page_bytes: Buffer.byteLength(JSON.stringify(page)),
    json_parse: time(() => JSON.parse(text)),
    evaluate: time(() => engine100.evaluate(snapshot, workload.OPTIONS)),
    // The pieces of the package call, to show where the time goes.
    stringify: time(() => JSON.stringify(snapshot)),
    parse_page: time(() => JSON.parse(JSON.stringify(page))),
  };
  // The page as text from the wasm core, byte for byte against the native build's.
  const nativePage = join(ROOT, `target/bench/outputs/evaluate-100-${n}.json`);
  try {
    const rawEngine = core.WasmEngine.compile(JSON.stringify(workload.program(100)));
    row.identical_to_native = rawEngine.evaluate(text, optionsText) === readFileSync(nativePage, "utf8");
    rawEngine.free();
  } catch {
    row.identical_to_native = null;
  }
  if (objectEngine) {
    const viaJson = () => JSON.parse(objectEngine.evaluate(JSON.stringify(snapshot), optionsText));
    const viaObjects = () => objectEngine.evaluateValue(snapshot, workload.OPTIONS);
    row.same_output = isDeepStrictEqual(viaJson(), viaObjects()) && isDeepStrictEqual(viaJson(), page);
    // Interleaved, so that a change in machine load hits both alike.
    const json = [];
    const objects = [];
    for (let round = 0; round < 3; round++) {
      json.push(time(viaJson, { samples: 7 }).median);
      objects.push(time(viaObjects, { samples: 7 }).median);
    }
    row.boundary_json = summarise(json);
    row.boundary_objects = summarise(objects);
  }
  results.floor[n] = row;
  log(`  ${n} orders: evaluate ${row.evaluate.median.toFixed(0)} µs, JSON.parse ${row.json_parse.median.toFixed(1)} µs`);
}

// --- conditions --------------------------------------------------------------------------------
log("conditions");
const facts = engine100.facts(snapshots[100], { now: workload.NOW });
const conditions = workload.conditions(100);

/** The same condition for json-rules-engine: `all`/`any` of `{fact, path, operator, value}`. */
function toRule(condition) {
  const operators = { $gte: "greaterThanInclusive", $lte: "lessThanInclusive", $gt: "greaterThan", $lt: "lessThan", $in: "in", $nin: "notIn", $eq: "equal", $ne: "notEqual", $exists: "exists" };
  const clause = (path, test) => {
    const [fact, ...rest] = path.split(".");
    const entries = test !== null && typeof test === "object" && !Array.isArray(test) ? Object.entries(test) : [["$eq", test]];
    const leaves = entries.map(([op, value]) => ({ fact, ...(rest.length ? { path: `$.${rest.join(".")}` } : {}), operator: operators[op], value }));
    return leaves.length === 1 ? leaves[0] : { all: leaves };
  };
  const node = (set) => {
    const parts = Object.entries(set).map(([key, value]) => {
      if (key === "$and") return { all: value.map(node) };
      if (key === "$or") return { any: value.map(node) };
      return clause(key, value);
    });
    return parts.length === 1 ? parts[0] : { all: parts };
  };
  const top = node(condition);
  return top.all || top.any ? top : { all: [top] };
}

const rules = new RulesEngine([], { allowUndefinedFacts: true });
rules.addOperator("exists", (value, wanted) => (value !== undefined && value !== null) === wanted);
conditions.forEach((condition, index) => rules.addRule({ conditions: toRule(condition), event: { type: String(index) }, priority: 1 }));

const growthbookAll = () => conditions.map((condition) => gbEvalCondition(facts, condition));
const packageAll = () => conditions.map((condition) => tierwise.evalCondition(condition, facts));
const compiledList = tierwise.Conditions.compile(conditions);
const compiledAll = () => compiledList.eval(facts);
const batchAll = () => tierwise.evalConditions(conditions, facts);
const rulesAll = async () => {
  const { results: held } = await rules.run(facts);
  const flags = new Array(conditions.length).fill(false);
  for (const result of held) flags[Number(result.event.type)] = true;
  return flags;
};

const expected = growthbookAll();
const agree = (flags) => flags.every((flag, index) => Boolean(flag) === expected[index]);
results.conditions = {
  count: conditions.length,
  holding: expected.filter(Boolean).length,
  agreement: {
    tierwise_package: agree(packageAll()),
    tierwise_compiled: agree(Array.from(compiledAll())),
    tierwise_batch: agree(Array.from(batchAll())),
    json_rules_engine: agree(await rulesAll()),
  },
  growthbook: time(growthbookAll),
  json_rules_engine: await measureAsync(rulesAll, { samples }),
  tierwise_package: time(packageAll),
  tierwise_batch: time(batchAll),
  tierwise_compiled: time(compiledAll),
  facts_stringify: time(() => JSON.stringify(facts)),
};
log(`  growthbook ${results.conditions.growthbook.median.toFixed(1)} µs, compiled list ${results.conditions.tierwise_compiled.median.toFixed(1)} µs`);

// --- scaling -------------------------------------------------------------------------------------
log("scaling");
results.scaling = { orders: {}, offers: {} };
for (const n of [10, 100, 1000, 10000]) {
  results.scaling.orders[n] = time(() => engine100.evaluate(snapshots[n], workload.OPTIONS), n >= 10000 ? { samples: Math.min(samples, 9), sampleMs: 100 } : {});
}
for (const n of [10, 100, 1000]) {
  const engine = n === 100 ? engine100 : Engine.compile(workload.program(n));
  results.scaling.offers[n] = time(() => engine.evaluate(snapshots[100], workload.OPTIONS));
  if (engine !== engine100) engine.free();
}

// --- batch -----------------------------------------------------------------------------------------
log("batch");
const members = JSON.parse(readFileSync(join(ROOT, "target/bench/batch.json"), "utf8"));
const rates = [];
for (let round = 0; round < (quick ? 3 : 7); round++) {
  const start = performance.now();
  for (const member of members) engine100.evaluate(member, workload.OPTIONS);
  rates.push(members.length / ((performance.now() - start) / 1000));
}
results.batch = { members: members.length, snapshots_per_second: summarise(rates).median };

const cdnow = JSON.parse(readFileSync(join(ROOT, "target/bench/cdnow.json"), "utf8"));
const bg = JSON.stringify(cdnow.params.bgnbd);
const gg = JSON.stringify(cdnow.params.gamma_gamma);
const horizon = cdnow.params.horizon_weeks;
const scoreAll = () =>
  cdnow.customers.map(({ x, t_x, T, monetary }) => [
    core.bgnbdProbabilityAlive(bg, x, t_x, T),
    core.bgnbdExpectedPurchases(bg, horizon, x, t_x, T),
    core.gammaGammaExpectedValue(gg, x, monetary),
  ]);
const scored = scoreAll();
writeFileSync(join(ROOT, "target/bench/cdnow-node.json"), JSON.stringify(scored));
results.cdnow = { customers: cdnow.customers.length, scoring: time(scoreAll, { samples: Math.min(samples, 11), sampleMs: 100 }) };

// --- start-up in Node: a fresh process per sample ---------------------------------------------------
log("start-up");
const startScript = `
  const { readFileSync } = await import("node:fs");
  const t0 = performance.now();
  const bytes = readFileSync(${JSON.stringify(join(ROOT, "pkg/wasm/tierwise_core_bg.wasm"))});
  const glue = await import(${JSON.stringify(join(ROOT, "pkg/wasm/tierwise_core.js"))});
  const t1 = performance.now();
  const module = new WebAssembly.Module(bytes);
  const t2 = performance.now();
  glue.initSync({ module });
  const t3 = performance.now();
  const engine = glue.WasmEngine.compile(readFileSync(${JSON.stringify(join(ROOT, "src/defaults/program.json"))}, "utf8"));
  const t4 = performance.now();
  JSON.parse(engine.evaluate(${JSON.stringify(texts[100])}, ${JSON.stringify(optionsText)}));
  const t5 = performance.now();
  console.log(JSON.stringify({ load: t1 - t0, compile: t2 - t1, instantiate: t3 - t2, compile_program: t4 - t3, first_evaluate: t5 - t4 }));
`;
const starts = [];
for (let i = 0; i < (quick ? 5 : 11); i++) {
  starts.push(JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", startScript], { encoding: "utf8" })));
}
const startOf = (key) => summarise(starts.map((s) => s[key]).map((ms) => ms * 1000));
results.start = Object.fromEntries(["load", "compile", "instantiate", "compile_program", "first_evaluate"].map((key) => [key, startOf(key)]));

// --- sizes -------------------------------------------------------------------------------------------
log("sizes");
const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
});
const concat = (files) => Buffer.concat(files.map((file) => readFileSync(file)));
const gbDir = join(BENCH, "node_modules/@growthbook/growthbook");
const zenDir = join(BENCH, "node_modules/@gorules/zen-engine-wasm/dist");
const jreDir = join(BENCH, "node_modules/json-rules-engine/dist");
const packageJson = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
results.sizes = {
  tierwise_wasm: sizes(readFileSync(join(ROOT, "pkg/wasm/tierwise_core_bg.wasm"))),
  tierwise_js: sizes(concat(["pkg/wasm/tierwise_core.js", "pkg/engine.js", "pkg/index.js"].map((file) => join(ROOT, file)))),
  zen_wasm: { version: packageJson(join(zenDir, "..")).version, ...sizes(readFileSync(join(zenDir, "zen_engine_wasm_bg.wasm"))) },
  zen_js: sizes(readFileSync(join(zenDir, "zen_engine_wasm.js"))),
  growthbook_js: { version: packageJson(gbDir).version, file: "dist/bundles/esm.min.js", ...sizes(readFileSync(join(gbDir, "dist/bundles/esm.min.js"))) },
  json_rules_engine_js: {
    version: packageJson(join(jreDir, "..")).version,
    ...sizes(concat(readdirSync(jreDir).filter((file) => file.endsWith(".js")).map((file) => join(jreDir, file)))),
  },
};
results.versions = {
  growthbook: packageJson(gbDir).version,
  json_rules_engine: packageJson(join(jreDir, "..")).version,
  zen_engine_wasm: packageJson(join(zenDir, "..")).version,
};

writeFileSync(out, JSON.stringify(results, null, 2));
log(`wrote ${out}`);
