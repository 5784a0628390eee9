// The condition builder: a condition as rows of "fact · operator · value" inside groups
// ("all of", "any of", "none of"), with a field picker over the facts catalog. Beside each
// row the engine says whether that clause holds for the selected persona, and what it saw.
import { h, uid } from "../dom.js";
import { get } from "../pointer.js";
import { t, tOr } from "../i18n.js";
import { OPERATORS, OPERAND_KIND, clause, formatOperand, fromTree, group, parseOperand, toTree } from "../condition.js";
import { isMoneyFact } from "../format.js";
import { factLabel } from "../panels/common.js";

/** Live rows of every builder on screen, refreshed after each recompute. */
const liveRows = new Set();

export function forgetBuilders() {
  liveRows.clear();
}

/** Updates every row's "holds for this persona" status; `status(node)` asks the engine. */
export function refreshBuilders(status, fmt) {
  for (const row of liveRows) {
    // Rows not in the document yet (a builder being built) are painted once attached.
    if (row.element.isConnected) paintStatus(row, status(row.node), fmt);
  }
}

function paintStatus(row, result, fmt) {
  const { statusEl, hintEl, node } = row;
  statusEl.className = "clause-status";
  if (!node.path) {
    statusEl.textContent = "";
    return;
  }
  if (result.error) {
    statusEl.classList.add("error");
    statusEl.textContent = "!";
    statusEl.title = result.error;
  } else {
    statusEl.classList.add(result.held ? "held" : "failed");
    const actual = result.missing ? t("clause.missing") : fmt.fact(node.path, result.actual);
    statusEl.textContent = `${result.held ? "✓" : "✗"} ${actual}`;
    statusEl.title = t(result.held ? "clause.holds_now" : "clause.fails_now", { actual });
  }
  // Say in words which fact this is, and an amount in money when the fact is money.
  const label = factLabel(node.path);
  const moneyHint = isMoneyFact(node.path) && typeof node.value === "number" ? `${fmt.money(node.value)}` : "";
  hintEl.textContent = [label !== node.path ? label : "", moneyHint].filter(Boolean).join(" · ");
}

function operatorLabel(op) {
  return tOr(`op.${op}`, op);
}

/**
 * A builder for the condition at `path`. `optional`: an empty condition removes the field
 * (always eligible) instead of writing `{}`.
 */
export function conditionBuilder(ctx, path, { label, optional = true } = {}) {
  const tree = toTree(get(ctx.program, path));
  fromTree(tree, path);
  const errorId = uid("err");
  const root = h("div", { class: "builder", role: "group", "aria-label": label, dataset: { path }, "aria-describedby": errorId });

  const commit = (structural = false) => {
    const json = fromTree(tree, path);
    const empty = tree.op === "$and" && tree.children.length === 0;
    ctx.update(path, empty && optional ? undefined : json);
    if (structural) render();
    else for (const row of liveRows) if (root.contains(row.element)) row.element.dataset.path = row.node.pointer;
  };

  const render = () => {
    for (const row of [...liveRows]) if (root.contains(row.element)) liveRows.delete(row);
    root.replaceChildren(groupView(ctx, tree, null, commit), h("p", { class: "field-error", id: errorId }));
    ctx.refreshBuilders();
  };
  render();
  return h("div", { class: "field wide" }, h("span", { class: "field-label" }, label), root);
}

function groupView(ctx, node, parent, commit) {
  const isRoot = parent === null;
  const select = h("select", { "aria-label": t("builder.combine"), class: "group-op" },
    [["$and", t("builder.all")], ["$or", t("builder.any")], ["$nor", t("builder.none")], ["$not", t("builder.not_all")]]
      .map(([op, text]) => h("option", { value: op, selected: node.op === op }, text)));
  select.addEventListener("change", () => {
    node.op = select.value;
    commit(true);
  });
  const children = node.children.map((child) => {
    if (child.type === "group") return groupView(ctx, child, node, commit);
    if (child.type === "clause") return clauseView(ctx, child, node, commit);
    return h("div", { class: "clause raw" }, h("code", {}, JSON.stringify(child.value)), h("span", { class: "muted" }, t("builder.raw")));
  });
  return h("div", { class: ["group", isRoot && "root"], dataset: { path: node.pointer } },
    h("div", { class: "group-head" },
      select,
      isRoot && node.children.length === 0 ? h("span", { class: "muted" }, t("builder.always")) : null,
      h("span", { class: "spacer" }),
      !isRoot ? h("button", {
        type: "button", class: "btn icon", "aria-label": t("builder.remove_group"), title: t("builder.remove_group"),
        onclick: () => {
          parent.children.splice(parent.children.indexOf(node), 1);
          commit(true);
        },
      }, "×") : null),
    h("div", { class: "group-body" }, children),
    h("div", { class: "group-actions" },
      h("button", {
        type: "button", class: "btn ghost small",
        onclick: () => {
          node.children.push(clause("", "$gte", 0));
          commit(true);
          const inputs = [...document.querySelectorAll(".builder .fact-input")];
          inputs.find((input) => input.value === "")?.focus();
        },
      }, t("builder.add_clause")),
      h("button", {
        type: "button", class: "btn ghost small",
        onclick: () => {
          node.children.push(group("$or", [clause("", "$gte", 0)]));
          commit(true);
        },
      }, t("builder.add_group"))));
}

function clauseView(ctx, node, parent, commit) {
  const factInput = h("input", {
    type: "text", class: "fact-input mono", value: node.path, list: "fact-names", "aria-label": t("builder.fact"),
    placeholder: t("builder.fact_placeholder"), autocomplete: "off", spellcheck: "false",
  });
  const opSelect = h("select", { "aria-label": t("builder.operator"), class: "op-select" },
    OPERATORS.map(([op]) => h("option", { value: op, selected: node.op === op }, operatorLabel(op))));
  if (!OPERAND_KIND[node.op]) opSelect.append(h("option", { value: node.op, selected: true }, node.op));
  const valueSlot = h("span", { class: "value-slot" });
  const statusEl = h("span", { class: "clause-status", role: "status" });
  const hintEl = h("span", { class: "clause-hint muted" });
  const element = h("div", { class: "clause", dataset: { path: node.pointer } },
    factInput, opSelect, valueSlot, statusEl,
    h("button", {
      type: "button", class: "btn icon", "aria-label": t("builder.remove_clause"), title: t("builder.remove_clause"),
      onclick: () => {
        parent.children.splice(parent.children.indexOf(node), 1);
        commit(true);
      },
    }, "×"),
    hintEl);
  const row = { node, element, statusEl, hintEl };

  const valueControl = () => {
    const kind = OPERAND_KIND[node.op] ?? "json";
    if (kind === "boolean") {
      const select = h("select", { "aria-label": t("builder.value") },
        h("option", { value: "true", selected: node.value !== false }, "true"),
        h("option", { value: "false", selected: node.value === false }, "false"));
      select.addEventListener("change", () => {
        node.value = select.value === "true";
        commit();
      });
      return select;
    }
    const input = h("input", {
      type: "text", class: "value-input mono", value: formatOperand(node.op, node.value), "aria-label": t("builder.value"),
      placeholder: kind === "list" ? t("builder.list_placeholder") : "", autocomplete: "off", spellcheck: "false",
    });
    input.addEventListener("input", () => {
      try {
        node.value = parseOperand(node.op, input.value);
        input.setAttribute("aria-invalid", "false");
        input.title = "";
      } catch {
        input.setAttribute("aria-invalid", "true");
        input.title = t("builder.bad_json");
        return;
      }
      commit();
      ctx.refreshBuilders();
    });
    return input;
  };
  valueSlot.append(valueControl());

  factInput.addEventListener("input", () => {
    node.path = factInput.value.trim();
    commit();
    ctx.refreshBuilders();
  });
  opSelect.addEventListener("change", () => {
    const before = OPERAND_KIND[node.op];
    node.op = opSelect.value;
    const after = OPERAND_KIND[node.op];
    if (before !== after) {
      node.value = after === "boolean" ? true : after === "list" ? [] : after === "text" ? "" : after === "json" ? {} : 0;
    }
    valueSlot.replaceChildren(valueControl());
    commit();
    ctx.refreshBuilders();
  });
  liveRows.add(row);
  return element;
}
