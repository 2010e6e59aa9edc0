// What a number column gives back for a number written to it: SQLite keeps no negative zero (sql.js binds
// -0 as the integer 0). Lets a write path return what a re-read would, without the re-read.
export function storedNumber(x: number): number {
  return x === 0 ? 0 : x;
}
