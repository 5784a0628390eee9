// No bundler: an import map names the package's entries; data comes with fetch.
import { showMemberPage } from "./app.js";

const [program, member] = await Promise.all([
  fetch("/node_modules/tierwise/data/program.json").then((response) => response.json()),
  fetch("/fixtures/member.json").then((response) => response.json()),
]);
showMemberPage(program, member);
