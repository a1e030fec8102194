// IPC channel names shared by main (ipc/register.ts) and the preload (preload/index.ts).
export const API_CALL_CHANNEL = 'api:call';
export const API_EVENT_CHANNEL = 'api:event';
