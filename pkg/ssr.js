// tierwise/ssr: the member page as an HTML string, for servers. The same renderer as
// tierwise/dom (which needs no DOM to load either); this entry's types need no DOM library.
//
//   import { Engine } from "tierwise";
//   import { renderMemberPageHTML } from "tierwise/ssr";
//   const html = renderMemberPageHTML({ engine, snapshot, now, locale: "zh-CN" });
export { MESSAGES, renderMemberPageHTML } from "./dom.js";
