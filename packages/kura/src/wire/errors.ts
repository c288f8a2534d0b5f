// Typed errors that operations throw and codecs render. A ServiceError carries everything a wire
// codec needs (code, message, HTTP status, fault side) and nothing about HTTP itself.

export type Fault = 'client' | 'server';

export interface ServiceErrorOptions {
  /** HTTP status; 400 for client faults and 500 for server faults unless given. */
  status?: number;
  /**
   * Which member carries the message in the JSON body: the casing the model declares, because
   * SDK v3 copies modeled members onto the exception object.
   */
  messageMember?: 'message' | 'Message' | 'none';
  /** Extra modeled members copied into the JSON body (e.g. ReasonCode). Never a secret. */
  fields?: Record<string, unknown>;
  fault?: Fault;
}

export class ServiceError extends Error {
  readonly code: string;
  readonly status: number;
  readonly fault: Fault;
  readonly messageMember: 'message' | 'Message' | 'none';
  readonly fields: Record<string, unknown>;

  constructor(code: string, message: string, options: ServiceErrorOptions = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = code;
    this.fault = options.fault ?? (options.status !== undefined && options.status >= 500 ? 'server' : 'client');
    this.status = options.status ?? (this.fault === 'server' ? 500 : 400);
    this.messageMember = options.messageMember ?? 'message';
    this.fields = options.fields ?? {};
  }
}

/** AWS's words for its common 503 (https://docs.aws.amazon.com/systems-manager/latest/APIReference/CommonErrors.html). */
export const SERVICE_UNAVAILABLE_MESSAGE = 'The request has failed due to a temporary failure of the server.';

/** The generic JSON-protocol errors every AWS JSON service may return. */
export const jsonErrors = {
  serialization: (message: string) => new ServiceError('SerializationException', message, { messageMember: 'Message' }),
  unknownOperation: (message = '') => new ServiceError('UnknownOperationException', message, { messageMember: 'Message' }),
  validation: (message: string) => new ServiceError('ValidationException', message, { messageMember: 'Message' }),
  internal: () =>
    new ServiceError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.', {
      status: 500,
      messageMember: 'Message',
    }),
  /** A temporary failure of the server (its data store cannot serve): a 5xx every SDK retries. */
  unavailable: () => new ServiceError('ServiceUnavailable', SERVICE_UNAVAILABLE_MESSAGE, { status: 503, messageMember: 'message' }),
};
