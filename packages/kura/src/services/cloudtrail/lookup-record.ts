// The audit log's records (CloudTrail event records, gateway/audit.ts) as LookupEvents answers them:
// which lookup attribute an event matches, and the Events[] entry made from it. The records are read
// as untrusted JSON (a file an operator could edit): every field is checked for its type before use.
//
// Two things LookupEvents adds to the record it returns as CloudTrailEvent, as CloudTrail does:
// - errorCode `AccessDenied` for a denial, whatever the service's own code (AccessDeniedException):
//   CloudTrail records every authorization failure so; the audit log keeps the code the client saw.
// - `resources`: the ARNs the request's authorization decisions named, typed (AWS::SSM::Parameter…).

export type LookupKey = 'EventId' | 'EventName' | 'ReadOnly' | 'Username' | 'ResourceType' | 'ResourceName' | 'EventSource' | 'AccessKeyId';

export interface LookupAttribute {
  key: LookupKey;
  value: string;
}

/** A record's fields LookupEvents reads. */
export interface TrailRecord {
  raw: Record<string, unknown>;
  eventId?: string;
  eventName?: string;
  eventSource?: string;
  eventTime?: Date;
  readOnly?: boolean;
  accessKeyId?: string;
  username?: string;
  resources: { type?: string; arn: string }[];
}

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);
const obj = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);

/** CloudTrail's resource types, by ARN service and resource kind (the ARN's resource part up to `/` or `:`). */
const RESOURCE_TYPES: ReadonlyMap<string, string> = new Map([
  ['ssm parameter', 'AWS::SSM::Parameter'],
  ['kms key', 'AWS::KMS::Key'],
  ['kms alias', 'AWS::KMS::Alias'],
  ['secretsmanager secret', 'AWS::SecretsManager::Secret'],
  ['iam user', 'AWS::IAM::User'],
  ['iam role', 'AWS::IAM::Role'],
  ['iam group', 'AWS::IAM::Group'],
  ['iam policy', 'AWS::IAM::Policy'],
  ['sts assumed-role', 'AWS::STS::AssumedRole'],
]);

/** The ARN's CloudTrail resource type, when Kura serves that kind of resource. */
export function resourceType(arn: string): string | undefined {
  const [, , service, , , rest = ''] = arn.split(':');
  const kind = service === 'secretsmanager' ? rest : rest.split('/')[0];
  return RESOURCE_TYPES.get(`${service} ${kind}`);
}

/** The resources the decisions named: each ARN once, in order, `*` left out. */
function resourcesOf(raw: Record<string, unknown>): TrailRecord['resources'] {
  const decisions = obj(raw.additionalEventData)?.authorization;
  const arns = new Set<string>();
  if (Array.isArray(decisions)) {
    for (const decision of decisions) {
      const named = obj(decision)?.resources;
      if (Array.isArray(named)) for (const arn of named) if (typeof arn === 'string' && arn.startsWith('arn:')) arns.add(arn);
    }
  }
  return [...arns].map((arn) => ({ type: resourceType(arn), arn }));
}

/** CloudTrail's user name: the IAM user's, or an assumed role's session name. */
function usernameOf(identity: Record<string, unknown> | undefined): string | undefined {
  if (!identity) return undefined;
  const userName = str(identity.userName);
  if (userName !== undefined) return userName;
  const arn = str(identity.arn);
  return identity.type === 'AssumedRole' && arn ? arn.slice(arn.lastIndexOf('/') + 1) : undefined;
}

/** The record's fields, or undefined when the text is not a record (a damaged line). */
export function readRecord(parsed: unknown): TrailRecord | undefined {
  const raw = obj(parsed);
  if (!raw) return undefined;
  const identity = obj(raw.userIdentity);
  const time = str(raw.eventTime);
  const eventTime = time !== undefined ? new Date(time) : undefined;
  return {
    raw,
    eventId: str(raw.eventID),
    eventName: str(raw.eventName),
    eventSource: str(raw.eventSource),
    eventTime: eventTime && !Number.isNaN(eventTime.getTime()) ? eventTime : undefined,
    readOnly: typeof raw.readOnly === 'boolean' ? raw.readOnly : undefined,
    accessKeyId: identity ? str(identity.accessKeyId) : undefined,
    username: usernameOf(identity),
    resources: resourcesOf(raw),
  };
}

/** Whether the record matches the lookup attribute (values compare exactly, as CloudTrail's do). */
export function matches(record: TrailRecord, attribute: LookupAttribute | undefined): boolean {
  if (!attribute) return true;
  const { key, value } = attribute;
  switch (key) {
    case 'EventId':
      return record.eventId === value;
    case 'EventName':
      return record.eventName === value;
    case 'EventSource':
      return record.eventSource === value;
    case 'ReadOnly':
      return record.readOnly !== undefined && String(record.readOnly) === value;
    case 'Username':
      return record.username === value;
    case 'AccessKeyId':
      return record.accessKeyId === value;
    case 'ResourceType':
      return record.resources.some((r) => r.type === value);
    case 'ResourceName':
      return record.resources.some((r) => r.arn === value || namesOf(r.arn).includes(value));
  }
}

/**
 * A resource's names without its ARN: `alias/x`, a secret's name with its suffix, a parameter's
 * name with and without the leading slash (its ARN has one slash either way).
 */
function namesOf(arn: string): string[] {
  const rest = arn.split(':').slice(5).join(':');
  if (rest.startsWith('parameter/')) return [rest.slice('parameter/'.length), rest.slice('parameter'.length)];
  if (rest.startsWith('secret:')) return [rest.slice('secret:'.length)];
  return [rest];
}

/** The Events[] entry for a record, with CloudTrailEvent as CloudTrail words it. */
export function lookupEvent(record: TrailRecord): Record<string, unknown> {
  const event: Record<string, unknown> = { ...record.raw };
  if (event.errorCode === 'AccessDeniedException') event.errorCode = 'AccessDenied';
  if (record.resources.length > 0) event.resources = record.resources.map((r) => ({ ARN: r.arn, accountId: r.arn.split(':')[4], ...(r.type ? { type: r.type } : {}) }));
  return {
    EventId: record.eventId,
    EventName: record.eventName,
    ReadOnly: record.readOnly === undefined ? undefined : String(record.readOnly),
    AccessKeyId: record.accessKeyId,
    EventTime: record.eventTime,
    EventSource: record.eventSource,
    Username: record.username,
    Resources: record.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.arn })),
    CloudTrailEvent: JSON.stringify(event),
  };
}
