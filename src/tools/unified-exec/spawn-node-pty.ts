// Spawns a child under a pseudo-terminal with the optional node-pty package, loaded only when a tty is asked for.

import type { ChildHooks, RunningChild } from "./running-child.js";

// Upstream's default terminal size.
const COLS = 80;
const ROWS = 24;

type NodePtyModule = typeof import("node-pty");

/** node-pty, or null when the optional dependency is not installed or its native part did not build. */
export async function loadNodePty(): Promise<NodePtyModule | null> {
  try {
    const mod: NodePtyModule & { default?: NodePtyModule } = await import("node-pty");
    // CommonJS package: the named export exists when Node detects it, `default` always.
    return typeof mod.spawn === "function" ? mod : (mod.default ?? null);
  } catch {
    return null;
  }
}

/** Start `argv` on a new pty (the child is a session and process-group leader). */
export function spawnNodePty(
  pty: NodePtyModule,
  argv: readonly string[],
  cwd: string,
  env: Record<string, string>,
  hooks: ChildHooks,
): RunningChild {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error("empty command");
  // `encoding: null` makes node-pty hand over raw Buffers, so multi-byte characters split across reads survive.
  const term = pty.spawn(file, args, { cols: COLS, rows: ROWS, cwd, env, encoding: null });
  term.onData((data: unknown) => {
    if (Buffer.isBuffer(data)) hooks.onData(data);
    else if (typeof data === "string") hooks.onData(Buffer.from(data, "utf8"));
  });
  let open = true;
  // node-pty reports exit only after the terminal's output is drained.
  term.onExit(({ exitCode, signal }) => {
    open = false;
    hooks.onExit(signal ? 128 + signal : exitCode);
  });
  return {
    pid: term.pid,
    terminal: "node-pty",
    note: null,
    write: (data) => {
      if (!open) return false;
      term.write(data);
      return true;
    },
    release: () => undefined,
  };
}
