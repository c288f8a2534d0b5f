// The audit events contract against PostgreSQL, on the real server: one schema per store, and
// three stores on one schema for what replicas see of each other's events.
import { auditEventContract } from '../testing/contract/audit-events.js';
import { openSharedTestStores, openTestPostgresStore } from './testing/database.js';

auditEventContract(
  () => openTestPostgresStore(),
  (count) => openSharedTestStores(count),
);
