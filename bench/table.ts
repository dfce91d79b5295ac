// Summaries (min / median / max) and the text table `npm run bench` prints.

/** One measured quantity of one scenario, for every target that ran it. */
export interface Row {
  scenario: string;
  metric: string;
  unit: string;
  /** Human-readable goal, e.g. `≤ 150`; empty when there is none. */
  target: string;
  /** Whether the median meets the goal; null when there is no numeric goal. */
  limit: number | null;
  /** Samples by target name (`codex-exec`, `codex`). */
  samples: Record<string, number[]>;
  /** Problems seen (failed runs, invalid rollouts, untruncated output), by target name. */
  problems: Record<string, string[]>;
}

export interface Stats {
  min: number;
  median: number;
  max: number;
  n: number;
}

export function stats(values: readonly number[]): Stats | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number, n: sorted.length };
}

function fmt(n: number): string {
  const a = Math.abs(n);
  if (Number.isInteger(n)) return String(n);
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  return n.toFixed(2);
}

function cell(values: readonly number[] | undefined): string {
  const s = stats(values ?? []);
  if (!s) return "n/a";
  return s.n === 1 ? fmt(s.median) : `${fmt(s.min)} / ${fmt(s.median)} / ${fmt(s.max)}`;
}

/** Render rows as a GitHub-flavoured Markdown table (readable as plain text too). */
export function renderTable(rows: readonly Row[], targets: readonly string[]): string {
  const [ours, ref] = targets;
  const header = ["scenario", "metric", "target", `${ours} min / median / max`];
  if (ref) header.push(`${ref} min / median / max`, "ratio");
  header.push("ok");
  const lines = [header];
  for (const r of rows) {
    const mine = stats(r.samples[ours ?? ""] ?? []);
    const verdict =
      (r.problems[ours ?? ""] ?? []).length > 0
        ? "FAIL"
        : r.limit === null || !mine
          ? mine
            ? "✓"
            : "–"
          : mine.median <= r.limit
            ? "✓"
            : "✗";
    const line = [r.scenario, `${r.metric} (${r.unit})`, r.target || "", cell(r.samples[ours ?? ""])];
    if (ref) {
      const theirs = stats(r.samples[ref] ?? []);
      line.push(cell(r.samples[ref]));
      line.push(mine && theirs && theirs.median !== 0 ? `${(mine.median / theirs.median).toFixed(2)}×` : "–");
    }
    line.push(verdict);
    lines.push(line);
  }
  const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  const pad = (l: string[]): string => `| ${l.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  const sep = `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`;
  return [pad(lines[0] as string[]), sep, ...lines.slice(1).map(pad)].join("\n");
}

/** Every problem, one line each, after the table. */
export function renderProblems(rows: readonly Row[]): string[] {
  const out: string[] = [];
  for (const r of rows) {
    for (const [target, problems] of Object.entries(r.problems)) {
      for (const p of new Set(problems)) out.push(`${target} · ${r.scenario} · ${r.metric}: ${p}`);
    }
  }
  return out;
}
