// Scoring model editor API: versions, the active model, drafts, activation (which rescores every lead), preview and
// the rescore run's progress.
import { z } from 'zod';
import type { ApiApp } from '../../http/api.js';
import type { AppDeps } from '../../deps.js';
import { actorOf } from '../../http/auth.js';
import { registerTouchRoutes } from './touches.routes.js';
import {
  activateScoringModel, createScoringModel, CreateScoringModelInput, deleteScoringModel, getActiveScoringModel, getRescoreStatus, getScoringModel,
  listScoringModels, previewScore, PreviewScoreInput, updateScoringModel, UpdateScoringModelInput,
} from './scoring-models.service.js';

const tags = ['scoring'];
const idParams = z.object({ id: z.uuid() });
const modelRefParams = z.object({ id: z.union([z.uuid(), z.literal('default')]) });

export function registerScoringModelRoutes(app: ApiApp, deps: AppDeps) {
  app.get('/scoring-models', { schema: { tags, summary: 'Scoring model versions, newest first' } }, async (req) => listScoringModels(deps, actorOf(req)));

  app.get('/scoring-models/active', { schema: { tags, summary: 'The active scoring model, or the built-in default (isDefault)' } }, async (req) =>
    getActiveScoringModel(deps, actorOf(req)));

  app.get('/scoring-models/rescore-status', { schema: { tags, summary: 'Progress of the latest rescore run' } }, async (req) =>
    getRescoreStatus(deps, actorOf(req)));

  app.get('/scoring-models/:id', { schema: { tags, params: idParams } }, async (req) => getScoringModel(deps, actorOf(req), req.params.id));

  app.post('/scoring-models', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Create a draft version', body: CreateScoringModelInput } }, async (req, reply) => {
    reply.status(201);
    return createScoringModel(deps, actorOf(req), req.body);
  });

  app.patch('/scoring-models/:id', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Edit a draft (send the revision you loaded)', params: idParams, body: UpdateScoringModelInput } }, async (req) =>
    updateScoringModel(deps, actorOf(req), req.params.id, req.body));

  app.delete('/scoring-models/:id', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Delete a draft', params: idParams } }, async (req, reply) => {
    await deleteScoringModel(deps, actorOf(req), req.params.id);
    return reply.status(204).send();
  });

  app.post('/scoring-models/:id/activate', { config: { permission: 'admin.lead_rules' }, schema: { tags, summary: 'Activate a version and rescore every lead in the background', params: idParams } }, async (req) =>
    activateScoringModel(deps, actorOf(req), req.params.id));

  app.post('/scoring-models/:id/preview', { schema: { tags, summary: 'Score a sample lead with a version, without saving', params: modelRefParams, body: PreviewScoreInput } }, async (req) =>
    previewScore(deps, actorOf(req), req.params.id, req.body));
}

/** Scoring's whole API: the models and the touches they score. */
export function registerScoringRoutes(app: ApiApp, deps: AppDeps) {
  registerScoringModelRoutes(app, deps);
  registerTouchRoutes(app, deps);
}
