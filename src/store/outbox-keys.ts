/** What both stores derive from an outbox message the same way. Pure. */
import type { Outgoing } from "../core/effects.ts";

/** The key that makes a message unique: one per transition, kind and recipient. */
export function dedupeKey(message: Outgoing): string {
  return `${message.bombId}:${message.version}:${message.kind}:${message.to}`;
}

/** Which part of a message split in several a row is (the jobs' params say); 1 otherwise. */
export function partOf(params: unknown): number {
  const part = (params as { part?: unknown } | null)?.part;
  return typeof part === "number" && Number.isInteger(part) && part > 0 ? part : 1;
}
