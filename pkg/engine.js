// The thin JavaScript API over the wasm core, shared by the browser entry (index.js) and the
// Node entry (node.js). Inputs cross as JSON text and results come back as JSON text: one
// JSON.stringify in, one JSON.parse out, no domain logic here. Errors thrown by the core are
// plain objects {code, path, message, issues}; they become TierwiseError.
import * as core from "./wasm/tierwise_core.js";

let ready = false;
let memory;

/**
 * Marks the wasm core as instantiated; called by the entries once init has finished, with
 * the instance's exports (their `memory` serves `wasmMemoryBytes`).
 */
export function markReady(exports) {
  memory = exports?.memory;
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
    this.issues = issues ?? [{ code, path, message, severity: "error" }];
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

/** A JSON-pointer token: `~` and `/` escaped. */
function pointerToken(key) {
  // replace with a global pattern rather than replaceAll (ES2021), which older mini-program
  // runtimes lack.
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * The JSON pointer (under `prefix`) of the first NaN or ±Infinity in `value`, in the order
 * `JSON.stringify` writes it (so `toJSON` and skipped values count as they do there), or
 * `undefined` when there is none.
 */
function nonFinitePath(value, prefix) {
  const paths = new Map();
  let found;
  JSON.stringify(value, function (key, inner) {
    if (found !== undefined) return undefined;
    const holder = paths.get(this);
    const path = holder === undefined ? prefix : `${holder}/${pointerToken(key)}`;
    if (typeof inner === "number" && !Number.isFinite(inner)) {
      found = { path, value: inner };
      return undefined;
    }
    if (inner !== null && typeof inner === "object") paths.set(inner, path);
    return inner;
  });
  return found;
}

/**
 * Writes an input as JSON text for the core. `JSON.stringify` writes NaN and ±Infinity as
 * `null`, which an optional field would read as "not given"; they are refused here with the
 * field's path (`prefix` is where the core roots this input's paths). The search runs only
 * when the text holds a `null` at all, so ordinary inputs pay one `includes`.
 */
function toJson(value, prefix = "") {
  let text;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw failure("invalid_json", `the input cannot be written as JSON: ${error.message}`);
  }
  if (text !== undefined && text.includes("null")) {
    const found = nonFinitePath(value, prefix);
    if (found !== undefined) {
      const message = `must be a finite number, got ${found.value} (JSON has no NaN or Infinity: JSON.stringify would send null)`;
      throw new TierwiseError(`${found.path}: ${message} (not_finite)`, { code: "not_finite", path: found.path, issues: [{ code: "not_finite", path: found.path, message, severity: "error" }] });
    }
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

/** Where the core roots the paths of a per-member call's inputs, with and without a cart. */
const WITH_CART = ["", "/cart", "/options"];
const WITHOUT_CART = ["", "/options"];

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

  /** Everything a member page shows; `options.explain: "full"` explains suppressed offers in full. */
  evaluate(snapshot, options) { return this.#run("evaluate", snapshot, options); }

  /** Where the member stands against the tiers: next tier, metrics, deadline, pace, requalification. */
  tierProgress(snapshot, options) { return this.#run("tierProgress", snapshot, options); }

  /** What placing `cart` now would do to the member's tier. */
  tierProgressAfterCart(snapshot, cart, options) { return this.#run("tierProgressAfterCart", snapshot, cart, options); }

  /** What `cart` would earn, line by line, when the points become usable and expire. */
  previewPoints(snapshot, cart, options) { return this.#run("previewPoints", snapshot, cart, options); }

  /**
   * The offers to show on `options.surface`, and why every other offer is not shown (its
   * reason code and hint; the whole reason with `options.explain: "full"`).
   */
  nextBestOffers(snapshot, options) { return this.#run("nextBestOffers", snapshot, options); }

  /**
   * For each outbound channel of the program's contact policy, the single best offer to
   * send at `options.now`, or none with the reason and the earliest moment one could go out.
   *
   * ```js
   * for (const { channel, status, offer, next_at } of engine.contactPlan(snapshot, { now }).channels) {
   *   if (status === "send") queue(channel, offer.id);
   * }
   * ```
   */
  contactPlan(snapshot, options) { return this.#run("contactPlan", snapshot, options); }

  /**
   * Quintile RFM breakpoints of a population of snapshots at `options.now`, with this
   * program's calendar, exclusions and lookback; ready for `scores.rfm.breakpoints`.
   */
  rfmBreakpoints(snapshots, options) { return this.#run("rfmBreakpoints", snapshots, options); }

  /** The program's id, version, name, currency and its minor digits, offset and locales. */
  program() { return this.#run("program"); }

  /**
   * The warnings found when the program was compiled (severity `warning`): legal
   * conditions that are likely mistakes, such as an upper bound on a fact that can be null.
   *
   * ```js
   * for (const warning of engine.warnings()) console.warn(warning.path, warning.message);
   * ```
   */
  warnings() { return this.#run("warnings"); }

  /**
   * Compiles a list of conditions once, with this program's saved groups, to evaluate over
   * any number of fact sets: one call into the core per evaluation of the whole list.
   *
   * ```js
   * const list = engine.compileConditions([{ orders_365d: { $gte: 3 } }, { tier: "gold" }]);
   * list.eval(engine.facts(snapshot, { now })); // [true, false]
   * ```
   */
  compileConditions(conditions) {
    const text = toJson(conditions, "/conditions");
    const raw = this.#live();
    return new Conditions(guarded(() => raw.compileConditions(text)));
  }

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
    const prefixes = inputs.length === 3 ? WITH_CART : WITHOUT_CART;
    const texts = inputs.map((input, index) => toJson(input, prefixes[index]));
    const raw = this.#live();
    return call(() => raw[method](...texts));
  }

  /** The compiled program, or an `engine_freed` error once it was freed. */
  #live() {
    if (this.#raw === undefined) {
      throw failure("engine_freed", "this Engine was freed; compile the program again");
    }
    return this.#raw;
  }
}

/**
 * Every issue of a program, without throwing: the errors (`severity: "error"`; none when
 * it compiles), then the warnings (`severity: "warning"`).
 *
 * ```js
 * for (const issue of validateProgram(program)) console.log(issue.path, issue.message);
 * ```
 */
export function validateProgram(program) {
  let text;
  try {
    text = toJson(program);
  } catch (error) {
    if (error instanceof TierwiseError && error.code === "not_finite") return error.issues;
    throw error;
  }
  return call(() => wasm().validateProgram(text));
}

/** Where the core roots the paths of a condition call's three inputs. */
const CONDITION_INPUTS = ["/condition", "/facts", "/saved_groups"];

/**
 * Whether a condition holds over facts; `savedGroups` serve `$inGroup` / `$notInGroup`.
 *
 * ```js
 * evalCondition({ orders_365d: { $gte: 3 } }, engine.facts(snapshot, { now })); // true
 * ```
 */
export function evalCondition(condition, facts, savedGroups = {}) {
  const texts = [condition, facts, savedGroups].map((input, index) => toJson(input, CONDITION_INPUTS[index]));
  return guarded(() => wasm().evalCondition(...texts));
}

/** 1/0 bytes from the core as booleans. */
function booleans(bytes) {
  return Array.from(bytes, (byte) => byte === 1);
}

/**
 * A list of conditions compiled once and evaluated over any number of fact sets: one
 * crossing into the core and one reading of the facts per evaluation of the whole list.
 * Faster than `evalCondition` per condition whenever the same conditions meet many facts.
 *
 * ```js
 * const rules = Conditions.compile([{ orders_365d: { $gte: 3 } }, { tier: "gold" }]);
 * rules.eval(engine.facts(snapshot, { now })); // [true, false]
 * ```
 */
export class Conditions {
  #raw;

  constructor(raw) {
    if (!(raw instanceof core.WasmConditions)) {
      throw failure("invalid_argument", "use Conditions.compile(conditions) to create a Conditions");
    }
    this.#raw = raw;
  }

  /** Compiles an array of conditions; paths of problems start with `/conditions/N` or `/saved_groups`. */
  static compile(conditions, savedGroups = {}) {
    const texts = [toJson(conditions, "/conditions"), toJson(savedGroups, "/saved_groups")];
    return new Conditions(guarded(() => wasm().WasmConditions.compile(...texts)));
  }

  /** How many conditions the list holds. */
  get length() {
    return this.#live().length;
  }

  /** Whether each condition holds over `facts`, in list order. */
  eval(facts) {
    const text = toJson(facts, "/facts");
    return booleans(guarded(() => this.#live().eval(text)));
  }

  /** Releases the compiled list's memory now instead of at garbage collection. */
  free() {
    this.#raw?.free();
    this.#raw = undefined;
  }

  /** `using rules = Conditions.compile(list)` frees it at the end of the block. */
  [Symbol.dispose ?? Symbol.for("Symbol.dispose")]() {
    this.free();
  }

  #live() {
    if (this.#raw === undefined) {
      throw failure("conditions_freed", "these Conditions were freed; compile them again");
    }
    return this.#raw;
  }
}

/**
 * Whether each of `conditions` holds over `facts`, compiled and evaluated in one call.
 *
 * ```js
 * evalConditions([{ orders_365d: { $gte: 3 } }, { tier: "gold" }], { orders_365d: 5, tier: "silver" }); // [true, false]
 * ```
 */
export function evalConditions(conditions, facts, savedGroups = {}) {
  const texts = [toJson(conditions, "/conditions"), toJson(facts, "/facts"), toJson(savedGroups, "/saved_groups")];
  return booleans(guarded(() => wasm().evalConditions(...texts)));
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
  const texts = [condition, facts, savedGroups].map((input, index) => toJson(input, CONDITION_INPUTS[index]));
  return call(() => wasm().explainCondition(...texts));
}

/**
 * GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or null (as GrowthBook
 * returns) for a version other than 1 or 2. Experiment arms are assigned with it,
 * identically in every runtime.
 */
export function hash(seed, value, version) {
  return guarded(() => wasm().hash(seed, value, version)) ?? null;
}

/** GrowthBook's `chooseVariation(n, ranges)`: the index of the range holding `n`, or -1. */
export function chooseArm(n, ranges) {
  return guarded(() => wasm().chooseArm(n, ranges));
}

/** GrowthBook's `getBucketRanges(numVariations, coverage?, weights?)`. */
export function bucketRanges(numVariations, coverage, weights) {
  return guarded(() => wasm().bucketRanges(numVariations, coverage, weights));
}

/** Throws TierwiseError invalid_type unless `value` is a number; wasm would coerce it. */
function numbers(named) {
  for (const [name, value] of Object.entries(named)) {
    if (typeof value !== "number") {
      throw new TierwiseError(`${name} must be a number, got ${value === null ? "null" : typeof value}`, { code: "invalid_type", path: `/${name}` });
    }
  }
}

/**
 * BG/NBD probability that a customer with `x` repeat purchases, the last at `tX`, and age
 * `t` (all in the time unit of `params`) is still active.
 *
 * ```js
 * bgnbdProbabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86); // 0.7266
 * ```
 */
export function bgnbdProbabilityAlive(params, x, tX, t) {
  const text = toJson(params);
  numbers({ x, t_x: tX, t });
  return guarded(() => wasm().bgnbdProbabilityAlive(text, x, tX, t));
}

/**
 * BG/NBD expected purchases in the next `horizon` time units of a customer with history
 * `(x, tX, t)`.
 *
 * ```js
 * bgnbdExpectedPurchases({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 39, 2, 30.43, 38.86); // 1.226
 * ```
 */
export function bgnbdExpectedPurchases(params, horizon, x, tX, t) {
  const text = toJson(params);
  numbers({ horizon, x, t_x: tX, t });
  return guarded(() => wasm().bgnbdExpectedPurchases(text, horizon, x, tX, t));
}

/**
 * Gamma-Gamma expected value of a customer's future transactions from `x` repeat
 * transactions of mean value `meanValue`, in the unit of `params.gamma`.
 *
 * ```js
 * gammaGammaExpectedValue({ p: 6.25, q: 3.74, gamma: 15.44 }, 0, 0); // 35.219, the population mean
 * ```
 */
export function gammaGammaExpectedValue(params, x, meanValue) {
  const text = toJson(params);
  numbers({ x, mean_value: meanValue });
  return guarded(() => wasm().gammaGammaExpectedValue(text, x, meanValue));
}

/**
 * Customer lifetime value over `input.horizon_months` from the fitted BG/NBD and
 * Gamma-Gamma parameters and one customer's history, in the unit of `input.mean_value`.
 *
 * ```js
 * customerLifetimeValue({ bgnbd, gamma_gamma, x: 2, t_x: 30.43, t: 38.86, mean_value: 35,
 *   horizon_months: 12, monthly_discount_rate: 100, time_unit_days: 7 });
 * ```
 */
export function customerLifetimeValue(input) {
  const text = toJson(input);
  return guarded(() => wasm().customerLifetimeValue(text));
}

/**
 * Bytes of linear memory the wasm core holds now (`memory.buffer.byteLength`); it grows in
 * 64 KiB pages and never shrinks, so a flat number over many calls means nothing leaks.
 */
export function wasmMemoryBytes() {
  wasm();
  return memory.buffer.byteLength;
}

/** The version of the tierwise core. */
export function version() {
  return wasm().version();
}
