/** The Vue page's entry: the server is the page's own origin; `?thread=` picks the chat. */
import { createApp, h } from 'vue';
import { PyFlueClient } from '../../src/index.js';
import { createPyFlue } from '../../src/vue/index.js';
import { App } from './app.js';

const client = new PyFlueClient(location.origin);
const thread = new URLSearchParams(location.search).get('thread') ?? 'demo';
createApp({ render: () => h(App, { thread }) })
  .use(createPyFlue(client))
  .mount('#root');
