// The IAM generation (PolicyRepository.generation) as the SQLite repositories of principals,
// policies and sessions share it. When this process is the database's only writer, the value read
// is kept until the next write through any of the three (or the store's reset, which calls
// forget()): each write forgets it inside its batch, before the batch commits, so the next read
// after it reads again. Session writes never move the generation; they forget it all the same, as
// they did when the three were one repository.

import type { Backend, Connection } from './connection.js';
import { IDENTITY_READ_SQL } from './identity-sql.js';

export class IamGeneration {
  private known: number | undefined;

  constructor(private readonly backend: Backend) {}

  /** Queues an IAM write; the kept generation is forgotten as it runs. */
  write<T>(op: (c: Connection) => T): Promise<T> {
    return this.backend.write((c) => {
      this.known = undefined;
      return op(c);
    });
  }

  /** Forgets what was read; the next read() reads again. */
  forget(): void {
    this.known = undefined;
  }

  read(): Promise<number> {
    const { backend } = this;
    if (this.known !== undefined) return Promise.resolve(this.known);
    return backend.read((c) => {
      const value = c.column(IDENTITY_READ_SQL.generation).get() as number;
      if (backend.soleWriter) this.known = value;
      return value;
    });
  }
}
