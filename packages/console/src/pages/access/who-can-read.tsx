// #/access/who-can-read?parameter=<name>: every user, role and group, and whether the policy
// evaluator (SimulatePrincipalPolicy) lets it read the parameter: each read action's decision, the
// policies whose statements decided, and the verdict. What the simulation leaves out is said on the
// page: Kura simulates identity-based policies and boundaries only, not the key policy.

import { useEffect, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { href, navigate } from '../../app/router.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { ErrorNotice, Loading, describeError } from '../../ui/error-notice.js';
import { BY_PATH, DECRYPT, GET_PARAMETER, GET_PARAMETERS, type Cell, type ReadVerdict } from './read-model.js';
import { Decision, IamErrorNotice, KindTag, PrincipalLink, Verdict } from './parts.js';
import { useWhoCanRead, type Row } from './who-can-read-run.js';

function ParameterForm({ initial }: { initial: string }) {
  const [value, setValue] = useState(initial);
  // A new route (a link, Back) shows its parameter; the form keeps its focus.
  useEffect(() => setValue(initial), [initial]);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        if (value.trim()) navigate(href('access', ['who-can-read'], { parameter: value.trim() }));
      }}
    >
      <label for="who-can-read-name">Parameter name</label>
      <fieldset role="group">
        <input id="who-can-read-name" name="parameter" spellcheck={false} placeholder="/app/prod/db/password" value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        <button type="submit">Ask</button>
      </fieldset>
    </form>
  );
}

function DecisionCell({ cell, detail }: { cell: Cell | 'unknown' | undefined; detail?: string | undefined }) {
  if (cell === undefined) return <td>not needed</td>;
  if (cell === 'unknown') return <td>not simulated</td>;
  return (
    <td>
      <Decision decision={cell.decision} />
      {detail ? (
        <>
          <br />
          <small>{detail}</small>
        </>
      ) : null}
    </td>
  );
}

/** An action name that may wrap after its service prefix, to keep the table narrow. */
const breakable = (action: string) => {
  const [service, name] = action.split(':');
  return (
    <>
      {service}:<wbr />
      {name}
    </>
  );
};

/** Listings that failed alike (IAM refusing the credentials fails all three) are shown once. */
function sameFailures(failures: Array<{ kind: string; error: unknown }>): Array<{ kinds: string; error: unknown }> {
  const groups = new Map<string, { kinds: string[]; error: unknown }>();
  for (const f of failures) {
    const { code, message } = describeError(f.error);
    const key = `${code}\n${message}`;
    const group = groups.get(key) ?? { kinds: [], error: f.error };
    group.kinds.push(`${f.kind}s`);
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ kinds: g.kinds.join(', '), error: g.error }));
}

/** The highest of `paths` (it lists the most), and how many nearer ones there are too. */
function highest(paths: string[]): string | undefined {
  const top = paths[paths.length - 1];
  if (top === undefined) return undefined;
  return paths.length > 1 ? `${top} (and ${paths.length - 1} nearer)` : top;
}

/** The paths that list it; those allowed whose listing leaves it out, and why. */
function byPathDetail({ paths, keptOutOf }: ReadVerdict['byPath']): string | undefined {
  const listed = highest(paths);
  const keptOut = highest(keptOutOf);
  const why = keptOut
    ? `${BY_PATH} on ${keptOut} is allowed, but an explicit Deny on this parameter keeps it out of the listing (Kura's default strict path mode; a server started with --path-authorization aws would return it)`
    : undefined;
  return [listed ? `from ${listed}` : undefined, why].filter(Boolean).join('. ') || undefined;
}

function ResultRow({ row, secure }: { row: Row; secure: boolean }) {
  const { principal, verdict, error } = row;
  const columns = secure ? 6 : 5;
  return (
    <tr data-principal={`${principal.kind}/${principal.name}`}>
      <th scope="row">
        <PrincipalLink kind={principal.kind} name={principal.name} /> <KindTag kind={principal.kind} />
      </th>
      {verdict ? (
        <>
          <td>
            <Verdict yes={verdict.canRead} yesText="can read" noText="cannot read" />
            {verdict.reason ? (
              <>
                <br />
                <small>{verdict.reason}</small>
              </>
            ) : null}
          </td>
          <DecisionCell cell={verdict.getParameter} />
          <DecisionCell cell={verdict.getParameters} />
          <DecisionCell cell={verdict.byPath} detail={byPathDetail(verdict.byPath)} />
          {secure ? <DecisionCell cell={verdict.decrypt} /> : null}
          <td class="sources">{verdict.sources.length > 0 ? verdict.sources.join(', ') : 'none'}</td>
        </>
      ) : error ? (
        <td colSpan={columns}>
          <ErrorNotice error={error} action="simulating" />
        </td>
      ) : (
        <td colSpan={columns} aria-busy="true">
          Simulating…
        </td>
      )}
    </tr>
  );
}

export function WhoCanRead({ parameter }: { parameter: string }) {
  const api = useApi();
  const [generation, setGeneration] = useState(0);
  const state = useWhoCanRead(api, parameter, generation);
  const facts = state.facts;
  const secure = facts?.target.secure ?? false;
  const readers = state.rows.filter((r) => r.verdict?.canRead).length;
  const busy = state.phase !== 'done' && state.phase !== 'failed';

  return (
    <section class="access-page">
      <Breadcrumb trail={[{ label: 'Access', href: href('access') }, { label: 'Who can read' }]} />
      <h1>Who can read {parameter ? <code>{parameter}</code> : 'a parameter'}?</h1>
      <ParameterForm initial={parameter} />
      {!parameter ? null : (
        <>
          <p>
            For every user, role and group, IAM&apos;s policy evaluator (SimulatePrincipalPolicy) decides {GET_PARAMETER} and {GET_PARAMETERS} on the
            parameter, {BY_PATH} on each path above it and on the parameter itself (an explicit Deny there keeps it out of path listings in Kura&apos;s
            default strict path mode){secure ? `, and ${DECRYPT} on its key through SSM` : ''}. A principal can read it when an ssm read
            action is allowed{secure ? ' and kms:Decrypt is too' : ''}. A group&apos;s decision applies to its users, on top of their own policies.{' '}
            <a href={href('parameters', ['view'], { name: parameter })}>Open the parameter</a>.
          </p>
          <p class="notice notice-info" data-testid="simulation-limit">
            Kura&apos;s SimulatePrincipalPolicy evaluates identity-based policies and permissions boundaries only: resource policies
            {secure ? ', including the KMS key policy of this parameter’s key,' : ''} are not part of the simulation, so they can still refuse what this table allows.
          </p>
          {facts ? (
            <p data-testid="parameter-facts">
              Type {facts.type}
              {facts.keyId ? (
                <>
                  {' '}· key <code>{facts.keyId}</code>
                  {facts.target.keyArn && facts.target.keyArn !== facts.keyId ? (
                    <>
                      {' '}→ <code class="arn">{facts.target.keyArn}</code>
                    </>
                  ) : null}
                </>
              ) : null}
            </p>
          ) : null}
          <ErrorNotice error={facts?.keyError} action="resolving the parameter's key (kms:DescribeKey)" />
          <ErrorNotice error={facts?.tagsError} action="reading the parameter's tags (ssm:ListTagsForResource); simulated without them" />
          {state.missing ? <p role="status">DescribeParameters finds no parameter named <code>{parameter}</code>.</p> : null}
          {state.phase === 'parameter' ? <Loading what="the parameter" /> : null}
          {state.phase === 'principals' ? <Loading what="users, roles and groups" /> : null}
          <ErrorNotice error={state.error} action="reading the parameter" />
          {sameFailures(state.listErrors).map((l) => (
            <IamErrorNotice key={l.kinds} error={l.error} action={`listing ${l.kinds}`} />
          ))}
          {state.rows.length > 0 ? (
            <>
              <div class="simulation-progress">
                <p role="status" data-testid="simulation-status">
                  {busy ? `Simulated ${state.done} of ${state.rows.length} principals…` : `${readers} of ${state.rows.length} principals can read it.`}
                </p>
                <progress aria-label="Principals simulated" value={state.done} max={state.rows.length} />
                {!busy ? (
                  <button type="button" class="secondary outline" onClick={() => setGeneration((g) => g + 1)}>
                    Simulate again
                  </button>
                ) : null}
              </div>
              <div class="overflow-auto">
                <table class="striped decisions" data-testid="who-can-read">
                  <caption id="who-can-read-caption">Read decisions for {parameter}</caption>
                  <thead>
                    <tr>
                      <th scope="col">Principal</th>
                      <th scope="col">Verdict</th>
                      <th scope="col">{breakable(GET_PARAMETER)}</th>
                      <th scope="col">{breakable(GET_PARAMETERS)}</th>
                      <th scope="col">{breakable(BY_PATH)}</th>
                      {secure ? <th scope="col">{breakable(DECRYPT)}</th> : null}
                      <th scope="col">Matched statements</th>
                    </tr>
                  </thead>
                  <tbody>
                    {state.rows.map((row) => (
                      <ResultRow key={row.principal.arn} row={row} secure={secure} />
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
