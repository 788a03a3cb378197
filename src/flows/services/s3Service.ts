/**
 * S3 over its REST protocol with path-style addressing (the SDK uses it for an IP endpoint), in memory: PutObject
 * (plain or aws-chunked bodies), CopyObject, GetObject (with a byte range), HeadObject, DeleteObject(s),
 * ListObjectsV2, HeadBucket and multipart uploads (what lib-storage's Upload sends). Object writes and deletes
 * send the bucket's event notifications into the flow.
 */
import { createHash, randomUUID } from 'node:crypto';
import { header, xmlEscape } from '../localEndpoint';
import type { RawRequest, RawResponse } from '../localEndpoint';
import type { Bucket, StoredObject } from './localState';
import type { ServiceContext } from './serviceContext';

export async function s3Service(req: RawRequest, ctx: ServiceContext): Promise<RawResponse> {
  const [, bucketName = '', ...rest] = req.path.split('/');
  const key = rest.map(decodeURIComponent).join('/');
  if (!bucketName) return s3Error(400, 'InvalidRequest', 'The local S3 has no ListBuckets: name a bucket.');
  const bucket = ctx.state.buckets.get(bucketName);
  if (!bucket) {
    const known = [...ctx.state.buckets.keys()];
    return s3Error(404, 'NoSuchBucket', `The specified bucket does not exist: ${bucketName} is not a bucket of the workspace${known.length ? ` (local buckets: ${known.join(', ')})` : ''}.`);
  }
  const q = req.query;
  const record = (operation: string): void => ctx.caller.run.recordCall(ctx.caller.invocationId, { service: 'S3', operation, resource: key ? `${bucket.name}/${key}` : bucket.name });
  const notify = (eventName: string, size: number, etag?: string): void => {
    const ref = { kind: 's3' as const, key: bucket.key, name: bucket.name };
    ctx.caller.run.s3Event(ref, { bucket: bucket.name, key, size, eTag: etag?.replace(/"/g, ''), eventName }, ctx.caller.invocationId);
  };

  if (!key) {
    if (req.method === 'HEAD') return { status: 200 };
    if (req.method === 'GET' && q.get('list-type') === '2') return listObjects(bucket, q);
    if (req.method === 'POST' && q.has('delete')) {
      const keys = [...req.body.toString('utf8').matchAll(/<Key>([\s\S]*?)<\/Key>/g)].map((m) => xmlUnescape(m[1]));
      const deleted: string[] = [];
      for (const k of keys) {
        const existed = bucket.objects.delete(k);
        deleted.push(k);
        if (existed) ctx.caller.run.s3Event({ kind: 's3', key: bucket.key, name: bucket.name }, { bucket: bucket.name, key: k, size: 0, eventName: 'ObjectRemoved:Delete' }, ctx.caller.invocationId);
      }
      ctx.caller.run.recordCall(ctx.caller.invocationId, { service: 'S3', operation: `DeleteObjects (${keys.length})`, resource: bucket.name });
      const quiet = /<Quiet>\s*true\s*<\/Quiet>/i.test(req.body.toString('utf8'));
      return xml(`<DeleteResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${quiet ? '' : deleted.map((k) => `<Deleted><Key>${xmlEscape(k)}</Key></Deleted>`).join('')}</DeleteResult>`);
    }
    return s3Error(400, 'InvalidRequest', `The local S3 does not answer ${req.method} on a bucket with ${[...q.keys()].join(', ') || 'no parameters'}.`);
  }

  const uploadId = q.get('uploadId');
  switch (req.method) {
    case 'PUT': {
      if (uploadId) {
        const upload = bucket.uploads.get(uploadId);
        if (!upload) return s3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
        const body = decodeBody(req);
        upload.parts.set(Number(q.get('partNumber')), body);
        return { status: 200, headers: { ETag: etag(body) } };
      }
      const copySource = header(req.headers, 'x-amz-copy-source');
      if (copySource) {
        const [srcBucket, ...srcKey] = decodeURIComponent(copySource.replace(/^\//, '').split('?')[0]).split('/');
        const src = ctx.state.buckets.get(srcBucket)?.objects.get(srcKey.join('/'));
        if (!src) return s3Error(404, 'NoSuchKey', `The specified key does not exist: ${copySource}`);
        bucket.objects.set(key, { ...src, lastModified: Date.now(), metadata: { ...src.metadata } });
        record('CopyObject');
        notify('ObjectCreated:Copy', src.body.length, src.etag);
        return xml(`<CopyObjectResult><LastModified>${new Date().toISOString()}</LastModified><ETag>${xmlEscape(src.etag)}</ETag></CopyObjectResult>`);
      }
      const body = decodeBody(req);
      const stored: StoredObject = { body, contentType: header(req.headers, 'content-type'), etag: etag(body), lastModified: Date.now(), metadata: metadataOf(req) };
      bucket.objects.set(key, stored);
      record('PutObject');
      notify('ObjectCreated:Put', body.length, stored.etag);
      return { status: 200, headers: { ETag: stored.etag } };
    }
    case 'POST': {
      if (q.has('uploads')) {
        const id = randomUUID().replace(/-/g, '');
        bucket.uploads.set(id, { key, parts: new Map(), contentType: header(req.headers, 'content-type'), metadata: metadataOf(req) });
        return xml(`<InitiateMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Bucket>${xmlEscape(bucket.name)}</Bucket><Key>${xmlEscape(key)}</Key><UploadId>${id}</UploadId></InitiateMultipartUploadResult>`);
      }
      if (uploadId) {
        const upload = bucket.uploads.get(uploadId);
        if (!upload) return s3Error(404, 'NoSuchUpload', 'The specified multipart upload does not exist.');
        const numbers = [...req.body.toString('utf8').matchAll(/<PartNumber>(\d+)<\/PartNumber>/g)].map((m) => Number(m[1]));
        const parts = (numbers.length ? numbers : [...upload.parts.keys()].sort((a, b) => a - b)).map((n) => upload.parts.get(n));
        if (parts.some((p) => p === undefined)) return s3Error(400, 'InvalidPart', 'One or more of the specified parts could not be found.');
        const body = Buffer.concat(parts as Buffer[]);
        const tag = `"${createHash('md5').update(body).digest('hex')}-${parts.length}"`;
        bucket.objects.set(key, { body, contentType: upload.contentType, etag: tag, lastModified: Date.now(), metadata: upload.metadata });
        bucket.uploads.delete(uploadId);
        record('CompleteMultipartUpload');
        notify('ObjectCreated:CompleteMultipartUpload', body.length, tag);
        return xml(`<CompleteMultipartUploadResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Location>/${xmlEscape(bucket.name)}/${xmlEscape(key)}</Location><Bucket>${xmlEscape(bucket.name)}</Bucket><Key>${xmlEscape(key)}</Key><ETag>${xmlEscape(tag)}</ETag></CompleteMultipartUploadResult>`);
      }
      return s3Error(400, 'InvalidRequest', 'The local S3 does not answer this POST.');
    }
    case 'GET':
    case 'HEAD': {
      const obj = bucket.objects.get(key);
      if (!obj) return req.method === 'HEAD' ? { status: 404 } : s3Error(404, 'NoSuchKey', `The specified key does not exist: ${key}`);
      record(req.method === 'GET' ? 'GetObject' : 'HeadObject');
      const headers: Record<string, string> = {
        'Content-Type': obj.contentType ?? 'binary/octet-stream',
        ETag: obj.etag,
        'Last-Modified': new Date(obj.lastModified).toUTCString(),
        'Accept-Ranges': 'bytes',
        ...Object.fromEntries(Object.entries(obj.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
      };
      const range = /^bytes=(\d*)-(\d*)$/.exec(header(req.headers, 'range') ?? '');
      if (range && req.method === 'GET') {
        const size = obj.body.length;
        const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
        const end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(size - 1, Number(range[2]));
        headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
        return { status: 206, headers, body: obj.body.subarray(start, end + 1) };
      }
      if (req.method === 'HEAD') return { status: 200, headers: { ...headers, 'Content-Length': String(obj.body.length) } };
      return { status: 200, headers, body: obj.body };
    }
    case 'DELETE': {
      if (uploadId) {
        bucket.uploads.delete(uploadId);
        return { status: 204 };
      }
      const existed = bucket.objects.delete(key);
      record('DeleteObject');
      if (existed) notify('ObjectRemoved:Delete', 0);
      return { status: 204 };
    }
    default:
      return s3Error(405, 'MethodNotAllowed', `The specified method is not allowed against this resource: ${req.method}.`);
  }
}

function listObjects(bucket: Bucket, q: URLSearchParams): RawResponse {
  const prefix = q.get('prefix') ?? '';
  const max = Math.min(1000, Number(q.get('max-keys') ?? 1000));
  const after = q.get('continuation-token') ?? q.get('start-after') ?? '';
  const keys = [...bucket.objects.keys()].filter((k) => k.startsWith(prefix) && k > after).sort();
  const page = keys.slice(0, max);
  const truncated = keys.length > page.length;
  const contents = page
    .map((k) => {
      const o = bucket.objects.get(k)!;
      return `<Contents><Key>${xmlEscape(k)}</Key><LastModified>${new Date(o.lastModified).toISOString()}</LastModified><ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  return xml(
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket.name)}</Name><Prefix>${xmlEscape(prefix)}</Prefix><KeyCount>${page.length}</KeyCount><MaxKeys>${max}</MaxKeys><IsTruncated>${truncated}</IsTruncated>` +
      `${truncated ? `<NextContinuationToken>${xmlEscape(page[page.length - 1])}</NextContinuationToken>` : ''}${contents}</ListBucketResult>`,
  );
}

/** The object's bytes: the body as sent, or decoded from `aws-chunked` (streaming uploads with trailing checksums). */
function decodeBody(req: RawRequest): Buffer {
  const encoding = `${header(req.headers, 'content-encoding') ?? ''} ${header(req.headers, 'x-amz-content-sha256') ?? ''}`;
  if (!/aws-chunked|STREAMING-/.test(encoding)) return req.body;
  const out: Buffer[] = [];
  let pos = 0;
  const body = req.body;
  while (pos < body.length) {
    const eol = body.indexOf('\r\n', pos);
    if (eol < 0) break;
    const size = parseInt(body.subarray(pos, eol).toString('latin1').split(';')[0], 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    pos = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

function metadataOf(req: RawRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (k.startsWith('x-amz-meta-') && typeof v === 'string') out[k.slice('x-amz-meta-'.length)] = v;
  return out;
}

function etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function xml(body: string): RawResponse {
  return { status: 200, headers: { 'Content-Type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}` };
}

function s3Error(status: number, code: string, message: string): RawResponse {
  return { status, headers: { 'Content-Type': 'application/xml' }, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${randomUUID()}</RequestId></Error>` };
}

function xmlUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
