-- CreateEnum
CREATE TYPE "ResourceRequestStatus" AS ENUM ('PENDING', 'PLACED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "SchedulingMoveKind" AS ENUM ('QUOTA_TRANSFER', 'PLACEMENT', 'MIGRATION');

-- CreateEnum
CREATE TYPE "SchedulingOrderStatus" AS ENUM ('PROPOSED', 'APPROVED', 'EXECUTING', 'DONE', 'FAILED', 'ROLLED_BACK', 'REJECTED');

-- CreateTable
CREATE TABLE "ResourceRequest" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "departmentCode" TEXT,
    "regionCode" TEXT NOT NULL,
    "arch" "CpuArch" NOT NULL,
    "vcpu" INTEGER NOT NULL,
    "memoryBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dataResidency" BOOLEAN NOT NULL DEFAULT false,
    "status" "ResourceRequestStatus" NOT NULL DEFAULT 'PENDING',
    "placedNodeId" TEXT,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResourceRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulingWorkload" (
    "systemCode" TEXT NOT NULL,
    "nodeId" TEXT NOT NULL,
    "arch" "CpuArch" NOT NULL,
    "vcpu" INTEGER NOT NULL,
    "memoryBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "dataResidency" BOOLEAN NOT NULL DEFAULT false,
    "regionCode" TEXT NOT NULL,
    "simulated" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SchedulingWorkload_pkey" PRIMARY KEY ("systemCode")
);

-- CreateTable
CREATE TABLE "SchedulingOrder" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "SchedulingMoveKind" NOT NULL,
    "status" "SchedulingOrderStatus" NOT NULL DEFAULT 'PROPOSED',
    "fromNodeId" TEXT,
    "toNodeId" TEXT NOT NULL,
    "arch" "CpuArch" NOT NULL,
    "vcpu" INTEGER NOT NULL,
    "memoryBytes" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "requestId" TEXT,
    "systemCode" TEXT,
    "explanationZh" TEXT NOT NULL,
    "explanationEn" TEXT NOT NULL,
    "figures" JSONB NOT NULL,
    "baseline" JSONB,
    "reason" TEXT,
    "proposedBy" TEXT NOT NULL,
    "proposedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedBy" TEXT,
    "approvedAt" TIMESTAMPTZ(3),
    "executedBy" TEXT,
    "executedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SchedulingOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SchedulingOrderEvent" (
    "id" BIGSERIAL NOT NULL,
    "orderId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "from" "SchedulingOrderStatus",
    "to" "SchedulingOrderStatus" NOT NULL,
    "note" TEXT,

    CONSTRAINT "SchedulingOrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ResourceRequest_code_key" ON "ResourceRequest"("code");

-- CreateIndex
CREATE INDEX "ResourceRequest_status_idx" ON "ResourceRequest"("status");

-- CreateIndex
CREATE INDEX "SchedulingWorkload_nodeId_idx" ON "SchedulingWorkload"("nodeId");

-- CreateIndex
CREATE UNIQUE INDEX "SchedulingOrder_code_key" ON "SchedulingOrder"("code");

-- CreateIndex
CREATE INDEX "SchedulingOrder_status_idx" ON "SchedulingOrder"("status");

-- CreateIndex
CREATE INDEX "SchedulingOrder_toNodeId_status_idx" ON "SchedulingOrder"("toNodeId", "status");

-- CreateIndex
CREATE INDEX "SchedulingOrder_fromNodeId_status_idx" ON "SchedulingOrder"("fromNodeId", "status");

-- CreateIndex
CREATE INDEX "SchedulingOrderEvent_orderId_at_idx" ON "SchedulingOrderEvent"("orderId", "at");

-- AddForeignKey
ALTER TABLE "SchedulingOrderEvent" ADD CONSTRAINT "SchedulingOrderEvent_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "SchedulingOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

