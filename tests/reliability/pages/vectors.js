// Runs shared vectors through the package in the browser and returns each output as
// canonical JSON, exactly as tests/js/support.mjs does in Node, so the Chromium outputs can
// be compared byte for byte with the native and Node ones.
import init, { Engine, TierwiseError } from "/pkg/index.js";

const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** Keys sorted by UTF-16 code unit order, which equals code point order for these keys. */
function canonical(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort(byCodePoint);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
}

function run({ program, snapshot, cart, options, call }) {
  const caught = (error) => {
    if (!(error instanceof TierwiseError)) throw error;
    return { error: { code: error.code, path: error.path, message: error.message, issues: error.issues } };
  };
  let engine;
  try {
    engine = Engine.compile(program);
  } catch (error) {
    return caught(error);
  }
  try {
    switch (call) {
      case "compile": return { result: { ok: true } };
      case "facts": return { result: engine.facts(snapshot, options) };
      case "evaluate": return { result: engine.evaluate(snapshot, options) };
      case "next_best_offers": return { result: engine.nextBestOffers(snapshot, options) };
      case "contact_plan": return { result: engine.contactPlan(snapshot, options) };
      case "tier_progress": return { result: engine.tierProgress(snapshot, options) };
      case "tier_progress_after_cart": return { result: engine.tierProgressAfterCart(snapshot, cart, options) };
      case "preview_points": return { result: engine.previewPoints(snapshot, cart, options) };
      default: throw new Error(`unknown call ${JSON.stringify(call)}`);
    }
  } catch (error) {
    return caught(error);
  } finally {
    engine.free();
  }
}

/** [[name, inputs]] → [[name, canonical output]]. */
export async function runAll(list) {
  await init();
  return list.map(([name, inputs]) => {
    const outcome = run(inputs);
    return [name, canonical(outcome.error ?? outcome.result)];
  });
}
