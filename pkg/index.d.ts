// The public API of tierwise. Input and output types are generated from the Rust types
// (types.d.ts); this file declares the functions and classes that use them.

import type {
  Cart,
  EvaluateOptions,
  Explanation,
  Facts,
  Issue,
  JsonValue,
  OffersResult,
  Page,
  PointsPreview,
  ProgramSpec,
  Snapshot,
  TierAfterCart,
  TierProgress,
} from "./types.js";

export type * from "./types.js";

declare global {
  interface SymbolConstructor {
    /** `using` declarations call this (TC39 explicit resource management). */
    readonly dispose: unique symbol;
  }
}

/** A program as `Engine.compile` accepts it. */
export type Program = ProgramSpec;

/**
 * A condition in the MongoDB-style language (GrowthBook targeting semantics), e.g.
 * `{ "orders_365d": { "$gte": 3 }, "consent.sms": true }`.
 */
export type Condition = { [key: string]: JsonValue };

/** Named lists of values for `$inGroup` / `$notInGroup`. */
export type SavedGroups = { [group: string]: JsonValue[] };

/** Options of the per-member calls that read only `now`. */
export type FactsOptions = Pick<EvaluateOptions, "now">;

/** Where the wasm module comes from. */
export type InitInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/**
 * Instantiates the wasm core once; later calls return the same promise. By default the
 * `.wasm` next to the package's entry is fetched. In Node the core is ready on import and
 * this resolves at once.
 *
 * ```js
 * import init, { Engine } from "tierwise";
 * await init();
 * ```
 */
export default function init(input?: InitInput | Promise<InitInput>): Promise<void>;

/** Instantiates the wasm core synchronously from its bytes or a compiled module. */
export function initSync(module: BufferSource | WebAssembly.Module): void;

/**
 * The one error tierwise throws for bad input: `code` is stable, `path` is the JSON pointer
 * of the first problem, `issues` lists every problem found (never empty).
 * Codes of the JS layer itself: `not_initialized`, `engine_freed`, `invalid_json`.
 */
export class TierwiseError extends Error {
  constructor(message: string, detail: { code: string; path?: string; issues?: Issue[] });
  readonly name: "TierwiseError";
  readonly code: string;
  readonly path: string;
  readonly issues: Issue[];
}

/** A compiled loyalty program, reused for every member. */
export class Engine {
  private constructor();
  /**
   * Validates and compiles a program, reporting every issue at once.
   * @throws {TierwiseError} with all issues when the program is invalid.
   */
  static compile(program: Program): Engine;
  /** The facts view of `snapshot` at `options.now`. */
  facts(snapshot: Snapshot, options: FactsOptions): Facts;
  /** Everything a member page shows. */
  evaluate(snapshot: Snapshot, options: EvaluateOptions): Page;
  /**
   * Where the member stands: current and next tier, per-metric progress, deadline and days
   * left, pace projection and requalification of the current tier.
   * @throws {TierwiseError} when the program has no tiers.
   */
  tierProgress(snapshot: Snapshot, options: FactsOptions): TierProgress;
  /** What placing `cart` now would do to the member's tier. */
  tierProgressAfterCart(snapshot: Snapshot, cart: Cart, options: FactsOptions): TierAfterCart;
  /**
   * What `cart` would earn, line by line and rule by rule, when the points become usable
   * and when they expire, the balance, activities and rewards.
   * @throws {TierwiseError} when the program has no points section.
   */
  previewPoints(snapshot: Snapshot, cart: Cart, options: FactsOptions): PointsPreview;
  /**
   * The offers to show on `options.surface` (`member_page` when absent), at most
   * `options.limit`, each with its reasons, and why every other offer is not shown.
   * @throws {TierwiseError} for an unknown surface.
   */
  nextBestOffers(snapshot: Snapshot, options: EvaluateOptions): OffersResult;
  /** Releases the compiled program now instead of at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/** Every issue of a program, without throwing; empty when it compiles. */
export function validateProgram(program: unknown): Issue[];

/**
 * Whether `condition` holds over `facts` (any JSON object, usually `engine.facts(...)`).
 * @throws {TierwiseError} when the condition does not compile; paths start with `/condition`.
 */
export function evalCondition(condition: Condition, facts: object, savedGroups?: SavedGroups): boolean;

/** The evaluated condition as a tree: each clause, whether it held, and the value it saw. */
export function explainCondition(condition: Condition, facts: object, savedGroups?: SavedGroups): Explanation;

/** A `[start, end)` range of the unit interval. */
export type BucketRange = [number, number];

/**
 * GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or undefined for a
 * version other than 1 or 2. Experiment arms are assigned with it, identically everywhere.
 */
export function hash(seed: string, value: string, version: number): number | undefined;

/** GrowthBook's `chooseVariation(n, ranges)`: the index of the range holding `n`, or -1. */
export function chooseArm(n: number, ranges: BucketRange[]): number;

/** GrowthBook's `getBucketRanges(numVariations, coverage = 1, weights = equal)`. */
export function bucketRanges(numVariations: number, coverage?: number, weights?: number[]): BucketRange[];

/** The version of the tierwise core. */
export function version(): string;
