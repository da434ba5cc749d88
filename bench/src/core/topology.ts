import { rng } from './rng.ts';

/** Who is in which room. Users and rooms are numbered from 0. */
export interface Topology {
  users: number;
  rooms: number;
  /** members[room] = user indices */
  members: number[][];
  /** roomsOf[user] = room indices */
  roomsOf: number[][];
}

/**
 * Builds a balanced topology: `perUser` layers, each a random permutation of the users cut
 * into `rooms` equal groups, so every user is in ~perUser rooms and every room has
 * ~users*perUser/rooms members. Deterministic for a given seed.
 */
export function topology(users: number, rooms: number, perUser: number, seed = 42): Topology {
  const members: Set<number>[] = Array.from({ length: rooms }, () => new Set<number>());
  const next = rng(seed);
  for (let layer = 0; layer < perUser; layer++) {
    const perm = Array.from({ length: users }, (_, i) => i);
    for (let i = perm.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    perm.forEach((u, i) => members[Math.floor((i * rooms) / users) % rooms]!.add(u));
  }
  const roomsOf: number[][] = Array.from({ length: users }, () => []);
  const list = members.map((s) => [...s].sort((a, b) => a - b));
  list.forEach((m, r) => m.forEach((u) => roomsOf[u]!.push(r)));
  return { users, rooms, members: list, roomsOf };
}

/** One room holding every user. */
export function singleRoom(users: number): Topology {
  const all = Array.from({ length: users }, (_, i) => i);
  return { users, rooms: 1, members: [all], roomsOf: all.map(() => [0]) };
}
