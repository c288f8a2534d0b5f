// Input normalisation, once per request, before authorization. AWS trims the spaces at either end of
// a parameter name before anything else; doing that here, and handing the same trimmed input to the
// authorization rule and to the handler, means a caller is always authorized for exactly the names
// and paths the operation then acts on. (Trimming in the handler alone let `Path=" /prod"` be
// authorized as `parameter/ /prod` and listed as `/prod`, past a Deny on `parameter/prod`.)

import type { Input } from './input.js';
import { trimName } from './names.js';

/** The members that name parameters or paths, per operation (ResourceId only names one for tagging). */
const NAME_MEMBERS: Record<string, { single?: string[]; lists?: string[] }> = {
  PutParameter: { single: ['Name'] },
  GetParameter: { single: ['Name'] },
  GetParameters: { lists: ['Names'] },
  GetParametersByPath: { single: ['Path'] },
  GetParameterHistory: { single: ['Name'] },
  DeleteParameter: { single: ['Name'] },
  DeleteParameters: { lists: ['Names'] },
  LabelParameterVersion: { single: ['Name'] },
  UnlabelParameterVersion: { single: ['Name'] },
  AddTagsToResource: { single: ['ResourceId'] },
  RemoveTagsFromResource: { single: ['ResourceId'] },
  ListTagsForResource: { single: ['ResourceId'] },
  // Kura's own; its Path is read as GetParametersByPath's.
  KuraListParameterPaths: { single: ['Path'] },
};

export function normalizeSsmInput(operation: string, input: Input): Input {
  const members = NAME_MEMBERS[operation];
  if (!members) return input;
  const out: Input = { ...input };
  for (const member of members.single ?? []) {
    const value = out[member];
    if (typeof value === 'string') out[member] = trimName(value);
  }
  for (const member of members.lists ?? []) {
    const value = out[member];
    if (Array.isArray(value)) out[member] = value.map((item: unknown) => (typeof item === 'string' ? trimName(item) : item));
  }
  return out;
}
