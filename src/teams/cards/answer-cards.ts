/**
 * The private answers of the Teams surface as Adaptive Cards: a bomb's current state after a
 * stale or foreign click, the list, one bomb with its whole timeline, the help, the "what I
 * hold" card of a person's 1:1 chat, and the card `nueva`/`new` answers with. Each stays under
 * the size limit: what does not fit is shortened, then left out and counted, never refused.
 */
import { views } from "../../chat/ids.ts";
import {
  actionsFor,
  bombTexts,
  factsOf,
  footerText,
  statusLine,
  summaryText,
  wordsOf,
} from "../../chat/views/bomb-facts.ts";
import {
  homeGroups,
  plainSummary,
  type TimelineLine,
  type TimelineRow,
  timelineLines,
} from "../../chat/views/bomb-lists.ts";
import { cutText } from "../../chat/views/text.ts";
import type { Bomb } from "../../core/bomb.ts";
import type { Locale, PersonId } from "../../core/org.ts";
import { catalog } from "../../i18n/catalog.ts";
import { teamsCatalog } from "../../i18n/teams-catalog.ts";
import {
  type AdaptiveCard,
  adaptiveCard,
  CARD_BYTE_LIMIT,
  type CardElement,
  jsonBytes,
  textBlock,
} from "./adaptive.ts";
import { cardAction, FALLBACK_MAX, quoteContainer } from "./bomb-card.ts";
import { type CardContext, viewContextOf } from "./context.ts";
import { escapeTeamsMarkdown, paragraphs } from "./markup.ts";

export type { TimelineRow } from "../../chat/views/bomb-lists.ts";

/** The most bombs a list or a home group shows, however small they are. */
export const LIST_ROOM = 50;

/** The short private answer to a stale or foreign click: state, who holds it, deadline. */
export function buildStatusCard(bomb: Bomb, ctx: CardContext): AdaptiveCard {
  const view = viewContextOf(ctx);
  const words = wordsOf(ctx).chat;
  const body = [
    textBlock(escapeTeamsMarkdown(words.status.intro), { isSubtle: true }),
    textBlock(paragraphs(summaryText(bomb, view))),
  ];
  const fallback = cutText(`${words.status.intro} ${plainSummary(bomb, ctx)}`, FALLBACK_MAX);
  return adaptiveCard(fallback, body);
}

/**
 * The list: one paragraph per bomb; past what fits (at most 50, and the size limit), how many
 * more there are. `bombs` may be only the first ones of `total`.
 */
export function buildListCard(
  bombs: readonly Bomb[],
  ctx: CardContext,
  title: string,
  total: number = bombs.length,
): AdaptiveCard {
  const view = viewContextOf(ctx);
  const words = wordsOf(ctx).chat;
  const lines = bombs.slice(0, LIST_ROOM).map((bomb) => paragraphs(summaryText(bomb, view)));
  const build = (shown: number): AdaptiveCard => {
    const body: CardElement[] = [titleBlock(title)];
    if (total === 0) body.push(textBlock(escapeTeamsMarkdown(words.list.empty)));
    for (const line of lines.slice(0, shown)) body.push(textBlock(line, { separator: true }));
    if (shown < total) body.push(moreBlock(words.list.more({ count: total - shown })));
    return adaptiveCard(cutText(`${title} (${total})`, FALLBACK_MAX), body);
  };
  return build(mostThatFit(lines.length, build));
}

/**
 * One bomb: its facts, its texts, and its whole timeline, one line per event with people by
 * name. When a long life does not fit, long notes are shortened first, then the oldest lines are
 * left out (and counted). With a `viewer`, the buttons their role allows now.
 */
export function buildDetailCard(
  bomb: Bomb,
  timeline: readonly TimelineRow[],
  ctx: CardContext,
  viewer?: PersonId,
): AdaptiveCard {
  const view = viewContextOf(ctx);
  const words = wordsOf(ctx).chat;
  const lines = timelineLines(timeline, ctx);
  const actions = viewer === undefined ? [] : actionsFor(bomb, viewer, ctx).map(cardAction);
  const build = (textMax: number, sentenceMax: number, omitted: number): AdaptiveCard => {
    const body: CardElement[] = [
      titleBlock(
        escapeTeamsMarkdown(`#${bomb.id} · ${cutText(bomb.customer.replace(/\s+/g, " "), 150)}`),
      ),
    ];
    const status = statusLine(bomb, view);
    if (status !== null) body.push(textBlock(paragraphs(status)));
    body.push({
      type: "FactSet",
      facts: factsOf(bomb, view).map((fact) => ({
        title: escapeTeamsMarkdown(fact.label),
        value:
          "raw" in fact
            ? escapeTeamsMarkdown(cutText(fact.raw.replace(/\s+/g, " ").trim(), 500))
            : paragraphs(fact.value),
      })),
    });
    for (const text of bombTexts(bomb, ctx))
      body.push(quoteContainer(text.label, text.text, textMax));
    if (lines.length > 0) {
      body.push(
        textBlock(`**${escapeTeamsMarkdown(words.detail.timeline)}**`, { separator: true }),
      );
      if (omitted > 0) body.push(moreBlock(words.detail.omitted({ count: omitted })));
      const shown = lines.slice(omitted).map((line) => renderLine(line, sentenceMax));
      // Twenty events a paragraph: fewer elements than one each, and still easy to scan.
      for (let i = 0; i < shown.length; i += 20) {
        body.push(textBlock(shown.slice(i, i + 20).join("\n\n"), { spacing: "small" }));
      }
    }
    const footer = footerText(bomb, view);
    body.push(textBlock(paragraphs(footer), { size: "small", isSubtle: true }));
    return adaptiveCard(cutText(plainSummary(bomb, ctx), FALLBACK_MAX), body, actions);
  };
  const fits = (card: AdaptiveCard) => jsonBytes(card) <= CARD_BYTE_LIMIT;
  for (const [textMax, sentenceMax] of [
    [3000, 2000],
    [3000, 600],
    [1500, 200],
    [600, 120],
  ] as const) {
    const card = build(textMax, sentenceMax, 0);
    if (fits(card)) return card;
  }
  // Leaving more out never makes the card bigger: the fewest omissions that fit.
  const keep = mostThatFit(lines.length, (kept) => build(600, 120, lines.length - kept));
  return build(600, 120, lines.length - keep);
}

/** The help: how commands are given in Teams, and each one. */
export function buildHelpCard(locale: Locale): AdaptiveCard {
  const help = teamsCatalog(locale).help;
  const commands = Object.values(help.commands);
  const body = [
    titleBlock(escapeTeamsMarkdown(help.title)),
    textBlock(escapeTeamsMarkdown(catalog(locale).chat.help.intro)),
    textBlock(escapeTeamsMarkdown(help.howTo)),
    // A Markdown list: one command a line.
    textBlock(commands.map((line) => `- ${line}`).join("\r")),
    textBlock(escapeTeamsMarkdown(help.footer), { size: "small", isSubtle: true }),
  ];
  const fallback = cutText(
    `${help.title}: ${commands.join(" · ").replace(/\*\*/g, "")}`,
    FALLBACK_MAX,
  );
  return adaptiveCard(fallback, body);
}

/**
 * "What I hold": the bombs a person must answer, then those they accepted, most urgent first,
 * each with its deadline; a friendly word when there are none.
 */
export function buildHomeCard(
  held: readonly Bomb[],
  owned: readonly Bomb[],
  ctx: CardContext,
): AdaptiveCard {
  const view = viewContextOf(ctx);
  const words = wordsOf(ctx).chat;
  const groups = homeGroups(held, owned, ctx).map((group) => ({
    label: group.label,
    total: group.bombs.length,
    lines: group.bombs.slice(0, LIST_ROOM).map((bomb) => paragraphs(summaryText(bomb, view))),
  }));
  const fallbackParts = groups.map((group) => `${group.label} (${group.total})`);
  const fallback = cutText(
    groups.length === 0
      ? `${words.home.title}: ${words.home.empty}`
      : `${words.home.title}: ${fallbackParts.join(" · ")}`,
    FALLBACK_MAX,
  );
  if (groups.length === 0) {
    return adaptiveCard(fallback, [
      titleBlock(escapeTeamsMarkdown(words.home.title)),
      textBlock(escapeTeamsMarkdown(words.home.empty)),
      textBlock(escapeTeamsMarkdown(words.home.emptyHint(view.surface.command)), {
        size: "small",
        isSubtle: true,
      }),
    ]);
  }
  // Each group gets `perGroup` rows, plus what the other group leaves unused.
  const build = (perGroup: number): AdaptiveCard => {
    const body: CardElement[] = [titleBlock(escapeTeamsMarkdown(words.home.title))];
    groups.forEach((group, i) => {
      const other = groups[1 - i]?.lines.length ?? 0;
      const room = perGroup + Math.max(0, perGroup - other);
      const shown = Math.min(group.lines.length, room);
      body.push(
        textBlock(`**${escapeTeamsMarkdown(group.label)}** (${group.total})`, { separator: true }),
      );
      for (const line of group.lines.slice(0, shown))
        body.push(textBlock(line, { separator: true }));
      if (shown < group.total)
        body.push(moreBlock(words.list.more({ count: group.total - shown })));
    });
    return adaptiveCard(fallback, body);
  };
  return build(Math.max(1, mostThatFit(LIST_ROOM, build)));
}

/** What `nueva`/`new` answers: a line and the button that opens the report form as a dialog. */
export function buildNewReportCard(locale: Locale): AdaptiveCard {
  const words = teamsCatalog(locale).newReport;
  return adaptiveCard(
    words.text,
    [textBlock(escapeTeamsMarkdown(words.text))],
    [
      {
        type: "Action.Submit",
        title: words.button,
        style: "positive",
        data: { msteams: { type: "task/fetch" }, action: views.open },
      },
    ],
  );
}

function titleBlock(text: string): CardElement {
  return textBlock(text, { size: "medium", weight: "bolder" });
}

function moreBlock(text: string): CardElement {
  return textBlock(`_${escapeTeamsMarkdown(text)}_`, { isSubtle: true, size: "small" });
}

function renderLine(line: TimelineLine, sentenceMax: number): string {
  const actor = line.actor === null ? "" : ` — _${escapeTeamsMarkdown(cutText(line.actor, 100))}_`;
  const sentence = escapeTeamsMarkdown(cutText(line.sentence.replace(/\s+/g, " "), sentenceMax));
  return `**${escapeTeamsMarkdown(line.when)}** ${sentence}${actor}`;
}

/** The largest `k` in 0…n whose card fits (the card grows with `k`). */
function mostThatFit(n: number, build: (k: number) => AdaptiveCard): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (jsonBytes(build(mid)) <= CARD_BYTE_LIMIT) low = mid;
    else high = mid - 1;
  }
  return low;
}
