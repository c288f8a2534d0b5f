// The SSM service model, loaded once, with Kura's overlay of it (models/overlay.json) and Kura's own
// operation (kura-ssm-model.ts: KuraListParameterPaths, for the console's tree). The JSON is
// imported (not read from disk) so that the esbuild bundle carries it and `kura` runs from any
// working directory; loadModel checks its shape (tsc's literal inference does not).
import modelJson from '../../../models/ssm.json' with { type: 'json' };
import overlayJson from '../../../models/overlay.json' with { type: 'json' };
import { constraints } from '../../wire/coral.js';
import { loadModel, withOverlay, type CoralStyle, type ServiceModel, type ShapeOverlay } from '../../wire/model.js';
import { withKuraOperations } from './kura-ssm-model.js';

const overlay = (overlayJson as Partial<Record<string, Record<string, ShapeOverlay>>>).ssm;

/**
 * SSM ends its constraint messages with a period (`… less than or equal to 10.`, recorded for
 * `names` and `type`), but not those about `value`, whose length SSM checks in its own code
 * (`… greater than or equal to 1`, recorded without one). Evidence: GAPS.md.
 */
export const SSM_CORAL_STYLE: CoralStyle = {
  end: '.',
  keepsBare: (violation) => violation.path === 'value' && violation.constraint !== constraints.notNull,
};

export const ssmModel: ServiceModel = { ...withKuraOperations(withOverlay(loadModel(modelJson as unknown), overlay)), coralStyle: SSM_CORAL_STYLE };
