#!/usr/bin/env python3
# Kura's Python bootstrap for rotation functions written for AWS Lambda's Python runtime, so a
# team's handler runs unchanged: `lambda-bootstrap.py HANDLER [ROOT]`, HANDLER as Lambda names it
# (`lambda_function.lambda_handler`, `pkg/module.handler`), ROOT the folder it is found under (the
# current one by default, like Lambda's task root).
#
# It reads what Kura's rotation runner gives every function: the event as JSON on stdin (or in
# KURA_ROTATION_EVENT), and the variables for the Lambda context (AWS_LAMBDA_FUNCTION_NAME,
# KURA_ROTATION_REQUEST_ID, KURA_ROTATION_DEADLINE_MS, KURA_ROTATION_FUNCTION_ARN). boto3 needs
# nothing from here: it reads the credentials, AWS_REGION and AWS_ENDPOINT_URL (botocore 1.31+)
# from the environment. Exit 0 when the handler returns; on an exception, its traceback on stderr,
# ending with the `Type: message` line Kura reports, and exit 1.

import importlib
import json
import logging
import os
import sys
import time
import traceback
import uuid


class LambdaContext:
    """The members of Lambda's context object that rotation functions use."""

    def __init__(self, env):
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME", "kura-rotation-function")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.invoked_function_arn = env.get("KURA_ROTATION_FUNCTION_ARN", "")
        self.memory_limit_in_mb = "128"
        self.aws_request_id = env.get("KURA_ROTATION_REQUEST_ID") or str(uuid.uuid4())
        self.log_group_name = "/aws/lambda/" + self.function_name
        self.log_stream_name = "kura"
        try:
            self._deadline_ms = int(env["KURA_ROTATION_DEADLINE_MS"])
        except (KeyError, ValueError):
            # Run by hand: Lambda's longest timeout, 15 minutes, from now.
            self._deadline_ms = int(time.time() * 1000) + 900000

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def read_event():
    text = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
    if not text.strip():
        text = os.environ.get("KURA_ROTATION_EVENT", "")
    if not text.strip():
        raise ValueError("no rotation event: expected JSON on stdin or in KURA_ROTATION_EVENT")
    return json.loads(text)


def load_handler(handler, root):
    module_path, _, function_name = handler.rpartition(".")
    if not module_path or not function_name:
        raise ValueError("bad handler '%s': expected MODULE.FUNCTION, for example lambda_function.lambda_handler" % handler)
    sys.path.insert(0, root)
    module = importlib.import_module(module_path.replace("/", "."))
    function = getattr(module, function_name, None)
    if not callable(function):
        raise ValueError("module %s has no function %s" % (module_path, function_name))
    return function


def main(argv):
    if len(argv) < 2 or len(argv) > 3:
        sys.stderr.write("usage: lambda-bootstrap.py HANDLER [ROOT]\n")
        return 2
    # Lambda's runtime gives the root logger a handler; AWS's templates log through it at INFO.
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="[%(levelname)s]\t%(asctime)s\t%(message)s")
    try:
        function = load_handler(argv[1], argv[2] if len(argv) == 3 else os.getcwd())
        function(read_event(), LambdaContext(os.environ))
    except Exception:  # noqa: BLE001 - every failure of the handler is the invocation's error
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # Like Lambda, the invocation ends when the handler returns, whatever threads it left running.
    os._exit(code)
