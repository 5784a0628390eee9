// tierwise/dom: shows what the engine computes on a member page.
//
//   import { mountMemberPage } from "tierwise/dom";
//   const view = mountMemberPage(document.querySelector("#member"), { engine, snapshot, now, locale: "zh-CN" });
//   view.update({ cart });   // re-renders with the new cart
//   view.destroy();          // puts the slots back as they were
//
// Three ways to use it, one rendering: `mountMemberPage` fills `data-tierwise="…"` slots of
// the page's own markup; `defineElements()` registers <tierwise-tier-progress>,
// <tierwise-points-preview>, <tierwise-offers> and (staff only) <tierwise-contact-plan>,
// which bring their own markup; and
// `renderMemberPageHTML` writes the default markup as an HTML string on a server (no DOM
// needed), which `mountMemberPage` can take over in the browser.
//
// Two audiences: `shopper` (the default) is for members: reasons are sentences about their
// own values ("You joined 12 days ago"), money is in the currency, segment names and a
// points line without a cart stay hidden. `staff` (support desks, back offices) shows the
// technical detail: each reason's fact path, operator and operand, and the segment; and, in
// a `contact-plan` slot, the contact plan (per outbound channel: send now, wait until when,
// blocked or nothing to send, and why), which shoppers never see and which is computed only
// for staff pages that have the slot.
//
// There is no domain logic here: every number, date and decision comes from the engine;
// this module picks localized texts, formats through tierwise/format and writes text. Anything that
// comes from a program or a snapshot reaches the DOM as textContent or an attribute value,
// and the HTML renderer escapes every string it writes.
import { TierwiseError } from "./engine.js";
import { codeLabel, createFormat, factValue, shopperReason } from "./format.js";

const SLOT = "data-tierwise";

// Messages -------------------------------------------------------------------------------

/**
 * The built-in message strings. `{name}` is replaced by a parameter; an object picks its
 * text by the plural category of `count` (Intl.PluralRules); a function gets the
 * parameters and returns the text.
 */
export const MESSAGES = Object.freeze({
  en: Object.freeze({
    headingTier: "Your tier",
    headingPoints: "Points",
    headingOffers: "For you",
    headingBenefits: "{tier} adds",
    headingActivities: "More ways to earn",
    headingBadges: "Badges",
    tierValidUntil: "Valid until {date}",
    nextTier: "Next: {tier}",
    topTier: "You have reached the top tier",
    progressLabel: "Progress to {tier}",
    progressValue: "{percent} of the way to {tier}",
    progressTop: "Top tier",
    remaining: "To reach {tier}: {items}",
    spendMore: "spend {amount} more",
    ordersMore: { one: "{count} more order", other: "{count} more orders" },
    pointsMore: { one: "earn {count} more point", other: "earn {count} more points" },
    counterMore: "{count} more {counter}",
    deadline: "Qualify by {date} ({relative})",
    rollingWindow: "Counted over the last {months} months",
    onPace: "At your current pace you will reach {tier} in time",
    offPace: "At your current pace you will not reach {tier} in time",
    requalSecured: "{tier} is secured until {date}",
    requalSecuredOpen: "{tier} is secured",
    requalOnTrack: "On track to keep {tier}: {items} by {date}",
    requalAtRisk: "To keep {tier}, {items} by {date}",
    points: { one: "{count} point", other: "{count} points" },
    balance: "{points} available",
    pending: "{points} pending",
    cartTotal: "This order earns {points}",
    basePoints: "Base points",
    capped: "capped",
    availableAt: "Usable from {date}",
    expiresAt: "valid until {date}",
    neverExpire: "never expire",
    expiring: "{points} expire on {date} ({relative})",
    expiringMore: "{points} more within {days} days",
    expiringNone: "No points expire in the next {days} days",
    nextReward: "{points} more for {reward}",
    nextRewardAfterCart: "This order unlocks {reward}",
    allRewards: "Your balance covers every reward",
    activity: "{name}: {points}",
    noOffers: "No offers right now",
    reasons: "Why you see this",
    offerValidUntil: "Until {date}",
    reason: "{fact} {operator} {expected} (yours: {actual})",
    reasonMissing: "{fact} {operator} {expected}",
    reasonKnown: "{fact} is known (yours: {actual})",
    reasonUnknown: "{fact} is not known",
    segment: "{segment}",
    headingContactPlan: "Contact plan",
    contactNoPolicy: "{label}: outbound contacts are not planned",
    contactPreferred: "preferred",
    contactSend: "Send now",
    contactWait: "Wait",
    contactBlocked: "Blocked",
    contactIdle: "Nothing to send",
    contactCapped: "Cap {cap}: {contacts} of {max} marketing contacts in {days} days; frees on {date}",
    contactQuiet: "Quiet hours; frees at {time}",
    contactOptOut: "Opted out (consent.{consent})",
    contactNoConsent: "No marketing consent (consent.{consent})",
    contactAudience: "Outside the audience of this channel",
    contactNothing: "No eligible offer",
    contactNextAt: "earliest {time}",
  }),
  "zh-CN": Object.freeze({
    headingTier: "会员等级",
    headingPoints: "积分",
    headingOffers: "为你推荐",
    headingBenefits: "{tier}新增权益",
    headingActivities: "更多赚积分方式",
    headingBadges: "荣誉徽章",
    tierValidUntil: "有效期至 {date}",
    nextTier: "下一等级：{tier}",
    topTier: "已是最高等级",
    progressLabel: "升级{tier}进度",
    progressValue: "距{tier}已完成 {percent}",
    progressTop: "最高等级",
    remaining: "升级{tier}：{items}",
    spendMore: "再消费 {amount}",
    ordersMore: "再下 {count} 单",
    pointsMore: "再获得 {count} 积分",
    counterMore: "{counter}再 {count}",
    deadline: "截止 {date}（{relative}）",
    rollingWindow: "按最近 {months} 个月累计",
    onPace: "按当前节奏，可按时升级{tier}",
    offPace: "按当前节奏，无法按时升级{tier}",
    requalSecured: "{tier}资格已保级，有效期至 {date}",
    requalSecuredOpen: "{tier}资格已保级",
    requalOnTrack: "有望保级{tier}：{date} 前{items}",
    requalAtRisk: "保级{tier}：{date} 前需{items}",
    points: "{count} 积分",
    balance: "可用 {points}",
    pending: "待入账 {points}",
    cartTotal: "本单可得 {points}",
    basePoints: "基础积分",
    capped: "已封顶",
    availableAt: "{date}起可用",
    expiresAt: "有效期至 {date}",
    neverExpire: "永不过期",
    expiring: "{points}将于 {date} 过期（{relative}）",
    expiringMore: "{days} 天内另有 {points}过期",
    expiringNone: "未来 {days} 天内没有积分过期",
    nextReward: "再攒 {points}可兑换「{reward}」",
    nextRewardAfterCart: "本单完成后可兑换「{reward}」",
    allRewards: "积分已足够兑换所有奖励",
    activity: "{name}：{points}",
    noOffers: "暂无推荐",
    reasons: "推荐理由",
    offerValidUntil: "有效期至 {date}",
    reason: "{fact} {operator} {expected}（当前 {actual}）",
    reasonMissing: "{fact} {operator} {expected}",
    reasonKnown: "{fact} 已知（当前 {actual}）",
    reasonUnknown: "{fact} 未知",
    segment: "{segment}",
    headingContactPlan: "触达计划",
    contactNoPolicy: "{label}：不规划外呼触达",
    contactPreferred: "偏好渠道",
    contactSend: "立即发送",
    contactWait: "等待",
    contactBlocked: "不可发送",
    contactIdle: "无可发送内容",
    contactCapped: "上限 {cap}：{days} 天内已营销触达 {contacts}/{max} 次；{date} 解除",
    contactQuiet: "免打扰时段；{time} 解除",
    contactOptOut: "已退订（consent.{consent}）",
    contactNoConsent: "未授权营销（consent.{consent}）",
    contactAudience: "不在该渠道的目标人群内",
    contactNothing: "没有符合条件的优惠",
    contactNextAt: "最早 {time}",
  }),
});

const OPERATORS = {
  $eq: "=", equals: "=", $ne: "≠", $gt: ">", $gte: "≥", $lt: "<", $lte: "≤",
  $in: "∈", $nin: "∉", $all: "⊇", $exists: "exists", $regex: "~", $size: "size", $elemMatch: "has",
};

/** The built-in messages for `locale`: Chinese for `zh*`, English otherwise. */
function baseMessages(locale) {
  return locale.toLowerCase().startsWith("zh") ? MESSAGES["zh-CN"] : MESSAGES.en;
}

// Formatting -----------------------------------------------------------------------------

/** A program's localized text in `locale`, else in the same language, the program's default locale, or any. */
function localized(text, locale, info) {
  if (!text || typeof text !== "object") return "";
  if (typeof text[locale] === "string") return text[locale];
  const language = locale.split("-")[0].toLowerCase();
  const sameLanguage = Object.keys(text).find((key) => key.split("-")[0].toLowerCase() === language);
  if (sameLanguage) return text[sameLanguage];
  const fallback = info?.locales?.find((key) => typeof text[key] === "string");
  if (fallback) return text[fallback];
  return Object.values(text).find((value) => typeof value === "string") ?? "";
}

const AUDIENCES = ["shopper", "staff"];

/**
 * The formatter of one render: tierwise/format in the page's locale with the program's
 * currency and minor digits, the merged messages, and the audience.
 */
function formatter(locale, info, overrides, audience = "shopper") {
  if (!AUDIENCES.includes(audience)) {
    throw new TierwiseError(`audience must be "shopper" or "staff", got ${JSON.stringify(audience)}`, { code: "invalid_value", path: "/options/audience" });
  }
  const messages = { ...baseMessages(locale), ...(overrides ?? {}) };
  const shared = createFormat(locale, info);
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const plural = new Intl.PluralRules(locale);
  const format = {
    ...shared,
    info,
    audience,
    text: (value) => localized(value, locale, info),
    /** The message `key` with `params`, pluralised on `params.count`. */
    message: (key, params = {}) => {
      let template = messages[key];
      if (typeof template === "function") return String(template(params));
      if (template !== null && typeof template === "object") {
        const category = typeof params.count === "number" ? plural.select(params.count) : "other";
        template = template[category] ?? template.other;
      }
      if (typeof template !== "string") return "";
      return template.replace(/\{(\w+)\}/g, (match, name) => {
        const value = params[name];
        if (value === undefined || value === null) return match;
        return typeof value === "number" ? integer.format(value) : String(value);
      });
    },
  };
  format.points = (count) => format.message("points", { count });
  return format;
}

// Views: engine results → slot contents --------------------------------------------------
//
// A slot's content is { text } or { children } (virtual nodes, below), with optional
// `attrs` and `style`; `hidden: true` hides a slot that has nothing to show.

/** A virtual node: a tag, attributes (with `style` as an object) and children (strings or nodes). */
function h(tag, attrs, ...children) {
  return { tag, attrs: attrs ?? {}, children: children.flat().filter((child) => child !== null && child !== undefined && child !== false) };
}

const hidden = { text: "", hidden: true };

function metricItems(metrics, format) {
  return metrics.filter((metric) => metric.remaining > 0).map((metric) => {
    switch (metric.metric) {
      case "spend": return format.message("spendMore", { amount: format.money(metric.remaining) });
      case "orders": return format.message("ordersMore", { count: metric.remaining });
      case "points_earned": return format.message("pointsMore", { count: metric.remaining });
      default: return format.message("counterMore", { count: metric.remaining, counter: metric.counter ?? metric.metric });
    }
  });
}

/** The slots of tier progress. */
function tierSlots(tier, format) {
  if (!tier) {
    return Object.fromEntries(TIER_SLOTS.map((name) => [name, hidden]));
  }
  const { current, next, window, requalification } = tier;
  const currentName = format.text(current.name) || current.id;
  const nextName = next ? format.text(next.name) || next.id : "";
  const slots = {
    "heading-tier": { text: format.message("headingTier") },
    "tier-name": { text: currentName, attrs: { "data-tier": current.id } },
    "tier-valid-until": current.valid_until ? { text: format.message("tierValidUntil", { date: format.date(current.valid_until) }) } : hidden,
    "next-tier-name": { text: next ? format.message("nextTier", { tier: nextName }) : format.message("topTier") },
  };
  const progress = next ? next.progress : 1;
  // Ratios come floored to 4 decimals; whole basis points avoid 0.29 × 100 = 28.999….
  const basisPoints = Math.round(progress * 10000);
  const percent = format.percent(progress);
  const valueNow = String(Math.floor(basisPoints / 100));
  const valueText = next ? format.message("progressValue", { percent, tier: nextName }) : format.message("progressTop");
  slots["tier-progress"] = {
    attrs: {
      role: "progressbar",
      "aria-valuemin": "0",
      "aria-valuemax": "100",
      "aria-valuenow": valueNow,
      "aria-valuetext": valueText,
      "aria-label": next ? format.message("progressLabel", { tier: nextName }) : format.message("progressTop"),
      "data-progress": String(progress),
    },
    style: { "--tierwise-progress": String(progress) },
    children: [h("span", { class: "tierwise-bar", style: { width: `${basisPoints / 100}%` } })],
    progress,
  };
  slots["tier-percent"] = { text: percent };
  slots["tier-remaining"] = next
    ? { text: format.message("remaining", { tier: nextName, items: format.list(metricItems(next.metrics, format), next.combine) }) }
    : hidden;
  if (!next) {
    slots["tier-deadline"] = hidden;
  } else if (window.deadline) {
    slots["tier-deadline"] = {
      text: format.message("deadline", { date: format.date(window.deadline), relative: format.days(window.days_left) }),
      attrs: { "data-days-left": String(window.days_left) },
    };
  } else {
    slots["tier-deadline"] = { text: format.message("rollingWindow", { months: window.months ?? "" }) };
  }
  slots["tier-pace"] = next
    ? { text: format.message(next.on_pace ? "onPace" : "offPace", { tier: nextName }), attrs: { "data-on-pace": String(next.on_pace) } }
    : hidden;
  if (!requalification) {
    slots["tier-requalification"] = hidden;
  } else {
    const status = requalification.status;
    const attrs = { "data-status": status };
    if (status === "secured") {
      slots["tier-requalification"] = current.valid_until
        ? { text: format.message("requalSecured", { tier: currentName, date: format.date(current.valid_until) }), attrs }
        : { text: format.message("requalSecuredOpen", { tier: currentName }), attrs };
    } else {
      const items = format.list(metricItems(requalification.metrics, format), requalification.combine);
      const key = status === "on_track" ? "requalOnTrack" : "requalAtRisk";
      slots["tier-requalification"] = { text: format.message(key, { tier: currentName, items, date: format.date(requalification.window.end) }), attrs };
    }
  }
  const benefits = next?.benefits_added ?? [];
  slots["heading-benefits"] = benefits.length > 0 ? { text: format.message("headingBenefits", { tier: nextName }) } : hidden;
  slots["next-tier-benefits"] = benefits.length > 0
    ? { children: benefits.map((benefit) => h("li", { "data-benefit": benefit.id }, format.text(benefit.name) || benefit.id)) }
    : hidden;
  return slots;
}

const TIER_SLOTS = ["heading-tier", "tier-name", "tier-valid-until", "next-tier-name", "tier-progress", "tier-percent",
  "tier-remaining", "tier-deadline", "tier-pace", "tier-requalification", "heading-benefits", "next-tier-benefits"];

/** The slots of a points preview. */
function pointsSlots(points, format, cart) {
  if (!points) {
    return Object.fromEntries(POINTS_SLOTS.map((name) => [name, hidden]));
  }
  const { balance, redemption } = points;
  const slots = {
    "heading-points": { text: format.message("headingPoints") },
    "points-balance": {
      text: format.message("balance", { points: format.points(balance.available) }),
      attrs: { "data-points": String(balance.available) },
    },
    "points-pending": balance.pending > 0 ? { text: format.message("pending", { points: format.points(balance.pending) }) } : hidden,
    // Without a cart there is no order to earn on: shoppers see no "earns 0 points" line.
    "points-total": format.audience === "shopper" && !(cart?.lines?.length > 0) ? { ...hidden, attrs: { "data-points": "0" } } : {
      text: format.message("cartTotal", { points: format.points(points.total) }),
      attrs: { "data-points": String(points.total) },
    },
    "points-breakdown": {
      children: points.contributions.filter((contribution) => contribution.awarded > 0).map((contribution) =>
        h("li", { class: "tierwise-contribution", "data-rule": contribution.rule, "data-points": String(contribution.awarded) },
          h("span", { class: "tierwise-contribution-name" },
            contribution.kind === "base" ? format.message("basePoints") : format.text(contribution.name) || contribution.rule),
          h("span", { class: "tierwise-contribution-points" },
            `+${format.integer(contribution.awarded)}`,
            contribution.capped ? h("span", { class: "tierwise-capped" }, format.message("capped")) : null))),
    },
    "points-available-at": { text: format.message("availableAt", { date: format.date(points.available_at) }) },
    "points-expires-at": { text: points.expires_at ? format.message("expiresAt", { date: format.date(points.expires_at) }) : format.message("neverExpire") },
  };
  if (balance.expiring.length === 0) {
    slots["points-expiring"] = { text: format.message("expiringNone", { days: balance.expiry_warning_days }), attrs: { "data-points": "0" } };
  } else {
    const [soonest, ...later] = balance.expiring;
    let text = format.message("expiring", { points: format.points(soonest.points), date: format.date(soonest.date), relative: format.days(soonest.days_left) });
    const more = later.reduce((sum, entry) => sum + entry.points, 0);
    if (more > 0) text += ` · ${format.message("expiringMore", { points: format.points(more), days: balance.expiry_warning_days })}`;
    slots["points-expiring"] = { text, attrs: { "data-points": String(balance.expiring_total), "data-date": soonest.date } };
  }
  const next = redemption.next_reward;
  if (next) {
    const reward = redemption.rewards.find((entry) => entry.id === next.id);
    const name = format.text(reward?.name) || next.id;
    slots["next-reward"] = next.missing_after_cart === 0
      ? { text: format.message("nextRewardAfterCart", { reward: name }), attrs: { "data-reward": next.id, "data-missing": String(next.missing_now) } }
      : { text: format.message("nextReward", { reward: name, points: format.points(next.missing_now) }), attrs: { "data-reward": next.id, "data-missing": String(next.missing_now) } };
  } else {
    slots["next-reward"] = redemption.rewards.length > 0 ? { text: format.message("allRewards") } : hidden;
  }
  const activities = points.activities.filter((activity) => activity.can_earn_now);
  slots["heading-activities"] = activities.length > 0 ? { text: format.message("headingActivities") } : hidden;
  slots.activities = activities.length > 0
    ? {
      children: activities.map((activity) =>
        h("li", { class: "tierwise-activity", "data-activity": activity.id },
          h("span", { class: "tierwise-activity-name" }, format.text(activity.name) || activity.id),
          h("span", { class: "tierwise-activity-points" }, `+${format.integer(activity.points)}`),
          format.text(activity.how) ? h("span", { class: "tierwise-activity-how" }, format.text(activity.how)) : null)),
    }
    : hidden;
  return slots;
}

const POINTS_SLOTS = ["heading-points", "points-balance", "points-pending", "points-total", "points-breakdown", "points-available-at",
  "points-expires-at", "points-expiring", "next-reward", "heading-activities", "activities"];

/** An operand or a fact value as a staff reason shows it: amounts in the currency, dates in the locale. */
function shown(path, value, format, names) {
  if (Array.isArray(value)) return `[${value.map((item) => shown(path, item, format, names)).join(", ")}]`;
  if (typeof value === "number" || typeof value === "string") return factValue(path, value, format, names);
  return JSON.stringify(value) ?? "";
}

/**
 * One clause of an offer's condition as its audience reads it: for shoppers a sentence
 * about their own value, or null when the fact is not one to show them; for staff the
 * fact path, the comparison and the member's value.
 */
function reasonText(reason, format, names) {
  if (format.audience === "shopper") return shopperReason(reason, format, names);
  const known = !reason.missing && "actual" in reason;
  const params = {
    fact: reason.path,
    operator: OPERATORS[reason.operator] ?? reason.operator,
    expected: shown(reason.path, reason.expected, format, names),
    actual: known ? shown(reason.path, reason.actual, format, names) : "",
  };
  if (reason.operator === "$exists") return format.message(reason.expected === false ? "reasonUnknown" : "reasonKnown", params);
  return format.message(known ? "reason" : "reasonMissing", params);
}

/** The reasons of an offer as list items, for the format's audience (none may be left for shoppers). */
function reasonItems(offer, format, names) {
  // Two clauses on one fact (`$exists` and `$lte`) make one sentence for a shopper: say it once.
  const said = new Set();
  return offer.reasons.flatMap((reason) => {
    const text = reasonText(reason, format, names);
    if (!text || said.has(text)) return [];
    said.add(text);
    return [h("li", { "data-fact": reason.path }, text)];
  });
}

/** The slots of next-best-offers; `names` maps fact values to display names (`{ tier: { gold: "Gold" } }`). */
function offersSlots(offers, format, names = {}) {
  const list = offers?.offers ?? [];
  return {
    "heading-offers": { text: format.message("headingOffers") },
    offers: list.length === 0
      ? { children: [h("li", { class: "tierwise-empty" }, format.message("noOffers"))], attrs: { "data-count": "0" } }
      : {
        attrs: { "data-count": String(list.length) },
        children: list.map((offer) =>
          h("li", { class: "tierwise-offer", "data-offer-id": offer.id, "data-kind": offer.kind, "data-purpose": offer.purpose, "data-rank": String(offer.rank) },
            h("strong", { class: "tierwise-offer-title" }, format.text(offer.title) || offer.id),
            format.text(offer.body) ? h("span", { class: "tierwise-offer-body" }, format.text(offer.body)) : null,
            offer.valid_until ? h("span", { class: "tierwise-offer-valid" }, format.message("offerValidUntil", { date: format.date(offer.valid_until) })) : null,
            ((items) => (items.length > 0
              ? h("div", { class: "tierwise-offer-reasons", "data-audience": format.audience },
                h("span", { class: "tierwise-offer-reasons-label" }, format.message("reasons")),
                h("ul", {}, items))
              : null))(reasonItems(offer, format, names)))),
      },
  };
}

const CONTACT_STATUS = { send: "contactSend", wait: "contactWait", blocked: "contactBlocked", idle: "contactIdle" };

/** Why a channel of the contact plan sends nothing, as staff read it. */
function contactReason(channel, format) {
  const reason = channel.reason;
  switch (reason?.reason) {
    case "contact_capped":
      return format.message("contactCapped", { cap: reason.cap, contacts: reason.contacts, max: reason.max, days: reason.per_days, date: format.date(reason.frees_on) });
    case "quiet_hours": return format.message("contactQuiet", { time: format.dateTime(reason.frees_at) });
    case "channel_opt_out": return format.message("contactOptOut", { channel: reason.channel ?? channel.channel, consent: reason.consent });
    case "no_consent": return format.message("contactNoConsent", { consent: reason.consent });
    case "channel_audience": return format.message("contactAudience", { channel: reason.channel ?? channel.channel });
    default: return format.message("contactNothing");
  }
}

/**
 * The contact-plan slot: for staff, each outbound channel with its status, the offer it
 * would send or why not and from when; `plan` is null for a program without a contact
 * policy. Shoppers never see it: a member reads nothing of caps, quiet hours or fatigue.
 */
function contactPlanSlots(plan, format) {
  if (format.audience !== "staff" || plan === undefined) return { "contact-plan": hidden };
  const heading = h("p", { class: "tierwise-label" }, format.message("headingContactPlan"));
  if (plan === null) {
    return {
      "contact-plan": {
        attrs: { "data-count": "0" },
        children: [heading, h("p", { class: "tierwise-empty", "data-code": "no_contact_policy" },
          format.message("contactNoPolicy", { label: codeLabel("no_contact_policy", format.locale) }))],
      },
    };
  }
  return {
    "contact-plan": {
      attrs: { "data-count": String(plan.channels.length) },
      children: [heading, h("ul", { class: "tierwise-contact-channels" }, plan.channels.map((channel) => {
        const preferred = channel.channel === plan.preferred_channel;
        const attrs = { class: "tierwise-contact-channel", "data-channel": channel.channel, "data-status": channel.status };
        if (preferred) attrs["data-preferred"] = "";
        if (channel.reason) attrs["data-reason"] = channel.reason.reason;
        if (channel.next_at) attrs["data-next-at"] = channel.next_at;
        return h("li", attrs,
          h("strong", { class: "tierwise-contact-name" }, channel.channel),
          preferred ? h("span", { class: "tierwise-contact-preferred" }, format.message("contactPreferred")) : null,
          h("span", { class: "tierwise-contact-status" }, format.message(CONTACT_STATUS[channel.status] ?? "contactIdle")),
          channel.offer
            ? h("span", { class: "tierwise-contact-detail", "data-offer-id": channel.offer.id }, format.text(channel.offer.title) || channel.offer.id)
            : h("span", { class: "tierwise-contact-detail" }, contactReason(channel, format),
              // Quiet hours already say when they end; a cap frees on a day, sending at next_at.
              channel.next_at && channel.next_at !== channel.reason?.frees_at
                ? ` · ${format.message("contactNextAt", { time: format.dateTime(channel.next_at) })}` : ""));
      }))],
    },
  };
}

/** The slots of the member's segment and badges. */
function memberSlots(scores, format) {
  const badges = (scores?.tags ?? []).filter((tag) => tag.badge);
  return {
    "program-name": { text: format.text(format.info.name) || format.info.id },
    segment: scores?.segment && format.audience === "staff"
      ? { text: format.message("segment", { segment: format.text(scores.segment.name) || scores.segment.id }), attrs: { "data-segment": scores.segment.id } }
      : hidden,
    "heading-badges": badges.length > 0 ? { text: format.message("headingBadges") } : hidden,
    badges: badges.length > 0
      ? { children: badges.map((tag) => h("li", { class: "tierwise-badge", "data-tag": tag.id }, format.text(tag.name) || tag.id)) }
      : hidden,
  };
}

// Default markup ------------------------------------------------------------------------

const slot = (tag, name, attrs = {}) => h(tag, { ...attrs, [SLOT]: name });

function tierMarkup() {
  return h("section", { class: "tierwise-card tierwise-tier" },
    slot("p", "heading-tier", { class: "tierwise-label" }),
    slot("h2", "tier-name", { class: "tierwise-tier-name" }),
    slot("p", "tier-valid-until", { class: "tierwise-muted" }),
    h("div", { class: "tierwise-progress-row" },
      slot("div", "tier-progress", { class: "tierwise-progress" }),
      slot("span", "tier-percent", { class: "tierwise-percent" })),
    slot("p", "next-tier-name", { class: "tierwise-next" }),
    slot("p", "tier-remaining", { class: "tierwise-remaining" }),
    slot("p", "tier-deadline", { class: "tierwise-muted" }),
    slot("p", "tier-pace", { class: "tierwise-muted" }),
    slot("p", "tier-requalification", { class: "tierwise-requalification" }),
    slot("p", "heading-benefits", { class: "tierwise-label" }),
    slot("ul", "next-tier-benefits", { class: "tierwise-benefits" }));
}

function pointsMarkup() {
  return h("section", { class: "tierwise-card tierwise-points" },
    slot("p", "heading-points", { class: "tierwise-label" }),
    slot("p", "points-balance", { class: "tierwise-balance" }),
    slot("p", "points-pending", { class: "tierwise-muted" }),
    slot("p", "points-total", { class: "tierwise-total" }),
    slot("ul", "points-breakdown", { class: "tierwise-breakdown" }),
    h("p", { class: "tierwise-muted tierwise-dates" },
      slot("span", "points-available-at"), " · ", slot("span", "points-expires-at")),
    slot("p", "points-expiring", { class: "tierwise-expiring" }),
    slot("p", "next-reward", { class: "tierwise-next-reward" }),
    slot("p", "heading-activities", { class: "tierwise-label" }),
    slot("ul", "activities", { class: "tierwise-activities" }));
}

function offersMarkup() {
  return h("section", { class: "tierwise-card tierwise-offers" },
    slot("p", "heading-offers", { class: "tierwise-label" }),
    slot("ol", "offers", { class: "tierwise-offer-list" }));
}

function memberPageMarkup(locale) {
  return h("div", { class: "tierwise-member-page", lang: locale, "data-tierwise-root": "" },
    h("header", { class: "tierwise-header" },
      slot("h1", "program-name", { class: "tierwise-program" }),
      h("div", { class: "tierwise-member" },
        slot("span", "segment", { class: "tierwise-segment" }),
        slot("ul", "badges", { class: "tierwise-badges" }))),
    h("div", { class: "tierwise-grid" }, tierMarkup(), pointsMarkup(), offersMarkup()),
    contactPlanMarkup());
}

const CONTACT_PLAN_SLOT = `[${SLOT}="contact-plan"]`;

/** The contact plan's card: filled for staff, empty and hidden for shoppers. */
function contactPlanMarkup() {
  return slot("section", "contact-plan", { class: "tierwise-card tierwise-contact-plan" });
}

/** Fills the slots of a virtual tree with their contents (for the HTML renderer and custom elements). */
function filled(node, slots) {
  if (typeof node === "string") return node;
  const name = node.attrs[SLOT];
  const content = name === undefined ? undefined : slots[name];
  if (content === undefined) return { ...node, children: node.children.map((child) => filled(child, slots)) };
  const attrs = { ...node.attrs, ...(content.attrs ?? {}) };
  if (content.style) attrs.style = { ...(node.attrs.style ?? {}), ...content.style };
  if (content.hidden) attrs.hidden = "";
  return { tag: node.tag, attrs, children: content.children ?? (content.text ? [content.text] : []) };
}

// Rendering: DOM ---------------------------------------------------------------------------

function setStyle(element, style) {
  for (const [property, value] of Object.entries(style)) element.style.setProperty(property, value);
}

/** A DOM node from a virtual node; text only ever through text nodes and attribute values. */
function build(document, node, itemTag) {
  if (typeof node === "string") return document.createTextNode(node);
  const tag = node.tag === "li" && itemTag ? itemTag : node.tag;
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (name === "style") setStyle(element, value);
    else element.setAttribute(name, value);
  }
  for (const child of node.children) element.append(build(document, child));
  return element;
}

/** The slot elements under `root` (and `root` itself), by slot name. */
function slotElements(root) {
  const found = [];
  if (root.hasAttribute?.(SLOT)) found.push(root);
  found.push(...root.querySelectorAll(`[${SLOT}]`));
  return found;
}

/**
 * Writes slot contents into the page's own slot elements. `saved` remembers what each
 * touched element looked like before, so that `destroy()` can restore it.
 */
function fillElements(root, slots, saved) {
  const document = root.ownerDocument;
  for (const element of slotElements(root)) {
    const content = slots[element.getAttribute(SLOT)];
    if (content === undefined) continue;
    if (!saved.has(element)) {
      saved.set(element, { children: [...element.childNodes], attrs: new Map(), style: element.getAttribute("style") });
    }
    const before = saved.get(element);
    const remember = (name) => {
      if (!before.attrs.has(name)) before.attrs.set(name, element.getAttribute(name));
    };
    const attrs = { ...(content.attrs ?? {}) };
    if (element.tagName === "PROGRESS" && typeof content.progress === "number") {
      // A native <progress>: its own value and max, no bar inside.
      Object.assign(attrs, { value: String(content.progress), max: "1" });
      delete attrs.role;
      remember("value");
      remember("max");
    }
    for (const [name, value] of Object.entries(attrs)) {
      remember(name);
      element.setAttribute(name, value);
    }
    remember("hidden");
    if (content.hidden) element.setAttribute("hidden", "");
    else if (before.attrs.get("hidden") === null) element.removeAttribute("hidden");
    if (content.style) setStyle(element, content.style);
    if (element.tagName === "PROGRESS") continue;
    if (content.children) {
      const itemTag = element.tagName === "UL" || element.tagName === "OL" ? "li" : "div";
      element.replaceChildren(...content.children.map((child) => build(document, child, itemTag)));
    } else {
      element.textContent = content.text ?? "";
    }
  }
}

function restore(saved) {
  for (const [element, before] of saved) {
    element.replaceChildren(...before.children);
    for (const [name, value] of before.attrs) {
      if (value === null) element.removeAttribute(name);
      else element.setAttribute(name, value);
    }
    if (before.style === null) element.removeAttribute("style");
    else element.setAttribute("style", before.style);
  }
  saved.clear();
}

// Rendering: HTML strings ------------------------------------------------------------------

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (character) => ESCAPES[character]);
const VOID = new Set(["br", "hr", "img", "input", "meta", "link"]);

function styleText(style) {
  return Object.entries(style).map(([property, value]) => `${property}:${value}`).join(";");
}

function html(node) {
  if (typeof node === "string") return escapeHtml(node);
  const attrs = Object.entries(node.attrs).map(([name, value]) => {
    const text = name === "style" ? styleText(value) : value;
    return text === "" ? ` ${name}` : ` ${name}="${escapeHtml(text)}"`;
  }).join("");
  if (VOID.has(node.tag)) return `<${node.tag}${attrs}>`;
  return `<${node.tag}${attrs}>${node.children.map(html).join("")}</${node.tag}>`;
}

// The engine side -----------------------------------------------------------------------

const programs = new WeakMap();

/** The program's presentation facts (currency, minor digits, locales), once per engine. */
function programInfo(engine) {
  let info = programs.get(engine);
  if (!info) {
    info = engine.program();
    programs.set(engine, info);
  }
  return info;
}

function checkEngine(engine) {
  if (engine === null || typeof engine !== "object" || typeof engine.evaluate !== "function" || typeof engine.program !== "function") {
    throw new TypeError("`engine` must be an Engine from Engine.compile(program)");
  }
}

function resolveLocale(locale, info) {
  return locale ?? info.locales?.[0] ?? "en";
}

/** The display names of the tiers a page names, for reasons about the `tier` fact. */
function tierNames(tier, format) {
  const names = {};
  for (const level of [tier?.current, tier?.next]) {
    if (level?.id) names[level.id] = format.text(level.name) || level.id;
  }
  return { tier: names, tier_held: names };
}

/** Engines whose program has no contact policy: their staff pages skip asking for a plan. */
const withoutPolicy = new WeakSet();

/**
 * Every slot of the member page from one `engine.evaluate`; with `withContactPlan` (the page
 * has a contact-plan slot) staff pages also get the contact plan.
 */
function memberPage(options, withContactPlan = false) {
  const { engine, snapshot, now, cart, surface = "member_page", limit = 3, messages, audience = "shopper" } = options;
  checkEngine(engine);
  const info = programInfo(engine);
  const locale = resolveLocale(options.locale, info);
  const inputs = { now, surface, limit, ...(cart ? { cart } : {}) };
  // The contact plan costs a second pass over the offers: only for staff pages that show it.
  const planned = audience === "staff" && withContactPlan && !withoutPolicy.has(engine);
  let page;
  try {
    page = engine.evaluate(snapshot, planned ? { ...inputs, contact_plan: true } : inputs);
  } catch (error) {
    if (!planned || error?.code !== "no_contact_policy") throw error;
    withoutPolicy.add(engine);
    page = engine.evaluate(snapshot, inputs);
  }
  const format = formatter(locale, info, messages, audience);
  const slots = {
    ...memberSlots(page.scores, format),
    ...tierSlots(page.tier, format),
    ...pointsSlots(page.points, format, cart),
    ...offersSlots(page.offers, format, tierNames(page.tier, format)),
    ...contactPlanSlots(withContactPlan ? page.contact_plan ?? null : undefined, format),
  };
  return { page, locale, slots };
}

/**
 * Fills the `data-tierwise="…"` slots under `root` with the member page `engine.evaluate`
 * computes, and returns a handle to re-render it with new inputs or to undo it.
 *
 * ```js
 * const view = mountMemberPage(root, { engine, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en" });
 * view.update({ cart: { lines: [{ category: "tea", unit_price: 12800, quantity: 2 }] } });
 * view.page.points.total; // what the cart earns, as rendered
 * view.destroy();
 * ```
 */
export function mountMemberPage(root, options) {
  if (root === null || typeof root !== "object" || typeof root.querySelectorAll !== "function") {
    throw new TypeError("mountMemberPage needs a DOM element to fill");
  }
  let current = { ...options };
  if (current.locale === undefined) {
    const lang = root.closest?.("[lang]")?.getAttribute("lang");
    if (lang) current.locale = lang;
  }
  const saved = new Map();
  let destroyed = false;
  let last;
  const render = () => {
    try {
      last = memberPage(current, root.matches?.(CONTACT_PLAN_SLOT) || root.querySelector(CONTACT_PLAN_SLOT) !== null);
    } catch (error) {
      root.setAttribute("data-tierwise-state", "error");
      throw error;
    }
    fillElements(root, last.slots, saved);
    root.setAttribute("data-tierwise-state", "ready");
  };
  render();
  return {
    /** The page the slots show now, as the engine returned it. */
    get page() { return last.page; },
    /** The locale the slots are written in. */
    get locale() { return last.locale; },
    /** Re-renders with some inputs replaced: `{ snapshot, now, cart, locale, surface, limit, messages, engine }`. */
    update(partial) {
      if (destroyed) throw new TierwiseError("this member page was destroyed; mount it again", { code: "destroyed" });
      current = { ...current, ...partial };
      render();
    },
    /** Puts every slot back as it was before mounting. */
    destroy() {
      if (destroyed) return;
      destroyed = true;
      restore(saved);
      root.removeAttribute("data-tierwise-state");
    },
  };
}

/**
 * The member page as an HTML string, for rendering on a server: the default markup with
 * every slot filled and every string escaped. `mountMemberPage` can take it over in the
 * browser, since the markup carries the same `data-tierwise` slots.
 *
 * ```js
 * import { Engine } from "tierwise";
 * import { renderMemberPageHTML } from "tierwise/dom";
 * const html = renderMemberPageHTML({ engine, snapshot, now, locale: "zh-CN" });
 * ```
 */
export function renderMemberPageHTML(options) {
  const { locale, slots } = memberPage(options, true);
  return html(filled(memberPageMarkup(locale), slots));
}

// Custom elements --------------------------------------------------------------------------

const ELEMENTS = {
  "tierwise-tier-progress": {
    markup: tierMarkup,
    slots: (engine, inputs, format) => tierSlots(engine.tierProgress(inputs.snapshot, { now: inputs.now }), format),
  },
  "tierwise-points-preview": {
    markup: pointsMarkup,
    slots: (engine, inputs, format) => pointsSlots(engine.previewPoints(inputs.snapshot, inputs.cart ?? {}, { now: inputs.now }), format, inputs.cart),
  },
  "tierwise-contact-plan": {
    markup: contactPlanMarkup,
    // Staff only: for shoppers (the default audience) the element stays empty and hidden.
    slots: (engine, inputs, format) => contactPlanSlots(format.audience === "staff" ? planOf(engine, inputs) : undefined, format),
  },
  "tierwise-offers": {
    markup: offersMarkup,
    slots: (engine, inputs, format) => offersSlots(engine.nextBestOffers(inputs.snapshot, {
      now: inputs.now, surface: inputs.surface ?? "member_page", limit: inputs.limit ?? 3,
    }), format),
  },
};

/** The contact plan of an element's inputs, or null when the program has no contact policy. */
function planOf(engine, inputs) {
  try {
    return engine.contactPlan(inputs.snapshot, { now: inputs.now });
  } catch (error) {
    if (error?.code === "no_contact_policy") return null;
    throw error;
  }
}

/** How to give an element each of its required inputs. */
const REQUIRED = {
  engine: "set its `engine` property or pass one to defineElements({ engine })",
  snapshot: "set its `snapshot` property, or its `snapshot` attribute as JSON",
};

/**
 * The error of an element rendered without required inputs (`names`, some of `REQUIRED`):
 * `missing_field` at the first one's path, one issue each.
 */
function missingInputs(tag, names) {
  const issues = names.map((name) => ({ code: "missing_field", path: `/${name}`, message: `<${tag}> has no ${name}: ${REQUIRED[name]}`, severity: "error" }));
  return new TierwiseError(issues.map((issue) => issue.message).join("; "), { code: "missing_field", path: issues[0].path, issues });
}

/** Attributes the elements read; `snapshot` and `cart` hold JSON text. */
const ATTRIBUTES = ["snapshot", "now", "locale", "cart", "surface", "limit", "audience"];

function fromAttribute(name, value) {
  if (value === null) return undefined;
  if (name === "snapshot" || name === "cart") return JSON.parse(value);
  if (name === "limit") return Number(value);
  return value;
}

/**
 * Registers `<tierwise-tier-progress>`, `<tierwise-points-preview>`, `<tierwise-offers>` and
 * `<tierwise-contact-plan>` (filled only with `audience="staff"`, empty and hidden otherwise).
 * Each takes `engine` as a property (or the one given here), `snapshot` and `cart` as
 * properties or JSON attributes, and `now`, `locale`, `surface`, `limit` as attributes or
 * properties; `messages` overrides message strings. They render into their own children
 * and re-render when an input changes; a failure sets `data-tierwise-state="error"` and
 * `data-tierwise-error` (the code), shows a short `p.tierwise-error` instead of the content,
 * and dispatches a bubbling `tierwise-error` event whose `detail` is the error. Rendering
 * without an engine or a snapshot is such a failure: `missing_field` at `/engine` or
 * `/snapshot`.
 *
 * ```js
 * defineElements({ engine });
 * // <tierwise-tier-progress now="2026-11-23T10:00:00+08:00" locale="zh-CN"></tierwise-tier-progress>
 * document.querySelector("tierwise-tier-progress").snapshot = snapshot;
 * ```
 */
export function defineElements({ engine: defaultEngine, registry = globalThis.customElements } = {}) {
  if (!registry) throw new TypeError("defineElements needs a CustomElementRegistry (a browser)");
  for (const [tag, spec] of Object.entries(ELEMENTS)) {
    if (registry.get(tag)) continue;
    registry.define(tag, elementClass(spec, () => defaultEngine));
  }
}

function elementClass(spec, defaultEngine) {
  return class TierwiseElement extends globalThis.HTMLElement {
    static get observedAttributes() {
      return ATTRIBUTES;
    }

    #inputs = {};
    /** Attributes whose value could not be read; already reported, so not "missing" too. */
    #unreadable = new Set();
    #engine;
    #messages;
    #scheduled = false;

    get engine() { return this.#engine ?? defaultEngine(); }
    set engine(value) { this.#engine = value; this.#schedule(); }
    get messages() { return this.#messages; }
    set messages(value) { this.#messages = value; this.#schedule(); }

    attributeChangedCallback(name, previous, value) {
      try {
        this.#inputs[name] = fromAttribute(name, value);
      } catch (error) {
        this.#unreadable.add(name);
        this.#fail(new TierwiseError(`the ${name} attribute is not valid JSON: ${error.message}`, { code: "invalid_json", path: `/${name}` }));
        return;
      }
      this.#unreadable.delete(name);
      this.#schedule();
    }

    connectedCallback() {
      // Properties set before the element was defined sit on the instance and hide the
      // accessors; move them through the accessors.
      for (const name of [...ATTRIBUTES, "engine", "messages"]) {
        if (Object.prototype.hasOwnProperty.call(this, name)) {
          const value = this[name];
          delete this[name];
          this[name] = value;
        }
      }
      this.#schedule();
    }

    /** Renders now instead of at the next microtask; returns whether it rendered. */
    render() {
      this.#scheduled = false;
      const engine = this.engine;
      if (!this.isConnected || this.#unreadable.size > 0) return false;
      const missing = [!engine && "engine", this.#inputs.snapshot === undefined && "snapshot"].filter(Boolean);
      if (missing.length > 0) {
        this.#fail(missingInputs(this.localName, missing));
        return false;
      }
      try {
        checkEngine(engine);
        const info = programInfo(engine);
        const locale = resolveLocale(this.#inputs.locale ?? this.closest("[lang]")?.getAttribute("lang") ?? undefined, info);
        const format = formatter(locale, info, this.#messages, this.#inputs.audience ?? "shopper");
        const slots = spec.slots(engine, this.#inputs, format);
        this.replaceChildren(build(this.ownerDocument, filled(spec.markup(), slots)));
        this.setAttribute("data-tierwise-state", "ready");
        this.removeAttribute("data-tierwise-error");
        return true;
      } catch (error) {
        this.#fail(error);
        return false;
      }
    }

    #fail(error) {
      // A visible state, not a blank box: the element says it cannot show its content, and
      // carries the code for styles and tests; the event carries the error itself.
      const note = this.ownerDocument.createElement("p");
      note.className = "tierwise-error";
      note.setAttribute("role", "status");
      const lang = this.closest("[lang]")?.getAttribute("lang") ?? "";
      note.textContent = /^zh\b/i.test(lang) ? "暂时无法显示" : "This cannot be shown right now";
      this.replaceChildren(note);
      this.setAttribute("data-tierwise-state", "error");
      this.setAttribute("data-tierwise-error", typeof error?.code === "string" ? error.code : "error");
      this.dispatchEvent(new CustomEvent("tierwise-error", { detail: error, bubbles: true, composed: true }));
    }

    #schedule() {
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        if (this.#scheduled) this.render();
      });
    }

    static {
      for (const name of ATTRIBUTES) {
        Object.defineProperty(this.prototype, name, {
          configurable: true,
          get() { return this.#inputs[name]; },
          set(value) { this.#inputs[name] = value; this.#unreadable.delete(name); this.#schedule(); },
        });
      }
    }
  };
}
