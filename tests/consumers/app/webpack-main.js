// webpack 5 with no loaders and no experiments: JSON is built in, the wasm is an asset
// found through `new URL(..., import.meta.url)`.
import program from "tierwise/data/program.json";
import member from "../fixtures/member.json";
import { showMemberPage } from "./app.js";

showMemberPage(program, member);
