/** Structured JSON logs, one object a line (what CloudWatch Logs Insights and the Logs view read best). */
export function log(level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR', message: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ level, message, timestamp: new Date().toISOString(), ...fields }));
}
