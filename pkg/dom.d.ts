// tierwise/dom: fills a member page's `data-tierwise` slots, registers custom elements, and
// renders the member page to HTML. Types of the inputs come from the Rust types.

import type { CartInput, Engine, Instant, Page, SnapshotInput } from "./api.js";
import type { Audience, Locale, MemberPageOptions, Messages } from "./ssr.js";

export type { Locale, MemberPageOptions, Message, MessageParams, Messages, SlotName } from "./ssr.js";
export { MESSAGES, renderMemberPageHTML } from "./ssr.js";
export type { Audience } from "./ssr.js";

/** A mounted member page. */
export interface MemberPageHandle {
  /** The page the slots show now, as `engine.evaluate` returned it. */
  readonly page: Page;
  /** The locale the slots are written in. */
  readonly locale: string;
  /**
   * Re-renders with some inputs replaced.
   * @throws {TierwiseError} when the engine rejects the inputs, or `destroyed` after `destroy()`.
   */
  update(partial: Partial<MemberPageOptions>): void;
  /** Puts every slot back as it was before mounting. */
  destroy(): void;
}

/**
 * Fills the `data-tierwise="…"` slots under `root` with what `engine.evaluate` computes:
 * text through `textContent`, the progress bar's ARIA attributes, lists as child elements.
 * `root` may be `document.querySelector(…)` as it is.
 * @throws {TypeError} when `root` is null (the selector found nothing).
 * @throws {TierwiseError} when the engine rejects the inputs.
 */
export function mountMemberPage(root: Element | null, options: MemberPageOptions): MemberPageHandle;

/** An element registered by `defineElements`. */
export interface TierwiseElement extends HTMLElement {
  /** The compiled program; the one given to `defineElements` when unset. */
  engine: Engine | undefined;
  /** The member; also the `snapshot` attribute as JSON text. */
  snapshot: SnapshotInput | undefined;
  /** The moment to render at; also the `now` attribute. */
  now: Instant | undefined;
  /** Language; also the `locale` attribute; by default the nearest `lang`, else the program's first locale. */
  locale: Locale | undefined;
  /** A cart (`<tierwise-points-preview>`); also the `cart` attribute as JSON text. */
  cart: CartInput | undefined;
  /** The offers' surface (`<tierwise-offers>`); also the `surface` attribute. */
  surface: string | undefined;
  /** Most offers shown (`<tierwise-offers>`); also the `limit` attribute. */
  limit: number | undefined;
  /** Who reads it (`shopper` by default, or `staff`); also the `audience` attribute. */
  audience: Audience | undefined;
  /** Message strings replacing the built-in ones. */
  messages: Partial<Messages> | undefined;
  /** Renders now rather than at the next microtask; false when inputs are missing or rendering failed. */
  render(): boolean;
}

/**
 * Registers `<tierwise-tier-progress>`, `<tierwise-points-preview>`, `<tierwise-offers>` and
 * `<tierwise-contact-plan>` (once; later calls do nothing). `<tierwise-contact-plan>` shows
 * the contact plan only with `audience="staff"`; for shoppers it stays empty and hidden.
 * `engine` is used by elements that have none of their own.
 */
export function defineElements(options?: { engine?: Engine; registry?: CustomElementRegistry }): void;

declare global {
  interface HTMLElementTagNameMap {
    "tierwise-tier-progress": TierwiseElement;
    "tierwise-points-preview": TierwiseElement;
    "tierwise-offers": TierwiseElement;
    "tierwise-contact-plan": TierwiseElement;
  }
  interface HTMLElementEventMap {
    /**
     * A custom element could not render (it bubbles); `detail` is the error, usually a
     * TierwiseError: `missing_field` at `/engine` or `/snapshot` when an input is missing.
     */
    "tierwise-error": CustomEvent<unknown>;
  }
}
