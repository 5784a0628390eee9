// Installs the UTF-8 TextEncoder/TextDecoder where the runtime has none. The mini-program
// entry imports this module first: the wasm glue creates its TextDecoder as it loads.
import { installTextCodec } from "./utf8.js";

/** Which text codec the glue uses: `"native"` or `"tierwise"` for each of the two classes. */
export const textCodec = Object.freeze(installTextCodec());
