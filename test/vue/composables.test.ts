// @vitest-environment happy-dom
/**
 * @pyflue/client/vue against the fake of @pyflue/client/testing, in real Vue components
 * (createApp, h): a conversation streams into the page with its tool parts and retry(),
 * the provided conversations survive a thread switch, useRun and useWorkflow follow a
 * run with its connection, a server render sends nothing, and bad arguments are
 * PyFlueInputErrors.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, createSSRApp, defineComponent, h, nextTick, ref, type Component } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { PyFlueClient, PyFlueInputError } from '../../src/index.js';
import { createFakePyFlue, type FakePyFlueOptions, type FakeRunContext } from '../../src/testing/index.js';
import { createPyFlue, providePyFlue, useConversation, useRun, useWorkflow } from '../../src/vue/index.js';

const opened: Array<{ close(): Promise<void> }> = [];
const mounted: Array<() => void> = [];
afterEach(async () => {
  mounted.splice(0).forEach((unmount) => unmount());
  vi.restoreAllMocks();
  await Promise.all(opened.splice(0).map((item) => item.close()));
});

async function setup(options: FakePyFlueOptions) {
  const fake = await createFakePyFlue(options);
  const requests: string[] = [];
  const client = new PyFlueClient(fake.baseUrl, {
    fetch: (input: RequestInfo | URL, init?: RequestInit) => (requests.push(`${init?.method ?? 'GET'} ${new URL(new Request(input, init).url).pathname}`), fake.fetch(input, init)),
  });
  opened.push(fake, client);
  return { fake, client, requests };
}

function mount(component: Component, client?: PyFlueClient): HTMLElement {
  const element = document.createElement('div');
  document.body.append(element);
  const app = createApp(component);
  if (client) app.use(createPyFlue(client));
  app.mount(element);
  mounted.push(() => app.unmount());
  return element;
}

const until = async (check: () => boolean) => {
  for (let tries = 0; tries < 200 && !check(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(check()).toBe(true);
};

const Thread = defineComponent({
  props: { id: { type: String, required: true } },
  setup(props) {
    const chat = useConversation('assistant', () => props.id);
    return () =>
      h('div', [
        h('p', { class: 'status' }, chat.status.value),
        h('button', { class: 'send', onClick: () => void chat.send(`hello ${props.id}`) }, 'send'),
        h('button', { class: 'retry', onClick: () => void chat.retry() }, 'retry'),
        h(
          'ul',
          chat.messages.value.map((message) =>
            h('li', { key: message.id }, `${message.role}: ${message.parts.map((part) => (part.type === 'tool' ? `[${part.name}:${part.state}]` : part.text)).join('')} (${message.status})`),
          ),
        ),
      ]);
  },
});

const items = (element: HTMLElement) => [...element.querySelectorAll('li')].map((item) => item.textContent);

describe('useConversation (Vue)', () => {
  it('streams a reply with its tool parts; a failed send retried gives one user message and one reply', async () => {
    const { client, fake } = await setup({
      agents: { assistant: { persistent: true, reply: (turn) => ({ text: `re: ${turn.message}`, toolCalls: [{ name: 'clock', result: '12:00' }] }) } },
    });
    fake.faults.next(1, { network: true }, { path: '/agents/assistant' });
    const element = mount(h(Thread, { id: 'v1' }) as never, client);
    expect(element.querySelector('.status')?.textContent).toBe('idle');
    element.querySelector<HTMLButtonElement>('.send')!.click();
    await until(() => element.querySelector('.status')?.textContent === 'error');
    expect(items(element)).toEqual(['user: hello v1 (error)']);
    element.querySelector<HTMLButtonElement>('.retry')!.click();
    await until(() => items(element).length === 2 && element.querySelector('.status')?.textContent === 'idle');
    expect(items(element)).toEqual(['user: hello v1 (done)', 'assistant: [clock:done]re: hello v1 (done)']);
  });

  it('the provided conversations survive a thread switch', async () => {
    const { client } = await setup({ agents: { assistant: { persistent: true, reply: (turn) => `re: ${turn.message}` } } });
    const thread = ref('t1');
    const element = mount(
      defineComponent({
        setup() {
          providePyFlue(client);
          return () => h(Thread, { id: thread.value });
        },
      }),
    );
    element.querySelector<HTMLButtonElement>('.send')!.click();
    await until(() => items(element).length === 2);
    thread.value = 't2';
    await nextTick();
    expect(items(element)).toEqual([]);
    thread.value = 't1';
    await nextTick();
    expect(items(element)).toEqual(['user: hello t1 (done)', 'assistant: re: hello t1 (done)']);
  });

  it('a server render shows the idle conversation and sends nothing', async () => {
    const { client, requests } = await setup({ agents: { assistant: { persistent: true, reply: () => 'ok' } } });
    const app = createSSRApp(h(Thread, { id: 's1' }) as never);
    app.use(createPyFlue(client));
    const html = await renderToString(app);
    expect(html).toContain('idle');
    expect(requests).toEqual([]);
  });
});

describe('useRun and useWorkflow (Vue)', () => {
  const steps = async (ctx: FakeRunContext) => {
    for (let n = 1; n <= 2; n += 1) await ctx.log.info('step', { n });
    return { steps: 2 };
  };

  it('useRun follows a run (null without an id), with its connection and retry()', async () => {
    const { client, fake } = await setup({ workflows: { steps } });
    const { runId } = await client.workflows.invoke('steps', {});
    await fake.idle();
    fake.faults.next(1, { status: 500 }, { path: '/runs/' });
    const id = ref<string | null>(null);
    let result: ReturnType<typeof useRun> | undefined;
    mount(
      defineComponent({
        setup() {
          result = useRun(id, { client });
          return () => h('p', result!.run.value?.status ?? 'none');
        },
      }),
    );
    expect(result!.run.value).toBeNull();
    id.value = runId;
    await until(() => result!.run.value?.connection === 'lost');
    result!.retry();
    await until(() => result!.run.value?.status === 'succeeded');
    expect(result!.run.value?.logs.map((log) => log.data.n)).toEqual([1, 2]);
  });

  it('useWorkflow starts a run, keeps its id while it runs, and follows it to its result', async () => {
    const { client } = await setup({ workflows: { steps } });
    const items = new Map<string, string>();
    const storage = { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value), removeItem: (key: string) => void items.delete(key) };
    let result: ReturnType<typeof useWorkflow> | undefined;
    mount(
      defineComponent({
        setup() {
          result = useWorkflow('steps', { client, reconnect: true, storage });
          return () => h('p', result!.run.value?.status ?? 'none');
        },
      }),
    );
    const runId = await result!.start({});
    expect(runId).toMatch(/^workflow:steps:run_/);
    await until(() => result!.run.value?.status === 'succeeded');
    expect(result!.run.value?.result).toEqual({ steps: 2 });
    await until(() => !items.has('pyflue:run:steps'));
    expect(await result!.start('not an object' as never)).toBeUndefined();
    expect(result!.error.value?.kind).toBe('input');
  });
});

describe('argument checks (Vue)', () => {
  it('the plugin, providePyFlue and the composables refuse bad arguments with PyFlueInputError', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { client } = await setup({});
    expect(() => createPyFlue('x' as never)).toThrow(/createPyFlue\(\) needs a PyFlueClient .*; got "x"/);
    const inSetup = (run: () => unknown) => {
      let thrown: unknown;
      const app = createApp(
        defineComponent({
          setup() {
            try {
              run();
            } catch (error) {
              thrown = error;
            }
            return () => null;
          },
        }),
      );
      app.mount(document.createElement('div'));
      app.unmount();
      return thrown;
    };
    expect(inSetup(() => providePyFlue(5 as never))).toBeInstanceOf(PyFlueInputError);
    expect(inSetup(() => useRun('run_1', 5 as never))).toBeInstanceOf(PyFlueInputError);
    expect(inSetup(() => useRun(5 as never, { client }))).toBeInstanceOf(PyFlueInputError);
    expect(String(inSetup(() => useConversation('assistant', 'x', { client, sesion: 'a' } as never)))).toMatch(/did you mean "session"/);
    expect(String(inSetup(() => useConversation('assistant', '', { client })))).toMatch(/instanceId must not be empty/);
    expect(String(inSetup(() => useConversation('assistant', 'x')))).toMatch(/No PyFlue client/);
    expect(String(inSetup(() => useWorkflow('steps', { client, storage: {} as never })))).toMatch(/storage must have getItem/);
  });
});
