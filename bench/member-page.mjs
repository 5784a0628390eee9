// The steady member page a storefront renders, against the input floor: `engine.evaluate` of
// the default program for its persona with 10 orders (`high_value`), at the personas' `now`,
// divided by `JSON.parse` of that persona's snapshot text. Each explain level is measured
// (the default, then `explain: "full"`), all contenders interleaved round by round so that a
// change in machine load hits them alike. Times are the process's CPU time per call
// (`process.cpuUsage`), which other processes on a shared machine disturb less than wall
// time; the figure is the median over the rounds.
//
//   node bench/member-page.mjs [--rounds N] [--wasm DIR]
//
// `--wasm DIR` measures another build of the core (tierwise_core.js + tierwise_core_bg.wasm)
// through the same JSON text boundary the package uses.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option("--rounds") ?? 9);
const dir = resolve(option("--wasm") ?? join(ROOT, "pkg/wasm"));
const core = await import(pathToFileURL(join(dir, "tierwise_core.js")).href);
core.initSync({ module: readFileSync(join(dir, "tierwise_core_bg.wasm")) });

const programText = readFileSync(join(ROOT, "src/defaults/program.json"), "utf8");
const personas = JSON.parse(readFileSync(join(ROOT, "src/defaults/personas.json"), "utf8"));
const snapshot = personas.personas.find((entry) => entry.id === "high_value").snapshot;
const text = JSON.stringify(snapshot);
const engine = core.WasmEngine.compile(programText);
/** What the package's `engine.evaluate` does: JSON text in, the core, JSON.parse out. */
const evaluate = (options) => () => JSON.parse(engine.evaluate(JSON.stringify(snapshot), JSON.stringify(options)));

const contenders = { json_parse: { run: () => JSON.parse(text), batch: 4000 } };
contenders.default = { run: evaluate({ now: personas.now }), batch: 100 };
try {
  evaluate({ now: personas.now, explain: "full" })();
  contenders.full = { run: evaluate({ now: personas.now, explain: "full" }), batch: 100 };
} catch (error) {
  // A core from before the explain option: its only level is the full one.
  if (!String(error?.message ?? error).includes("unknown_field")) throw error;
}

const cpu = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};
for (const contender of Object.values(contenders)) {
  contender.times = [];
  for (let i = 0; i < contender.batch; i++) contender.run(); // warm-up
}
for (let round = 0; round < rounds; round++) {
  for (const contender of Object.values(contenders)) {
    const start = cpu();
    for (let i = 0; i < contender.batch; i++) contender.run();
    contender.times.push((cpu() - start) / contender.batch);
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
const floor = median(contenders.json_parse.times);
const rows = Object.entries(contenders).filter(([name]) => name !== "json_parse").map(([level, contender]) => ({
  level,
  page_bytes: Buffer.byteLength(JSON.stringify(contender.run())),
  evaluate_us: +median(contender.times).toFixed(1),
  ratio: +(median(contender.times) / floor).toFixed(1),
}));
console.log(JSON.stringify({ wasm: dir, rounds, orders: snapshot.orders.length, snapshot_bytes: Buffer.byteLength(text), json_parse_us: +floor.toFixed(2), rows }, null, 2));
engine.free();
