// A stand-in for the console's Vite build, for the server's tests (server/testing/console/): the shape of
// the real output (index.html linking hashed modules and styles under assets/), with text long enough to
// be worth compressing.
export const fixture = {
  name: 'kura-console-fixture',
  note: 'The real console is built from packages/console by Vite; this file only has to look like one of its chunks.',
  repeated: ['parameters', 'secrets', 'keys', 'users', 'roles', 'policies', 'audit', 'parameters', 'secrets', 'keys', 'users', 'roles', 'policies', 'audit'],
};
