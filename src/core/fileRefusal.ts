/**
 * A file the reader refuses to read (outside the folder being tested, not a regular file, too large): thrown by
 * a `ReadFile`, its `why` is shown to the user; any other rejection reads as "not found".
 */
export class FileRefusal extends Error {
  constructor(readonly why: string, readonly file: string) {
    super(`${why}: ${file}`);
  }
}
