-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'CITY');

-- CreateEnum
CREATE TYPE "NodeKind" AS ENUM ('PROVINCIAL', 'CITY', 'PRD');

-- CreateEnum
CREATE TYPE "CmpKind" AS ENUM ('OPENSTACK', 'VSPHERE', 'PROMETHEUS', 'DOCKING_API');

-- CreateEnum
CREATE TYPE "CpuArch" AS ENUM ('X86', 'KUNPENG', 'HYGON', 'PHYTIUM');

-- CreateEnum
CREATE TYPE "SystemStatus" AS ENUM ('PLANNED', 'MIGRATING', 'ON_CLOUD', 'EXEMPT', 'CLASSIFIED');

-- CreateEnum
CREATE TYPE "MilestoneUnit" AS ENUM ('VCPU', 'NODES', 'SYSTEMS', 'RATIO');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('PROVINCIAL_ADMIN', 'PROVINCIAL_VIEWER', 'CITY_ADMIN', 'CITY_VIEWER', 'OPERATOR', 'PROVIDER', 'KIOSK');

-- CreateTable
CREATE TABLE "Region" (
    "code" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "parentCode" TEXT,
    "isPrd" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "Region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Node" (
    "id" TEXT NOT NULL,
    "kind" "NodeKind" NOT NULL,
    "regionCode" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "goLiveDate" DATE,
    "plannedGoLiveDate" DATE,
    "dockingDate" DATE,
    "plannedDockingDate" DATE,
    "interconnectEnabled" BOOLEAN NOT NULL DEFAULT false,
    "interconnectDate" DATE,
    "securityPlatformDate" DATE,
    "networkRegion" TEXT,
    "cmpKind" "CmpKind" NOT NULL,
    "cmpEndpoint" TEXT NOT NULL,
    "cmpCredentialRef" TEXT NOT NULL,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Node_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataCentre" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,

    CONSTRAINT "DataCentre_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CpuPool" (
    "id" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "arch" "CpuArch" NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "CpuPool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Department" (
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,
    "regionCode" TEXT NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "BusinessSystem" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "nodeId" TEXT,
    "status" "SystemStatus" NOT NULL,
    "registeredAt" DATE NOT NULL,
    "migrationStartedAt" DATE,
    "onCloudAt" DATE,
    "excludedAt" DATE,
    "exclusionReason" TEXT,
    "cmpProjectId" TEXT,
    "simulated" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "BusinessSystem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemStatusChange" (
    "id" TEXT NOT NULL,
    "systemId" TEXT NOT NULL,
    "from" "SystemStatus",
    "to" "SystemStatus" NOT NULL,
    "at" DATE NOT NULL,
    "actor" TEXT,
    "note" TEXT,

    CONSTRAINT "SystemStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanMilestone" (
    "code" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "titleZh" TEXT NOT NULL,
    "titleEn" TEXT NOT NULL,
    "dueDate" DATE,
    "relativeMonths" INTEGER,
    "targetValue" DOUBLE PRECISION NOT NULL,
    "unit" "MilestoneUnit" NOT NULL,
    "nodeIds" TEXT[],
    "source" TEXT NOT NULL,

    CONSTRAINT "PlanMilestone_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "username" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "regionCode" TEXT,
    "departmentCode" TEXT,
    "providerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabledAt" TIMESTAMP(3),

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "readOnly" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Provider" (
    "id" TEXT NOT NULL,
    "nameZh" TEXT NOT NULL,
    "nameEn" TEXT,

    CONSTRAINT "Provider_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemMeta" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemMeta_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Region_slug_key" ON "Region"("slug");

-- CreateIndex
CREATE INDEX "Node_regionCode_idx" ON "Node"("regionCode");

-- CreateIndex
CREATE INDEX "DataCentre_nodeId_idx" ON "DataCentre"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "CpuPool_nodeId_arch_key" ON "CpuPool"("nodeId", "arch");

-- CreateIndex
CREATE INDEX "Department_regionCode_idx" ON "Department"("regionCode");

-- CreateIndex
CREATE UNIQUE INDEX "BusinessSystem_code_key" ON "BusinessSystem"("code");

-- CreateIndex
CREATE INDEX "BusinessSystem_regionCode_status_idx" ON "BusinessSystem"("regionCode", "status");

-- CreateIndex
CREATE INDEX "BusinessSystem_nodeId_idx" ON "BusinessSystem"("nodeId");

-- CreateIndex
CREATE INDEX "BusinessSystem_departmentCode_idx" ON "BusinessSystem"("departmentCode");

-- CreateIndex
CREATE INDEX "SystemStatusChange_systemId_at_idx" ON "SystemStatusChange"("systemId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "Region" ADD CONSTRAINT "Region_parentCode_fkey" FOREIGN KEY ("parentCode") REFERENCES "Region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Node" ADD CONSTRAINT "Node_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DataCentre" ADD CONSTRAINT "DataCentre_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CpuPool" ADD CONSTRAINT "CpuPool_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessSystem" ADD CONSTRAINT "BusinessSystem_departmentCode_fkey" FOREIGN KEY ("departmentCode") REFERENCES "Department"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessSystem" ADD CONSTRAINT "BusinessSystem_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BusinessSystem" ADD CONSTRAINT "BusinessSystem_nodeId_fkey" FOREIGN KEY ("nodeId") REFERENCES "Node"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SystemStatusChange" ADD CONSTRAINT "SystemStatusChange_systemId_fkey" FOREIGN KEY ("systemId") REFERENCES "BusinessSystem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_regionCode_fkey" FOREIGN KEY ("regionCode") REFERENCES "Region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_departmentCode_fkey" FOREIGN KEY ("departmentCode") REFERENCES "Department"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_providerId_fkey" FOREIGN KEY ("providerId") REFERENCES "Provider"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

