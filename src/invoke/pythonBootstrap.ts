/**
 * The Python runtime worker, run with `-u -c` on the function's Python interpreter. Same protocol as the Node bootstrap (JSON lines, fd 3 in,
 * fd 4 out); errors are shaped like the Lambda Python runtime's (errorType = exception class), the `logging`
 * module writes Lambda's text or JSON lines, and the worker blocks on its input between invocations (frozen, as
 * an environment is). Memory is bounded from outside (the host ends the process like Lambda does), never with
 * an rlimit, which would turn over-use into a MemoryError the handler could catch.
 */
export const pythonBootstrap = String.raw`
import importlib, json, logging, os, sys, time, traceback
try:
    import resource
except ImportError:
    # Windows has no resource module: the peak comes from the process's memory counters there.
    resource = None

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

current = {'request_id': None, 'tenant_id': None}
log_json = False

def lambda_error(exc):
    # The bootstrap's own frames are not the user's business.
    tb = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename != '<string>']
    return {
        'errorType': type(exc).__name__,
        'errorMessage': str(exc),
        'trace': traceback.format_list(tb),
    }

def peak_rss_kb():
    if resource is not None:
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Linux counts kilobytes, macOS bytes.
        return rss // 1024 if sys.platform == 'darwin' else rss
    if sys.platform == 'win32':
        try:
            import ctypes
            from ctypes import wintypes
            class Counters(ctypes.Structure):
                _fields_ = [('cb', wintypes.DWORD), ('PageFaultCount', wintypes.DWORD)] + [
                    (n, ctypes.c_size_t) for n in ('PeakWorkingSetSize', 'WorkingSetSize', 'QuotaPeakPagedPoolUsage', 'QuotaPagedPoolUsage',
                                                  'QuotaPeakNonPagedPoolUsage', 'QuotaNonPagedPoolUsage', 'PagefileUsage', 'PeakPagefileUsage')]
            c = Counters()
            c.cb = ctypes.sizeof(Counters)
            current_process = ctypes.windll.kernel32.GetCurrentProcess
            current_process.restype = wintypes.HANDLE
            memory_info = ctypes.windll.psapi.GetProcessMemoryInfo
            memory_info.argtypes = [wintypes.HANDLE, ctypes.POINTER(Counters), wintypes.DWORD]
            memory_info.restype = wintypes.BOOL
            if memory_info(current_process(), ctypes.byref(c), c.cb):
                return c.PeakWorkingSetSize // 1024
        except Exception:
            pass
    return None

def usage():
    # The worker's own high-water mark, where the platform tells it (the host samples the process as well).
    kb = peak_rss_kb()
    return {} if kb is None else {'maxRssKb': kb}

class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = current['request_id']
        return True

class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            'timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(record.created)),
            'level': record.levelname,
            'message': record.getMessage(),
            'logger': record.name,
            'requestId': current['request_id'],
        }
        if current['tenant_id'] is not None:
            entry['tenantId'] = current['tenant_id']
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            entry['errorType'] = type(exc).__name__
            entry['errorMessage'] = str(exc)
            entry['stackTrace'] = traceback.format_tb(exc.__traceback__)
        return json.dumps(entry, default=str)

def setup_logging():
    global log_json
    log_json = os.environ.get('AWS_LAMBDA_LOG_FORMAT') == 'JSON'
    logging.Formatter.converter = time.gmtime
    root = logging.getLogger()
    handler = logging.StreamHandler(sys.stdout)
    handler.terminator = '\n'
    if log_json:
        handler.setFormatter(JsonFormatter())
        root.setLevel(os.environ.get('AWS_LAMBDA_LOG_LEVEL', 'INFO').upper())
    else:
        handler.setFormatter(logging.Formatter('[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s', '%Y-%m-%dT%H:%M:%S'))
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)

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
        self.tenant_id = msg.get('tenantId')
        self.identity = None
        self.client_context = None
        self._deadline = msg['deadlineMs']
    def get_remaining_time_in_millis(self):
        if not self._deadline:
            return 2147483647
        return max(0, int(self._deadline - time.time() * 1000))

handler = None

def apply_environment(msg):
    # The worker started with a neutral environment; from now on it is the function's, as on Lambda.
    for key in list(os.environ):
        if key not in msg['env']:
            del os.environ[key]
    os.environ.update(msg['env'])
    os.chdir(msg['cwd'])
    if hasattr(time, 'tzset'):
        time.tzset()
    extra = [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p]
    sys.path[0:0] = [os.environ.get('LAMBDA_TASK_ROOT', msg['cwd'])] + extra
    setup_logging()

def init(msg):
    global handler
    started = time.perf_counter()
    apply_environment(msg)
    module_path = msg['modulePath']
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

def log_error(err):
    if log_json:
        entry = {'timestamp': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()), 'level': 'ERROR', 'message': err['errorMessage'],
                 'errorType': err['errorType'], 'errorMessage': err['errorMessage'], 'stackTrace': err['trace'], 'requestId': current['request_id']}
        send({'type': 'log', 'text': json.dumps(entry) + '\n'})
    else:
        send({'type': 'log', 'text': '[ERROR] %s: %s\nTraceback (most recent call last):\n%s' % (err['errorType'], err['errorMessage'], ''.join(err['trace']))})

def invoke(msg):
    started = time.perf_counter()
    # As Lambda's Python runtime: botocore sends _X_AMZN_TRACE_ID on as the X-Amzn-Trace-Id header.
    if msg.get('traceId'):
        os.environ['_X_AMZN_TRACE_ID'] = msg['traceId']
    else:
        os.environ.pop('_X_AMZN_TRACE_ID', None)
    ctx = Context(msg)
    current['request_id'] = msg['requestId']
    current['tenant_id'] = msg.get('tenantId')
    def elapsed():
        return (time.perf_counter() - started) * 1000
    try:
        value = handler(msg['event'], ctx)
        try:
            payload = json.dumps(value)
        except (TypeError, ValueError) as e:
            send({'type': 'error', 'requestId': msg['requestId'], 'durationMs': elapsed(), **usage(), 'fatal': False,
                  'error': {'errorType': 'Runtime.MarshalError', 'errorMessage': 'Unable to marshal response: %s' % e, 'trace': []}})
            return
        send({'type': 'result', 'requestId': msg['requestId'], 'durationMs': elapsed(), **usage(), 'payload': payload})
    except SystemExit:
        raise
    except BaseException as e:
        err = lambda_error(e)
        log_error(err)
        send({'type': 'error', 'requestId': msg['requestId'], 'durationMs': elapsed(), **usage(), 'fatal': False, 'error': err})
    finally:
        current['request_id'] = None
        current['tenant_id'] = None

for line in inp:
    msg = json.loads(line)
    if msg['type'] == 'init':
        init(msg)
    else:
        invoke(msg)
`;
