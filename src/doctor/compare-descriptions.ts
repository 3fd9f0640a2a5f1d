/**
 * The server's own descriptions (the public app's `/openapi.json` and the admin app's)
 * against the contract the client was built from: routes and methods, the parameters
 * the client sends, and the answers it reads. Pure: no I/O, so every rule is tested on
 * edited documents (test/doctor/compare-descriptions.test.ts).
 *
 * Routes are matched by method and path with parameter names ignored (`{run_id}` and
 * `{runId}` are the same route: the client fills them by position).
 */
import type { Contract, ContractOperation, ContractParameter } from '../generated/contract.js';
import type { Finding } from './findings.js';
import { compareSchemas, resolverFor, schemaLabel, type SchemaNode } from './schema-compat.js';

/** The part of an OpenAPI document this reads. */
export interface OpenApiDescription {
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { schemas?: Record<string, unknown> };
}

interface DescribedOperation {
  path: string;
  method: string;
  parameters: Array<{ name: string; in: string; required: boolean }>;
  responses: Record<string, { content?: Record<string, { schema?: SchemaNode }> } | undefined>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const PARAMETER_LOCATIONS = ['query', 'header'] as const;

export interface Descriptions {
  public: OpenApiDescription;
  admin: OpenApiDescription;
  /** How the admin app's paths are shown in findings (its mount point, e.g. `/admin`). */
  adminPrefix: string;
}

export function compareDescriptions(contract: Contract, descriptions: Descriptions): Finding[] {
  const findings: Finding[] = [];
  const served = {
    public: operationsOf(descriptions.public),
    admin: operationsOf(descriptions.admin),
  };
  const contractResolve = resolverFor(contract.schemas);
  const matched = new Set<DescribedOperation>();
  const shown = (operation: ContractOperation) =>
    `${operation.method.toUpperCase()} ${operation.app === 'admin' ? descriptions.adminPrefix + operation.appPath : operation.path}`;

  for (const operation of contract.operations) {
    const subject = shown(operation);
    const onServer = served[operation.app].get(routeKey(operation.method, operation.appPath));
    const where = operation.app === 'admin' ? "the admin app's /openapi.json" : "the server's /openapi.json";
    if (!onServer) {
      const otherMethods = [...served[operation.app].values()]
        .filter((candidate) => normalizePath(candidate.path) === normalizePath(operation.appPath))
        .map((candidate) => candidate.method.toUpperCase());
      const also = otherMethods.length > 0 ? ` (it lists the path with ${otherMethods.join(', ')} only)` : '';
      findings.push(
        operation.calledByClient
          ? { outcome: 'drift', check: 'route', subject, message: `the client calls this route, but ${where} does not list it${also}` }
          : { outcome: 'note', check: 'route', subject, message: `in the contract but not listed by ${where}; the client does not call it` },
      );
      continue;
    }
    matched.add(onServer);
    if (!operation.calledByClient) continue;

    const details: string[] = [];
    findings.push(...compareParameters(subject, operation.parameters, onServer, details));
    for (const response of operation.responses) {
      const label = schemaLabel(response.schema, `${operation.operationId} ${response.status}`);
      const responseSubject = `${subject} ${response.status} ${label}`;
      const serverSchema = onServer.responses[response.status]?.content?.['application/json']?.schema;
      if (onServer.responses[response.status] === undefined) {
        // FastAPI lists the statuses a route declares; an answer it does not list is simply not described.
        findings.push({ outcome: 'note', check: 'schema', subject: responseSubject, message: `the server's description lists no ${response.status} answer; its fields are not checked` });
        continue;
      }
      const comparison = compareSchemas(
        { schema: response.schema, resolve: contractResolve },
        { schema: serverSchema, resolve: resolverFor(serverDocument(descriptions, operation).components?.schemas) },
        label,
        response.unstatedByPyFlue,
      );
      for (const problem of comparison.problems) {
        findings.push({ outcome: 'drift', check: 'schema', subject: `${subject} ${response.status} ${problem.field}`, message: problem.message });
      }
      if (!comparison.stated || (comparison.checkedFields === 0 && comparison.problems.length === 0)) {
        details.push(`${response.status} ${label}: fields not stated by the server, not checked`);
      } else if (comparison.problems.length === 0) {
        details.push(`${response.status} ${label}: ${plural(comparison.checkedFields, 'required field')} compatible`);
      }
      if (comparison.knownUnstated.length > 0) {
        // Not a note of its own: every PyFlue 0.2.0 server would raise it, and the ok row says it.
        details.push(`${comparison.knownUnstated.join(', ')} not stated by the server (nor by PyFlue 0.2.0), not checked`);
      }
    }
    findings.push({ outcome: 'ok', check: 'route', subject, message: ['listed', ...details].join('; ') });
  }

  for (const app of ['public', 'admin'] as const) {
    for (const operation of served[app].values()) {
      if (matched.has(operation)) continue;
      const path = app === 'admin' ? descriptions.adminPrefix + operation.path : operation.path;
      findings.push({ outcome: 'note', check: 'route', subject: `${operation.method.toUpperCase()} ${path}`, message: 'served, but not in the contract this client was built from (the client does not call it)' });
    }
  }
  return findings;
}

function compareParameters(subject: string, sent: ContractParameter[], onServer: DescribedOperation, details: string[]): Finding[] {
  const findings: Finding[] = [];
  for (const location of PARAMETER_LOCATIONS) {
    const ours = sent.filter((parameter) => parameter.in === location);
    const theirs = onServer.parameters.filter((parameter) => parameter.in === location);
    const same = (a: string, b: string) => (location === 'header' ? a.toLowerCase() === b.toLowerCase() : a === b);
    if (theirs.length === 0) {
      // FastAPI lists only the parameters a route declares in its signature; PyFlue reads these from the request.
      if (ours.length > 0) details.push(`${location} parameters ${ours.map((parameter) => parameter.name).join(', ')} not described by the server, not checked`);
      continue;
    }
    for (const parameter of ours) {
      if (theirs.some((candidate) => same(candidate.name, parameter.name))) continue;
      findings.push({
        outcome: 'drift',
        check: 'parameter',
        subject: `${subject} ${location} ${parameter.name}`,
        message: `the client sends ${location} parameter "${parameter.name}", which the server's description no longer lists (it lists ${theirs.map((candidate) => candidate.name).join(', ')})`,
      });
    }
    for (const parameter of theirs) {
      if (!parameter.required || ours.some((candidate) => same(candidate.name, parameter.name))) continue;
      findings.push({
        outcome: 'drift',
        check: 'parameter',
        subject: `${subject} ${location} ${parameter.name}`,
        message: `the server requires ${location} parameter "${parameter.name}", which the client does not send`,
      });
    }
  }
  return findings;
}

function serverDocument(descriptions: Descriptions, operation: ContractOperation): OpenApiDescription {
  return operation.app === 'admin' ? descriptions.admin : descriptions.public;
}

function operationsOf(document: OpenApiDescription): Map<string, DescribedOperation> {
  const operations = new Map<string, DescribedOperation>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (item === null || typeof item !== 'object') continue;
    const shared = asParameters(item.parameters);
    for (const method of METHODS) {
      const operation = item[method] as { parameters?: unknown; responses?: unknown } | undefined;
      if (operation === null || typeof operation !== 'object') continue;
      operations.set(routeKey(method, path), {
        path,
        method,
        parameters: [...shared, ...asParameters(operation.parameters)],
        responses: (operation.responses !== null && typeof operation.responses === 'object' ? operation.responses : {}) as DescribedOperation['responses'],
      });
    }
  }
  return operations;
}

function asParameters(value: unknown): DescribedOperation['parameters'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((parameter): parameter is { name: unknown; in: unknown; required?: unknown } => parameter !== null && typeof parameter === 'object')
    .map((parameter) => ({ name: String(parameter.name), in: String(parameter.in), required: parameter.required === true }));
}

function normalizePath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').replace(/(.)\/+$/, '$1');
}

function routeKey(method: string, path: string): string {
  return `${method.toLowerCase()} ${normalizePath(path)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
