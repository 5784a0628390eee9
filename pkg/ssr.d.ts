// The DOM-free part of tierwise/dom: message strings, options, and the HTML renderer.
// Declared apart so that server code type-checks without the DOM library.

import type { CartInput, Engine, Instant, Page, SnapshotInput } from "./api.js";

/** Parameters of a message: the values its `{name}` placeholders take. */
export type MessageParams = { [name: string]: string | number };

/**
 * A message: a string with `{name}` placeholders; an object picking its text by the plural
 * category of `count` (`Intl.PluralRules`); or a function of the parameters.
 */
export type Message =
  | string
  | ({ other: string } & { [category in Intl.LDMLPluralRule]?: string })
  | ((params: MessageParams) => string);

/** Every message tierwise/dom writes; `MESSAGES` holds the built-in English and Chinese ones. */
export interface Messages {
  headingTier: Message;
  headingPoints: Message;
  headingOffers: Message;
  /** `{tier}`: the next tier's name. */
  headingBenefits: Message;
  headingActivities: Message;
  headingBadges: Message;
  /** `{date}`. */
  tierValidUntil: Message;
  /** `{tier}`. */
  nextTier: Message;
  topTier: Message;
  /** The progress bar's `aria-label`; `{tier}`. */
  progressLabel: Message;
  /** The progress bar's `aria-valuetext`; `{percent}`, `{tier}`. */
  progressValue: Message;
  progressTop: Message;
  /** `{tier}`, `{items}`: the metrics still missing, joined with "or" or "and" as the tier combines them. */
  remaining: Message;
  /** `{amount}`. */
  spendMore: Message;
  /** `{count}`. */
  ordersMore: Message;
  /** `{count}`. */
  pointsMore: Message;
  /** `{count}`, `{counter}`. */
  counterMore: Message;
  /** `{date}`, `{relative}` ("in 38 days"). */
  deadline: Message;
  /** `{months}`. */
  rollingWindow: Message;
  /** `{tier}`. */
  onPace: Message;
  /** `{tier}`. */
  offPace: Message;
  /** `{tier}`, `{date}`. */
  requalSecured: Message;
  /** `{tier}`. */
  requalSecuredOpen: Message;
  /** `{tier}`, `{items}`, `{date}`. */
  requalOnTrack: Message;
  /** `{tier}`, `{items}`, `{date}`. */
  requalAtRisk: Message;
  /** A number of points; `{count}`. */
  points: Message;
  /** `{points}`. */
  balance: Message;
  /** `{points}`. */
  pending: Message;
  /** `{points}`. */
  cartTotal: Message;
  basePoints: Message;
  capped: Message;
  /** `{date}`. */
  availableAt: Message;
  /** `{date}`. */
  expiresAt: Message;
  neverExpire: Message;
  /** `{points}`, `{date}`, `{relative}`. */
  expiring: Message;
  /** `{points}`, `{days}`. */
  expiringMore: Message;
  /** `{days}`. */
  expiringNone: Message;
  /** `{points}`, `{reward}`. */
  nextReward: Message;
  /** `{reward}`. */
  nextRewardAfterCart: Message;
  allRewards: Message;
  /** `{name}`, `{points}`. */
  activity: Message;
  noOffers: Message;
  reasons: Message;
  /** `{date}`. */
  offerValidUntil: Message;
  /** `{fact}`, `{operator}`, `{expected}`, `{actual}`. */
  reason: Message;
  /** `{fact}`, `{operator}`, `{expected}`. */
  reasonMissing: Message;
  /** `{fact}`, `{actual}`. */
  reasonKnown: Message;
  /** `{fact}`. */
  reasonUnknown: Message;
  /** `{segment}`. */
  segment: Message;
  /** The contact plan's heading (staff only). */
  headingContactPlan: Message;
  /** A program without a contact policy; `{label}`: the label of the code `no_contact_policy`. */
  contactNoPolicy: Message;
  /** The mark of the member's preferred channel. */
  contactPreferred: Message;
  /** Status `send`. */
  contactSend: Message;
  /** Status `wait`. */
  contactWait: Message;
  /** Status `blocked`. */
  contactBlocked: Message;
  /** Status `idle`. */
  contactIdle: Message;
  /** `contact_capped`: `{cap}`, `{contacts}`, `{max}`, `{days}`, `{date}` (the cap's `frees_on`). */
  contactCapped: Message;
  /** `quiet_hours`: `{time}` (`frees_at`, in the program's offset). */
  contactQuiet: Message;
  /** `channel_opt_out`: `{channel}`, `{consent}` (the consent key). */
  contactOptOut: Message;
  /** `no_consent`: `{consent}`. */
  contactNoConsent: Message;
  /** `channel_audience`: `{channel}`. */
  contactAudience: Message;
  /** Nothing eligible on the channel. */
  contactNothing: Message;
  /** `{time}`: the channel's `next_at`, in the program's offset. */
  contactNextAt: Message;
}

/** The built-in messages: `en`, and `zh-CN` (used for every `zh*` locale). */
export const MESSAGES: { readonly en: Readonly<Messages>; readonly "zh-CN": Readonly<Messages> };

/** A BCP 47 locale; `zh-CN` and `en` have built-in messages, any other is formatted by Intl with English messages. */
export type Locale = "zh-CN" | "en" | (string & {});

/** What a member page is computed and written from. */
export interface MemberPageOptions {
  /** A compiled program. */
  engine: Engine;
  /** The member. */
  snapshot: SnapshotInput;
  /** The moment to show the page at; tierwise never reads a clock. */
  now: Instant;
  /** Language of the page; by default the nearest `lang` attribute, else the program's first locale. */
  locale?: Locale;
  /** A cart to preview: what it earns, and what it does to the tier. */
  cart?: CartInput | undefined;
  /** The surface offers are chosen for; `member_page` by default. */
  surface?: string;
  /** How many offers to show at most; 3 by default. */
  limit?: number;
  /** Message strings replacing the built-in ones. */
  messages?: Partial<Messages>;
  /**
   * Who reads the page: `shopper` (the default) reads reasons as sentences about their own
   * values and sees no segment and no points line without a cart; `staff` sees each reason's
   * fact path, operator and operand, and the segment, and a `contact-plan` slot shows the
   * contact plan (per outbound channel: status, offer, or why not and from when). The plan is
   * computed only for staff pages that have the slot; shoppers never see it.
   */
  audience?: Audience;
}

/** Who reads the member page. */
export type Audience = "shopper" | "staff";

/** The `data-tierwise` slot names the member page fills. */
export type SlotName =
  | "program-name" | "segment" | "heading-badges" | "badges"
  | "heading-tier" | "tier-name" | "tier-valid-until" | "next-tier-name" | "tier-progress" | "tier-percent"
  | "tier-remaining" | "tier-deadline" | "tier-pace" | "tier-requalification" | "heading-benefits" | "next-tier-benefits"
  | "heading-points" | "points-balance" | "points-pending" | "points-total" | "points-breakdown" | "points-available-at"
  | "points-expires-at" | "points-expiring" | "next-reward" | "heading-activities" | "activities"
  | "heading-offers" | "offers" | "contact-plan";

/**
 * The member page as an HTML string with every slot filled and every string escaped, for
 * rendering on a server; `mountMemberPage` can take the markup over in the browser.
 * @throws {TierwiseError} when the engine rejects the inputs.
 */
export function renderMemberPageHTML(options: MemberPageOptions): string;

export type { Page };
