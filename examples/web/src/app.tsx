import { GATEWAY_URL } from './client';
import { ExecutionDetail } from './execution-detail';
import { FlowExecutions } from './flow-executions';
import { FlowPicker } from './flow-picker';
import { useRoute } from './routes';
import { StartRunForm } from './start-run';

export function App() {
  const route = useRoute();
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href="#/">
          <span className="brand-mark" aria-hidden="true" />
          Bedrock flows
        </a>
        <span className="muted gateway">{GATEWAY_URL}</span>
      </header>
      <main>
        {route.page === 'flow' ? (
          <>
            <FlowPicker current={route.flowId} />
            <StartRunForm key={`start-${route.flowId}`} flowId={route.flowId} />
            {/* A new key per flow: its paging state starts over. */}
            <FlowExecutions key={route.flowId} flowId={route.flowId} />
          </>
        ) : (
          // A new key per execution: its timeline paging and open panels start over.
          <ExecutionDetail key={route.executionArn} executionArn={route.executionArn} />
        )}
      </main>
    </div>
  );
}
