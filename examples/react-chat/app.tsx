/**
 * The example app on `@pyflue/client/react`: a chat with the persistent `narrator` agent
 * (it thinks, calls its `clock` tool, then types its reply word by word) and a progress
 * view of the `progress` workflow. Every state a user can meet shows: idle, thinking
 * (submitted), a tool running, typing (streaming), an error with Retry, reconnecting, a
 * failed run with its error, and done. The chat keeps its messages in sessionStorage and
 * the progress view its run id (`reconnect`), so a reload mid-reply or mid-run shows both
 * again; a dropped connection shows as reconnecting, and the run goes on.
 */
import { useState, type FormEvent } from 'react';
import type { PyFlueClient } from '../../src/index.js';
import type { ConversationMessage, MessagePart } from '../../src/live/index.js';
import { PyFlueProvider, useConversation, useWorkflow } from '../../src/react/index.js';

const STATUS_TEXT = { idle: 'Ready', submitted: 'Thinking…', streaming: 'Typing…', error: 'Not sent' } as const;

function Part({ part }: { part: MessagePart }) {
  if (part.type === 'text') return <span>{part.text}</span>;
  return (
    <span className="tool" data-tool={part.name} data-state={part.state}>
      {part.name}({JSON.stringify(part.args ?? {})}) {part.state === 'running' ? '…' : `→ ${JSON.stringify(part.result)}`}
    </span>
  );
}

function Message({ message }: { message: ConversationMessage }) {
  return (
    <li className={`message ${message.role}`} data-role={message.role} data-status={message.status}>
      {message.parts.map((part, index) => (
        <Part key={part.type === 'tool' ? part.toolCallId : index} part={part} />
      ))}
    </li>
  );
}

function Chat({ thread }: { thread: string }) {
  const storage = typeof sessionStorage === 'undefined' ? undefined : sessionStorage;
  const { messages, status, error, send, stop, retry } = useConversation('narrator', thread, { storage });
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim() === '') return;
    void send(draft);
    setDraft('');
  };
  const busy = status === 'submitted' || status === 'streaming';
  return (
    <section className="panel chat" data-testid="chat" data-status={status}>
      <h2>
        Chat <small className={`badge ${status}`}>{STATUS_TEXT[status]}</small>
      </h2>
      <ol className="messages" data-testid="messages">
        {messages.map((message) => (
          <Message key={message.id} message={message} />
        ))}
      </ol>
      {error && (
        <p className="error" role="alert" data-kind={error.kind}>
          {error.message}{' '}
          <button type="button" onClick={() => void retry()}>
            Retry
          </button>
        </p>
      )}
      <form onSubmit={submit}>
        <input aria-label="prompt" placeholder="Ask: clock city=Lisbon" value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Send</button>
        <button type="button" onClick={stop} disabled={!busy}>
          Stop
        </button>
      </form>
    </section>
  );
}

function Progress() {
  const { start, run, error, retry } = useWorkflow('progress', { reconnect: true });
  const steps = run?.logs.filter((log) => log.data.message === 'step') ?? [];
  const last = steps.at(-1)?.data as { n?: number; of?: number } | undefined;
  return (
    <section className="panel progress" data-testid="progress">
      <h2>Workflow</h2>
      <div className="actions">
        <button type="button" onClick={() => void start({ count: 12, delay_ms: 1000 })} disabled={run?.status === 'running'}>
          Run 12 steps
        </button>
        <button type="button" onClick={() => void start({ count: 6, delay_ms: 200, fail_at: 4 })} disabled={run?.status === 'running'}>
          Run one that fails
        </button>
      </div>
      {error && (
        <p className="error" role="alert" data-kind={error.kind}>
          {error.message}
        </p>
      )}
      {run && (
        <div data-testid="run" data-run-id={run.runId} data-status={run.status} data-connection={run.connection}>
          <p>
            <span className={`badge ${run.status}`}>{run.status}</span> <span className={`badge ${run.connection}`}>{run.connection}</span>{' '}
            {last ? `step ${last.n} of ${last.of}` : 'starting…'}
          </p>
          <progress max={last?.of ?? 1} value={last?.n ?? 0} />
          {(run.connection === 'reconnecting' || run.connection === 'lost') && (
            <p className="warning" data-testid="connection">
              {run.connection === 'reconnecting' ? 'Connection lost: reconnecting… the run goes on.' : run.error?.message}{' '}
              <button type="button" onClick={retry}>
                Reconnect now
              </button>
            </p>
          )}
          <ul data-testid="steps">
            {steps.map((log) => (
              <li key={log.eventIndex}>step {String(log.data.n)}</li>
            ))}
          </ul>
          {run.status === 'failed' && (
            <p className="error" role="alert" data-testid="run-error">
              {run.error?.message}
            </p>
          )}
          {run.status === 'succeeded' && <p data-testid="result">{JSON.stringify(run.result)}</p>}
        </div>
      )}
    </section>
  );
}

/** The whole page, for the client it is given; `thread` is the chat's agent instance. */
export function App({ client, thread }: { client: PyFlueClient; thread: string }) {
  return (
    <PyFlueProvider client={client}>
      <header>
        <h1>@pyflue/client/react</h1>
      </header>
      <main>
        <Chat thread={thread} />
        <Progress />
      </main>
    </PyFlueProvider>
  );
}
