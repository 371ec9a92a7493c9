/**
 * The private answers of the Slack surface: a bomb's current state after a stale click,
 * `/bomba list`, `/bomba show` with the whole timeline, `/bomba help`, and App Home.
 * Every builder stays within Slack's 50 blocks and 3,000 characters a section.
 */

import type { HomeView, KnownBlock } from "@slack/types";
import {
  homeGroups,
  plainSummary,
  type TimelineLine,
  type TimelineRow,
  timelineLines,
} from "../../chat/views/bomb-lists.ts";
import type { Bomb } from "../../core/bomb.ts";
import type { Locale, PersonId } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { slackSurface } from "../surface.ts";
import {
  type BlockContext,
  bombTexts,
  buttonsFor,
  factFields,
  footerText,
  statusLine,
  summaryText,
  wordsOf,
} from "./bomb-facts.ts";
import type { SlackMessage } from "./bomb-message.ts";
import {
  actionsBlock,
  context,
  cutText,
  escapeMrkdwn,
  fallbackTextLimit,
  fieldsSection,
  header,
  mrkdwnChunks,
  mrkdwnText,
  packLines,
  section,
  slackLimits,
} from "./kit.ts";

export type { TimelineRow } from "../../chat/views/bomb-lists.ts";

const maxBlocks = slackLimits.blocksPerMessage;

/** The short private answer to a stale or foreign click: state, who holds it, deadline. */
export function buildBombStatus(bomb: Bomb, ctx: BlockContext): SlackMessage {
  const words = wordsOf(ctx);
  const blocks: KnownBlock[] = [
    context([words.chat.status.intro]),
    section(summaryText(bomb, ctx)),
  ];
  const text = `${words.chat.status.intro} ${plainSummary(bomb, ctx)}`;
  return { text: cutText(escapeMrkdwn(text), fallbackTextLimit), blocks };
}

/**
 * A refusal as a private answer: the sentence saying why, then the bomb as it now stands; either
 * alone when the other is missing.
 */
export function buildRefusal(
  refusal: { sentence: string; bomb: Bomb | null } | { sentence: null; bomb: Bomb },
  ctx: BlockContext,
): { text: string; blocks?: KnownBlock[] } {
  if (refusal.sentence === null) return buildBombStatus(refusal.bomb, ctx);
  if (refusal.bomb === null) return { text: refusal.sentence };
  const status = buildBombStatus(refusal.bomb, ctx);
  return { text: refusal.sentence, blocks: [section(refusal.sentence), ...status.blocks] };
}

/**
 * `/bomba list`: one section per bomb; past what fits in 50 blocks, how many more there are.
 * `bombs` may be only the first ones of `total` (the store counts the rest without reading them).
 */
export function buildBombList(
  bombs: readonly Bomb[],
  ctx: BlockContext,
  title: string,
  total: number = bombs.length,
): SlackMessage {
  const words = wordsOf(ctx).chat;
  const blocks: KnownBlock[] = [header(title)];
  if (total === 0) blocks.push(section(words.list.empty));
  const room = maxBlocks - blocks.length;
  const shown = Math.min(bombs.length, total <= room ? total : room - 1);
  for (const bomb of bombs.slice(0, shown)) blocks.push(section(summaryText(bomb, ctx)));
  if (shown < total) blocks.push(context([words.list.more({ count: total - shown })]));
  return { text: cutText(`${escapeMrkdwn(title)} (${total})`, fallbackTextLimit), blocks };
}

/** The most bombs `buildBombList` can show: the store need read no more than these. */
export const listRoom = maxBlocks - 1;

/**
 * `/bomba show`: the bomb's facts, its texts in full (split over sections), and its whole
 * timeline, one line per event with people by name. When a long life does not fit in 50 blocks,
 * long notes in the timeline are shortened first, then the oldest lines are left out (and counted).
 * With a `viewer`, the buttons their role allows now (defuse for loyalty managers and the CEO).
 */
export function buildBombDetail(
  bomb: Bomb,
  timeline: readonly TimelineRow[],
  ctx: BlockContext,
  viewer?: PersonId,
): SlackMessage {
  const top: KnownBlock[] = [header(`#${bomb.id} · ${bomb.customer.replace(/\s+/g, " ")}`)];
  const status = statusLine(bomb, ctx);
  if (status !== null) top.push(section(status));
  top.push(fieldsSection(factFields(bomb, ctx)));
  const bottom: KnownBlock[] = [context([footerText(bomb, ctx)])];
  const buttons =
    viewer === undefined ? null : actionsBlock(`bomba_${bomb.id}`, buttonsFor(bomb, viewer, ctx));
  if (buttons !== null) bottom.push(buttons);

  // The texts in full unless that would leave the timeline no room; then each is cut to one section.
  const texts = bombTexts(bomb, ctx);
  const minTimelineBlocks = 5;
  let textBlocks = texts.flatMap(({ label, text }) => textSections(label, text, true));
  if (top.length + textBlocks.length + bottom.length + minTimelineBlocks > maxBlocks) {
    textBlocks = texts.flatMap(({ label, text }) => textSections(label, text, false));
  }
  const room = maxBlocks - top.length - textBlocks.length - bottom.length;
  const lines = timelineLines(timeline, ctx);
  const timelineBlocks = fitTimeline(lines, room, ctx).map((chunk) => section(chunk));
  const blocks = [...top, ...textBlocks, ...timelineBlocks, ...bottom];
  return { text: cutText(escapeMrkdwn(plainSummary(bomb, ctx)), fallbackTextLimit), blocks };
}

/** `/bomba help`: what the command does, in the org's language. */
export function buildHelp(locale: Locale): SlackMessage {
  const help = catalog(locale).chat.help;
  const commands = Object.values(help.commands).map((line) => line(slackSurface.command));
  const blocks: KnownBlock[] = [
    header(help.title),
    section(help.intro),
    section(commands.join("\n")),
    context([help.footer]),
  ];
  return { text: cutText(`${help.title}\n${commands.join("\n")}`, fallbackTextLimit), blocks };
}

/**
 * App Home: the bombs a person must answer and those they accepted, most urgent first, each with
 * its deadline; a friendly word when there are none.
 */
export function buildHomeView(
  held: readonly Bomb[],
  owned: readonly Bomb[],
  ctx: BlockContext,
): HomeView {
  const words = wordsOf(ctx).chat;
  const groups = homeGroups(held, owned, ctx);
  const blocks: KnownBlock[] = [header(words.home.title)];
  if (groups.length === 0) {
    blocks.push(section(words.home.empty), context([words.home.emptyHint(slackSurface.command)]));
    return { type: "home", blocks };
  }
  // A heading and a possible "… and N more" per group; rows share what is left, fairly.
  const rows = maxBlocks - blocks.length - 2 * groups.length;
  const [first, second] = groups;
  const firstCount = first?.bombs.length ?? 0;
  const secondCount = second?.bombs.length ?? 0;
  const firstShown = Math.min(firstCount, Math.max(rows - secondCount, Math.ceil(rows / 2)));
  const shownCounts = [firstShown, Math.min(secondCount, rows - firstShown)];
  groups.forEach((group, i) => {
    const shown = shownCounts[i] ?? 0;
    blocks.push(section(`*${escapeMrkdwn(group.label)}* (${group.bombs.length})`));
    for (const bomb of group.bombs.slice(0, shown)) blocks.push(section(summaryText(bomb, ctx)));
    if (shown < group.bombs.length) {
      blocks.push(context([words.list.more({ count: group.bombs.length - shown })]));
    }
  });
  return { type: "home", blocks };
}

/** A labelled quote as sections: all of it (chunked) or cut to one section. */
function textSections(label: string, text: string, whole: boolean): KnownBlock[] {
  const title = `*${escapeMrkdwn(label)}*\n`;
  const budget = slackLimits.sectionText - title.length;
  if (!whole) return [section(title + mrkdwnText(text, budget, { quote: true }))];
  return mrkdwnChunks(text, budget, { quote: true }).map((chunk, i) =>
    section(i === 0 ? title + chunk : chunk),
  );
}

function renderLine(line: TimelineLine, sentenceMax: number): string {
  const actor = line.actor === null ? "" : ` — _${escapeMrkdwn(cutText(line.actor, 100))}_`;
  return `\`${line.when}\` ${mrkdwnText(line.sentence.replace(/\s+/g, " "), sentenceMax)}${actor}`;
}

/**
 * The timeline as at most `room` sections of at most 3,000 characters. Long sentences are
 * shortened step by step; if even short lines do not fit, the oldest are left out and counted.
 */
function fitTimeline(lines: readonly TimelineLine[], room: number, ctx: BlockContext): string[] {
  const words = wordsOf(ctx).chat.detail;
  const title = `*${escapeMrkdwn(words.timeline)}*`;
  const limit = slackLimits.sectionText;
  if (room <= 0 || lines.length === 0) return [];
  for (const sentenceMax of [2000, 600, 200]) {
    const chunks = packLines([title, ...lines.map((l) => renderLine(l, sentenceMax))], limit);
    if (chunks.length <= room) return chunks;
  }
  const short = lines.map((l) => renderLine(l, 120));
  const attempt = (omitted: number) => {
    const note = `_${escapeMrkdwn(words.omitted({ count: omitted }))}_`;
    return packLines([title, note, ...short.slice(omitted)], limit);
  };
  // Leaving more out never needs more sections: search the fewest omissions that fit.
  let low = 1;
  let high = short.length;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (attempt(mid).length <= room) high = mid;
    else low = mid + 1;
  }
  const chunks = attempt(low);
  if (chunks.length <= room) return chunks;
  return [`${title}\n_${escapeMrkdwn(words.omitted({ count: lines.length }))}_`];
}
