/**
 * The example app: a chat with the persistent `assistant` agent and a progress view of the
 * `slow` workflow, on `@pyflue/client/react`. The progress view keeps its run id in
 * sessionStorage (`reconnect`), so a reload mid-run picks the run up where it was.
 */
import { useState, type FormEvent } from 'react';
import type { PyFlueClient } from '../../src/index.js';
import { PyFlueProvider, useConversation, useWorkflow } from '../../src/react/index.js';

function Chat() {
  const { messages, status, error, send, stop } = useConversation('assistant', 'react-chat');
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    void send(draft);
    setDraft('');
  };
  return (
    <section>
      <h2>Chat</h2>
      <ol data-testid="messages">
        {messages.map((message) => (
          <li key={message.id} data-role={message.role} data-status={message.status}>
            <b>{message.role}</b> {message.text}
          </li>
        ))}
      </ol>
      {error && <p role="alert">{error.message}</p>}
      <form onSubmit={submit}>
        <input aria-label="prompt" value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Send</button>
        <button type="button" onClick={stop} disabled={status !== 'streaming'}>
          Stop
        </button>
      </form>
    </section>
  );
}

function Progress() {
  const { start, run, error } = useWorkflow('slow', { reconnect: true });
  return (
    <section>
      <h2>Workflow</h2>
      <button type="button" onClick={() => void start({ count: 8, delay_ms: 250 })} disabled={run?.status === 'running'}>
        Run slow
      </button>
      {error && <p role="alert">{error.message}</p>}
      {run && (
        <div data-testid="run" data-run-id={run.runId} data-status={run.status}>
          <p>
            {run.runId}: {run.status} ({run.logs.length} of 8)
          </p>
          <progress max={8} value={run.logs.length} />
          <ul data-testid="ticks">
            {run.logs.map((log) => (
              <li key={log.eventIndex}>
                {log.data.message} n={String(log.data.n)}
              </li>
            ))}
          </ul>
          {run.status === 'succeeded' && <p data-testid="result">{JSON.stringify(run.result)}</p>}
        </div>
      )}
    </section>
  );
}

/** The whole page, for the client it is given. */
export function App({ client }: { client: PyFlueClient }) {
  return (
    <PyFlueProvider client={client}>
      <h1>@pyflue/client/react</h1>
      <Chat />
      <Progress />
    </PyFlueProvider>
  );
}
