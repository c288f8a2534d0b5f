// ListKeyRotations: the key's material versions made by rotation, oldest first. With
// IncludeKeyMaterial=ALL_KEY_MATERIAL the first material is listed too. Kura's own rotations at the
// usage bound (2^32 encryptions) are listed as AUTOMATIC: AWS has no other type for them.

import type { KeyMaterial } from '../../store/keys.js';
import { scopeOf, type OperationHandler } from '../context.js';
import { optionalString, requiredString } from './input.js';
import { keyMaterialId } from './key-metadata.js';
import { findKeyById } from './lookup.js';
import { pageOf, pageRequest } from './paging.js';

export const listKeyRotations: OperationHandler = async (input, ctx) => {
  const { key } = await findKeyById(ctx, requiredString(input, 'KeyId'));
  const include = optionalString(input, 'IncludeKeyMaterial') ?? 'ROTATIONS_ONLY';
  const query = { keyId: key.keyId, include };
  const request = pageRequest(ctx, input, 'ListKeyRotations', query, { limit: 100, max: 1000 });
  const after = request.after === undefined ? 0 : Number(request.after);
  const materials = (await ctx.store.keys.materials(scopeOf(ctx), key.keyId)).filter(
    (m) => m.version > after && (include === 'ALL_KEY_MATERIAL' || m.origin !== 'INITIAL'),
  );
  const { items, ...page } = pageOf(ctx, 'ListKeyRotations', query, request, materials.slice(0, request.limit + 1), (m) => String(m.version));
  const rotation = (m: KeyMaterial) => ({
    KeyId: key.keyId,
    KeyMaterialId: keyMaterialId(key.keyId, m.version),
    KeyMaterialState: m.version === key.currentMaterial ? 'CURRENT' : 'NON_CURRENT',
    ...(m.origin === 'INITIAL' ? {} : { RotationDate: m.createdAt, RotationType: m.origin === 'ON_DEMAND' ? 'ON_DEMAND' : 'AUTOMATIC' }),
  });
  return { Rotations: items.map(rotation), ...page };
};
