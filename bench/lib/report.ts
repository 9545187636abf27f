/** One line of the results table. */
export interface Row {
  /** What was measured, with its size: "JSON-LD, whole site (10 000 items)". */
  metric: string;
  /** Our number, with its unit. */
  ours: string;
  /** The baseline's number, with its unit. */
  baseline: string;
  /** ours relative to baseline in the direction the goal states (see `ratioText`). */
  ratio?: number | undefined;
  /** How the ratio reads: "0.95×" or "6.2× faster". */
  ratioText: string;
  /** The goal, e.g. "≥ 0.9". */
  goal: string;
  /** true pass, false fail, undefined not measured. */
  pass: boolean | undefined;
  /** Why a row is not measured, or how a number was obtained (extrapolated, bounded). */
  note?: string | undefined;
}

/** Checks `value op goal` and renders the verdict. */
export function verdict(value: number | undefined, op: ">=" | "<=", goal: number): boolean | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  return op === ">=" ? value >= goal : value <= goal;
}

/** Formats milliseconds for people: 850 ms, 12.3 s. */
export function ms(value: number): string {
  return value < 1000
    ? `${value.toFixed(value < 10 ? 1 : 0)} ms`
    : `${(value / 1000).toFixed(value < 10_000 ? 2 : 1)} s`;
}

/** Formats a count with thin grouping: 100 000. */
export function count(n: number): string {
  return n.toLocaleString("en-US").replace(/,/g, " ");
}

/** Renders rows as a Markdown table (also readable in a terminal). */
export function formatTable(rows: readonly Row[]): string {
  const header = ["metric", "ours", "baseline", "ratio", "goal", "result"];
  const body = rows.map((r) => [
    r.metric,
    r.ours,
    r.baseline,
    r.ratioText,
    r.goal,
    r.pass === undefined ? "not measured" : r.pass ? "pass" : "FAIL",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  const notes = rows
    .map((r, i) => (r.note ? `${i + 1}. ${r.metric}: ${r.note}` : ""))
    .filter((x) => x !== "");
  return [
    line(header),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...body.map(line),
    ...(notes.length > 0 ? ["", "Notes:", ...notes] : []),
  ].join("\n");
}
