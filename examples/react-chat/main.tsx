/** The page's entry: the server comes from `?server=` (the test's CORS proxy), else the page's own origin. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PyFlueClient } from '../../src/index.js';
import { App } from './app.js';

const server = new URLSearchParams(location.search).get('server') ?? location.origin;
const client = new PyFlueClient(server);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
