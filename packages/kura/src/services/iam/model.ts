// The IAM service model, loaded once, with Kura's overlay of it (models/overlay.json). The JSON is
// imported (not read from disk) so that the esbuild bundle carries it and `kura` runs from any
// working directory; loadModel checks its shape (tsc's literal inference does not).
import modelJson from '../../../models/iam.json' with { type: 'json' };
import overlayJson from '../../../models/overlay.json' with { type: 'json' };
import { loadModel, withOverlay, type ServiceModel, type ShapeOverlay } from '../../wire/model.js';

const overlay = (overlayJson as Partial<Record<string, Record<string, ShapeOverlay>>>).iam;

export const iamModel: ServiceModel = withOverlay(loadModel(modelJson as unknown), overlay);
