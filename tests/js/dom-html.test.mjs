// tierwise/dom's rendering, checked through the HTML renderer in Node (the same slot
// contents fill the DOM in the browser, tested in tests/consumers): what the engine computes
// for PRODUCT.md's worked examples, written in English and Chinese with Intl; escaping of
// every string a program or snapshot supplies; message overrides; the program's currency
// digits; and the source never touching innerHTML.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { DEFAULT_PROGRAM, PERSONAS, ROOT, installPackedPackage, persona, readJson } from "./support.mjs";

const fixture = readJson(join(ROOT, "tests/consumers/fixtures/member.json"));
const HOSTILE = `<img src=x onerror="alert('x')">&amp;`;

let consumer;
let api;
let ssr;
let dom;
let engine;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
  ssr = await consumer.loadNamed("tierwise/ssr");
  dom = await consumer.loadNamed("tierwise/dom");
  engine = api.Engine.compile(DEFAULT_PROGRAM);
});
after(() => {
  engine?.free();
  consumer?.cleanup();
});

/** The text of the element carrying `data-tierwise="name"` in an HTML string, unescaped. */
function slotText(html, name) {
  const match = html.match(new RegExp(`<(\\w+)[^>]* data-tierwise="${name}"[^>]*>([\\s\\S]*?)</\\1>`));
  if (!match) return undefined;
  return unescape(match[2].replace(/<[^>]+>/g, ""));
}

function slotTag(html, name) {
  return html.match(new RegExp(`<\\w+[^>]* data-tierwise="${name}"[^>]*>`))?.[0];
}

function unescape(text) {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

function render(options) {
  return ssr.renderMemberPageHTML({ engine, snapshot: fixture.snapshot, now: fixture.now, cart: fixture.cart, ...options });
}

describe("the member page of the worked examples", () => {
  test("in English: tier, progress bar, what is left, deadline and points exactly as computed", () => {
    const html = render({ locale: "en" });
    assert.equal(slotText(html, "tier-name"), "Silver");
    const bar = slotTag(html, "tier-progress");
    for (const attribute of ['role="progressbar"', 'aria-valuemin="0"', 'aria-valuemax="100"', 'aria-valuenow="64"',
      'aria-valuetext="64% of the way to Gold"', 'aria-label="Progress to Gold"']) {
      assert.ok(bar.includes(attribute), `${attribute} in ${bar}`);
    }
    assert.match(html, /<span class="tierwise-bar" style="width:64%"><\/span>/);
    assert.equal(slotText(html, "tier-percent"), "64%");
    assert.equal(slotText(html, "next-tier-name"), "Next: Gold");
    assert.equal(slotText(html, "tier-remaining"), "To reach Gold: spend ¥1,800.00 more or 4 more orders");
    assert.equal(slotText(html, "tier-deadline"), "Qualify by Dec 31, 2026 (in 43 days)");
    assert.equal(slotText(html, "tier-pace"), "At your current pace you will not reach Gold in time");
    assert.equal(slotText(html, "tier-requalification"), "Silver is secured until Dec 31, 2027");
    assert.equal(slotText(html, "points-total"), "This order earns 1,077 points");
    assert.equal(slotText(html, "points-available-at"), "Usable from Nov 25, 2026");
    assert.equal(slotText(html, "points-expires-at"), "valid until Dec 31, 2027");
    assert.equal(slotText(html, "points-balance"), "0 points available");
    assert.equal(slotText(html, "next-reward"), "This order unlocks New-season tea sampler");
    const breakdown = [...html.matchAll(/data-rule="(\w+)" data-points="(\d+)"><span class="tierwise-contribution-name">([^<]+)<\/span><span class="tierwise-contribution-points">\+([\d,]+)/g)]
      .map((match) => [match[1], Number(match[2]), match[3], match[4]]);
    assert.deepEqual(breakdown, [
      ["base", 405, "Base points", "405"],
      ["tier_bonus", 40, "Tier bonus", "40"],
      ["tea_bonus", 227, "Double points on tea", "227"],
      ["member_day", 405, "Member day (18th)", "405"],
    ]);
    assert.equal(breakdown.reduce((sum, [, points]) => sum + points, 0), fixture.expect.points_total);
  });

  test("in Chinese: the same numbers in zh-CN wording and formats", () => {
    const html = render({ locale: "zh-CN" });
    assert.match(html, /^<div class="tierwise-member-page" lang="zh-CN" data-tierwise-root>/);
    assert.equal(slotText(html, "program-name"), "茶舍会员计划");
    assert.equal(slotText(html, "tier-name"), "银卡会员");
    assert.ok(slotTag(html, "tier-progress").includes('aria-valuetext="距金卡会员已完成 64%"'));
    assert.equal(slotText(html, "tier-remaining"), "升级金卡会员：再消费 ¥1,800.00或再下 4 单");
    assert.equal(slotText(html, "tier-deadline"), "截止 2026年12月31日（43天后）");
    assert.equal(slotText(html, "points-total"), "本单可得 1,077 积分");
    assert.equal(slotText(html, "points-available-at"), "2026年11月25日起可用");
    assert.equal(slotText(html, "points-expires-at"), "有效期至 2027年12月31日");
    assert.match(html, /<span class="tierwise-contribution-name">18日会员日<\/span><span class="tierwise-contribution-points">\+405<\/span>/);
  });

  test("the locale defaults to the program's first locale, and other locales format with Intl", () => {
    assert.equal(slotText(render({}), "tier-name"), "银卡会员");
    const british = render({ locale: "en-GB" });
    assert.equal(slotText(british, "tier-deadline"), "Qualify by 31 Dec 2026 (in 43 days)");
    assert.equal(slotText(british, "tier-name"), "Silver");
  });

  test("an offer is shown with the clauses that chose it and the member's values", () => {
    const html = render({ locale: "en" });
    const page = engine.evaluate(fixture.snapshot, { now: fixture.now, cart: fixture.cart, surface: "member_page", limit: 3 });
    assert.equal(slotTag(html, "offers").includes(`data-count="${page.offers.offers.length}"`), true);
    const offer = page.offers.offers[0];
    assert.ok(offer.reasons.length > 0, "the first offer has reasons");
    assert.ok(html.includes(`data-offer-id="${offer.id}"`));
    assert.ok(html.includes(`<strong class="tierwise-offer-title">${offer.title.en}</strong>`));
    for (const reason of offer.reasons) assert.ok(html.includes(`<li data-fact="${reason.path}">`), reason.path);
  });
});

/** The rows of the contact-plan slot: channel, status, preferred mark, status text and detail. */
function planRows(html) {
  const slot = html.match(/<section [^>]*data-tierwise="contact-plan"[^>]*>[\s\S]*?<\/section>/)?.[0] ?? "";
  return [...slot.matchAll(/<li class="tierwise-contact-channel" data-channel="(\w+)" data-status="(\w+)"[^>]*>([\s\S]*?)<\/li>/g)].map((match) => {
    const span = (name) => match[3].match(new RegExp(`<span class="tierwise-contact-${name}"[^>]*>([^<]*)</span>`))?.[1];
    return [match[1], match[2], span("preferred") ?? null, span("status"), unescape(span("detail"))];
  });
}

describe("the contact plan", () => {
  // The `new` persona got marketing SMS on 12 and 19 November (sms_30d: 2 of 2, so it frees
  // on 12 November + 30 days), consents to push, has opted out of email and never gave
  // consent for staff calls.
  test("staff read each outbound channel of the member at the SMS cap, in English and Chinese", () => {
    const staff = (locale) => ssr.renderMemberPageHTML({ engine, snapshot: persona("new"), now: PERSONAS.now, locale, audience: "staff" });
    const en = staff("en");
    assert.equal(slotTag(en, "contact-plan"), '<section class="tierwise-card tierwise-contact-plan" data-tierwise="contact-plan" data-count="4">');
    assert.match(en, /data-tierwise="contact-plan" data-count="4"><p class="tierwise-label">Contact plan<\/p>/);
    assert.deepEqual(planRows(en), [
      ["sms", "wait", null, "Wait", "Cap sms_30d: 2 of 2 marketing contacts in 30 days; frees on Dec 12, 2026 · earliest Dec 12, 2026 09:00"],
      ["push", "send", null, "Send now", "Welcome offer: ¥50 off ¥300"],
      ["email", "blocked", null, "Blocked", "Opted out (consent.email)"],
      ["phone", "blocked", null, "Blocked", "Opted out (consent.phone)"],
    ]);
    assert.ok(en.includes('data-channel="sms" data-status="wait" data-reason="contact_capped" data-next-at="2026-12-12T09:00:00+08:00"'));
    assert.ok(en.includes('<span class="tierwise-contact-detail" data-offer-id="new_customer_coupon">'));
    assert.deepEqual(planRows(staff("zh-CN")), [
      ["sms", "wait", null, "等待", "上限 sms_30d：30 天内已营销触达 2/2 次；2026年12月12日 解除 · 最早 2026年12月12日 09:00"],
      ["push", "send", null, "立即发送", "新人专享：满300减50"],
      ["email", "blocked", null, "不可发送", "已退订（consent.email）"],
      ["phone", "blocked", null, "不可发送", "已退订（consent.phone）"],
    ]);
  });

  test("the preferred channel is marked, and quiet hours say when they end", () => {
    // `potential` prefers SMS but unsubscribed from it; at 21:30 local time push and email wait.
    const html = ssr.renderMemberPageHTML({ engine, snapshot: persona("potential"), now: "2026-11-23T13:30:00Z", locale: "en", audience: "staff" });
    assert.deepEqual(planRows(html), [
      ["sms", "blocked", "preferred", "Blocked", "Opted out (consent.sms)"],
      ["push", "wait", null, "Wait", "Quiet hours; frees at Nov 24, 2026 09:00"],
      ["email", "wait", null, "Wait", "Quiet hours; frees at Nov 24, 2026 09:00"],
      ["phone", "blocked", null, "Blocked", "Opted out (consent.phone)"],
    ]);
    assert.ok(html.includes('data-channel="sms" data-status="blocked" data-preferred data-reason="channel_opt_out"'));
    const zh = ssr.renderMemberPageHTML({ engine, snapshot: persona("potential"), now: "2026-11-23T13:30:00Z", locale: "zh-CN", audience: "staff" });
    assert.deepEqual(planRows(zh)[0].slice(2), ["偏好渠道", "不可发送", "已退订（consent.sms）"]);
    assert.deepEqual(planRows(zh)[1].slice(3), ["等待", "免打扰时段；2026年11月24日 09:00 解除"]);
  });

  test("shoppers get the slot empty and hidden, and nothing of caps, quiet hours or opt-outs", () => {
    for (const locale of ["en", "zh-CN"]) {
      const html = ssr.renderMemberPageHTML({ engine, snapshot: persona("new"), now: PERSONAS.now, locale });
      assert.ok(html.includes('<section class="tierwise-card tierwise-contact-plan" data-tierwise="contact-plan" hidden></section>'), locale);
      for (const text of ["sms_30d", "Cap ", "上限", "Contact plan", "触达计划", "Opted out", "已退订", "Dec 12, 2026", "2026年12月12日", "tierwise-contact-channel"]) {
        assert.equal(html.includes(text), false, `${locale}: ${text}`);
      }
    }
  });

  test("a program without a contact policy: staff read that briefly", () => {
    const program = structuredClone(DEFAULT_PROGRAM);
    delete program.contact_policy;
    const bare = api.Engine.compile(program);
    try {
      const staff = (locale) => ssr.renderMemberPageHTML({ engine: bare, snapshot: persona("new"), now: PERSONAS.now, locale, audience: "staff" });
      const en = staff("en");
      assert.equal(slotText(en, "contact-plan"), "Contact planThe program has no contact policy: outbound contacts are not planned");
      assert.ok(en.includes('<p class="tierwise-empty" data-code="no_contact_policy">'));
      assert.equal(slotText(staff("zh-CN"), "contact-plan"), "触达计划方案没有触达策略：不规划外呼触达");
      assert.equal(slotText(en, "tier-name"), slotText(ssr.renderMemberPageHTML({ engine, snapshot: persona("new"), now: PERSONAS.now, locale: "en", audience: "staff" }), "tier-name"));
    } finally {
      bare.free();
    }
  });

  test("the contact plan's messages can be overridden like the others", () => {
    const html = ssr.renderMemberPageHTML({
      engine, snapshot: persona("new"), now: PERSONAS.now, locale: "en", audience: "staff",
      messages: { contactWait: "Hold", contactCapped: ({ cap, date }) => `${cap} until ${date}` },
    });
    assert.deepEqual(planRows(html)[0].slice(3), ["Hold", "sms_30d until Dec 12, 2026 · earliest Dec 12, 2026 09:00"]);
    assert.equal(dom.MESSAGES.en.contactWait, "Wait", "the defaults are untouched");
  });
});

describe("strings from programs and snapshots", () => {
  const program = {
    id: "hostile", currency: "CNY", utc_offset: "+08:00", locales: ["en"], name: { en: HOSTILE },
    attributes: { city: { type: "string" }, note: { type: "string" } },
    tiers: {
      window: { kind: "calendar_year" },
      validity: { kind: "end_of_following_calendar_year" },
      levels: [
        { id: "member", name: { en: HOSTILE } },
        { id: "silver", name: { en: `"><script>alert(1)</script>` }, qualify: { spend: 200000 }, benefits: [{ id: "b", name: { en: "</li><li>fake" } }] },
      ],
    },
    surfaces: [{ id: "member_page", channel: "web", purposes: ["marketing"] }],
    offers: [{
      id: "city_offer", title: { en: "<b>bold</b>" }, body: { en: "a & b < c" }, kind: "coupon", purpose: "marketing", channels: ["web"],
      eligibility: { "attributes.city": { $exists: true }, "attributes.note": { $ne: "x" } }, value: 100, propensity: 100,
    }],
  };
  const snapshot = { member_id: "m", joined_at: "2026-01-01", consent: { marketing: true }, attributes: { city: "<i>", note: `"'><svg onload=alert(2)>` } };

  test("are escaped in the HTML and come back as the same text", () => {
    const hostile = api.Engine.compile(program);
    // Staff see the reasons with the member's values as they are; shoppers see no reason
    // about attributes at all.
    const html = ssr.renderMemberPageHTML({ engine: hostile, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en", audience: "staff" });
    const shopper = ssr.renderMemberPageHTML({ engine: hostile, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en" });
    hostile.free();
    assert.ok(shopper.includes("&lt;b&gt;bold&lt;/b&gt;") && !shopper.includes("tierwise-offer-reasons"), "the offer, without reasons");
    for (const tag of ["<img", "<script", "<b>", "<i>", "<svg", "</li><li>fake"]) {
      assert.ok(!html.includes(tag), `${tag} reached the HTML unescaped`);
    }
    assert.equal(slotText(html, "program-name"), HOSTILE);
    assert.equal(slotText(html, "tier-name"), HOSTILE);
    assert.equal(slotText(html, "next-tier-name"), `Next: "><script>alert(1)</script>`);
    assert.ok(html.includes('aria-valuetext="0% of the way to &quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
    assert.ok(html.includes("<li data-benefit=\"b\">&lt;/li&gt;&lt;li&gt;fake</li>"));
    assert.ok(html.includes("&lt;b&gt;bold&lt;/b&gt;"));
    assert.ok(html.includes("a &amp; b &lt; c"));
    assert.ok(html.includes("attributes.note ≠ x (yours: &quot;&#39;&gt;&lt;svg onload=alert(2)&gt;)"));
    assert.ok(html.includes("attributes.city is known (yours: &lt;i&gt;)"));
  });

  test("pkg/dom.js never writes HTML into the DOM", () => {
    const source = readFileSync(join(consumer.dir, "node_modules/tierwise/dom.js"), "utf8").replace(/\/\/.*$/gm, "");
    for (const sink of ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "createContextualFragment", "DOMParser"]) {
      assert.ok(!source.includes(sink), `dom.js uses ${sink}`);
    }
  });
});

describe("formatting", () => {
  test("messages can be overridden with strings, plural forms and functions", () => {
    const html = render({
      locale: "en",
      messages: {
        cartTotal: "Earn {points}!",
        points: { one: "{count} pt", other: "{count} pts" },
        remaining: ({ tier, items }) => `${items} → ${tier}`,
        ordersMore: { one: "one more order", other: "{count} orders" },
      },
    });
    assert.equal(slotText(html, "points-total"), "Earn 1,077 pts!");
    assert.equal(slotText(html, "tier-remaining"), "spend ¥1,800.00 more or 4 orders → Gold");
    assert.equal(dom.MESSAGES.en.cartTotal, "This order earns {points}", "the defaults are untouched");
  });

  test("money uses the program's currency and minor digits: yen have none", () => {
    const yen = api.Engine.compile({
      id: "jp", currency: "JPY", utc_offset: "+09:00", locales: ["en"],
      tiers: {
        window: { kind: "calendar_year" }, validity: { kind: "end_of_following_calendar_year" },
        levels: [{ id: "member", name: { en: "Member" } }, { id: "silver", name: { en: "Silver" }, qualify: { spend: 20000 } }],
      },
    });
    const snapshot = { member_id: "m", joined_at: "2026-01-01", orders: [{ id: "o1", placed_at: "2026-05-01T12:00:00+09:00", lines: [{ unit_price: 2000 }] }] };
    const html = ssr.renderMemberPageHTML({ engine: yen, snapshot, now: "2026-11-23T10:00:00+09:00", locale: "en" });
    yen.free();
    assert.equal(slotText(html, "tier-remaining"), "To reach Silver: spend ¥18,000 more");
    assert.ok(slotTag(html, "tier-progress").includes('aria-valuenow="10"'));
  });

  test("at the top tier the bar is full and nothing is left to reach", () => {
    const top = api.Engine.compile({
      id: "top", currency: "CNY", utc_offset: "+08:00", locales: ["en"],
      tiers: {
        window: { kind: "calendar_year" }, validity: { kind: "end_of_following_calendar_year" },
        levels: [{ id: "member", name: { en: "Member" } }, { id: "gold", name: { en: "Gold" }, qualify: { orders: 1 } }],
      },
    });
    const snapshot = { member_id: "m", joined_at: "2026-01-01", orders: [{ id: "o1", placed_at: "2026-05-01T12:00:00+08:00", lines: [{ unit_price: 2000 }] }] };
    const html = ssr.renderMemberPageHTML({ engine: top, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en" });
    top.free();
    assert.equal(slotText(html, "tier-name"), "Gold");
    assert.equal(slotText(html, "next-tier-name"), "You have reached the top tier");
    assert.ok(slotTag(html, "tier-progress").includes('aria-valuenow="100"'));
    assert.match(slotTag(html, "tier-remaining"), / hidden>$/);
    assert.match(slotTag(html, "points-total"), / hidden>$/, "no points section, no points slots");
  });

  test("a rejected input throws the engine's TierwiseError", () => {
    assert.throws(() => render({ now: "tomorrow" }), (error) => error instanceof api.TierwiseError && error.path === "/options/now");
    assert.throws(() => ssr.renderMemberPageHTML({ engine: {}, snapshot: fixture.snapshot, now: fixture.now }), TypeError);
  });
});
