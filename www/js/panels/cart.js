// The editable cart: lines (category, unit price, quantity), the order coupon and shipping.
// Amounts are typed in major units and kept in minor units; every edit recomputes.
import { h, uid } from "../dom.js";
import { t } from "../i18n.js";

export function cartEditor(ctx) {
  const cart = ctx.state.cart;
  const fmt = ctx.fmt;
  const moneyInput = (label, value, onValue, { id } = {}) => {
    const input = h("input", { type: "text", inputmode: "decimal", class: "num", value: fmt.moneyInput(value ?? 0), "aria-label": label, id, autocomplete: "off" });
    input.addEventListener("input", () => {
      const minor = fmt.parseMoney(input.value);
      const ok = minor === null || (Number.isSafeInteger(minor) && minor >= 0);
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      input.title = ok ? "" : t("field.money", { example: fmt.moneyInput(12850) });
      if (ok) onValue(minor ?? 0);
    });
    return h("div", { class: "adorned" }, h("span", { class: "adorn", "aria-hidden": "true" }, fmt.symbol()), input);
  };
  const rows = cart.lines.map((line, index) => {
    const category = h("input", { type: "text", value: line.category ?? "", list: "category-names", "aria-label": t("cart.category_n", { n: index + 1 }), autocomplete: "off", class: "cart-category" });
    category.addEventListener("input", () => {
      line.category = category.value.trim() || null;
      ctx.cartChanged();
    });
    const quantity = h("input", { type: "number", min: "1", max: "9999", value: String(line.quantity ?? 1), class: "num cart-qty", "aria-label": t("cart.quantity_n", { n: index + 1 }) });
    quantity.addEventListener("input", () => {
      const n = Number(quantity.value);
      const ok = Number.isInteger(n) && n >= 1;
      quantity.setAttribute("aria-invalid", ok ? "false" : "true");
      if (ok) {
        line.quantity = n;
        ctx.cartChanged();
      }
    });
    return h("tr", { dataset: { line: String(index) } },
      h("td", {}, category),
      h("td", {}, moneyInput(t("cart.price_n", { n: index + 1 }), line.unit_price, (minor) => {
        line.unit_price = minor;
        ctx.cartChanged();
      })),
      h("td", {}, quantity),
      h("td", {}, h("button", {
        type: "button", class: "btn icon", "aria-label": t("cart.remove_n", { n: index + 1 }), title: t("cart.remove_n", { n: index + 1 }),
        onclick: () => {
          cart.lines.splice(index, 1);
          ctx.cartChanged({ structural: true });
        },
      }, "×")));
  });
  const couponId = uid("coupon");
  const shippingId = uid("shipping");
  return h("div", { class: "cart-editor", id: "cart-editor" },
    h("table", { class: "cart-table" },
      h("caption", { class: "visually-hidden" }, t("cart.title")),
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t("cart.category")),
        h("th", { scope: "col" }, t("cart.price")),
        h("th", { scope: "col" }, t("cart.quantity")),
        h("th", { scope: "col" }, h("span", { class: "visually-hidden" }, t("cart.actions"))))),
      h("tbody", {}, rows)),
    h("div", { class: "cart-foot" },
      h("button", {
        type: "button", class: "btn ghost small", id: "cart-add-line",
        onclick: () => {
          cart.lines.push({ category: "tea", unit_price: 10000, quantity: 1 });
          ctx.cartChanged({ structural: true });
          document.querySelector("#cart-editor tbody tr:last-child .cart-category")?.focus();
        },
      }, t("cart.add_line")),
      h("div", { class: "field inline" }, h("label", { for: couponId }, t("cart.coupon")), moneyInput(t("cart.coupon"), cart.discount, (minor) => {
        cart.discount = minor;
        ctx.cartChanged();
      }, { id: couponId })),
      h("div", { class: "field inline" }, h("label", { for: shippingId }, t("cart.shipping")), moneyInput(t("cart.shipping"), cart.shipping, (minor) => {
        cart.shipping = minor;
        ctx.cartChanged();
      }, { id: shippingId })),
      h("button", {
        type: "button", class: "btn ghost small",
        onclick: () => {
          cart.lines = [];
          cart.discount = 0;
          cart.shipping = 0;
          ctx.cartChanged({ structural: true });
        },
      }, t("cart.clear"))));
}
