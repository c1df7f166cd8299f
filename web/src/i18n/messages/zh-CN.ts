/**
 * Chinese messages: the reference locale. en.ts must have exactly the same keys (the type checks it).
 * vue-i18n message syntax: `{name}` interpolates; avoid `@`, `|`, `{`, `}`, `$`, `%` as plain text.
 */
const zhCN = {
  app: {
    name: '全省一片云',
    tagline: '广东省政务云统一管理平台',
    simulatedBadge: '模拟数据 / SIMULATED DATA',
    simulatedHint: '当前显示的是模拟省份数据（种子 {seed}），不是真实节点数据',
    dataAsOf: '数据时间 {time}（北京时间）',
    refreshEvery: '每 {seconds} 秒自动刷新',
  },
  locale: {
    label: '语言',
    zh: '中文',
    en: 'English',
  },
  pages: {
    overview: { title: '资源总览' },
  },
  panel: {
    loading: '加载中…',
    refreshing: '刷新中',
    retry: '重试',
    noData: '无数据',
    showingLastGood: '以下为 {time} 成功获取的数据',
    updatedAt: '更新于 {time}',
  },
  errors: {
    GCC_ERR_WEB_NETWORK: '无法连接服务器',
    GCC_ERR_WEB_HTTP: '服务器返回错误',
    GCC_ERR_WEB_GRAPHQL: '查询失败',
    GCC_ERR_WEB_BAD_RESPONSE: '服务器响应格式不正确',
  },
  province: {
    heading: '全省 vCPU 总量',
    total: '总量',
    allocated: '已分配',
    used: '已使用',
    allocationRate: '分配率 {rate}',
    utilization: '使用率 {rate}',
    nodeCount: '{count} 个节点',
    asOf: '最新样本 {time}',
    target: '省级平台目标：{target} vCPU（{due} 前）',
    targetProgress: '省级平台当前 {value} vCPU，达成 {rate}',
  },
  stale: {
    title: '数据陈旧',
    summary: '{count} 个节点超过 {minutes} 分钟无新样本',
    asOf: '最新样本时间 {time}',
  },
  chart: {
    heading: '各节点 vCPU',
    total: '总量',
    allocated: '已分配',
    used: '已使用',
    stale: '数据陈旧',
    empty: '暂无节点数据',
    groups: {
      provincial: '省级节点',
      city: '地市节点（省建）',
      prd: '珠三角自建政务云',
    },
  },
};

export type MessageSchema = typeof zhCN;
export default zhCN;
