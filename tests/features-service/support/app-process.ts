// "The app" in a process of its own, for the resume test: opens the project (which resumes unfinished
// jobs), imports the given files and keeps running until it is killed. Run with
// `node --import tsx tests/features-service/support/app-process.ts <project> <audio…>` so that the
// process the test kills is the one doing the work (no wrapper process in between).
import { createServices } from '../../../src-main/services/index';

const [projectPath, ...paths] = process.argv.slice(2);
const services = createServices(projectPath, { mode: 'cli' });
const reply = await services.dispatch('import.start', { paths });
if (!reply.ok) {
  process.stderr.write(`${reply.error.message}\n`);
  process.exit(1);
}
process.stdout.write('importing\n');
setInterval(() => { /* stay alive until killed */ }, 60_000);
