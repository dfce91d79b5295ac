// The run watchdog on a fake clock: the whole-run limit, the idle limit and its restart on activity.

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { startWatchdog } from "../../../src/engine/run-watchdog.js";

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("startWatchdog", () => {
  it("the run limit fires once, with codex-exec's message, whatever the activity", () => {
    const stops: string[] = [];
    const dog = startWatchdog({ timeoutMs: 90_000, idleTimeoutMs: undefined }, (reason, message) => stops.push(`${reason}: ${message}`));
    vi.advanceTimersByTime(89_999);
    dog.beat();
    expect(stops).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(stops).toEqual(["timeout: the run timed out after 90s"]);
    dog.stop();
  });

  it("the idle limit restarts on every beat and fires after that much silence", () => {
    const stops: string[] = [];
    const dog = startWatchdog({ timeoutMs: undefined, idleTimeoutMs: 1000 }, (reason) => stops.push(reason));
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(900);
      dog.beat();
    }
    expect(stops).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(stops).toEqual(["idle"]);
  });

  it("stop disarms both; no limits arms nothing", () => {
    const stops: string[] = [];
    const dog = startWatchdog({ timeoutMs: 100, idleTimeoutMs: 100 }, (reason) => stops.push(reason));
    dog.stop();
    const none = startWatchdog({ timeoutMs: undefined, idleTimeoutMs: undefined }, (reason) => stops.push(reason));
    none.beat();
    vi.advanceTimersByTime(10_000);
    expect(stops).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
