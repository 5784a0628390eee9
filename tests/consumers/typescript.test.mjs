// TypeScript consumers of the packed package, with the `tsc` of this workspace:
//
// 1. the README's quick starts (README.md and the package's own README), copied verbatim from
//    their code blocks into `.ts` files, type-check under `--strict` with the DOM library,
//    without it, and (the server recipe) with Node's types only; the free names the snippets
//    use (`snapshot`, `cart`, WeChat's `App`, …) are declared beside them, as a project
//    would have them;
// 2. the declared types are what the engine returns: every shared vector's result, run
//    through the package, is written as a literal of the type its call declares
//    (`const r: FullPage = {…}`) and must type-check with `exactOptionalPropertyTypes`, so a
//    key the type lacks (excess property), a key it requires that the result lacks, a value
//    of another type, or an error code outside `ErrorCode` fails;
// 3. the default program and personas (`tierwise/data`) are what their declarations say;
// 4. `tierwise/react` and the JSX typings of the custom elements check with React 19's types.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { PERSONAS, canonical, optionsOf, run, vectors } from "../js/support.mjs";
import { PROGRAM, ROOT, codeBlocks, consumerProject, readmeBlock } from "./support.mjs";

let consumer;

before(() => {
  consumer = consumerProject();
});
after(() => consumer?.cleanup());

/**
 * Type-checks `files` ({ relative path: text }) as a project of its own under the consumer,
 * with `options` over a strict base; fails with tsc's output.
 */
function typeCheck(name, files, options) {
  const dir = join(consumer.dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler",
      resolveJsonModule: true, skipLibCheck: false, types: [], typeRoots: [join(ROOT, "node_modules/@types")],
      ...options,
    },
    include: Object.keys(files),
  }));
  try {
    execFileSync(join(ROOT, "node_modules/.bin/tsc"), ["-p", join(dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe", maxBuffer: 64 << 20 });
  } catch (error) {
    assert.fail(`tsc failed for ${name}:\n${String(error.stdout).slice(0, 6000)}${error.stderr}`);
  }
}

/** The free names the quick starts use, as a project declares or imports them. */
const GLOBALS = `// What the quick starts leave to the reader: the member, a cart, the moment, other members.
declare const snapshot: import("tierwise").SnapshotInput;
declare const snapshots: import("tierwise").SnapshotInput[];
declare const cart: import("tierwise").CartInput;
declare const now: string;
declare const program: import("tierwise").ProgramInput;
`;

/** WeChat's globals, as its typings declare them (reduced to what the quick start uses). */
const WECHAT = `declare const WXWebAssembly: import("tierwise/miniprogram").WebAssemblyLike;
/** The app's own fields, declared as WeChat's TypeScript template declares IAppOption. */
interface IAppOption { tierwiseReady?: Promise<void>; onLaunch?(): void }
declare function App(options: IAppOption & ThisType<IAppOption>): void;
declare function getApp(): IAppOption;
declare function Page<T extends { data: object }>(options: T & ThisType<T & { setData(patch: Partial<T["data"]>): void }>): void;
`;

/** The member data module the mini-program page imports ("yours"). */
const MEMBER_DATA = `export declare const program: import("tierwise").ProgramInput;
export declare const snapshot: import("tierwise").SnapshotInput;
`;

/** The module script of the plain-page quick start. */
function plainPageScript() {
  const html = codeBlocks().find((block) => block.lang === "html" && block.code.includes('<script type="module">'));
  assert.ok(html, "README has the plain <script type=\"module\"> quick start");
  const script = html.code.match(/<script type="module">\n([\s\S]*?)<\/script>/);
  return script[1];
}

/** The quick starts that need no DOM: the package overview of both READMEs and the mini-program. */
function domFreeQuickStarts() {
  const packageBlock = codeBlocks().find((block) => block.heading === "Package" && block.lang === "js");
  const packed = codeBlocks(join(ROOT, "pkg/README.md")).filter((block) => block.lang === "js");
  assert.ok(packageBlock, "README has a Package code block");
  assert.equal(packed.length, 1, "pkg/README.md has one js block");
  return {
    "globals.d.ts": GLOBALS,
    "wechat.d.ts": WECHAT,
    "member-data.d.ts": MEMBER_DATA,
    "package.ts": packageBlock.code,
    "npm-readme.ts": packed[0].code,
    "app.ts": readmeBlock("// app.js"),
    "pages/member/member.ts": readmeBlock("// pages/member/member.js"),
    "src/tierwise.ts": `declare const WXWebAssembly: import("tierwise/miniprogram").WebAssemblyLike;\n${readmeBlock("// src/tierwise.js: imported by the app's entry, so the load starts at launch")}`,
  };
}

test("the README's browser quick starts type-check under --strict with the DOM library", () => {
  typeCheck("ts-dom", {
    ...domFreeQuickStarts(),
    // Vite's client types declare CSS imports; a Vite TS template has them.
    "vite-env.d.ts": 'declare module "*.css";\n',
    "src/main.ts": readmeBlock("// src/main.js"),
    "webpack.config.ts": readmeBlock("// webpack.config.mjs: no loaders, no experiments; JSON is built in and the .wasm is an"),
    "plain.ts": `export {};\n${plainPageScript()}`,
  }, { lib: ["es2022", "dom", "dom.iterable"] });
});

test("the README's Vite quick start passes `tsc` with the tsconfig of Vite's vanilla-ts template", () => {
  // create-vite's template/vanilla-ts/tsconfig.json (Vite 8), with vite/client's types from
  // the workspace, as `npm create vite` installs them; its build script is `tsc && vite build`.
  symlinkSync(join(ROOT, "node_modules/vite"), join(consumer.dir, "node_modules/vite"), "dir");
  typeCheck("ts-vite-template", {
    "src/globals.d.ts": 'declare const snapshot: import("tierwise").SnapshotInput;\n',
    "src/main.ts": readmeBlock("// src/main.js"),
  }, {
    target: "ES2022", useDefineForClassFields: true, module: "ESNext", lib: ["ES2022", "DOM", "DOM.Iterable"], types: ["vite/client"],
    typeRoots: undefined, resolveJsonModule: undefined, skipLibCheck: true, moduleResolution: "bundler", allowImportingTsExtensions: true,
    verbatimModuleSyntax: true, moduleDetection: "force", noEmit: true, strict: true, noUnusedLocals: true, noUnusedParameters: true,
    erasableSyntaxOnly: true, noFallthroughCasesInSwitch: true, noUncheckedSideEffectImports: true,
  });
});

test("the README's quick starts that need no DOM type-check without the DOM library or Node's types", () => {
  typeCheck("ts-no-dom", domFreeQuickStarts(), { lib: ["es2022"] });
});

test("the README's server quick start type-checks with Node's types and no DOM library", () => {
  typeCheck("ts-node", {
    "globals.d.ts": `${GLOBALS}declare function loadMember(request: import("node:http").IncomingMessage): Promise<import("tierwise").SnapshotInput>;\n`,
    "server.ts": readmeBlock("// server.mjs — node server.mjs"),
  }, { lib: ["es2022"], types: ["node"], module: "nodenext", moduleResolution: "nodenext" });
});

test("a program imported from a .json file compiles without a cast, and the data module is typed", () => {
  writeFileSync(join(consumer.dir, "my-program.json"), JSON.stringify(PROGRAM, null, 2));
  writeFileSync(join(consumer.dir, "my-member.json"), JSON.stringify(PERSONAS.personas[2].snapshot, null, 2));
  typeCheck("ts-json", {
    "main.ts": `import { Engine } from "tierwise";
import type { ErrorCode, MemberFacts, ProgramSpec, Snapshot } from "tierwise";
import { now, personas, program } from "tierwise/data";
import imported from "../my-program.json";
import member from "../my-member.json";
import shipped from "tierwise/data/program.json";

const engine = Engine.compile(imported);
Engine.compile(shipped);
Engine.compile(program);
const spec: ProgramSpec = program;
const first: Snapshot | undefined = personas[0]?.snapshot;
const facts: MemberFacts = engine.facts(member, { now });
const clv: number | null = facts.clv;
const segment: string | null = facts.segment;
const tags: string[] = facts.tags;
const code: ErrorCode = "missing_field";
// @ts-expect-error an error code outside the union
const wrong: ErrorCode = "no_such_code";
// @ts-expect-error a required key stays required
Engine.compile({ currency: "CNY", utc_offset: "+08:00" });
void [spec, first, clv, segment, tags, code, wrong];
`,
  }, {
    // The strictest setting a project may have: an optional key then takes `undefined` only
    // where its type says so, and a .json import infers `key?: undefined` for keys only some
    // elements of an array have.
    lib: ["es2022"], exactOptionalPropertyTypes: true,
  });
});

/** The declared type of a vector's result, by its call and explain level. */
function declaredType(vector) {
  const call = vector.call ?? "facts";
  const full = optionsOf(vector)?.explain === "full";
  switch (call) {
    case "facts": return "MemberFacts";
    case "evaluate": return full ? "FullPage" : "SummaryPage";
    case "next_best_offers": return full ? "FullOffersResult" : "SummaryOffersResult";
    case "tier_progress": return "TierProgress";
    case "tier_progress_after_cart": return "TierAfterCart";
    case "preview_points": return "PointsPreview";
    case "contact_plan": return "ContactPlan";
    case "compile": return undefined;
    default: throw new Error(`unknown call ${call}`);
  }
}

test("every vector's result is a value of the type its call declares, with no key more or less", async () => {
  const api = await consumer.load("tierwise");
  const byType = new Map();
  const add = (type, value) => {
    if (!byType.has(type)) byType.set(type, new Set());
    byType.get(type).add(canonical(value));
  };
  let results = 0;
  for (const [, vector] of vectors()) {
    const outcome = run(api, vector);
    if (outcome.error) {
      add("ThrownError", outcome.error);
      continue;
    }
    const type = declaredType(vector);
    if (type === undefined) continue;
    add(type, outcome.result);
    results += 1;
  }
  add("ProgramSpec", PROGRAM);
  for (const persona of PERSONAS.personas) add("Snapshot", persona.snapshot);
  assert.ok(results > 300, `${results} results`);
  for (const type of ["MemberFacts", "FullPage", "SummaryPage", "FullOffersResult", "TierProgress", "TierAfterCart", "PointsPreview", "ContactPlan", "ThrownError"]) {
    assert.ok(byType.has(type), `no vector returns a ${type}`);
  }
  const files = {};
  for (const [type, values] of byType) {
    files[`${type}.ts`] = `import type * as T from "tierwise";
type ThrownError = Pick<T.TierwiseError, "code" | "path" | "message" | "issues">;
type Is = ${type === "ThrownError" ? "ThrownError" : `T.${type}`};
${[...values].map((value, index) => `export const r${index}: Is = ${value};`).join("\n")}
`;
  }
  typeCheck("ts-results", files, { lib: ["es2022"], exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true });
});

test("tierwise/react and the custom elements type-check in TSX with React 19's types", () => {
  typeCheck("ts-react", {
    "globals.d.ts": GLOBALS,
    "page.tsx": `import { useRef } from "react";
import type { TierwiseElement } from "tierwise/dom";
import { Offers, PointsPreview, TierProgress, useEngine, useTierwise } from "tierwise/react";
import type { FullPage, SummaryPage } from "tierwise";

export function MemberPage({ locale }: { locale: "zh-CN" | "en" }) {
  const { engine, page, error } = useTierwise(program, snapshot, { now, cart });
  const summary: SummaryPage | undefined = page;
  const full: FullPage | undefined = useTierwise(program, snapshot, { now, explain: "full" }).page;
  const same = useEngine(program).engine === engine;
  const ref = useRef<TierwiseElement>(null);
  if (error) return <p role="alert">{error.message}</p>;
  return (
    <section lang={locale} data-same={String(same)} data-pages={String(summary === undefined) + String(full === undefined)}>
      <TierProgress engine={engine} snapshot={snapshot} now={now} locale={locale} onError={(reason) => console.log(reason)} />
      <PointsPreview engine={engine} snapshot={snapshot} cart={cart} now={now} className="points" />
      <Offers engine={engine} snapshot={snapshot} now={now} surface="member_page" limit={2} />
      <tierwise-tier-progress ref={ref} now={now} locale="en" snapshot={JSON.stringify(snapshot)} className="raw" />
      <tierwise-offers engine={engine} snapshot={snapshot} now={now} limit={3} />
      {/* @ts-expect-error a component needs now */}
      <TierProgress engine={engine} snapshot={snapshot} />
      {/* @ts-expect-error limit is a number */}
      <Offers engine={engine} snapshot={snapshot} now={now} limit={[2]} />
      {/* @ts-expect-error the elements take no unknown props */}
      <tierwise-offers engine={engine} snapshots={snapshot} />
    </section>
  );
}
`,
  }, { lib: ["es2022", "dom", "dom.iterable"], jsx: "react-jsx", types: ["react", "react-dom"] });
});
