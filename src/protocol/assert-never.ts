// Exhaustiveness guard for switches over discriminated unions.

/** Fails to compile when a union case is unhandled; throws if reached at run time. */
export function assertNever(value: never): never {
  throw new Error(`unexpected variant: ${JSON.stringify(value)}`);
}
