// The CloudTrail service model, loaded once. The JSON is imported (not read from disk) so that the
// esbuild bundle carries it and `kura` runs from any working directory; loadModel checks its shape.
// Kura implements LookupEvents only: the gateway answers the model's other operations as
// operations this server does not implement (GAPS.md).
import modelJson from '../../../models/cloudtrail.json' with { type: 'json' };
import { loadModel, type ServiceModel } from '../../wire/model.js';

export const cloudTrailModel: ServiceModel = loadModel(modelJson as unknown);
