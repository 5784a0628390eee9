// The contact plan through the packed package: engine.contactPlan and evaluate's
// contact_plan option agree, a program without a policy throws no_contact_policy, and the
// member page of tierwise/dom shows shoppers none of the plan's internals (caps, quiet
// hours, opt-outs) for a member at a cap.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { DEFAULT_PROGRAM, PERSONAS, installPackedPackage, persona } from "./support.mjs";

let consumer;
let api;
let dom;
let engine;

before(async () => {
  consumer = installPackedPackage();
  api = await consumer.load("tierwise");
  dom = await consumer.loadNamed("tierwise/dom");
  engine = api.Engine.compile(DEFAULT_PROGRAM);
});
after(() => {
  engine?.free();
  consumer?.cleanup();
});

const NOW = PERSONAS.now;

describe("contactPlan", () => {
  test("the new member waits for the SMS cap and gets the welcome coupon by push", () => {
    const plan = engine.contactPlan(persona("new"), { now: NOW });
    const sms = plan.channels.find((channel) => channel.channel === "sms");
    const push = plan.channels.find((channel) => channel.channel === "push");
    assert.deepEqual(plan.channels.map((channel) => channel.channel), ["sms", "push", "email", "phone"]);
    assert.equal(sms.status, "wait");
    assert.equal(sms.reason.reason, "contact_capped");
    assert.equal(sms.reason.frees_on, "2026-12-12");
    assert.equal(sms.next_at, "2026-12-12T09:00:00+08:00");
    assert.equal(push.status, "send");
    assert.equal(push.offer.id, "new_customer_coupon");
  });

  test("evaluate carries the same plan when asked, and none otherwise", () => {
    const snapshot = persona("potential");
    const plan = engine.contactPlan(snapshot, { now: NOW });
    assert.deepEqual(engine.evaluate(snapshot, { now: NOW, contact_plan: true }).contact_plan, plan);
    assert.equal("contact_plan" in engine.evaluate(snapshot, { now: NOW }), false);
    assert.equal(plan.channels[0].reason.reason, "channel_opt_out");
  });

  test("late in the evening marketing waits for 09:00 in the program's offset", () => {
    const plan = engine.contactPlan(persona("potential"), { now: "2026-11-23T13:30:00Z" });
    const push = plan.channels.find((channel) => channel.channel === "push");
    assert.equal(plan.now, "2026-11-23T21:30:00+08:00");
    assert.deepEqual([push.status, push.reason.reason, push.next_at], ["wait", "quiet_hours", "2026-11-24T09:00:00+08:00"]);
  });

  test("a program without a contact policy throws no_contact_policy", () => {
    const bare = api.Engine.compile({ id: "bare", currency: "CNY", utc_offset: "+08:00" });
    try {
      assert.throws(() => bare.contactPlan(persona("new"), { now: NOW }), (error) => error instanceof api.TierwiseError && error.code === "no_contact_policy" && error.path === "/contact_policy");
    } finally {
      bare.free();
    }
  });
});

describe("tierwise/dom", () => {
  test("the member page of a member at the SMS cap shows offers and nothing of the contact policy", () => {
    const html = dom.renderMemberPageHTML({ engine, snapshot: persona("new"), now: NOW, locale: "en" });
    assert.match(html, /data-offer-id="new_customer_coupon"|new_customer_coupon|Welcome offer/);
    for (const internal of ["contact_capped", "quiet_hours", "channel_opt_out", "sms_30d", "frees_on", "next_at", "contact_history"]) {
      assert.equal(html.includes(internal), false, internal);
    }
  });
});
