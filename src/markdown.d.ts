// Markdown files are bundled as text (esbuild's text loader; a vitest plugin does the same).

declare module "*.md" {
  const text: string;
  export default text;
}

/** The package version, injected at build time. */
declare const __CODEX_EXEC_VERSION__: string;
