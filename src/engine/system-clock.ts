// The real clock handed to the agent.

import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../agent/clock.js";

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await sleep(ms, undefined, { signal });
  },
};
