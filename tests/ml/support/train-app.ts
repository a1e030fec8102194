// "The app" in a process of its own for the resume test: opens the project, starts a pretraining job
// through the API and keeps running until the test kills it. Run with
// `node --import tsx tests/ml/support/train-app.ts <project> <request JSON>`.
import { createServices } from '../../../src-main/services/index';

const [projectPath, request] = process.argv.slice(2);
const services = createServices(projectPath, { mode: 'cli' });
const reply = await services.dispatch('training.pretrain', JSON.parse(request));
if (!reply.ok) {
  process.stderr.write(`${reply.error.message}\n`);
  process.exit(1);
}
process.stdout.write(`job ${(reply.result as { jobId: number }).jobId}\n`);
setInterval(() => { /* stay alive until killed */ }, 60_000);
