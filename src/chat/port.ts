/**
 * The chat port: the one small interface the app talks to, whatever the platform (Slack, Teams,
 * an in-memory recorder in tests). The app decides what to say and to whom, and keeps what was
 * delivered; the adapter renders neutral content into its platform's shapes, calls the
 * platform, and classifies every failure once into a `ChatError` kind the outbox acts on.
 */
import type { Bomb } from "../core/bomb.ts";
import type { Params } from "../core/effects.ts";
import type { PersonId } from "../core/org.ts";
import type { DigestData } from "../report/digest.ts";
import type { QuarterlyReport } from "../report/quarterly-report.ts";

/**
 * Where a message goes: a private conversation already opened with a person, or a channel as
 * the org file names it (Slack "#fidelizacion" or a channel id; a Teams channel link or
 * "team id/channel id"). The adapter resolves a channel name; the app never parses it.
 */
export type Destination = { conversation: string } | { channel: string };

/**
 * One delivered message, enough to edit or withdraw it later: its conversation, the platform's
 * own reference (a Slack `ts`, a Teams activity id), and which part of a long content it is
 * (1-based; content too long for one message is split by the adapter, never refused).
 */
export interface MessageRef {
  conversation: string;
  ref: string;
  part: number;
}

/**
 * What to say, as neutral data; the adapter renders it. A bomb message is rendered from the
 * bomb as it stands at delivery (a refresh renders it again), the digest and the report from
 * the data the app loaded for them.
 */
export type ChatContent =
  | {
      type: "bomb";
      /** The outbox kind: which message of the bomb's life (`assigned`, `overdue`, …). */
      kind: string;
      params: Params;
      bomb: Bomb | null;
      recipient: PersonId;
    }
  | {
      type: "digest";
      digest: DigestData;
      late: boolean;
      /**
       * Only this part of it (1-based): a row queued before rows held data stands for one part
       * of a digest the adapter split then. Absent: all of it.
       */
      part?: number;
    }
  | { type: "report"; report: QuarterlyReport; late: boolean; part?: number }
  | {
      /** A notice about no bomb's life (a delivery given up, a bomb stuck): kind + params. */
      type: "notice";
      kind: string;
      params: Params;
      recipient: PersonId;
    };

/** A file to put beside a delivered message (the report's CSV and charts). */
export interface ChatFile {
  filename: string;
  title: string;
  content: Uint8Array;
}

/**
 * The tag a message carries so that an attempt whose outcome is unknown (a timeout, a crash
 * mid-call) can be found before the message is sent again: the outbox row's id and dedupe key.
 */
export interface MessageTag {
  rowId: number;
  key: string;
}

/** How a platform call failed, as the outbox needs to know it. */
export type ChatErrorKind =
  /** The platform asked us to slow down: nothing more before `retryAfterMs`. */
  | "retry_after"
  /** A passing failure (timeout, 5xx, lost connection, a token being replaced): back off. */
  | "transient"
  /** This message can never go (an unknown user, a channel that does not exist): give up. */
  | "permanent"
  /** The bot is not in that person's chat (Teams: app not installed): install, then retry. */
  | "not_installed";

/** A failed platform call, classified once by the adapter. */
export class ChatError extends Error {
  /** Which kind of failure. */
  readonly kind: ChatErrorKind;
  /** The platform's own code (`ratelimited`, `BotNotInConversationRoster`, `ETIMEDOUT`…). */
  readonly code: string;
  /** Set with `retry_after`: how long the platform asked us to wait. */
  readonly retryAfterMs: number | undefined;
  /**
   * True when the call may have taken effect all the same (no answer came back): the next
   * attempt looks for the message by its tag before sending it again.
   */
  readonly unknown: boolean;

  constructor(
    kind: ChatErrorKind,
    code: string,
    options: { retryAfterMs?: number; unknown?: boolean; cause?: unknown } = {},
  ) {
    super(`${kind}: ${code}`, options.cause === undefined ? {} : { cause: options.cause });
    this.name = "ChatError";
    this.kind = kind;
    this.code = code;
    this.retryAfterMs = options.retryAfterMs;
    this.unknown = options.unknown ?? false;
  }
}

/**
 * One chat platform, as the app sees it. Every method throws `ChatError` on failure. Anything
 * else thrown (a bug of the adapter, the process going down) ends the delivery round: the row
 * stays marked in flight, and the attempt after its lease treats its outcome as unknown.
 */
export interface ChatPort {
  /** The key of this platform's addresses in the store ("slack", "teams", "memory"). */
  readonly platform: string;
  /** The platform's address of the person with this e-mail, or null when there is none. */
  lookupByEmail(email: string): Promise<string | null>;
  /**
   * The private conversation with the person at `address`, opened (Teams: created) if need be.
   * The app keeps it with the address, so it is opened once.
   */
  openConversation(address: string): Promise<string>;
  /**
   * Sends `content`, split into as many messages as the platform needs; tagged with `tag`. The
   * parts in `left` (what `find` found of an attempt cut short) are not sent again: they are
   * returned with the others, in part order.
   */
  send(
    to: Destination,
    content: ChatContent,
    tag: MessageTag,
    left?: readonly MessageRef[],
  ): Promise<MessageRef[]>;
  /**
   * The messages an earlier attempt tagged `tag` left at `to`, in part order; empty when it
   * left none (or the platform cannot tell).
   */
  find(to: Destination, tag: MessageTag): Promise<MessageRef[]>;
  /**
   * Replaces an earlier message with `content` rendered anew. Null when it was edited in place,
   * or is gone for good (someone deleted it: no error); the new messages when the platform could
   * not edit it and the adapter sent it again instead (Teams: `ActivityNotFoundInConversation`),
   * which the app keeps in place of `at`.
   */
  update(at: MessageRef, content: ChatContent): Promise<MessageRef[] | null>;
  /** Withdraws an earlier message: its buttons stop working (a message gone is no error). */
  retire(at: MessageRef): Promise<void>;
  /**
   * Puts files into the conversation of an earlier message, as replies to it where possible.
   * With `unknown`, an earlier attempt may have put them there already: the adapter looks for
   * them first and does not put them twice. `shared` is where the same files go to everyone
   * (the report's channel), when there is such a place: a platform that cannot put files into
   * a private conversation links the copy kept there rather than putting another.
   */
  upload(
    at: MessageRef,
    files: ChatFile[],
    tag: MessageTag,
    unknown?: boolean,
    shared?: Destination,
  ): Promise<void>;
}
