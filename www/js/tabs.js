// Tabs as the WAI-ARIA pattern describes them: a tablist of buttons with roving tabindex,
// Left/Right (and Up/Down) move and select, Home/End jump, each tab controls its tabpanel.
import { h } from "./dom.js";

/**
 * Builds a tablist and its panels. `items` are `{ id, label }`; `onSelect(id)` fills the
 * panel. Returns `{ list, panels, select(id) }`.
 */
export function tabs({ label, items, selected, onSelect, prefix }) {
  const buttons = new Map();
  const panels = new Map();
  const select = (id, { focus = false } = {}) => {
    for (const [key, button] of buttons) {
      const active = key === id;
      button.setAttribute("aria-selected", String(active));
      button.tabIndex = active ? 0 : -1;
      panels.get(key).hidden = !active;
    }
    if (focus) buttons.get(id).focus();
    onSelect(id, panels.get(id));
  };
  const list = h("div", { role: "tablist", "aria-label": label, class: "tablist", id: `${prefix}-tabs` });
  for (const item of items) {
    const button = h("button", {
      type: "button", role: "tab", id: `${prefix}-tab-${item.id}`, "aria-controls": `${prefix}-panel-${item.id}`,
      "aria-selected": "false", tabindex: "-1", class: "tab", dataset: { tab: item.id },
    }, item.label);
    button.addEventListener("click", () => select(item.id));
    buttons.set(item.id, button);
    list.append(button);
    panels.set(item.id, h("div", {
      role: "tabpanel", id: `${prefix}-panel-${item.id}`, "aria-labelledby": `${prefix}-tab-${item.id}`, tabindex: "0", hidden: true, class: "tabpanel",
    }));
  }
  list.addEventListener("keydown", (event) => {
    const ids = items.map((item) => item.id);
    const current = ids.indexOf(event.target.dataset?.tab);
    if (current < 0) return;
    let next = null;
    if (event.key === "ArrowRight" || event.key === "ArrowDown") next = (current + 1) % ids.length;
    else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = (current - 1 + ids.length) % ids.length;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = ids.length - 1;
    if (next === null) return;
    event.preventDefault();
    select(ids[next], { focus: true });
  });
  buttons.get(selected)?.setAttribute("aria-selected", "true");
  return { list, panels, select };
}
