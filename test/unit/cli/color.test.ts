// --color and the colour environment variables decide whether stderr gets ANSI codes.

import { describe, expect, it } from "vitest";
import { useColor } from "../../../src/cli/color.js";

describe("useColor", () => {
  it.each([
    { mode: "always", tty: false, env: { NO_COLOR: "1", TERM: "dumb" }, want: true },
    { mode: "never", tty: true, env: { FORCE_COLOR: "1" }, want: false },
    { mode: "auto", tty: true, env: {}, want: true },
    { mode: "auto", tty: false, env: {}, want: false },
    { mode: "auto", tty: true, env: { NO_COLOR: "1" }, want: false },
    { mode: "auto", tty: true, env: { NO_COLOR: "" }, want: true },
    { mode: "auto", tty: true, env: { TERM: "dumb" }, want: false },
    { mode: "auto", tty: true, env: { TERM: "xterm-256color" }, want: true },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "1" }, want: true },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "" }, want: true },
    { mode: "auto", tty: true, env: { FORCE_COLOR: "0" }, want: true },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "0" }, want: false },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "false" }, want: false },
    { mode: "auto", tty: false, env: { CLICOLOR_FORCE: "1" }, want: true },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "1", NO_COLOR: "1" }, want: true },
    { mode: "auto", tty: false, env: { FORCE_COLOR: "1", TERM: "dumb" }, want: true },
  ] as const)("--color $mode, tty=$tty, env=$env → $want", ({ mode, tty, env, want }) => {
    expect(useColor(mode, tty, env)).toBe(want);
  });
});
