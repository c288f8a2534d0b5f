// Against the real MariaDB of the reference design (127.0.0.1:3306, root without a password): every
// user and database here is created with a unique name and dropped afterwards.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import mysql from 'mysql2/promise';
import type { Connection, RowDataPacket } from 'mysql2/promise';
import { canLogIn, cloneUser, setOwnPassword, tryConnect } from './mysql-database.js';
import type { Login } from './mysql-secret.js';

const id = randomBytes(4).toString('hex');
const db = `krt_db_${id}`;
const users: string[] = [];
let root: Connection;

const login = (username: string, password: string, tls: Login['tls'] = { use: false, fallBack: false }): Login => ({
  host: '127.0.0.1',
  port: 3306,
  username,
  password,
  database: db,
  tls,
});

async function createUser(suffix: string, password: string, extra = ''): Promise<string> {
  const name = `krt_${id}_${suffix}`;
  users.push(name, `${name}_clone`);
  await root.query(`CREATE USER ?@'%' IDENTIFIED BY ? ${extra}`, [name, password]);
  return name;
}

async function grantsOf(user: string): Promise<string[]> {
  const [rows] = await root.query<RowDataPacket[]>(`SHOW GRANTS FOR ?@'%'`, [user]);
  // The grantee and its password hash differ by user; the privileges must not.
  return rows.map((row) => String(Object.values(row)[0]).replace(/ TO .*?(?= WITH GRANT OPTION|$)/, ' TO <user>')).sort();
}

before(async () => {
  root = await mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '' });
  await root.query(`CREATE DATABASE \`${db}\``);
  await root.query(`CREATE TABLE \`${db}\`.posts (id INT PRIMARY KEY, title TEXT)`);
  await root.query(`INSERT INTO \`${db}\`.posts VALUES (1, 'first')`);
});

after(async () => {
  for (const user of users) await root.query(`DROP USER IF EXISTS ?@'%'`, [user]);
  await root.query(`DROP DATABASE IF EXISTS \`${db}\``);
  await root.end();
});

describe('MySQL/MariaDB rotation, the database side', () => {
  it('tells a login that works from one that does not', async () => {
    const user = await createUser('login', 'Right-pass-1');
    await root.query(`GRANT SELECT ON \`${db}\`.* TO ?@'%'`, [user]);
    assert.equal(await canLogIn(login(user, 'Right-pass-1')), true);
    assert.equal(await canLogIn(login(user, 'wrong-pass')), false);
    assert.equal(await canLogIn({ ...login(user, 'Right-pass-1'), port: 1 }), false, 'nothing listening');
  });

  it('falls back to a plain connection only when the secret leaves TLS open', async () => {
    const user = await createUser('tls', 'Tls-pass-1');
    await root.query(`GRANT SELECT ON \`${db}\`.* TO ?@'%'`, [user]);
    const [[tls]] = await root.query<RowDataPacket[]>(`SHOW VARIABLES LIKE 'have_ssl'`);
    assert.equal(await canLogIn(login(user, 'Tls-pass-1', { use: true, fallBack: true })), true, 'no ssl key: TLS, then plain');
    if (tls?.Value !== 'YES') {
      // This server has no TLS: "ssl": true must not quietly become a plain connection.
      assert.equal(await tryConnect(login(user, 'Tls-pass-1', { use: true, fallBack: false })), undefined);
    }
  });

  it('single user: the user sets its own password; the old one stops working', async () => {
    const user = await createUser('single', 'Old-pass-1');
    await root.query(`GRANT SELECT ON \`${db}\`.* TO ?@'%'`, [user]);
    const connection = await tryConnect(login(user, 'Old-pass-1'));
    assert.ok(connection);
    try {
      await setOwnPassword(connection, `New'pass"\\1;--`);
    } finally {
      await connection.end();
    }
    assert.equal(await canLogIn(login(user, 'Old-pass-1')), false);
    assert.equal(await canLogIn(login(user, `New'pass"\\1;--`)), true);
  });

  it('alternating users: the clone gets the grants, TLS requirement and its own password', async () => {
    const user = await createUser('alt', 'App-pass-1');
    await root.query(`GRANT SELECT, INSERT ON \`${db}\`.* TO ?@'%'`, [user]);
    await root.query(`GRANT UPDATE (title) ON \`${db}\`.posts TO ?@'%' WITH GRANT OPTION`, [user]);
    await cloneUser(root, user, `${user}_clone`, 'Clone-pass-1');
    assert.deepEqual(await grantsOf(`${user}_clone`), await grantsOf(user));
    assert.equal(await canLogIn(login(`${user}_clone`, 'Clone-pass-1')), true);
    const clone = await tryConnect(login(`${user}_clone`, 'Clone-pass-1'));
    assert.ok(clone);
    try {
      const [rows] = await clone.query<RowDataPacket[]>('SELECT title FROM posts WHERE id = 1');
      assert.equal(rows[0]?.title, 'first');
    } finally {
      await clone.end();
    }
    assert.equal(await canLogIn(login(user, 'App-pass-1')), true, 'the original user is untouched');

    // The next rotation sets the existing clone's password again.
    await cloneUser(root, user, `${user}_clone`, 'Clone-pass-2');
    assert.equal(await canLogIn(login(`${user}_clone`, 'Clone-pass-1')), false);
    assert.equal(await canLogIn(login(`${user}_clone`, 'Clone-pass-2')), true);
    // And back: the clone's grants onto the original, with a new password for it.
    await cloneUser(root, `${user}_clone`, user, 'App-pass-2');
    assert.equal(await canLogIn(login(user, 'App-pass-1')), false);
    assert.equal(await canLogIn(login(user, 'App-pass-2')), true);
    assert.deepEqual(await grantsOf(user), await grantsOf(`${user}_clone`));
  });

  it('copies a TLS requirement to the clone', async () => {
    const user = await createUser('ssl', 'Ssl-pass-1', 'REQUIRE SSL');
    await cloneUser(root, user, `${user}_clone`, 'Clone-pass-1');
    const [[row]] = await root.query<RowDataPacket[]>(`SELECT ssl_type FROM mysql.user WHERE User = ?`, [`${user}_clone`]);
    assert.equal(row?.ssl_type, 'ANY');
  });

  it('refuses a user that does not exist or exists for several hosts', async () => {
    await assert.rejects(cloneUser(root, `krt_${id}_missing`, `krt_${id}_missing_clone`, 'x'), /does not exist/);
    const user = await createUser('hosts', 'Hosts-pass-1');
    await root.query(`CREATE USER ?@'localhost' IDENTIFIED BY 'x'`, [user]);
    try {
      await assert.rejects(cloneUser(root, user, `${user}_clone`, 'x'), /several hosts/);
    } finally {
      await root.query(`DROP USER ?@'localhost'`, [user]);
    }
  });
});
