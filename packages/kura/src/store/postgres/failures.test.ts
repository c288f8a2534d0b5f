import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { StoreUnavailableError } from '../unavailable.js';
import { asStoreFailure, describeFailure, isUnavailability, isWorthReconnecting } from './failures.js';

/** An error as the pg driver reports a server's ErrorResponse. */
function serverError(code: string, message = 'server says no'): Error {
  const error = new pg.DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

function socketError(code: string, message = `connect ${code} 127.0.0.1:5432`): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

describe('which pg failures mean PostgreSQL cannot serve', () => {
  it('socket failures: refused, reset, timed out, unreachable, no such host', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']) {
      assert.equal(isUnavailability(socketError(code)), true, code);
    }
  });

  it('a server shutting down, starting up, out of connections, timed out or read-only', () => {
    for (const code of ['57P01', '57P02', '57P03', '53300', '53200', '57014', '25P03', '25006', '08006', '08001', '28P01', '3D000']) {
      assert.equal(isUnavailability(serverError(code)), true, code);
    }
  });

  it('the driver’s own broken-connection and timeout messages', () => {
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Query read timeout',
      'timeout exceeded when trying to connect',
      'Client has encountered a connection error and is not queryable',
    ]) {
      assert.equal(isUnavailability(new Error(message)), true, message);
    }
  });

  it('a refused connection to a name with two addresses (AggregateError), and a wrapped cause', () => {
    assert.equal(isUnavailability(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], '')), true);
    assert.equal(isUnavailability(new Error('Connection failed', { cause: socketError('ECONNRESET') })), true);
  });

  it('not a statement’s own error: a syntax error, a unique violation, a deadlock, a value out of range', () => {
    for (const code of ['42601', '23505', '40P01', '40001', '22003', 'XX000']) assert.equal(isUnavailability(serverError(code)), false, code);
    assert.equal(isUnavailability(new Error('relation "parameters" does not exist')), false);
    assert.equal(isUnavailability(new RangeError('a page holds at least one event')), false);
    // A thrown non-Error, and an error whose code merely looks like a state of another kind.
    assert.equal(isUnavailability('ECONNREFUSED'), false);
    assert.equal(isUnavailability(Object.assign(new Error('x'), { code: 'ParameterNotFound' })), false);
  });
});

describe('which connection failures a waiting request connects again for', () => {
  it('a server that refuses or drops the attempt: restarting, failing over, out of slots', () => {
    for (const error of [
      socketError('ECONNREFUSED'),
      socketError('ECONNRESET'),
      serverError('57P03', 'the database system is starting up'),
      serverError('57P01'),
      serverError('53300', 'sorry, too many clients already'),
      new Error('Connection terminated unexpectedly'),
      new AggregateError([socketError('ECONNREFUSED')], ''),
    ]) {
      assert.equal(isWorthReconnecting(error), true, error.message);
    }
  });

  it('not a refused password, a missing database, or an attempt that already used its time', () => {
    for (const error of [
      serverError('28P01', 'password authentication failed for user "kura"'),
      serverError('3D000', 'database "kura" does not exist'),
      socketError('ETIMEDOUT'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      serverError('42601'),
    ]) {
      assert.equal(isWorthReconnecting(error), false, error.message);
    }
  });
});

describe('the store failure a request sees', () => {
  it('an unavailability becomes a StoreUnavailableError naming the cause, with the code when the text lacks it', () => {
    const cause = serverError('57P01', 'terminating connection due to administrator command');
    const failure = asStoreFailure(cause, undefined);
    assert.ok(failure instanceof StoreUnavailableError);
    assert.equal(failure.reason, 'terminating connection due to administrator command (57P01)');
    assert.equal(failure.message, 'the data store is unavailable: terminating connection due to administrator command (57P01)');
    assert.equal(failure.cause, cause);
    assert.equal(asStoreFailure(failure, undefined), failure, 'not wrapped twice');
  });

  it('anything else is passed on unchanged', () => {
    const bug = serverError('42601', 'syntax error at or near "SELEC"');
    assert.equal(asStoreFailure(bug, undefined), bug);
  });

  it('the password of the URL never appears in the reason, even if a message repeated it', () => {
    const error = socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.example s3cr%t-pw');
    const reason = describeFailure(error, 's3cr%t-pw');
    assert.equal(reason, 'getaddrinfo ENOTFOUND db.example ***');
    assert.ok(!(asStoreFailure(error, 's3cr%t-pw') as Error).message.includes('s3cr%t-pw'));
  });

  it('an AggregateError without a message is described by its errors, and reasons are kept short', () => {
    assert.equal(describeFailure(new AggregateError([socketError('ECONNREFUSED', 'connect ECONNREFUSED ::1:5432')], ''), undefined), 'connect ECONNREFUSED ::1:5432');
    assert.equal(describeFailure(new Error('x'.repeat(1000)), undefined).length, 300);
  });
});
