// How staging labels move, as AWS moves them (the PutSecretValue and UpdateSecretVersionStage API
// references, and LocalStack's recordings of AWS):
// - A new version takes its labels from whichever versions hold them.
// - When AWSCURRENT moves, the version it leaves takes AWSPREVIOUS (from wherever that was). Moved
//   by a new value (PutSecretValue, UpdateSecret), it also loses AWSPENDING when it held both (a
//   finished rotation leaves AWSCURRENT and AWSPENDING on one version); UpdateSecretVersionStage
//   leaves AWSPENDING where it is.
// - A version left without labels is deprecated: readable by id, listed only with IncludeDeprecated,
//   and removed once the secret has more than 100 versions and it is at least a day old (pruning).
// Pure functions over stage lists; the writes are write.ts's.

import type { SecretVersionRecord } from '../../store/secrets.js';
import { smErrors } from './errors.js';

export const CURRENT = 'AWSCURRENT';
export const PREVIOUS = 'AWSPREVIOUS';
export const PENDING = 'AWSPENDING';

/** AWS keeps at most 100 versions before it prunes deprecated ones, and never one younger than a day. */
export const MAX_VERSIONS = 100;
const PRUNE_MIN_AGE_MS = 24 * 60 * 60 * 1000;
/** Staging labels attached across all versions of a secret (AWS's quota). */
export const MAX_LABELS = 20;

export interface VersionStages {
  versionId: string;
  stages: string[];
}

type Board = Map<string, Set<string>>;

const boardOf = (versions: readonly VersionStages[]): Board => new Map(versions.map((v) => [v.versionId, new Set(v.stages)]));
const holderOf = (board: Board, stage: string): string | undefined => [...board].find(([, stages]) => stages.has(stage))?.[0];
const sorted = (stages: Set<string>) => [...stages].sort();

function take(board: Board, stage: string): void {
  for (const stages of board.values()) stages.delete(stage);
}

/** The versions whose labels differ from `before`, with their complete new lists. */
function changes(before: readonly VersionStages[], board: Board, except?: string): VersionStages[] {
  const out: VersionStages[] = [];
  for (const version of before) {
    if (version.versionId === except) continue;
    const after = sorted(board.get(version.versionId) ?? new Set());
    if (after.join('\u0000') !== [...version.stages].sort().join('\u0000')) out.push({ versionId: version.versionId, stages: after });
  }
  return out;
}

function checkLabelQuota(board: Board): void {
  const labels = new Set<string>();
  for (const stages of board.values()) for (const stage of stages) labels.add(stage);
  if (labels.size > MAX_LABELS) throw smErrors.tooManyStages();
}

/** The labels of a new version `versionId` taking `labels`, and the existing versions that change. */
export function stagesForNewVersion(existing: readonly VersionStages[], versionId: string, labels: readonly string[]): { stages: string[]; changed: VersionStages[] } {
  const board = boardOf(existing);
  const oldCurrent = labels.includes(CURRENT) ? holderOf(board, CURRENT) : undefined;
  for (const label of labels) take(board, label);
  if (oldCurrent !== undefined && !labels.includes(PREVIOUS)) {
    take(board, PREVIOUS);
    const left = board.get(oldCurrent);
    left?.add(PREVIOUS);
    if (!labels.includes(PENDING)) left?.delete(PENDING);
  }
  const own = new Set(labels);
  board.set(versionId, own);
  checkLabelQuota(board);
  return { stages: sorted(own), changed: changes(existing, board, versionId) };
}

/**
 * UpdateSecretVersionStage: `stage` leaves `removeFrom` and/or joins `moveTo`. A label held by
 * another version than the one it moves to must be named in RemoveFromVersionId; AWSCURRENT can
 * only move; moving AWSCURRENT puts AWSPREVIOUS on the version it left.
 */
export function moveStage(existing: readonly VersionStages[], stage: string, removeFrom?: string, moveTo?: string): VersionStages[] {
  const board = boardOf(existing);
  for (const id of [removeFrom, moveTo]) if (id !== undefined && !board.has(id)) throw smErrors.notAVersion(id);
  if (removeFrom !== undefined && !board.get(removeFrom)?.has(stage)) throw smErrors.stageNotFoundOn(stage, removeFrom);
  const holder = holderOf(board, stage);
  if (moveTo !== undefined && holder !== undefined && holder !== moveTo && holder !== removeFrom) throw smErrors.removeFromRequired(stage, holder);
  if (stage === CURRENT && moveTo === undefined && removeFrom !== undefined) throw smErrors.currentMustMove();
  if (removeFrom !== undefined) board.get(removeFrom)?.delete(stage);
  if (moveTo !== undefined) board.get(moveTo)?.add(stage);
  if (stage === CURRENT && removeFrom !== undefined && moveTo !== undefined && removeFrom !== moveTo) {
    take(board, PREVIOUS);
    board.get(removeFrom)?.add(PREVIOUS);
  }
  checkLabelQuota(board);
  return changes(existing, board);
}

/**
 * The deprecated versions to delete once `versions` (after the change) number more than 100:
 * oldest first, never one created less than a day before `now`.
 */
export function versionsToPrune(versions: ReadonlyArray<Pick<SecretVersionRecord, 'versionId' | 'createdDate' | 'stages'>>, now: Date): string[] {
  let excess = versions.length - MAX_VERSIONS;
  if (excess <= 0) return [];
  const cutoff = now.getTime() - PRUNE_MIN_AGE_MS;
  const candidates = versions
    .filter((v) => v.stages.length === 0 && v.createdDate.getTime() <= cutoff)
    .sort((a, b) => a.createdDate.getTime() - b.createdDate.getTime() || (a.versionId < b.versionId ? -1 : 1));
  const out: string[] = [];
  for (const version of candidates) {
    if (excess <= 0) break;
    out.push(version.versionId);
    excess -= 1;
  }
  return out;
}

/** The versions with their labels after `changed` applies (for pruning and responses). */
export function applyStages<T extends VersionStages>(versions: readonly T[], changed: readonly VersionStages[]): T[] {
  const byId = new Map(changed.map((c) => [c.versionId, c.stages]));
  return versions.map((v) => (byId.has(v.versionId) ? { ...v, stages: byId.get(v.versionId) ?? [] } : v));
}
