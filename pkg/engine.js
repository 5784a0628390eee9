// The thin JavaScript API over the wasm core, shared by the browser entry (index.js) and the
// Node entry (node.js). Inputs cross as JSON text and results come back as JSON text: one
// JSON.stringify in, one JSON.parse out, no domain logic here. Errors thrown by the core are
// plain objects {code, path, message, issues}; they become TierwiseError.
import * as core from "./wasm/tierwise_core.js";

let ready = false;

/** Marks the wasm core as instantiated; called by the entries once init has finished. */
export function markReady() {
  ready = true;
}

/** Whether the wasm core is instantiated. */
export function isReady() {
  return ready;
}

/**
 * The one error type of tierwise: a real `Error` with a stable `code`, the JSON pointer
 * `path` of the first problem, and every problem found in `issues`.
 *
 * ```js
 * try { Engine.compile(program); } catch (error) {
 *   if (error instanceof TierwiseError) console.log(error.code, error.path, error.issues);
 * }
 * ```
 */
export class TierwiseError extends Error {
  constructor(message, { code, path = "", issues } = {}) {
    super(message);
    this.name = "TierwiseError";
    this.code = code;
    this.path = path;
    this.issues = issues ?? [{ code, path, message }];
  }
}

function failure(code, message) {
  return new TierwiseError(message, { code, path: "" });
}

function fromCore(thrown) {
  if (thrown !== null && typeof thrown === "object" && typeof thrown.code === "string" && !(thrown instanceof Error)) {
    return new TierwiseError(thrown.message, { code: thrown.code, path: thrown.path, issues: thrown.issues });
  }
  return thrown;
}

/** The instantiated core, or a clear error when init() has not run yet. */
function wasm() {
  if (!ready) {
    throw failure("not_initialized", "tierwise is not initialised: call `await init()` before using it");
  }
  return core;
}

function toJson(value) {
  let text;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw failure("invalid_json", `the input cannot be written as JSON: ${error.message}`);
  }
  return text;
}

/** Runs a call into the core, turning what it throws into TierwiseError. */
function guarded(run) {
  try {
    return run();
  } catch (thrown) {
    throw fromCore(thrown);
  }
}

/** Runs a call into the core that returns JSON text, and parses the result. */
function call(run) {
  return JSON.parse(guarded(run));
}

/**
 * A compiled loyalty program, reused for every member.
 *
 * ```js
 * const engine = Engine.compile(program);
 * const facts = engine.facts(snapshot, { now: "2026-11-23T10:00:00+08:00" });
 * ```
 */
export class Engine {
  #raw;

  constructor(raw) {
    if (!(raw instanceof core.WasmEngine)) {
      throw new TypeError("use Engine.compile(program) to create an Engine");
    }
    this.#raw = raw;
  }

  /** Validates and compiles a program; throws a TierwiseError listing every issue. */
  static compile(program) {
    const text = toJson(program);
    const { WasmEngine } = wasm();
    try {
      return new Engine(WasmEngine.compile(text));
    } catch (thrown) {
      throw fromCore(thrown);
    }
  }

  /** The facts view of a snapshot at `options.now`. */
  facts(snapshot, options) { return this.#run("facts", snapshot, options); }

  /** Everything a member page shows. */
  evaluate(snapshot, options) { return this.#run("evaluate", snapshot, options); }

  /** Where the member stands against the tiers: next tier, metrics, deadline, pace, requalification. */
  tierProgress(snapshot, options) { return this.#run("tierProgress", snapshot, options); }

  /** What placing `cart` now would do to the member's tier. */
  tierProgressAfterCart(snapshot, cart, options) { return this.#run("tierProgressAfterCart", snapshot, cart, options); }

  /** What `cart` would earn, line by line, when the points become usable and expire. */
  previewPoints(snapshot, cart, options) { return this.#run("previewPoints", snapshot, cart, options); }

  /** The offers to show on `options.surface`, and why every other offer is not shown. */
  nextBestOffers(snapshot, options) { return this.#run("nextBestOffers", snapshot, options); }

  /** Releases the compiled program's memory now instead of at garbage collection. */
  free() {
    this.#raw?.free();
    this.#raw = undefined;
  }

  /** `using engine = Engine.compile(program)` frees it at the end of the block. */
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.free();
  }

  /** Calls the core's `method` with every input as JSON text. */
  #run(method, ...inputs) {
    const texts = inputs.map(toJson);
    if (this.#raw === undefined) {
      throw failure("engine_freed", "this Engine was freed; compile the program again");
    }
    return call(() => this.#raw[method](...texts));
  }
}

/**
 * Every issue of a program, without throwing; empty when it compiles.
 *
 * ```js
 * for (const issue of validateProgram(program)) console.log(issue.path, issue.message);
 * ```
 */
export function validateProgram(program) {
  const text = toJson(program);
  return call(() => wasm().validateProgram(text));
}

/**
 * Whether a condition holds over facts; `savedGroups` serve `$inGroup` / `$notInGroup`.
 *
 * ```js
 * evalCondition({ orders_365d: { $gte: 3 } }, engine.facts(snapshot, { now })); // true
 * ```
 */
export function evalCondition(condition, facts, savedGroups = {}) {
  const texts = [condition, facts, savedGroups].map(toJson);
  return guarded(() => wasm().evalCondition(...texts));
}

/**
 * The evaluated condition as a tree: for each clause, whether it held and the value it saw.
 *
 * ```js
 * explainCondition({ spend_90d: { $gte: 50000 } }, { spend_90d: 18000 });
 * // { held: false, operator: "$gte", path: "spend_90d", expected: 50000, actual: 18000 }
 * ```
 */
export function explainCondition(condition, facts, savedGroups = {}) {
  const texts = [condition, facts, savedGroups].map(toJson);
  return call(() => wasm().explainCondition(...texts));
}

/**
 * GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or undefined for a version
 * other than 1 or 2. Experiment arms are assigned with it, identically in every runtime.
 */
export function hash(seed, value, version) {
  return guarded(() => wasm().hash(seed, value, version));
}

/** GrowthBook's `chooseVariation(n, ranges)`: the index of the range holding `n`, or -1. */
export function chooseArm(n, ranges) {
  return guarded(() => wasm().chooseArm(n, ranges));
}

/** GrowthBook's `getBucketRanges(numVariations, coverage?, weights?)`. */
export function bucketRanges(numVariations, coverage, weights) {
  return guarded(() => wasm().bucketRanges(numVariations, coverage, weights));
}

/** The version of the tierwise core. */
export function version() {
  return wasm().version();
}
