/**
 * Ticket triage: a small app built on @pyflue/client, the one `ticket-triage.test.ts`
 * tests against the fake PyFlue server of `@pyflue/client/testing` (no Python, no port).
 *
 * For one support ticket it runs the `classify` workflow in the background and follows
 * its run stream (each log line is a step), reads the priority from the run's result,
 * then asks the persistent `drafter` agent, over a WebSocket, for a reply draft (the
 * ticket's customer is the agent instance, so drafts for one customer share a history).
 * A failed classification or an unavailable server is a result the caller can show,
 * not an exception.
 *
 * It needs a PyFlue server that serves `classify` and `drafter`; the test declares them.
 */
import { PyFlueApiError, type PyFlueClient } from '../src/index.js';

export interface Ticket {
  id: string;
  customer: string;
  text: string;
}

export type Triage =
  | { ok: true; ticket: string; priority: string; draft: string; steps: string[] }
  | { ok: false; ticket: string; reason: string };

export async function triageTicket(client: PyFlueClient, ticket: Ticket): Promise<Triage> {
  let runId: string;
  try {
    ({ runId } = await client.workflows.invoke('classify', { text: ticket.text }));
  } catch (error) {
    // A POST is not retried by the client: 503 and 429 are for the caller to decide on.
    if (error instanceof PyFlueApiError && (error.status === 503 || error.status === 429)) {
      return { ok: false, ticket: ticket.id, reason: `PyFlue is unavailable (${error.status}); try again later.` };
    }
    throw error;
  }

  // Replays, then tails the run; after a dropped connection it resumes where it stopped.
  const steps: string[] = [];
  for await (const event of client.runs.stream(runId)) if (event.type === 'log') steps.push(event.data.message);

  const run = await client.runs.get(runId);
  if (run.status !== 'succeeded') {
    return { ok: false, ticket: ticket.id, reason: `classification failed: ${run.error?.details ?? run.error?.message ?? run.status}` };
  }
  const { priority } = run.result as { priority: string };

  await using drafter = client.agents.connect('drafter', ticket.customer);
  const reply = await drafter.prompt(`Draft a ${priority}-priority answer to: ${ticket.text}`, { session: 'drafts' });
  return { ok: true, ticket: ticket.id, priority, draft: reply.result.text, steps };
}
