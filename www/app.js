// The demo page: compiles the default program in the page, lists the default personas, and
// shows the facts of the one selected. Everything that came from the program or a snapshot
// is written with textContent.
import init, { Engine, TierwiseError, validateProgram, version } from "/pkg/index.js";

const locale = navigator.language?.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
const $ = (selector) => document.querySelector(selector);

function localized(text) {
  if (typeof text === "string") return text;
  return text?.[locale] ?? text?.en ?? Object.values(text ?? {})[0] ?? "";
}

/** Facts as designers write them in conditions: nested objects become dot paths. */
function flatten(value, prefix = "", out = []) {
  const isObject = value !== null && typeof value === "object" && !Array.isArray(value);
  if (isObject && (Object.keys(value).length > 0 || prefix === "")) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.push([prefix, value]);
  }
  return out;
}

function display(value) {
  if (value === null) return "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function showIssues(issues) {
  const list = $("#issue-list");
  list.replaceChildren(...issues.map((issue) => {
    const item = document.createElement("li");
    const path = document.createElement("code");
    path.textContent = issue.path || "(program)";
    item.append(path, `: ${issue.message} (${issue.code})`);
    return item;
  }));
  $("#issues").hidden = issues.length === 0;
}

function showFacts(engine, persona, now) {
  const facts = engine.facts(persona.snapshot, { now });
  const rows = flatten(facts).map(([name, value]) => {
    const row = document.createElement("tr");
    row.dataset.fact = name;
    row.dataset.value = JSON.stringify(value);
    const nameCell = document.createElement("td");
    nameCell.textContent = name;
    const valueCell = document.createElement("td");
    valueCell.textContent = display(value);
    if (value === null) valueCell.className = "empty";
    row.append(nameCell, valueCell);
    return row;
  });
  $("#facts tbody").replaceChildren(...rows);
  $("#facts").dataset.persona = persona.id;
  $("#facts-title").textContent = `Facts · ${localized(persona.name)}`;
  for (const button of document.querySelectorAll("#personas button")) {
    button.setAttribute("aria-pressed", String(button.dataset.persona === persona.id));
  }
}

async function start() {
  await init();
  const [program, personas] = await Promise.all(
    ["/pkg/data/program.json", "/pkg/data/personas.json"].map(async (url) => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
      return response.json();
    }),
  );
  $("#program").textContent = `${localized(program.name) || program.id} · ${program.id}${program.version ? ` ${program.version}` : ""} · core ${version()}`;
  $("#now").textContent = personas.now;

  const issues = validateProgram(program);
  showIssues(issues);
  if (issues.length > 0) {
    document.body.dataset.state = "invalid";
    return;
  }
  const engine = Engine.compile(program);
  $("#personas").replaceChildren(...personas.personas.map((persona) => {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.persona = persona.id;
    const label = document.createElement("small");
    label.textContent = persona.snapshot.member_id;
    button.append(localized(persona.name), label);
    button.addEventListener("click", () => showFacts(engine, persona, personas.now));
    item.append(button);
    return item;
  }));
  if (personas.personas.length > 0) showFacts(engine, personas.personas[0], personas.now);
  $("#persona-panel").hidden = false;
  $("#facts-panel").hidden = false;
  document.body.dataset.state = "ready";
}

start().catch((error) => {
  document.body.dataset.state = "failed";
  const issues = error instanceof TierwiseError ? error.issues : [{ code: error.name ?? "error", path: "", message: error.message }];
  showIssues(issues);
  $("#program").textContent = "The engine could not start.";
  console.error(error);
});
