// AGENTS.md discovery (spec core §7.1): global instructions from CODEX_HOME plus project docs from root to cwd.

import { open, realpath, stat } from "node:fs/promises";
import path from "node:path";

export const GLOBAL_OVERRIDE_FILENAME = "AGENTS.override.md";
export const DEFAULT_FILENAME = "AGENTS.md";
/** Put between the global instructions and the project docs when both exist. */
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

/** The little file access discovery needs; `nodeDocFs` is the real one, tests may pass their own. */
export interface DocFs {
  /** What is at `p` once symlinks are followed; null when nothing is (missing, or a path through a file). */
  kind(p: string): Promise<"file" | "directory" | "other" | null>;
  /** At most `maxBytes` bytes from the start of the file, and the file's full size. */
  readPrefix(p: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number }>;
  /** The canonical absolute path (symlinks resolved). */
  realpath(p: string): Promise<string>;
}

export interface ProjectDocsOptions {
  codexHome: string;
  cwd: string;
  /** `project_doc_max_bytes`: budget shared by all project files; 0 disables project docs. */
  maxBytes: number;
  /** `project_doc_fallback_filenames`. */
  fallbackFilenames: readonly string[];
  /** `project_root_markers`; empty: no root search, only cwd. */
  rootMarkers: readonly string[];
}

export interface ProjectDocFile {
  path: string;
  /** Bytes of the file that made it into the text. */
  bytes: number;
  /** True when the file did not fit in the remaining budget and was cut. */
  truncated: boolean;
}

export interface ProjectDocsResult {
  /** Global instructions and project docs as one text; null when there are none. */
  text: string | null;
  /** Files whose contents were used, global first, for logging. */
  files: ProjectDocFile[];
  /** Problems worth telling the user about (unreadable files, invalid UTF-8); discovery goes on without them. */
  warnings: string[];
}

/** Load everything AGENTS.md contributes to a session. Never throws: problems become warnings. */
export async function loadProjectDocs(opts: ProjectDocsOptions, fs: DocFs = nodeDocFs): Promise<ProjectDocsResult> {
  const warnings: string[] = [];
  const global = await readGlobalInstructions(opts.codexHome, fs, warnings);
  let project: ProjectDocsText = { text: null, files: [] };
  if (opts.maxBytes > 0) {
    try {
      const paths = await discoverProjectDocPaths(opts, fs);
      project = await readProjectDocs(paths, opts.maxBytes, fs, warnings);
    } catch (err) {
      // As codex: an unexpected I/O error drops the project docs, not the session.
      warnings.push(`error trying to find AGENTS.md docs: ${errorMessage(err)}`);
    }
  }
  return {
    text: composeInstructions(global?.text ?? null, project.text),
    files: [...(global ? [global.file] : []), ...project.files],
    warnings,
  };
}

/** Global text, then the separator (only when both exist), then the project docs. */
export function composeInstructions(global: string | null, project: string | null): string | null {
  if (global !== null && project !== null) return `${global}${PROJECT_DOC_SEPARATOR}${project}`;
  return global ?? project;
}

/** `$CODEX_HOME/AGENTS.override.md`, else `$CODEX_HOME/AGENTS.md`: the first with non-blank text, trimmed. */
export async function readGlobalInstructions(
  codexHome: string,
  fs: DocFs,
  warnings: string[],
): Promise<{ text: string; file: ProjectDocFile } | null> {
  for (const name of [GLOBAL_OVERRIDE_FILENAME, DEFAULT_FILENAME]) {
    const file = path.join(codexHome, name);
    try {
      if ((await fs.kind(file)) !== "file") continue;
      const { bytes } = await fs.readPrefix(file, Number.POSITIVE_INFINITY);
      const text = decodeUtf8(bytes, file, warnings).trim();
      if (text) return { text, file: { path: file, bytes: bytes.length, truncated: false } };
    } catch (err) {
      warnings.push(`could not read ${file}: ${errorMessage(err)}`);
    }
  }
  return null;
}

/** The candidate names tried in each directory: override, AGENTS.md, then the fallbacks (no blanks, no repeats). */
export function candidateFilenames(fallbacks: readonly string[]): string[] {
  const names = [GLOBAL_OVERRIDE_FILENAME, DEFAULT_FILENAME];
  for (const name of fallbacks) if (name !== "" && !names.includes(name)) names.push(name);
  return names;
}

/** At most one doc per directory, from the project root (outermost) down to cwd. */
export async function discoverProjectDocPaths(
  opts: Pick<ProjectDocsOptions, "cwd" | "fallbackFilenames" | "rootMarkers">,
  fs: DocFs,
): Promise<string[]> {
  const cwd = await canonical(opts.cwd, fs);
  const root = await findProjectRoot(cwd, opts.rootMarkers, fs);
  const dirs = root === null ? [cwd] : dirsFromRootTo(root, cwd);
  const names = candidateFilenames(opts.fallbackFilenames);
  const found: string[] = [];
  for (const dir of dirs) {
    for (const name of names) {
      const candidate = path.join(dir, name);
      if ((await fs.kind(candidate)) === "file") {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** The nearest ancestor of `cwd` (itself included) holding any marker, or null. */
export async function findProjectRoot(cwd: string, markers: readonly string[], fs: DocFs): Promise<string | null> {
  const usable = markers.filter((m) => m !== "");
  if (usable.length === 0) return null;
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    for (const marker of usable) if ((await fs.kind(path.join(dir, marker))) !== null) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

export interface ProjectDocsText {
  text: string | null;
  files: ProjectDocFile[];
}

/**
 * Read `paths` in order against one shared byte budget. The file that overflows is cut at the last
 * whole UTF-8 character within the budget and ends the reading; blank files are skipped and cost nothing.
 */
export async function readProjectDocs(
  paths: readonly string[],
  maxBytes: number,
  fs: DocFs,
  warnings: string[],
): Promise<ProjectDocsText> {
  const parts: string[] = [];
  const files: ProjectDocFile[] = [];
  let remaining = maxBytes;
  for (const file of paths) {
    if (remaining <= 0) break;
    const read = await readIfPresent(fs, file, remaining);
    if (read === null) continue;
    const { bytes: prefix, size } = read;
    const truncated = size > remaining;
    const bytes = truncated ? utf8Prefix(prefix, remaining) : prefix;
    const text = decodeUtf8(bytes, file, warnings);
    if (text.trim() === "") continue;
    parts.push(text);
    files.push({ path: file, bytes: bytes.length, truncated });
    remaining = truncated ? 0 : remaining - bytes.length;
  }
  return { text: parts.length > 0 ? parts.join("\n\n") : null, files };
}

/**
 * The longest prefix of `bytes` within `max` bytes that does not end in a partial UTF-8 character.
 * The text is assumed to go on past `max`, so a character that would need bytes beyond it is dropped.
 */
export function utf8Prefix(bytes: Uint8Array, max: number): Uint8Array {
  const end = Math.min(bytes.length, max);
  // Find the lead byte of the last character (at most 3 continuation bytes 10xxxxxx back), then its length.
  for (let i = end - 1; i >= Math.max(0, end - 4); i--) {
    const b = bytes[i] ?? 0;
    if ((b & 0xc0) === 0x80) continue;
    const length = b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    return bytes.subarray(0, i + length > end ? i : end);
  }
  return bytes.subarray(0, end);
}

/** Real files through node:fs/promises. */
export const nodeDocFs: DocFs = {
  async kind(p) {
    try {
      const s = await stat(p);
      return s.isFile() ? "file" : s.isDirectory() ? "directory" : "other";
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  },
  async readPrefix(p, maxBytes) {
    const handle = await open(p, "r");
    try {
      const size = (await handle.stat()).size;
      const want = Math.min(size, maxBytes);
      const buffer = new Uint8Array(want);
      let filled = 0;
      while (filled < want) {
        const { bytesRead } = await handle.read(buffer, filled, want - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return { bytes: buffer.subarray(0, filled), size };
    } finally {
      await handle.close();
    }
  },
  realpath: (p) => realpath(p),
};

/** A file that vanished since discovery is skipped, as codex does; other errors propagate. */
async function readIfPresent(fs: DocFs, file: string, maxBytes: number): Promise<{ bytes: Uint8Array; size: number } | null> {
  try {
    return await fs.readPrefix(file, maxBytes);
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

function dirsFromRootTo(root: string, cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (dir === root || path.dirname(dir) === dir) break;
  }
  return dirs.reverse();
}

async function canonical(cwd: string, fs: DocFs): Promise<string> {
  const abs = path.resolve(cwd);
  try {
    return await fs.realpath(abs);
  } catch {
    // A cwd that cannot be resolved is searched as given; the run reports a bad cwd elsewhere.
    return abs;
  }
}

function decodeUtf8(bytes: Uint8Array, file: string, warnings: string[]): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    warnings.push(`${file} is not valid UTF-8; invalid bytes were replaced`);
    return new TextDecoder("utf-8").decode(bytes);
  }
}

function isMissing(err: unknown): boolean {
  const code = err instanceof Error && "code" in err ? err.code : undefined;
  return code === "ENOENT" || code === "ENOTDIR";
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
