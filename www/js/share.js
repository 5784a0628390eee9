// The page state in the URL: JSON, compressed with CompressionStream("deflate-raw") and
// written in base64url. Where the browser has no CompressionStream the JSON is written
// uncompressed; the prefix says which ("z." or "j.") so either link opens anywhere that can
// read it.

function toBase64Url(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link is damaged: not base64url");
  const padded = text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

async function through(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(piped).arrayBuffer());
}

export function compressionAvailable() {
  return typeof CompressionStream === "function" && typeof DecompressionStream === "function";
}

/** The state as a URL-safe token. */
export async function encodeState(state, { compress = compressionAvailable() } = {}) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  if (compress) {
    try {
      return `z.${toBase64Url(await through(bytes, new CompressionStream("deflate-raw")))}`;
    } catch {
      // Some engines know CompressionStream but not deflate-raw: fall back to plain JSON.
    }
  }
  return `j.${toBase64Url(bytes)}`;
}

/** The state a token holds; throws an Error saying why a damaged token cannot be read. */
export async function decodeState(token) {
  const [kind, data] = [token.slice(0, 2), token.slice(2)];
  let bytes;
  if (kind === "z.") {
    if (typeof DecompressionStream !== "function") throw new Error("this browser cannot decompress the link (no DecompressionStream)");
    bytes = await through(fromBase64Url(data), new DecompressionStream("deflate-raw"));
  } else if (kind === "j.") {
    bytes = fromBase64Url(data);
  } else {
    throw new Error("the link is damaged: unknown format");
  }
  return JSON.parse(new TextDecoder().decode(bytes));
}

// Differences: a link carries what was edited, not the whole program -------------------------
//
// A patch is JSON merge patch (RFC 7386) with two extensions; applied to `base`,
// - an object patch merges into an object: `null` deletes a key, any other value patches the
//   key's value (a key the base lacks takes the value as it is);
// - an object patch with the key "~a" patches an array: "~a" is the new length and every
//   other key an index whose element is patched, so one edit deep inside `offers` costs a few
//   bytes, not the whole list;
// - an object patch with the key "~s" rebuilds an array as a sequence of base elements kept
//   (an index, or "i-j" for a run), patched (`{"~e": [index, patch]}`) or new
//   (`{"~n": value}`); elements with an `id` are matched by id, so deleting, inserting or
//   moving offers costs a few bytes even though every later index shifts;
// - `{"~r": value}` is `value` itself, for what a merge cannot say exactly (an explicit
//   `null`, keys in another order);
// - anything else replaces the base.
// `diffFrom` only returns a patch that `applyPatch` turns back into exactly the target, key
// order included.

const ARRAY = "~a";
const SEQUENCE = "~s";
const ELEMENT = "~e";
const NEW = "~n";
const REPLACE = "~r";

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function diff(base, target) {
  let patch = target;
  if (isObject(base) && isObject(target)) {
    patch = {};
    for (const key of Object.keys(base)) if (!(key in target)) patch[key] = null;
    for (const [key, value] of Object.entries(target)) {
      if (key in base && same(base[key], value)) continue;
      const inner = diff(key in base ? base[key] : undefined, value);
      // In an object patch null deletes: a null value is carried as itself.
      patch[key] = inner === null ? { [REPLACE]: null } : inner;
    }
  } else if (Array.isArray(base) && Array.isArray(target)) {
    const indexed = { [ARRAY]: target.length };
    target.forEach((value, index) => {
      if (index >= base.length) indexed[index] = diff(undefined, value);
      else if (!same(base[index], value)) indexed[index] = diff(base[index], value);
    });
    const sequenced = { [SEQUENCE]: sequence(base, target) };
    const best = JSON.stringify(sequenced).length < JSON.stringify(indexed).length ? sequenced : indexed;
    if (JSON.stringify(best).length < JSON.stringify(target).length) patch = best;
  }
  return same(applyPatch(base, patch), target) ? patch : { [REPLACE]: target };
}

const idOf = (value) => (isObject(value) && typeof value.id === "string" ? value.id : undefined);

/** The items of a "~s" patch: each target element as a kept, patched or new base element. */
function sequence(base, target) {
  const byId = new Map();
  base.forEach((value, index) => {
    const id = idOf(value);
    if (id !== undefined && !byId.has(id)) byId.set(id, index);
  });
  const items = [];
  target.forEach((value, index) => {
    const id = idOf(value);
    const from = id !== undefined ? byId.get(id) : index < base.length ? index : undefined;
    if (from === undefined) {
      items.push({ [NEW]: value });
    } else if (!same(base[from], value)) {
      items.push({ [ELEMENT]: [from, diff(base[from], value)] });
    } else {
      // Runs of kept elements shrink to "first-last".
      const last = items[items.length - 1];
      const end = typeof last === "number" ? last : typeof last === "string" ? Number(last.split("-")[1]) : undefined;
      if (end !== undefined && end + 1 === from) {
        items[items.length - 1] = `${typeof last === "number" ? last : last.split("-")[0]}-${from}`;
      } else {
        items.push(from);
      }
    }
  });
  return items;
}

function applySequence(base, items) {
  const result = [];
  for (const item of items) {
    if (typeof item === "number") {
      result.push(base[item]);
    } else if (typeof item === "string") {
      const [first, last] = item.split("-").map(Number);
      if (Number.isInteger(first) && Number.isInteger(last)) result.push(...base.slice(first, last + 1));
    } else if (isObject(item) && Array.isArray(item[ELEMENT])) {
      result.push(applyPatch(base[item[ELEMENT][0]], item[ELEMENT][1]));
    } else if (isObject(item)) {
      result.push(item[NEW]);
    }
  }
  return result;
}

/** The value `patch` makes of `base` (neither is changed). */
export function applyPatch(base, patch) {
  if (!isObject(patch)) return patch;
  const keys = Object.keys(patch);
  if (keys.length === 1 && keys[0] === REPLACE) return patch[REPLACE];
  if (Array.isArray(base) && keys.length === 1 && keys[0] === SEQUENCE && Array.isArray(patch[SEQUENCE])) {
    return applySequence(base, patch[SEQUENCE]);
  }
  if (Array.isArray(base) && Number.isInteger(patch[ARRAY])) {
    const result = base.slice(0, patch[ARRAY]);
    for (const [key, value] of Object.entries(patch)) {
      if (key === ARRAY) continue;
      const index = Number(key);
      if (Number.isInteger(index) && index >= 0 && index < patch[ARRAY]) result[index] = applyPatch(base[index], value);
    }
    return result;
  }
  const result = isObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyPatch(result[key], value);
  }
  return result;
}

/**
 * The patch that turns `base` into `target`, or undefined when they are equal; null when no
 * patch can say it exactly (the caller then carries `target` whole).
 */
export function diffFrom(base, target) {
  if (same(base, target)) return undefined;
  const patch = diff(base, target);
  return same(applyPatch(base, patch), target) ? patch : null;
}
