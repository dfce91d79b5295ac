// Marker pairs of the context fragments we inject as messages, and how to recognise them in a history.

import type { ContentItem, ResponseItem } from "./response-items.js";

/** A pair of markers a context fragment starts and ends with. */
export interface FragmentMarkers {
  start: string;
  end: string;
}

export const PERMISSIONS_MARKERS: FragmentMarkers = {
  start: "<permissions instructions>",
  end: "</permissions instructions>",
};
export const AGENTS_MD_MARKERS: FragmentMarkers = { start: "# AGENTS.md instructions for ", end: "</INSTRUCTIONS>" };
export const ENVIRONMENT_CONTEXT_MARKERS: FragmentMarkers = {
  start: "<environment_context>",
  end: "</environment_context>",
};
/** codex ≤0.53 wrapped AGENTS.md text this way; still recognised in resumed histories. */
export const LEGACY_USER_INSTRUCTIONS_MARKERS: FragmentMarkers = {
  start: "<user_instructions>",
  end: "</user_instructions>",
};

const CONTEXTUAL_USER_MARKERS: readonly FragmentMarkers[] = [
  AGENTS_MD_MARKERS,
  ENVIRONMENT_CONTEXT_MARKERS,
  LEGACY_USER_INSTRUCTIONS_MARKERS,
];

/** Summary of compacted history (agent/compact-history.ts) carried as a user message. */
export const COMPACTION_SUMMARY_MARKERS: FragmentMarkers = { start: "<compaction_summary>", end: "</compaction_summary>" };

/** Whether `text` is wrapped in `markers` (surrounding whitespace and ASCII case ignored, as codex does). */
export function matchesMarkers(text: string, markers: FragmentMarkers): boolean {
  const trimmed = text.trim();
  return (
    trimmed.length >= markers.start.length + markers.end.length &&
    trimmed.slice(0, markers.start.length).toLowerCase() === markers.start.toLowerCase() &&
    trimmed.slice(trimmed.length - markers.end.length).toLowerCase() === markers.end.toLowerCase()
  );
}

/** A user-message part injected as context (AGENTS.md, environment) rather than typed by the user. */
export function isContextualUserFragment(part: ContentItem): boolean {
  return part.type === "input_text" && [...CONTEXTUAL_USER_MARKERS, COMPACTION_SUMMARY_MARKERS].some((m) => matchesMarkers(part.text, m));
}

/** A user message carrying injected context; like codex, one contextual part makes the whole message context. */
export function isContextualUserMessage(item: ResponseItem): boolean {
  return item.type === "message" && item.role === "user" && item.content.some(isContextualUserFragment);
}

/** The permissions part of the initial developer message. */
export function isPermissionsInstructions(part: ContentItem): boolean {
  return part.type === "input_text" && matchesMarkers(part.text, PERMISSIONS_MARKERS);
}

