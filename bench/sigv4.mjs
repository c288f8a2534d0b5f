// A small SigV4 signer (header form) for AWS JSON 1.1 POSTs to `/`. Hand-written on node:crypto so
// that the Node clients of the benchmark spend as little CPU as possible per call; run.mjs checks it
// once against @smithy/signature-v4 when that package is installed.
import { createHash, createHmac } from 'node:crypto';

export const CONTENT_TYPE = 'application/x-amz-json-1.1';

const sha256hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();

/** `20261128T141549Z` */
export function amzDate(now = new Date()) {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function createSigner({ accessKeyId, secretAccessKey, region, service }) {
  const keys = new Map(); // yyyymmdd -> signing key
  const signingKey = (day) => {
    let key = keys.get(day);
    if (!key) {
      key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, day), region), service), 'aws4_request');
      keys.set(day, key);
    }
    return key;
  };

  /**
   * Signs a POST / with the given body and X-Amz-Target. Returns the headers to send (names in their
   * usual capitalisation): Host, Content-Type, X-Amz-Target, X-Amz-Date, Authorization.
   */
  return function sign({ host, target, body, date = amzDate() }) {
    const day = date.slice(0, 8);
    const scope = `${day}/${region}/${service}/aws4_request`;
    const signed = [
      ['content-type', CONTENT_TYPE],
      ['host', host],
      ['x-amz-date', date],
      ['x-amz-target', target],
    ]; // already sorted by name
    const signedHeaders = signed.map(([name]) => name).join(';');
    const canonical = [
      'POST',
      '/',
      '',
      ...signed.map(([name, value]) => `${name}:${value}`),
      '',
      signedHeaders,
      sha256hex(body),
    ].join('\n');
    const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256hex(canonical)].join('\n');
    const signature = createHmac('sha256', signingKey(day)).update(stringToSign).digest('hex');
    return {
      Host: host,
      'Content-Type': CONTENT_TYPE,
      'X-Amz-Target': target,
      'X-Amz-Date': date,
      Authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    };
  };
}

/** The same request as raw HTTP/1.1 bytes, for wrk to replay. */
export function rawRequest(headers, body) {
  const lines = ['POST / HTTP/1.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`, '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n')), Buffer.from(body)]);
}

/**
 * Cross-checks the signer against @smithy/signature-v4 (when installed): `{ checked, mismatch }`,
 * where mismatch is null when both give the same Authorization header.
 */
export async function crossCheckWithSmithy() {
  let SignatureV4, HttpRequest, Hash;
  try {
    ({ SignatureV4 } = await import('@smithy/signature-v4'));
    ({ HttpRequest } = await import('@smithy/protocol-http'));
    ({ Hash } = (await import('@smithy/hash-node')).default ?? (await import('@smithy/hash-node')));
  } catch {
    return { checked: false, mismatch: null };
  }
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  const when = new Date('2026-01-02T03:04:05Z');
  const body = JSON.stringify({ Name: '/bench/one', WithDecryption: true });
  const host = '127.0.0.1:4566';
  const target = 'AmazonSSM.GetParameter';
  const ours = createSigner({ ...credentials, region: 'us-east-1', service: 'ssm' })({ host, target, body, date: amzDate(when) });
  const smithy = new SignatureV4({ credentials, region: 'us-east-1', service: 'ssm', sha256: Hash.bind(null, 'sha256'), applyChecksum: false });
  const request = new HttpRequest({
    method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: 4566, path: '/',
    headers: { host, 'content-type': CONTENT_TYPE, 'x-amz-target': target }, body,
  });
  const signed = await smithy.sign(request, { signingDate: when });
  const theirs = signed.headers.authorization ?? signed.headers.Authorization;
  return { checked: true, mismatch: theirs === ours.Authorization ? null : `ours: ${ours.Authorization}\nsmithy: ${theirs}` };
}
