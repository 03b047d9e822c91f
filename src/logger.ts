/** A structured logger: one JSON object per line, on stderr by default. */
export interface Logger {
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

/**
 * Creates a JSON-lines logger. Arguments are folded into one record: the first string is `msg`,
 * plain objects are merged in, Errors become `{ name, message, stack }` under `err`. graphql-yoga
 * calls loggers with free-form arguments, hence the loose signature.
 */
export function createLogger(
  level: LogLevel = 'info',
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Logger {
  const at =
    (name: Exclude<LogLevel, 'silent'>) =>
    (...args: unknown[]) => {
      if (RANK[name] < RANK[level]) return;
      const record: Record<string, unknown> = { level: name, time: new Date().toISOString() };
      for (const arg of args) {
        if (typeof arg === 'string')
          record.msg = record.msg === undefined ? arg : `${record.msg} ${arg}`;
        else if (arg instanceof Error) record.err = serializeError(arg);
        else if (arg && typeof arg === 'object') Object.assign(record, arg);
      }
      write(JSON.stringify(record));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function serializeError(error: Error): Record<string, unknown> {
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ...(error.cause instanceof Error ? { cause: serializeError(error.cause) } : {}),
  };
}
