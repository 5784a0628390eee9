// The raw JSON tab: the whole program as text. Every keystroke is parsed; a syntax error is
// shown at its line and column, and a parsed program is validated (JSON Schema and engine)
// and recomputed like any other edit. Problems link to their place in the text.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { JsonSyntaxError, parseWithSpans, spanOf } from "../jsontext.js";

let textarea = null;

export function jsonEditor(ctx) {
  textarea = h("textarea", {
    id: "program-json", class: "code json-editor", spellcheck: "false", autocomplete: "off",
    "aria-label": t("json.label"), "aria-describedby": "json-status",
  });
  textarea.value = ctx.ui.jsonDraft ?? JSON.stringify(ctx.program, null, 2);
  const status = h("p", { id: "json-status", class: "json-status", role: "status" });
  const showSyntax = (error) => {
    status.className = "json-status bad";
    status.textContent = t("json.syntax", { line: error.line, column: error.column, reason: error.reason });
  };
  const parse = () => {
    try {
      const { value } = parseWithSpans(textarea.value);
      ctx.ui.jsonDraft = textarea.value;
      status.className = "json-status";
      status.textContent = "";
      ctx.replaceProgram(value, { keepJsonText: true });
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      ctx.ui.jsonDraft = textarea.value;
      showSyntax(error);
      ctx.setSyntaxError(error);
    }
  };
  textarea.addEventListener("input", parse);
  textarea.addEventListener("keydown", (event) => {
    // Tab indents inside the editor; Escape then Tab leaves it, as in most code editors.
    if (event.key === "Escape") {
      textarea.dataset.escaped = "true";
      return;
    }
    if (event.key === "Tab" && !event.shiftKey && textarea.dataset.escaped !== "true") {
      event.preventDefault();
      textarea.setRangeText("  ", textarea.selectionStart, textarea.selectionEnd, "end");
      parse();
    }
    textarea.dataset.escaped = "false";
  });
  const format = h("button", {
    type: "button", class: "btn ghost small",
    onclick: () => {
      try {
        textarea.value = JSON.stringify(parseWithSpans(textarea.value).value, null, 2);
        ctx.ui.jsonDraft = null;
        parse();
      } catch (error) {
        if (error instanceof JsonSyntaxError) showSyntax(error);
      }
    },
  }, t("json.format"));
  if (ctx.syntaxError()) showSyntax(ctx.syntaxError());
  return h("div", { class: "editor-body json-body" },
    h("div", { class: "json-head" }, h("p", { class: "muted small" }, t("json.hint")), format),
    textarea, status);
}

/** Selects the text of the value at `pointer` (or its nearest existing parent) in the JSON tab. */
export function selectInJson(pointer) {
  if (!textarea?.isConnected) return false;
  let spans;
  try {
    ({ spans } = parseWithSpans(textarea.value));
  } catch {
    return false;
  }
  const span = spanOf(spans, pointer);
  if (!span) return false;
  textarea.focus();
  textarea.setSelectionRange(span.keyStart, span.end);
  const line = textarea.value.slice(0, span.keyStart).split("\n").length - 1;
  const lineHeight = parseFloat(getComputedStyle(textarea).lineHeight) || 18;
  textarea.scrollTop = Math.max(0, line * lineHeight - textarea.clientHeight / 3);
  return true;
}

/** Shows the program's current text, unless the designer is in the middle of editing it. */
export function syncJson(ctx) {
  if (textarea?.isConnected && document.activeElement !== textarea) {
    textarea.value = JSON.stringify(ctx.program, null, 2);
    ctx.ui.jsonDraft = null;
  }
}
