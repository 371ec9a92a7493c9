/**
 * A chat platform in memory: the second adapter of the chat port, with no platform behind it.
 * It records what was sent, updated, retired and uploaded, finds messages by their tag as a real
 * platform would after a lost answer, and plays scripted failures (`ChatError`s) per
 * conversation. The app's use-case tests run through it: nothing in src/app or src/core knows
 * which adapter delivers.
 */

import { type Directory, directoryOf } from "../../src/app/directory.ts";
import {
  type ChatContent,
  ChatError,
  type ChatFile,
  type ChatPort,
  type Destination,
  type MessageRef,
  type MessageTag,
} from "../../src/chat/port.ts";
import type { PersonId } from "../../src/core/org.ts";

/** One message on the in-memory platform, as it stands. */
export interface MemoryMessage {
  at: MessageRef;
  to: Destination;
  content: ChatContent;
  tag: MessageTag;
}

/** A failure to play: `acted` when the platform did it all the same (the answer was lost). */
interface Scripted {
  error: ChatError | Error;
  acted: boolean;
}

/** The conversation of a destination: a private one as opened, a channel by its name. */
export function conversationOf(to: Destination): string {
  return "conversation" in to ? to.conversation : to.channel;
}

/** The conversation the memory platform opens with `address`. */
export function memoryConversation(address: string): string {
  return `dm:${address}`;
}

/**
 * Everyone reachable at their own id on the memory platform (the org's key is their address),
 * except `unreachable`.
 */
export function memoryDirectory(
  people: Iterable<PersonId>,
  unreachable: PersonId[] = [],
): Directory {
  const gone = new Set(unreachable);
  return directoryOf(
    "memory",
    [...people].filter((p) => !gone.has(p)).map((p) => [p, p] as const),
  );
}

/** A fresh in-memory platform. */
export function memoryChat() {
  /** What is on the platform now, in the order it was sent. */
  const messages: MemoryMessage[] = [];
  const updated: { at: MessageRef; content: ChatContent }[] = [];
  const retired: MessageRef[] = [];
  const uploaded: { at: MessageRef; files: ChatFile[]; tag: MessageTag }[] = [];
  const script = new Map<string, Scripted[]>();
  const emails = new Map<string, string>();
  let next = 0;

  /** The next failure scripted for `conversation`, if any. */
  function scripted(conversation: string): Scripted | undefined {
    return script.get(conversation)?.shift();
  }

  const port: ChatPort = {
    platform: "memory",

    async lookupByEmail(email) {
      return emails.get(email.toLowerCase()) ?? null;
    },

    async openConversation(address) {
      return memoryConversation(address);
    },

    async send(to, content, tag, left = []) {
      const conversation = conversationOf(to);
      const failure = scripted(conversation);
      if (failure !== undefined && !failure.acted) throw failure.error;
      const refs = [...left];
      // The memory platform needs one message for anything; parts a cut attempt left stay.
      if (!left.some((ref) => ref.part === 1)) {
        next += 1;
        const at = { conversation, ref: `m${next}`, part: 1 };
        messages.push({ at, to, content, tag });
        refs.push(at);
      }
      if (failure !== undefined) throw failure.error;
      return refs.sort((a, b) => a.part - b.part);
    },

    async find(to, tag) {
      const conversation = conversationOf(to);
      return messages
        .filter(
          (m) =>
            m.at.conversation === conversation &&
            m.tag.rowId === tag.rowId &&
            m.tag.key === tag.key,
        )
        .map((m) => m.at);
    },

    async update(at, content) {
      const message = messages.find(
        (m) => m.at.conversation === at.conversation && m.at.ref === at.ref,
      );
      // A message gone for good is no error: there is nothing left to edit.
      if (message === undefined) return null;
      const failure = scripted(at.conversation);
      if (failure !== undefined) throw failure.error;
      message.content = content;
      updated.push({ at, content });
      return null;
    },

    async retire(at) {
      const index = messages.findIndex(
        (m) => m.at.conversation === at.conversation && m.at.ref === at.ref,
      );
      if (index < 0) return;
      messages.splice(index, 1);
      retired.push(at);
    },

    async upload(at, files, tag, unknown = false) {
      const failure = scripted(at.conversation);
      if (failure !== undefined && !failure.acted) throw failure.error;
      const already = uploaded.some((u) => u.tag.rowId === tag.rowId && u.tag.key === tag.key);
      if (!(unknown && already)) uploaded.push({ at, files, tag });
      if (failure !== undefined) throw failure.error;
    },
  };

  return {
    port,
    messages,
    updated,
    retired,
    uploaded,
    /** Makes `email` known as the person at `address`. */
    knows(email: string, address: string) {
      emails.set(email.toLowerCase(), address);
    },
    /** Fails the next calls in `conversation` with `errors`, in turn, before doing anything. */
    failNext(conversation: string, ...errors: (ChatError | Error)[]) {
      const queue = script.get(conversation) ?? [];
      queue.push(...errors.map((error) => ({ error, acted: false })));
      script.set(conversation, queue);
    },
    /** Does the next call in `conversation`, then loses its answer (an unknown outcome). */
    loseNext(conversation: string, code = "timeout") {
      const queue = script.get(conversation) ?? [];
      queue.push({ error: new ChatError("transient", code, { unknown: true }), acted: true });
      script.set(conversation, queue);
    },
  };
}

/** An in-memory platform (see `memoryChat`). */
export type MemoryChat = ReturnType<typeof memoryChat>;
