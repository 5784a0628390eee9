// The contact plan: for each outbound channel, the offer to send now, or why nothing goes
// out and from when something could.
import { h } from "../dom.js";
import { t, tOr, localized } from "../i18n.js";
import { empty } from "./common.js";

/** One line saying why a channel sends nothing. */
function reasonText(ctx, reason) {
  const fmt = ctx.fmt;
  switch (reason?.reason) {
    case "contact_capped": return t("plan.capped", { cap: reason.cap, contacts: reason.contacts, max: reason.max, days: reason.per_days, date: reason.frees_on ? fmt.date(reason.frees_on) : "—" });
    case "quiet_hours": return t("plan.quiet", { time: localTime(reason.frees_at) });
    case "channel_opt_out": return t("plan.opt_out", { consent: reason.consent });
    case "no_consent": return t("plan.no_consent", { consent: reason.consent });
    case "channel_audience": return t("plan.audience");
    default: return t("plan.idle");
  }
}

/** `2026-11-24T09:00:00+08:00` as `2026-11-24 09:00`: the program's local time, as written. */
function localTime(instant) {
  return typeof instant === "string" ? `${instant.slice(0, 10)} ${instant.slice(11, 16)}` : "—";
}

export function contactPanel(ctx, plan, hasPolicy) {
  if (!hasPolicy) return empty(t("plan.no_policy"));
  if (!plan) return empty(t("plan.unavailable"));
  const titleOf = (offer) => localized(offer.title, ctx.locales()) || offer.id;
  return h("div", { class: "contact-plan" },
    h("p", { class: "muted small" }, t("plan.at", { time: localTime(plan.now) }),
      plan.preferred_channel ? ` · ${t("plan.preferred", { channel: plan.preferred_channel })}` : ""),
    h("ul", { class: "plan-list", id: "contact-plan" }, plan.channels.map((channel) =>
      h("li", { class: ["plan-channel", `plan-${channel.status}`], dataset: { channel: channel.channel, status: channel.status, offer: channel.offer?.id ?? "", reason: channel.reason?.reason ?? "", nextAt: channel.next_at ?? "" } },
        h("div", { class: "offer-line" },
          h("strong", {}, channel.channel),
          channel.channel === plan.preferred_channel ? h("span", { class: "chip chip-info" }, t("plan.preferred_chip")) : null,
          h("span", { class: ["chip", channel.status === "send" ? "chip-service" : channel.status === "wait" ? "chip-warn" : "chip-soft"] }, tOr(`plan.status.${channel.status}`, channel.status))),
        channel.offer
          ? h("p", { class: "small" }, titleOf(channel.offer), " ", h("span", { class: "muted" }, `(${tOr(`purpose.${channel.offer.purpose}`, channel.offer.purpose)})`))
          : h("p", { class: "small" }, reasonText(ctx, channel.reason),
            channel.next_at ? h("span", { class: "muted" }, ` · ${t("plan.next_at", { time: localTime(channel.next_at) })}`) : null)))));
}
