// Node (ESM) rendering a member page to an HTML string on the server, from the packed
// package installed in a consumer project: ssr/render.mjs runs as its own process, as a
// server would, and its HTML must carry the worked examples' numbers in both languages.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FIXTURE, consumerProject } from "./support.mjs";

const expected = FIXTURE.expect;
let consumer;

before(() => {
  consumer = consumerProject();
});
after(() => consumer?.cleanup());

function render(locale) {
  return execFileSync(process.execPath, [join(consumer.dir, "ssr/render.mjs"), locale], { cwd: consumer.dir, encoding: "utf8" });
}

/** The text of the element carrying `data-tierwise="name"`, tags removed. */
function slot(html, name) {
  const match = html.match(new RegExp(`<(\\w+)[^>]* data-tierwise="${name}"[^>]*>([\\s\\S]*?)</\\1>`));
  assert.ok(match, `no ${name} slot`);
  return match[2].replace(/<[^>]+>/g, "");
}

test("the server writes the English member page with the worked examples' numbers", () => {
  const html = render("en");
  assert.match(html, /^<!doctype html>\n<html lang="en">/);
  assert.match(html, /<div class="tierwise-member-page" lang="en" data-tierwise-root>/);
  assert.equal(slot(html, "tier-name"), "Silver");
  assert.match(html, new RegExp(`role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${expected.percent}" aria-valuetext="${expected.percent}% of the way to Gold"`));
  assert.equal(slot(html, "tier-remaining"), "To reach Gold: spend ¥1,800.00 more or 4 more orders");
  assert.equal(slot(html, "tier-deadline"), `Qualify by Dec 31, 2026 (in ${expected.days_left} days)`);
  assert.equal(slot(html, "points-total"), "This order earns 1,077 points");
  const breakdown = [...html.matchAll(/data-rule="(\w+)" data-points="(\d+)"/g)].map((match) => [match[1], Number(match[2])]);
  assert.deepEqual(Object.fromEntries(breakdown), expected.contributions);
  assert.equal(slot(html, "points-available-at"), "Usable from Nov 25, 2026");
  assert.equal(slot(html, "points-expires-at"), "valid until Dec 31, 2027");
  assert.ok(!/<script/i.test(html), "no script in the server's HTML");
});

test("the server writes the Chinese member page with the same numbers", () => {
  const html = render("zh-CN");
  assert.match(html, /<html lang="zh-CN">/);
  assert.equal(slot(html, "program-name"), "茶舍会员计划");
  assert.equal(slot(html, "tier-name"), "银卡会员");
  assert.match(html, /aria-valuetext="距金卡会员已完成 64%"/);
  assert.equal(slot(html, "tier-remaining"), "升级金卡会员：再消费 ¥1,800.00或再下 4 单");
  assert.equal(slot(html, "tier-deadline"), `截止 2026年12月31日（${expected.days_left}天后）`);
  assert.equal(slot(html, "points-total"), "本单可得 1,077 积分");
  assert.equal(slot(html, "points-available-at"), "2026年11月25日起可用");
  assert.equal(slot(html, "next-reward"), "本单完成后可兑换「新茶品鉴装」");
});
