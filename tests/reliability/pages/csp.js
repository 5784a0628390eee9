// Loads the package the way a storefront page would, under the policy the server sends,
// and computes PRODUCT.md's worked example 2 (points) and the default program's tier
// progress for it. Then it checks that the policy is really enforced: evaluating a string
// must be refused.
import init, { Engine } from "/pkg/index.js";

const snapshot = { member_id: "m-worked-example", joined_at: "2024-01-01", birthday: "1990-03-14", tier: { id: "silver", since: "2025-04-02", valid_until: "2026-12-31" } };
const cart = {
  lines: [
    { sku: "tea-longjing-250g", category: "tea", unit_price: 12800, quantity: 2 },
    { sku: "teaware-gaiwan", category: "teaware", unit_price: 19900, quantity: 1 },
    { sku: "gift-card-100", category: "gift_card", unit_price: 10000, quantity: 1 },
  ],
  discount: 5000,
  shipping: 1000,
};

async function start() {
  await init();
  const program = await (await fetch("/pkg/data/program.json")).json();
  const engine = Engine.compile(program);
  const preview = engine.previewPoints(snapshot, cart, { now: "2026-11-18T12:00:00+08:00" });
  document.querySelector("#total").textContent = String(preview.total);
  document.querySelector("#tier").textContent = engine.tierProgress(snapshot, { now: "2026-11-18T12:00:00+08:00" }).current.id;
  let evalRefused = false;
  try {
    new Function("return 1")();
  } catch {
    evalRefused = true;
  }
  document.body.dataset.evalRefused = String(evalRefused);
  document.body.dataset.state = "ready";
}

start().catch((error) => {
  document.body.dataset.state = "failed";
  document.body.dataset.error = `${error.name}: ${error.message}`;
});
