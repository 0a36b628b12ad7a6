/**
 * A mistake in how the CLI was called, or a run it must not start: one line and exit code 2,
 * then a pointer to --help — unless the usage is no help (another run holds the output).
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly isAboutUsage = true,
  ) {
    super(message);
  }
}
