// tierwise/react: React 19 bindings, and the JSX typings of the custom elements of
// tierwise/dom (`<tierwise-tier-progress>`, `<tierwise-points-preview>`, `<tierwise-offers>`).

import type { JSX as ReactJSX } from "react";
import type {
  CartInput,
  Engine,
  EvaluateOptionsInput,
  FullPage,
  InitInput,
  Instant,
  Page,
  ProgramInput,
  SnapshotInput,
  SummaryPage,
  TierwiseError,
} from "./index.js";
import type { Locale, Messages, TierwiseElement } from "./dom.js";

/** What `useEngine` gives: the compiled program once the core is ready, or why not. */
export interface EngineState {
  /** The compiled program; `undefined` until the core is initialised, or when it does not compile. */
  engine: Engine | undefined;
  /** The `TierwiseError` of a program that does not compile, or the error of a failed load. */
  error: TierwiseError | Error | undefined;
}

/**
 * The program compiled once per `program` object. The first call starts `init(options.wasm)`
 * if nobody has (every component waits for the same load); `engine` is `undefined` until it
 * finishes. Where the core is ready at the first render (Node; a browser that awaited
 * `init()` before `hydrateRoot`), the engine exists in that render.
 *
 * ```jsx
 * const { engine, error } = useEngine(program);
 * const tier = engine?.tierProgress(snapshot, { now });
 * ```
 */
export function useEngine(program: ProgramInput, options?: { wasm?: InitInput | undefined }): EngineState;

/** Options of `useTierwise`: those of `engine.evaluate`, and where the wasm comes from. */
export type TierwiseHookOptions = EvaluateOptionsInput & { wasm?: InitInput | undefined };

/** What `useTierwise` gives: the engine, the member page it evaluated, or why not. */
export interface TierwiseState<P extends Page = SummaryPage> extends EngineState {
  /** The member page; `undefined` until the engine exists, or when an input is rejected. */
  page: P | undefined;
}

/**
 * `useEngine(program)` and `engine.evaluate(snapshot, options)`, evaluated again only when the
 * program, the snapshot or an option changes (by identity: keep them stable between renders).
 *
 * ```jsx
 * const { page, error } = useTierwise(program, snapshot, { now, cart });
 * return <h2>{page?.tier?.current.name["zh-CN"]}</h2>;
 * ```
 */
export function useTierwise(
  program: ProgramInput,
  snapshot: SnapshotInput | undefined,
  options: TierwiseHookOptions & { explain: "full" },
): TierwiseState<FullPage>;
export function useTierwise(
  program: ProgramInput,
  snapshot: SnapshotInput | undefined,
  options: TierwiseHookOptions & { explain?: "summary" | undefined },
): TierwiseState<SummaryPage>;

/** Props of the components over the custom elements. */
export interface TierwiseElementProps {
  /** The compiled program, e.g. from `useEngine`; while `undefined` the element waits. */
  engine: Engine | undefined;
  /** The member. */
  snapshot: SnapshotInput | undefined;
  /** The moment to render at (written as the `now` attribute, the same on the server). */
  now: Instant;
  /** Language; by default the nearest `lang` attribute, else the program's first locale. */
  locale?: Locale | undefined;
  /** A cart (`PointsPreview`). */
  cart?: CartInput | undefined;
  /** The offers' surface (`Offers`). */
  surface?: string | undefined;
  /** Most offers shown (`Offers`). */
  limit?: number | undefined;
  /** Message strings replacing the built-in ones. */
  messages?: Partial<Messages> | undefined;
  /** Called with the error when the element cannot render (an input missing or rejected). */
  onError?: ((error: unknown, event: CustomEvent<unknown>) => void) | undefined;
  className?: string | undefined;
  id?: string | undefined;
  style?: ReactJSX.IntrinsicElements["div"]["style"];
}

/**
 * `<tierwise-tier-progress>`: the member's tier, a progress bar, what is left and by when.
 *
 * ```jsx
 * <TierProgress engine={engine} snapshot={snapshot} now={now} locale="zh-CN" onError={report} />
 * ```
 */
export function TierProgress(props: TierwiseElementProps): ReactJSX.Element;
/** `<tierwise-points-preview>`: what `cart` earns, when it becomes usable, until when. */
export function PointsPreview(props: TierwiseElementProps): ReactJSX.Element;
/** `<tierwise-offers>`: the offers chosen for the member, with their reasons. */
export function Offers(props: TierwiseElementProps): ReactJSX.Element;

/**
 * The attributes and properties of the custom elements in JSX. Text inputs are attributes
 * (they survive server rendering); the object inputs are properties React 19 sets when it
 * creates the element, but not when it hydrates server markup: after `hydrateRoot`, use the
 * components above, which hand them over in an effect.
 */
export type TierwiseElementAttributes = Omit<ReactJSX.IntrinsicElements["div"], "ref"> & {
  ref?: import("react").Ref<TierwiseElement> | undefined;
  engine?: Engine | undefined;
  snapshot?: SnapshotInput | string | undefined;
  cart?: CartInput | string | undefined;
  now?: Instant | undefined;
  locale?: Locale | undefined;
  surface?: string | undefined;
  limit?: number | string | undefined;
  messages?: Partial<Messages> | undefined;
};

declare module "react" {
  namespace JSX {
    interface IntrinsicElements {
      "tierwise-tier-progress": TierwiseElementAttributes;
      "tierwise-points-preview": TierwiseElementAttributes;
      "tierwise-offers": TierwiseElementAttributes;
    }
  }
}
