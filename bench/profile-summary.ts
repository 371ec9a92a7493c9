/**
 * Sums a `.cpuprofile` (from `node --cpu-prof`) into self time per function and per file, the
 * heaviest first: where a process spends its time, without opening DevTools.
 *
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP]
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

// `… | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const [file, topArg] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write("usage: profile-summary.ts FILE.cpuprofile [TOP]\n");
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfMs = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});
const total = [...selfMs.values()].reduce((a, b) => a + b, 0);

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "~/")
    .replace(/.*\/(src|bench|test|bin)\//, "$1/");
const sum = (key: (n: ProfileNode) => string) => {
  const totals = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const k = key(node);
    totals.set(k, (totals.get(k) ?? 0) + ms);
  }
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
};
const print = (title: string, rows: [string, number][]) => {
  process.stdout.write(`\n${title} (total ${total.toFixed(0)} ms)\n`);
  for (const [name, ms] of rows) {
    const share = ((100 * ms) / total).toFixed(1).padStart(5);
    process.stdout.write(`${ms.toFixed(0).padStart(8)} ms ${share}%  ${name}\n`);
  }
};
print(
  "self time by function",
  sum((n) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const where = url === "" ? "" : ` ${shortUrl(url)}:${lineNumber + 1}`;
    return `${functionName || "(anonymous)"}${where}`;
  }),
);
print(
  "self time by file",
  sum((n) => shortUrl(n.callFrame.url) || n.callFrame.functionName),
);
