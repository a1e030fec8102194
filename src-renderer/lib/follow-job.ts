// Follows one job until its terminal state: job events from main, with a slow poll of jobs.get as a
// safety net in case the event stream drops. Returns the function that stops following.
import type { JobInfo } from '../../src-main/contract/api';
import { errorMessage, getApi } from './api';

export function followJob(jobId: number, pollMs: number, onJob: (job: JobInfo) => void, onError: (message: string) => void): () => void {
  const api = getApi();
  let stopped = false;
  const stopEvents = api.onEvent((event) => {
    if (!stopped && event.type === 'job' && event.job.id === jobId) onJob(event.job);
  });
  const tick = async () => {
    try {
      const job = await api.call('jobs.get', { jobId });
      if (!stopped) onJob(job);
    } catch (e) {
      if (!stopped) {
        stop();
        onError(errorMessage(e));
      }
    }
  };
  const poll = setInterval(tick, pollMs);
  function stop(): void {
    stopped = true;
    stopEvents();
    clearInterval(poll);
  }
  void tick();
  return stop;
}
