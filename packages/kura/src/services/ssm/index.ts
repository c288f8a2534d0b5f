// The Parameter Store operations, keyed by the exact AWS operation name the gateway dispatches on,
// plus Kura's own KuraListParameterPaths (kura-ssm-model.ts declares it in the model).

import type { OperationHandler } from '../context.js';
import { addTagsToResource } from './add-tags-to-resource.js';
import { deleteParameter } from './delete-parameter.js';
import { deleteParameters } from './delete-parameters.js';
import { describeParameters } from './describe-parameters.js';
import { getParameter } from './get-parameter.js';
import { getParameterHistory } from './get-parameter-history.js';
import { getParameters } from './get-parameters.js';
import { getParametersByPath } from './get-parameters-by-path.js';
import { kuraListParameterPaths } from './kura-list-parameter-paths.js';
import { KURA_LIST_PARAMETER_PATHS } from './kura-ssm-model.js';
import { labelParameterVersion } from './label-parameter-version.js';
import { listTagsForResource } from './list-tags-for-resource.js';
import { putParameter } from './put-parameter.js';
import { removeTagsFromResource } from './remove-tags-from-resource.js';
import { unlabelParameterVersion } from './unlabel-parameter-version.js';

export const ssmOperations: Record<string, OperationHandler> = {
  PutParameter: putParameter,
  GetParameter: getParameter,
  GetParameters: getParameters,
  GetParametersByPath: getParametersByPath,
  DeleteParameter: deleteParameter,
  DeleteParameters: deleteParameters,
  DescribeParameters: describeParameters,
  GetParameterHistory: getParameterHistory,
  LabelParameterVersion: labelParameterVersion,
  UnlabelParameterVersion: unlabelParameterVersion,
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
  [KURA_LIST_PARAMETER_PATHS]: kuraListParameterPaths,
};

export { KURA_LIST_PARAMETER_PATHS } from './kura-ssm-model.js';
