/**
 * Renders src/generated/channels.ts: the frames of every channel the client reads, from
 * both specs, for the lazy chunks (streams, sockets) to dispatch by:
 *
 * - SSE streams (spec/openapi.yaml): each response's `x-sse-events` (event name -> data
 *   schema; `*` stands for the `type`s of its schema's union members), `x-sse-ends` (the
 *   frame types after which the stream is over) and `x-sse-errors` (the event names that
 *   carry the server's error report);
 * - sockets (spec/asyncapi.yaml): the messages each channel's receive operations list
 *   (a union payload such as `RunEvent` stands for its members), and the ones marked
 *   `x-ends-channel`.
 *
 * Each known frame type has its component schema (for its camelCase names) and a guard
 * generated from that schema (required keys, consts, JSON types), so a type the spec adds
 * is dispatched as itself after `npm run generate`, with no change to the client's code.
 */
import { GUARD_HELPERS, lowerFirst, renderLiteral, toShape, type JsonValue } from '../asyncapi-emitter.js';
import {
  HTTP_METHODS,
  asArray,
  asObject,
  componentSchemas,
  inlined,
  refResolver,
  schemaRefName,
  typeConst,
  unionMembers,
  type JsonObject,
  type Specs,
} from './spec.js';

interface ChannelTable {
  /** Where the channel is in the specs, for the doc comment. */
  where: string;
  /** True when a frame's type is its SSE event name (the data has no `type`). */
  byEvent: boolean;
  ends: string[];
  /** Frame type -> component schema. */
  frames: Record<string, string>;
}

export function renderChannelsModule(specs: Specs): string {
  const { openapi } = specs;
  const resolve = refResolver(specs);
  const schemas = componentSchemas(openapi);
  const channels: Record<string, ChannelTable> = {};
  const errorEvents = new Set<string>();

  /** A frame schema -> the frame types it stands for: its `type`, or its union members' (by component). */
  const framesOf = (schemaNode: unknown, fallbackType: string | undefined, where: string): Record<string, string> => {
    const name = schemaRefName(schemaNode as JsonObject);
    if (name === undefined) return {};
    const schema = asObject(schemas[name]);
    const members = unionMembers(schema);
    if (members.length > 0) {
      return Object.assign({}, ...members.map((member) => framesOf(member, undefined, `${where} (${name})`))) as Record<string, string>;
    }
    const type = typeConst(schema) ?? fallbackType;
    if (type === undefined) return {};
    return { [type]: name };
  };

  // SSE streams.
  for (const [path, rawItem] of Object.entries(asObject(openapi.paths))) {
    for (const method of HTTP_METHODS) {
      const operation = asObject(asObject(rawItem)[method]);
      for (const [status, response] of Object.entries(asObject(operation.responses))) {
        const stream = asObject(asObject(resolve(response).content)['text/event-stream']);
        const events = asObject(stream['x-sse-events']);
        if (Object.keys(events).length === 0) continue;
        const operationId = String(operation.operationId);
        const where = `spec/openapi.yaml ${method.toUpperCase()} ${path} ${status}`;
        const errors = asArray(stream['x-sse-errors']).map(String);
        for (const event of errors) errorEvents.add(event);
        const frames: Record<string, string> = {};
        let withType = 0;
        let withoutType = 0;
        for (const [event, schema] of Object.entries(events)) {
          if (errors.includes(event)) continue;
          const name = schemaRefName(schema);
          const own = name === undefined ? undefined : asObject(schemas[name]);
          // `*` stands for "any other event"; how the keyed frames name themselves decides.
          if (own && event !== '*' && unionMembers(own).length === 0) {
            if (typeConst(own) === undefined) withoutType += 1;
            else withType += 1;
          }
          Object.assign(frames, framesOf(schema, event === '*' ? undefined : event, where));
        }
        if (withType > 0 && withoutType > 0) throw new Error(`runtime tables: ${where}: some frames carry their \`type\` and some do not; a stream names its frames one way`);
        const ends = asArray(stream['x-sse-ends']).map(String);
        if (ends.length === 0) throw new Error(`runtime tables: ${where}: x-sse-ends lists no frame type; say which frames end the stream`);
        for (const end of ends) {
          if (!(end in frames)) throw new Error(`runtime tables: ${where}: x-sse-ends names "${end}", which is none of the stream's frame types`);
        }
        channels[operationId] = { where, byEvent: withoutType > 0, ends, frames };
      }
    }
  }

  // Socket channels: what the server sends (receive operations, from the client's side).
  const { asyncapi } = specs;
  const socketChannels: string[] = [];
  for (const rawOperation of Object.values(asObject(asyncapi.operations))) {
    const operation = asObject(rawOperation);
    if (operation.action !== 'receive') continue;
    const channelRef = String(asObject(operation.channel).$ref ?? '');
    const channel = /^#\/channels\/([^/]+)$/.exec(channelRef)?.[1];
    if (channel === undefined) throw new Error(`runtime tables: an asyncapi receive operation's channel is not a #/channels/ reference: ${channelRef}`);
    if (!socketChannels.includes(channel)) socketChannels.push(channel);
    const table = (channels[channel] ??= { where: `spec/asyncapi.yaml#/channels/${channel}`, byEvent: false, ends: [], frames: {} });
    for (const messageRef of asArray(operation.messages)) {
      const message = resolve(messageRef, 'asyncapi');
      const types = framesOf(message.payload, undefined, table.where);
      if (Object.keys(types).length === 0) throw new Error(`runtime tables: ${table.where}: a message's payload has no literal \`type\`, so frames of it cannot be told apart`);
      Object.assign(table.frames, types);
      if (message['x-ends-channel'] === true) table.ends.push(...Object.keys(types));
    }
  }

  const guarded = [...new Set(Object.values(channels).flatMap((channel) => Object.values(channel.frames)))].sort();
  const socketSchemas = [...new Set(socketChannels.flatMap((name) => Object.values(channels[name]!.frames)))].sort();
  // Unions a socket message names (RunEvent) get a guard too: src/generated/asyncapi.ts names its message guards after them.
  const unions = [...new Set(messagePayloads(specs).filter((name) => unionMembers(asObject(schemas[name])).length > 0))].sort();
  const runEnd = asObject(schemas.RunEndData);
  const endStatuses = asArray(asObject(asObject(runEnd.properties).status).enum).map(String);
  if (endStatuses.length === 0) throw new Error('runtime tables: RunEndData.status lists no enum: the statuses a run ends with');

  const sections: string[] = [
    [
      '/**',
      ' * Generated from spec/openapi.yaml and spec/asyncapi.yaml by `npm run generate`',
      ' * (scripts/runtime/channels-emitter.ts). Do not edit: change the specs and regenerate.',
      ' *',
      ' * The frames of every stream and socket the client reads: per channel, each known frame',
      ' * type with its component schema and guard, and the types that end it. The streams and',
      ' * sockets chunks dispatch frames by these tables; a frame type the spec adds is delivered',
      ' * as itself after a regenerate.',
      ' */',
      "import type { components } from './openapi.js';",
    ].join('\n'),
    '// ─── Guards ───────────────────────────────────────────────────────────────',
    `export ${GUARD_HELPERS.replace('function matchesShape', 'export function matchesShape').replace('interface Shape', 'export interface Shape')}`,
  ];
  for (const name of [...guarded, ...unions.filter((name) => !guarded.includes(name))]) {
    const shapeName = `${lowerFirst(name)}Shape`;
    sections.push(
      [
        `const ${shapeName}: Shape = ${renderLiteral(toShape(inlined(openapi, schemas[name]!) as JsonValue, name) as JsonValue)};`,
        '',
        `/** Whether \`value\` has the shape of a \`${name}\` (its required keys, consts and JSON types). */`,
        `export function is${name}(value: unknown): value is components['schemas']['${name}'] {`,
        `  return matchesShape(value, ${shapeName});`,
        '}',
      ].join('\n'),
    );
  }

  sections.push('// ─── Channels ─────────────────────────────────────────────────────────────');
  sections.push(
    [

      '/** One stream or socket as the client reads it. */',
      'export interface Channel {',
      "  /** True when a frame's type is its SSE event name (its data has no `type`). */",
      '  readonly byEvent: boolean;',
      '  /** The frame types after which the stream or socket is over. */',
      '  readonly ends: readonly string[];',
      '  /** Every frame type the spec lists for it, with its component schema (for its camelCase names; `frameGuards` has its guard). */',
      '  readonly frames: { readonly [type: string]: string };',
      '}',
      '',
      '/** Per SSE operation (by operationId) and per socket channel (by its name in spec/asyncapi.yaml). */',
      'export const channels = {',
      ...Object.entries(channels).map(([name, channel]) =>
        [
          `  /** ${channel.where} */`,
          `  ${name}: {`,
          `    byEvent: ${channel.byEvent},`,
          `    ends: [${channel.ends.map((end) => `'${end}'`).join(', ')}],`,
          '    frames: {',
          ...Object.entries(channel.frames).map(([type, schema]) => `      ${/^[A-Za-z_$][\w$]*$/.test(type) ? type : `'${type}'`}: '${schema}',`),
          '    },',
          '  },',
        ].join('\n'),
      ),
      '} as const satisfies { readonly [channel: string]: Channel };',
      '',
      '/** The stream and socket channels. */',
      'export type ChannelName = keyof typeof channels;',
      '',
      "/** The guard of each frame schema: the sockets hold a known frame to its shape (the streams, which import only `channels`, ship none). */",
      `export const frameGuards: { readonly [schema: string]: (value: unknown) => boolean } = { ${socketSchemas.map((name) => `${name}: is${name}`).join(', ')} };`,
      '',
      "/** The `type` of each frame the client sends (spec/asyncapi.yaml's send operations), by message. */",
      `export const sentFrameTypes = { ${sentTypes(specs).map(([message, type]) => `${message}: '${type}'`).join(', ')} } as const;`,
      '',
      "/** The SSE event names that carry the server's error report (`x-sse-errors`): thrown, not yielded. */",
      `export const sseErrorEvents: readonly string[] = [${[...errorEvents].map((event) => `'${event}'`).join(', ')}];`,
      '',
      '/** The statuses a run ends with (the `status` enum of `run_end`\'s data): a run in any other is still going. */',
      `export const runEndStatuses: readonly string[] = [${endStatuses.map((status) => `'${status}'`).join(', ')}];`,
    ].join('\n'),
  );
  return `${sections.join('\n\n')}\n`;
}

/** [message, its payload's `type`] for each message the client sends that has one. */
function sentTypes(specs: Specs): Array<[string, string]> {
  const resolve = refResolver(specs);
  const sent: Array<[string, string]> = [];
  for (const rawOperation of Object.values(asObject(specs.asyncapi.operations))) {
    const operation = asObject(rawOperation);
    if (operation.action !== 'send') continue;
    for (const messageRef of asArray(operation.messages)) {
      const message = resolve(messageRef, 'asyncapi');
      const name = schemaRefName(message.payload);
      const type = name === undefined ? undefined : typeConst(asObject(componentSchemas(specs.openapi)[name]));
      if (name !== undefined && type !== undefined) sent.push([String(message.name ?? name), type]);
    }
  }
  return sent;
}

/** The component each asyncapi message's payload names. */
function messagePayloads({ asyncapi }: Specs): string[] {
  return Object.values(asObject(asObject(asyncapi.components).messages))
    .map((message) => schemaRefName(asObject(message).payload))
    .filter((name): name is string => name !== undefined);
}
