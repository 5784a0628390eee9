// A validator for the part of JSON Schema (draft-07) that the generated program schema uses:
// type, properties, required, additionalProperties, items, $ref to #/definitions, allOf,
// anyOf, oneOf, const, enum, minimum, maximum, minItems, maxItems, pattern and the integer
// formats. Every problem is reported at its JSON pointer, like the engine reports its own.
// It has no dependencies so that Node can test it against the same schema file.

const FORMAT_RANGES = {
  uint8: [0, 255], uint16: [0, 65535], uint32: [0, 4294967295], uint64: [0, Number.MAX_SAFE_INTEGER],
  int32: [-2147483648, 2147483647], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  uint: [0, Number.MAX_SAFE_INTEGER], int: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function escapeToken(token) {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(value, type) {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

function sameJson(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function issue(code, path, message, params = {}) {
  return { code, path, message, params };
}

/** A validator bound to one schema document. */
export class SchemaValidator {
  constructor(schema) {
    this.schema = schema;
  }

  /** Every problem of `value`, each `{code, path, message, params}`; empty when it fits. */
  validate(value) {
    const issues = [];
    this.#check(this.schema, value, "", issues);
    return issues;
  }

  /** The schema node at a `$ref` such as `#/definitions/Money`. */
  resolve(ref) {
    if (!ref.startsWith("#/")) throw new Error(`unsupported $ref ${ref}`);
    let node = this.schema;
    for (const token of ref.slice(2).split("/")) node = node?.[token.replaceAll("~1", "/").replaceAll("~0", "~")];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
    return node;
  }

  /** Follows `$ref`, single-branch `allOf` and `anyOf [X, null]` to the schema describing a value. */
  describe(node, value) {
    let current = node;
    for (let guard = 0; guard < 16 && current; guard += 1) {
      if (current.$ref) current = this.resolve(current.$ref);
      else if (current.allOf?.length === 1 && !current.type) current = { ...current.allOf[0], description: current.description };
      else if (current.anyOf) {
        const branches = current.anyOf.filter((branch) => branch.type !== "null");
        if (branches.length !== 1) return current;
        current = { ...branches[0], description: current.description ?? branches[0].description };
      } else if (current.oneOf && value !== undefined) {
        const match = this.#discriminated(current.oneOf, value);
        if (!match) return current;
        current = match;
      } else return current;
    }
    return current;
  }

  /** The branch of a `oneOf` of objects whose constant `kind`-like property equals the value's. */
  #discriminated(branches, value) {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
    for (const branch of branches) {
      const node = branch.$ref ? this.resolve(branch.$ref) : branch;
      const constant = Object.entries(node.properties ?? {}).find(([, prop]) => "const" in prop);
      if (constant && value[constant[0]] === constant[1].const) return node;
    }
    return null;
  }

  #check(node, value, path, issues) {
    if (node === true || node === undefined) return;
    if (node === false) {
      issues.push(issue("not_allowed", path, "no value is allowed here"));
      return;
    }
    if (node.$ref) {
      this.#check(this.resolve(node.$ref), value, path, issues);
    }
    if (node.allOf) for (const branch of node.allOf) this.#check(branch, value, path, issues);
    if (node.anyOf) this.#alternatives(node.anyOf, value, path, issues, false);
    if (node.oneOf) this.#alternatives(node.oneOf, value, path, issues, true);

    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? node.type : [node.type];
      if (!types.some((type) => typeMatches(value, type))) {
        issues.push(issue("invalid_type", path, `expected ${types.join(" or ")}, got ${typeOf(value)}`, { expected: types.join(" | "), actual: typeOf(value) }));
        return;
      }
    }
    if ("const" in node && !sameJson(node.const, value)) {
      issues.push(issue("invalid_value", path, `expected ${JSON.stringify(node.const)}`, { expected: JSON.stringify(node.const) }));
    }
    if (node.enum && !node.enum.some((option) => sameJson(option, value))) {
      issues.push(issue("unknown_variant", path, `expected one of ${node.enum.map((v) => JSON.stringify(v)).join(", ")}`, { expected: node.enum.map((v) => JSON.stringify(v)).join(", ") }));
    }
    if (typeof value === "number") this.#number(node, value, path, issues);
    if (typeof value === "string" && node.pattern && !new RegExp(node.pattern, "u").test(value)) {
      issues.push(issue("invalid_format", path, `does not match ${node.pattern}`, { pattern: node.pattern }));
    }
    if (Array.isArray(value)) this.#array(node, value, path, issues);
    else if (value !== null && typeof value === "object") this.#object(node, value, path, issues);
  }

  #number(node, value, path, issues) {
    let [low, high] = FORMAT_RANGES[node.format] ?? [-Infinity, Infinity];
    if (node.minimum !== undefined) low = Math.max(low, node.minimum);
    if (node.maximum !== undefined) high = Math.min(high, node.maximum);
    if (value < low || value > high) {
      issues.push(issue("out_of_range", path, `must be between ${low} and ${high}, got ${value}`, { min: low, max: high, actual: value }));
    }
  }

  #array(node, value, path, issues) {
    if (node.minItems !== undefined && value.length < node.minItems) {
      issues.push(issue("too_few_items", path, `needs at least ${node.minItems} items`, { min: node.minItems }));
    }
    if (node.maxItems !== undefined && value.length > node.maxItems) {
      issues.push(issue("too_many_items", path, `takes at most ${node.maxItems} items`, { max: node.maxItems }));
    }
    if (node.items !== undefined && !Array.isArray(node.items)) {
      value.forEach((item, index) => this.#check(node.items, item, `${path}/${index}`, issues));
    }
  }

  #object(node, value, path, issues) {
    for (const name of node.required ?? []) {
      if (!(name in value)) issues.push(issue("missing_field", `${path}/${escapeToken(name)}`, `${name} is required`, { field: name }));
    }
    const properties = node.properties ?? {};
    for (const [name, inner] of Object.entries(value)) {
      const child = `${path}/${escapeToken(name)}`;
      if (name in properties) this.#check(properties[name], inner, child, issues);
      else if (node.additionalProperties === false) {
        issues.push(issue("unknown_field", child, `unknown field ${name}`, { field: name, expected: Object.keys(properties).join(", ") }));
      } else if (node.additionalProperties && typeof node.additionalProperties === "object") {
        this.#check(node.additionalProperties, inner, child, issues);
      }
    }
  }

  /** anyOf / oneOf: report nothing when a branch fits, else the problems of the closest branch. */
  #alternatives(branches, value, path, issues, exactlyOne) {
    const results = branches.map((branch) => {
      const found = [];
      this.#check(branch, value, path, found);
      return found;
    });
    const fitting = results.filter((found) => found.length === 0).length;
    if (fitting === 1 || (fitting > 1 && !exactlyOne)) return;
    if (fitting > 1) {
      issues.push(issue("ambiguous", path, "fits more than one of the allowed shapes"));
      return;
    }
    const constants = branches.map((branch) => (branch.$ref ? this.resolve(branch.$ref) : branch)).filter((branch) => "const" in branch);
    if (constants.length === branches.length) {
      const expected = constants.map((branch) => JSON.stringify(branch.const)).join(", ");
      issues.push(issue("unknown_variant", path, `expected one of ${expected}`, { expected }));
      return;
    }
    const discriminated = this.#discriminated(branches, value);
    if (discriminated) {
      this.#check(discriminated, value, path, issues);
      return;
    }
    const kinds = branches.map((branch) => (branch.$ref ? this.resolve(branch.$ref) : branch));
    const tagged = kinds.map((node) => Object.entries(node.properties ?? {}).find(([, prop]) => "const" in prop)).filter(Boolean);
    if (tagged.length === kinds.length && value !== null && typeof value === "object" && !Array.isArray(value)) {
      const [field] = tagged[0];
      const expected = tagged.map(([, prop]) => JSON.stringify(prop.const)).join(", ");
      issues.push(issue("unknown_variant", `${path}/${escapeToken(field)}`, `expected one of ${expected}`, { expected }));
      return;
    }
    // The closest branch: one whose type fits the value, then the fewest problems.
    const score = (found) => (found.some((i) => i.code === "invalid_type" && i.path === path) ? Infinity : found.length);
    const best = results.reduce((a, b) => (score(b) < score(a) ? b : a));
    if (score(best) === Infinity) {
      const types = [...new Set(results.flatMap((found) => found.filter((i) => i.code === "invalid_type" && i.path === path).map((i) => i.params.expected)))];
      issues.push(issue("invalid_type", path, `expected ${types.join(" or ")}, got ${typeOf(value)}`, { expected: types.join(" | "), actual: typeOf(value) }));
      return;
    }
    issues.push(...best);
  }
}
