// The package version, injected at build time.

export const VERSION: string = __CODEX_EXEC_VERSION__;
