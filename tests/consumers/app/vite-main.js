// Vite: the package's JSON and CSS exports are imported like any module.
import program from "tierwise/data/program.json";
import "tierwise/dom.css";
import member from "../fixtures/member.json";
import { showMemberPage } from "./app.js";

showMemberPage(program, member);
