/**
 * The quarterly report's charts as PNG, drawn by Chart.js on a Skia canvas (@napi-rs/canvas).
 * The font comes from an npm package and is registered by path, so a server without any system
 * fonts still draws every label; the title is drawn in the image and stored as a tEXt chunk.
 */
import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import { Chart, type ChartConfiguration, type Plugin, registerables } from "chart.js";
import type { Locale } from "../core/org.ts";
import { catalog } from "../i18n/catalog.ts";
import { withTextChunk } from "./png-text.ts";
import type { QuarterlyReport } from "./quarterly-report.ts";

/** The size every chart is drawn at, in pixels. */
export const chartSize = { width: 960, height: 540 } as const;

/** The family name our bundled font is registered under: no system font can answer to it. */
export const chartFontFamily = "BombaReportSans";

/** A bar chart: a title and labelled bars. */
export interface BarChartSpec {
  title: string;
  bars: readonly { label: string; value: number; color: string }[];
}

/** A chart ready to attach. */
export interface ChartFile {
  title: string;
  filename: string;
  png: Buffer;
}

const require = createRequire(import.meta.url);
let ready = false;

/** Registers the bundled DejaVu Sans (regular and bold) and Chart.js's parts, once. */
export function prepareCharts(): void {
  if (ready) return;
  for (const file of ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"]) {
    GlobalFonts.registerFromPath(require.resolve(`dejavu-fonts-ttf/ttf/${file}`), chartFontFamily);
  }
  Chart.register(...registerables);
  Chart.defaults.font.family = chartFontFamily;
  Chart.defaults.color = "#333333";
  ready = true;
}

// Paints the background white: a transparent PNG shows black in some viewers.
const whiteBackground: Plugin<"bar"> = {
  id: "bombaWhiteBackground",
  beforeDraw(chart) {
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

// Writes each bar's value above it, so the chart reads without counting gridlines.
const valueLabels: Plugin<"bar"> = {
  id: "bombaValueLabels",
  afterDatasetsDraw(chart) {
    const ctx = chart.ctx;
    const meta = chart.getDatasetMeta(0);
    const values = chart.data.datasets[0]?.data ?? [];
    ctx.save();
    ctx.font = `bold 16px ${chartFontFamily}`;
    ctx.fillStyle = "#333333";
    ctx.textAlign = "center";
    ctx.textBaseline = "bottom";
    meta.data.forEach((bar, i) => {
      ctx.fillText(String(values[i] ?? ""), bar.x, bar.y - 4);
    });
    ctx.restore();
  },
};

/** Draws a bar chart as PNG bytes, with the title in the image and in a tEXt "Title" chunk. */
export function renderBarChart(spec: BarChartSpec): Buffer {
  prepareCharts();
  const canvas = createCanvas(chartSize.width, chartSize.height);
  const max = Math.max(1, ...spec.bars.map((b) => b.value));
  const config: ChartConfiguration<"bar"> = {
    type: "bar",
    data: {
      labels: spec.bars.map((b) => b.label),
      datasets: [
        {
          data: spec.bars.map((b) => b.value),
          backgroundColor: spec.bars.map((b) => b.color),
        },
      ],
    },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 8, right: 24, bottom: 8, left: 8 } },
      plugins: {
        legend: { display: false },
        tooltip: { enabled: false },
        title: {
          display: true,
          text: spec.title,
          font: { family: chartFontFamily, size: 24, weight: "bold" },
          padding: { top: 8, bottom: 24 },
        },
      },
      scales: {
        // Room above the tallest bar for its label; whole numbers only (bombs are counted).
        y: { beginAtZero: true, suggestedMax: Math.ceil(max * 1.15), ticks: { precision: 0 } },
        x: { ticks: { font: { size: 16 } } },
      },
    },
    plugins: [whiteBackground, valueLabels],
  };
  const chart = new Chart(canvas.getContext("2d") as never, config);
  try {
    return withTextChunk(canvas.toBuffer("image/png"), "Title", spec.title);
  } finally {
    chart.destroy();
  }
}

const colors = {
  opened: "#4e79a7",
  closed: "#59a14f",
  defused: "#9c755f",
  pending: "#f28e2b",
  late: "#e15759",
} as const;

/**
 * The chart of one department (or, with `departmentId` null, of the whole company): opened,
 * closed, defused, pending at the quarter's end, and late (kept late or overdue) commitments.
 */
export function departmentChart(
  report: QuarterlyReport,
  departmentId: string | null,
  locale: Locale,
): ChartFile {
  const words = catalog(locale).reports.report;
  const department =
    departmentId === null ? null : report.departments.find((d) => d.id === departmentId);
  if (department === undefined) throw new Error(`no department "${departmentId}" in the report`);
  const figures = department?.figures ?? report.overall;
  const name = department?.name ?? words.overall;
  const title = words.chartTitle({ department: name, quarter: report.quarter.id });
  const values = {
    opened: figures.opened,
    closed: figures.closed,
    defused: figures.defused,
    pending: figures.pending,
    late: figures.late + figures.overdue,
  };
  const bars = (Object.keys(values) as (keyof typeof values)[]).map((key) => ({
    label: words.bars[key],
    value: values[key],
    color: colors[key],
  }));
  const part = departmentId ?? "total";
  const filename = `${words.fileName({ quarter: report.quarter.id, part })}.png`;
  return { title, filename, png: renderBarChart({ title, bars }) };
}
