import { type FormEvent, useState } from 'react';
import { DEMO_FLOWS, flowHref } from './routes';

/** The demo flows as tabs, and any other flow id by hand (to meet the error members). */
export function FlowPicker({ current }: { readonly current: string }) {
  const [other, setOther] = useState('');
  const open = (event: FormEvent) => {
    event.preventDefault();
    if (other.trim()) window.location.hash = flowHref(other.trim());
  };
  return (
    <nav className="picker" aria-label="Flows">
      <div className="tabs">
        {DEMO_FLOWS.map(({ flowId, label }) => (
          <a
            key={flowId}
            href={flowHref(flowId)}
            className={flowId === current ? 'tab tab-current' : 'tab'}
            aria-current={flowId === current ? 'page' : undefined}
          >
            <span className="tab-label">{label}</span>
            <code>{flowId}</code>
          </a>
        ))}
      </div>
      <form className="other-flow" onSubmit={open}>
        <label htmlFor="other-flow">Another flow</label>
        <input
          id="other-flow"
          value={other}
          placeholder="flow id or ARN"
          spellCheck={false}
          onChange={(event) => setOther(event.target.value)}
        />
        <button type="submit" className="button button-quiet">
          Open
        </button>
      </form>
    </nav>
  );
}
