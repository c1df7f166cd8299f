/** TypeScript views of the docking API's schemas (collectors/docking-api/openapi.v1.json), valid only after contract.ts checked a body. */
export interface DockingToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

export interface DockingMeasures {
  total: number;
  allocated: number;
  used: number | null;
  physical?: number;
}

export interface DockingDataCentre {
  code: string;
  vcpu: DockingMeasures;
  memoryMiB: DockingMeasures;
  storageGiB: DockingMeasures;
}

export interface DockingCapacity {
  apiVersion: string;
  generatedAt: string;
  platform: { vendor: string; product: string; version?: string };
  dataCentres: DockingDataCentre[];
}

export interface DockingSystemUsage {
  systemCode: string;
  projectId: string;
  projectName?: string;
  dataCentre: string;
  vcpu: number;
  memoryMiB: number;
  storageGiB: number;
}

export interface DockingSystemsPage {
  items: DockingSystemUsage[];
  page: number;
  pageSize: number;
  total: number;
}

export interface DockingProblem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
}
