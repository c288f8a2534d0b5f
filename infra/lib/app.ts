// The CDK app: both variants of the reference design, checked by cdk-nag's AWS Solutions rules at
// every synth (a finding not acknowledged fails `cdk synth`). bin/app.ts runs it;
// the tests build it in-process with their own context.

import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.js';
import { PostsApiStack } from './posts-api-stack.js';

export const STACKS = { parameters: 'KuraPostsApi', secretsmanager: 'KuraPostsApiSecretsManager' } as const;

export interface PostsApiApp {
  app: App;
  parameters: PostsApiStack;
  secretsmanager: PostsApiStack;
}

export function createApp(props: AppProps = {}): PostsApiApp {
  const app = new App(props);
  const config = readConfig((key) => app.node.tryGetContext(key), Object.keys(app.node.getAllContext()));
  const parameters = new PostsApiStack(app, STACKS.parameters, {
    variant: 'parameters',
    config,
    description: 'Kura reference design: the posts API on Fargate; database settings in Parameter Store (SecureString password), read by kura exec as the task role',
  });
  const secretsmanager = new PostsApiStack(app, STACKS.secretsmanager, {
    variant: 'secretsmanager',
    config,
    description: 'Kura reference design, Secrets Manager variant: the posts API on Fargate; generated database credentials read by ECS as the execution role',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, parameters, secretsmanager };
}
