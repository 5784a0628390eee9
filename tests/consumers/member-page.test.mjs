// tierwise/dom in Chromium, from the packed package: mountMemberPage fills a page's own slots
// with exactly what the server renderer writes (and takes server-rendered markup over),
// re-renders on update, restores on destroy, never turns program or snapshot strings into
// markup, and the custom elements render from properties and attributes. Screenshots of the
// member page for shoppers and for staff, in zh-CN and en, go to test-artifacts/, and
// axe-core checks each of them.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { ARTIFACTS, FIXTURE, ROOT, consumerProject, launchChromium, serve } from "./support.mjs";

const expected = FIXTURE.expect;

let consumer;
let server;
let browser;
let tab;
let errors;

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  consumer = consumerProject();
  server = await serve(consumer.dir);
  browser = await launchChromium();
  ({ page: tab, errors } = await browser.open(`${server.url}/app/harness.html`));
  await tab.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
  consumer?.cleanup();
});

describe("mountMemberPage", () => {
  test("fills server-rendered markup with the same texts and attributes the server writes, and takes it over", async () => {
    const result = await tab.evaluate(() => {
      const { dom, engine, member, tierwise } = window.harness;
      const stage = document.querySelector("#stage");
      const options = { engine, snapshot: member.snapshot, now: member.now, cart: member.cart, locale: "en" };
      // Server-rendered markup for another cart, as a page would receive it; the test harness
      // may parse HTML, tierwise/dom never does.
      stage.replaceChildren(...new DOMParser().parseFromString(dom.renderMemberPageHTML({ ...options, cart: {} }), "text/html").body.childNodes);
      const root = stage.firstElementChild;
      const before = root.querySelector('[data-tierwise="points-total"]');
      const beforeTotal = { text: before.textContent, hidden: before.hidden };
      const view = dom.mountMemberPage(root, options);
      // The server's rendering of the same inputs, slot by slot.
      const server = new DOMParser().parseFromString(dom.renderMemberPageHTML(options), "text/html");
      const differences = [];
      for (const expected of server.querySelectorAll("[data-tierwise]")) {
        const name = expected.getAttribute("data-tierwise");
        const actual = root.querySelector(`[data-tierwise="${name}"]`);
        if (actual.textContent !== expected.textContent) differences.push(`${name}: ${actual.textContent} ≠ ${expected.textContent}`);
        for (const attribute of expected.getAttributeNames()) {
          if (actual.getAttribute(attribute) !== expected.getAttribute(attribute)) {
            differences.push(`${name} @${attribute}: ${actual.getAttribute(attribute)} ≠ ${expected.getAttribute(attribute)}`);
          }
        }
      }
      const slot = (name) => root.querySelector(`[data-tierwise="${name}"]`);
      return {
        before: beforeTotal,
        differences,
        slots: server.querySelectorAll("[data-tierwise]").length,
        state: root.getAttribute("data-tierwise-state"),
        total: slot("points-total").textContent,
        breakdown: [...slot("points-breakdown").children].map((item) => [item.tagName, item.dataset.rule, Number(item.dataset.points)]),
        barWidth: slot("tier-progress").querySelector(".tierwise-bar").style.width,
        progressVariable: slot("tier-progress").style.getPropertyValue("--tierwise-progress"),
        pagePoints: view.page.points.total,
        isEngineError: tierwise.TierwiseError.name,
      };
    });
    assert.deepEqual(result.before, { text: "", hidden: true }, "the server rendered an empty cart: no points line for a shopper");
    assert.deepEqual(result.differences, []);
    assert.ok(result.slots >= 25, `${result.slots} slots compared`);
    assert.equal(result.state, "ready");
    assert.equal(result.total, "This order earns 1,077 points");
    assert.deepEqual(result.breakdown, Object.entries(expected.contributions).map(([rule, points]) => ["LI", rule, points]));
    assert.equal(result.barWidth, "64%");
    assert.equal(result.progressVariable, "0.64");
    assert.equal(result.pagePoints, expected.points_total);
  });

  test("update re-renders with new inputs, a rejected input throws, and destroy restores the page", async () => {
    const result = await tab.evaluate(() => {
      const { dom, engine, member } = window.harness;
      const stage = document.querySelector("#stage");
      const root = document.createElement("section");
      root.lang = "en";
      const slot = (name, tag = "p", text = "…") => {
        const element = document.createElement(tag);
        element.setAttribute("data-tierwise", name);
        element.textContent = text;
        root.append(element);
        return element;
      };
      const name = slot("tier-name", "h2");
      const progress = slot("tier-progress", "progress", "");
      const total = slot("points-total");
      const breakdown = slot("points-breakdown", "ul", "");
      const offers = slot("offers", "div", "");
      const unknown = slot("not-a-slot", "p", "left alone");
      stage.replaceChildren(root);
      const snapshot = () => ({
        name: name.textContent, total: total.textContent, totalHidden: total.hidden, items: breakdown.children.length,
        progress: [progress.getAttribute("value"), progress.getAttribute("max"), progress.getAttribute("aria-valuetext"), progress.getAttribute("role")],
        offerTags: [...offers.children].map((child) => child.tagName),
      });
      const view = dom.mountMemberPage(root, { engine, snapshot: member.snapshot, now: member.now, cart: member.cart });
      const mounted = { ...snapshot(), locale: view.locale };
      view.update({ cart: {}, locale: "zh-CN" });
      const updated = snapshot();
      view.update({ audience: "staff" });
      const staff = snapshot();
      let badAudience;
      try {
        view.update({ audience: "everyone" });
      } catch (error) {
        badAudience = { name: error.name, code: error.code, path: error.path };
      }
      view.update({ audience: "shopper" });
      let rejected;
      try {
        view.update({ now: "tomorrow" });
      } catch (error) {
        rejected = { name: error.name, code: error.code, path: error.path, state: root.getAttribute("data-tierwise-state") };
      }
      view.update({ now: member.now });
      view.destroy();
      const destroyed = { ...snapshot(), unknown: unknown.textContent, state: root.getAttribute("data-tierwise-state"), ariaLeft: progress.getAttributeNames().filter((a) => a.startsWith("aria")) };
      let afterDestroy;
      try {
        view.update({ locale: "en" });
      } catch (error) {
        afterDestroy = error.code;
      }
      return { mounted, updated, staff, badAudience, rejected, destroyed, afterDestroy };
    });
    assert.deepEqual(result.mounted, {
      name: "Silver", total: "This order earns 1,077 points", totalHidden: false, items: 4, locale: "en",
      progress: ["0.64", "1", "64% of the way to Gold", null], offerTags: ["DIV"],
    }, "the lang attribute picks English; a native <progress> gets value and max; list items fit a div");
    assert.deepEqual(result.updated, {
      name: "银卡会员", total: "", totalHidden: true, items: 0,
      progress: ["0.64", "1", "距金卡会员已完成 64%", null], offerTags: ["DIV"],
    }, "no cart: a shopper sees no points line");
    assert.deepEqual({ total: result.staff.total, totalHidden: result.staff.totalHidden }, { total: "本单可得 0 积分", totalHidden: false }, "staff see the empty cart's points");
    assert.deepEqual(result.badAudience, { name: "TierwiseError", code: "invalid_value", path: "/options/audience" });
    assert.deepEqual(result.rejected, { name: "TierwiseError", code: "invalid_value", path: "/options/now", state: "error" });
    assert.deepEqual(result.destroyed, {
      name: "…", total: "…", totalHidden: false, items: 0, progress: [null, null, null, null], offerTags: [], unknown: "left alone", state: null, ariaLeft: [],
    });
    assert.equal(result.afterDestroy, "destroyed");
  });

  test("strings from a program and a snapshot reach the DOM as text, never as markup", async () => {
    const result = await tab.evaluate(async () => {
      const { dom, tierwise } = window.harness;
      const payload = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;
      const engine = tierwise.Engine.compile({
        id: "hostile", currency: "CNY", utc_offset: "+08:00", locales: ["en"], name: { en: payload }, attributes: { note: { type: "string" } },
        tiers: {
          window: { kind: "calendar_year" }, validity: { kind: "end_of_following_calendar_year" },
          levels: [{ id: "member", name: { en: payload } }, { id: "silver", name: { en: payload }, qualify: { spend: 200000 }, benefits: [{ id: "b", name: { en: payload } }] }],
        },
        surfaces: [{ id: "member_page", channel: "web", purposes: ["marketing"] }],
        offers: [{ id: "o", title: { en: payload }, body: { en: payload }, kind: "coupon", purpose: "marketing", channels: ["web"],
          eligibility: { "attributes.note": { $exists: true } }, value: 100, propensity: 100 }],
      });
      const snapshot = { member_id: "m", joined_at: "2026-01-01", consent: { marketing: true }, attributes: { note: payload } };
      const stage = document.querySelector("#stage");
      stage.replaceChildren(...new DOMParser().parseFromString(dom.renderMemberPageHTML({ engine, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en" }), "text/html").body.childNodes);
      const root = stage.firstElementChild;
      const serverElements = root.querySelectorAll("img, script, svg").length;
      dom.mountMemberPage(root, { engine, snapshot, now: "2026-11-23T10:00:00+08:00", locale: "en" });
      const shopperReasons = root.querySelectorAll(".tierwise-offer-reasons").length;
      dom.defineElements({ engine });
      const element = document.createElement("tierwise-offers");
      element.setAttribute("now", "2026-11-23T10:00:00+08:00");
      element.setAttribute("audience", "staff");
      element.snapshot = snapshot;
      stage.append(element);
      await new Promise((resolve) => setTimeout(resolve, 50));
      return {
        pwned: window.pwned ?? null,
        serverElements,
        shopperReasons,
        elements: stage.querySelectorAll("img, script, svg").length,
        name: root.querySelector('[data-tierwise="tier-name"]').textContent,
        offerTitle: element.querySelector(".tierwise-offer-title").textContent,
        reason: element.querySelector(".tierwise-offer-reasons li").textContent,
      };
    });
    assert.deepEqual(result, {
      pwned: null, serverElements: 0, shopperReasons: 0, elements: 0,
      name: `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`,
      offerTitle: `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`,
      reason: `attributes.note is known (yours: <img src=x onerror="window.pwned=1"><script>window.pwned=2</script>)`,
    });
  });
});

describe("custom elements", () => {
  test("render from properties and JSON attributes, follow attribute changes and report failures", async () => {
    // A page of its own: elements are defined once per page, with their default engine.
    const { page: fresh, errors: freshErrors } = await browser.open(`${server.url}/app/harness.html`);
    await fresh.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
    const result = await fresh.evaluate(async () => {
      const { dom, engine, member } = window.harness;
      const stage = document.querySelector("#stage");
      stage.replaceChildren();
      // Set before the elements are defined: the upgrade must pick the property up.
      const early = document.createElement("tierwise-tier-progress");
      early.snapshot = member.snapshot;
      early.setAttribute("now", member.now);
      early.setAttribute("locale", "en");
      stage.append(early);
      dom.defineElements({ engine });
      dom.defineElements({ engine });
      const points = document.createElement("tierwise-points-preview");
      points.setAttribute("snapshot", JSON.stringify(member.snapshot));
      points.setAttribute("cart", JSON.stringify(member.cart));
      points.setAttribute("now", member.now);
      points.setAttribute("locale", "zh-CN");
      const offers = document.createElement("tierwise-offers");
      Object.assign(offers, { engine, snapshot: member.snapshot, now: member.now, limit: 1, surface: "member_page" });
      const broken = document.createElement("tierwise-tier-progress");
      const failures = [];
      broken.addEventListener("tierwise-error", (event) => failures.push([event.detail.code, event.detail.path]));
      broken.setAttribute("now", member.now);
      broken.setAttribute("snapshot", "{not json");
      const unknownMember = document.createElement("tierwise-tier-progress");
      unknownMember.addEventListener("tierwise-error", (event) => failures.push([event.detail.code, event.detail.path]));
      unknownMember.setAttribute("now", member.now);
      unknownMember.snapshot = { joined_at: "2026-01-01" };
      stage.append(points, offers, broken, unknownMember);
      const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
      await tick();
      const text = (element, name) => element.querySelector(`[data-tierwise="${name}"]`)?.textContent;
      const first = {
        earlyName: text(early, "tier-name"),
        earlyValue: early.querySelector('[role="progressbar"]').getAttribute("aria-valuenow"),
        pointsTotal: text(points, "points-total"),
        pointsState: points.getAttribute("data-tierwise-state"),
        offers: [...offers.querySelectorAll(".tierwise-offer")].map((item) => item.dataset.offerId),
        expectedOffer: engine.nextBestOffers(member.snapshot, { now: member.now, surface: "member_page", limit: 1 }).offers.map((offer) => offer.id),
        brokenState: broken.getAttribute("data-tierwise-state"),
        unknownState: unknownMember.getAttribute("data-tierwise-state"),
        failures,
      };
      early.setAttribute("locale", "zh-CN");
      points.cart = {};
      await tick();
      return {
        first, relocalized: text(early, "tier-name"),
        emptyCart: [text(points, "points-total"), points.querySelector('[data-tierwise="points-total"]').hidden],
      };
    });
    await fresh.close();
    assert.deepEqual(freshErrors, []);
    assert.deepEqual(result.first, {
      earlyName: "Silver", earlyValue: String(expected.percent), pointsTotal: "本单可得 1,077 积分", pointsState: "ready",
      offers: result.first.expectedOffer, expectedOffer: result.first.expectedOffer,
      brokenState: "error", unknownState: "error", failures: [["invalid_json", "/snapshot"], ["missing_field", "/member_id"]],
    });
    assert.equal(result.first.expectedOffer.length, 1);
    assert.equal(result.relocalized, "银卡会员");
    assert.deepEqual(result.emptyCart, ["", true], "no cart: a shopper sees no points line");
  });

  test("no page error happened in the harness", () => {
    assert.deepEqual(errors, []);
  });
});

const AXE = readFileSync(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/** What each audience reads on the worked examples' member, word for word. */
const SHOWN = {
  shopper: {
    en: {
      segment: ["", true], total: "This order earns 1,077 points",
      reasons: ["Your last order was 7 days ago"],
    },
    "zh-CN": {
      segment: ["", true], total: "本单可得 1,077 积分",
      reasons: ["您的上一单在 7 天前"],
    },
  },
  staff: {
    en: {
      segment: ["Potential", false], total: "This order earns 1,077 points",
      reasons: ["days_since_last_order is known (yours: 7)", "days_since_last_order ≤ 7 (yours: 7)"],
    },
    "zh-CN": {
      segment: ["潜力客户", false], total: "本单可得 1,077 积分",
      reasons: ["days_since_last_order 已知（当前 7）", "days_since_last_order ≤ 7（当前 7）"],
    },
  },
};

describe("screenshots", () => {
  for (const audience of ["shopper", "staff"]) {
    for (const locale of ["zh-CN", "en"]) {
      test(`the ${audience} member page in ${locale} is laid out cleanly, reads as its audience should, and passes axe-core`, async () => {
        const { page, errors: pageErrors } = await browser.open(`${server.url}/app/member-page.html?locale=${locale}&audience=${audience}`);
        await page.setViewportSize({ width: 1200, height: 860 });
        await page.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
        const layout = await page.evaluate(() => {
          const slot = (name) => document.querySelector(`[data-tierwise="${name}"]`);
          const track = slot("tier-progress").getBoundingClientRect();
          const bar = slot("tier-progress").firstElementChild.getBoundingClientRect();
          const cards = [...document.querySelectorAll(".tierwise-grid > .tierwise-card")].map((card) => card.getBoundingClientRect());
          return {
            texts: Object.fromEntries(["tier-name", "tier-percent", "tier-remaining", "tier-deadline"].map((name) => [name, slot(name).textContent])),
            segment: [slot("segment").textContent, slot("segment").hidden],
            total: slot("points-total").textContent,
            reasons: [...document.querySelectorAll(".tierwise-offer-reasons li")].map((item) => item.textContent),
            barShare: Math.round((bar.width / track.width) * 100),
            cardsSideBySide: cards.length === 3 && cards[0].top === cards[1].top && cards[1].top === cards[2].top && cards[0].right < cards[1].left,
            overflow: document.documentElement.scrollWidth > window.innerWidth,
          };
        });
        const file = join(ARTIFACTS, `member-page-${audience}-${locale}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await page.addScriptTag({ content: AXE });
        const violations = await page.evaluate(async (tags) => {
          const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
          return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
        }, AXE_TAGS);
        await page.close();
        assert.deepEqual(pageErrors, []);
        assert.deepEqual(violations, [], "axe-core: WCAG 2 A/AA and best practices");
        assert.equal(layout.barShare, expected.percent, "the bar fills 64% of its track");
        assert.equal(layout.cardsSideBySide, true, "three cards in a row at 1200 px");
        assert.equal(layout.overflow, false, "nothing sticks out sideways");
        assert.deepEqual(layout.texts, locale === "en"
          ? {
            "tier-name": "Silver", "tier-percent": "64%", "tier-remaining": "To reach Gold: spend ¥1,800.00 more or 4 more orders",
            "tier-deadline": "Qualify by Dec 31, 2026 (in 43 days)",
          }
          : {
            "tier-name": "银卡会员", "tier-percent": "64%", "tier-remaining": "升级金卡会员：再消费 ¥1,800.00或再下 4 单",
            "tier-deadline": "截止 2026年12月31日（43天后）",
          });
        const want = SHOWN[audience][locale];
        assert.deepEqual(layout.segment, want.segment, audience === "shopper" ? "no segment name for shoppers" : "staff see the segment");
        assert.equal(layout.total, want.total);
        assert.deepEqual(layout.reasons, want.reasons);
      });
    }
  }
});

/** What staff read in the contact plan of the `new` persona, the member at the SMS cap, per channel. */
const PLAN = {
  en: {
    heading: "Contact plan",
    rows: [
      ["sms", "wait", null, "Wait", "Cap sms_30d: 2 of 2 marketing contacts in 30 days; frees on Dec 12, 2026 · earliest Dec 12, 2026 09:00"],
      ["push", "send", null, "Send now", "Welcome offer: ¥50 off ¥300"],
      ["email", "blocked", null, "Blocked", "Opted out (consent.email)"],
      ["phone", "blocked", null, "Blocked", "Opted out (consent.phone)"],
    ],
  },
  "zh-CN": {
    heading: "触达计划",
    rows: [
      ["sms", "wait", null, "等待", "上限 sms_30d：30 天内已营销触达 2/2 次；2026年12月12日 解除 · 最早 2026年12月12日 09:00"],
      ["push", "send", null, "立即发送", "新人专享：满300减50"],
      ["email", "blocked", null, "不可发送", "已退订（consent.email）"],
      ["phone", "blocked", null, "不可发送", "已退订（consent.phone）"],
    ],
  },
};

/** The contact-plan slot of the page in `tab`: hidden or not, its heading and rows, and the page's text. */
function readPlan(tab) {
  return tab.evaluate(() => {
    const slot = document.querySelector('[data-tierwise="contact-plan"]');
    const text = (element, name) => element.querySelector(`.tierwise-contact-${name}`)?.textContent ?? null;
    return {
      hidden: slot.hidden,
      displayed: slot.getBoundingClientRect().height > 0,
      childCount: slot.childNodes.length,
      heading: slot.querySelector(".tierwise-label")?.textContent ?? null,
      rows: [...slot.querySelectorAll("li")].map((item) => [item.dataset.channel, item.dataset.status, text(item, "preferred"), text(item, "status"), text(item, "detail")]),
      pageText: document.body.innerText,
    };
  });
}

describe("the contact plan", () => {
  for (const locale of ["en", "zh-CN"]) {
    test(`the staff page of the member at the SMS cap shows each outbound channel in ${locale}, and passes axe-core`, async () => {
      const { page, errors: pageErrors } = await browser.open(`${server.url}/app/member-page.html?persona=new&locale=${locale}&audience=staff`);
      await page.setViewportSize({ width: 1200, height: 860 });
      await page.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
      const plan = await readPlan(page);
      const computed = await page.evaluate(() => window.view.page.contact_plan.channels.map((channel) => channel.channel));
      await page.screenshot({ path: join(ARTIFACTS, `member-page-staff-contact-plan-${locale}.png`), fullPage: true });
      await page.addScriptTag({ content: AXE });
      const violations = await page.evaluate(async (tags) => {
        const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
        return result.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
      }, AXE_TAGS);
      await page.close();
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(violations, [], "axe-core: WCAG 2 A/AA and best practices");
      assert.equal(plan.hidden, false);
      assert.equal(plan.displayed, true);
      assert.equal(plan.heading, PLAN[locale].heading);
      assert.deepEqual(plan.rows, PLAN[locale].rows);
      assert.deepEqual(computed, ["sms", "push", "email", "phone"]);
    });
  }

  test("the shopper page of the same member has no plan text at all", async () => {
    for (const locale of ["en", "zh-CN"]) {
      const { page, errors: pageErrors } = await browser.open(`${server.url}/app/member-page.html?persona=new&locale=${locale}`);
      await page.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
      const plan = await readPlan(page);
      const asked = await page.evaluate(() => "contact_plan" in window.view.page);
      await page.close();
      assert.deepEqual(pageErrors, []);
      assert.deepEqual({ hidden: plan.hidden, displayed: plan.displayed, childCount: plan.childCount, rows: plan.rows }, { hidden: true, displayed: false, childCount: 0, rows: [] }, locale);
      assert.equal(asked, false, "no plan is computed for shoppers");
      // The offer the plan would send by push is one of the page's own offers; the plan's
      // statuses, caps, dates and opt-outs appear nowhere.
      const planTexts = PLAN[locale].rows.flatMap(([, status, , statusText, detail]) => (status === "send" ? [statusText] : [statusText, detail]));
      for (const text of [PLAN[locale].heading, ...planTexts, "sms_30d"]) {
        assert.equal(plan.pageText.includes(text), false, `${locale}: ${text}`);
      }
    }
  });

  test("the plan is computed only for a page with the slot, and a program without a policy says so", async () => {
    const result = await tab.evaluate(() => {
      const { dom, tierwise, program } = window.harness;
      return fetch("/node_modules/tierwise/data/personas.json").then((response) => response.json()).then((personas) => {
        const snapshot = personas.personas.find((entry) => entry.id === "new").snapshot;
        const stage = document.querySelector("#stage");
        const root = document.createElement("section");
        root.lang = "en";
        const name = document.createElement("h2");
        name.setAttribute("data-tierwise", "tier-name");
        root.append(name);
        stage.replaceChildren(root);
        const engine = window.harness.engine;
        const view = dom.mountMemberPage(root, { engine, snapshot, now: personas.now, audience: "staff" });
        const withoutSlot = "contact_plan" in view.page;
        const slot = document.createElement("div");
        slot.setAttribute("data-tierwise", "contact-plan");
        root.append(slot);
        view.update({});
        const withSlot = view.page.contact_plan?.channels.length ?? null;
        const rows = [...slot.querySelectorAll("li")].map((item) => item.dataset.status);
        view.update({ audience: "shopper" });
        const shopper = { asked: "contact_plan" in view.page, hidden: slot.hidden, children: slot.childNodes.length };
        view.destroy();
        const bareProgram = structuredClone(program);
        delete bareProgram.contact_policy;
        const bare = tierwise.Engine.compile(bareProgram);
        const noPolicy = dom.mountMemberPage(root, { engine: bare, snapshot, now: personas.now, audience: "staff" });
        const noPolicyText = slot.textContent;
        noPolicy.update({ locale: "zh-CN" });
        const noPolicyChinese = slot.textContent;
        noPolicy.destroy();
        bare.free();
        return { withoutSlot, withSlot, rows, shopper, noPolicyText, noPolicyChinese, restored: slot.childNodes.length };
      });
    });
    assert.deepEqual(result, {
      withoutSlot: false, withSlot: 4, rows: ["wait", "send", "blocked", "blocked"],
      shopper: { asked: false, hidden: true, children: 0 },
      noPolicyText: "Contact planThe program has no contact policy: outbound contacts are not planned",
      noPolicyChinese: "触达计划方案没有触达策略：不规划外呼触达",
      restored: 0,
    });
  });

  test("<tierwise-contact-plan> shows the plan to staff only", async () => {
    const { page: fresh, errors: freshErrors } = await browser.open(`${server.url}/app/harness.html`);
    await fresh.waitForSelector("body[data-state=ready]", { state: "attached", timeout: 15_000 });
    const result = await fresh.evaluate(async () => {
      const { dom, engine } = window.harness;
      const personas = await fetch("/node_modules/tierwise/data/personas.json").then((response) => response.json());
      const snapshot = personas.personas.find((entry) => entry.id === "new").snapshot;
      dom.defineElements({ engine });
      const stage = document.querySelector("#stage");
      const staff = document.createElement("tierwise-contact-plan");
      Object.assign(staff, { snapshot, now: personas.now, locale: "en", audience: "staff" });
      const shopper = document.createElement("tierwise-contact-plan");
      Object.assign(shopper, { snapshot, now: personas.now, locale: "en" });
      stage.replaceChildren(staff, shopper);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const section = (element) => element.querySelector('[data-tierwise="contact-plan"]');
      return {
        states: [staff.getAttribute("data-tierwise-state"), shopper.getAttribute("data-tierwise-state")],
        staffRows: [...staff.querySelectorAll("li")].map((item) => [item.dataset.channel, item.querySelector(".tierwise-contact-detail").textContent]),
        shopper: { hidden: section(shopper).hidden, text: shopper.textContent },
      };
    });
    await fresh.close();
    assert.deepEqual(freshErrors, []);
    assert.deepEqual(result, {
      states: ["ready", "ready"],
      staffRows: PLAN.en.rows.map((row) => [row[0], row[4]]),
      shopper: { hidden: true, text: "" },
    });
  });
});
