// Heartbeats of running commands: their timing (default, env knob), schedule, and the sanitised last line.

import { afterEach, describe, expect, it, vi } from "vitest";
import { startHeartbeat, type Heartbeat } from "../../../../src/tools/unified-exec/exec-heartbeat.js";
import { DEFAULT_HEARTBEAT, heartbeatTiming } from "../../../../src/tools/unified-exec/heartbeat-timing.js";
import { lastOutputLine } from "../../../../src/tools/unified-exec/last-output-line.js";

describe("heartbeatTiming (CODEX_EXEC_HEARTBEAT_MS)", () => {
  it.each([
    { value: undefined, timing: { firstMs: 10_000, everyMs: 30_000 } },
    { value: "  ", timing: DEFAULT_HEARTBEAT },
    { value: "0", timing: null },
    { value: "200", timing: { firstMs: 200, everyMs: 200 } },
    { value: "200,500", timing: { firstMs: 200, everyMs: 500 } },
    { value: " 300 , 900 ", timing: { firstMs: 300, everyMs: 900 } },
  ])("$value → $timing", ({ value, timing }) => {
    expect(heartbeatTiming(value)).toEqual({ timing, warning: null });
  });

  it.each(["abc", "10", "200,10", "1,2,3", "-5", "1.5", "200,"])("%s → the default and a warning", (value) => {
    const r = heartbeatTiming(value);
    expect(r.timing).toEqual(DEFAULT_HEARTBEAT);
    expect(r.warning).toBe(`CODEX_EXEC_HEARTBEAT_MS=${value} is not 0, N or N,M (milliseconds, at least 50); using 10000,30000`);
  });
});

describe("lastOutputLine", () => {
  it.each<{ name: string; text: string; want: string | null }>([
    { name: "the last non-blank line, trimmed", text: "   Compiling foo v1.2  \n\n  \n", want: "Compiling foo v1.2" },
    { name: "no output", text: "", want: null },
    { name: "only blank lines", text: "\n \t\n\r\n", want: null },
    { name: "colours and cursor moves removed", text: "\x1b[1m\x1b[32m   Compiling\x1b[0m bar\x1b[K\n", want: "Compiling bar" },
    { name: "OSC title and hyperlink removed", text: "\x1b]0;title\x07\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\\n", want: "link" },
    { name: "a progress bar redrawn with \\r shows its last state", text: "10%\r50%\r100%\r", want: "100%" },
    { name: "CRLF line ends", text: "one\r\ntwo\r\n", want: "two" },
    { name: "other controls removed, tabs become spaces", text: "a\tb\x07\x08c\x00\n", want: "a bc" },
  ])("$name", ({ text, want }) => {
    expect(lastOutputLine(text)).toBe(want);
  });

  it("caps a long line at 120 characters, `…` included, without splitting a character", () => {
    const line = lastOutputLine(`${"é".repeat(100)}${"😀".repeat(100)}\n`);
    expect(line).toBe(`${"é".repeat(100)}${"😀".repeat(19)}…`);
    expect(Array.from(line ?? "")).toHaveLength(120);
  });
});

describe("startHeartbeat", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A process stand-in: output set by the test, finished by `finish()`. */
  function fakeProcess() {
    const listeners: Array<(code: number) => void> = [];
    return {
      startedAt: Date.now(),
      output: "",
      recentOutput(maxBytes: number): string {
        return this.output.slice(-maxBytes);
      },
      onFinish(listener: (code: number) => void): void {
        listeners.push(listener);
      },
      finish(): void {
        for (const l of listeners) l(0);
      },
    };
  }

  it("first after firstMs, then every everyMs, with the last line as it is then; none after the finish", () => {
    vi.useFakeTimers();
    const proc = fakeProcess();
    const beats: Heartbeat[] = [];
    startHeartbeat(proc, DEFAULT_HEARTBEAT, (h) => beats.push(h));
    vi.advanceTimersByTime(9_999);
    expect(beats).toEqual([]);
    proc.output = "\x1b[32mCompiling foo v1.2\x1b[0m\n";
    vi.advanceTimersByTime(1);
    expect(beats).toEqual([{ elapsedMs: 10_000, lastLine: "Compiling foo v1.2" }]);
    proc.output += "Compiling bar v0.1\n";
    vi.advanceTimersByTime(60_000);
    expect(beats.slice(1)).toEqual([
      { elapsedMs: 40_000, lastLine: "Compiling bar v0.1" },
      { elapsedMs: 70_000, lastLine: "Compiling bar v0.1" },
    ]);
    proc.finish();
    vi.advanceTimersByTime(600_000);
    expect(beats).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("no output yet: a null last line", () => {
    vi.useFakeTimers();
    const beats: Heartbeat[] = [];
    startHeartbeat(fakeProcess(), { firstMs: 100, everyMs: 100 }, (h) => beats.push(h));
    vi.advanceTimersByTime(100);
    expect(beats).toEqual([{ elapsedMs: 100, lastLine: null }]);
  });
});
