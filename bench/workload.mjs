// The benchmark workload, generated deterministically from fixed seeds so that every runtime
// (native Rust, Node, Chromium, Python) measures exactly the same inputs.
//
//   program(offers)     the default program with its 13 offers replaced by `offers` variants
//   snapshot(orders)    one member with `orders` orders over three years, lots, events, history
//   CART                a 5-line cart with an order coupon and shipping
//   conditions(count)   offer-style conditions written once, in GrowthBook's language
//   cdnowSummary()      2,357 customers shaped like the CDNOW sample (x, t_x, T in weeks, monetary)
//
// `node bench/workload.mjs DIR` writes them all as JSON files into DIR for the native bench
// and the Python comparison.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_PROGRAM = JSON.parse(readFileSync(join(ROOT, "src/defaults/program.json"), "utf8"));
export const NOW = "2026-11-23T10:00:00+08:00";

/** mulberry32: a small PRNG whose sequence is the same in every JS engine. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, width = 2) => String(n).padStart(width, "0");
const DAY = 86400000;
const NOW_MS = Date.parse(NOW);

/** An instant `days` before now, in +08:00, at a time of day drawn from `rand`. */
function instantBefore(days, rand) {
  const at = new Date(NOW_MS - days * DAY - Math.floor(rand() * 12) * 3600000 + 8 * 3600000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}T${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:00+08:00`;
}

function dateBefore(days) {
  const at = new Date(NOW_MS - days * DAY + 8 * 3600000);
  return `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())}`;
}

function dateAfter(days) {
  return dateBefore(-days);
}

/** The default program with `count` offers: the 13 defaults cycled, each variant with its own id. */
export function program(count) {
  const base = DEFAULT_PROGRAM.offers;
  const offers = [];
  for (let i = 0; i < count; i++) {
    const offer = structuredClone(base[i % base.length]);
    const round = Math.floor(i / base.length);
    if (round > 0) {
      offer.id = `${offer.id}_${round}`;
      if (offer.group && !offer.experiment) offer.group = `${offer.group}_${round % 7}`;
      offer.propensity = ((offer.propensity ?? 1000) + round * 37) % 9000 || 100;
      // An offer that gives points is valued at the program's points rate: vary the points.
      if (offer.data?.points !== undefined) offer.data = { ...offer.data, points: offer.data.points + round * 10 };
      else offer.value = (offer.value ?? 1000) + round * 10;
    }
    offers.push(offer);
  }
  return { ...structuredClone(DEFAULT_PROGRAM), id: `bench-${count}`, offers };
}

const CATEGORIES = ["tea", "tea", "tea", "teaware", "snacks", "gift_card"];

/** One member with `count` orders spread over the last three years, newest last. */
export function snapshot(count, seed = 42) {
  const rand = random(seed + count);
  const span = 3 * 365;
  const orders = [];
  for (let i = 0; i < count; i++) {
    const daysAgo = Math.floor(span - ((i + rand()) * span) / count);
    const lines = [];
    const lineCount = 1 + Math.floor(rand() * 3);
    for (let l = 0; l < lineCount; l++) {
      lines.push({
        sku: `sku-${Math.floor(rand() * 500)}`,
        category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)],
        unit_price: 990 + Math.floor(rand() * 400) * 100,
        quantity: 1 + Math.floor(rand() * 3),
      });
    }
    const order = { id: `o-${pad(i, 5)}`, placed_at: instantBefore(Math.max(daysAgo, 1), rand), lines };
    const roll = rand();
    if (roll < 0.05) order.status = "refunded";
    else if (roll < 0.08) order.status = "cancelled";
    if (rand() < 0.2) order.discount = 500 * (1 + Math.floor(rand() * 4));
    if (rand() < 0.3) order.shipping = 1000;
    orders.push(order);
  }
  const lots = [];
  for (let i = 0; i < Math.min(count, 24); i++) {
    const points = 100 + Math.floor(rand() * 900);
    lots.push({ earned_at: dateBefore(700 - i * 29), points, remaining: Math.floor(points * rand()), expires_at: dateAfter(10 + i * 30), source: "order" });
  }
  const events = [];
  for (let i = 0; i < Math.min(count, 40); i++) {
    const kind = ["check_in", "check_in", "review", "complaint", "survey"][i % 5];
    events.push({ kind, at: instantBefore(1 + i * 3, rand) });
  }
  const offerIds = DEFAULT_PROGRAM.offers.map((offer) => offer.id);
  const history = [];
  for (let i = 0; i < Math.min(count, 60); i++) {
    history.push({ offer_id: offerIds[i % offerIds.length], kind: i % 9 === 0 ? "redemption" : "impression", at: instantBefore(1 + i * 2, rand) });
  }
  return {
    member_id: `member-${pad(seed, 6)}`,
    joined_at: dateBefore(span + 30),
    birthday: "1990-12-02",
    tier: { id: "silver", since: "2025-04-02", valid_until: "2026-12-31" },
    orders,
    points: { lots },
    events,
    consent: { marketing: true, sms: true, email: true, push: false },
    offer_history: history,
    attributes: { channel: "app", city: "Hangzhou", vip: false },
  };
}

/** The cart previewed by every `evaluate`: five lines, an order coupon and shipping. */
export const CART = {
  lines: [
    { category: "tea", unit_price: 12800, quantity: 2 },
    { category: "teaware", unit_price: 19900, quantity: 1 },
    { category: "snacks", unit_price: 3900, quantity: 3 },
    { category: "tea", sku: "sku-7", unit_price: 26800, quantity: 1 },
    { category: "gift_card", unit_price: 10000, quantity: 1 },
  ],
  discount: 5000,
  shipping: 1000,
};

export const OPTIONS = { now: NOW, cart: CART, surface: "member_page", limit: 3 };

/**
 * `count` offer-style conditions over a member's facts, in the subset every compared engine
 * can express: `$and`/`$or` of comparisons, `$in`/`$nin`, `$eq`/`$ne`, `$exists`, dotted paths.
 */
export function conditions(count, seed = 7) {
  const rand = random(seed);
  const numeric = [
    ["days_since_last_order", 400], ["orders_365d", 30], ["spend_365d", 900000], ["spend_90d", 300000],
    ["points_balance", 20000], ["days_since_join", 1500], ["orders_total", 300], ["rfm.r", 5], ["rfm.f", 5],
    ["check_in_streak", 10], ["complaints_90d", 3], ["category_orders_365d.tea", 30],
  ];
  const list = [];
  for (let i = 0; i < count; i++) {
    const clauses = [];
    const pick = () => numeric[Math.floor(rand() * numeric.length)];
    const [fact, scale] = pick();
    const op = ["$gte", "$lte", "$gt", "$lt"][Math.floor(rand() * 4)];
    clauses.push({ [fact]: { [op]: Math.floor(rand() * scale) } });
    switch (i % 5) {
      case 0:
        clauses.push({ tier: { $in: ["silver", "gold", "diamond"].slice(0, 1 + (i % 3)) } });
        break;
      case 1: {
        const [other, otherScale] = pick();
        clauses.push({ $or: [{ [other]: { $lt: Math.floor(rand() * otherScale) } }, { "consent.sms": true }] });
        break;
      }
      case 2:
        clauses.push({ segment: { $nin: ["churn_risk", "new"] } });
        break;
      case 3:
        clauses.push({ "attributes.city": { $eq: ["Hangzhou", "Shanghai"][i % 2] } });
        break;
      default:
        clauses.push({ days_since_last_order: { $exists: true } }, { "churn.risk": { $ne: "high" } });
    }
    list.push(clauses.length === 1 ? clauses[0] : { $and: clauses });
  }
  return list;
}

/**
 * A CDNOW-shaped customer summary (Fader, Hardie & Lee 2005): 2,357 customers observed for
 * 39 weeks after their first purchase in the first 12 weeks; x repeat purchases, t_x the
 * week of the last one, T the weeks observed, monetary the mean value of the repeat
 * purchases in dollars (0 when x = 0). Drawn from the BG/NBD and Gamma-Gamma generative
 * models with the paper's parameters, so the shape (most customers with x = 0, a long tail)
 * matches the real sample.
 */
export function cdnowSummary(customers = 2357, seed = 2005) {
  const rand = random(seed);
  const gamma = (shape) => {
    // Marsaglia-Tsang, with the shape < 1 boost.
    if (shape < 1) return gamma(shape + 1) * Math.pow(rand(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x;
      let v;
      do {
        const u1 = rand() || 1e-12;
        const u2 = rand();
        x = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = rand();
      if (Math.log(u || 1e-12) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
    }
  };
  const beta = (a, b) => {
    const x = gamma(a);
    return x / (x + gamma(b));
  };
  const [r, alpha, a, b] = [0.243, 4.414, 0.793, 2.426];
  const [p, q, scale] = [6.25, 3.74, 15.44];
  const rows = [];
  for (let i = 0; i < customers; i++) {
    const T = Math.round((39 - rand() * 12) * 7) / 7;
    const lambda = gamma(r) / alpha;
    const dropout = beta(a, b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += -Math.log(rand() || 1e-12) / lambda;
      if (t > T) break;
      x += 1;
      tx = t;
      if (rand() < dropout) break;
    }
    tx = Math.round(tx * 7) / 7;
    let monetary = 0;
    if (x > 0) {
      const nu = gamma(q) / scale;
      let sum = 0;
      for (let k = 0; k < x; k++) sum += gamma(p) / nu;
      monetary = Math.round((sum / x) * 100) / 100;
    }
    rows.push({ x, t_x: x > 0 ? tx : 0, T, monetary });
  }
  return rows;
}

export const CDNOW_PARAMS = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  gamma_gamma: { p: 6.25, q: 3.74, gamma: 15.44 },
  horizon_weeks: 39,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(ROOT, "target/bench");
  mkdirSync(dir, { recursive: true });
  const write = (name, value) => writeFileSync(join(dir, name), JSON.stringify(value));
  for (const offers of [10, 100, 1000]) write(`program-${offers}.json`, program(offers));
  for (const orders of [10, 100, 1000, 10000]) write(`snapshot-${orders}.json`, snapshot(orders));
  write("options.json", OPTIONS);
  // The batch: 1,000 members with 0 to 200 orders each.
  const members = [];
  for (let i = 0; i < 1000; i++) members.push(snapshot(Math.floor(random(i)() * 200), 1000 + i));
  write("batch.json", members);
  write("cdnow.json", { params: CDNOW_PARAMS, customers: cdnowSummary() });
  process.stdout.write(`workload written to ${dir}\n`);
}
