import type { MessageSchema } from './zh-CN.ts';

const en: MessageSchema = {
  app: {
    name: 'One Cloud for Guangdong',
    tagline: 'Government cloud console',
    simulatedBadge: '模拟数据 / SIMULATED DATA',
    simulatedHint: 'Showing a simulated province (seed {seed}), not data from real nodes',
    dataAsOf: 'Data as of {time} (China time)',
    refreshEvery: 'Refreshes every {seconds} s',
  },
  locale: {
    label: 'Language',
    zh: '中文',
    en: 'English',
  },
  pages: {
    overview: { title: 'Resource overview' },
  },
  panel: {
    loading: 'Loading…',
    refreshing: 'Refreshing',
    retry: 'Retry',
    noData: 'No data',
    showingLastGood: 'Showing the data fetched at {time}',
    updatedAt: 'Updated {time}',
  },
  errors: {
    GCC_ERR_WEB_NETWORK: 'The server cannot be reached',
    GCC_ERR_WEB_HTTP: 'The server answered with an error',
    GCC_ERR_WEB_GRAPHQL: 'The query failed',
    GCC_ERR_WEB_BAD_RESPONSE: 'The server answered in an unexpected format',
  },
  province: {
    heading: 'Province-wide vCPU',
    total: 'Total',
    allocated: 'Allocated',
    used: 'Used',
    allocationRate: 'Allocation {rate}',
    utilization: 'Utilization {rate}',
    nodeCount: 'Nodes: {count}',
    asOf: 'Newest sample {time}',
    target: 'Provincial node target: {target} vCPU by {due}',
    targetProgress: 'Provincial node now {value} vCPU, {rate} of target',
  },
  stale: {
    title: 'Stale data',
    summary: '{count} node(s) without a sample for over {minutes} min',
    asOf: 'Newest sample {time}',
  },
  chart: {
    heading: 'vCPU by node',
    total: 'Total',
    allocated: 'Allocated',
    used: 'Used',
    stale: 'stale',
    empty: 'No node data yet',
    groups: {
      provincial: 'Provincial',
      city: 'City nodes (province-built)',
      prd: 'Pearl River Delta clouds',
    },
  },
};

export default en;
