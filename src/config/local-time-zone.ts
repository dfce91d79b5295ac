// The machine's IANA time zone name for `<environment_context>`, found without Intl.
//
// Asking Intl (`Intl.DateTimeFormat().resolvedOptions().timeZone`) makes V8 load ICU's locale and
// calendar data: ~7 MB of resident memory in every run, more than everything else a plain run adds
// over Node itself (README "Performance"). The zone is where the C library and ICU find it too: `TZ`,
// else the `/etc/localtime` link, else `/etc/timezone`. Only when none of those names a zone (a POSIX
// rule such as `CET-1CEST`, Windows) is Intl asked. `/etc/localtime` → `…/zoneinfo/Etc/UTC` gives
// `Etc/UTC`, as codex reports it, where Intl would say `UTC`.

import { existsSync, readFileSync, readlinkSync } from "node:fs";

/** What the lookup reads; tests pass their own. */
export interface TimeZoneSources {
  readlink(path: string): string | null;
  readFile(path: string): string | null;
  exists(path: string): boolean;
  intl(): string | undefined;
}

const ZONEINFO_DIRS = ["/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo"];
/** Area/Location names (`Europe/Paris`, `Etc/GMT+5`, `UTC`); not POSIX rules, which carry an offset after letters. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
const POSIX_RULE = /^[A-Za-z]{3,}[+-]?\d/;

export const systemTimeZoneSources: TimeZoneSources = {
  readlink: (p) => attempt(() => readlinkSync(p)),
  readFile: (p) => attempt(() => readFileSync(p, "utf8")),
  exists: (p) => existsSync(p),
  intl: () => Intl.DateTimeFormat().resolvedOptions().timeZone,
};

/** The local zone's IANA name; `Etc/UTC` when nothing names one. */
export function localTimeZone(env: Readonly<Record<string, string | undefined>>, src: TimeZoneSources = systemTimeZoneSources): string {
  const fromFiles = (): string | null =>
    zoneFromPath(src.readlink("/etc/localtime")) ?? plausible(src.readFile("/etc/timezone")?.split("\n")[0]?.trim());
  const tz = env["TZ"];
  const named = tz === undefined ? fromFiles() : zoneFromTz(tz, src);
  return named ?? (src.intl() || "Etc/UTC");
}

/** `TZ` as a zone name: `Europe/Paris`, `:Europe/Paris` or a path into a zoneinfo directory; null for a POSIX rule. */
function zoneFromTz(tz: string, src: TimeZoneSources): string | null {
  const value = tz.startsWith(":") ? tz.slice(1) : tz;
  if (value.startsWith("/")) return zoneFromPath(value);
  const name = plausible(value);
  if (name === null) return null;
  // With tzdata installed the name must be one of its files, or the C library would not know it either.
  const dirs = ZONEINFO_DIRS.filter((d) => src.exists(d));
  return dirs.length === 0 || dirs.some((d) => src.exists(`${d}/${name}`)) ? name : null;
}

/** The zone a zoneinfo path names: `/usr/share/zoneinfo/Etc/UTC` → `Etc/UTC` (also macOS's `/var/db/timezone/zoneinfo/…`). */
function zoneFromPath(p: string | null): string | null {
  if (p === null) return null;
  const at = p.lastIndexOf("zoneinfo/");
  return at < 0 ? null : plausible(p.slice(at + "zoneinfo/".length));
}

function plausible(name: string | undefined): string | null {
  if (name === undefined || !ZONE_NAME.test(name) || POSIX_RULE.test(name)) return null;
  // tzdata's `posix/` and `right/` trees hold the same zones under a prefix the zone's name does not have.
  return name.replace(/^(posix|right)\//, "");
}

function attempt(read: () => string): string | null {
  try {
    return read();
  } catch {
    return null;
  }
}
