/** @typedef {{ deviceId: string, timestamp: number, temperature: number }} Telemetry */

const THRESHOLD = Number(process.env.ALERT_THRESHOLD ?? '75');

/**
 * @param {'INFO' | 'WARN' | 'ERROR'} level
 * @param {string} message
 * @param {Record<string, unknown>} [fields]
 */
const log = (level, message, fields = {}) => {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
};

/**
 * One sensor reading. IoT rules deliver it as the event itself; Kinesis producers put it as the record data.
 * @param {any} value
 * @returns {Telemetry}
 */
function parseTelemetry(value) {
  if (!value || typeof value.deviceId !== 'string' || typeof value.timestamp !== 'number' || typeof value.temperature !== 'number') {
    throw new Error('Not a telemetry message: expected deviceId, timestamp and temperature');
  }
  return { deviceId: value.deviceId, timestamp: value.timestamp, temperature: value.temperature };
}

/**
 * @param {Telemetry} reading
 * @param {'kinesis' | 'iot'} source
 */
function handleReading(reading, source) {
  
  if (reading.temperature > THRESHOLD) {
    log('WARN', 'Reading above threshold', { source, deviceId: reading.deviceId, temperature: reading.temperature, threshold: THRESHOLD });
  } else {
    log('INFO', 'Reading processed', { source, deviceId: reading.deviceId, timestamp: reading.timestamp });
  }
}

/**
 * @param {import('aws-lambda').KinesisStreamEvent | Telemetry} event
 * @param {import('aws-lambda').Context} context
 * @returns {Promise<import('aws-lambda').KinesisStreamBatchResponse | void>}
 */
export const handler = async (event, context) => {
  if (!('Records' in event)) {
    handleReading(parseTelemetry(event), 'iot');
    return;
  }
  /** @type {import('aws-lambda').KinesisStreamBatchItemFailure[]} */
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const data = JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
      handleReading(parseTelemetry(data), 'kinesis');
    } catch (err) {
      log('ERROR', 'Record failed', { requestId: context.awsRequestId, sequenceNumber: record.kinesis.sequenceNumber, error: String(err) });
      // A shard is ordered: Lambda retries from the first reported failure, so stop here.
      batchItemFailures.push({ itemIdentifier: record.kinesis.sequenceNumber });
      break;
    }
  }
  return { batchItemFailures };
};
