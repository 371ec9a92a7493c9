/**
 * The public pages of the bot's domain, which the Teams app's manifest links to (the developer's
 * website, privacy statement and terms of use): `GET /`, `/privacy` and `/terms`, short HTML in
 * the org's language.
 */
import type { Locale } from "../core/org.ts";
import { type Page, pagesCatalog } from "../i18n/pages-catalog.ts";

/** The paths served, and which page each is. */
const paths = { "/": "home", "/privacy": "privacy", "/terms": "terms" } as const;

/** The HTML of the page at `path`, or undefined when there is none. */
export function publicPage(path: string, locale: Locale, company: string): string | undefined {
  const name = (paths as Record<string, (typeof paths)[keyof typeof paths]>)[path];
  if (name === undefined) return undefined;
  const words = pagesCatalog(locale);
  const page: Page = words[name]({ company });
  const links = (Object.entries(paths) as [string, keyof typeof words.links][])
    .map(([href, key]) => `<a href="${href}">${escapeHtml(words.links[key])}</a>`)
    .join(" · ");
  return [
    "<!doctype html>",
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    "<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}</style>",
    "</head>",
    "<body>",
    `<h1>${escapeHtml(page.title)}</h1>`,
    ...page.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
    `<p><small>${links}</small></p>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}
