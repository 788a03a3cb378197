import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { createGzip } from 'node:zlib';

const s3 = new S3Client({});
/** Results go under this prefix; the trigger only watches the input prefix, and the handler skips its own output too. */
const OUTPUT_PREFIX = process.env.OUTPUT_PREFIX ?? 'processed/';

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};

/**
 * @param {import('aws-lambda').S3Event} event
 * @param {import('aws-lambda').Context} context
 */
export const handler = async (event, context) => {
  for (const record of event.Records) {
    await processRecord(record, context.awsRequestId);
  }
};

/**
 * @param {import('aws-lambda').S3EventRecord} record
 * @param {string} requestId
 */
async function processRecord(record, requestId) {
  const bucket = record.s3.bucket.name;
  // Keys arrive URL-encoded, with '+' for spaces.
  const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
  if (key.startsWith(OUTPUT_PREFIX)) {
    // Writing into the watched bucket would trigger this function again: never process our own output.
    log('WARN', 'Skipping an object under the output prefix', { requestId, bucket, key });
    return;
  }

  const source = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!source.Body) throw new Error(`s3://${bucket}/${key} has no body`);

  // Stream end to end (get → transform → multipart put): memory stays flat whatever the object size.
  const target = `${OUTPUT_PREFIX}${key}.gz`;
  const transformed = /** @type {import('node:stream').Readable} */ (source.Body).pipe(createGzip());
  await new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: target,
      Body: transformed,
      ContentType: source.ContentType,
      ContentEncoding: 'gzip',
      Metadata: { 'source-key': key, 'source-etag': record.s3.object.eTag ?? '' },
    },
  }).done();
  log('INFO', 'Object processed', { requestId, bucket, key, target, size: record.s3.object.size });
}
