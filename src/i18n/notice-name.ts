/** The name of a message kind, for the history line of a notice that was not sent. */
import type { MessageKind } from "../core/effects.ts";

/** The kind's name in `names`, or the kind as it came when it is none (old rows, bad data). */
export function noticeName(
  names: Record<MessageKind, string>,
  kind: string | number | undefined,
): string {
  return typeof kind === "string" && Object.hasOwn(names, kind)
    ? names[kind as MessageKind]
    : String(kind ?? "");
}
