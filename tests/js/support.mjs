// Shared helpers of the JS suites: the packed package installed into a throwaway consumer
// project, the repository's fixtures, and the one `check` that runs a shared vector through
// the public JS API.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const PKG = join(ROOT, "pkg");

export function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

export const DEFAULT_PROGRAM = readJson(join(ROOT, "src/defaults/program.json"));
export const PERSONAS = readJson(join(ROOT, "src/defaults/personas.json"));

function npm(args, cwd) {
  return execFileSync("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], { cwd, encoding: "utf8" });
}

/** Every file under `dir` (recursively), as paths relative to it, in a stable order. */
function filesUnder(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => byCodePoint(a.name, b.name))
    .flatMap((entry) => {
      const path = prefix ? `${prefix}/${entry.name}` : entry.name;
      return entry.isDirectory() ? filesUnder(dir, path) : [path];
    });
}

/**
 * A consumer project with the packed package installed: `npm pack` of pkg/ and `npm install`
 * of the tarball, offline, done once per content of pkg/ and kept under the target folder,
 * so the suites (each file a process of its own) copy it instead of packing again.
 */
function packedTemplate() {
  const hash = createHash("sha256");
  for (const file of filesUnder(PKG).filter((path) => !path.endsWith(".tgz"))) {
    hash.update(`${file}\0`).update(readFileSync(join(PKG, file))).update("\0");
  }
  const key = hash.digest("hex").slice(0, 16);
  const cache = join(process.env.CARGO_TARGET_DIR ?? join(ROOT, "target"), "npm-consumer");
  const template = join(cache, key);
  if (existsSync(join(template, "packed.json"))) return template;
  mkdirSync(cache, { recursive: true });
  const staging = mkdtempSync(join(cache, `${key}.staging-`));
  const packed = JSON.parse(npm(["pack", PKG, "--json", "--pack-destination", staging], ROOT));
  writeFileSync(join(staging, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  npm(["install", "--offline", "--ignore-scripts", join(staging, packed[0].filename)], staging);
  writeFileSync(join(staging, "packed.json"), JSON.stringify(packed[0]));
  try {
    renameSync(staging, template);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another suite finished first
  }
  for (const other of readdirSync(cache).filter((name) => name !== key && !name.includes(".staging-"))) {
    rmSync(join(cache, other), { recursive: true, force: true });
  }
  return template;
}

/**
 * A fresh consumer project with pkg/ packed by `npm pack` and the tarball installed by
 * `npm install`, as a user of the published package gets it. Returns the consumer's
 * folder, the tarball, the packed file list, and `load(specifier)`, which imports a module
 * as code in the consumer project would.
 */
export function installPackedPackage() {
  const template = packedTemplate();
  const dir = mkdtempSync(join(tmpdir(), "tierwise-consumer-"));
  cpSync(template, dir, { recursive: true });
  const packed = readJson(join(dir, "packed.json"));
  const tarball = join(dir, packed.filename);
  let modules = 0;
  /** Imports `source` as a module inside the consumer project; resolves to its namespace. */
  const evaluate = (source) => {
    modules += 1;
    const file = join(dir, `module-${modules}.mjs`);
    writeFileSync(file, source);
    return import(pathToFileURL(file).href);
  };
  /** Imports `specifier` as code in the consumer project would. */
  const load = (specifier) =>
    evaluate(`export * from ${JSON.stringify(specifier)};\nexport { default } from ${JSON.stringify(specifier)};\n`);
  /** Imports the named exports of `specifier` (an entry without a default export). */
  const loadNamed = (specifier) => evaluate(`export * from ${JSON.stringify(specifier)};\n`);
  /** Imports a JSON file the package exports, as code in the consumer project would. */
  const loadJson = async (specifier) =>
    (await evaluate(`export { default } from ${JSON.stringify(specifier)} with { type: "json" };\n`)).default;
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  return { dir, tarball, files: packed.files.map((file) => file.path), load, loadNamed, loadJson, cleanup };
}

/** The snapshot of a default persona by id. */
export function persona(id) {
  const found = PERSONAS.personas.find((entry) => entry.id === id);
  if (!found) throw new Error(`no persona ${JSON.stringify(id)}`);
  return found.snapshot;
}

/**
 * Every vector of tests/vectors as [label, vector]: a file is one vector, or
 * {"vectors": [...]} whose entries inherit the file's other top-level fields.
 */
export function vectors() {
  const dir = join(ROOT, "tests/vectors");
  const out = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json")).sort(byCodePoint)) {
    const name = file.slice(0, -".json".length);
    const content = readJson(join(dir, file));
    if (!Array.isArray(content.vectors)) {
      out.push([name, content]);
      continue;
    }
    const { vectors: list, ...shared } = content;
    list.forEach((entry, index) => out.push([`${name}#${entry.name ?? index}`, { ...shared, ...entry }]));
  }
  return out;
}

/** The file name under which a vector's output is written, as the native runner names it. */
export function outputName(label) {
  return label.replace(/[#/ ]/g, "_");
}

export function byCodePoint(a, b) {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/**
 * Canonical JSON, the form every runtime writes vector outputs in: keys sorted by code point,
 * no whitespace, numbers as JavaScript prints them. Mirrors tests/support/canonical.rs.
 */
export function canonical(value) {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const keys = Object.keys(value).sort(byCodePoint);
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(",")}}`;
}

/** The same value with object keys in code-point order, as the native runner sends inputs. */
function sortedKeys(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(sortedKeys);
  return Object.fromEntries(Object.keys(value).sort(byCodePoint).map((key) => [key, sortedKeys(value[key])]));
}

function inputs(vector) {
  const program = vector.program === "default" ? DEFAULT_PROGRAM : vector.program;
  if (typeof program === "string") throw new Error(`unknown program reference ${JSON.stringify(program)}`);
  if (program === undefined) throw new Error("vector has no program");
  let snapshot = vector.snapshot ?? {};
  if (typeof snapshot === "string") {
    if (!snapshot.startsWith("persona:")) throw new Error(`unknown snapshot reference ${JSON.stringify(snapshot)}`);
    snapshot = persona(snapshot.slice("persona:".length));
  }
  return {
    program: sortedKeys(program),
    snapshot: sortedKeys(snapshot),
    cart: sortedKeys(vector.cart ?? {}),
    options: sortedKeys(optionsOf(vector)),
  };
}

/**
 * A vector's options. The offers calls explain suppressed offers in full unless the options
 * name a level or the vector says `"default_explain": true`, as tests/support/mod.rs does.
 */
export function optionsOf(vector) {
  const options = vector.options ?? {};
  const offersCall = vector.call === "evaluate" || vector.call === "next_best_offers";
  if (!offersCall || vector.default_explain === true || options === null || typeof options !== "object" || Array.isArray(options) || "explain" in options) return options;
  return { ...options, explain: "full" };
}

/** Runs a vector's call through the API; returns {result} or {error} (a plain object). */
export function run(api, vector) {
  const { Engine, TierwiseError } = api;
  const { program, snapshot, cart, options } = inputs(vector);
  const call = vector.call ?? "facts";
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

/**
 * Subset match as the native runners do it; returns the list of differences. With
 * `absent` set, an expected value equal to it requires the key to be missing.
 */
export function subset(expected, actual, path = "", failures = [], absent = undefined) {
  if (expected !== null && typeof expected === "object" && !Array.isArray(expected)) {
    if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
      failures.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
      return failures;
    }
    for (const [key, value] of Object.entries(expected)) {
      if (absent !== undefined && value === absent) {
        if (key in actual) failures.push(`${path}/${key}: should be absent, is ${JSON.stringify(actual[key])}`);
      } else if (!(key in actual)) {
        failures.push(`${path}/${key}: missing (expected ${JSON.stringify(value)})`);
      } else {
        subset(value, actual[key], `${path}/${key}`, failures, absent);
      }
    }
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      failures.push(`${path}: expected ${expected.length} elements, got ${JSON.stringify(actual)}`);
      return failures;
    }
    expected.forEach((item, index) => subset(item, actual[index], `${path}/${index}`, failures, absent));
  } else if (expected !== actual) {
    failures.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
  return failures;
}

/**
 * Every condition case of tests/conditions as [label, case] (format in
 * tests/support/conditions.rs).
 */
export function conditionCases() {
  const dir = join(ROOT, "tests/conditions");
  const out = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".json")).sort(byCodePoint)) {
    for (const entry of readJson(join(dir, file)).cases) out.push([`${file}: ${entry.name}`, entry]);
  }
  return out;
}

/**
 * Runs one condition case through evalCondition and explainCondition: the outcome, the
 * error's code and path (under /condition), and the explanation subset ("<absent>" means
 * the key must be missing). The leaf, hint and path lists are checked by the Rust suites,
 * which can reach them.
 */
export function checkCondition(api, entry) {
  const args = [entry.condition, entry.facts ?? {}, entry.saved_groups ?? {}];
  if ("expect_error" in entry) {
    let error;
    try {
      api.evalCondition(...args);
    } catch (thrown) {
      error = thrown;
    }
    if (!(error instanceof api.TierwiseError)) throw new Error(`expected a TierwiseError, got ${error}`);
    const path = `/condition${entry.expect_error.path}`;
    if (!error.issues.some((issue) => issue.code === entry.expect_error.code && issue.path === path)) {
      throw new Error(`expected ${entry.expect_error.code} at ${path}, got ${JSON.stringify(error.issues)}`);
    }
    return;
  }
  const held = api.evalCondition(...args);
  if (held !== entry.expect) throw new Error(`evalCondition gave ${held}, expected ${entry.expect}`);
  const explained = api.explainCondition(...args);
  if (explained.held !== held) throw new Error(`explainCondition says ${explained.held}, evalCondition ${held}`);
  if ("explain" in entry) {
    const failures = subset(entry.explain, explained, "", [], "<absent>");
    if (failures.length > 0) throw new Error(failures.join("\n"));
  }
}

/** Runs one vector and compares it with its expectation; returns the output as canonical JSON. */
export function check(api, vector) {
  const outcome = run(api, vector);
  const hasExpect = "expect" in vector;
  const hasError = "expect_error" in vector;
  if (hasExpect === hasError) throw new Error("a vector needs exactly one of expect / expect_error");
  if (hasExpect && outcome.error) throw new Error(`expected a result, got error ${canonical(outcome.error)}`);
  if (hasError && !outcome.error) throw new Error(`expected an error, got ${canonical(outcome.result)}`);
  const actual = outcome.error ?? outcome.result;
  const failures = subset(hasExpect ? vector.expect : vector.expect_error, actual);
  if (failures.length > 0) throw new Error(failures.join("\n"));
  return canonical(actual);
}
