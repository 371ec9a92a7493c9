/**
 * A direct message about a bomb as a neutral card. It is built again from the bomb as it stands
 * after every change (earlier messages are replaced in place), so its facts and actions come
 * from the current state and the recipient's role; only the headline and the kind's own texts
 * come from the message that was queued.
 */
import type { Bomb } from "../../core/bomb.ts";
import type { MessageKind, Params } from "../../core/effects.ts";
import type { PersonId } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { fillOf } from "../../i18n/fill.ts";
import {
  actionsFor,
  type BombAction,
  bombTexts,
  type Fact,
  factsOf,
  footerText,
  personName,
  statusLine,
  wordsOf,
} from "./bomb-facts.ts";
import type { ViewContext } from "./view-context.ts";

/** One queued message: its kind (an outbox kind may be no `MessageKind`), data, bomb and recipient. */
export interface BombMessageInput {
  kind: MessageKind | (string & {});
  params: Params;
  /** The bomb as it stands now; null when the message is about no bomb (or it is gone). */
  bomb: Bomb | null;
  recipient: PersonId;
}

/** A labelled text of a user's, raw. */
export interface Quote {
  label: string;
  text: string;
}

/** What a message about a bomb says, in reading order. */
export interface BombCard {
  /** Plain text: the notification's first words. */
  headline: string;
  bombId: number | null;
  /** Where it stands when no deadline says it (dialect); null while pending or accepted. */
  status: string | null;
  facts: Fact[];
  quotes: Quote[];
  /** The small print (dialect); null when about no bomb. */
  footer: string | null;
  actions: BombAction[];
}

/** Free texts a message kind carries in its params, in the order they are shown. */
const paramTexts = ["note", "solution", "plan", "reason", "error"] as const;

/** The card for one queued message, from the bomb's current state. */
export function bombCard(input: BombMessageInput, ctx: ViewContext): BombCard {
  const { bomb } = input;
  const quotes: Quote[] = bomb === null ? [] : bombTexts(bomb, ctx);
  const shownTexts = quotes.map((q) => q.text.trim());
  // What the message itself carries (a forward note, the solution the loyalty manager is asked to
  // check…) unless the bomb's current state already shows the same text.
  const { fields } = wordsOf(ctx).chat;
  for (const key of paramTexts) {
    const value = input.params[key];
    if (typeof value !== "string" || value.trim() === "" || shownTexts.includes(value.trim())) {
      continue;
    }
    quotes.push({ label: labelOfParam(key, input.params, fields, ctx), text: value });
  }
  return {
    headline: headlineOf(input, ctx),
    bombId: bomb?.id ?? null,
    status: bomb === null ? null : statusLine(bomb, ctx),
    facts: bomb === null ? [] : factsOf(bomb, ctx),
    quotes,
    footer: bomb === null ? null : footerText(bomb, ctx),
    actions: bomb === null ? [] : actionsFor(bomb, input.recipient, ctx),
  };
}

/** The headline of a message kind, filled with the bomb and the message's params (plain text). */
export function headlineOf(input: BombMessageInput, ctx: Pick<ViewContext, "org" | "now">): string {
  const words = wordsOf(ctx);
  const fill = {
    customer: input.bomb?.customer.replace(/\s+/g, " ") ?? "—",
    id: input.bomb?.id ?? "—",
    ...fillOf(ctx, input.params, { person: (p) => personName(ctx.org, p) }),
  };
  if (isMessageKind(input.kind)) return words.messages[input.kind](fill);
  if (input.kind === "delivery_failed") return words.chat.headlines.deliveryFailed(fill);
  if (input.kind === "bomb_stuck") return words.chat.headlines.bombStuck(fill);
  return words.chat.headlines.other(fill);
}

function labelOfParam(
  key: (typeof paramTexts)[number],
  params: Params,
  fields: ReturnType<typeof wordsOf>["chat"]["fields"],
  ctx: Pick<ViewContext, "org">,
): string {
  // A forward note is signed by whoever forwarded it.
  if (key === "note" && typeof params.from === "string") {
    return `${fields.note} · ${personName(ctx.org, params.from)}`;
  }
  return fields[key];
}

function isMessageKind(kind: string): kind is MessageKind {
  // The catalog has a headline for every MessageKind and nothing else.
  return Object.hasOwn(catalog("es").messages, kind);
}
