// Turns the generated types schema (every input and output type of the API, generated
// from the Rust types) into the package's TypeScript declarations.
//
//   node scripts/gen-types.mjs <types.schema.json> <out.d.ts>
import { readFileSync, writeFileSync } from "node:fs";
import { compile } from "json-schema-to-typescript";

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error("usage: node scripts/gen-types.mjs <types.schema.json> <out.d.ts>");
  process.exit(2);
}

// Rust names that would shadow JavaScript globals in a consumer's code.
const renames = { Date: "CalendarDate" };

const schema = JSON.parse(readFileSync(input, "utf8"));
for (const [from, to] of Object.entries(renames)) {
  if (!(from in schema.definitions)) continue;
  schema.definitions[to] = schema.definitions[from];
  delete schema.definitions[from];
}
const text = JSON.stringify(schema).replace(/"#\/definitions\/([A-Za-z0-9_]+)"/g, (match, name) =>
  name in renames ? `"#/definitions/${renames[name]}"` : match,
);
// A schema that admits any JSON value (serde_json::Value in Rust) becomes JsonValue, not the
// open object json-schema-to-typescript would guess.
const ANNOTATIONS = new Set(["description", "title", "default", "examples", "deprecated", "readOnly", "writeOnly"]);
function anyJson(schema) {
  return schema === true || (schema !== null && typeof schema === "object" && !Array.isArray(schema) &&
    Object.keys(schema).every((key) => ANNOTATIONS.has(key)));
}
function markAnyJson(schema) {
  if (schema === null || typeof schema !== "object") return schema;
  if (Array.isArray(schema)) return schema.map(markAnyJson);
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "properties" || key === "definitions") {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, inner]) =>
        [name, anyJson(inner) ? { ...(inner === true ? {} : inner), tsType: "JsonValue" } : markAnyJson(inner)]));
    } else if ((key === "additionalProperties" || key === "items") && anyJson(value)) {
      out[key] = { tsType: "JsonValue" };
    } else {
      out[key] = markAnyJson(value);
    }
  }
  return out;
}

// The root only lists the API's types; the declarations are the definitions themselves.
const { properties, ...rest } = markAnyJson(JSON.parse(text));
const root = { ...rest, title: "TierwiseTypes", type: "object", additionalProperties: false };

const declarations = await compile(root, "TierwiseTypes", {
  bannerComment: "/* Generated from the Rust types by scripts/build; do not edit. */",
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: true,
  format: true,
  style: { printWidth: 100 },
});
const JSON_VALUE = `
/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
`;
const withoutRoot = declarations
  .replace(/\n(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n)?export interface TierwiseTypes \{\}\n/, "\n")
  .replace(/\n {2}\* This interface was referenced by `TierwiseTypes`'s JSON-Schema\n {2}\* via the `definition` "[^"]+"\.\n/g, "\n")
  .replace(/\n \* This interface was referenced by `TierwiseTypes`'s JSON-Schema\n \* via the `definition` "[^"]+"\.\n/g, "\n")
  .replace(/\n \*\n \*\//g, "\n */");
const missing = Object.keys(properties ?? {}).filter((name) => !withoutRoot.includes(`export interface ${name} `) && !withoutRoot.includes(`export type ${name} `));
if (missing.length > 0) {
  console.error(`gen-types: no declaration generated for ${missing.join(", ")}`);
  process.exit(1);
}
const code = withoutRoot.replace(/\/\*[\s\S]*?\*\//g, "").replace(/"(?:[^"\\]|\\.)*"/g, '""');
if (/\bany\b/.test(code)) {
  console.error("gen-types: a generated declaration is typed `any`");
  process.exit(1);
}
writeFileSync(output, withoutRoot + JSON_VALUE);
