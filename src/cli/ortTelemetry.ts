/**
 * ONNX Runtime 1.30's Linux build sends usage telemetry (1DS, to Microsoft) and leaves an empty
 * /tmp/mat-debug-<pid>.log behind, unless ORT_DISABLE_TELEMETRY is set before its first session
 * (read in its telemetry_1ds setup, onnxruntime/core/platform). Nothing may leave the machine
 * unless the user names a Hub model: every Node entry that creates sessions calls this first. A
 * value the user set is kept.
 */
export function disableOrtTelemetry(): void {
  if (!process.env.ORT_DISABLE_TELEMETRY) process.env.ORT_DISABLE_TELEMETRY = '1';
}
