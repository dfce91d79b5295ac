// The recorder of an `--ephemeral` run: records nothing, has no path.

import type { RolloutRecorder } from "../protocol/index.js";

/** A recorder that drops every item (path null); close() exists so callers treat all recorders alike. */
export function ephemeralRecorder(): RolloutRecorder & { close(): Promise<void> } {
  return {
    path: null,
    record: async () => {},
    flush: async () => {},
    close: async () => {},
  };
}
