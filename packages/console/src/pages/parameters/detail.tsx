// One parameter's page (#/parameters/view?name=/a/b/c): its value (a SecureString masked until
// "Reveal"), metadata, a form for a new version, the history (compare, restore, labels) and tags.
// Each section loads and fails on its own, so a person allowed some calls and not others sees what
// they may, and AWS's words for what they may not. The page is remounted for each name: nothing one
// parameter revealed survives into another's page.

import { useEffect, useRef, useState } from 'preact/hooks';
import { useApi } from '../../app/api.js';
import { href, type Route } from '../../app/router.js';
import { useAsync } from '../../app/use-async.js';
import { Breadcrumb } from '../../ui/breadcrumb.js';
import { ErrorNotice, Loading } from '../../ui/error-notice.js';
import { describeParameter, isSecure, loadHistory, metadataFromHistory } from './detail-api.js';
import { ParameterMetadataTable } from './detail-metadata.js';
import { ParameterTags } from './detail-tags.js';
import { CurrentValue } from './detail-value.js';
import { HistorySection } from './history-section.js';
import { VersionForm } from './version-form.js';

export function ParameterDetail({ name }: { name: string; route: Route }) {
  if (name === '') {
    return (
      <section>
        <h1>Parameter</h1>
        <p>
          The address names no parameter. <a href={href('parameters')}>Browse the parameters</a>.
        </p>
      </section>
    );
  }
  return <Detail key={name} name={name} />;
}

/** Links to each level above the parameter in the tree: `/a/b/c` → Parameters › a › b › c (this page). */
function ParameterTrail({ name }: { name: string }) {
  const levels = name.split('/').filter((s) => s !== '').slice(0, -1);
  const paths = levels.map((_, i) => `/${levels.slice(0, i + 1).join('/')}`);
  const leaf = name.slice(name.lastIndexOf('/') + 1);
  return (
    <Breadcrumb
      trail={[
        { label: 'Parameters', href: href('parameters') },
        ...paths.map((path) => ({ label: path.slice(path.lastIndexOf('/') + 1), href: href('parameters', [], { path }) })),
        { label: leaf },
      ]}
    />
  );
}

function Detail({ name }: { name: string }) {
  const api = useApi();
  const [revision, setRevision] = useState(0);
  const [status, setStatus] = useState('');
  const [formOpen, setFormOpen] = useState(false);
  const historyHeading = useRef<HTMLHeadingElement>(null);
  const metadata = useAsync((signal) => describeParameter(api, name, signal), [name, revision]);
  const history = useAsync((signal) => loadHistory(api, name, signal), [name, revision]);

  useEffect(() => {
    const previous = document.title;
    document.title = `${name} · Kura`;
    return () => {
      document.title = previous;
    };
  }, [name]);

  const changed = (message: string, keepFocus?: boolean) => {
    setStatus(message);
    setRevision((r) => r + 1);
    if (!keepFocus) historyHeading.current?.focus();
  };

  const latest = history.data?.[0];
  // DescribeParameters may be refused where GetParameterHistory is not: its latest entry says as much.
  const current = metadata.data ?? (latest ? metadataFromHistory(name, latest) : undefined);
  const notFound = !metadata.loading && !metadata.error && metadata.data === undefined && !history.loading && !latest;

  return (
    <div class="parameter-page">
      <ParameterTrail name={name} />
      <header class="page-header">
        <h1 class="break-anywhere">{name}</h1>
        <a href={href('access', ['who-can-read'], { parameter: name })}>Who can read this?</a>
      </header>
      {notFound ? (
        <p class="notice notice-info" data-testid="not-found">
          No parameter named <code>{name}</code> in {api.session.region}.
        </p>
      ) : (
        <>
          <section aria-labelledby="value-heading">
            <h2 id="value-heading">Value</h2>
            {current ? (
              <CurrentValue name={name} metadata={current} />
            ) : metadata.loading || history.loading ? (
              <Loading what="the parameter" />
            ) : (
              <p>The value cannot be shown: neither DescribeParameters nor GetParameterHistory told this page the parameter’s type.</p>
            )}
          </section>
          <section aria-labelledby="details-heading">
            <h2 id="details-heading">Details</h2>
            {metadata.error ? <ErrorNotice error={metadata.error} action="describing the parameter" /> : null}
            {current ? <ParameterMetadataTable metadata={current} /> : metadata.loading ? <Loading what="the details" /> : null}
          </section>
          <section aria-labelledby="new-version-heading">
            <h2 id="new-version-heading">New version</h2>
            <details open={formOpen} onToggle={(e) => setFormOpen(e.currentTarget.open)}>
              <summary>Write a new version</summary>
              {formOpen && current ? (
                <VersionForm
                  key={current.Version}
                  name={name}
                  metadata={current}
                  {...(!isSecure(current.Type) && latest?.Version === current.Version && latest.Value !== undefined ? { currentValue: latest.Value } : {})}
                  onWritten={(version) => {
                    setFormOpen(false);
                    changed(`Version ${version} written.`);
                  }}
                />
              ) : null}
            </details>
          </section>
          <HistorySection name={name} history={history} status={status} headingRef={historyHeading} onChanged={changed} />
          <section aria-labelledby="tags-heading">
            <h2 id="tags-heading">Tags</h2>
            <ParameterTags name={name} />
          </section>
        </>
      )}
    </div>
  );
}
