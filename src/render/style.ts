// Terminal styling as plain functions, so renderers stay pure and colour is one switch.

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  italic(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  magenta(s: string): string;
}

const sgr = (open: number) => (s: string) => `\x1b[${open}m${s}\x1b[0m`;

/** ANSI SGR styling (the codes codex's owo-colors emits). */
export const ansiStyle: Style = {
  bold: sgr(1),
  dim: sgr(2),
  italic: sgr(3),
  red: sgr(31),
  green: sgr(32),
  yellow: sgr(33),
  cyan: sgr(36),
  magenta: sgr(35),
};

const same = (s: string): string => s;

/** No styling at all. */
export const plainStyle: Style = {
  bold: same,
  dim: same,
  italic: same,
  red: same,
  green: same,
  yellow: same,
  cyan: same,
  magenta: same,
};
