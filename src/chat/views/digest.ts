/**
 * How the daily digest words one bomb, for every platform: a marker of urgency, the bomb, its
 * state, the path it climbed (by name: a channel post that pinged every holder every morning
 * would teach everyone to mute it), its deadline and its forwards.
 */
import type { DigestEntry } from "../../report/digest.ts";
import { deadlineText, formatInstant, personName, wordsOf } from "./bomb-facts.ts";
import { cutText } from "./text.ts";
import type { ViewContext } from "./view-context.ts";

const nameMax = 60;
const customerMax = 150;

/** "lun, 23 nov, 18:00 (en 3 días laborables)", from the days the digest already counted. */
export function digestDeadline(entry: DigestEntry, ctx: ViewContext): string {
  const words = wordsOf(ctx);
  const { relative } = words.chat;
  const n = entry.workingDaysLeft;
  // Zero working days has its own wording (today, overdue today, calendar days).
  if (n === 0) return deadlineText(ctx, entry.dueAt);
  const span = words.words.workingDays(Math.abs(n));
  const when = formatInstant(ctx, entry.dueAt);
  return `${when} (${n > 0 ? relative.future(span) : relative.past(span)})`;
}

/** "🔴 **#12 · Cliente** · _sin contestar_" then "Nacho → Luis · responder: … · 2 reenvíos". */
export function digestEntryText(entry: DigestEntry, ctx: ViewContext): string {
  const words = wordsOf(ctx).reports.digest;
  const { markup } = ctx;
  const marker = entry.overdue ? "🔴" : entry.workingDaysLeft <= 1 ? "🟠" : "⚪";
  const customer = markup.userText(entry.customer.replace(/\s+/g, " "), customerMax);
  const state = markup.italic(words.states[entry.state]);
  const first = `${marker} ${markup.bold(`#${entry.id} · ${customer}`)} · ${state}`;
  const path = entry.path
    .map((p) => markup.escape(cutText(personName(ctx.org, p), nameMax)))
    .join(" → ");
  const parts = [path, `${words.due[entry.state]}: ${digestDeadline(entry, ctx)}`];
  if (entry.forwards > 0) parts.push(words.forwards({ count: entry.forwards }));
  return `${first}\n${parts.join(" · ")}`;
}

/** A department's name as the digest's headings show it: at most 60 characters. */
export function digestDepartmentName(name: string): string {
  return cutText(name, nameMax);
}
