// The public API every entry shares; the entries (index.js, node.js, miniprogram.js) add
// only how the wasm core is loaded. Declared in api.d.ts.
export {
  Conditions,
  Engine,
  TierwiseError,
  bgnbdExpectedPurchases,
  bgnbdProbabilityAlive,
  bucketRanges,
  chooseArm,
  customerLifetimeValue,
  evalCondition,
  evalConditions,
  explainCondition,
  gammaGammaExpectedValue,
  hash,
  validateProgram,
  version,
  wasmMemoryBytes,
} from "./engine.js";
