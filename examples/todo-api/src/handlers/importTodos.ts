import type { S3Event } from 'aws-lambda';
import { log } from '../lib/log';

export const handler = async (event: S3Event): Promise<{ files: string[] }> => {
  const files = event.Records.map((r) => `s3://${r.s3.bucket.name}/${decodeURIComponent(r.s3.object.key.replace(/\+/g, ' '))}`);
  log('INFO', 'import requested', { files });
  return { files };
};
