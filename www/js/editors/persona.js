// What-if on the selected persona: add orders (spend), change the profile, tier, consent and
// attributes, or edit the snapshot as JSON. Changes stay with the persona until reset and
// travel in the share link.
import { h, uid } from "../dom.js";
import { t, localized } from "../i18n.js";
import { addDays } from "../format.js";

const CONSENTS = ["marketing", "sms", "email", "push", "phone"];

function labelled(label, input, hint) {
  input.id ||= uid("p");
  return h("div", { class: "field" }, h("label", { for: input.id, class: "field-label" }, label), input.wrapper ?? input, hint ? h("p", { class: "field-hint" }, hint) : null);
}

export function personaEditor(ctx) {
  const snapshot = ctx.snapshot();
  const persona = ctx.persona();
  const whatIf = (snapshot.orders ?? []).filter((order) => String(order?.id ?? "").startsWith("whatif-"));

  // Add orders -------------------------------------------------------------------------------
  const amount = h("input", { type: "text", inputmode: "decimal", class: "num", value: ctx.fmt.moneyInput(50000), autocomplete: "off" });
  const count = h("input", { type: "number", min: "1", max: "50", value: "1", class: "num" });
  const category = h("input", { type: "text", value: "tea", list: "category-names", autocomplete: "off" });
  const daysAgo = h("input", { type: "number", min: "0", max: "3650", value: "0", class: "num" });
  const addError = h("p", { class: "field-error", role: "alert" });
  const addOrders = () => {
    const minor = ctx.fmt.parseMoney(amount.value);
    const n = Number(count.value);
    const back = Number(daysAgo.value);
    if (!Number.isSafeInteger(minor) || minor <= 0) {
      addError.textContent = t("field.money", { example: ctx.fmt.moneyInput(12850) });
      return;
    }
    if (!Number.isInteger(n) || n < 1 || n > 50 || !Number.isInteger(back) || back < 0) {
      addError.textContent = t("whatif.bad_count");
      return;
    }
    addError.textContent = "";
    ctx.updateSnapshot((snap) => {
      snap.orders = Array.isArray(snap.orders) ? snap.orders : [];
      const now = ctx.now();
      for (let i = 0; i < n; i += 1) {
        const number = snap.orders.filter((o) => String(o?.id ?? "").startsWith("whatif-")).length + 1;
        snap.orders.push({
          id: `whatif-${number}`,
          placed_at: `${addDays(now.slice(0, 10), -back)}${now.slice(10)}`,
          lines: [{ category: category.value.trim() || null, unit_price: minor, quantity: 1 }],
          status: "paid",
        });
      }
    });
  };
  const moneyWrap = h("div", { class: "adorned" }, h("span", { class: "adorn", "aria-hidden": "true" }, ctx.fmt.symbol()), amount);
  amount.wrapper = moneyWrap;
  const addSection = h("section", { class: "ed-section" },
    h("h3", {}, t("whatif.add_orders")),
    h("p", { class: "muted small" }, t("whatif.add_orders_hint")),
    h("div", { class: "field-row" },
      labelled(t("whatif.amount"), amount), labelled(t("whatif.count"), count),
      labelled(t("whatif.category"), category), labelled(t("whatif.days_ago"), daysAgo)),
    h("button", { type: "button", class: "btn primary", onclick: addOrders, id: "whatif-add" }, t("whatif.add")),
    addError,
    whatIf.length ? h("ul", { class: "plain-list" }, whatIf.map((order) => h("li", { class: "list-row" },
      h("span", {}, `${ctx.fmt.money(order.lines?.[0]?.unit_price)} · ${order.lines?.[0]?.category ?? "—"} · ${ctx.fmt.date(String(order.placed_at).slice(0, 10))}`),
      h("button", {
        type: "button", class: "btn ghost small", "aria-label": t("whatif.remove_order", { id: order.id }),
        onclick: () => ctx.updateSnapshot((snap) => { snap.orders = snap.orders.filter((o) => o.id !== order.id); }),
      }, t("action.remove"))))) : null);

  // Profile ------------------------------------------------------------------------------------
  const text = (label, key, { type = "text", hint, placeholder } = {}) => {
    const input = h("input", { type, value: snapshot[key] ?? "", placeholder, autocomplete: "off", dataset: { snapshotPath: `/${key}` } });
    input.addEventListener(type === "date" ? "change" : "input", () => ctx.updateSnapshot((snap) => {
      if (input.value === "") delete snap[key];
      else snap[key] = input.value;
    }, { structural: false }));
    return labelled(label, input, hint);
  };
  const tierSelect = h("select", { dataset: { snapshotPath: "/tier/id" } },
    h("option", { value: "", selected: !snapshot.tier }, t("whatif.no_tier")),
    ctx.tierIds().map((id) => h("option", { value: id, selected: snapshot.tier?.id === id }, ctx.tierName(id))));
  tierSelect.addEventListener("change", () => ctx.updateSnapshot((snap) => {
    if (!tierSelect.value) delete snap.tier;
    else snap.tier = { ...(snap.tier ?? {}), id: tierSelect.value };
  }));
  const tierDate = (label, key) => {
    const input = h("input", { type: "date", value: snapshot.tier?.[key] ?? "", disabled: !snapshot.tier, dataset: { snapshotPath: `/tier/${key}` } });
    input.addEventListener("change", () => ctx.updateSnapshot((snap) => {
      if (!snap.tier) return;
      if (input.value) snap.tier[key] = input.value;
      else delete snap.tier[key];
    }, { structural: false }));
    return labelled(label, input);
  };
  const profile = h("section", { class: "ed-section" },
    h("h3", {}, t("whatif.profile")),
    h("div", { class: "field-row" },
      text(t("whatif.member_id"), "member_id", { hint: t("whatif.member_id_hint") }),
      text(t("whatif.joined_at"), "joined_at", { type: "date" }),
      text(t("whatif.birthday"), "birthday", { placeholder: "1991-05-08 / --05-08" })),
    h("div", { class: "field-row" }, labelled(t("whatif.tier"), tierSelect), tierDate(t("whatif.tier_since"), "since"), tierDate(t("whatif.tier_valid_until"), "valid_until")));

  const consent = h("fieldset", { class: "ed-section checks" },
    h("legend", {}, t("whatif.consent")),
    CONSENTS.map((key) => {
      const input = h("input", { type: "checkbox", id: uid("c"), checked: snapshot.consent?.[key] === true, dataset: { snapshotPath: `/consent/${key}` } });
      input.addEventListener("change", () => ctx.updateSnapshot((snap) => {
        snap.consent = { ...(snap.consent ?? {}), [key]: input.checked };
      }, { structural: false }));
      return h("span", { class: "check" }, input, h("label", { for: input.id }, t(`consent.${key}`)));
    }));

  const attributes = Object.entries(snapshot.attributes ?? {});
  const attributeRows = h("section", { class: "ed-section" },
    h("h3", {}, t("whatif.attributes")),
    attributes.map(([key, value]) => {
      const input = h("input", { type: "text", value: typeof value === "string" ? value : JSON.stringify(value), autocomplete: "off" });
      input.addEventListener("input", () => ctx.updateSnapshot((snap) => {
        snap.attributes = { ...(snap.attributes ?? {}), [key]: input.value };
      }, { structural: false }));
      return labelled(key, input);
    }));

  // Raw snapshot ---------------------------------------------------------------------------------
  const raw = h("textarea", { class: "code", rows: 12, spellcheck: "false", "aria-label": t("whatif.raw_label") });
  raw.value = JSON.stringify(snapshot, null, 2);
  const rawError = h("p", { class: "field-error", role: "alert" });
  raw.addEventListener("input", () => {
    let parsed;
    try {
      parsed = JSON.parse(raw.value);
    } catch (error) {
      rawError.textContent = error.message;
      return;
    }
    rawError.textContent = "";
    ctx.replaceSnapshot(parsed);
  });
  const rawSection = h("details", { class: "ed-section raw-snapshot" },
    h("summary", {}, t("whatif.raw")),
    raw, rawError);

  return h("div", { class: "editor-body" },
    h("div", { class: "persona-head" },
      h("div", {}, h("h3", {}, localized(persona.name, ctx.locales())), h("p", { class: "muted small" }, ctx.isEdited() ? t("whatif.edited") : t("whatif.unchanged"))),
      h("button", { type: "button", class: "btn ghost", disabled: !ctx.isEdited(), onclick: () => ctx.resetSnapshot() }, t("whatif.reset"))),
    addSection, profile, consent, attributeRows, rawSection);
}
