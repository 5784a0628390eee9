// A small UTF-8 TextEncoder and TextDecoder for runtimes without them (mini-program
// JavaScript engines often lack both). They do what the WHATWG Encoding Standard says for
// UTF-8, which is all the wasm glue needs: `encode`, `encodeInto`, and a non-fatal
// `decode` that replaces malformed sequences with U+FFFD exactly as TextDecoder does.

const REPLACEMENT = 0xfffd;
const CHUNK = 0x2000;

function bytesOf(input) {
  if (input === undefined || input === null) return new Uint8Array(0);
  if (input instanceof Uint8Array) return input;
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  throw new TypeError("decode expects an ArrayBuffer or a view of one");
}

/** The code point at `index` of `text`, lone surrogates as U+FFFD, and how many code units it took. */
function codePointAt(text, index) {
  const unit = text.charCodeAt(index);
  if (unit < 0xd800 || unit > 0xdfff) return [unit, 1];
  if (unit <= 0xdbff && index + 1 < text.length) {
    const low = text.charCodeAt(index + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return [0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00), 2];
  }
  return [REPLACEMENT, 1];
}

function utf8Length(codePoint) {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

function writeCodePoint(codePoint, out, at) {
  if (codePoint < 0x80) {
    out[at] = codePoint;
  } else if (codePoint < 0x800) {
    out[at] = 0xc0 | (codePoint >> 6);
    out[at + 1] = 0x80 | (codePoint & 0x3f);
  } else if (codePoint < 0x10000) {
    out[at] = 0xe0 | (codePoint >> 12);
    out[at + 1] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[at + 2] = 0x80 | (codePoint & 0x3f);
  } else {
    out[at] = 0xf0 | (codePoint >> 18);
    out[at + 1] = 0x80 | ((codePoint >> 12) & 0x3f);
    out[at + 2] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[at + 3] = 0x80 | (codePoint & 0x3f);
  }
}

/** UTF-8 encoder with the TextEncoder interface. */
export class Utf8Encoder {
  get encoding() {
    return "utf-8";
  }

  /** The UTF-8 bytes of `input`; lone surrogates become U+FFFD. */
  encode(input = "") {
    const text = String(input);
    let length = 0;
    for (let index = 0; index < text.length;) {
      const [codePoint, units] = codePointAt(text, index);
      length += utf8Length(codePoint);
      index += units;
    }
    const out = new Uint8Array(length);
    let at = 0;
    for (let index = 0; index < text.length;) {
      const [codePoint, units] = codePointAt(text, index);
      writeCodePoint(codePoint, out, at);
      at += utf8Length(codePoint);
      index += units;
    }
    return out;
  }

  /** Writes as many whole characters of `input` as fit into `destination`. */
  encodeInto(input, destination) {
    const text = String(input);
    let read = 0;
    let written = 0;
    while (read < text.length) {
      const [codePoint, units] = codePointAt(text, read);
      const size = utf8Length(codePoint);
      if (written + size > destination.length) break;
      writeCodePoint(codePoint, destination, written);
      written += size;
      read += units;
    }
    return { read, written };
  }
}

/** UTF-8 decoder with the TextDecoder interface (no streaming). */
export class Utf8Decoder {
  #fatal;
  #ignoreBOM;

  constructor(label = "utf-8", options = {}) {
    const name = String(label).trim().toLowerCase();
    if (name !== "utf-8" && name !== "utf8" && name !== "unicode-1-1-utf-8") {
      throw new RangeError(`this decoder only reads UTF-8, not ${label}`);
    }
    this.#fatal = Boolean(options.fatal);
    this.#ignoreBOM = Boolean(options.ignoreBOM);
  }

  get encoding() {
    return "utf-8";
  }

  get fatal() {
    return this.#fatal;
  }

  get ignoreBOM() {
    return this.#ignoreBOM;
  }

  /** The text of UTF-8 `input`, following the Encoding Standard's UTF-8 decoder. */
  decode(input) {
    const bytes = bytesOf(input);
    let start = 0;
    if (!this.#ignoreBOM && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    const parts = [];
    let units = [];
    const push = (codePoint) => {
      if (codePoint > 0xffff) {
        const offset = codePoint - 0x10000;
        units.push(0xd800 + (offset >> 10), 0xdc00 + (offset & 0x3ff));
      } else {
        units.push(codePoint);
      }
      if (units.length >= CHUNK) {
        parts.push(String.fromCharCode.apply(null, units));
        units = [];
      }
    };
    const malformed = () => {
      if (this.#fatal) throw new TypeError("the input is not valid UTF-8");
      push(REPLACEMENT);
    };
    let codePoint = 0;
    let needed = 0;
    let seen = 0;
    let lower = 0x80;
    let upper = 0xbf;
    for (let index = start; index < bytes.length; index += 1) {
      const byte = bytes[index];
      if (needed === 0) {
        if (byte <= 0x7f) {
          push(byte);
        } else if (byte >= 0xc2 && byte <= 0xdf) {
          needed = 1;
          codePoint = byte & 0x1f;
        } else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0;
          if (byte === 0xed) upper = 0x9f;
          needed = 2;
          codePoint = byte & 0xf;
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90;
          if (byte === 0xf4) upper = 0x8f;
          needed = 3;
          codePoint = byte & 0x7;
        } else {
          malformed();
        }
        continue;
      }
      if (byte < lower || byte > upper) {
        // The sequence so far is malformed; this byte starts over.
        codePoint = 0;
        needed = 0;
        seen = 0;
        lower = 0x80;
        upper = 0xbf;
        malformed();
        index -= 1;
        continue;
      }
      lower = 0x80;
      upper = 0xbf;
      codePoint = (codePoint << 6) | (byte & 0x3f);
      seen += 1;
      if (seen === needed) {
        push(codePoint);
        codePoint = 0;
        needed = 0;
        seen = 0;
      }
    }
    if (needed !== 0) malformed();
    parts.push(String.fromCharCode.apply(null, units));
    return parts.join("");
  }
}

/** The global object, in runtimes with and without `globalThis`. */
export const globalObject =
  typeof globalThis !== "undefined" ? globalThis
    : typeof self !== "undefined" ? self
      : typeof global !== "undefined" ? global
        : {};

/**
 * Puts `Utf8Encoder` / `Utf8Decoder` on the global object as `TextEncoder` / `TextDecoder`
 * where those are missing; never replaces a runtime's own. Returns which are in use.
 */
export function installTextCodec(target = globalObject) {
  const installed = { TextEncoder: "native", TextDecoder: "native" };
  if (typeof target.TextEncoder !== "function") {
    target.TextEncoder = Utf8Encoder;
    installed.TextEncoder = "tierwise";
  }
  if (typeof target.TextDecoder !== "function") {
    target.TextDecoder = Utf8Decoder;
    installed.TextDecoder = "tierwise";
  }
  return installed;
}
