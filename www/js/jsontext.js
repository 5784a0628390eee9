// Reads JSON text while remembering where every value sits, so that a problem reported at a
// JSON pointer can be shown at its place in the raw JSON editor, and a syntax error at its
// line and column.

export class JsonSyntaxError extends Error {
  constructor(message, offset, text) {
    const { line, column } = lineColumn(text, offset);
    super(`${message} (line ${line}, column ${column})`);
    this.name = "JsonSyntaxError";
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.reason = message;
  }
}

export function lineColumn(text, offset) {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i += 1) {
    if (text[i] === "\n") {
      line += 1;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function escapeToken(token) {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Parses `text` as JSON. Returns `{ value, spans }` where `spans` maps every JSON pointer to
 * `{ start, end, keyStart }` offsets of its value (and of its key inside an object). Throws a
 * `JsonSyntaxError` with the offset of the first problem.
 */
export function parseWithSpans(text) {
  let i = 0;
  const spans = new Map();
  const fail = (message) => {
    throw new JsonSyntaxError(message, i, text);
  };
  const space = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i += 1;
  };
  const literal = (word, value) => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail(`unexpected ${text[i] === undefined ? "end of text" : `"${text[i]}"`}`);
  };
  const string = () => {
    const start = i;
    i += 1;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") i += 1;
      else if (text[i] < " ") fail("control character in a string");
      i += 1;
    }
    if (i >= text.length) {
      i = start;
      fail("unterminated string");
    }
    i += 1;
    try {
      return JSON.parse(text.slice(start, i));
    } catch {
      i = start;
      return fail("invalid escape in a string");
    }
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`unexpected "${text[i]}"`);
    i += match[0].length;
    return Number(match[0]);
  };
  const value = (pointer, keyStart) => {
    space();
    const start = i;
    let result;
    const c = text[i];
    if (c === "{") {
      i += 1;
      result = {};
      space();
      if (text[i] === "}") i += 1;
      else {
        for (;;) {
          space();
          if (text[i] !== '"') fail('expected a property name in double quotes');
          const keyAt = i;
          const key = string();
          space();
          if (text[i] !== ":") fail('expected ":" after a property name');
          i += 1;
          result[key] = value(`${pointer}/${escapeToken(key)}`, keyAt);
          space();
          if (text[i] === ",") {
            i += 1;
            continue;
          }
          if (text[i] === "}") {
            i += 1;
            break;
          }
          fail('expected "," or "}"');
        }
      }
    } else if (c === "[") {
      i += 1;
      result = [];
      space();
      if (text[i] === "]") i += 1;
      else {
        for (;;) {
          result.push(value(`${pointer}/${result.length}`, undefined));
          space();
          if (text[i] === ",") {
            i += 1;
            continue;
          }
          if (text[i] === "]") {
            i += 1;
            break;
          }
          fail('expected "," or "]"');
        }
      }
    } else if (c === '"') result = string();
    else if (c === "t") result = literal("true", true);
    else if (c === "f") result = literal("false", false);
    else if (c === "n") result = literal("null", null);
    else if (c === "-" || (c >= "0" && c <= "9")) result = number();
    else fail(c === undefined ? "unexpected end of text" : `unexpected "${c}"`);
    spans.set(pointer, { start, end: i, keyStart: keyStart ?? start });
    return result;
  };
  const result = value("", undefined);
  space();
  if (i < text.length) fail("unexpected text after the end of the JSON value");
  return { value: result, spans };
}

/** The span of the deepest existing value on the way to `pointer` (a missing field's parent). */
export function spanOf(spans, pointer) {
  let current = pointer;
  for (;;) {
    if (spans.has(current)) return spans.get(current);
    if (current === "") return null;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}
