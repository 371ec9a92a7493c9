/**
 * Every sentence the product says, once per locale: the types in `types.ts`, the texts in `es/`
 * and `en/` by concern (core: refusals, timeline, messages, states, words; chat: what every chat
 * surface says; reports: the digest and the quarterly report). A missing translation is a type
 * error.
 */
import type { Locale } from "../core/org.ts";
import { enChat } from "./en/chat.ts";
import { enCore } from "./en/core.ts";
import { enReports } from "./en/reports.ts";
import { esChat } from "./es/chat.ts";
import { esCore } from "./es/core.ts";
import { esReports } from "./es/reports.ts";
import type { Catalog } from "./types.ts";

// The catalog's types are part of what it offers: callers name them from here.
export type * from "./types.ts";

const catalogs: Record<Locale, Catalog> = {
  es: { ...esCore, chat: esChat, reports: esReports },
  en: { ...enCore, chat: enChat, reports: enReports },
};

/** The sentences of a locale. */
export function catalog(locale: Locale): Catalog {
  return catalogs[locale];
}
