// The contact-policy editor: quiet hours, marketing caps per channel and across outbound
// channels, fatigue, and the kind and consent key of each channel.
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { button, intField, listField, row, section, selectField, textField } from "./fields.js";

/** A policy to start from: the practice the default program follows. */
const STARTER = {
  channels: [
    { id: "web", kind: "inbound", purposes: ["service", "marketing"] },
    { id: "sms", kind: "outbound", purposes: ["service", "marketing"] },
    { id: "push", kind: "outbound", purposes: ["service", "marketing"] },
  ],
  caps: [
    { id: "sms_30d", channels: ["sms"], max: 2, per_days: 30 },
    { id: "outbound_marketing_30d", max: 4, per_days: 30 },
  ],
  quiet_hours: { from: "21:00", until: "09:00" },
};

/** Quiet days as seven checkboxes, Monday first (ISO weekdays 1–7). */
function quietDays(ctx, policy) {
  const quiet = policy.quiet_hours && typeof policy.quiet_hours === "object" ? policy.quiet_hours : null;
  const days = Array.isArray(quiet?.days) ? quiet.days : [];
  // 2026-11-23 is a Monday: day d of the week is 2026-11-(22 + d).
  const boxes = [1, 2, 3, 4, 5, 6, 7].map((day) => {
    const input = h("input", { type: "checkbox", id: `quiet-day-${day}`, checked: days.includes(day), dataset: { day: String(day) } });
    input.addEventListener("change", () => {
      const chosen = [1, 2, 3, 4, 5, 6, 7].filter((d) => d === day ? input.checked : days.includes(d));
      ctx.update("/contact_policy/quiet_hours", { from: quiet?.from ?? "21:00", until: quiet?.until ?? "09:00", ...(chosen.length ? { days: chosen } : {}) });
    });
    return h("span", { class: "field check" }, input, h("label", { for: input.id }, ctx.fmt.weekday(`2026-11-${22 + day}`)));
  });
  return h("fieldset", { class: "field wide quiet-days", id: "quiet-days" },
    h("legend", { class: "field-label" }, t("contact.quiet_days")), h("div", { class: "field-row" }, boxes));
}

export function contactEditor(ctx) {
  const policy = ctx.program.contact_policy;
  if (!policy || typeof policy !== "object") {
    return h("div", { class: "empty-state", id: "contact-editor" },
      h("p", {}, t("contact.none")),
      button(t("contact.add_section"), () => {
        // Every channel the offers name must be declared: start from the starter's and add theirs.
        const channels = structuredClone(STARTER.channels);
        for (const offer of Array.isArray(ctx.program.offers) ? ctx.program.offers : []) {
          for (const id of Array.isArray(offer?.channels) ? offer.channels : []) {
            if (typeof id === "string" && !channels.some((channel) => channel.id === id)) channels.push({ id, kind: "inbound", purposes: ["service", "marketing"] });
          }
        }
        ctx.update("/contact_policy", { ...structuredClone(STARTER), channels }, { structural: true });
      }, { kind: "primary" }));
  }
  const channels = Array.isArray(policy.channels) ? policy.channels : [];
  const caps = Array.isArray(policy.caps) ? policy.caps : [];

  const quiet = section(t("contact.quiet"),
    h("p", { class: "muted small" }, t("contact.quiet_note")),
    row(
      textField(ctx, "/contact_policy/quiet_hours/from", t("contact.quiet_from"), { mono: true, placeholder: "21:00" }),
      textField(ctx, "/contact_policy/quiet_hours/until", t("contact.quiet_until"), { mono: true, placeholder: "09:00" }),
      quietDays(ctx, policy)),
    row(intField(ctx, "/contact_policy/fatigue_after", t("contact.fatigue_after"), { optional: true, min: 1, max: 1000, hint: t("contact.fatigue_hint") })));

  const capCards = caps.map((cap, index) => {
    const base = `/contact_policy/caps/${index}`;
    return h("fieldset", { class: "card-lite contact-cap", dataset: { path: base, cap: cap?.id ?? "" } },
      h("legend", {}, cap?.id ?? t("contact.cap")),
      row(
        textField(ctx, `${base}/id`, t("field.id"), { mono: true }),
        intField(ctx, `${base}/max`, t("contact.cap_max"), { min: 1 }),
        intField(ctx, `${base}/per_days`, t("contact.cap_days"), { min: 1, max: 3660, suffix: t("unit.days") })),
      row(listField(ctx, `${base}/channels`, t("contact.cap_channels"), { optional: true, hint: t("contact.cap_channels_hint") })),
      h("div", { class: "card-actions" },
        button(t("contact.remove_cap"), () => {
          caps.splice(index, 1);
          ctx.update("/contact_policy/caps", caps, { structural: true });
        }, { kind: "danger" })));
  });
  const addCap = button(t("contact.add_cap"), () => {
    caps.push({ id: `cap_${caps.length + 1}`, max: 4, per_days: 30 });
    ctx.update("/contact_policy/caps", caps, { structural: true });
  }, { kind: "primary" });

  const channelRows = channels.map((channel, index) => {
    const base = `/contact_policy/channels/${index}`;
    return h("fieldset", { class: "card-lite contact-channel", dataset: { path: base, channel: channel?.id ?? "" } },
      h("legend", {}, channel?.id ?? t("contact.channel")),
      row(
        textField(ctx, `${base}/id`, t("field.id"), { mono: true }),
        selectField(ctx, `${base}/kind`, t("contact.kind"), [["inbound", t("contact.kind.inbound")], ["outbound", t("contact.kind.outbound")]], { structural: true }),
        channel?.kind === "outbound" ? textField(ctx, `${base}/consent`, t("contact.consent"), { optional: true, mono: true, placeholder: channel?.id }) : null),
      row(listField(ctx, `${base}/purposes`, t("contact.purposes"))));
  });

  return h("div", { class: "editor-body", id: "contact-editor" },
    quiet,
    section(t("contact.caps"), h("p", { class: "muted small" }, t("contact.caps_note")), capCards, addCap),
    section(t("contact.channels"), h("p", { class: "muted small" }, t("contact.channels_note")), channelRows));
}
