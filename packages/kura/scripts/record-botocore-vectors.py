# Records requests exactly as botocore signs and sends them (botocore-vectors.json), for the
# verifier's interop test. Run (from packages/kura): python3 scripts/record-botocore-vectors.py > src/sigv4/testing/botocore-vectors.json
import base64, datetime, json, sys
from urllib.parse import urlsplit
import botocore, botocore.auth, botocore.session
from botocore.awsrequest import AWSResponse

FIXED = datetime.datetime(2024, 3, 9, 23, 59, 30)
botocore.auth.get_current_datetime = lambda: FIXED
records = []

def client(service, endpoint, token=None, region='eu-west-1'):
    session = botocore.session.get_session()
    c = session.create_client(service, region_name=region, endpoint_url=endpoint,
        aws_access_key_id='AKIAKURATEST0000001', aws_secret_access_key='kura/Secret+Access=Key~0123456789abcdefgh',
        aws_session_token=token)
    return c

def capture(name, service):
    def handler(request, **kwargs):
        parts = urlsplit(request.url)
        body = request.body or b''
        if isinstance(body, str): body = body.encode('utf-8')
        headers = []
        for k, v in request.headers.items():
            headers += [k, v.decode('latin1') if isinstance(v, bytes) else v]
        if not any(h.lower() == 'host' for h in headers[::2]):
            headers = ['Host', parts.netloc] + headers
        records.append({'name': name, 'service': service, 'method': request.method,
            'rawUrl': parts.path + ('?' + parts.query if parts.query else ''),
            'rawHeaders': headers, 'bodyBase64': base64.b64encode(body).decode()})
        return AWSResponse(request.url, 400, {}, None)
    return handler

def record(name, c, service, call):
    c.meta.events.register('before-send', capture(name, service))
    try: call(c)
    except Exception: pass

AWKWARD = 'a b+c~d%e=f&g/h?ü€😀'
TOKEN = 'IQoJb3JpZ2luX2VjEP//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+token/with=odd+chars'
record('ssm PutParameter (JSON)', client('ssm', 'http://localhost:4566'), 'ssm',
       lambda c: c.put_parameter(Name='/app/db.password', Value=AWKWARD, Description=AWKWARD, Type='SecureString', Overwrite=True))
record('ssm GetParametersByPath with a session token (JSON)', client('ssm', 'http://localhost:4566', TOKEN), 'ssm',
       lambda c: c.get_parameters_by_path(Path='/app', Recursive=True, WithDecryption=True))
record('kms Encrypt with an awkward encryption context (JSON, endpoint path prefix)', client('kms', 'http://127.0.0.1:4566/pfx'), 'kms',
       lambda c: c.encrypt(KeyId='alias/app', Plaintext=AWKWARD.encode(), EncryptionContext={AWKWARD: AWKWARD}))
record('iam CreateUser with awkward tags (Query)', client('iam', 'http://localhost:4566', region='us-east-1'), 'iam',
       lambda c: c.create_user(UserName='a+b=c,d@e', Tags=[{'Key': 'k ~%', 'Value': AWKWARD}]))
record('iam ListUsers with a path prefix (Query)', client('iam', 'http://localhost:4566'), 'iam',
       lambda c: c.list_users(PathPrefix='/a b~c/'))
record('sts GetCallerIdentity with a session token (Query)', client('sts', 'http://localhost:4566', TOKEN), 'sts',
       lambda c: c.get_caller_identity())
# generate_presigned_url signs the operation's own method (POST for STS) unless told otherwise;
# callers that send the URL as a GET (EKS-style identity proofs) pass HttpMethod='GET'.
for token, method in ((None, None), (TOKEN, 'GET')):
    url = client('sts', 'http://localhost:4566', token).generate_presigned_url('get_caller_identity', ExpiresIn=900, HttpMethod=method)
    parts = urlsplit(url)
    records.append({'name': 'sts GetCallerIdentity presigned URL, ' + (method or 'POST') + (' with a session token' if token else ''), 'service': 'sts',
        'method': method or 'POST', 'rawUrl': parts.path + '?' + parts.query, 'rawHeaders': ['Host', parts.netloc], 'bodyBase64': ''})
json.dump({'recordedWith': 'botocore ' + botocore.__version__, 'signedAt': '2024-03-09T23:59:30Z', 'records': records}, sys.stdout, indent=1, ensure_ascii=False)
