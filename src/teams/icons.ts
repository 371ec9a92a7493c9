/**
 * The Teams app's two icons, drawn rather than hand-made so that they can be remade after a
 * change of colour: `color.png` (192×192, full colour) and `outline.png` (32×32, white on
 * transparent, as Teams requires). `npm run icons` writes them into manifest/teams/.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createCanvas, type SKRSContext2D } from "@napi-rs/canvas";
import { packagePath } from "../package-root.ts";

/** The app's accent colour (manifest `accentColor`), the colour icon's background. */
export const ACCENT_COLOR = "#B3261E";

/** A bomb with a lit fuse in `color` on `ctx`, scaled to a square of side `size`. */
function drawBomb(ctx: SKRSContext2D, size: number, color: string, spark: string): void {
  const unit = size / 32;
  ctx.fillStyle = color;
  ctx.strokeStyle = color;
  // The body: a ball sitting low and a little left, leaving room for the fuse.
  ctx.beginPath();
  ctx.arc(14 * unit, 19 * unit, 10 * unit, 0, Math.PI * 2);
  ctx.fill();
  // The cap the fuse comes out of.
  ctx.save();
  ctx.translate(20.5 * unit, 11.5 * unit);
  ctx.rotate(Math.PI / 4);
  ctx.fillRect(-3 * unit, -2.5 * unit, 6 * unit, 5 * unit);
  ctx.restore();
  // The fuse.
  ctx.lineWidth = 1.8 * unit;
  ctx.lineCap = "round";
  ctx.beginPath();
  ctx.moveTo(22 * unit, 10 * unit);
  ctx.quadraticCurveTo(24 * unit, 5 * unit, 27 * unit, 5.5 * unit);
  ctx.stroke();
  // The spark: four short rays.
  ctx.strokeStyle = spark;
  ctx.lineWidth = 1.4 * unit;
  for (const [dx, dy] of [
    [0, -3],
    [3, 0],
    [0, 3],
    [-2.2, -2.2],
  ] as const) {
    ctx.beginPath();
    ctx.moveTo(28 * unit, 5 * unit);
    ctx.lineTo((28 + dx) * unit, (5 + dy) * unit);
    ctx.stroke();
  }
}

/** The 192×192 colour icon: a white bomb on the accent colour, rounded like Teams' tiles. */
export function colorIcon(): Buffer {
  const size = 192;
  const canvas = createCanvas(size, size);
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = ACCENT_COLOR;
  ctx.fillRect(0, 0, size, size);
  // Teams crops the tile itself; the bomb keeps a margin so nothing is cut.
  ctx.translate(size * 0.15, size * 0.15);
  drawBomb(ctx, size * 0.7, "#FFFFFF", "#FFD54F");
  return canvas.toBuffer("image/png");
}

/** The 32×32 outline icon: the bomb in white on a transparent background, nothing else. */
export function outlineIcon(): Buffer {
  const size = 32;
  const canvas = createCanvas(size, size);
  drawBomb(canvas.getContext("2d"), size, "#FFFFFF", "#FFFFFF");
  return canvas.toBuffer("image/png");
}

/** Writes both icons into `folder` (default: manifest/teams/ of this checkout). */
export function writeIcons(folder = pathToFileURL(packagePath("manifest/teams/"))): void {
  writeFileSync(new URL("color.png", folder), colorIcon());
  writeFileSync(new URL("outline.png", folder), outlineIcon());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeIcons();
