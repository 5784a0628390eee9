// JSON pointers (RFC 6901): reading, writing and removing values in the program by path.

export function escapeToken(token) {
  return String(token).replaceAll("~", "~0").replaceAll("/", "~1");
}

export function unescapeToken(token) {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function tokens(pointer) {
  if (pointer === "" || pointer === "/") return pointer === "" ? [] : [""];
  return pointer.slice(1).split("/").map(unescapeToken);
}

export function join(base, ...more) {
  return base + more.map((token) => `/${escapeToken(token)}`).join("");
}

export function get(doc, pointer) {
  let value = doc;
  for (const token of tokens(pointer)) {
    if (value === null || typeof value !== "object") return undefined;
    value = value[Array.isArray(value) ? Number(token) : token];
  }
  return value;
}

/** Sets the value at `pointer`, creating objects on the way; `undefined` removes it. */
export function set(doc, pointer, value) {
  const path = tokens(pointer);
  const last = path.pop();
  let parent = doc;
  for (const token of path) {
    const key = Array.isArray(parent) ? Number(token) : token;
    if (parent[key] === null || typeof parent[key] !== "object") parent[key] = {};
    parent = parent[key];
  }
  if (Array.isArray(parent)) {
    if (value === undefined) parent.splice(Number(last), 1);
    else parent[Number(last)] = value;
  } else if (value === undefined) {
    delete parent[last];
  } else {
    parent[last] = value;
  }
}

/** True when `pointer` is `base` or lies inside it. */
export function within(pointer, base) {
  return pointer === base || pointer.startsWith(`${base}/`);
}
