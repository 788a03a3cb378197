import type { HandlerTemplate, PatternId } from '../types';

// AWS Lambda handlers in Python: boto3 clients created once per container, type hints on the event
// shapes, one JSON object per log line.

const logger = `def log(level: str, message: str, **fields: Any) -> None:
    print(json.dumps({"level": level, "message": message, "timestamp": datetime.now(timezone.utc).isoformat(), **fields}, default=str))`;

const api = `import base64
import json
import uuid
from datetime import datetime, timezone
from typing import Any, TypedDict


class Create{{1:Item}}Request(TypedDict):
    """The request body this function takes."""

    {{2:name}}: str


${logger}


def response(status: int, body: Any) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}


def method_of(event: dict[str, Any]) -> str:
    # API Gateway REST APIs send v1 events (httpMethod), HTTP APIs v2 (requestContext.http.method).
    if "httpMethod" in event:
        return event["httpMethod"]
    return event.get("requestContext", {}).get("http", {}).get("method", "")


def parse_body(event: dict[str, Any]) -> Any:
    body = event.get("body")
    if not body:
        return None
    if event.get("isBase64Encoded"):
        body = base64.b64decode(body).decode("utf-8")
    return json.loads(body)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request_id = context.aws_request_id
    if method_of(event) != "{{3|POST,PUT,PATCH|}}":
        return response(405, {"message": "Method not allowed"})
    try:
        payload: Create{{1}}Request | None = parse_body(event)
    except ValueError:
        log("WARN", "Request body is not valid JSON", requestId=request_id)
        return response(400, {"message": "The request body must be valid JSON."})
    {{2}} = payload.get("{{2}}") if isinstance(payload, dict) else None
    if not isinstance({{2}}, str) or not {{2}}.strip():
        return response(400, {"message": 'The request body must be an object with a non-empty "{{2}}".'})

    try:
        item = {"id": str(uuid.uuid4()), "{{2}}": {{2}}.strip(), "createdAt": datetime.now(timezone.utc).isoformat()}
        {{0}}
        log("INFO", "{{1}} created", requestId=request_id, id=item["id"])
        return response(201, item)
    except Exception as err:  # noqa: BLE001 - the client gets a 500, the log gets the cause
        log("ERROR", "Request failed", requestId=request_id, error=str(err))
        return response(500, {"message": "Internal server error", "requestId": request_id})
`;

const fileProcessing = `import gzip
import json
import os
import shutil
import tempfile
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote_plus

import boto3

s3 = boto3.client("s3")
# Results go under this prefix; the trigger only watches the input prefix, and the handler skips its own output too.
OUTPUT_PREFIX = os.environ.get("OUTPUT_PREFIX", "{{1:processed/}}")


${logger}


def handler(event: dict[str, Any], context: Any) -> None:
    for record in event["Records"]:
        process_record(record, context.aws_request_id)


def process_record(record: dict[str, Any], request_id: str) -> None:
    bucket = record["s3"]["bucket"]["name"]
    # Keys arrive URL-encoded, with '+' for spaces.
    key = unquote_plus(record["s3"]["object"]["key"])
    if key.startswith(OUTPUT_PREFIX):
        # Writing into the watched bucket would trigger this function again: never process our own output.
        log("WARN", "Skipping an object under the output prefix", requestId=request_id, bucket=bucket, key=key)
        return

    target = f"{OUTPUT_PREFIX}{key}{{2:.gz}}"
    source = s3.get_object(Bucket=bucket, Key=key)
    # Stream in chunks through a spooled temp file: memory stays flat whatever the object size.
    with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
        with gzip.GzipFile(fileobj=spool, mode="wb") as compressed:
            shutil.copyfileobj(source["Body"], compressed, length=1024 * 1024)
        spool.seek(0)
        s3.upload_fileobj(
            spool,
            bucket,
            target,
            ExtraArgs={
                "ContentType": source.get("ContentType", "application/octet-stream"),
                "ContentEncoding": "gzip",
                "Metadata": {"source-key": key, "source-etag": record["s3"]["object"].get("eTag", "")},
            },
        )
    log("INFO", "Object processed", requestId=request_id, bucket=bucket, key=key, target=target)
`;

const scheduled = `import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3

s3 = boto3.client("s3")
BUCKET = os.environ.get("BUCKET_NAME", "")
PREFIX = os.environ.get("CLEANUP_PREFIX", "{{1:tmp/}}")
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "{{2:30}}"))
# Stop this long before the timeout; the next run picks up the rest (deleting is idempotent).
SAFETY_MARGIN_MS = 10_000


${logger}


def delete_batch(keys: list[str]) -> int:
    result = s3.delete_objects(Bucket=BUCKET, Delete={"Objects": [{"Key": k} for k in keys], "Quiet": True})
    errors = result.get("Errors", [])
    for error in errors:
        log("WARN", "Could not delete an object", key=error.get("Key"), code=error.get("Code"))
    return len(keys) - len(errors)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if not BUCKET:
        raise RuntimeError("BUCKET_NAME is not set")
    now = datetime.fromisoformat(event["time"].replace("Z", "+00:00")) if "time" in event else datetime.now(timezone.utc)
    cutoff = now - timedelta(days=RETENTION_DAYS)
    batch: list[str] = []
    deleted = 0
    complete = True

    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=BUCKET, Prefix=PREFIX):
        for obj in page.get("Contents", []):
            if obj["LastModified"] < cutoff:
                batch.append(obj["Key"])
            if len(batch) == 1000:
                deleted += delete_batch(batch)
                batch = []
        if context.get_remaining_time_in_millis() < SAFETY_MARGIN_MS:
            complete = False
            break
    if batch:
        deleted += delete_batch(batch)
    log("INFO", "Cleanup finished", requestId=context.aws_request_id, bucket=BUCKET, prefix=PREFIX, deleted=deleted, complete=complete)
    return {"deleted": deleted, "complete": complete}
`;

const stream = `import base64
import json
import os
from datetime import datetime, timezone
from typing import Any, TypedDict

THRESHOLD = float(os.environ.get("ALERT_THRESHOLD", "{{2:75}}"))


class Telemetry(TypedDict):
    """One sensor reading. IoT rules deliver it as the event itself; Kinesis producers put it as the record data."""

    deviceId: str
    timestamp: float
    {{1:temperature}}: float


${logger}


def parse_telemetry(value: Any) -> Telemetry:
    if not isinstance(value, dict) or not isinstance(value.get("deviceId"), str) or not isinstance(value.get("{{1}}"), (int, float)):
        raise ValueError("Not a telemetry message: expected deviceId, timestamp and {{1}}")
    return Telemetry(deviceId=value["deviceId"], timestamp=value.get("timestamp", 0), {{1}}=value["{{1}}"])


def handle_reading(reading: Telemetry, source: str) -> None:
    {{0}}
    if reading["{{1}}"] > THRESHOLD:
        log("WARN", "Reading above threshold", source=source, deviceId=reading["deviceId"], {{1}}=reading["{{1}}"], threshold=THRESHOLD)
    else:
        log("INFO", "Reading processed", source=source, deviceId=reading["deviceId"], timestamp=reading["timestamp"])


def handler(event: dict[str, Any], context: Any) -> dict[str, Any] | None:
    if "Records" not in event:
        handle_reading(parse_telemetry(event), "iot")
        return None
    batch_item_failures: list[dict[str, str]] = []
    for record in event["Records"]:
        sequence_number = record["kinesis"]["sequenceNumber"]
        try:
            data = json.loads(base64.b64decode(record["kinesis"]["data"]))
            handle_reading(parse_telemetry(data), "kinesis")
        except Exception as err:  # noqa: BLE001 - reported to Lambda as a batch item failure
            log("ERROR", "Record failed", requestId=context.aws_request_id, sequenceNumber=sequence_number, error=str(err))
            # A shard is ordered: Lambda retries from the first reported failure, so stop here.
            batch_item_failures.append({"itemIdentifier": sequence_number})
            break
    return {"batchItemFailures": batch_item_failures}
`;

const eventSourcing = `import json
import os
from datetime import datetime, timezone
from typing import Any

import boto3
from boto3.dynamodb.types import TypeDeserializer
from botocore.exceptions import ClientError

dynamodb = boto3.resource("dynamodb")
events_table = dynamodb.Table(os.environ.get("EVENTS_TABLE", ""))
projection_table = dynamodb.Table(os.environ.get("PROJECTION_TABLE", ""))
deserializer = TypeDeserializer()


${logger}


def is_conditional_failure(err: ClientError) -> bool:
    return err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException"


def append(event: dict[str, Any], request_id: str) -> None:
    """EventBridge delivers at least once: the (aggregate, version) key turns a redelivery into a no-op."""
    detail = event["detail"]
    item = {
        "pk": detail["{{1:orderId}}"],
        "version": detail["version"],
        "type": event["detail-type"],
        "data": detail.get("data", {}),
        "eventId": event["id"],
        "occurredAt": event["time"],
    }
    try:
        events_table.put_item(Item=item, ConditionExpression="attribute_not_exists(pk)")
        log("INFO", "Event appended", requestId=request_id, pk=item["pk"], version=item["version"], type=item["type"])
    except ClientError as err:
        if not is_conditional_failure(err):
            raise
        log("INFO", "Event already stored", requestId=request_id, pk=item["pk"], version=item["version"])


def project(event: dict[str, Any], request_id: str) -> dict[str, Any]:
    """Projects new events into the read model; a replayed or older version never overwrites a newer one."""
    batch_item_failures: list[dict[str, str]] = []
    for record in event["Records"]:
        image = record.get("dynamodb", {}).get("NewImage")
        if record.get("eventName") != "INSERT" or not image:
            continue
        stored = {k: deserializer.deserialize(v) for k, v in image.items()}
        try:
            projection_table.update_item(
                Key={"id": stored["pk"]},
                UpdateExpression="SET #version = :version, lastEventType = :type, #state = :data, updatedAt = :at",
                ConditionExpression="attribute_not_exists(#version) OR #version < :version",
                ExpressionAttributeNames={"#version": "version", "#state": "state"},
                ExpressionAttributeValues={":version": stored["version"], ":type": stored["type"], ":data": stored.get("data", {}), ":at": stored["occurredAt"]},
            )
        except ClientError as err:
            if is_conditional_failure(err):
                continue
            log("ERROR", "Projection failed", requestId=request_id, pk=stored["pk"], error=str(err))
            # Stream shards are ordered: report this record and stop; Lambda retries from here.
            batch_item_failures.append({"itemIdentifier": record["dynamodb"]["SequenceNumber"]})
            break
    return {"batchItemFailures": batch_item_failures}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any] | None:
    if "Records" in event:
        return project(event, context.aws_request_id)
    append(event, context.aws_request_id)
    return None
`;

const chaining = `import json
import os
import re
from datetime import datetime, timezone
from typing import Any

import boto3

lambda_client = boto3.client("lambda")
sfn = boto3.client("stepfunctions")
NEXT_FUNCTION = os.environ.get("NEXT_FUNCTION_NAME", "")
STATE_MACHINE_ARN = os.environ.get("STATE_MACHINE_ARN", "")


${logger}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Handles a "{{1:OrderPlaced}}" event by handing work on three ways.

    An asynchronous invoke of the next function (fire and forget, Lambda retries it), a Step Functions
    execution for multi-step work, and this function's own Lambda Destinations (configured on the function:
    its result goes to onSuccess / onFailure when it is invoked asynchronously).
    """
    item_id = event["detail"]["{{2:orderId}}"]
    payload = json.dumps({"{{2}}": item_id, "causationId": event["id"]})

    lambda_client.invoke(FunctionName=NEXT_FUNCTION, InvocationType="Event", Payload=payload.encode("utf-8"))

    # The execution name is unique per state machine: a redelivered event cannot start the workflow twice.
    name = re.sub(r"[^A-Za-z0-9_-]", "-", f"{item_id}-{event['id']}")[:80]
    execution = sfn.start_execution(stateMachineArn=STATE_MACHINE_ARN, name=name, input=payload)

    log("INFO", "Work handed on", requestId=context.aws_request_id, id=item_id, next=NEXT_FUNCTION, executionArn=execution["executionArn"])
    return {"id": item_id, "executionArn": execution["executionArn"]}
`;

const queueWorker = `import json
import os
import time
from datetime import datetime, timezone
from typing import Any

import boto3
from botocore.exceptions import ClientError

idempotency = boto3.resource("dynamodb").Table(os.environ.get("IDEMPOTENCY_TABLE", ""))
IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60


${logger}


def parse_{{1:job}}(body: str) -> dict[str, str]:
    value = json.loads(body)
    if not isinstance(value, dict) or not isinstance(value.get("{{2:orderId}}"), str):
        raise ValueError('Message body must be JSON with a string "{{2}}"')
    return {"{{2}}": value["{{2}}"]}


def claim(message_id: str) -> bool:
    """SQS delivers at least once: claim the message before working so a redelivery does not repeat the work."""
    try:
        idempotency.put_item(
            Item={"pk": message_id, "expiresAt": int(time.time()) + IDEMPOTENCY_TTL_SECONDS},
            ConditionExpression="attribute_not_exists(pk)",
        )
        return True
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise


def process_record(record: dict[str, Any]) -> None:
    job = parse_{{1}}(record["body"])
    if not claim(record["messageId"]):
        log("INFO", "Duplicate delivery skipped", messageId=record["messageId"])
        return
    try:
        {{0}}
        log("INFO", "Job done", messageId=record["messageId"], {{2}}=job["{{2}}"])
    except Exception:
        idempotency.delete_item(Key={"pk": record["messageId"]})
        raise


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    batch_item_failures: list[dict[str, str]] = []
    for record in event["Records"]:
        try:
            process_record(record)
        except Exception as err:  # noqa: BLE001 - reported to Lambda as a batch item failure
            # Only this message returns to the queue (ReportBatchItemFailures); after maxReceiveCount it goes to the DLQ.
            log("ERROR", "Message failed", requestId=context.aws_request_id, messageId=record["messageId"], error=str(err))
            batch_item_failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": batch_item_failures}
`;

const p = (prefix: string, description: string, body: string): HandlerTemplate => ({ prefix, description, language: 'python', body });

/** Python handlers of the AWS patterns. */
export const awsPython: Record<PatternId, HandlerTemplate> = {
  api: p('sls-api', 'Lambda API endpoint (API Gateway v1 + v2): JSON body, 400 on bad input (Python)', api),
  'file-processing': p('sls-file-processing', 'Lambda S3 upload processor: streaming get/gzip/put, skips its own output (Python)', fileProcessing),
  scheduled: p('sls-scheduled', 'Lambda scheduled cleanup job: batched deletes, stops before the timeout (Python)', scheduled),
  stream: p('sls-stream', 'Lambda Kinesis + IoT telemetry processor with batchItemFailures (Python)', stream),
  'event-sourcing': p('sls-event-sourcing', 'Lambda event store: idempotent EventBridge append + DynamoDB stream projection (Python)', eventSourcing),
  chaining: p('sls-chaining', 'Lambda chaining: async invoke, Step Functions StartExecution, Destinations (Python)', chaining),
  'queue-worker': p('sls-queue-worker', 'Lambda SQS worker: batchItemFailures and idempotent processing (Python)', queueWorker),
};
