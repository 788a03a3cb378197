/**
 * The Python runtime worker, run with `python3 -u -c`. Same protocol as the Node bootstrap (JSON lines,
 * fd 3 in, fd 4 out); errors are shaped like the Lambda Python runtime's (errorType = exception class).
 */
export const pythonBootstrap = String.raw`
import importlib, json, os, resource, sys, time, traceback

# The memory bound: the data segment (heap, mmap'd memory) may not outgrow the function's memorySize.
_limit = int(os.environ.get('AWS_LAMBDA_FUNCTION_MEMORY_SIZE', '0') or 0) * 1024 * 1024
if _limit:
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (_limit, _limit))
    except (ValueError, OSError):
        pass

inp = os.fdopen(3, 'r', encoding='utf-8')
out = os.fdopen(4, 'w', encoding='utf-8', buffering=1)

def send(msg):
    out.write(json.dumps(msg) + '\n')
    out.flush()

class LogStream:
    def __init__(self):
        self.encoding = 'utf-8'
    def write(self, text):
        if text:
            send({'type': 'log', 'text': text})
        return len(text)
    def flush(self):
        pass
    def isatty(self):
        return False

sys.stdout = LogStream()
sys.stderr = LogStream()

def lambda_error(exc):
    # The bootstrap's own frames are not the user's business.
    tb = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != '<string>']
    return {
        'errorType': type(exc).__name__,
        'errorMessage': str(exc),
        'trace': traceback.format_list(tb),
    }

def max_rss_kb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

class Context:
    def __init__(self, msg):
        c = msg['context']
        self.function_name = c['functionName']
        self.function_version = c['functionVersion']
        self.invoked_function_arn = c['invokedFunctionArn']
        self.memory_limit_in_mb = c['memoryLimitInMB']
        self.aws_request_id = msg['requestId']
        self.log_group_name = c['logGroupName']
        self.log_stream_name = c['logStreamName']
        self.identity = None
        self.client_context = None
        self._deadline = msg['deadlineMs']
    def get_remaining_time_in_millis(self):
        if not self._deadline:
            return 2147483647
        return max(0, int(self._deadline - time.time() * 1000))

handler = None

def init(msg):
    global handler
    started = time.perf_counter()
    module_path = msg['modulePath']
    sys.path.insert(0, os.environ.get('LAMBDA_TASK_ROOT', os.getcwd()))
    try:
        module = importlib.import_module(module_path)
    except SyntaxError as e:
        send({'type': 'initError', 'initDurationMs': (time.perf_counter() - started) * 1000,
              'error': {'errorType': 'Runtime.UserCodeSyntaxError', 'errorMessage': 'Syntax error in module %r: %s' % (module_path, e), 'trace': traceback.format_exception_only(type(e), e)}})
        return
    except ImportError as e:
        send({'type': 'initError', 'initDurationMs': (time.perf_counter() - started) * 1000,
              'error': {'errorType': 'Runtime.ImportModuleError', 'errorMessage': 'Unable to import module %r: %s' % (module_path, e), 'trace': []}})
        return
    except Exception as e:
        send({'type': 'initError', 'initDurationMs': (time.perf_counter() - started) * 1000, 'error': lambda_error(e)})
        return
    target = module
    for part in msg['exportName'].split('.'):
        target = getattr(target, part, None)
    if not callable(target):
        send({'type': 'initError', 'initDurationMs': (time.perf_counter() - started) * 1000,
              'error': {'errorType': 'Runtime.HandlerNotFound', 'errorMessage': "Handler '%s' missing on module '%s'" % (msg['exportName'], module_path), 'trace': []}})
        return
    handler = target
    send({'type': 'ready', 'initDurationMs': (time.perf_counter() - started) * 1000})

def invoke(msg):
    started = time.perf_counter()
    # As Lambda's Python runtime: botocore sends _X_AMZN_TRACE_ID on as the X-Amzn-Trace-Id header.
    if msg.get('traceId'):
        os.environ['_X_AMZN_TRACE_ID'] = msg['traceId']
    else:
        os.environ.pop('_X_AMZN_TRACE_ID', None)
    ctx = Context(msg)
    try:
        value = handler(msg['event'], ctx)
        try:
            payload = json.dumps(value)
        except (TypeError, ValueError) as e:
            send({'type': 'error', 'requestId': msg['requestId'], 'durationMs': (time.perf_counter() - started) * 1000, 'maxRssKb': max_rss_kb(), 'fatal': False,
                  'error': {'errorType': 'Runtime.MarshalError', 'errorMessage': 'Unable to marshal response: %s' % e, 'trace': []}})
            return
        send({'type': 'result', 'requestId': msg['requestId'], 'durationMs': (time.perf_counter() - started) * 1000, 'maxRssKb': max_rss_kb(), 'payload': payload})
    except SystemExit as e:
        raise
    except BaseException as e:
        err = lambda_error(e)
        send({'type': 'log', 'text': '[ERROR] %s: %s\n' % (err['errorType'], err['errorMessage'])})
        send({'type': 'error', 'requestId': msg['requestId'], 'durationMs': (time.perf_counter() - started) * 1000, 'maxRssKb': max_rss_kb(), 'fatal': False, 'error': err})

for line in inp:
    msg = json.loads(line)
    if msg['type'] == 'init':
        init(msg)
    else:
        invoke(msg)
`;
