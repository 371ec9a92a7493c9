/** The public pages the Teams manifest links to, in both languages. */
import { describe, expect, it } from "vitest";
import { publicPage } from "../../src/teams/pages.ts";

describe("publicPage", () => {
  it.each([
    ["es", "/privacy", ["Privacidad", "Microsoft Graph", "id de Microsoft Entra", "No lee chats"]],
    ["es", "/terms", ["Condiciones de uso", "licencia MIT", "sin garantía"]],
    ["es", "/", ["Correo Bomba de Transportes", "organigrama"]],
    ["en", "/privacy", ["Privacy", "Microsoft Graph", "Entra object ID", "reads no chats"]],
    ["en", "/terms", ["Terms of use", "MIT licence", "without warranty"]],
    ["en", "/", ["Transportes &lt;Ejemplo&gt; &amp; Cía's Correo Bomba", "org chart"]],
  ] as const)("%s %s says what the bot does, linking the other pages", (locale, path, words) => {
    const html = publicPage(path, locale, "Transportes <Ejemplo> & Cía");
    expect(html).toBeDefined();
    expect(html).toContain(`<html lang="${locale}">`);
    for (const word of words) expect(html).toContain(word);
    // The company's name is text, never markup.
    expect(html).not.toContain("<Ejemplo>");
    for (const href of ["/", "/privacy", "/terms"]) expect(html).toContain(`href="${href}"`);
  });

  it("has no page anywhere else", () => {
    for (const path of ["/privacy/", "/admin", "/api/messages", "/healthz", "/terms.html"]) {
      expect(publicPage(path, "es", "X")).toBeUndefined();
    }
  });
});
