import { type FormEvent, useId, useState } from 'react';
import { useMutation } from 'urql';
import { graphql } from './generated/gql';
import { ProblemMessage } from './problem-message';
import { DEMO_FLOWS, executionHref } from './routes';

const StartRun = graphql(`
  mutation StartRun($input: StartFlowExecutionInput!) {
    startFlowExecution(input: $input) {
      ... on StartFlowExecutionPayload {
        executionArn
        execution {
          ...ExecutionSummary
        }
      }
      ...ProblemFields
    }
  }
`);

/** The alias every flow has: its working draft. */
const DRAFT_ALIAS = 'TSTALIASID';
/** The emulator's demo flows read the node this input goes to, on its only output. */
const INPUT_NODE = { nodeName: 'FlowInputNode', nodeOutputName: 'document' } as const;

/**
 * The input as typed: an object or an array when it reads as JSON (how a demo run is told to fail,
 * `{"simulateFailure": "Prompt_1"}`), the text itself otherwise.
 */
function parseInput(text: string): unknown {
  const trimmed = text.trim();
  if (!/^[[{]/.test(trimmed)) return text;
  try {
    return JSON.parse(trimmed);
  } catch {
    return text;
  }
}

/**
 * Starts a run of a flow and opens it; the execution view then follows it live until it is final.
 * A refusal (no such flow, no access, a name already used for another input, a quota) is shown
 * in words, like any other failure.
 */
export function StartRunForm({ flowId: initialFlowId }: { readonly flowId: string }) {
  const id = useId();
  const [flowId, setFlowId] = useState(initialFlowId);
  const [flowAliasId, setFlowAliasId] = useState(DRAFT_ALIAS);
  const [input, setInput] = useState('Please escalate my refund');
  const [executionName, setExecutionName] = useState('');
  const [{ data, error, fetching }, start] = useMutation(StartRun);
  const flows = DEMO_FLOWS.some((flow) => flow.flowId === initialFlowId)
    ? DEMO_FLOWS
    : [...DEMO_FLOWS, { flowId: initialFlowId, label: 'This flow' }];

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    const name = executionName.trim();
    const result = await start({
      input: {
        flowId: flowId.trim(),
        flowAliasId: flowAliasId.trim(),
        inputs: [{ ...INPUT_NODE, content: parseInput(input) }],
        ...(name && { executionName: name }),
      },
    });
    const started = result.data?.startFlowExecution;
    if (started?.__typename === 'StartFlowExecutionPayload') {
      window.location.hash = executionHref(started.executionArn);
    }
  };
  const refused = data?.startFlowExecution;

  return (
    <section className="card start-run" aria-label="Start a run">
      <form onSubmit={submit}>
        <div className="card-header">
          <h2>Start a run</h2>
          <button type="submit" className="button" disabled={fetching}>
            {fetching ? 'Starting…' : 'Start run'}
          </button>
        </div>
        <div className="start-fields">
          <label htmlFor={`${id}-flow`}>Flow</label>
          <select id={`${id}-flow`} value={flowId} onChange={(e) => setFlowId(e.target.value)}>
            {flows.map((flow) => (
              <option key={flow.flowId} value={flow.flowId}>
                {flow.label} ({flow.flowId})
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-alias`}>Alias</label>
          <input
            id={`${id}-alias`}
            value={flowAliasId}
            spellCheck={false}
            onChange={(e) => setFlowAliasId(e.target.value)}
          />
          <label htmlFor={`${id}-name`}>Execution name</label>
          <input
            id={`${id}-name`}
            value={executionName}
            placeholder="optional: makes the start safe to retry"
            spellCheck={false}
            onChange={(e) => setExecutionName(e.target.value)}
          />
          <label htmlFor={`${id}-input`}>Input</label>
          <div>
            <textarea
              id={`${id}-input`}
              value={input}
              rows={2}
              onChange={(e) => setInput(e.target.value)}
            />
            <p className="hint muted">
              Text, or JSON. A condition takes the branch whose name the input mentions (
              <code>escalate</code>, <code>billing</code>, <code>publish</code>);{' '}
              <code>{'{"simulateFailure": "Prompt_1"}'}</code> makes the run fail there.
            </p>
          </div>
        </div>
      </form>
      {error && (
        <p className="inline-error start-error">Could not start the run: {error.message}</p>
      )}
      {refused && refused.__typename !== 'StartFlowExecutionPayload' && (
        <div className="start-problem">
          <ProblemMessage problem={refused} kind="flow" id={flowId} onRetry={() => submit()} />
        </div>
      )}
    </section>
  );
}
