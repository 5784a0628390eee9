// The shipped wasm is a WebAssembly MVP module (plus mutable globals): what WeChat's iOS
// runtime accepts. That runtime rejects, with `CompileError: invalid wasm file`, modules
// with multi-value results, bulk memory, sign extension, non-trapping float-to-int
// conversions or reference types, and modules exporting globals; Node and every browser
// accept them all, so nothing else would notice a regression.
//
// The module is read here by a reader of its own, section by section and instruction by
// instruction, and validated by binaryen with the MVP feature set. The reader is tested on
// small modules built here that each use one of the refused features.
//
//   TIERWISE_WASM=path/to/module.wasm node --test tests/reliability/wasm-features.test.mjs
// checks another module (the build before the MVP flags fails every check).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT } from "./support.mjs";

const WASM = process.env.TIERWISE_WASM ?? join(ROOT, "pkg/wasm/tierwise_core_bg.wasm");
const WASM_OPT = join(ROOT, "node_modules/.bin/wasm-opt");

const NUMBER_TYPES = new Map([[0x7f, "i32"], [0x7e, "i64"], [0x7d, "f32"], [0x7c, "f64"]]);
const TYPE_NAMES = new Map([...NUMBER_TYPES, [0x7b, "v128"], [0x70, "funcref"], [0x6f, "externref"]]);
const typeName = (byte) => TYPE_NAMES.get(byte) ?? `type 0x${byte.toString(16)}`;

/** Opcodes of the MVP that carry no immediate: control without labels, parametric, numeric. */
function plainOpcode(op) {
  return op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b ||
    (op >= 0x45 && op <= 0xbf);
}

/** What an opcode outside the MVP belongs to, for the report. */
function proposalOf(op, next) {
  if (op >= 0xc0 && op <= 0xc4) return "sign-ext";
  if (op === 0xfc) return next <= 7 ? "nontrapping-fptoint (0xFC)" : "bulk-memory or reference-types (0xFC)";
  if (op === 0x1c || (op >= 0xd0 && op <= 0xd6) || op === 0x25 || op === 0x26) return "reference-types";
  if (op === 0xfd) return "simd";
  if (op === 0xfe) return "threads";
  if (op === 0xfb) return "gc";
  if (op >= 0x06 && op <= 0x0a) return "exception-handling";
  if (op === 0x12 || op === 0x13) return "tail-call";
  return "an unknown proposal";
}

/** A cursor over the bytes of a module. */
class Reader {
  constructor(bytes, start = 0, end = bytes.length) {
    this.bytes = bytes;
    this.at = start;
    this.end = end;
  }
  byte() {
    if (this.at >= this.end) throw new Error(`unexpected end of data at byte ${this.at}`);
    return this.bytes[this.at++];
  }
  /** An unsigned LEB128 number; `maxBytes` bounds its length (5 for u32). */
  unsigned(maxBytes = 5) {
    let result = 0;
    let factor = 1;
    for (let count = 0; count < maxBytes; count++) {
      const byte = this.byte();
      result += (byte & 0x7f) * factor;
      if ((byte & 0x80) === 0) return result;
      factor *= 128;
    }
    throw new Error(`LEB128 number longer than ${maxBytes} bytes at byte ${this.at}`);
  }
  /** Skips a signed LEB128 number of at most `maxBytes` bytes. */
  skipSigned(maxBytes) {
    for (let count = 0; count < maxBytes; count++) {
      if ((this.byte() & 0x80) === 0) return;
    }
    throw new Error(`LEB128 number longer than ${maxBytes} bytes at byte ${this.at}`);
  }
  skip(count) {
    if (this.at + count > this.end) throw new Error(`unexpected end of data at byte ${this.at}`);
    this.at += count;
  }
  name() {
    const length = this.unsigned();
    const text = Buffer.from(this.bytes.subarray(this.at, this.at + length)).toString("utf8");
    this.skip(length);
    return text;
  }
}

/**
 * Everything in `bytes` outside the MVP with mutable globals, as sentences (empty for an
 * MVP module), with what the module exports.
 */
export function inspect(bytes) {
  const problems = [];
  const exports = [];
  const input = new Reader(bytes);
  if (input.byte() !== 0x00 || input.byte() !== 0x61 || input.byte() !== 0x73 || input.byte() !== 0x6d) throw new Error("not a wasm module");
  input.skip(4);
  let tables = 0;
  let functionIndex = 0;
  const valueType = (where, byte) => {
    if (!NUMBER_TYPES.has(byte)) problems.push(`${where}: value type ${typeName(byte)}`);
  };
  const tableType = (where, reader) => {
    const element = reader.byte();
    if (element !== 0x70) problems.push(`${where}: a table of ${typeName(element)}`);
    tables += 1;
    if (tables > 1) problems.push(`${where}: a second table`);
    const flags = reader.byte();
    if (flags > 1) problems.push(`${where}: table limits flags ${flags}`);
    reader.unsigned();
    if (flags === 1) reader.unsigned();
  };
  const constantExpression = (where, reader) => {
    const op = reader.byte();
    if (op === 0x41) reader.skipSigned(5);
    else if (op === 0x42) reader.skipSigned(10);
    else if (op === 0x43) reader.skip(4);
    else if (op === 0x44) reader.skip(8);
    else if (op === 0x23) reader.unsigned();
    else problems.push(`${where}: constant expression opcode 0x${op.toString(16)} (${proposalOf(op, 0)})`);
    const end = reader.byte();
    if (end !== 0x0b) problems.push(`${where}: constant expression of more than one instruction`);
  };
  const code = (where, reader) => {
    let depth = 1;
    while (depth > 0) {
      const at = reader.at;
      const op = reader.byte();
      if (op === 0x0b) depth -= 1;
      else if (op === 0x02 || op === 0x03 || op === 0x04) {
        depth += 1;
        const blockType = reader.bytes[reader.at];
        if (blockType === 0x40) reader.skip(1);
        else if (blockType >= 0x40 && blockType < 0x80) {
          reader.skip(1);
          valueType(`${where}, block at byte ${at}`, blockType);
        } else {
          reader.skipSigned(5);
          problems.push(`${where}: a block typed by a function type at byte ${at} (multivalue)`);
        }
      } else if (plainOpcode(op)) {
        // No immediate.
      } else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x24)) reader.unsigned();
      else if (op === 0x0e) {
        const labels = reader.unsigned();
        for (let i = 0; i <= labels; i++) reader.unsigned();
      } else if (op === 0x11) {
        reader.unsigned();
        const table = reader.byte();
        if (table !== 0x00) problems.push(`${where}: call_indirect with table byte 0x${table.toString(16)} at byte ${at} (reference-types)`);
      } else if (op >= 0x28 && op <= 0x3e) {
        reader.unsigned();
        reader.unsigned();
      } else if (op === 0x3f || op === 0x40) {
        const memory = reader.byte();
        if (memory !== 0x00) problems.push(`${where}: memory index byte 0x${memory.toString(16)} at byte ${at}`);
      } else if (op === 0x41) reader.skipSigned(5);
      else if (op === 0x42) reader.skipSigned(10);
      else if (op === 0x43) reader.skip(4);
      else if (op === 0x44) reader.skip(8);
      else {
        const next = reader.at < reader.end ? reader.bytes[reader.at] : 0;
        problems.push(`${where}: opcode 0x${op.toString(16)}${op >= 0xfb ? ` ${next}` : ""} at byte ${at} (${proposalOf(op, next)})`);
        // The rest of this body cannot be decoded without knowing the proposal.
        reader.at = reader.end;
        return;
      }
    }
    if (reader.at !== reader.end) problems.push(`${where}: ${reader.end - reader.at} bytes after the final end`);
  };

  while (input.at < input.end) {
    const id = input.byte();
    const size = input.unsigned();
    const section = new Reader(bytes, input.at, input.at + size);
    input.skip(size);
    if (id === 0) continue; // custom
    const count = section.unsigned();
    for (let index = 0; index < count; index++) {
      switch (id) {
        case 1: { // types
          const form = section.byte();
          if (form !== 0x60) problems.push(`type ${index}: form 0x${form.toString(16)}`);
          const params = section.unsigned();
          for (let i = 0; i < params; i++) valueType(`type ${index} parameter ${i}`, section.byte());
          const results = section.unsigned();
          if (results > 1) problems.push(`type ${index}: ${results} results (multivalue)`);
          for (let i = 0; i < results; i++) valueType(`type ${index} result ${i}`, section.byte());
          break;
        }
        case 2: { // imports
          const where = `import ${section.name()}.${section.name()}`;
          const kind = section.byte();
          if (kind === 0) {
            section.unsigned();
            functionIndex += 1;
          } else if (kind === 1) tableType(where, section);
          else if (kind === 2) {
            const flags = section.byte();
            if (flags > 1) problems.push(`${where}: memory limits flags ${flags}`);
            section.unsigned();
            if (flags === 1) section.unsigned();
          } else if (kind === 3) {
            valueType(where, section.byte());
            section.byte();
          } else problems.push(`${where}: import kind ${kind}`);
          break;
        }
        case 3: section.unsigned(); break; // function types
        case 4: tableType(`table ${index}`, section); break;
        case 5: { // memories
          const flags = section.byte();
          if (flags > 1) problems.push(`memory ${index}: limits flags ${flags}`);
          section.unsigned();
          if (flags === 1) section.unsigned();
          break;
        }
        case 6: { // globals
          valueType(`global ${index}`, section.byte());
          section.byte();
          constantExpression(`global ${index}`, section);
          break;
        }
        case 7: { // exports
          const name = section.name();
          const kind = section.byte();
          section.unsigned();
          exports.push({ name, kind: ["function", "table", "memory", "global"][kind] ?? `kind ${kind}` });
          if (kind === 3) problems.push(`export ${name}: a global`);
          else if (kind > 3) problems.push(`export ${name}: export kind ${kind}`);
          break;
        }
        case 9: { // elements
          const flags = section.unsigned();
          if (flags !== 0) {
            problems.push(`element segment ${index}: flags ${flags} (bulk-memory or reference-types)`);
            section.at = section.end;
            index = count;
            break;
          }
          constantExpression(`element segment ${index}`, section);
          const functions = section.unsigned();
          for (let i = 0; i < functions; i++) section.unsigned();
          break;
        }
        case 10: { // code
          const bodySize = section.unsigned();
          const body = new Reader(bytes, section.at, section.at + bodySize);
          section.skip(bodySize);
          const where = `function ${functionIndex + index}`;
          const groups = body.unsigned();
          for (let i = 0; i < groups; i++) {
            body.unsigned();
            valueType(`${where} locals`, body.byte());
          }
          code(where, body);
          break;
        }
        case 11: { // data
          const flags = section.unsigned();
          if (flags !== 0) {
            problems.push(`data segment ${index}: flags ${flags} (bulk-memory)`);
            section.at = section.end;
            index = count;
            break;
          }
          constantExpression(`data segment ${index}`, section);
          section.skip(section.unsigned());
          break;
        }
        default:
          // 8 (start) holds one index and no count; 12 (data count) exists for bulk memory.
          if (id === 8) index = count;
          else {
            problems.push(`section ${id}${id === 12 ? " (data count: bulk-memory)" : ""}`);
            section.at = section.end;
            index = count;
          }
      }
    }
    if (id !== 8 && section.at !== section.end) problems.push(`section ${id}: ${section.end - section.at} bytes left unread`);
  }
  return { problems, exports };
}

// --- small modules, one refused feature each -------------------------------------------------

const leb = (value) => {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
};
const vector = (items) => [...leb(items.length), ...items.flat()];
const section = (id, items) => {
  const content = vector(items);
  return [id, ...leb(content.length), ...content];
};
const text = (name) => vector([...Buffer.from(name)].map((byte) => [byte]));

/** A module of one function of type `type` with `body` (instructions after the locals). */
function moduleWith({ type = [0x60, 0, 0], body = [0x0b], extra = [], exports = [] } = {}) {
  const code = [0x00, ...body]; // no locals
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [type]),
    ...section(3, [[0x00]]),
    ...extra,
    ...section(7, [[...text("f"), 0x00, 0x00], ...exports]),
    ...section(10, [[...leb(code.length), ...code]]),
  ]);
}

test("the reader accepts an MVP module and names every refused feature of small modules", () => {
  const mvp = moduleWith({ type: [0x60, 1, 0x7f, 1, 0x7f], body: [0x20, 0x00, 0x41, 0x01, 0x6a, 0x0b] });
  assert.ok(WebAssembly.validate(mvp));
  assert.deepEqual(inspect(mvp), { problems: [], exports: [{ name: "f", kind: "function" }] });
  const cases = [
    [moduleWith({ type: [0x60, 0, 2, 0x7f, 0x7f], body: [0x41, 0x00, 0x41, 0x00, 0x0b] }), "type 0: 2 results (multivalue)"],
    [moduleWith({ type: [0x60, 1, 0x7f, 1, 0x7f], body: [0x20, 0x00, 0xc0, 0x0b] }), "function 0: opcode 0xc0 at byte"],
    [moduleWith({ type: [0x60, 1, 0x7d, 1, 0x7f], body: [0x20, 0x00, 0xfc, 0x00, 0x0b] }), "(nontrapping-fptoint (0xFC))"],
    [moduleWith({ body: [0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, 0x0b], extra: section(5, [[0x00, 0x01]]) }), "(bulk-memory or reference-types (0xFC))"],
    [moduleWith({ extra: section(4, [[0x6f, 0x00, 0x00]]) }), "table 0: a table of externref"],
    [moduleWith({ type: [0x60, 1, 0x6f, 0] }), "type 0 parameter 0: value type externref"],
    [moduleWith({ body: [0xd0, 0x70, 0x1a, 0x0b] }), "(reference-types)"],
    [moduleWith({ extra: section(6, [[0x7f, 0x00, 0x41, 0x00, 0x0b]]), exports: [[...text("g"), 0x03, 0x00]] }), "export g: a global"],
    [moduleWith({ type: [0x60, 0, 0], body: [0x02, 0x00, 0x0b, 0x0b], extra: [] }), "a block typed by a function type"],
  ];
  for (const [bytes, expected] of cases) {
    assert.ok(WebAssembly.validate(bytes), `case "${expected}" is not a valid module`);
    const { problems } = inspect(bytes);
    assert.ok(problems.some((problem) => problem.includes(expected)), `expected "${expected}" among ${JSON.stringify(problems)}`);
  }
});

// --- the shipped module ------------------------------------------------------------------------

const bytes = new Uint8Array(readFileSync(WASM));

test("the shipped wasm uses MVP instructions and types only, and exports no global", () => {
  const { problems, exports } = inspect(bytes);
  assert.ok(exports.some((entry) => entry.name === "memory" && entry.kind === "memory"), "no memory export read: the test would prove nothing");
  assert.ok(exports.filter((entry) => entry.kind === "function").length > 20, "too few function exports read: the test would prove nothing");
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} uses of features outside the MVP`);
  assert.deepEqual(exports.filter((entry) => entry.kind === "global"), []);
  // The engine's own view agrees: no global among the exports, no externref table.
  const module = new WebAssembly.Module(bytes);
  assert.deepEqual(WebAssembly.Module.exports(module).filter((entry) => entry.kind === "global").map((entry) => entry.name), []);
});

test("binaryen validates the shipped wasm with the MVP features and mutable globals only", () => {
  let output;
  try {
    output = execFileSync(WASM_OPT, ["--mvp-features", "--enable-mutable-globals", WASM, "-o", "/dev/null"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    assert.fail(`wasm-opt --mvp-features refuses the module:\n${String(error.stderr).split("\n").slice(0, 20).join("\n")}`);
  }
  assert.equal(output, "");
});
