// Source-mode worker entry (tests, CLI, browser mode run from TypeScript via tsx): registers the
// TypeScript loader inside the worker, then loads the real worker module given in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.__workerModule);
