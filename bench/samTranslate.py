"""AWS's SAM translator (samtranslator, the Python package behind `sam validate`, `sam deploy` and cfn-lint) as
the oracle of the model for SAM templates (issue 17). Reads template paths, one a line, on stdin; writes one
JSON line per template: {"file", "ok", "sam", "template"} or {"file", "ok": false, "error"}. A template without
the SAM transform is plain CloudFormation: it is read the same way (PyYAML with the intrinsic tags, a duplicate
key keeping its last value, as SAM CLI and the AWS CLI read templates) and handed back as written.

Offline and without an AWS account: the translator is given a managed-policy map that answers every name,
and local artifact paths are replaced by the S3 URIs `sam package` would put there (the translator accepts
nothing else). Neither reaches the compared fields (FunctionName, Runtime, Handler, MemorySize, Timeout, the
event resources).

    python3 bench/samTranslate.py < templates.txt > translated.jsonl
"""

import json
import logging
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
# The translator logs metrics and feature-toggle notes on stderr; only its result matters here.
logging.disable(logging.WARNING)

from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402
from samtranslator.yaml_helper import yaml_parse  # noqa: E402

S3_URI = "s3://placeholder-bucket/placeholder-key"
IMAGE_URI = "123456789012.dkr.ecr.us-east-1.amazonaws.com/placeholder:latest"

# Properties `sam package` uploads and replaces by an S3 URI, per resource type.
ARTIFACTS = {
    "AWS::Serverless::Function": ["CodeUri"],
    "AWS::Serverless::LayerVersion": ["ContentUri"],
    "AWS::Serverless::Api": ["DefinitionUri"],
    "AWS::Serverless::HttpApi": ["DefinitionUri"],
    "AWS::Serverless::StateMachine": ["DefinitionUri"],
    "AWS::Serverless::GraphQLApi": ["SchemaUri"],
}


class Policies(dict):
    """Every AWS managed policy name resolves to its ARN (the translator asks IAM otherwise)."""

    def __missing__(self, key):
        return f"arn:aws:iam::aws:policy/{key}"


def local(value):
    return isinstance(value, str) and not value.startswith("s3://")


def packaged(template):
    """The template as `sam package` hands it to the translator: local artifacts replaced by S3 URIs."""
    globals_fn = ((template.get("Globals") or {}).get("Function")) or {}
    if local(globals_fn.get("CodeUri")):
        globals_fn["CodeUri"] = S3_URI
    for resource in (template.get("Resources") or {}).values():
        if not isinstance(resource, dict):
            continue
        kind = resource.get("Type")
        props = resource.get("Properties")
        if not isinstance(props, dict):
            props = resource["Properties"] = {} if kind in ARTIFACTS else props
        if kind not in ARTIFACTS or not isinstance(props, dict):
            continue
        for key in ARTIFACTS[kind]:
            if local(props.get(key)):
                props[key] = S3_URI
        if kind == "AWS::Serverless::Function":
            image = props.get("PackageType", globals_fn.get("PackageType")) == "Image"
            if image and "ImageUri" not in props and "ImageUri" not in globals_fn:
                # `sam build` sets it from Metadata.DockerContext.
                props["ImageUri"] = IMAGE_URI
            elif not image and "CodeUri" not in props and "InlineCode" not in props and "CodeUri" not in globals_fn:
                # `sam package` uploads the template's folder when CodeUri is unset.
                props["CodeUri"] = S3_URI
    return template


def is_sam(template):
    transform = template.get("Transform")
    return "AWS::Serverless-2016-10-31" in (transform if isinstance(transform, list) else [transform])


def translate(path):
    """(sam, template CloudFormation deploys)."""
    with open(path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    if not isinstance(template, dict):
        raise ValueError("not a mapping")
    if not is_sam(template):
        return False, template
    policies = Policies()
    out = Translator(policies, Parser()).translate(packaged(template), parameter_values={}, get_managed_policy_map=lambda: policies)
    return True, out


def main():
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        try:
            sam, template = translate(path)
            result = {"file": path, "ok": True, "sam": sam, "template": template}
        except Exception as err:  # the translator's own errors: reported per template, the run goes on
            message = str(err).replace("\n", " ")
            result = {"file": path, "ok": False, "error": f"{type(err).__name__}: {message}"[:400]}
        sys.stdout.write(json.dumps(result, default=str) + "\n")


if __name__ == "__main__":
    main()
