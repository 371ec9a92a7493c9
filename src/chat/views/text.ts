/** Plain-text helpers every platform's rendering shares. */

const ellipsis = "…";

/** The text cut to at most `max` UTF-16 units, ending in "…" when cut; never splits a character. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  return joinWithin(Array.from(text), max);
}

/** As many whole pieces as fit in `max` with a final "…". */
export function joinWithin(pieces: readonly string[], max: number): string {
  let out = "";
  for (const piece of pieces) {
    if (out.length + piece.length + ellipsis.length > max) break;
    out += piece;
  }
  return out + ellipsis;
}
