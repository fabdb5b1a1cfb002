// storctl's exit statuses, documented in README.md: scripts branch on these, not on wording.
export const EXIT = {
  /** Done; nothing found (diagnose: no crash in the inputs). */
  ok: 0,
  /** diagnose: crashes found (the report is still printed in full). */
  crashesFound: 1,
  /** rules lint / rules test: the library has problems (listed on stdout). */
  problemsFound: 1,
  /** The command line was wrong: unknown flag, missing argument. */
  usage: 2,
  /** An input could not be read: missing, unreadable, binary, corrupt .gz, empty directory. */
  input: 3,
  /** The reference cluster could not start, is not running, or a node did not get healthy. */
  cluster: 4,
  /** storctl itself failed: a bug, reported with a request to file it. */
  bug: 70,
} as const
