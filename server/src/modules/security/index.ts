/** What other packages (benchmarks, tools) use of security ingestion. */
export { createIngestToken, hashToken } from './ingest-tokens.ts';
export { parseSyslog5424, SyslogParseError, type SyslogMessage } from './syslog-parser.ts';
