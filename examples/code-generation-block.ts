// The "code generation block" pattern: typed inputs and outputs around one generateCode call.
// The generator is a parameter, so tests inject a fake through the public API instead of patching modules.

import { generateCode, type GenerateCodeInput, type GenerateCodeResult } from "../src/index.js";

export interface BlockInput {
  prompt: string;
  systemPrompt?: string;
  model?: string;
  reasoningEffort?: "low" | "medium" | "high";
  maxOutputTokens?: number;
}

export interface BlockOutput {
  text: string;
  reasoningSummary: string;
  responseId: string | null;
  inputTokens: number;
  outputTokens: number;
  llmCalls: number;
}

/** Run the block; `generate` defaults to the real engine. */
export async function codeGenerationBlock(
  input: BlockInput,
  generate: (i: GenerateCodeInput) => Promise<GenerateCodeResult> = generateCode,
): Promise<BlockOutput> {
  const r = await generate({ ...input, sandboxMode: "read-only" });
  return {
    text: r.response,
    reasoningSummary: r.reasoning,
    responseId: r.responseId,
    inputTokens: r.usage.inputTokens,
    outputTokens: r.usage.outputTokens,
    llmCalls: r.llmCallCount,
  };
}

// A test double: same signature, no network.
export const fakeGenerate = async (i: GenerateCodeInput): Promise<GenerateCodeResult> => ({
  response: `// ${i.prompt}`,
  reasoning: "",
  responseId: "resp_fake",
  usage: { inputTokens: 1, cachedInputTokens: 0, outputTokens: 1, reasoningOutputTokens: 0, totalTokens: 2 },
  llmCallCount: 1,
});
