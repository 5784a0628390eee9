// The condition builder's model: a condition (MongoDB-style JSON, see docs/conditions.md) as
// a tree of groups ($and / $or / $nor / $not) and clauses (one operator on one fact), and back.
// Only the shape changes hands here; whether a condition holds is always asked of the engine.

export const GROUP_OPERATORS = ["$and", "$or", "$nor", "$not"];

/** Operators offered in the builder, with the kind of operand each takes. */
export const OPERATORS = [
  ["equals", "scalar"], ["$ne", "scalar"], ["$gt", "scalar"], ["$gte", "scalar"], ["$lt", "scalar"], ["$lte", "scalar"],
  ["$in", "list"], ["$nin", "list"], ["$exists", "boolean"], ["$regex", "text"], ["$eq", "scalar"],
  ["$all", "list"], ["$size", "json"], ["$elemMatch", "json"], ["$type", "text"], ["$not", "json"],
  ["$ini", "list"], ["$nini", "list"], ["$regexi", "text"], ["$inGroup", "text"], ["$notInGroup", "text"],
  ["$veq", "text"], ["$vne", "text"], ["$vgt", "text"], ["$vgte", "text"], ["$vlt", "text"], ["$vlte", "text"], ["$alli", "list"],
];

export const OPERAND_KIND = Object.fromEntries(OPERATORS);

function escapeToken(token) {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function isOperatorObject(value) {
  return isPlainObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith("$"));
}

export function clause(path = "", op = "$gte", value = 0) {
  return { type: "clause", path, op, value };
}

export function group(op = "$and", children = []) {
  return { type: "group", op, children };
}

/** The nodes a condition object stands for (several keys are an implicit $and). */
function nodesOf(condition) {
  if (!isPlainObject(condition)) return [{ type: "raw", value: condition }];
  const nodes = [];
  for (const [key, value] of Object.entries(condition)) {
    if (key === "$and" || key === "$or" || key === "$nor") {
      if (!Array.isArray(value)) nodes.push({ type: "raw", value: { [key]: value } });
      else nodes.push(group(key, value.map((item) => single(nodesOf(item)))));
    } else if (key === "$not") {
      nodes.push(group("$not", nodesOf(value)));
    } else if (isOperatorObject(value)) {
      for (const [op, operand] of Object.entries(value)) nodes.push(clause(key, op, operand));
    } else {
      nodes.push(clause(key, "equals", value));
    }
  }
  return nodes;
}

function single(nodes) {
  return nodes.length === 1 ? nodes[0] : group("$and", nodes);
}

/** The builder tree of a condition; its root is always a group. `null`/absent is an empty $and. */
export function toTree(condition) {
  if (condition === undefined || condition === null) return group("$and", []);
  const node = single(nodesOf(condition));
  return node.type === "group" && node.op !== "$not" ? node : group("$and", [node]);
}

/** The JSON of a node. Sets `node.pointer` on every node to where it lands under `base`. */
export function fromTree(node, base = "") {
  node.pointer = base;
  if (node.type === "raw") return node.value;
  if (node.type === "clause") {
    const at = `${base}/${escapeToken(node.path)}`;
    node.pointer = node.op === "equals" ? at : `${at}/${escapeToken(node.op)}`;
    return { [node.path]: node.op === "equals" ? node.value : { [node.op]: node.value } };
  }
  if (node.op === "$or" || node.op === "$nor") {
    return { [node.op]: node.children.map((child, index) => fromTree(child, `${base}/${node.op}/${index}`)) };
  }
  if (node.op === "$not") {
    return { $not: fromTree(group("$and", node.children), `${base}/$not`) };
  }
  // $and: merge the children into one object while no key collides, else an explicit $and.
  const merged = {};
  let collides = false;
  const parts = node.children.map((child) => fromTree(child, base));
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (!(key in merged)) merged[key] = value;
      else if (isOperatorObject(merged[key]) && isOperatorObject(value)
        && !Object.keys(value).some((op) => op in merged[key])) merged[key] = { ...merged[key], ...value };
      else collides = true;
    }
  }
  if (!collides) return merged;
  return { $and: node.children.map((child, index) => fromTree(child, `${base}/$and/${index}`)) };
}

/** Every clause under a node, in order. */
export function clausesOf(node) {
  if (node.type === "clause") return [node];
  if (node.type === "group") return node.children.flatMap(clausesOf);
  return [];
}

/** Reads what a designer typed as an operand for `op`. */
export function parseOperand(op, text) {
  const kind = OPERAND_KIND[op] ?? "json";
  const trimmed = text.trim();
  if (kind === "boolean") return trimmed !== "false";
  if (kind === "text") return text;
  if (kind === "list") {
    if (trimmed.startsWith("[")) return JSON.parse(trimmed);
    return trimmed === "" ? [] : trimmed.split(",").map((item) => parseScalar(item.trim()));
  }
  if (kind === "json") return JSON.parse(trimmed);
  return parseScalar(trimmed);
}

/** A number, true, false, null, a quoted string, or else the text itself. */
export function parseScalar(text) {
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The operand as the builder shows it for editing: the inverse of `parseOperand`. */
export function formatOperand(op, value) {
  const kind = OPERAND_KIND[op] ?? "json";
  if (kind === "boolean") return String(value !== false);
  if (kind === "text" && typeof value === "string") return value;
  if (kind === "list" && Array.isArray(value) && value.every((item) => item === null || typeof item !== "object")) {
    return value.map(formatScalar).join(", ");
  }
  if (kind === "scalar" && (value === null || typeof value !== "object")) return formatScalar(value);
  return JSON.stringify(value);
}

function formatScalar(value) {
  if (typeof value === "string") {
    const ambiguous = parseScalar(value) !== value || value.includes(",") || value.trim() !== value;
    return ambiguous ? JSON.stringify(value) : value;
  }
  return String(value);
}
