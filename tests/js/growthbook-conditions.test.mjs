// tierwise's conditions against GrowthBook's own evalCondition (SDK 1.8.0, a dev dependency)
// on seeded random conditions and facts: every disagreement must be one that
// tests/fixtures/growthbook-differences.json lists (and docs/conditions.md documents), or
// the test fails. The random conditions lean on what JavaScript decides: coercions, number
// text, version strings, and regular expressions built from pieces JavaScript accepts,
// refuses or reads in its own way.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { evalCondition as growthbookEval } from "@growthbook/growthbook";
import { ROOT, conditionCases, installPackedPackage, readJson } from "./support.mjs";

const DIFFERENCES = readJson(join(ROOT, "tests/fixtures/growthbook-differences.json")).differences;
const DOCUMENTED = new Set(DIFFERENCES.map((difference) => difference.id));
const CONDITIONS = 10_000;
const FACTS_PER_CONDITION = 4;

let consumer;
let api;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
});
after(() => consumer?.cleanup());

/** A seeded generator (mulberry32): the same conditions on every run. */
function generator(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const below = (n) => Math.floor(next() * n);
  const pick = (list) => list[below(list.length)];
  return { next, below, pick };
}

const NUMBERS = [0, 1, 2, 8, 9, 10, 100, -3, 1.5, 0.1, 0.5, 1e21, 1e-7, 123e-20, 5e-324, 1125899906842624.25, 31763495615255.375, 9007199254740993];
const TEXTS = [
  "", "0", "1", "8", "9", "10", "a", "ab", "abc", "A", "AB", "b-a", "a-b", "1.2.3", "v1.10.0", "1.2.3-rc.1", "2.10",
  "1e+21", "1e-7", "1125899906842624.2", "1125899906842624.3", " 5 ", "0x10", "é", "É", "😀", "a😀b", "\u0001", "A\u0001",
  "x{2}", "a\nb", "a\rb", "gold", "GOLD", "Gold", "\u3000", "a b", "8-9", "[a]", "z", "-", "_", "aaa", "\u0002a",
];
const PATHS = ["a", "b", "n", "list", "o.x", "missing"];

function randomValue(random, depth = 0) {
  const { below, pick } = random;
  switch (below(depth > 0 ? 5 : 7)) {
    case 0:
    case 1:
      return pick(NUMBERS);
    case 2:
    case 3:
      return pick(TEXTS);
    case 4:
      return pick([null, true, false]);
    case 5:
      return Array.from({ length: below(4) }, () => randomValue(random, depth + 1));
    default:
      return { x: randomValue(random, depth + 1) };
  }
}

function randomFacts(random) {
  const facts = {};
  for (const path of ["a", "b", "n", "list"]) {
    if (random.next() < 0.85) facts[path] = randomValue(random);
  }
  if (random.next() < 0.5) facts.o = { x: randomValue(random, 1) };
  if (random.next() < 0.5) facts.list = Array.from({ length: random.below(4) }, () => randomValue(random, 1));
  return facts;
}

// Pieces of patterns: ordinary atoms and quantifiers, and what JavaScript reads its own way
// or refuses (quantifiers on nothing or on quantifiers, inline flags, octal escapes, class
// ranges beside class escapes, back-references, look-arounds, lone surrogates).
const PATTERN_PIECES = [
  "a", "b", "A", "1", "8", "-", "é", "😀", ".", "\\.", "\\d", "\\D", "\\w", "\\W", "\\s", "\\S", "\\b", "\\B", "^", "$",
  "*", "+", "?", "*?", "{2}", "{1,2}", "{2,}", "{", "}", "{,2}", "{2,1}", "|", "(", ")", "(?:", "(?<n>", "(?<m>",
  "[", "]", "[^", "[]", "[^]", "[a-z]", "[\\d-z]", "[a-\\s]", "[\\w-]", "[z-a]", "[\\b]", "\\1", "\\2", "\\01", "\\101",
  "\\8", "\\0", "\\k<n>", "\\x41", "\\u0041", "\\uD83D", "\\uD83D\\uDE00", "\\cJ", "\\c", "\\/", "/", "\\-", "\\_",
  "\\<", "\\p{L}", "(?=a)", "(?!a)", "(?<=a)", "(?i)", "(?P<p>a)", "(?#x)", "\\", "\\n", "\\t", "\\e",
  "\\u{41}", "\\x4", "\\u00e9", "[\\c_]", "[\\01-\\03]", "\\k", "[\\k]", "(?<\\u0061>", "[\\s-\\d]", "\\377", "\\400", "[-]", "[a-]",
];

function randomPattern(random) {
  const length = 1 + random.below(6);
  return Array.from({ length }, () => random.pick(PATTERN_PIECES)).join("");
}

function randomOperator(random, depth) {
  const { below, pick } = random;
  const operand = () => (random.next() < 0.5 ? pick(NUMBERS) : pick(TEXTS));
  switch (below(depth > 1 ? 11 : 12)) {
    case 0:
    case 1:
      return { [pick(["$regex", "$regexi"])]: randomPattern(random) };
    case 2:
      return { [pick(["$eq", "$ne"])]: pick([...NUMBERS, ...TEXTS, null, true, false]) };
    case 3:
    case 4:
      return { [pick(["$gt", "$gte", "$lt", "$lte"])]: operand() };
    case 5:
      return { [pick(["$in", "$nin"])]: Array.from({ length: below(4) }, operand) };
    case 6:
      return { [pick(["$veq", "$vne", "$vgt", "$vgte", "$vlt", "$vlte"])]: pick(["1.2.3", "1.10.0", "v2.0.0-rc.1", "2", "1.2.3-rc.1", "10"]) };
    case 7:
      return { $exists: pick([true, false]) };
    case 8:
      return { $type: pick(["string", "number", "boolean", "array", "object", "null"]) };
    case 9:
      return { $size: pick([0, 1, 2, { $gt: 0 }]) };
    case 10:
      return { $all: Array.from({ length: below(3) }, operand) };
    default:
      return { $not: randomOperator(random, depth + 1) };
  }
}

function randomCondition(random, depth = 0) {
  const { below, pick } = random;
  const condition = {};
  const keys = 1 + below(2);
  for (let i = 0; i < keys; i += 1) {
    const roll = below(10);
    if (roll === 0 && depth < 2) {
      condition[pick(["$or", "$and", "$nor"])] = Array.from({ length: 1 + below(2) }, () => randomCondition(random, depth + 1));
    } else if (roll === 1 && depth < 2) {
      condition.$not = randomCondition(random, depth + 1);
    } else if (roll === 2) {
      condition[pick(PATHS)] = random.next() < 0.5 ? pick(NUMBERS) : pick(TEXTS);
    } else if (roll === 3) {
      condition.list = { $elemMatch: randomOperator(random, depth + 1) };
    } else {
      condition[pick(PATHS)] = randomOperator(random, depth);
    }
  }
  return condition;
}

/** Every pattern of a condition, with whether it ignores case. */
function patternsOf(value, out = []) {
  if (Array.isArray(value)) value.forEach((item) => patternsOf(item, out));
  else if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      if ((key === "$regex" || key === "$regexi") && typeof inner === "string") out.push({ pattern: inner, insensitive: key === "$regexi" });
      else patternsOf(inner, out);
    }
  }
  return out;
}

const ASTRAL = /[\uD800-\uDFFF]/;
const NON_ASCII_LETTER = /[^\x00-\x7F]/;

/**
 * Which documented difference explains why tierwise refused a pattern JavaScript accepts,
 * or null. GrowthBook escapes `/` before compiling, as here.
 */
function explainRefusedPattern(pattern) {
  const hasGroups = /\((?!\?)|\(\?<(?![=!])/.test(pattern);
  if (/\(\?[=!]|\(\?<[=!]/.test(pattern)) return "regex_lookaround";
  if (/\\k/.test(pattern) || (hasGroups && /\\[1-9]/.test(pattern))) return "regex_backreference";
  if (/\\u[dD][89a-fA-F][0-9a-fA-F]{2}/.test(pattern)) return "regex_lone_surrogate";
  if (/\{\d{3,}(,\d*)?\}|\{\d+,\d{3,}\}/.test(pattern)) return "regex_too_large";
  return null;
}

function javascriptAccepts(pattern, insensitive) {
  try {
    new RegExp(pattern.replace(/([^\\])\//g, "$1\\/"), insensitive ? "i" : undefined);
    return true;
  } catch {
    return false;
  }
}

/** Which documented difference explains a different evaluation, or null. */
function explainDifferentResult(condition, facts) {
  const patterns = patternsOf(condition);
  if (patterns.length === 0) return null;
  const text = JSON.stringify(facts) + patterns.map((p) => p.pattern).join("");
  if (ASTRAL.test(text) || patterns.some((p) => /\\uD83D\\uDE00/i.test(p.pattern))) return "regex_astral";
  if (patterns.some((p) => p.insensitive) && NON_ASCII_LETTER.test(text)) return "regex_case_folding";
  return null;
}

function ours(condition, facts) {
  try {
    return { held: api.evalCondition(condition, facts) };
  } catch (error) {
    if (!(error instanceof api.TierwiseError)) throw error;
    return { code: error.code, issues: error.issues ?? [] };
  }
}

test("the documented differences are all in docs/conditions.md", () => {
  const squash = (text) => text.replace(/\s+/g, " ");
  const docs = squash(readFileSync(join(ROOT, "docs/conditions.md"), "utf8"));
  assert.ok(DIFFERENCES.length >= 8);
  for (const { id, doc } of DIFFERENCES) assert.ok(docs.includes(squash(doc)), `docs/conditions.md lacks ${id}: ${doc}`);
});

test("random conditions agree with GrowthBook's evalCondition, but for documented differences", () => {
  const random = generator(0x9b0c4);
  const seen = new Map();
  const undocumented = [];
  let agreed = 0;
  let refusedLikeJavaScript = 0;
  const note = (id) => seen.set(id, (seen.get(id) ?? 0) + 1);
  for (let index = 0; index < CONDITIONS; index += 1) {
    const condition = randomCondition(random);
    const factSets = Array.from({ length: FACTS_PER_CONDITION }, () => randomFacts(random));
    // Each pattern alone: tierwise refuses exactly what JavaScript refuses, but for a
    // documented construct it cannot run.
    let refusedPattern = false;
    for (const { pattern, insensitive } of patternsOf(condition)) {
      const refused = ours({ x: { [insensitive ? "$regexi" : "$regex"]: pattern } }, {}).code === "invalid_regex";
      const accepted = javascriptAccepts(pattern, insensitive);
      refusedPattern ||= refused;
      if (refused && !accepted) refusedLikeJavaScript += 1;
      if (refused && accepted) {
        const reason = explainRefusedPattern(pattern);
        if (reason === null) undocumented.push({ pattern, tierwise: "refuses", javascript: "accepts" });
        else note(reason);
      }
      if (!refused && !accepted) undocumented.push({ pattern, tierwise: "accepts", javascript: "refuses" });
    }
    const first = ours(condition, factSets[0]);
    if (first.code !== undefined) {
      if (first.code === "invalid_regex" && !refusedPattern) undocumented.push({ condition, tierwise: first.issues });
      if (first.code !== "invalid_regex") note("refused_mistakes");
      continue;
    }
    for (const facts of factSets) {
      const mine = ours(condition, facts);
      const theirs = growthbookEval(facts, condition, {});
      if (mine.held === theirs) {
        agreed += 1;
        continue;
      }
      const reason = explainDifferentResult(condition, facts);
      if (reason === null) undocumented.push({ condition, facts, tierwise: mine.held ?? mine.code, growthbook: theirs });
      else note(reason);
    }
  }
  for (const id of seen.keys()) assert.ok(DOCUMENTED.has(id), `${id} is not in growthbook-differences.json`);
  assert.deepEqual(undocumented.slice(0, 5), [], `${undocumented.length} undocumented disagreements`);
  // The comparison is not vacuous: most evaluations ran on both sides and agreed, and
  // patterns JavaScript refuses were met.
  assert.ok(agreed > CONDITIONS, `only ${agreed} evaluations agreed`);
  assert.ok(refusedLikeJavaScript > 100, `only ${refusedLikeJavaScript} conditions with a pattern JavaScript refuses`);
});

test("every condition case holds in GrowthBook as it does here, but for documented differences", () => {
  let compared = 0;
  for (const [label, entry] of conditionCases()) {
    if ("expect_error" in entry) {
      // A refused pattern is one JavaScript refuses too, or a documented construct.
      if (entry.expect_error.code !== "invalid_regex") continue;
      for (const { pattern, insensitive } of patternsOf(entry.condition)) {
        const reason = javascriptAccepts(pattern, insensitive) ? explainRefusedPattern(pattern) : "refused by JavaScript";
        assert.notEqual(reason, null, `${label}: JavaScript accepts ${pattern}`);
      }
      continue;
    }
    compared += 1;
    const theirs = growthbookEval(entry.facts ?? {}, entry.condition, entry.saved_groups ?? {});
    if (entry.differs_from_growthbook === undefined) {
      assert.equal(theirs, entry.expect, `${label}: GrowthBook says ${theirs}`);
    } else {
      // The annotation stays honest: the case does differ, for a documented reason.
      assert.notEqual(theirs, entry.expect, `${label} is marked as differing but agrees`);
      assert.notEqual(explainDifferentResult(entry.condition, entry.facts ?? {}), null, label);
    }
  }
  assert.ok(compared > 300, `only ${compared} cases compared`);
});
