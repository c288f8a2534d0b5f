// The CloudTrail operations, keyed by the exact AWS operation name the gateway dispatches on. Kura
// implements LookupEvents over its own audit log; trails, event data stores, Lake queries and
// Insights are not here: the gateway answers them as operations this server does not implement.

import type { OperationHandler } from '../context.js';
import { lookupEvents } from './lookup-events.js';

export const cloudTrailOperations: Record<string, OperationHandler> = {
  LookupEvents: lookupEvents,
};
