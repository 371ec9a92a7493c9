/**
 * Counted nouns through `Intl.PluralRules`: "1 bomb", "2 bombs", "1 bomba", "0 bombas", so no
 * sentence ever says "1 messages".
 */
import type { Locale } from "../core/org.ts";

/** A noun's forms by plural category; `other` is required, the rest fall back to it. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<Locale, Intl.PluralRules>();

/** The form of `forms` that goes with `n` in `locale`. */
export function pluralForm(locale: Locale, n: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (rule === undefined) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return forms[rule.select(n)] ?? forms.other;
}

/** `n` and its noun: "1 bomb", "3 bombs", with the number grouped as the locale writes it. */
export function counted(locale: Locale, n: number, forms: PluralForms): string {
  return `${n.toLocaleString(locale)} ${pluralForm(locale, n, forms)}`;
}
