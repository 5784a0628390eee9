// The storefront code every browser consumer runs: initialise tierwise, compile the
// program, fill the member page, and report what the engine computed for the test.
import init, { Engine } from "tierwise";
import { mountMemberPage } from "tierwise/dom";

export async function showMemberPage(program, member) {
  try {
    await init();
    const engine = Engine.compile(program);
    const view = mountMemberPage(document.querySelector("#member"), {
      engine, snapshot: member.snapshot, now: member.now, cart: member.cart, locale: "en",
    });
    const { tier, points } = view.page;
    window.tierwiseResult = {
      tier: tier.current.id,
      next: tier.next.id,
      progress: tier.next.progress,
      remaining: Object.fromEntries(tier.next.metrics.map((metric) => [metric.metric, metric.remaining])),
      deadline: tier.window.deadline,
      daysLeft: tier.window.days_left,
      pointsTotal: points.total,
      contributions: Object.fromEntries(points.contributions.filter((c) => c.awarded > 0).map((c) => [c.rule, c.awarded])),
      availableAt: points.available_at,
      expiresAt: points.expires_at,
    };
    document.body.dataset.state = "ready";
  } catch (error) {
    window.tierwiseError = `${error.name}: ${error.message}`;
    document.body.dataset.state = "failed";
    throw error;
  }
}
