import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { ProcessManager } from "../../../../src/tools/unified-exec/process-manager.js";
import type { ExecResponse, StartRequest } from "../../../../src/tools/unified-exec/process-manager.js";
import type { ExecProcess } from "../../../../src/tools/unified-exec/exec-process.js";
import { fifoGate } from "../../../support/fifo-gate.js";
import { isAlive, testEnv } from "./support.js";

const work = mkdtempSync(path.join(tmpdir(), "process-manager-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const managers: ProcessManager[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.terminateAll()));
});

function manager(options: ConstructorParameters<typeof ProcessManager>[0] = {}): ProcessManager {
  const m = new ProcessManager({ killGraceMs: 200, ...options });
  managers.push(m);
  return m;
}

function sh(script: string, extra: Partial<StartRequest> = {}): StartRequest {
  return {
    argv: ["/bin/sh", "-c", script],
    cwd: process.cwd(),
    env: testEnv(),
    tty: false,
    yieldMs: 10_000,
    signal: new AbortController().signal,
    ...extra,
  };
}

type Output = Extract<ExecResponse, { kind: "output" }>;
function output(r: ExecResponse): Output {
  if (r.kind !== "output") throw new Error(`expected output, got ${JSON.stringify(r)}`);
  return r;
}
const all = (r: Output): string => r.output.head + r.output.tail;

describe("ProcessManager.exec", () => {
  it("returns the output and exit code of a command that finishes", async () => {
    const r = output(await manager().exec(sh("echo hello")));
    expect(all(r)).toBe("hello\n");
    expect(r.exitCode).toBe(0);
    expect(r.sessionId).toBeNull();
  });

  it("reports a non-zero exit", async () => {
    const r = output(await manager().exec(sh("echo bad >&2; exit 3")));
    expect(r).toMatchObject({ exitCode: 3, sessionId: null });
    expect(all(r)).toBe("bad\n");
  });

  it("interleaves stdout and stderr in arrival order", async (ctx) => {
    // Each line is written only once the one before it arrived: the order is the script's, whatever the timing.
    const toErr = fifoGate(path.join(work, "to-err"));
    const toOut = fifoGate(path.join(work, "to-out"));
    ctx.onTestFinished(() => [toErr, toOut].forEach((g) => g.close()));
    let proc: ExecProcess | undefined;
    const running = manager().exec(
      sh(`echo out1; read _ < ${toErr.path}; echo err1 >&2; read _ < ${toOut.path}; echo out2`, { onStart: (p) => (proc = p) }),
    );
    const arrived = async (text: string): Promise<void> => {
      await vi.waitFor(() => expect(proc?.recentOutput(100)).toContain(text), { timeout: 10_000, interval: 10 });
    };
    await arrived("out1\n");
    toErr.open();
    await arrived("err1\n");
    toOut.open();
    expect(all(output(await running))).toBe("out1\nerr1\nout2\n");
  });

  it("reports a failure to start instead of throwing", async () => {
    const m = manager();
    expect(await m.exec(sh("true", { cwd: "/definitely/not/here" }))).toEqual({
      kind: "spawn_failed",
      message: "working directory /definitely/not/here does not exist",
    });
    const r = await m.exec({ ...sh("true"), argv: ["/no/such/program"] });
    expect(r).toMatchObject({ kind: "spawn_failed", message: expect.stringContaining("ENOENT") });
  });

  it("returns a session id when the yield deadline passes first, and keeps the process", async () => {
    const m = manager();
    const r = output(await m.exec(sh("echo started; sleep 30", { yieldMs: 1500 })));
    expect(all(r)).toBe("started\n");
    expect(r.exitCode).toBeNull();
    expect(r.sessionId).toBeGreaterThanOrEqual(1000);
    expect(r.sessionId).toBeLessThan(100_000);
    expect(m.sessionIds()).toEqual([r.sessionId]);
    expect(m.liveCount).toBe(1);
  });

  it("writes to a running process and returns only the new output, then its exit", async () => {
    // An interactive (tty) session on the pipes fallback: stdin stays open for write_stdin.
    const m = manager({ ptyBackend: "none" });
    const finished: number[] = [];
    const loop = 'while read line; do [ "$line" = quit ] && exit 7; echo "got:$line"; done';
    const first = output(
      await m.exec(sh(`echo ready; ${loop}`, { tty: true, yieldMs: 1500, onFinish: (_p, code) => finished.push(code) })),
    );
    expect(all(first)).toBe("ready\n");
    const id = first.sessionId ?? -1;

    const second = output(await m.writeStdin(id, "a\n", 300, new AbortController().signal));
    expect(all(second)).toBe("got:a\n");
    expect(second).toMatchObject({ sessionId: id, exitCode: null });
    expect(finished).toEqual([]);

    const third = output(await m.writeStdin(id, "b\nquit\n", 5_000, new AbortController().signal));
    expect(all(third)).toBe("got:b\n");
    expect(third).toMatchObject({ sessionId: null, exitCode: 7 });
    expect(finished).toEqual([7]);
    expect(m.sessionIds()).toEqual([]);
    expect(await m.writeStdin(id, "", 300, new AbortController().signal)).toEqual({ kind: "unknown_session", sessionId: id });
  });

  it("keeps memory flat for a command printing 200 MB and reports the true totals", async () => {
    let retained = -1;
    const r = output(
      await manager().exec(
        sh("yes | head -c 200000000", {
          onFinish: (proc: ExecProcess) => {
            retained = proc.pendingRetainedBytes;
          },
        }),
      ),
    );
    expect(r.exitCode).toBe(0);
    expect(retained).toBe(1024 * 1024);
    expect(r.output.totalBytes).toBe(200_000_000);
    expect(r.output.totalLines).toBe(100_000_000);
    expect(r.output.omittedBytes).toBe(200_000_000 - 1024 * 1024);
    expect(r.output.head.length + r.output.tail.length).toBe(1024 * 1024);
    expect(r.output.head.startsWith("y\ny\n")).toBe(true);
  });

  it("one capture until the first hand-over: the output and the transcript are one decoding, then they part", async () => {
    const m = manager({ ptyBackend: "none" });
    let proc: ExecProcess | null = null;
    const loop = 'while read line; do [ "$line" = quit ] && exit 0; echo "got:$line"; done';
    const first = output(await m.exec(sh(`echo ready; ${loop}`, { tty: true, yieldMs: 1500, onStart: (p) => (proc = p) })));
    expect(all(first)).toBe("ready\n");
    const p = proc as ExecProcess | null;
    if (p === null) throw new Error("no process");
    // Nothing arrived since: the transcript's decoding is the very object handed to the model.
    expect(p.transcriptOutput()).toBe(first.output);
    const id = first.sessionId ?? -1;
    const second = output(await m.writeStdin(id, "a\nquit\n", 5_000, new AbortController().signal));
    expect(all(second)).toBe("got:a\n");
    const transcript = p.transcriptOutput();
    expect(transcript.head + transcript.tail).toBe("ready\ngot:a\n");
    expect(p.transcriptOutput()).toBe(transcript);
  });

  it("prunes the least recently used session beyond the limit, killing it", async () => {
    const m = manager({ maxProcesses: 2 });
    const ids: number[] = [];
    const procs: ExecProcess[] = [];
    for (let i = 0; i < 3; i++) {
      const r = output(await m.exec(sh("sleep 30", { yieldMs: 50, onStart: (p) => procs.push(p) })));
      ids.push(r.sessionId ?? -1);
    }
    expect(m.sessionIds().sort()).toEqual([ids[1], ids[2]].sort());
    await expect.poll(() => procs[0]?.isFinished).toBe(true);
    expect(procs[1]?.isFinished).toBe(false);
    expect(await m.writeStdin(ids[0] ?? -1, "", 50, new AbortController().signal)).toMatchObject({ kind: "unknown_session" });
  });
});

describe("killing process groups", () => {
  it("terminateAll kills every kept process and its children", async () => {
    const m = manager();
    const r = output(await m.exec(sh("sleep 300 & echo $!; wait", { yieldMs: 1500 })));
    const grandchild = Number(all(r).trim());
    expect(isAlive(grandchild)).toBe(true);
    await m.terminateAll();
    expect(m.liveCount).toBe(0);
    expect(m.sessionIds()).toEqual([]);
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  });

  it("an aborted call kills the process it started, children included, and returns promptly", async () => {
    const m = manager();
    const ac = new AbortController();
    let proc: ExecProcess | undefined;
    // Promptly: without the abort the call would wait out its yield time, longer than the test may take.
    const pending = m.exec(sh("sleep 300 & echo $!; wait", { signal: ac.signal, yieldMs: 600_000, onStart: (p) => (proc = p) }));
    // Aborted once the child is known (its pid printed), not after a guessed delay.
    await vi.waitFor(() => expect(proc?.recentOutput(100)).toMatch(/^\d+\n$/), { timeout: 10_000, interval: 10 });
    ac.abort();
    const r = output(await pending);
    const grandchild = Number(all(r).trim());
    expect(grandchild).toBeGreaterThan(0);
    expect(r.sessionId).toBeNull();
    expect(r.exitCode).toBe(143); // SIGTERM
    await expect.poll(() => isAlive(grandchild)).toBe(false);
    expect(m.liveCount).toBe(0);
  });

  it("an aborted poll leaves the process running", async () => {
    const m = manager();
    const r = output(await m.exec(sh("sleep 30", { yieldMs: 50 })));
    const polled = output(await m.writeStdin(r.sessionId ?? -1, "", 30_000, AbortSignal.timeout(100)));
    expect(polled.sessionId).toBe(r.sessionId);
    expect(m.liveCount).toBe(1);
  });
});

describe("tty", () => {
  it("runs under a pseudo-terminal", async () => {
    const r = output(await manager().exec(sh("tty", { tty: true })));
    expect(all(r)).toMatch(/^\/dev\/pts\/\d+\r?\n$/);
    expect(r.exitCode).toBe(0);
    expect(r.note).toBeNull();
  });

  it("talks to a pty session through write_stdin and kills its group", async () => {
    const m = manager();
    const r = output(await m.exec(sh("sleep 300 & echo $!; read x; echo got:$x; wait", { tty: true, yieldMs: 1500 })));
    const grandchild = Number(all(r).trim());
    const w = output(await m.writeStdin(r.sessionId ?? -1, "hi\n", 300, new AbortController().signal));
    expect(all(w)).toContain("got:hi");
    await m.terminateAll();
    await expect.poll(() => isAlive(grandchild)).toBe(false);
  });

  it("falls back to script(1)", async () => {
    const r = output(await manager({ ptyBackend: "script" }).exec(sh("tty; exit 4", { tty: true })));
    expect(all(r)).toMatch(/^\/dev\/pts\/\d+\r\n$/);
    expect(r.exitCode).toBe(4);
  });

  it("falls back to pipes with a note when no pty is available", async () => {
    const r = output(await manager({ ptyBackend: "none" }).exec(sh("tty", { tty: true })));
    expect(all(r)).toBe("not a tty\n");
    expect(r.note).toMatch(/no pseudo-terminal/);
  });
});
