/** The simulated security operations platforms of the demo province. */
export { simulatedPlatforms, SILENT_PLATFORM_NODE, SYSLOG_NODES, type SimPlatform, type PlatformTransport } from './plan.ts';
export { createEventStream, type SimEvent, type EventStream } from './event-stream.ts';
export { formatSyslog5424, octetCounted } from './syslog-format.ts';
export { runSimulatedPlatforms, type PlatformCredential, type PlatformsOptions } from './platforms.ts';
