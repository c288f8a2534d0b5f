// What pages use to call AWS: the session's client, wrapped so that expired credentials end the
// session (back to sign-in, with the reason) wherever the call was made. Pages also get the
// signed-in identity, to word what they show ("you may not …").

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { JsonService, QueryService, QueryValue } from '../aws/client.js';
import type { AwsClient } from '../aws/client.js';
import { AwsError } from '../aws/errors.js';
import type { XmlValue } from '../aws/xml.js';
import type { Session } from '../session/session.js';

export interface Api {
  session: Session;
  json<T = Record<string, unknown>>(service: JsonService, operation: string, input?: object, signal?: AbortSignal): Promise<T>;
  query(service: QueryService, action: string, params?: Record<string, QueryValue>, signal?: AbortSignal): Promise<Record<string, XmlValue>>;
}

export function makeApi(session: Session, client: AwsClient, onExpired: (message: string) => void): Api {
  const guard = async <T,>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      if (error instanceof AwsError && error.expired) onExpired(`Your temporary credentials expired (${error.message}). Sign in again.`);
      throw error;
    }
  };
  return {
    session,
    json: (service, operation, input, signal) => guard(() => client.json(service, operation, input, signal)),
    query: (service, action, params, signal) => guard(() => client.query(service, action, params, signal)),
  };
}

export const ApiContext = createContext<Api | undefined>(undefined);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside a signed-in console');
  return api;
}
