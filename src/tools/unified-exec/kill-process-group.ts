// Signals a whole process group: children are spawned detached, so each leads its own group.
// Node offers group signals only as `process.kill(-pgid)`; this named import is tools/' one deliberate use of it.

import { kill } from "node:process";

/** Send `signal` to every process in group `pgid`; returns false when the group is already gone. */
export type KillGroup = (pgid: number, signal: NodeJS.Signals) => boolean;

export const killProcessGroup: KillGroup = (pgid, signal) => {
  try {
    kill(-pgid, signal);
    return true;
  } catch {
    // ESRCH (group gone) or EPERM (a member changed uid): nothing more we can do from here.
    return false;
  }
};
