// Writes the seed corpus of every fuzz target, and a libFuzzer dictionary, from the shared
// fixtures: the default program and personas, every tests/vectors input and every
// tests/conditions case. Run by scripts/fuzz before fuzzing; the corpus folders are
// git-ignored (they grow as the fuzzer finds new paths), the seeds are regenerated.
//
//   node fuzz/seed.mjs
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FUZZ = join(ROOT, "fuzz");
const read = (path) => JSON.parse(readFileSync(join(ROOT, path), "utf8"));
const program = read("src/defaults/program.json");
const personas = read("src/defaults/personas.json");
const CART = { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }, { category: "teaware", unit_price: 19900, quantity: 1 }], shipping: 1000, discount: 5000 };

function jsonFiles(dir) {
  return readdirSync(join(ROOT, dir)).filter((name) => name.endsWith(".json")).sort().map((name) => read(join(dir, name)));
}

function vectors() {
  const out = [];
  for (const file of jsonFiles("tests/vectors")) {
    if (!Array.isArray(file.vectors)) out.push(file);
    else {
      const { vectors: list, ...shared } = file;
      for (const entry of list) out.push({ ...shared, ...entry });
    }
  }
  return out;
}

function snapshotOf(vector) {
  const snapshot = vector.snapshot ?? {};
  if (typeof snapshot === "string" && snapshot.startsWith("persona:")) {
    return personas.personas.find((p) => p.id === snapshot.slice(8))?.snapshot ?? {};
  }
  return snapshot;
}

const seeds = { compile: new Set(), evaluate: new Set(), condition: new Set() };
const bytes = (prefix, text) => Buffer.concat([Buffer.from([prefix]), Buffer.from(text)]);

seeds.compile.add(Buffer.from(JSON.stringify(program)));
seeds.compile.add(Buffer.from(JSON.stringify(program, null, 2)));
for (const vector of vectors()) {
  if (vector.program && vector.program !== "default") seeds.compile.add(Buffer.from(JSON.stringify(vector.program)));
  const inputs = JSON.stringify({ snapshot: snapshotOf(vector), cart: vector.cart ?? CART, options: vector.options ?? { now: personas.now } });
  for (let call = 0; call < 6; call++) seeds.evaluate.add(bytes(call, inputs));
}
for (const persona of personas.personas) {
  const inputs = JSON.stringify({ snapshot: persona.snapshot, cart: CART, options: { now: personas.now, cart: CART, surface: "member_page", limit: 3 } });
  for (let call = 0; call < 6; call++) seeds.evaluate.add(bytes(call | 0x80, inputs));
}
for (const file of jsonFiles("tests/conditions")) {
  for (const entry of file.cases) {
    seeds.condition.add(bytes(0, JSON.stringify({ condition: entry.condition, facts: entry.facts ?? {}, saved_groups: entry.saved_groups ?? {} })));
  }
}
for (let i = 1; i < 64; i++) {
  seeds.condition.add(Buffer.from(createHash("sha512").update(`generator seed ${i}`).digest()));
}

for (const [target, set] of Object.entries(seeds)) {
  const dir = join(FUZZ, "corpus", target);
  mkdirSync(dir, { recursive: true });
  for (const seed of set) writeFileSync(join(dir, `seed-${createHash("sha1").update(seed).digest("hex")}`), seed);
  console.log(`fuzz/corpus/${target}: ${set.size} seeds`);
}

// Dictionary: every object key and short string value in the fixtures, plus the
// condition operators, so mutations speak the inputs' vocabulary.
const words = new Set(["$and", "$or", "$nor", "$not", "$eq", "$ne", "$gt", "$gte", "$lt", "$lte", "$in", "$nin", "$all", "$size", "$elemMatch", "$exists", "$type", "$regex", "$inGroup", "$veq", "$vgt", "9007199254740991", "9007199254740992", "-1", "1e308", "1e400", "-0", "null", "true", "false", "+08:00", "+14:00", "-12:00", "T00:00:00Z", "2026-02-29", "2024-02-29", "\u202e"]);
function collect(value) {
  if (Array.isArray(value)) value.forEach(collect);
  else if (value !== null && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      words.add(key);
      collect(inner);
    }
  } else if (typeof value === "string" && value.length <= 32) words.add(value);
}
collect(program);
collect(personas);
vectors().forEach(collect);
// Numbers and literals go in bare, everything else as a JSON string; the dictionary format
// itself escapes quotes, backslashes and every byte outside printable ASCII.
const token = (word) => (/^(-?\d[\d.e+]*|null|true|false)$/.test(word) ? word : JSON.stringify(word));
const entry = (word) =>
  `"${[...Buffer.from(token(word))].map((byte) => (byte === 0x22 || byte === 0x5c ? `\\${String.fromCharCode(byte)}` : byte < 0x20 || byte > 0x7e ? `\\x${byte.toString(16).padStart(2, "0")}` : String.fromCharCode(byte))).join("")}"`;
writeFileSync(join(FUZZ, "corpus", "tierwise.dict"), [...words].sort().map(entry).join("\n") + "\n");
console.log(`fuzz/corpus/tierwise.dict: ${words.size} words`);
