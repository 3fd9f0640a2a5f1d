/**
 * The fake's declarations are typed as users write them: the handler's context, a
 * persistent agent's turn and reply, the faults API; mistakes do not compile.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { WebSocketFactory } from '../../src/index.js';
import {
  createFakePyFlue,
  type FakeFaults,
  type FakePyFlue,
  type FakePyFlueOptions,
  type FakeRunContext,
  type FakeTurn,
  type FaultStatus,
} from '../../src/testing/index.js';

describe('types of @pyflue/client/testing', () => {
  it('createFakePyFlue answers what the client options take', () => {
    expectTypeOf(createFakePyFlue).returns.resolves.toEqualTypeOf<FakePyFlue>();
    expectTypeOf<FakePyFlue['fetch']>().toEqualTypeOf<typeof fetch>();
    expectTypeOf<FakePyFlue['websocket']>().toEqualTypeOf<WebSocketFactory>();
    expectTypeOf<FakePyFlue['baseUrl']>().toEqualTypeOf<string>();
    expectTypeOf<FakePyFlue['faults']>().toEqualTypeOf<FakeFaults>();
  });

  it('handlers get a typed context; persistent agents a typed turn', () => {
    const options: FakePyFlueOptions = {
      workflows: {
        greet: async (ctx) => {
          expectTypeOf(ctx).toEqualTypeOf<FakeRunContext>();
          expectTypeOf(ctx.id).toEqualTypeOf<string>();
          expectTypeOf(ctx.log.info).parameters.toEqualTypeOf<[message: string, fields?: Record<string, unknown>]>();
          return { greeting: `Hello, ${String(ctx.payload.name)}` };
        },
      },
      agents: {
        bot: {
          persistent: true,
          reply: (turn) => {
            expectTypeOf(turn).toEqualTypeOf<FakeTurn>();
            expectTypeOf(turn.history[0]!.role).toEqualTypeOf<'user' | 'assistant'>();
            return turn.message;
          },
        },
        hidden: { handler: () => null, triggers: { webhook: false } },
      },
    };
    expectTypeOf(options).toMatchTypeOf<FakePyFlueOptions>();
  });

  it('rejects declarations and faults that cannot work', () => {
    const bad: FakePyFlueOptions = {
      agents: {
        // @ts-expect-error a persistent agent needs reply
        noReply: { persistent: true },
        // @ts-expect-error reply answers text or { text }, not a number
        wrongReply: { persistent: true, reply: () => 42 },
      },
    };
    void bad;
    const faults = {} as FakeFaults;
    const use = () => {
      // @ts-expect-error 200 is not an error status
      faults.next(1, { status: 200 });
      // @ts-expect-error network faults are { network: true }
      faults.next(1, { network: false });
      // @ts-expect-error stall takes options, not a number
      faults.stall(100);
    };
    void use;
    expectTypeOf<503>().toMatchTypeOf<FaultStatus>();
  });
});

describe('this file', () => {
  it('type-checks: the positives compile and every @ts-expect-error line is an error', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const workdir = `${root}.cache/testing-types`;
    await mkdir(workdir, { recursive: true });
    await writeFile(
      `${workdir}/tsconfig.json`,
      JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true }, include: ['../../test/testing/types.test.ts'] }),
    );
    const result = await promisify(execFile)(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', `${workdir}/tsconfig.json`]).then(
      () => '',
      (error: { stdout: string; stderr: string }) => error.stdout + error.stderr,
    );
    expect(result).toBe('');
  }, 120_000);
});
