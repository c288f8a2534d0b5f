// The AWS service model as the codecs read it: the botocore JSON from models/, documentation
// stripped (scripts/strip-models.mjs). Only the traits the wire or input validation use are typed;
// the rest of the data stays in the object untouched.

export type ShapeType =
  | 'structure'
  | 'list'
  | 'map'
  | 'string'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'boolean'
  | 'timestamp'
  | 'blob';

/** A reference from a member, list member, map key/value or operation input/output to a shape. */
export interface ShapeRef {
  shape: string;
  locationName?: string;
  flattened?: boolean;
  xmlNamespace?: { uri: string; prefix?: string };
  timestampFormat?: string;
  box?: boolean;
  idempotencyToken?: boolean;
}

export interface Shape {
  type: ShapeType;
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  sensitive?: boolean;
  union?: boolean;
  flattened?: boolean;
  locationName?: string;
  timestampFormat?: string;
  xmlNamespace?: { uri: string; prefix?: string };
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}

export interface Operation {
  name: string;
  http: { method: string; requestUri: string };
  input?: ShapeRef;
  /** Query protocol: `resultWrapper` names the `<OpResult>` element. */
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
  /** `smithy.api#noAuth` for the STS calls that carry no signature (AssumeRoleWithWebIdentity…). */
  auth?: string[];
  authtype?: string;
}

export interface ServiceMetadata {
  apiVersion: string;
  protocol: 'json' | 'query' | 'rest-json' | 'rest-xml' | 'ec2';
  protocols?: string[];
  endpointPrefix: string;
  serviceId: string;
  signingName?: string;
  targetPrefix?: string;
  jsonVersion?: string;
  xmlNamespace?: string;
  globalEndpoint?: string;
  signatureVersion?: string;
  uid?: string;
}

export interface ServiceModel {
  version?: string;
  metadata: ServiceMetadata;
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
  /** Kura's, not botocore's: how the service ends its constraint messages (coral.ts). */
  coralStyle?: CoralStyle;
}

/**
 * How one service's validation layer ends its constraint messages. Most end with the last
 * constraint; SSM's end with a period, except where the service checks a member in its own code
 * (SSM's `Value` length), whose text is recorded without one. Services without a style end bare.
 */
export interface CoralStyle {
  end: string;
  /** A message listing such a violation keeps the bare ending. */
  keepsBare?: (violation: { path: string; constraint: string }) => boolean;
}

/**
 * Accepts the parsed JSON of a models/ file. The files are generated, so this checks only the
 * outline: a typo in a path must fail at start-up, not on the first request.
 */
export function loadModel(json: unknown): ServiceModel {
  const candidate = json as Partial<ServiceModel> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.metadata?.protocol !== 'string' ||
    typeof candidate.operations !== 'object' ||
    typeof candidate.shapes !== 'object'
  ) {
    throw new Error('not an AWS service model (metadata, operations and shapes expected)');
  }
  return candidate as ServiceModel;
}

/** The operation by its exact AWS name, or undefined (the caller answers with its protocol's error). */
export function operation(model: ServiceModel, name: string): Operation | undefined {
  // Own properties only: 'constructor' or '__proto__' must not resolve to something.
  return Object.hasOwn(model.operations, name) ? model.operations[name] : undefined;
}

/** The shape by name. A dangling reference is a broken model file, so it throws. */
export function shape(model: ServiceModel, name: string): Shape {
  const found = Object.hasOwn(model.shapes, name) ? model.shapes[name] : undefined;
  if (found === undefined) throw new Error(`shape ${name} is not in the ${model.metadata.serviceId} model`);
  return found;
}

/** Every operation name in the model, in model order (the gateway registers a handler for each). */
export function operationNames(model: ServiceModel): string[] {
  return Object.keys(model.operations);
}

/** A hand-written correction to one shape, with the evidence that AWS behaves that way. */
export interface ShapeOverlay {
  set: Partial<Pick<Shape, 'min' | 'max' | 'pattern' | 'enum' | 'sensitive'>>;
  why: string;
}

/**
 * The model with overlay traits merged into the named shapes (models/overlay.json): where the
 * published model and the live service disagree, the service wins. A shape that no longer exists
 * throws, so a botocore upgrade cannot silently orphan a correction.
 */
export function withOverlay(model: ServiceModel, overlay: Record<string, ShapeOverlay> = {}): ServiceModel {
  const shapes = { ...model.shapes };
  for (const [name, patch] of Object.entries(overlay)) {
    shapes[name] = { ...shape(model, name), ...patch.set };
  }
  return { ...model, shapes };
}

/** The name the gateway's router uses for `operation`. */
export const findOperation = operation;
