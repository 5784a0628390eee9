// tierwise/react: React 19 bindings. A hook that initialises tierwise once and evaluates a
// member, and thin components over the custom elements of tierwise/dom that also work after
// server rendering and hydration.
//
//   import { useTierwise, TierProgress } from "tierwise/react";
//   const { engine, page, error } = useTierwise(program, snapshot, { now });
//   return <TierProgress engine={engine} snapshot={snapshot} now={now} />;
//
// React sets a custom element's properties when it creates the element, but not when it
// hydrates server-rendered markup, so `<tierwise-tier-progress snapshot={…}>` would stay
// empty after `hydrateRoot`. The components here render the element with its text inputs
// as attributes (identical on the server and in the browser) and hand the object inputs
// (engine, snapshot, cart, messages) to it in a layout effect, which runs after creation and
// after hydration alike; only then do they register the elements, so an element never
// upgrades without its inputs.
import { createElement, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import init, { Engine } from "tierwise";
import { defineElements } from "tierwise/dom";

/** Compiles `program`, or `undefined` when the core is not initialised yet. */
function compileWhenReady(program) {
  try {
    return { engine: Engine.compile(program) };
  } catch (error) {
    if (error?.code === "not_initialized") return {};
    return { error };
  }
}

/**
 * The program compiled once per `program` object. The first call in an app starts
 * `init(options.wasm)` if nobody has yet (init is idempotent: every component waits for the
 * same load); until it has finished `engine` is `undefined`. Where the core is ready at the
 * first render (Node, which initialises on import; a browser that awaited `init()` before
 * `hydrateRoot`), the engine exists during that render, so the server's markup and the
 * hydrating render agree. `error` is the `TierwiseError` of a program that does not compile,
 * or of a failed load.
 */
export function useEngine(program, options = {}) {
  const [loaded, setLoaded] = useState(0);
  const [loadError, setLoadError] = useState(undefined);
  const compiled = useMemo(() => compileWhenReady(program), [program, loaded]);
  const waiting = compiled.engine === undefined && compiled.error === undefined;
  const wasm = options.wasm;
  useEffect(() => {
    if (!waiting) return undefined;
    let current = true;
    init(wasm).then(
      () => current && setLoaded((count) => count + 1),
      (error) => current && setLoadError(error),
    );
    return () => {
      current = false;
    };
  }, [waiting, wasm]);
  return { engine: compiled.engine, error: compiled.error ?? loadError };
}

/**
 * `useEngine(program)` and the member page `engine.evaluate(snapshot, options)` computes,
 * evaluated again only when the program, the snapshot or an option changes (compare by
 * identity: keep `snapshot` and `options.cart` stable between renders). `page` is
 * `undefined` until the engine exists; `error` is the `TierwiseError` of a rejected input.
 */
export function useTierwise(program, snapshot, options) {
  const { engine, error: engineError } = useEngine(program, { wasm: options?.wasm });
  const { now, cart, surface, limit, explain } = options ?? {};
  const evaluated = useMemo(() => {
    if (!engine || snapshot === undefined) return {};
    try {
      const evaluateOptions = { now };
      if (cart !== undefined) evaluateOptions.cart = cart;
      if (surface !== undefined) evaluateOptions.surface = surface;
      if (limit !== undefined) evaluateOptions.limit = limit;
      if (explain !== undefined) evaluateOptions.explain = explain;
      return { page: engine.evaluate(snapshot, evaluateOptions) };
    } catch (error) {
      return { error };
    }
  }, [engine, snapshot, now, cart, surface, limit, explain]);
  return { engine, page: evaluated.page, error: engineError ?? evaluated.error };
}

/** Inputs handed to an element as properties (objects cannot be attributes). */
const PROPERTIES = ["engine", "snapshot", "cart", "messages"];
/** Inputs written as attributes, the same on the server and in the browser. */
const ATTRIBUTES = ["now", "locale", "surface", "limit"];

/** The element `tag` with the inputs of `props`: text ones as attributes, objects as properties. */
function useTierwiseElement(tag, props) {
  const ref = useRef(null);
  const { onError, className, id, style, children: _children, ...inputs } = props;
  // Listening before the inputs arrive, so the first render's failure is heard too.
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node || !onError) return undefined;
    const listener = (event) => onError(event.detail, event);
    node.addEventListener("tierwise-error", listener);
    return () => node.removeEventListener("tierwise-error", listener);
  }, [onError]);
  useLayoutEffect(() => {
    const node = ref.current;
    if (!node) return;
    for (const name of PROPERTIES) {
      if (inputs[name] !== undefined || name in node) node[name] = inputs[name];
    }
    // Registered only now, so that an element never upgrades without its inputs.
    defineElements();
  }, PROPERTIES.map((name) => inputs[name]));
  const attributes = { ref, className, id, style };
  for (const name of ATTRIBUTES) {
    if (inputs[name] !== undefined && inputs[name] !== null) attributes[name] = String(inputs[name]);
  }
  return createElement(tag, attributes);
}

/** `<tierwise-tier-progress>`: the member's tier, progress bar, what is left and by when. */
export function TierProgress(props) {
  return useTierwiseElement("tierwise-tier-progress", props);
}

/** `<tierwise-points-preview>`: what `cart` earns, when it becomes usable, until when. */
export function PointsPreview(props) {
  return useTierwiseElement("tierwise-points-preview", props);
}

/** `<tierwise-offers>`: the offers chosen for the member, with their reasons. */
export function Offers(props) {
  return useTierwiseElement("tierwise-offers", props);
}
