// Whether stderr gets ANSI colour: --color, then NO_COLOR / FORCE_COLOR / CLICOLOR_FORCE / TERM.

/** Decide colour for stderr (stdout never carries ANSI). */
export function useColor(
  mode: "always" | "never" | "auto",
  stderrIsTty: boolean,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (mode === "always") return true;
  if (mode === "never") return false;
  const force = env["FORCE_COLOR"] ?? env["CLICOLOR_FORCE"];
  if (force !== undefined && force !== "0" && force !== "false") return true;
  if (env["NO_COLOR"] !== undefined && env["NO_COLOR"] !== "") return false;
  if (env["TERM"] === "dumb") return false;
  return stderrIsTty;
}
