// The local zone's name from TZ, /etc/localtime and /etc/timezone, with Intl only as the last resort.

import { describe, expect, it } from "vitest";
import { localTimeZone, type TimeZoneSources } from "../../../src/config/local-time-zone.js";

/** A machine described by its files; `intl` records whether it was asked. */
function machine(files: { link?: string; timezone?: string; zones?: string[]; intl?: string }): TimeZoneSources & { intlAsked: boolean } {
  const zones = files.zones ?? ["Europe/Paris", "Etc/UTC", "America/New_York"];
  const m = {
    intlAsked: false,
    readlink: (p: string) => (p === "/etc/localtime" ? (files.link ?? null) : null),
    readFile: (p: string) => (p === "/etc/timezone" ? (files.timezone ?? null) : null),
    exists: (p: string) => p === "/usr/share/zoneinfo" || zones.some((z) => p === `/usr/share/zoneinfo/${z}`),
    intl: () => {
      m.intlAsked = true;
      return files.intl;
    },
  };
  return m;
}

describe("localTimeZone", () => {
  it("reads the /etc/localtime link, keeping the name codex reports (Etc/UTC, not Intl's UTC)", () => {
    const m = machine({ link: "/usr/share/zoneinfo/Etc/UTC", intl: "UTC" });
    expect(localTimeZone({}, m)).toBe("Etc/UTC");
    expect(m.intlAsked).toBe(false);
    expect(localTimeZone({}, machine({ link: "../usr/share/zoneinfo/Europe/Paris" }))).toBe("Europe/Paris");
    expect(localTimeZone({}, machine({ link: "/var/db/timezone/zoneinfo/America/New_York" }))).toBe("America/New_York");
    expect(localTimeZone({}, machine({ link: "/usr/share/zoneinfo/posix/Europe/Paris" }))).toBe("Europe/Paris");
  });

  it("falls back to /etc/timezone when /etc/localtime is a copy, not a link", () => {
    expect(localTimeZone({}, machine({ timezone: "Europe/Paris\n" }))).toBe("Europe/Paris");
  });

  it("TZ wins over the files, with or without a colon, or as a zoneinfo path", () => {
    const m = machine({ link: "/usr/share/zoneinfo/Etc/UTC" });
    expect(localTimeZone({ TZ: "Europe/Paris" }, m)).toBe("Europe/Paris");
    expect(localTimeZone({ TZ: ":America/New_York" }, m)).toBe("America/New_York");
    expect(localTimeZone({ TZ: "/usr/share/zoneinfo/Europe/Paris" }, m)).toBe("Europe/Paris");
  });

  it("asks Intl for what only it can name: a POSIX rule, a zone tzdata does not have, no files at all", () => {
    const m = machine({ link: "/usr/share/zoneinfo/Etc/UTC", intl: "Europe/Berlin" });
    expect(localTimeZone({ TZ: "CET-1CEST" }, m)).toBe("Europe/Berlin");
    expect(localTimeZone({ TZ: "Mars/Olympus" }, m)).toBe("Europe/Berlin");
    expect(localTimeZone({}, machine({ intl: "Asia/Tokyo" }))).toBe("Asia/Tokyo");
    expect(localTimeZone({}, machine({}))).toBe("Etc/UTC");
  });

  it("on this machine names a zone Intl knows, at the process's current UTC offset", () => {
    expect(localTimeZone({ TZ: "Asia/Tokyo" })).toBe("Asia/Tokyo");
    const local = localTimeZone(process.env);
    const now = new Date();
    // Intl (test code may use it) formats the offset of `local`; the process's own offset must match.
    const part = new Intl.DateTimeFormat("en-US", { timeZone: local, timeZoneName: "longOffset" })
      .formatToParts(now)
      .find((p) => p.type === "timeZoneName")?.value;
    const minutes = -now.getTimezoneOffset();
    const sign = minutes < 0 ? "-" : "+";
    const hhmm = `${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, "0")}:${String(Math.abs(minutes) % 60).padStart(2, "0")}`;
    // ICU writes a zero offset as "GMT" or "GMT+00:00", by version.
    expect(part === "GMT" ? "GMT+00:00" : part).toBe(`GMT${sign}${hhmm}`);
  });
});
