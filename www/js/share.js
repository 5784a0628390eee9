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
