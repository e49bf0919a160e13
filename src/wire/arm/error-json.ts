/** The ARM error body every client reads (`error.code`, `error.message`). */
export function formatArmError(code: string, message: string): string {
  return JSON.stringify({ error: { code, message } });
}
