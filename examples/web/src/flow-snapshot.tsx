import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from './generated/gql';
import { ProblemMessage } from './problem-message';

const ExecutionSnapshotQuery = graphql(`
  query ExecutionSnapshot($executionArn: String!) {
    flowExecution(executionArn: $executionArn) {
      ... on FlowExecution {
        id
        flowSnapshot {
          flowVersion
          executionRoleArn
          customerEncryptionKeyArn
          definition
        }
      }
      ...ProblemFields
    }
  }
`);

/** The node names of a flow definition, in definition order; empty when it has none. */
function nodeNames(definition: unknown): string[] {
  if (typeof definition !== 'object' || definition === null || !('nodes' in definition)) return [];
  const { nodes } = definition;
  if (!Array.isArray(nodes)) return [];
  return nodes.flatMap((node: unknown) =>
    typeof node === 'object' && node !== null && 'name' in node && typeof node.name === 'string'
      ? [node.name]
      : [],
  );
}

/**
 * The flow as it stood when the run started, folded away. It costs an upstream call, so it is read
 * only once someone opens it.
 */
export function FlowSnapshot({ executionArn }: { readonly executionArn: string }) {
  const [open, setOpen] = useState(false);
  const [{ data, error }, reexecute] = useQuery({
    query: ExecutionSnapshotQuery,
    variables: { executionArn },
    pause: !open,
  });
  const result = data?.flowExecution;
  return (
    <details className="snapshot" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Flow definition this run used</summary>
      {error && <p className="inline-error">Could not read the snapshot: {error.message}</p>}
      {!result && !error && <p className="loading">Loading the snapshot…</p>}
      {result && result.__typename !== 'FlowExecution' && (
        <ProblemMessage
          problem={result}
          kind="execution"
          id={executionArn}
          onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        />
      )}
      {result?.__typename === 'FlowExecution' && (
        <div className="snapshot-body">
          <dl className="facts">
            <dt>Version</dt>
            <dd>{result.flowSnapshot.flowVersion}</dd>
            <dt>Role</dt>
            <dd>
              <code className="arn">{result.flowSnapshot.executionRoleArn}</code>
            </dd>
            <dt>Encryption</dt>
            <dd>
              {result.flowSnapshot.customerEncryptionKeyArn ? (
                <code className="arn">{result.flowSnapshot.customerEncryptionKeyArn}</code>
              ) : (
                'a key AWS owns'
              )}
            </dd>
            <dt>Nodes</dt>
            <dd>{nodeNames(result.flowSnapshot.definition).join(' · ') || 'none'}</dd>
          </dl>
          <pre className="definition">
            {JSON.stringify(result.flowSnapshot.definition, null, 2)}
          </pre>
        </div>
      )}
    </details>
  );
}
