// @vitest-environment happy-dom
/**
 * The React hooks with React Testing Library, against the fake of @pyflue/client/testing:
 * a conversation streams into a component, StrictMode's double mount sends nothing twice,
 * unmounting aborts the stream, a server render sends nothing and shows the idle snapshot,
 * and `reconnect` keeps the run id so a remount picks the run up again.
 */
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { PyFlueClient } from '../../src/index.js';
import { PyFlueProvider, useConversation, useRun, useWorkflow } from '../../src/react/index.js';
import { createFakePyFlue, type FakePyFlue, type FakePyFlueOptions, type FakeRunContext } from '../../src/testing/index.js';
import { knownEvent } from '../support/assertions.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

interface Setup {
  fake: FakePyFlue;
  client: PyFlueClient;
  /** Every request the client made: method, path and its signal. */
  requests: Array<{ method: string; path: string; signal: AbortSignal | undefined }>;
}

async function setup(options: FakePyFlueOptions): Promise<Setup> {
  const fake = await createFakePyFlue(options);
  const requests: Setup['requests'] = [];
  const client = new PyFlueClient(fake.baseUrl, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push({ method: request.method, path: decodeURIComponent(new URL(request.url).pathname), signal: init?.signal ?? undefined });
      return fake.fetch(input, init);
    },
  });
  opened.push(fake, client);
  return { fake, client, requests };
}

const steps = async (ctx: FakeRunContext) => {
  for (let n = 1; n <= Number(ctx.payload.count ?? 3); n += 1) await ctx.log.info('step', { n });
  return { steps: Number(ctx.payload.count ?? 3) };
};

function Chat({ onReady }: { onReady?: (send: (text: string) => Promise<void>) => void }) {
  const { messages, status, send } = useConversation('assistant', 'chat-1');
  onReady?.(send);
  return (
    <div>
      <p data-testid="status">{status}</p>
      <ul>
        {messages.map((message) => (
          <li key={message.id}>
            {message.role}: {message.text} ({message.status})
          </li>
        ))}
      </ul>
    </div>
  );
}

describe('useConversation', () => {
  it('streams a reply into the component', async () => {
    const { client } = await setup({ agents: { assistant: { persistent: true, reply: (turn) => ({ text: `echo: ${turn.message}`, deltas: ['echo: ', turn.message] }) } } });
    let send: ((text: string) => Promise<void>) | undefined;
    render(
      <PyFlueProvider client={client}>
        <Chat onReady={(fn) => (send = fn)} />
      </PyFlueProvider>,
    );
    expect(screen.getByTestId('status').textContent).toBe('idle');
    await act(() => send!('hello'));
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['user: hello (done)', 'assistant: echo: hello (done)']);
    expect(screen.getByTestId('status').textContent).toBe('idle');
  });

  it('under StrictMode a send goes out once, and the double mount sends nothing', async () => {
    const turns: string[] = [];
    const { client, requests } = await setup({ agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), 'ok') } } });
    let send: ((text: string) => Promise<void>) | undefined;
    render(
      <StrictMode>
        <PyFlueProvider client={client}>
          <Chat onReady={(fn) => (send = fn)} />
        </PyFlueProvider>
      </StrictMode>,
    );
    // Past the next task: a dispose scheduled by StrictMode's rehearsal would have run by now.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(requests).toEqual([]);
    await act(() => send!('once'));
    expect(turns).toEqual(['once']);
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /agents/assistant/chat-1']);
    expect(screen.getAllByRole('listitem').map((item) => item.textContent)).toEqual(['user: once (done)', 'assistant: ok (done)']);
  });

  it('unmounting aborts the reply streaming and leaves no listener', async () => {
    const turns: string[] = [];
    const { client, fake, requests } = await setup({ agents: { assistant: { persistent: true, reply: (turn) => (turns.push(turn.message), 'never seen') } } });
    fake.faults.stall({ afterEvents: 1, match: { path: '/agents/assistant' } });
    const { result, unmount } = renderHook(() => useConversation('assistant', 'chat-2', { client }));
    let sent: Promise<void> | undefined;
    act(() => {
      sent = result.current.send('hi');
    });
    await waitFor(() => expect(turns).toEqual(['hi']));
    expect(requests[0]?.signal?.aborted).toBe(false);
    unmount();
    await sent;
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('renders the idle snapshot on the server and sends nothing', async () => {
    const { client, requests } = await setup({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const html = renderToString(
      <PyFlueProvider client={client}>
        <Chat />
      </PyFlueProvider>,
    );
    expect(html).toContain('idle');
    expect(html).toContain('<ul></ul>');
    expect(requests).toEqual([]);
  });

  it('without a client, says how to give one', () => {
    expect(() => renderHook(() => useConversation('assistant', 'x'))).toThrow(/PyFlueProvider/);
  });
});

describe('useRun', () => {
  it('follows a run to its result; null without a run id', async () => {
    const { client } = await setup({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    const { result, rerender } = renderHook(({ id }: { id: string | null }) => useRun(id, { client }), { initialProps: { id: null as string | null } });
    expect(result.current).toBeNull();
    rerender({ id: runId });
    await waitFor(() => expect(result.current?.status).toBe('succeeded'));
    expect(result.current?.result).toEqual({ steps: 2 });
    expect(result.current?.logs.map((log) => log.data.n)).toEqual([1, 2]);
  });

  it('under StrictMode follows the run with one stream', async () => {
    const { client, requests } = await setup({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', { count: 2 });
    const { result } = renderHook(() => useRun(runId, { client }), { wrapper: ({ children }: { children: ReactNode }) => <StrictMode>{children}</StrictMode> });
    await waitFor(() => expect(result.current?.status).toBe('succeeded'));
    expect(requests.filter((request) => request.path.endsWith('/stream'))).toHaveLength(1);
  });

  it('renders the first snapshot on the server without a request', async () => {
    const { client, requests } = await setup({ workflows: { steps } });
    function Progress() {
      const run = useRun('workflow:steps:run_01ARZ3NDEKTSV4RRFFQ69G5FAV', { client });
      return <p>{run?.status}</p>;
    }
    expect(renderToString(<Progress />)).toBe('<p>running</p>');
    expect(requests).toEqual([]);
  });
});

describe('useWorkflow', () => {
  function memoryStorage() {
    const items = new Map<string, string>();
    return {
      items,
      getItem: (key: string) => items.get(key) ?? null,
      setItem: (key: string, value: string) => void items.set(key, value),
      removeItem: (key: string) => void items.delete(key),
    };
  }

  it('starts a run and follows it; a failed start is the typed error', async () => {
    const { client } = await setup({ workflows: { steps } });
    const { result } = renderHook(() => useWorkflow('steps', { client }));
    expect(result.current.run).toBeNull();
    let runId: string | undefined;
    await act(async () => {
      runId = await result.current.start({ count: 1 });
    });
    await waitFor(() => expect(result.current.run?.status).toBe('succeeded'));
    expect(result.current.run?.runId).toBe(runId);
    const missing = renderHook(() => useWorkflow('missing', { client }));
    await act(async () => {
      expect(await missing.result.current.start({})).toBeUndefined();
    });
    expect(missing.result.current.error?.cause.name).toBe('PyFlueNotFoundError');
    expect(missing.result.current.error?.kind).toBe('server');
  });

  it('reconnect keeps the run id while it runs: a remount picks the run up again, whole', async () => {
    const release: Array<() => void> = [];
    const { client } = await setup({
      workflows: {
        gated: async (ctx: FakeRunContext) => {
          await ctx.log.info('before');
          await new Promise<void>((resolve) => release.push(resolve));
          await ctx.log.info('after');
          return { done: true };
        },
      },
    });
    const storage = memoryStorage();
    const first = renderHook(() => useWorkflow('gated', { client, reconnect: true, storage }));
    let runId: string | undefined;
    await act(async () => {
      runId = await first.result.current.start({});
    });
    await waitFor(() => expect(first.result.current.run?.logs).toHaveLength(1));
    expect(storage.items.get('pyflue:run:gated')).toBe(runId);
    // The page goes away mid-run ...
    first.unmount();
    // ... and comes back: the run is picked up from its start, and goes on to its end.
    const second = renderHook(() => useWorkflow('gated', { client, reconnect: true, storage }));
    await waitFor(() => expect(second.result.current.run?.logs).toHaveLength(1));
    expect(second.result.current.run?.runId).toBe(runId);
    release.forEach((resolve) => resolve());
    await waitFor(() => expect(second.result.current.run?.status).toBe('succeeded'));
    expect(second.result.current.run?.events.map((event) => knownEvent(event).eventIndex)).toEqual([1, 2, 3, 4]);
    expect(second.result.current.run?.result).toEqual({ done: true });
    // Ended: nothing left to pick up.
    await waitFor(() => expect(storage.items.has('pyflue:run:gated')).toBe(false));
  });

  it('on the server renders no run and sends nothing, even with a saved run id', async () => {
    const { client, requests } = await setup({ workflows: { steps } });
    const storage = memoryStorage();
    storage.setItem('pyflue:run:steps', 'workflow:steps:run_01ARZ3NDEKTSV4RRFFQ69G5FAV');
    function Progress() {
      const { run } = useWorkflow('steps', { client, reconnect: true, storage });
      return <p>{run ? run.status : 'no run'}</p>;
    }
    expect(renderToString(<Progress />)).toBe('<p>no run</p>');
    expect(requests).toEqual([]);
  });
});
