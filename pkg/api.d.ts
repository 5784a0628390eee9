// The public API of tierwise shared by every entry: the functions and classes over the
// input and output types generated from the Rust types (types.d.ts). Declared without DOM
// or Node types so that mini-program code type-checks too; index.d.ts adds the browser's
// and Node's init.

import type {
  BgNbdParams,
  Cart,
  ClvInput,
  ContactPlan,
  ErrorCode,
  EvaluateOptions,
  Explanation,
  GammaGammaParams,
  Issue,
  JsonValue,
  MemberFacts,
  OffersResult,
  Page,
  PointsPreview,
  PopulationOptions,
  ProgramInfo,
  ProgramSpec,
  RfmBreakpoints,
  Snapshot,
  SuppressedOffer,
  SuppressedSummary,
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

/**
 * Any JSON value as TypeScript infers it from a `.json` import or an object literal: objects
 * may hold keys set to `undefined` (what `tsc` infers for a key that only some elements of an
 * array have), arrays may be read-only.
 */
export type JsonInput =
  | string
  | number
  | boolean
  | null
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput | undefined };

/**
 * The shape an input type `T` accepts as data: string literal unions widened to `string`,
 * tuples to arrays, optional keys also taking `undefined`, `JsonValue` as `JsonInput`. A
 * program imported from a `.json` file (`import program from "./program.json"`) has this
 * shape under `tsc --strict` but not `ProgramSpec`'s; the engine validates every input at
 * run time, so nothing is lost by accepting it. Required keys stay required.
 */
export type Input<T> = [JsonValue] extends [T]
  ? JsonInput | Extract<T, undefined>
  : T extends string
    ? string
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T extends null | undefined
          ? T
          : T extends readonly (infer Item)[]
            ? readonly Input<Item>[]
            : { [Key in keyof T]: Input<T[Key]> | (undefined extends T[Key] ? undefined : never) };

/** A program as `Engine.compile` accepts it: `ProgramSpec`, or what a `.json` import of one infers. */
export type ProgramInput = Input<ProgramSpec>;

/** A member's snapshot as the per-member calls accept it: `Snapshot`, or what a `.json` import of one infers. */
export type SnapshotInput = Input<Snapshot>;

/** A cart as the calls accept it: `Cart`, or what a `.json` import of one infers. */
export type CartInput = Input<Cart>;

/**
 * The options of the per-member calls as they accept them: `EvaluateOptions` (written in
 * code, so literal values such as `explain: "full"` stay checked), with the cart as data.
 */
export type EvaluateOptionsInput = Omit<EvaluateOptions, "cart"> & { cart?: CartInput | null | undefined };

/**
 * A program written in code: `ProgramSpec`, its literal unions checked. `Engine.compile`
 * also takes what a `.json` import of one infers (`ProgramInput`).
 */
export type Program = ProgramSpec;

/**
 * A condition in the MongoDB-style language (GrowthBook targeting semantics), e.g.
 * `{ "orders_365d": { "$gte": 3 }, "consent.sms": true }`.
 */
export type Condition = { readonly [key: string]: JsonInput | undefined };

/** Named lists of values for `$inGroup` / `$notInGroup`. */
export type SavedGroups = { readonly [group: string]: readonly JsonInput[] };

/** Options of the per-member calls that read only `now`. */
export type FactsOptions = Pick<EvaluateOptionsInput, "now">;

/** Options of `evaluate` and `nextBestOffers` asking for every suppressed offer's whole reason. */
export type FullExplainOptions = EvaluateOptionsInput & { explain: "full" };

/** Options of `evaluate` and `nextBestOffers` at the default level, `explain: "summary"`. */
export type SummaryExplainOptions = EvaluateOptionsInput & { explain?: "summary" | undefined };

/** An offers result at `explain: "summary"` (the default): suppressed offers as id, reason code and hint. */
export type SummaryOffersResult = Omit<OffersResult, "suppressed"> & { suppressed: SuppressedSummary[] };

/** An offers result at `explain: "full"`: every suppressed offer with its whole reason. */
export type FullOffersResult = Omit<OffersResult, "suppressed"> & { suppressed: SuppressedOffer[] };

/** A member page at `explain: "summary"` (the default). */
export type SummaryPage = Omit<Page, "offers"> & { offers: SummaryOffersResult };

/** A member page at `explain: "full"`. */
export type FullPage = Omit<Page, "offers"> & { offers: FullOffersResult };

/**
 * The one error tierwise throws for bad input: `code` is stable (one of `ErrorCode`, listed
 * in docs/errors.md), `path` is the JSON pointer of the first problem, `issues` lists every
 * problem found (never empty). The JS layer raises a few codes of its own:
 * `not_initialized`, `engine_freed`, `conditions_freed`, `destroyed`, `load_failed`.
 */
export class TierwiseError extends Error {
  constructor(message: string, detail: { code: ErrorCode; path?: string; issues?: Issue[] });
  readonly name: "TierwiseError";
  readonly code: ErrorCode;
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
  static compile(program: ProgramInput): Engine;
  /** The facts view of `snapshot` at `options.now`. */
  facts(snapshot: SnapshotInput, options: FactsOptions): MemberFacts;
  /**
   * Everything a member page shows. Suppressed offers come as id, reason code and hint;
   * `explain: "full"` gives each one's whole reason (failed clauses, outranked score).
   */
  evaluate(snapshot: SnapshotInput, options: FullExplainOptions): FullPage;
  evaluate(snapshot: SnapshotInput, options: SummaryExplainOptions): SummaryPage;
  evaluate(snapshot: SnapshotInput, options: EvaluateOptionsInput): Page;
  /**
   * Where the member stands: current and next tier, per-metric progress, deadline and days
   * left, pace projection and requalification of the current tier.
   * @throws {TierwiseError} when the program has no tiers.
   */
  tierProgress(snapshot: SnapshotInput, options: FactsOptions): TierProgress;
  /**
   * What placing `cart` now would do to the member's tier.
   * @throws {TierwiseError} `conflicting_cart` at `/options/cart` when `options.cart` holds a different cart.
   */
  tierProgressAfterCart(snapshot: SnapshotInput, cart: CartInput, options: FactsOptions): TierAfterCart;
  /**
   * What `cart` would earn, line by line and rule by rule, when the points become usable
   * and when they expire, the balance, activities and rewards.
   * @throws {TierwiseError} when the program has no points section, or `conflicting_cart` at
   * `/options/cart` when `options.cart` holds a different cart (the same one is fine).
   */
  previewPoints(snapshot: SnapshotInput, cart: CartInput, options: FactsOptions): PointsPreview;
  /**
   * The offers to show on `options.surface` (`member_page` when absent), at most
   * `options.limit`, each with its reasons, and why every other offer is not shown: its
   * reason code and hint, or with `explain: "full"` the whole reason.
   * @throws {TierwiseError} for an unknown surface.
   */
  nextBestOffers(snapshot: SnapshotInput, options: FullExplainOptions): FullOffersResult;
  nextBestOffers(snapshot: SnapshotInput, options: SummaryExplainOptions): SummaryOffersResult;
  nextBestOffers(snapshot: SnapshotInput, options: EvaluateOptionsInput): OffersResult;
  /**
   * For each outbound channel of the program's `contact_policy` (the member's preferred
   * channel first), the single best offer to send at `options.now`, or none with the reason
   * (`contact_capped`, `quiet_hours`, `channel_opt_out`, …) and `next_at`, the earliest
   * moment one could go out. `evaluate` adds it as `page.contact_plan` with
   * `contact_plan: true`.
   * @throws {TierwiseError} `no_contact_policy` when the program has no `contact_policy`.
   */
  contactPlan(snapshot: Snapshot, options: FactsOptions): ContactPlan;
  /**
   * Quintile RFM breakpoints of a population of snapshots at `options.now`, with this
   * program's calendar, exclusions and lookback; ready for `scores.rfm.breakpoints`.
   * @throws {TierwiseError} with paths starting at the snapshot's index (`/2/orders/0/placed_at`).
   */
  rfmBreakpoints(snapshots: readonly SnapshotInput[], options: PopulationOptions): RfmBreakpoints;
  /**
   * The program's id, version, name, currency and its minor digits, calendar offset and
   * locales: what a front end needs to format the results.
   */
  program(): ProgramInfo;
  /**
   * The warnings found when the program was compiled (`severity: "warning"`): legal
   * conditions that are likely mistakes, e.g. an upper bound on a fact that can be null.
   */
  warnings(): Issue[];
  /**
   * Compiles a list of conditions once, with this program's saved groups, to evaluate over
   * any number of fact sets in one call each.
   * @throws {TierwiseError} listing every issue, with paths under `/conditions/N`.
   */
  compileConditions(conditions: readonly Condition[]): Conditions;
  /** Releases the compiled program now instead of at garbage collection. */
  free(): void;
  [Symbol.dispose](): void;
}

/**
 * Every issue of a program, without throwing: the errors (`severity: "error"`; none when it
 * compiles), then the warnings (`severity: "warning"`), which do not stop `Engine.compile`.
 */
export function validateProgram(program: unknown): Issue[];

/**
 * Whether `condition` holds over `facts` (any JSON object, usually `engine.facts(...)`).
 * @throws {TierwiseError} when the condition does not compile; paths start with `/condition`.
 */
export function evalCondition(condition: Condition, facts: object, savedGroups?: SavedGroups): boolean;

/** The evaluated condition as a tree: each clause, whether it held, and the value it saw. */
export function explainCondition(condition: Condition, facts: object, savedGroups?: SavedGroups): Explanation;

/**
 * Whether each of `conditions` holds over `facts`, compiled and evaluated in one call.
 * @throws {TierwiseError} when a condition does not compile; paths start with `/conditions/N`.
 */
export function evalConditions(conditions: readonly Condition[], facts: object, savedGroups?: SavedGroups): boolean[];

/**
 * A list of conditions compiled once and evaluated over any number of fact sets, with one
 * crossing into the core per evaluation of the whole list. `engine.compileConditions(list)`
 * makes one with the program's saved groups.
 */
export class Conditions {
  private constructor();
  /** @throws {TierwiseError} when a condition does not compile; paths start with `/conditions/N` or `/saved_groups`. */
  static compile(conditions: readonly Condition[], savedGroups?: SavedGroups): Conditions;
  /** How many conditions the list holds. */
  readonly length: number;
  /** Whether each condition holds over `facts`, in list order. */
  eval(facts: object): boolean[];
  /** Releases the compiled list now instead of at garbage collection; `eval` then throws `conditions_freed`. */
  free(): void;
  [Symbol.dispose](): void;
}

/** A `[start, end)` range of the unit interval. */
export type BucketRange = [number, number];

/**
 * GrowthBook's `hash(seed, value, version)`: a number in [0, 1), or null (as GrowthBook
 * returns) for a version other than 1 or 2. Experiment arms are assigned with it,
 * identically everywhere.
 */
export function hash(seed: string, value: string, version: number): number | null;

/** GrowthBook's `chooseVariation(n, ranges)`: the index of the range holding `n`, or -1. */
export function chooseArm(n: number, ranges: BucketRange[]): number;

/** GrowthBook's `getBucketRanges(numVariations, coverage = 1, weights = equal)`. */
export function bucketRanges(numVariations: number, coverage?: number, weights?: number[]): BucketRange[];

/**
 * BG/NBD probability that a customer with `x` repeat purchases, the last at `tX` after the
 * first, and age `t` (all in the time unit of `params`) is still active.
 * @throws {TierwiseError} for invalid parameters or history (paths `/r`…`/b`, `/x`, `/t_x`, `/t`).
 */
export function bgnbdProbabilityAlive(params: Input<BgNbdParams>, x: number, tX: number, t: number): number;

/** BG/NBD expected purchases in the next `horizon` time units of a customer with history `(x, tX, t)`. */
export function bgnbdExpectedPurchases(params: Input<BgNbdParams>, horizon: number, x: number, tX: number, t: number): number;

/**
 * Gamma-Gamma expected value of a customer's future transactions from `x` repeat
 * transactions of mean value `meanValue`, in the unit of `params.gamma`.
 */
export function gammaGammaExpectedValue(params: Input<GammaGammaParams>, x: number, meanValue: number): number;

/** Customer lifetime value over `input.horizon_months`, in the unit of `input.mean_value`. */
export function customerLifetimeValue(input: Input<ClvInput>): number;

/**
 * Bytes of linear memory the wasm core holds now (`memory.buffer.byteLength`). It grows in
 * 64 KiB pages and never shrinks, so a flat number over many calls shows nothing leaks.
 * @throws {TierwiseError} `not_initialized` before `init()`.
 */
export function wasmMemoryBytes(): number;

/** The version of the tierwise core. */
export function version(): string;
