// Our system prompt, kept as markdown next to this file and bundled as text at build time.

import text from "./base-instructions.md";

export const BASE_INSTRUCTIONS: string = text.trim();
