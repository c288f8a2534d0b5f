// What a principal is tied to: a user's groups (ListGroupsForUser), a group's users (GetGroup,
// every page), and a user's or role's tags (ListUserTags / ListRoleTags).

import { useApi } from '../../app/api.js';
import { useAsync } from '../../app/use-async.js';
import { Loading } from '../../ui/error-notice.js';
import { listAll, principalOf, tagsOf, type PrincipalKind } from './iam.js';
import { IamErrorNotice, PrincipalLink } from './parts.js';

function PrincipalNames({ kind, names, empty, testId }: { kind: PrincipalKind; names: string[]; empty: string; testId: string }) {
  if (names.length === 0) return <p>{empty}</p>;
  return (
    <ul data-testid={testId}>
      {names.map((n) => (
        <li key={n}>
          <PrincipalLink kind={kind} name={n} />
        </li>
      ))}
    </ul>
  );
}

export function UserGroups({ user }: { user: string }) {
  const api = useApi();
  const state = useAsync(async (signal) => (await listAll(api, 'ListGroupsForUser', 'Groups', { UserName: user }, signal)).map((g) => principalOf('group', g).name), [user]);
  return (
    <section aria-labelledby="groups-heading">
      <h2 id="groups-heading">Groups</h2>
      <IamErrorNotice error={state.error} action="listing the user's groups" />
      {state.loading && !state.data ? <Loading what="groups" /> : null}
      {state.data ? <PrincipalNames kind="group" names={state.data} empty="The user is in no group." testId="user-groups" /> : null}
    </section>
  );
}

export function GroupUsers({ group }: { group: string }) {
  const api = useApi();
  const state = useAsync(async (signal) => (await listAll(api, 'GetGroup', 'Users', { GroupName: group }, signal)).map((u) => principalOf('user', u).name), [group]);
  return (
    <section aria-labelledby="members-heading">
      <h2 id="members-heading">Users in this group</h2>
      <p>Each of them has the group&apos;s policies as well as their own.</p>
      <IamErrorNotice error={state.error} action="listing the group's users" />
      {state.loading && !state.data ? <Loading what="users" /> : null}
      {state.data ? <PrincipalNames kind="user" names={state.data} empty="The group has no users." testId="group-users" /> : null}
    </section>
  );
}

export function Tags({ kind, name }: { kind: 'user' | 'role'; name: string }) {
  const api = useApi();
  const action = kind === 'user' ? 'ListUserTags' : 'ListRoleTags';
  const member = kind === 'user' ? { UserName: name } : { RoleName: name };
  const state = useAsync(async (signal) => tagsOf(await listAll(api, action, 'Tags', member, signal)), [kind, name]);
  return (
    <section aria-labelledby="tags-heading">
      <h2 id="tags-heading">Tags</h2>
      <IamErrorNotice error={state.error} action="listing the tags" />
      {state.loading && !state.data ? <Loading what="tags" /> : null}
      {state.data && state.data.length === 0 ? <p>No tags.</p> : null}
      {state.data && state.data.length > 0 ? (
        <table class="striped" aria-labelledby="tags-heading" data-testid="tags">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {state.data.map((t) => (
              <tr key={t.key}>
                <th scope="row">{t.key}</th>
                <td>{t.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
