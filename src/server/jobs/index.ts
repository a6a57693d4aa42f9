// Every durable job kind, registered by importing its module, and the runner that works them off.
import '../modules/notifications/webhooks.deliver.js';
import '../modules/leads/rescore.job.js';
import '../modules/leads/sla.job.js';
import '../modules/leads/recycle.job.js';
import '../modules/leads/conflicts.job.js';

export { startWorker, runDueJobs, enqueueJob, ensureRecurringJobs, type Worker } from './runner.js';
