// Renders a member page with tierwise/dom three ways — the server-side HTML string put into
// the page as a server would, mountMemberPage over that markup, and the custom elements —
// for whatever program and snapshot the test hands to `window.renderMemberPage`.
import init, { Engine } from "/pkg/index.js";
import { defineElements, mountMemberPage, renderMemberPageHTML } from "/pkg/dom.js";

window.renderMemberPage = async (program, snapshot, now) => {
  await init();
  const engine = Engine.compile(program);
  const options = { engine, snapshot, now, locale: "en" };
  // What a server would send: the string goes into the page as markup.
  document.querySelector("#ssr").innerHTML = renderMemberPageHTML(options);
  const mounted = document.querySelector("#mounted");
  mounted.innerHTML = renderMemberPageHTML(options);
  const view = mountMemberPage(mounted, options);
  defineElements({ engine });
  const elements = document.querySelector("#elements");
  for (const tag of ["tierwise-tier-progress", "tierwise-points-preview", "tierwise-offers"]) {
    const element = document.createElement(tag);
    element.setAttribute("now", now);
    element.setAttribute("locale", "en");
    element.snapshot = snapshot;
    elements.append(element);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { offers: view.page.offers.offers.map((offer) => offer.title.en), tier: view.page.tier.current.name.en };
};
document.body.dataset.state = "ready";
