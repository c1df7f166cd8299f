/**
 * A report snapshot as an Excel workbook (exceljs): every figure a number cell with a number
 * format (rates as 0.0%, counts as #,##0, days as dates), never text, so readers can compute with
 * them. Headers are bilingual; one sheet per section, plus the formulas and the notes.
 */
import type { CityReportRow, ReportSnapshot } from '@gcc/domain';
import ExcelJS from 'exceljs';

const PCT = '0.0%';
const INT = '#,##0';
const DATE = 'yyyy-mm-dd';

const STATUS: Record<string, string> = { 'on-track': '按期 On track', 'at-risk': '有风险 At risk', met: '达标 Met', missed: '未达标 Missed' };
const SCOPE: Record<string, string> = { evaluated: '评估 Evaluated', 'display-only': '仅展示 Display only', 'not-live': '未上线 Not live', provincial: '省级 Provincial' };
const STATE: Record<string, string> = { live: '已上线 Live', planned: '建设中 Planned', none: '无节点 No node' };

const day = (iso: string | null) => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);
const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export interface XlsxMeta {
  contentHash: string;
  /** e.g. "通报 TB-440000-2026-10 第 1 版（已发布）"; absent for a plain run. */
  label?: string;
}

interface Column {
  header: string;
  key: string;
  width: number;
  numFmt?: string;
}

function table(ws: ExcelJS.Worksheet, columns: Column[], rows: Record<string, unknown>[]): void {
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: 'middle' };
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }];
  for (const r of rows) ws.addRow(r);
}

const cityColumns: Column[] = [
  { header: '行政区划代码 Code', key: 'code', width: 10 },
  { header: '城市 City', key: 'name', width: 14 },
  { header: '类别 Group', key: 'group', width: 12 },
  { header: '节点 Node', key: 'node', width: 16 },
  { header: '建设状态 Construction', key: 'state', width: 14 },
  { header: '上线日期 Go-live', key: 'goLive', width: 12, numFmt: DATE },
  { header: '计划上线 Planned go-live', key: 'plannedGoLive', width: 12, numFmt: DATE },
  { header: '对接日期 Docked', key: 'docked', width: 12, numFmt: DATE },
  { header: '资源互通 Interconnected', key: 'interconnect', width: 12, numFmt: DATE },
  { header: '评估范围 Scope', key: 'scope', width: 14 },
  { header: '评估期限 Deadline', key: 'deadline', width: 12, numFmt: DATE },
  { header: '剩余天数 Days left', key: 'daysLeft', width: 9, numFmt: INT },
  { header: '评估结论 Status', key: 'status', width: 14 },
  { header: '迁移上云率 Migration rate', key: 'migration', width: 11, numFmt: PCT },
  { header: '期初 At start', key: 'migrationStart', width: 10, numFmt: PCT },
  { header: '期内变化 Change', key: 'migrationChange', width: 10, numFmt: PCT },
  { header: '期限时 At deadline', key: 'migrationAtDeadline', width: 10, numFmt: PCT },
  { header: '预测 Projected', key: 'migrationProjected', width: 10, numFmt: PCT },
  { header: '目标 Target', key: 'migrationTarget', width: 9, numFmt: PCT },
  { header: '迁移排名 Rank', key: 'migrationRank', width: 8, numFmt: INT },
  { header: '登记系统 Registered', key: 'registered', width: 10, numFmt: INT },
  { header: '纳入统计 In scope', key: 'inScope', width: 10, numFmt: INT },
  { header: '已上云 On cloud', key: 'onCloud', width: 10, numFmt: INT },
  { header: '迁移差距 Migration gap', key: 'migrationGap', width: 24 },
  { header: '资源使用率 Usage rate', key: 'usage', width: 11, numFmt: PCT },
  { header: '期初 At start', key: 'usageStart', width: 10, numFmt: PCT },
  { header: '期内变化 Change', key: 'usageChange', width: 10, numFmt: PCT },
  { header: '期限时 At deadline', key: 'usageAtDeadline', width: 10, numFmt: PCT },
  { header: '预测 Projected', key: 'usageProjected', width: 10, numFmt: PCT },
  { header: '目标 Target', key: 'usageTarget', width: 9, numFmt: PCT },
  { header: '使用率排名 Rank', key: 'usageRank', width: 8, numFmt: INT },
  { header: 'vCPU 分配率', key: 'vcpuRatio', width: 10, numFmt: PCT },
  { header: '内存分配率 Memory', key: 'memoryRatio', width: 10, numFmt: PCT },
  { header: '存储分配率 Storage', key: 'storageRatio', width: 10, numFmt: PCT },
  { header: '实际使用率 Utilization', key: 'utilization', width: 11, numFmt: PCT },
  { header: 'vCPU 总量 Total', key: 'vcpuTotal', width: 11, numFmt: INT },
  { header: 'vCPU 已分配 Allocated', key: 'vcpuAllocated', width: 11, numFmt: INT },
  { header: 'vCPU 已使用 Used', key: 'vcpuUsed', width: 11, numFmt: INT },
  { header: '使用率差距 Usage gap', key: 'usageGap', width: 30 },
];

function cityRow(c: CityReportRow, targets: { migration: number; usage: number }): Record<string, unknown> {
  return {
    code: c.code,
    name: `${c.nameZh} ${c.nameEn}`,
    group: c.group === 'prd' ? '珠三角 PRD' : '省建 Province-built',
    node: c.nodeId,
    state: STATE[c.construction.state],
    goLive: day(c.construction.goLiveDate),
    plannedGoLive: day(c.construction.plannedGoLiveDate),
    docked: day(c.construction.dockingDate),
    interconnect: day(c.construction.interconnectDate),
    scope: SCOPE[c.scope],
    deadline: day(c.deadline),
    daysLeft: c.daysLeft,
    status: c.status ? STATUS[c.status] : null,
    migration: c.migration.value,
    migrationStart: c.migration.atStart,
    migrationChange: diff(c.migration.value, c.migration.atStart),
    migrationAtDeadline: c.migration.atDeadline,
    migrationProjected: c.migration.projected,
    migrationTarget: targets.migration,
    migrationRank: c.migration.rank,
    registered: c.migration.registered,
    inScope: c.migration.inScope,
    onCloud: c.migration.onCloud,
    migrationGap: c.migration.gap?.zh ?? null,
    usage: c.usage.value,
    usageStart: c.usage.atStart,
    usageChange: diff(c.usage.value, c.usage.atStart),
    usageAtDeadline: c.usage.atDeadline,
    usageProjected: c.usage.projected,
    usageTarget: targets.usage,
    usageRank: c.usage.rank,
    vcpuRatio: c.usage.vcpu,
    memoryRatio: c.usage.memory,
    storageRatio: c.usage.storage,
    utilization: c.usage.utilization,
    vcpuTotal: c.vcpu.total,
    vcpuAllocated: c.vcpu.allocated,
    vcpuUsed: c.vcpu.used,
    usageGap: c.usage.gap?.zh ?? null,
  };
}

export async function reportWorkbook(s: ReportSnapshot, meta: XlsxMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '全省一片云 Console';
  wb.created = new Date(s.generatedAt);
  wb.title = s.title.zh;

  const summary = wb.addWorksheet('概况 Summary');
  summary.columns = [{ width: 28 }, { width: 60 }];
  const kv: [string, unknown, string?][] = [
    ['报告 Report', `${s.title.zh} / ${s.title.en}`],
    ['地区 Region', `${s.region.nameZh} ${s.region.nameEn} (${s.region.code})`],
    ['报告期 Period', `${s.period.label.zh} / ${s.period.label.en}`],
    ['期初 Start', new Date(s.period.start), 'yyyy-mm-dd hh:mm'],
    ['期末 End', new Date(s.period.end), 'yyyy-mm-dd hh:mm'],
    ['数据时点 As of (UTC)', new Date(s.asOf), 'yyyy-mm-dd hh:mm'],
    ['生成时间 Generated (UTC)', new Date(s.generatedAt), 'yyyy-mm-dd hh:mm'],
    ['内容哈希 SHA-256', meta.contentHash],
    ...(meta.label ? ([['文件 Document', meta.label]] as [string, unknown][]) : []),
    ['数据性质 Data', s.simulated ? '模拟数据 SIMULATED — not real figures' : '采集数据 Collected'],
  ];
  const e = s.evaluation;
  if (e) {
    kv.push(
      ['迁移上云率 Migration rate', e.province.migration, PCT],
      ['资源使用率 Usage rate', e.province.usage, PCT],
      ['实际使用率 Utilization', e.province.utilization, PCT],
      ['迁移目标 Migration target', e.targets.migration, PCT],
      ['使用率目标 Usage target', e.targets.usage, PCT],
      ['登记系统 Registered systems', e.province.registered, INT],
      ['纳入统计 In scope', e.province.inScope, INT],
      ['已上云 On cloud', e.province.onCloud, INT],
      ['vCPU 总量 Total', e.province.vcpu.total, INT],
      ['vCPU 已分配 Allocated', e.province.vcpu.allocated, INT],
      ['vCPU 已使用 Used', e.province.vcpu.used, INT],
      ['参评城市 Cities evaluated', e.province.citiesEvaluated, INT],
      ['达标或按期 Met or on track', e.province.citiesPassing, INT],
      ['未达标或有风险 Missed or at risk', e.province.citiesFailing, INT],
    );
  }
  for (const [k, v, fmt] of kv) {
    const row = summary.addRow([k, v ?? null]);
    row.getCell(1).font = { bold: true };
    if (fmt) row.getCell(2).numFmt = fmt;
    row.getCell(2).alignment = { horizontal: 'left', wrapText: true };
  }
  summary.addRow([]);
  summary.addRow(['说明 Notes']).font = { bold: true };
  if (!s.notes.length) summary.addRow(['', '无 None']);
  for (const n of s.notes) summary.addRow([n.subject ?? '', `${n.zh}\n${n.en}`]).alignment = { wrapText: true, vertical: 'top' };

  if (e) {
    table(wb.addWorksheet('城市 Cities'), cityColumns, e.cities.map((c) => cityRow(c, e.targets)));

    if (e.milestones.length) {
      table(
        wb.addWorksheet('里程碑 Plan vs actual'),
        [
          { header: '编号 Code', key: 'code', width: 22 },
          { header: '里程碑 Milestone', key: 'title', width: 48 },
          { header: '单位 Unit', key: 'unit', width: 9 },
          { header: '计划值 Planned', key: 'planned', width: 11, numFmt: '#,##0.###' },
          { header: '期限 Due', key: 'due', width: 12, numFmt: DATE },
          { header: '期限时实际 Actual at due', key: 'atDue', width: 12, numFmt: '#,##0.###' },
          { header: '当前实际 Actual now', key: 'now', width: 12, numFmt: '#,##0.###' },
          { header: '达成日期 Achieved on', key: 'achieved', width: 12, numFmt: DATE },
          { header: '结论 Status', key: 'status', width: 14 },
        ],
        e.milestones.map((m) => ({
          code: m.code, title: `${m.titleZh}\n${m.titleEn}`, unit: m.unit, planned: m.plannedValue, due: day(m.dueDate),
          atDue: m.actualAtDue, now: m.actualNow, achieved: day(m.achievedOn), status: m.status ? STATUS[m.status] : null,
        })),
      );
    }

    const codes = Object.keys(e.trend.cities);
    const trend = wb.addWorksheet('趋势 Trend');
    const trendCols: Column[] = [
      { header: '时点 Instant (UTC)', key: 't', width: 18, numFmt: 'yyyy-mm-dd hh:mm' },
      { header: '迁移上云率 Migration', key: 'm', width: 12, numFmt: PCT },
      { header: '资源使用率 Usage', key: 'u', width: 12, numFmt: PCT },
      ...codes.flatMap((c) => {
        const name = e.cities.find((x) => x.code === c)?.nameZh ?? c;
        return [
          { header: `${name} 迁移`, key: `m${c}`, width: 10, numFmt: PCT },
          { header: `${name} 使用率`, key: `u${c}`, width: 10, numFmt: PCT },
        ];
      }),
    ];
    table(
      trend,
      trendCols,
      e.trend.t.map((t, i) => ({
        t: new Date(t), m: e.trend.migration[i], u: e.trend.usage[i],
        ...Object.fromEntries(codes.flatMap((c) => [[`m${c}`, e.trend.cities[c]!.migration[i]], [`u${c}`, e.trend.cities[c]!.usage[i]]])),
      })),
    );
  }

  const p = s.providers;
  if (p) {
    table(
      wb.addWorksheet('服务商考核 Providers'),
      [
        { header: '服务商 Provider', key: 'id', width: 16 },
        { header: '名称 Name', key: 'name', width: 30 },
        { header: '负责节点 Nodes', key: 'nodes', width: 30 },
        { header: '可用率 Availability', key: 'availability', width: 12, numFmt: '0.000%' },
        { header: '不可用分钟 Downtime (min)', key: 'downtime', width: 12, numFmt: INT },
        { header: '考核分钟 Assessed (min)', key: 'assessed', width: 12, numFmt: INT },
        { header: '响应及时率 Responsiveness', key: 'responsiveness', width: 12, numFmt: PCT },
        { header: '故障数 Incidents', key: 'incidents', width: 9, numFmt: INT },
        { header: '及时 On time', key: 'onTime', width: 9, numFmt: INT },
        { header: '平均响应分钟 Mean response (min)', key: 'meanResponse', width: 12, numFmt: '0.0' },
        { header: '满意度 Satisfaction', key: 'satisfaction', width: 12, numFmt: PCT },
        { header: '评分数 Scores', key: 'scores', width: 9, numFmt: INT },
        { header: '考核得分 Score', key: 'score', width: 10, numFmt: '0.00' },
        { header: '结算系数 Coefficient', key: 'coefficient', width: 10, numFmt: '0.00' },
      ],
      p.providers.map((r) => ({
        id: r.providerId, name: `${r.nameZh}${r.nameEn ? ` ${r.nameEn}` : ''}`, nodes: r.nodeIds.join(', '), availability: r.availability,
        downtime: r.downtimeMinutes, assessed: r.assessedMinutes, responsiveness: r.responsiveness, incidents: r.incidents, onTime: r.incidentsOnTime,
        meanResponse: r.meanResponseMinutes, satisfaction: r.satisfaction, scores: r.satisfactionScores, score: r.score, coefficient: r.coefficient,
      })),
    );
    const w = wb.addWorksheet('权重 Weights');
    w.columns = [{ width: 30 }, { width: 14 }];
    w.addRow(['权重 Weight', '值 Value']).font = { bold: true };
    for (const [k, v] of Object.entries(p.weights)) w.addRow([k, v]).getCell(2).numFmt = '0.00';
    w.addRow([]);
    w.addRow(['最低得分 Min score', '结算系数 Coefficient']).font = { bold: true };
    for (const b of p.bands) {
      const row = w.addRow([b.minScore, b.coefficient]);
      row.getCell(2).numFmt = '0.00';
    }
  }

  const f = wb.addWorksheet('公式 Formulas');
  f.columns = [{ header: '编号 Code', key: 'code', width: 22 }, { header: '公式', key: 'zh', width: 80 }, { header: 'Formula', key: 'en', width: 80 }];
  f.getRow(1).font = { bold: true };
  for (const x of s.formulas) f.addRow(x).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
