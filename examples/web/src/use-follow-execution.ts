import { useEffect, useRef } from 'react';
import type { OperationContext } from 'urql';

/** How often a running execution is read again while it is on screen. */
export const FOLLOW_INTERVAL_MS = 1500;

/**
 * Keeps a running execution current until its status is final, by reading it again every
 * `FOLLOW_INTERVAL_MS`, past every HTTP cache. The normalized cache then updates every view of it.
 *
 * The seam for the `flowExecutionUpdated(executionArn)` subscription: once the gateway serves it,
 * this hook becomes one `useSubscription({ query, variables: { executionArn }, pause: !running })`
 * (SSE through urql's `subscriptionExchange`); callers do not change.
 */
export function useFollowExecution(
  running: boolean,
  refresh: (context: Partial<OperationContext>) => void,
): void {
  // The latest refresh, without restarting the timer whenever the caller renders.
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => {
      latest.current({ requestPolicy: 'network-only', fetchOptions: { cache: 'no-store' } });
    }, FOLLOW_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [running]);
}
