// A Node server's view of tierwise, as an app would write it: ESM, the package's Node entry
// (the core is ready on import) and tierwise/ssr, which writes the member page as HTML.
//
//   node ssr/render.mjs <locale>   → the whole HTML document on stdout
import { readFile } from "node:fs/promises";
import { Engine } from "tierwise";
import { renderMemberPageHTML } from "tierwise/ssr";

const locale = process.argv[2] ?? "zh-CN";
const program = JSON.parse(await readFile(new URL(import.meta.resolve("tierwise/data/program.json")), "utf8"));
const member = JSON.parse(await readFile(new URL("../fixtures/member.json", import.meta.url), "utf8"));

const engine = Engine.compile(program);
const body = renderMemberPageHTML({ engine, snapshot: member.snapshot, now: member.now, cart: member.cart, locale });
engine.free();

process.stdout.write(`<!doctype html>
<html lang="${locale}">
<head>
  <meta charset="utf-8">
  <title>Member</title>
  <link rel="stylesheet" href="/node_modules/tierwise/dom.css">
</head>
<body>
${body}
</body>
</html>
`);
