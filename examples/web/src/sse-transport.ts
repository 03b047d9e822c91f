import type { ExecutionResult, Operation, SubscriptionForwarder } from 'urql';

/** What urql hands a forwarded subscription to report to (urql does not export its name). */
type ResultObserver = Parameters<ReturnType<SubscriptionForwarder>['subscribe']>[0];

/** One server-sent event: its type (`message` when unnamed) and its data lines joined. */
interface ServerSentEvent {
  readonly event: string;
  readonly data: string;
}

/**
 * The events of an `text/event-stream` body, as the EventSource spec parses them: fields up to a
 * blank line, comment lines (the gateway's keep-alives) skipped, one optional space after the colon.
 */
async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      const lines = buffer.split(/\r\n|\r|\n/);
      // The last piece may be half a line: keep it for the next chunk.
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (event !== '' || data.length > 0)
            yield { event: event || 'message', data: data.join('\n') };
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const raw = colon === -1 ? '' : line.slice(colon + 1);
        const text = raw.startsWith(' ') ? raw.slice(1) : raw;
        if (field === 'event') event = text;
        else if (field === 'data') data.push(text);
      }
    }
  } finally {
    // Leaving early (a `complete` event, or the subscriber going away) closes the connection.
    await reader.cancel().catch(() => undefined);
  }
}

function isExecutionResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && ('data' in value || 'errors' in value);
}

function parseResult(text: string): ExecutionResult {
  const value: unknown = JSON.parse(text);
  if (!isExecutionResult(value)) throw new Error(`Not a GraphQL result: ${text.slice(0, 200)}`);
  return value;
}

/** The headers the operation's `fetchOptions` carry (credentials such as `Authorization`). */
function contextHeaders(operation: Operation): Headers {
  const options =
    typeof operation.context.fetchOptions === 'function'
      ? operation.context.fetchOptions()
      : operation.context.fetchOptions;
  return new Headers(options?.headers);
}

async function stream(
  operation: Operation,
  body: string,
  observer: ResultObserver,
  signal: AbortSignal,
): Promise<void> {
  const headers = contextHeaders(operation);
  // A JSON POST: the gateway's CSRF prevention lets it through without a custom header, and the
  // CORS preflight it needs asks only for `content-type`, which the allowlist grants.
  headers.set('content-type', 'application/json');
  headers.set('accept', 'text/event-stream');
  const fetchImpl = operation.context.fetch ?? fetch;
  try {
    const response = await fetchImpl(operation.context.url, {
      method: 'POST',
      headers,
      body,
      signal,
    });
    const type = response.headers.get('content-type') ?? '';
    if (type.includes('text/event-stream') && response.body) {
      // Refusals (an unknown hash, an untrusted document) come as a stream too, with a 4xx status:
      // their `next` event carries the errors, which urql and its persisted exchange read.
      for await (const { event, data } of readEvents(response.body)) {
        if (event === 'complete') break;
        if (event === 'next' && data !== '') observer.next(parseResult(data));
      }
    } else if (type.includes('json')) {
      observer.next(parseResult(await response.text()));
    } else {
      throw new Error(`The gateway answered HTTP ${response.status} without an event stream`);
    }
    observer.complete();
  } catch (error) {
    // Unsubscribing aborts the request; that is the end the subscriber asked for, not a failure.
    if (!signal.aborted) observer.error(error);
  }
}

/**
 * Runs subscriptions as GraphQL over server-sent events in its "distinct connections" form: one
 * JSON POST per subscription with `accept: text/event-stream`, read with `fetch` (EventSource can
 * only GET, and a GET would carry the document in the URL and need a CSRF header). The body is
 * urql's: with a persisted hash it names the document by hash alone, as the trusted-documents
 * gateway requires.
 */
export const forwardOverSse: SubscriptionForwarder = (request, operation) => ({
  subscribe(observer) {
    const abort = new AbortController();
    void stream(operation, JSON.stringify(request), observer, abort.signal);
    return { unsubscribe: () => abort.abort() };
  },
});
