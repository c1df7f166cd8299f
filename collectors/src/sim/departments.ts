/** Simulated departments: real kinds of government department, one set per region. */
import { PROVINCE_CODE } from '@gcc/domain';
import type { Rng } from './prng.ts';

/** Department name stems; the city's or province's name is put in front. The first few exist everywhere. */
const CITY_STEMS = [
  '公安局', '人力资源和社会保障局', '教育局', '卫生健康局', '政务服务数据管理局', '自然资源局', '市场监督管理局',
  '民政局', '财政局', '住房和城乡建设局', '交通运输局', '生态环境局', '医疗保障局', '应急管理局', '农业农村局',
  '水务局', '商务局', '文化广电旅游体育局', '司法局', '审计局', '统计局', '发展和改革局', '工业和信息化局',
  '科学技术局', '城市管理和综合执法局', '退役军人事务局', '林业局', '档案馆', '气象局', '信访局', '人民防空办公室',
] as const;

const PROVINCE_STEMS = [
  '公安厅', '人力资源和社会保障厅', '教育厅', '卫生健康委员会', '政务服务和数据管理局', '自然资源厅', '市场监督管理局',
  '民政厅', '财政厅', '住房和城乡建设厅', '交通运输厅', '生态环境厅', '医疗保障局', '应急管理厅', '农业农村厅',
  '水利厅', '商务厅', '文化和旅游厅', '司法厅', '审计厅', '统计局', '发展和改革委员会', '工业和信息化厅',
  '科学技术厅', '林业局', '退役军人事务厅', '药品监督管理局', '体育局', '地方金融监督管理局', '档案馆', '气象局', '信访局',
] as const;

/** Always present; the rest are drawn by the seed. */
const CORE = 7;

export interface DepartmentDraft {
  code: string;
  nameZh: string;
  regionCode: string;
  /** Relative number of business systems the department runs. */
  weight: number;
}

export function draftDepartments(rng: Rng, regionCode: string, regionNameZh: string, count: number): DepartmentDraft[] {
  const stems = regionCode === PROVINCE_CODE ? PROVINCE_STEMS : CITY_STEMS;
  const n = Math.max(CORE, Math.min(count, stems.length));
  const chosen = [...stems.slice(0, CORE), ...rng.shuffle(stems.slice(CORE)).slice(0, n - CORE)];
  return chosen.map((stem, i) => ({
    code: `SIM-${regionCode}-D${String(i + 1).padStart(2, '0')}`,
    nameZh: `${regionNameZh}${stem}`,
    regionCode,
    weight: (i < 2 ? 2 : 1) * rng.between(0.5, 1.6),
  }));
}
