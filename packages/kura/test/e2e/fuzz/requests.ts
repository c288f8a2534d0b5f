// One fuzzed request from (seed, index): which service, operation and caller, a valid input from
// the model, mutations of it, and now and then a mutation of the body or headers themselves
// (truncated JSON, a BOM, a doubled Action, a wrong Version, invalid percent-encoding…). The
// request is returned unsigned: the runner signs it just before sending, so it always passes
// authentication and reaches decoding, authorization and the handler.

import { builtInServices } from '../../../src/gateway/services.js';
import { operationNames } from '../../../src/wire/model.js';
import type { ServiceEntry } from '../../../src/gateway/types.js';
import { encodeJson, formBody, queryPairs, Raw, urlSafe, type FormPair } from './encode.js';
import { mutateInput } from './mutate.js';
import type { FuzzWorld } from './pools.js';
import { Random } from './random.js';
import { validInput } from './values.js';

export type Caller = 'admin' | 'low' | 'session';

export interface FuzzRequest {
  seed: number;
  index: number;
  service: string;
  /** The signing name the request is signed for (another service's now and then). */
  signingService: string;
  protocol: 'json' | 'query';
  operation: string;
  implemented: boolean;
  caller: Caller;
  method: 'POST' | 'GET';
  /** GET only: the parameters, put in the signed URL. */
  query?: Record<string, string>;
  headers: Record<string, string>;
  body: Buffer;
  mutations: string[];
}

interface OperationChoice {
  entry: ServiceEntry;
  name: string;
  implemented: boolean;
}

const SERVICE_WEIGHTS = { ssm: 3, kms: 3, iam: 3, secretsmanager: 2, sts: 1 } as const;

function chooseOperation(rng: Random): OperationChoice {
  const signingName = rng.weighted(SERVICE_WEIGHTS);
  const entry = builtInServices.find((s) => s.signingName === signingName) as ServiceEntry;
  const implemented = Object.keys(entry.operations);
  // Operations of the model that Kura does not implement answer 501 by design; a few are tried
  // to check that they still decode and refuse cleanly.
  if (rng.chance(0.03)) {
    const missing = operationNames(entry.model).filter((n) => !implemented.includes(n));
    if (missing.length > 0) return { entry, name: rng.pick(missing), implemented: false };
  }
  return { entry, name: rng.pick(implemented), implemented: true };
}

export function fuzzRequest(world: FuzzWorld, seed: number, index: number): FuzzRequest {
  const rng = new Random(seed, index);
  const { entry, name, implemented } = chooseOperation(rng);
  const gen = { model: entry.model, world, rng };
  const inputShape = entry.model.operations[name]?.input?.shape;
  const valid = validInput(gen, name);
  const mutationCount = rng.chance(0.15) ? 0 : rng.int(1, 3);
  const { input, applied } = mutateInput(gen, inputShape, valid, mutationCount);
  const caller = rng.weighted({ admin: 11, low: 6, session: 3 });
  const base = { seed, index, service: entry.signingName, signingService: entry.signingName, operation: name, implemented, caller, mutations: applied };
  if (entry.model.metadata.protocol === 'json') {
    const headers = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${entry.targetPrefix}.${name}` };
    const request: FuzzRequest = { ...base, protocol: 'json', method: 'POST', headers, body: encodeJson(input) };
    if (rng.chance(0.08)) mutateJsonFrame(rng, request);
    return request;
  }
  const pairs: FormPair[] = [['Action', name], ['Version', entry.model.metadata.apiVersion]];
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) pairs.push(...queryPairs(entry.model, inputShape, input as Record<string, unknown>));
  else pairs.push(['', String(input)]);
  const request: FuzzRequest = { ...base, protocol: 'query', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: Buffer.alloc(0) };
  if (rng.chance(0.1)) mutateQueryFrame(rng, request, pairs);
  // A GET carries its parameters in the signed URL, as a presigned GetCallerIdentity does.
  // Short ones only: node refuses a request line over 16 KiB itself (431, or a reset while the
  // client still writes), before Kura sees it; and the SDK signer is quadratic in the parameters.
  const short = pairs.length <= 64 && pairs.reduce((n, [k, v]) => n + k.length + String(v).length, 0) <= 4000;
  if (rng.chance(0.07) && short && pairs.every(([, v]) => urlSafe(v))) {
    request.method = 'GET';
    request.query = Object.fromEntries(pairs as [string, string][]);
    request.headers = {};
  } else {
    request.body = formBody(pairs);
  }
  return request;
}

function mutateJsonFrame(rng: Random, request: FuzzRequest): void {
  const body = request.body;
  const kind = rng.pick(['empty', 'literal', 'truncated', 'trailing', 'bom', 'duplicateKey', 'comment', 'whitespace', 'badPrefix', 'contentType', 'target']);
  switch (kind) {
    case 'empty':
      request.body = Buffer.alloc(0);
      break;
    case 'literal':
      request.body = Buffer.from(rng.pick(['null', '[]', '"x"', '42', 'true', '{', '}', '[{}]', '{"":""}', 'NaN']));
      break;
    case 'truncated':
      request.body = body.subarray(0, rng.int(0, Math.max(0, body.length - 1)));
      break;
    case 'trailing':
      request.body = Buffer.concat([body, Buffer.from(rng.pick(['}', ' x', '{}', '\u0000', ',']))]);
      break;
    case 'bom':
      request.body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
      break;
    case 'duplicateKey': {
      const member = rng.pick(['Name', 'KeyId', 'Path', 'CiphertextBlob', 'Names', '__proto__']);
      request.body = Buffer.concat([Buffer.from(`{"${member}":${rng.pick(['"/prod/db/password"', 'null', '{}', '1'])},`), body.subarray(1)]);
      break;
    }
    case 'comment':
      request.body = Buffer.concat([Buffer.from('/* c */'), body]);
      break;
    case 'whitespace':
      request.body = Buffer.concat([Buffer.from(' \n\t'.repeat(rng.int(1, 20_000))), body]);
      break;
    case 'badPrefix':
      request.body = Buffer.concat([Buffer.from([rng.pick([0xff, 0xfe, 0x00, 0xc0])]), body]);
      break;
    case 'contentType':
      request.headers['content-type'] = rng.pick(['application/x-amz-json-1.0', 'application/json', 'application/x-amz-json-1.1; charset=utf-8', 'APPLICATION/X-AMZ-JSON-1.1', 'text/plain', '', 'application/x-www-form-urlencoded']);
      break;
    default: {
      const target = request.headers['x-amz-target'] ?? '';
      request.headers['x-amz-target'] = rng.pick([target.toLowerCase(), `${target} `, `${target}.x`, target.split('.')[1] ?? '', `TrentService.${request.operation}`, `AmazonSSM.${request.operation}`, '.', 'AmazonSSM.__proto__', 'TrentService.constructor']);
    }
  }
  request.mutations.push(`frame: ${kind}`);
}

function mutateQueryFrame(rng: Random, request: FuzzRequest, pairs: FormPair[]): void {
  const kind = rng.pick(['noVersion', 'badVersion', 'doubleAction', 'oddAction', 'badIndex', 'badPercent', 'longKey', 'emptyPairs', 'otherScope', 'contentType']);
  switch (kind) {
    case 'noVersion':
      pairs.splice(1, 1);
      break;
    case 'badVersion':
      pairs[1] = ['Version', rng.pick(['2099-01-01', '2011-06-15', '2010-05-08', '', 'latest'])];
      break;
    case 'doubleAction':
      pairs.push(['Action', rng.pick(['CreateUser', 'GetCallerIdentity', 'DeleteRole', request.operation])]);
      break;
    case 'oddAction':
      pairs[0] = ['Action', rng.pick([request.operation.toLowerCase(), `${request.operation} `, '__proto__', 'constructor', 'toString', '', 'KuraAssumeRoleAsService'])];
      break;
    case 'badIndex': {
      const list = pairs.find(([k]) => /\.member\.\d+$/.test(k));
      const base = list ? list[0].replace(/\.\d+$/, '') : 'Tags.member';
      pairs.push([`${base}.${rng.pick(['0', '-1', '01', '4294967296', '999999999', '1e3', 'x', ''])}`, 'value']);
      break;
    }
    case 'badPercent': {
      const text = rng.pick(['%', '%zz', '%E0%A4', '%FF', '%ED%A0%80', '%00', '%C0%AF', 'a%2', '%%']);
      pairs.push([rng.pick(['Name', 'UserName', 'RoleArn', 'PolicyDocument', 'Action']), new Raw(Buffer.from(text), text, text)]);
      break;
    }
    case 'longKey':
      pairs.push([`${'a.'.repeat(rng.pick([100, 5000]))}b`, 'x']);
      break;
    case 'emptyPairs':
      pairs.push(['', ''], ['=', '='], ['&', '&']);
      break;
    case 'otherScope':
      request.signingService = request.service === 'iam' ? 'sts' : 'iam';
      break;
    default:
      request.headers['content-type'] = rng.pick(['application/x-www-form-urlencoded', 'text/plain', 'application/json', '', 'multipart/form-data']);
  }
  request.mutations.push(`frame: ${kind}`);
}
