/**
 * A student that cannot be loaded or scored as given: a file that is missing, damaged or not what it
 * claims, or a layout no path scores exactly. The message names the file, says what was found and
 * what to do; the CLI prints it as one line (exit 2) and the app as the load error.
 */
export class StudentError extends Error {
  constructor(
    message: string,
    /**
     * 'refused': the layout cannot be scored exactly; 'device': not on this device (WebGPU), though
     * another (WASM, the CLI) scores it exactly; 'file': a file could not be read as needed.
     */
    readonly kind: 'refused' | 'device' | 'file' = 'file',
  ) {
    super(message);
    this.name = 'StudentError';
  }
}
