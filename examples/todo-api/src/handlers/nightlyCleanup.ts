import type { ScheduledEvent } from 'aws-lambda';
import { log } from '../lib/log';

export const handler = async (event: ScheduledEvent): Promise<{ removed: number }> => {
  log('INFO', 'cleanup started', { rule: event.resources[0], time: event.time });
  return { removed: 0 };
};
