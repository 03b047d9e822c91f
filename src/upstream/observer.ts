/** What the upstream layer reports about its work; the server turns it into metrics. */
export interface UpstreamObserver {
  /** One upstream call finished (after the SDK's retries): its outcome and how many attempts it took. */
  called(operation: string, outcome: string, attempts: number, seconds: number): void;
  /** A request asked for something its loaders already had (same request, same key). */
  deduplicated(operation: string): void;
  /** A request joined an identical call another request already had in flight. */
  coalesced(operation: string): void;
}

export const silentObserver: UpstreamObserver = {
  called: () => {},
  deduplicated: () => {},
  coalesced: () => {},
};

/** The outcome label of a failed call: the translated error's name, or `unexpected`. */
export function outcomeOf(error: unknown): string {
  if (error instanceof Error && error.name.endsWith('Error') && error.name !== 'Error') {
    return error.name.replace(/Error$/, '').replace(/^./, (c) => c.toLowerCase());
  }
  return 'unexpected';
}
