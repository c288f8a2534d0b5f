// The parameter's tags (ListTagsForResource, AddTagsToResource, RemoveTagsFromResource with
// ResourceType Parameter), through the shared tag editor.

import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { TagEditor } from '../../ui/tag-editor.js';
import { addTag, listTags, removeTag } from './detail-api.js';

export function ParameterTags({ name }: { name: string }) {
  const api = useApi();
  const tags = useAsync((signal) => listTags(api, name, signal), [name]);
  if (tags.error && !tags.data) return <ErrorNotice error={tags.error} action="listing the tags" />;
  if (!tags.data) return <Loading what="tags" />;
  return (
    <TagEditor
      tags={tags.data}
      resource="this parameter"
      onAdd={async (tag) => {
        await addTag(api, name, tag);
        tags.reload();
      }}
      onRemove={async (key) => {
        await removeTag(api, name, key);
        tags.reload();
      }}
    />
  );
}
