import type { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { LRUCache } from 'lru-cache';
import { resolveUpstreamIdentity } from './client.js';
import type { EventsPage, SnapshotRecord } from './flow-execution-events.js';
import type { ExecutionRecord } from './flow-executions.js';

/**
 * Upstream answers about finished executions, kept across requests. A finished execution never
 * changes, so its detail, snapshot and event pages are served from here at no upstream cost.
 * Callers store only what belongs to a final execution; running ones and listings never come here.
 * Keys are scoped by the upstream identity (region, endpoint, access key), so a gateway pointed
 * elsewhere, or acting as someone else, never sees another identity's answers.
 */
export interface ImmutableCache {
  readonly executions: CacheSection<ExecutionRecord>;
  readonly eventPages: CacheSection<EventsPage>;
  readonly snapshots: CacheSection<SnapshotRecord>;
}

export interface CacheSection<V> {
  /** The cached answer to `request` (a canonical request string), if any. */
  get(request: string): Promise<V | undefined>;
  set(request: string, value: V): Promise<void>;
}

export interface ImmutableCacheOptions {
  /** Entries kept per kind of answer (event pages get four times as many). Default 2000. */
  readonly maxEntries?: number;
}

/** Creates the process-wide cache; the identity is resolved once, on first use. */
export function createImmutableCache(
  client: BedrockAgentRuntimeClient,
  options: ImmutableCacheOptions = {},
): ImmutableCache {
  const max = options.maxEntries ?? 2000;
  let identity: Promise<string | undefined> | undefined;
  // Without an identity (no credentials yet) nothing is cached; the call itself will say why.
  const scope = () => {
    identity ??= resolveUpstreamIdentity(client).catch(() => {
      identity = undefined;
      return undefined;
    });
    return identity;
  };
  const section = <V extends object>(entries: number): CacheSection<V> => {
    const lru = new LRUCache<string, V>({ max: entries });
    return {
      async get(request) {
        const who = await scope();
        return who === undefined ? undefined : lru.get(`${who}\n${request}`);
      },
      async set(request, value) {
        const who = await scope();
        if (who !== undefined) lru.set(`${who}\n${request}`, value);
      },
    };
  };
  return {
    executions: section<ExecutionRecord>(max),
    eventPages: section<EventsPage>(4 * max),
    snapshots: section<SnapshotRecord>(max),
  };
}
