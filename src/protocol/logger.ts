// The logging surface every layer may use; cli/ supplies a pino logger that satisfies it.

type LogFn = (obj: object | string, msg?: string) => void;

/** Minimal structured logger (a subset of pino's interface). */
export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

/** A logger that drops everything; the default in tests and library use. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
