/**
 * The Vue example page on `@pyflue/client/vue`: the same chat with the `narrator` agent
 * (tool parts, thinking and typing states, Retry) and the same progress view of the
 * `progress` workflow (reconnecting, failed with its error, done), in render functions.
 */
import { defineComponent, h, ref } from 'vue';
import type { MessagePart } from '../../src/live/index.js';
import { useConversation, useWorkflow } from '../../src/vue/index.js';

const STATUS_TEXT = { idle: 'Ready', submitted: 'Thinking…', streaming: 'Typing…', error: 'Not sent' } as const;

const part = (item: MessagePart) =>
  item.type === 'text'
    ? h('span', item.text)
    : h('span', { class: 'tool', 'data-tool': item.name, 'data-state': item.state }, `${item.name}(${JSON.stringify(item.args ?? {})}) ${item.state === 'running' ? '…' : `→ ${JSON.stringify(item.result)}`}`);

const Chat = defineComponent({
  props: { thread: { type: String, required: true } },
  setup(props) {
    const chat = useConversation('narrator', () => props.thread, { storage: typeof sessionStorage === 'undefined' ? undefined : sessionStorage });
    const draft = ref('');
    const submit = (event: Event) => {
      event.preventDefault();
      if (draft.value.trim() === '') return;
      void chat.send(draft.value);
      draft.value = '';
    };
    return () => {
      const status = chat.status.value;
      const error = chat.error.value;
      return h('section', { class: 'panel chat', 'data-testid': 'chat', 'data-status': status }, [
        h('h2', ['Chat ', h('small', { class: `badge ${status}` }, STATUS_TEXT[status])]),
        h(
          'ol',
          { class: 'messages', 'data-testid': 'messages' },
          chat.messages.value.map((message) =>
            h('li', { key: message.id, class: `message ${message.role}`, 'data-role': message.role, 'data-status': message.status }, message.parts.map(part)),
          ),
        ),
        error && h('p', { class: 'error', role: 'alert', 'data-kind': error.kind }, [`${error.message} `, h('button', { type: 'button', onClick: () => void chat.retry() }, 'Retry')]),
        h('form', { onSubmit: submit }, [
          h('input', { 'aria-label': 'prompt', placeholder: 'Ask: clock city=Lisbon', value: draft.value, onInput: (event: Event) => (draft.value = (event.target as HTMLInputElement).value) }),
          h('button', { type: 'submit' }, 'Send'),
          h('button', { type: 'button', onClick: () => chat.stop(), disabled: status !== 'submitted' && status !== 'streaming' }, 'Stop'),
        ]),
      ]);
    };
  },
});

const Progress = defineComponent({
  setup() {
    const { start, run, error, retry } = useWorkflow('progress', { reconnect: true });
    return () => {
      const current = run.value;
      const steps = current?.logs.filter((log) => log.data.message === 'step') ?? [];
      const last = steps.at(-1)?.data as { n?: number; of?: number } | undefined;
      const running = current?.status === 'running';
      return h('section', { class: 'panel progress', 'data-testid': 'progress' }, [
        h('h2', 'Workflow'),
        h('div', { class: 'actions' }, [
          h('button', { type: 'button', disabled: running, onClick: () => void start({ count: 12, delay_ms: 1000 }) }, 'Run 12 steps'),
          h('button', { type: 'button', disabled: running, onClick: () => void start({ count: 6, delay_ms: 200, fail_at: 4 }) }, 'Run one that fails'),
        ]),
        error.value && h('p', { class: 'error', role: 'alert' }, error.value.message),
        current &&
          h('div', { 'data-testid': 'run', 'data-run-id': current.runId, 'data-status': current.status, 'data-connection': current.connection }, [
            h('p', [
              h('span', { class: `badge ${current.status}` }, current.status),
              ' ',
              h('span', { class: `badge ${current.connection}` }, current.connection),
              ` ${last ? `step ${last.n} of ${last.of}` : 'starting…'}`,
            ]),
            h('progress', { max: last?.of ?? 1, value: last?.n ?? 0 }),
            (current.connection === 'reconnecting' || current.connection === 'lost') &&
              h('p', { class: 'warning', 'data-testid': 'connection' }, [
                current.connection === 'reconnecting' ? 'Connection lost: reconnecting… the run goes on. ' : `${current.error?.message} `,
                h('button', { type: 'button', onClick: retry }, 'Reconnect now'),
              ]),
            h('ul', { 'data-testid': 'steps' }, steps.map((log) => h('li', { key: log.eventIndex }, `step ${String(log.data.n)}`))),
            current.status === 'failed' && h('p', { class: 'error', role: 'alert', 'data-testid': 'run-error' }, current.error?.message),
            current.status === 'succeeded' && h('p', { 'data-testid': 'result' }, JSON.stringify(current.result)),
          ]),
      ]);
    };
  },
});

/** The whole page; `thread` is the chat's agent instance. */
export const App = defineComponent({
  props: { thread: { type: String, required: true } },
  setup: (props) => () => [h('header', h('h1', '@pyflue/client/vue')), h('main', [h(Chat, { thread: props.thread }), h(Progress)])],
});
