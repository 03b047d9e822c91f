import { useSyncExternalStore } from 'react';

/** The emulator's demo flows (`npm start`), with what each shows. */
export const DEMO_FLOWS = [
  { flowId: 'SUPPORT001', label: 'Support triage' },
  { flowId: 'SUMMARY002', label: 'Summaries' },
  { flowId: 'ROUTING003', label: 'Routing' },
  { flowId: 'LOCKED0004', label: 'Locked (denied)' },
] as const;

export type Route =
  | { readonly page: 'flow'; readonly flowId: string }
  | { readonly page: 'execution'; readonly executionArn: string };

export const flowHref = (flowId: string) => `#/flow/${encodeURIComponent(flowId)}`;
export const executionHref = (executionArn: string) =>
  `#/execution/${encodeURIComponent(executionArn)}`;

/** The page the location hash names; the first demo flow when it names none. */
export function parseRoute(hash: string): Route {
  const match = /^#\/(flow|execution)\/(.+)$/.exec(hash);
  const value = match?.[2] === undefined ? undefined : decodeURIComponent(match[2]);
  if (match?.[1] === 'execution' && value) return { page: 'execution', executionArn: value };
  if (match?.[1] === 'flow' && value) return { page: 'flow', flowId: value };
  return { page: 'flow', flowId: DEMO_FLOWS[0].flowId };
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/**
 * Hash routes keep the example free of a router dependency and work from any static host: the
 * back button and shared links behave as readers expect.
 */
export function useRoute(): Route {
  return parseRoute(useSyncExternalStore(subscribe, () => window.location.hash));
}
