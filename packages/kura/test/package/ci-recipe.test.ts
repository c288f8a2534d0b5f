// docs/github-actions-example.yml and docs/ci.md, read statically: the workflow parses (with the
// `yaml` package, as YAML 1.2), has the shape GitHub Actions needs, and its Kura steps are the
// commands docs/ci.md gives, line for line. package.test.ts runs those steps.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parseDocument } from 'yaml';
import { packageJson, repoRoot } from './kit.js';
import { job, KURA_STEPS, step, workflow, workflowFile } from './workflow.js';

describe('docs/github-actions-example.yml', () => {
  test('is valid YAML with the shape of a GitHub Actions workflow', () => {
    const document = parseDocument(readFileSync(workflowFile, 'utf8'), { prettyErrors: true, uniqueKeys: true });
    assert.deepEqual(document.errors, []);
    assert.deepEqual(document.warnings, []);
    assert.equal(typeof workflow.name, 'string');
    assert.deepEqual(Object.keys(workflow.on).sort(), ['pull_request', 'push']);
    assert.deepEqual(Object.keys(workflow.jobs), ['test']);
    assert.match(job['runs-on'], /^ubuntu-/);
    for (const s of job.steps) {
      assert.ok((s.uses === undefined) !== (s.run === undefined), `a step has either uses or run: ${JSON.stringify(s)}`);
      assert.deepEqual(Object.keys(s).filter((k) => !['name', 'uses', 'with', 'env', 'if', 'run'].includes(k)), [], `unknown keys in ${s.name ?? s.uses}`);
      if (s.uses) assert.match(s.uses, /^actions\/(checkout|setup-node)@v\d+$/);
    }
    const setupNode = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(setupNode?.with?.['node-version'], 24, 'the Node the server image and CI use');
  });

  test('its Kura steps: the tarball of this version, no expressions, stop always, tests with an endpoint, a region and credentials only', () => {
    for (const name of KURA_STEPS) assert.doesNotMatch(JSON.stringify(step(name)), /\$\{\{/, `${name} uses no expression (package.test.ts runs it as it is)`);
    assert.equal(path.basename(step('Install Kura from its package').env?.KURA_TARBALL ?? ''), `kura-${packageJson.version}.tgz`);
    assert.deepEqual(step('Test').env, { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'us-east-1' });
    assert.match(step('Test').run, /^set -a; \. "\$RUNNER_TEMP\/kura-data\/admin\.env"; set \+a\nnpm test\n$/);
    assert.equal(step('Stop Kura').if, 'always()');
    assert.equal(job.env, undefined, 'no job-wide variable reaches the tests');
  });
});

describe('docs/ci.md', () => {
  test('its recipe is the workflow Kura steps, line for line', () => {
    const text = readFileSync(path.join(repoRoot, 'docs/ci.md'), 'utf8');
    const block = /<!-- ci-recipe:[^\n]*-->\n```sh\n([\s\S]*?)```\n<!-- \/ci-recipe -->/.exec(text)?.[1];
    assert.ok(block, 'the recipe block');
    const commands = (script: string) => script.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    // One script in the docs, several steps in the workflow: each step starts with its own `cd`.
    const documented = commands(block);
    const workflowLines = [...new Set(KURA_STEPS.flatMap((name) => commands(step(name).run)))];
    assert.deepEqual(documented, workflowLines);
  });
});
