/**
 * What the bot does with the activities Teams posts to it, once the SDK has checked their
 * token. Every route is one parse (the activity → a request, or nothing), one call (the use
 * case) and one render (the result → a card in the person's 1:1 chat, never a channel).
 *
 * Routed here: the command words `help`/`ayuda` (and any word the bot does not know, which is
 * answered with the help too), and the first contact after installation (`installationUpdate`
 * add, or a `conversationUpdate` that adds the bot), answered with the help card in the org's
 * language. The other command words, dialogs (`task/fetch`, `task/submit`) and card actions
 * join as routes of the same shape over the app's interaction use cases.
 */
import type { Locale } from "../core/org.ts";
import type { AdaptiveCard } from "./cards/adaptive.ts";
import { cardAttachment } from "./cards/adaptive.ts";
import { buildHelpCard } from "./cards/answer-cards.ts";
import type { Connector, OutgoingActivity } from "./connector.ts";

/**
 * The parts of an activity the routes read, typed as what may arrive: a field Teams (or anyone
 * holding a good token) sends in another shape reads as absent.
 */
export interface InboundActivity {
  type?: unknown;
  text?: unknown;
  from?: unknown;
  recipient?: unknown;
  conversation?: unknown;
  membersAdded?: unknown;
}

/** `value[key]` when it is a non-empty string. */
function stringAt(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const field = (value as Record<string, unknown>)[key];
  return typeof field === "string" && field !== "" ? field : undefined;
}

/** What the routes need. */
export interface InboundDeps {
  /** The language of the org in force. */
  locale: () => Locale;
  connector: Connector;
  /** The bot's clock (the first-contact greeting is said once in a while). */
  now: () => number;
  /** Where a failed answer is told (it never reaches the person, nor crashes the server). */
  warn: (message: string, error: unknown) => void;
}

/** A command word, parsed: the help, or a word this build does not route (yet). */
export type CommandRequest = { command: "help" } | { command: "unrouted"; word: string };

/** The command words of the help, in both languages. */
const helpWords = new Set(["help", "ayuda"]);

/**
 * The request a message's text makes: the @mention of the bot (`<at>Correo Bomba</at>`, which
 * Teams puts in a channel message's text) and any markup left out, then the first word.
 */
export function parseCommand(text: unknown): CommandRequest {
  const plain = (typeof text === "string" ? text : "")
    .replace(/<at>[^<]*<\/at>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/gi, " ");
  const word = plain.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  return helpWords.has(word) ? { command: "help" } : { command: "unrouted", word };
}

/** A greeting that repeats within this window is the same installation told twice. */
export const GREETING_WINDOW_MS = 10 * 60_000;

/** The inbound routes over `deps`. */
export function inboundRoutes(deps: InboundDeps) {
  const greeted = new Map<string, number>();

  /** The person's 1:1 chat with the bot: this one, or one created for a channel's message. */
  const personalChat = async (activity: InboundActivity): Promise<string | null> => {
    const id = stringAt(activity.conversation, "id");
    if (stringAt(activity.conversation, "conversationType") === "personal" && id) return id;
    const user = stringAt(activity.from, "aadObjectId");
    return user ? deps.connector.createConversation(user) : null;
  };

  /** Sends `card` to the person's 1:1 chat; a failure is told to the log, never thrown. */
  const answer = async (activity: InboundActivity, card: AdaptiveCard): Promise<void> => {
    try {
      const chat = await personalChat(activity);
      if (chat === null) return;
      const message: OutgoingActivity = {
        type: "message",
        summary: card.fallbackText,
        attachments: [cardAttachment(card)],
      };
      await deps.connector.send(chat, message);
    } catch (error) {
      deps.warn("Teams: could not answer in the person's chat:", error);
    }
  };

  /** The first contact of an installation: once, though Teams tells it twice. */
  const firstContact = async (activity: InboundActivity): Promise<void> => {
    const key =
      stringAt(activity.from, "aadObjectId") ?? stringAt(activity.conversation, "id") ?? "";
    const now = deps.now();
    for (const [who, at] of greeted) if (now - at > GREETING_WINDOW_MS) greeted.delete(who);
    if (greeted.has(key)) return;
    greeted.set(key, now);
    await answer(activity, buildHelpCard(deps.locale()));
  };

  return {
    /** A message: its command word → the answer card. */
    async message(activity: InboundActivity): Promise<void> {
      const request = parseCommand(activity.text);
      switch (request.command) {
        case "help":
        // A word the bot does not know: the help shows the ones it does.
        case "unrouted":
          await answer(activity, buildHelpCard(deps.locale()));
      }
    },
    /** The app installed for a person (personal scope). */
    async installed(activity: InboundActivity): Promise<void> {
      await firstContact(activity);
    },
    /** Members added to a conversation: the bot itself added is an installation. */
    async conversationUpdate(activity: InboundActivity): Promise<void> {
      const bot = stringAt(activity.recipient, "id");
      const added = Array.isArray(activity.membersAdded) ? activity.membersAdded : [];
      if (bot !== undefined && added.some((member) => stringAt(member, "id") === bot)) {
        await firstContact(activity);
      }
    },
  };
}
