import { pino } from 'pino';

/** The gateway's logger: pino, one JSON object per line. */
export type Logger = pino.Logger;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Creates the JSON-lines logger (stderr by default; tests pass a `write` to collect lines). Request
 * headers are never logged; the paths below are redacted in case a caller's object carries them.
 */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'headers["x-api-key"]',
          'cursor',
          'after',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    { write },
  );
}
