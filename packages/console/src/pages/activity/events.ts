// LookupEvents' Events[] as the Activity page reads them. CloudTrailEvent is the record as JSON
// text; it is read as untrusted (any member may be missing or of another type) and kept whole for
// the expanded row. The page shows only what the server sent: the server leaves values out of every
// record (requestParameters redacted, responseElements null), and nothing here adds any.

export type Decision = 'allowed' | 'denied' | 'error';

/** One entry of LookupEvents' Events[], as the JSON protocol delivers it. */
export interface LookupEntry {
  EventId?: string;
  EventName?: string;
  EventSource?: string;
  /** Epoch seconds. */
  EventTime?: number;
  Username?: string;
  AccessKeyId?: string;
  CloudTrailEvent?: string;
}

export interface ActivityEvent {
  id: string;
  /** Epoch milliseconds, when known. */
  time?: number;
  eventName?: string;
  eventSource?: string;
  /** `ssm:GetParameter`: the IAM action's spelling, which people filter by. */
  action: string;
  principalArn?: string;
  /** A short name for the principal: `user/ci`, `assumed-role/console-admin/alice`, or the key of an unknown caller. */
  principalLabel: string;
  sessionIssuerArn?: string;
  accessKeyId?: string;
  decision: Decision;
  errorCode?: string;
  /** AWS's own words for the refusal, verbatim (the server keeps only messages that quote no input). */
  errorMessage?: string;
  /** The ARNs of the resources the request's authorization named. */
  resources: string[];
  sourceIp?: string;
  /** The record, formatted, for the expanded row. */
  recordText: string;
}

const str = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** CloudTrail writes `AccessDenied` for every authorization failure; a service may say `AccessDeniedException`. */
export function decisionOf(errorCode: string | undefined): Decision {
  if (errorCode === undefined) return 'allowed';
  return errorCode.startsWith('AccessDenied') ? 'denied' : 'error';
}

/** `ssm.amazonaws.com` + `GetParameter` → `ssm:GetParameter`. */
export function actionOf(source: string | undefined, name: string | undefined): string {
  const service = source?.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : source;
  if (service && name) return `${service}:${name}`;
  return name ?? service ?? '(unknown)';
}

/** An ARN's part after the account: `user/ci`, `parameter/app/db`, `key/1234…`. */
export function shortArn(arn: string): string {
  const parts = arn.split(':');
  return parts.length >= 6 ? parts.slice(5).join(':') : arn;
}

function parseRecord(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    return obj(JSON.parse(text));
  } catch {
    return undefined;
  }
}

export function readEvent(entry: LookupEntry): ActivityEvent {
  const record = parseRecord(entry.CloudTrailEvent);
  const identity = obj(record?.userIdentity);
  const issuer = obj(obj(identity?.sessionContext)?.sessionIssuer);
  const eventName = entry.EventName ?? str(record?.eventName);
  const eventSource = entry.EventSource ?? str(record?.eventSource);
  const recordTime = str(record?.eventTime);
  const time = typeof entry.EventTime === 'number' ? entry.EventTime * 1000 : recordTime !== undefined ? Date.parse(recordTime) : undefined;
  const principalArn = str(identity?.arn);
  const accessKeyId = entry.AccessKeyId ?? str(identity?.accessKeyId);
  const errorCode = str(record?.errorCode);
  const resources = Array.isArray(record?.resources) ? record.resources.flatMap((r) => str(obj(r)?.ARN) ?? []) : [];
  const event: ActivityEvent = {
    id: entry.EventId ?? str(record?.eventID) ?? `${time ?? 0}-${Math.random()}`,
    action: actionOf(eventSource, eventName),
    principalLabel: principalArn ? shortArn(principalArn) : identity?.type === 'Unknown' || !identity ? `unknown caller${accessKeyId ? ` (${accessKeyId})` : ''}` : String(identity.type),
    decision: decisionOf(errorCode),
    resources,
    recordText: record ? JSON.stringify(record, null, 2) : (entry.CloudTrailEvent ?? ''),
  };
  if (time !== undefined && !Number.isNaN(time)) event.time = time;
  if (eventName !== undefined) event.eventName = eventName;
  if (eventSource !== undefined) event.eventSource = eventSource;
  if (principalArn !== undefined) event.principalArn = principalArn;
  const issuerArn = str(issuer?.arn);
  if (issuerArn !== undefined) event.sessionIssuerArn = issuerArn;
  if (accessKeyId !== undefined) event.accessKeyId = accessKeyId;
  if (errorCode !== undefined) event.errorCode = errorCode;
  const errorMessage = str(record?.errorMessage);
  if (errorMessage !== undefined) event.errorMessage = errorMessage;
  const sourceIp = str(record?.sourceIPAddress);
  if (sourceIp !== undefined) event.sourceIp = sourceIp;
  return event;
}
