/** The page's entry: the server is the page's own origin (the example server puts PyFlue behind it); `?thread=` picks the chat. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PyFlueClient } from '../../src/index.js';
import { App } from './app.js';

const client = new PyFlueClient(location.origin);
const thread = new URLSearchParams(location.search).get('thread') ?? 'demo';
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} thread={thread} />
  </StrictMode>,
);
