// @vitest-environment happy-dom
/**
 * The React bindings as a chat app uses them: the provider keeps one conversation per
 * agent + instance + session (a remount or a thread switch shows its messages again),
 * retry() after a failed send gives one user message and one reply, tool calls render as
 * parts, useRun exposes retry(), a storage that throws does not break useWorkflow, and
 * every hook and the provider check their arguments (PyFlueInputError).
 */
import { act, cleanup, render, renderHook, screen, waitFor } from '@testing-library/react';
import { StrictMode, useState, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PyFlueClient, PyFlueInputError } from '../../src/index.js';
import { PyFlueProvider, useConversation, useRun, useWorkflow } from '../../src/react/index.js';
import { createFakePyFlue, type FakePyFlueOptions, type FakeRunContext } from '../../src/testing/index.js';

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function setup(options: FakePyFlueOptions) {
  const fake = await createFakePyFlue(options);
  const client = new PyFlueClient(fake.baseUrl, { fetch: fake.fetch });
  opened.push(fake, client);
  return { fake, client };
}

function Thread({ id }: { id: string }) {
  const { messages, send, retry, status } = useConversation('assistant', id);
  return (
    <div>
      <p data-testid="status">{status}</p>
      <button onClick={() => void send(`hello ${id}`)}>send</button>
      <button onClick={() => void retry()}>retry</button>
      <ul>
        {messages.map((message) => (
          <li key={message.id}>
            {message.role}: {message.parts.map((part) => (part.type === 'tool' ? `[${part.name}:${part.state}]` : part.text)).join('')} ({message.status})
          </li>
        ))}
      </ul>
    </div>
  );
}

function Switcher() {
  const [thread, setThread] = useState('t1');
  const [shown, setShown] = useState(true);
  return (
    <div>
      <button onClick={() => setThread(thread === 't1' ? 't2' : 't1')}>switch</button>
      <button onClick={() => setShown(!shown)}>toggle</button>
      {shown && <Thread id={thread} />}
    </div>
  );
}

const items = () => screen.queryAllByRole('listitem').map((item) => item.textContent);

describe('PyFlueProvider keeps the conversations', () => {
  it('a thread switched away from and back to, or unmounted and mounted again, shows its messages', async () => {
    const { client } = await setup({ agents: { assistant: { persistent: true, reply: (turn) => `re: ${turn.message}` } } });
    render(
      <StrictMode>
        <PyFlueProvider client={client}>
          <Switcher />
        </PyFlueProvider>
      </StrictMode>,
    );
    await act(async () => screen.getByText('send').click());
    await waitFor(() => expect(items()).toEqual(['user: hello t1 (done)', 'assistant: re: hello t1 (done)']));
    await act(async () => screen.getByText('switch').click());
    expect(items()).toEqual([]);
    await act(async () => screen.getByText('switch').click());
    expect(items()).toEqual(['user: hello t1 (done)', 'assistant: re: hello t1 (done)']);
    await act(async () => screen.getByText('toggle').click());
    await new Promise((resolve) => setTimeout(resolve, 10));
    await act(async () => screen.getByText('toggle').click());
    expect(items()).toEqual(['user: hello t1 (done)', 'assistant: re: hello t1 (done)']);
  });

  it('retry() after a failed send: one user message and one reply; tool calls show as parts', async () => {
    const { client, fake } = await setup({
      agents: { assistant: { persistent: true, reply: (turn) => ({ text: `re: ${turn.message}`, toolCalls: [{ name: 'clock', result: '12:00' }] }) } },
    });
    fake.faults.next(1, { network: true }, { path: '/agents/assistant' });
    render(
      <PyFlueProvider client={client}>
        <Thread id="r1" />
      </PyFlueProvider>,
    );
    await act(async () => screen.getByText('send').click());
    await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('error'));
    expect(items()).toEqual(['user: hello r1 (error)']);
    await act(async () => screen.getByText('retry').click());
    await waitFor(() => expect(items()).toEqual(['user: hello r1 (done)', 'assistant: [clock:done]re: hello r1 (done)']));
  });
});

describe('useRun and useWorkflow', () => {
  const steps = async (ctx: FakeRunContext) => {
    for (let n = 1; n <= 2; n += 1) await ctx.log.info('step', { n });
    return { steps: 2 };
  };

  it('useRun shows the connection and hands retry(): lost on a 500, then followed to the end', async () => {
    const { client, fake } = await setup({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', {});
    await fake.idle();
    fake.faults.next(1, { status: 500 }, { path: '/runs/' });
    const { result } = renderHook(() => useRun(runId, { client }));
    await waitFor(() => expect(result.current?.connection).toBe('lost'));
    expect(result.current?.status).toBe('running');
    act(() => result.current!.retry());
    await waitFor(() => expect(result.current?.status).toBe('succeeded'));
    expect(result.current?.connection).toBe('open');
  });

  it('a storage whose getItem throws is reported; the workflow still starts and is followed', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await setup({ workflows: { steps } });
    const storage = {
      getItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('denied', 'SecurityError');
      },
      removeItem: () => {},
    };
    const { result } = renderHook(() => useWorkflow('steps', { client, reconnect: true, storage }));
    await act(async () => {
      await result.current.start({});
    });
    await waitFor(() => expect(result.current.run?.status).toBe('succeeded'));
    expect(logged).toHaveBeenCalled();
  });
});

describe('argument checks', () => {
  it('PyFlueProvider client="x" is a PyFlueInputError', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => render(<PyFlueProvider client={'x' as never}>{null as ReactNode}</PyFlueProvider>)).toThrow(PyFlueInputError);
    expect(() => render(<PyFlueProvider client={'x' as never}>{null as ReactNode}</PyFlueProvider>)).toThrow(/<PyFlueProvider client=\{...\}> needs a PyFlueClient .*; got "x"/);
  });

  it('hooks refuse bad arguments with PyFlueInputError', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { client } = await setup({});
    expect(() => renderHook(() => useRun('run_1', 5 as never))).toThrow(/options must be a plain object/);
    expect(() => renderHook(() => useRun(5 as never, { client }))).toThrow(/useRun\(\) needs a run id/);
    expect(() => renderHook(() => useRun('run_1', { clinet: client } as never))).toThrow(/did you mean "client"/);
    expect(() => renderHook(() => useConversation('assistant', 'x', { client, sesion: 'a' } as never))).toThrow(/did you mean "session"/);
    expect(() => renderHook(() => useConversation('assistant', 'x', { client, session: 5 as never }))).toThrow(/session must be a non-empty string/);
    expect(() => renderHook(() => useConversation(null as never, 'x', { client }))).toThrow(PyFlueInputError);
    expect(() => renderHook(() => useConversation('assistant', 'x', { client: 'x' } as never))).toThrow(/needs a PyFlueClient/);
    expect(() => renderHook(() => useWorkflow('steps', { client, reconect: true } as never))).toThrow(/did you mean "reconnect"/);
    expect(() => renderHook(() => useWorkflow('steps', { client, reconnect: 5 as never }))).toThrow(/reconnect must be true, false or a storage key/);
    expect(() => renderHook(() => useWorkflow('steps', { client, storage: {} as never }))).toThrow(/storage must have getItem/);
  });
});
