// Label rules shared by LabelParameterVersion and UnlabelParameterVersion: letters,
// digits, `.`, `-`, `_`; not starting with a digit nor with `aws`/`ssm` in any case. A label that
// breaks them is reported back in InvalidLabels, not as an error.

export const MAX_LABELS_PER_VERSION = 10;

export function isValidLabel(label: string): boolean {
  const lowered = label.toLowerCase();
  return /^[a-zA-Z0-9_.-]+$/.test(label) && !/^[0-9]/.test(label) && !lowered.startsWith('aws') && !lowered.startsWith('ssm');
}

/** Splits requested labels into valid ones (deduplicated) and invalid ones (as requested). */
export function partitionLabels(labels: string[]): { valid: string[]; invalid: string[] } {
  const valid = new Set<string>();
  const invalid: string[] = [];
  for (const label of labels) {
    if (isValidLabel(label)) valid.add(label);
    else if (!invalid.includes(label)) invalid.push(label);
  }
  return { valid: [...valid], invalid };
}
