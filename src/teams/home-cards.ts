/**
 * The "what I hold" card in each person's 1:1 chat, kept up to date in place while it is the
 * latest message there (SPEC §5b: Adaptive Card tabs do not render in the new Teams client, so
 * this card is the Teams twin of Slack's App Home). The card a person asked for with `inicio`
 * is kept; any later message the bot posts into that chat supersedes it (edited far up the chat
 * it would only mislead), and so does a newer home card. After a change, every kept card is
 * rendered again and put in place where it changed.
 *
 * Kept in memory: after a restart the cards shown before are no longer updated; the next
 * `inicio` shows a current one.
 */
import { ChatError, type ChatPort } from "../chat/port.ts";
import type { PersonId } from "../core/org.ts";
import { type AdaptiveCard, cardAttachment } from "./cards/adaptive.ts";
import type { Connector, OutgoingActivity } from "./connector.ts";

/** One kept card: whose, which activity, and what it shows (its JSON, to skip an idle put). */
interface Kept {
  person: PersonId;
  ref: string;
  json: string;
}

/** The kept home cards. */
export interface HomeCards {
  /** A home card was just posted into `conversation` for `person`: it is the one kept there. */
  shown(conversation: string, person: PersonId, ref: string, card: AdaptiveCard): void;
  /** Another message `ref` went into `conversation`: the home card there is no longer the latest. */
  posted(conversation: string, ref: string): void;
  /** Something may have changed: every kept card is rendered again soon (calls coalesce). */
  changed(): void;
  /** Renders every kept card again and puts the ones that changed; resolves when done. */
  refresh(): Promise<void>;
  /** How many cards are kept. */
  readonly size: number;
}

/** What the kept cards need: where to put them, how to render one, where a failure is told. */
export interface HomeCardsDeps {
  connector: Connector;
  /** The person's home card as of now. */
  render: (person: PersonId) => Promise<AdaptiveCard>;
  warn: (message: string, error?: unknown) => void;
}

function activityOf(card: AdaptiveCard): OutgoingActivity {
  return { type: "message", summary: card.fallbackText, attachments: [cardAttachment(card)] };
}

/** The home cards, rendered and put through `deps`. */
export function homeCards(deps: () => HomeCardsDeps): HomeCards {
  const kept = new Map<string, Kept>();
  let running: Promise<void> | null = null;
  let again = false;

  const refreshOnce = async (): Promise<void> => {
    if (kept.size === 0) return;
    const { connector, render, warn } = deps();
    for (const [conversation, card] of [...kept]) {
      try {
        const fresh = await render(card.person);
        const json = JSON.stringify(fresh);
        // Superseded while it was being rendered, or showing the same: nothing to put.
        if (kept.get(conversation) !== card || json === card.json) continue;
        await connector.update(conversation, card.ref, activityOf(fresh));
        card.json = json;
      } catch (error) {
        // Teams no longer holds it (deleted, too old): nothing left to keep up to date.
        if (error instanceof ChatError && error.code === "ActivityNotFoundInConversation") {
          if (kept.get(conversation) === card) kept.delete(conversation);
          continue;
        }
        warn("Teams: could not update a home card:", error);
      }
    }
  };

  const refresh = async (): Promise<void> => {
    if (running !== null) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        await refreshOnce();
      } while (again);
    })().finally(() => {
      running = null;
    });
    return running;
  };

  return {
    shown(conversation, person, ref, card) {
      kept.set(conversation, { person, ref, json: JSON.stringify(card) });
    },
    posted(conversation, ref) {
      const card = kept.get(conversation);
      if (card !== undefined && card.ref !== ref) kept.delete(conversation);
    },
    changed() {
      void refresh();
    },
    refresh,
    get size() {
      return kept.size;
    },
  };
}

/** `connector` telling `homes` of every message it posts (a thread reply names its channel). */
export function homeTrackingConnector(connector: Connector, homes: HomeCards): Connector {
  return {
    createConversation: (userId) => connector.createConversation(userId),
    async send(conversationId, activity) {
      const ref = await connector.send(conversationId, activity);
      homes.posted(conversationId, ref);
      return ref;
    },
    update: (conversationId, activityId, activity) =>
      connector.update(conversationId, activityId, activity),
    remove: (conversationId, activityId) => connector.remove(conversationId, activityId),
  };
}

/**
 * `port` telling `homes` after each message it sends or edits: a bomb's cards are sent and
 * edited after every change of it, so the kept home cards are rendered again then.
 */
export function homeRefreshingPort(port: ChatPort, homes: HomeCards): ChatPort {
  return {
    platform: port.platform,
    lookupByEmail: (email) => port.lookupByEmail(email),
    openConversation: (address) => port.openConversation(address),
    async send(to, content, tag, left) {
      const sent = await port.send(to, content, tag, left);
      homes.changed();
      return sent;
    },
    find: (to, tag) => port.find(to, tag),
    async update(at, content) {
      const fresh = await port.update(at, content);
      homes.changed();
      return fresh;
    },
    retire: (at) => port.retire(at),
    upload: (at, files, tag, unknown, shared) => port.upload(at, files, tag, unknown, shared),
  };
}
