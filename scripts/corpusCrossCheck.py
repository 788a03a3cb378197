#!/usr/bin/env python3
"""Cross-check of the function model against AWS's own tools (docs/corpus.md).

For each SAM/CloudFormation template given, parse it with cfn-lint's decoder (PyYAML with CloudFormation's
tags, as SAM CLI and cfn-lint read templates), expand SAM with AWS's SAM translator the way cfn-lint does it
offline, and print one JSON line per template: every AWS::Lambda::Function CloudFormation would create, with
Runtime, Handler, MemorySize, Timeout and the types of the resources that invoke it (permissions by principal,
event source mappings, function URLs, rules, schedules, subscriptions, pipes, user pools, custom resources).

Needs cfn-lint (which brings aws-sam-translator); it is a measurement aid, not part of `npm test`:
    python3 scripts/corpusCrossCheck.py TEMPLATE... > crosscheck.jsonl
"""
import json
import logging
import re
import sys

import yaml

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform

logging.disable(logging.CRITICAL)

PRINCIPALS = {
    'apigateway.amazonaws.com': 'api',
    'sns.amazonaws.com': 'sns',
    's3.amazonaws.com': 's3',
    'events.amazonaws.com': 'events',
    'logs.amazonaws.com': 'logs',
    'iot.amazonaws.com': 'iot',
    'cognito-idp.amazonaws.com': 'cognito',
    'elasticloadbalancing.amazonaws.com': 'alb',
    'secretsmanager.amazonaws.com': 'secretsmanager',
    'appsync.amazonaws.com': 'appsync',
    'lex.amazonaws.com': 'lex',
    'alexa-appkit.amazon.com': 'alexa',
    'ses.amazonaws.com': 'ses',
    'config.amazonaws.com': 'config',
    'bedrock.amazonaws.com': 'bedrock',
}

# Resource types that name a function without invoking it.
NOT_INVOKERS = {
    'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::Lambda::Version', 'AWS::Lambda::Alias',
    'AWS::Logs::LogGroup', 'AWS::Lambda::EventInvokeConfig', 'AWS::CloudWatch::Alarm', 'AWS::Lambda::Permission',
    'AWS::Lambda::LayerVersionPermission', 'AWS::SSM::Parameter', 'AWS::CloudWatch::Dashboard',
}


def refs(node, out):
    """Logical ids that a value names through Ref, Fn::GetAtt or Fn::Sub."""
    if isinstance(node, dict):
        for k, v in node.items():
            if k == 'Ref' and isinstance(v, str):
                out.add(v.split('.')[0])
            elif k == 'Fn::GetAtt':
                if isinstance(v, list) and v:
                    out.add(str(v[0]))
                elif isinstance(v, str):
                    out.add(v.split('.')[0])
            elif k == 'Fn::Sub':
                text = v[0] if isinstance(v, list) and v else v
                if isinstance(text, str):
                    for m in re.finditer(r'\$\{([^}!]+)\}', text):
                        out.add(m.group(1).split('.')[0])
                if isinstance(v, list) and len(v) > 1:
                    refs(v[1], out)
            else:
                refs(v, out)
    elif isinstance(node, list):
        for v in node:
            refs(v, out)
    return out


def plain(v):
    return v if isinstance(v, (str, int, float, bool)) or v is None else json.loads(json.dumps(v, default=str))


class _PlainLoader(yaml.SafeLoader):
    """PyYAML as SAM CLI loads a template: short-form intrinsics become their long form, a duplicate key keeps its last value."""


def _intrinsic(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == 'Ref':
        return {'Ref': value}
    if suffix == 'GetAtt' and isinstance(value, str):
        return {'Fn::GetAtt': value.split('.', 1)}
    return {('Condition' if suffix == 'Condition' else 'Fn::' + suffix): value}


_PlainLoader.add_multi_constructor('!', _intrinsic)


def check(path):
    template, matches = decode(path)
    note = None
    if template is None and any('Duplicate' in str(m.message) for m in matches):
        # cfn-lint stops at a duplicate key; SAM CLI (PyYAML) goes on with the last value, and so does the check.
        with open(path, encoding='utf-8') as f:
            template = yaml.load(f, Loader=_PlainLoader)
        note = 'duplicate keys: read as PyYAML reads them (last value wins)'
    if template is None:
        return {'file': path, 'error': '; '.join(str(m.message) for m in matches[:3])}
    transform = template.get('Transform')
    transforms = transform if isinstance(transform, list) else [transform]
    if 'AWS::Serverless-2016-10-31' in transforms:
        t = Transform(path, template, 'us-east-1')
        problems = t.transform_template()
        if problems:
            return {'file': path, 'error': '; '.join(str(m.message) for m in problems[:3])}
        template = t.template()
    resources = template.get('Resources') or {}
    if not isinstance(resources, dict):
        return {'file': path, 'functions': {}}
    functions = {}
    for lid, r in resources.items():
        if isinstance(r, dict) and r.get('Type') == 'AWS::Lambda::Function':
            p = r.get('Properties') or {}
            functions[lid] = {
                'runtime': plain(p.get('Runtime')),
                'handler': plain(p.get('Handler')),
                'memorySize': plain(p.get('MemorySize')),
                'timeout': plain(p.get('Timeout')),
                'invokers': set(),
            }
    # An alias or version stands for its function.
    stands_for = {lid: lid for lid in functions}
    for lid, r in resources.items():
        if isinstance(r, dict) and r.get('Type') in ('AWS::Lambda::Alias', 'AWS::Lambda::Version'):
            named = refs((r.get('Properties') or {}).get('FunctionName'), set()) & set(functions)
            if named:
                stands_for[lid] = next(iter(named))
    for lid, r in resources.items():
        if not isinstance(r, dict):
            continue
        kind = r.get('Type')
        props = r.get('Properties') or {}
        if kind == 'AWS::Lambda::Permission':
            for name in refs(props.get('FunctionName'), set()):
                fn = stands_for.get(name)
                if fn:
                    principal = props.get('Principal')
                    action = props.get('Action')
                    label = 'url' if action == 'lambda:InvokeFunctionUrl' else PRINCIPALS.get(principal, 'permission') if isinstance(principal, str) else 'permission'
                    functions[fn]['invokers'].add(label)
            continue
        if kind == 'AWS::Lambda::EventInvokeConfig':
            # Lambda itself invokes a function named as an asynchronous invocation's destination.
            for name in refs(props.get('DestinationConfig'), set()):
                fn = stands_for.get(name)
                if fn:
                    functions[fn]['invokers'].add('destination')
            continue
        if kind in NOT_INVOKERS or kind is None:
            continue
        for name in refs(props, set()):
            fn = stands_for.get(name)
            if fn and name != lid:
                functions[fn]['invokers'].add(kind)
    for f in functions.values():
        f['invokers'] = sorted(f['invokers'])
    out = {'file': path, 'functions': functions}
    if note:
        out['note'] = note
    return out


def main():
    for path in sys.argv[1:]:
        try:
            out = check(path)
        except Exception as e:  # a template the tools cannot read is a result, not a crash of the check
            out = {'file': path, 'error': f'{type(e).__name__}: {e}'}
        print(json.dumps(out, default=str), flush=True)


if __name__ == '__main__':
    main()
