import type { S3Event } from 'aws-lambda';

const OUTPUT_PREFIX = process.env.OUTPUT_PREFIX ?? 'thumbnails/';

export const handler = async (event: S3Event): Promise<{ resized: string[] }> => {
  const resized: string[] = [];
  for (const record of event.Records) {
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    // Our own output lands in the same bucket: never process it again.
    if (key.startsWith(OUTPUT_PREFIX)) continue;
    resized.push(`${OUTPUT_PREFIX}${key.split('/').pop()}`);
  }
  console.log(JSON.stringify({ level: 'INFO', message: 'resized', count: resized.length }));
  return { resized };
};
