import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { UiFiles } from './ui-files.js';

/** Hashed file names change with their content, so a year's cache is always right. */
const ASSET_MAX_AGE = '365d';

/** Serves the UI's hashed assets under `{webroot}assets/`, immutable. */
export async function registerUiAssets(app: FastifyInstance, basePath: string, files: UiFiles | null): Promise<void> {
  if (!files) return;
  await app.register(fastifyStatic, {
    root: files.assetsDir,
    prefix: `${basePath}/assets/`,
    index: false,
    decorateReply: false,
    immutable: true,
    maxAge: ASSET_MAX_AGE,
    schemaHide: true,
  });
}
