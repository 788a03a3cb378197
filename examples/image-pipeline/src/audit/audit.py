import json


def lambda_handler(event, context):
    detail = event.get("detail", {})
    print(json.dumps({"level": "INFO", "message": "image audited", "key": detail.get("key")}))
    return {"audited": True}
